"""The shared DOCX base: reopen what it writes and check the layout facts, then render it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from quyche.errors import OutputExists
from quyche.model.frontmatter import FrontMatter, SigningBlock
from quyche.render.docx import base
from tests.conftest import docx_to_pdf, pdf_pages, pdf_text

FM = FrontMatter(
    issuer="Đảng ủy phường An Hòa",
    superior="Đảng bộ tỉnh Khánh Hòa",
    number="Số: 01-QC/ĐU",
    place="An Hòa",
    date=dt.date(2026, 2, 5),
    signing=SigningBlock("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn An"),
    distribution=["Ban Thường vụ Tỉnh ủy (để báo cáo),", "Lưu Văn phòng Đảng ủy."],
)


def _build(path: Path, layout: base.PageLayout) -> None:
    doc = base.new_document(layout)
    base.add_party_header(doc, base.HeaderInfo.from_front_matter(FM), layout)
    base.add_document_title(doc, "Bảng so sánh", "Quy chế làm việc hiện hành và dự thảo",
                            note="(Kèm theo Tờ trình số 12-TTr/ĐU)", layout=layout)
    widths = (15.0, 110.0, 110.0, layout.text_width_mm - 235.0)
    table = base.fixed_table(doc, widths)
    base.header_row(table, ("STT", "Hiện hành", "Dự thảo", "Lý do"), widths, 13)
    for i in range(60):
        cells = base.add_row(table, widths)
        base.add_text(cells[0], str(i + 1))
        para = base.first_paragraph(cells[1])
        base.add_marked_runs(para, [("Thời hạn ", base.Mark.PLAIN), ("15 ngày", base.Mark.DELETED)], 13)
        para = base.first_paragraph(cells[2])
        base.add_marked_runs(para, [("Thời hạn ", base.Mark.PLAIN), ("10 ngày làm việc", base.Mark.INSERTED)], 13)
    base.add_closing(doc, FM.signing, FM.distribution, layout)
    base.add_page_numbers(doc, with_total=True)
    base.set_properties(doc, title="Bảng so sánh", issuer="Văn phòng Đảng ủy")
    base.save_docx(doc, path)


def test_layout_facts_survive_reopening(tmp_path: Path) -> None:
    out = tmp_path / "bang.docx"
    _build(out, base.LANDSCAPE_TABLE)
    doc = Document(str(out))
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (297, 210)
    normal_fonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert {normal_fonts.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    header, table, closing = doc.tables
    assert header.rows[0].cells[0].text.splitlines() == [
        "ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY PHƯỜNG AN HÒA", "*", "Số 01-QC/ĐU"]
    assert "An Hòa, ngày 05 tháng 02 năm 2026" in header.rows[0].cells[1].text
    first = table.rows[0]
    assert first._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    row = table.rows[1].cells
    struck = [r.text for r in row[1].paragraphs[0].runs if r.font.strike]
    bold = [r.text for r in row[2].paragraphs[0].runs if r.bold]
    assert struck == ["15 ngày"] and bold == ["10 ngày làm việc"]
    assert "T/M ĐẢNG ỦY" in closing.rows[0].cells[1].text
    assert doc.core_properties.title == "Bảng so sánh"


def test_refuses_to_overwrite_without_being_asked(tmp_path: Path) -> None:
    out = tmp_path / "bang.docx"
    out.write_bytes(b"hand-edited")
    with pytest.raises(OutputExists):
        _build(out, base.LANDSCAPE_TABLE)
    assert out.read_bytes() == b"hand-edited"
    assert list(tmp_path.iterdir()) == [out]


def test_place_date_and_number_forms() -> None:
    assert base.place_date("Hà Nội", dt.date(2025, 11, 3)) == "Hà Nội, ngày 03 tháng 11 năm 2025"
    assert base.place_date("Hà Nội", dt.date(2025, 1, 13)) == "Hà Nội, ngày 13 tháng 01 năm 2025"
    assert base.number_line("Số: 01-QC/ĐU") == base.number_line("01-QC/ĐU") == "Số 01-QC/ĐU"
    assert base.number_line("    -TTr/ĐU") == "Số       -TTr/ĐU"  # serial left blank to write in


@pytest.mark.slow
def test_renders_in_libreoffice(tmp_path: Path, soffice: str) -> None:
    out = tmp_path / "bang.docx"
    _build(out, base.LANDSCAPE_TABLE)
    pdf = docx_to_pdf(soffice, out, tmp_path)
    text = pdf_text(pdf)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "BẢNG SO SÁNH" in text
    assert "10 ngày làm việc" in text and "Nguyễn Văn An" in text
    pages = pdf_pages(pdf)
    assert 2 <= pages <= 6
    assert f"Trang {pages} / {pages}" in text


def test_property_children_follow_python_docx_schema_order() -> None:
    """pBdr goes before jc, lang after szCs, tblHeader after cantSplit: python-docx's sequences."""
    from docx.oxml.ns import qn
    from docx.oxml.table import CT_TrPr
    from docx.oxml.text.font import CT_RPr
    from docx.oxml.text.parfmt import CT_PPr

    from quyche.render.docx.order import child_sequence

    ppr = child_sequence(CT_PPr)
    assert ppr.index("w:pBdr") < ppr.index("w:shd") < ppr.index("w:jc") < ppr.index("w:sectPr")
    rpr = child_sequence(CT_RPr)
    assert rpr[:2] == ("w:rStyle", "w:rFonts") and rpr.index("w:szCs") < rpr.index("w:lang")
    assert child_sequence(CT_TrPr).index("w:cantSplit") < child_sequence(CT_TrPr).index("w:tblHeader")

    doc = base.new_document()
    para = base.add_text(doc, "x", align="center", space_after_pt=6)  # writes w:spacing and w:jc first
    base.rule_below(para, 20, 100)
    tags = [el.tag for el in para._p.pPr]
    assert tags.index(qn("w:pBdr")) < tags.index(qn("w:spacing")) < tags.index(qn("w:jc"))
    base.rule_below(para, 30, 100)  # again: still one border
    assert len(para._p.pPr.findall(qn("w:pBdr"))) == 1


# --- big tables: lxml copies must write what python-docx's own calls write -----------------

def _xml(element: object) -> bytes:
    from lxml import etree

    return etree.tostring(element)


@pytest.mark.parametrize("text", ["Điều 5. ", " bảo hiểm xã hội ", "a\tb", "dòng\rdòng", "x\ny", "\t", "", "  "])
@pytest.mark.parametrize("key", [dict(size_pt=13.0), dict(size_pt=13.0, bold=True), dict(size_pt=12.0, strike=True),
                                 dict(italic=True, underline=True)])
def test_append_run_writes_what_set_run_writes(text: str, key: dict) -> None:  # type: ignore[type-arg]
    doc = Document()
    ordinary = doc.add_paragraph()
    base.set_run(ordinary.add_run(text), **key)
    fast = doc.add_paragraph()
    base.append_run(fast._p, text, **key)
    assert _xml(fast._p) == _xml(ordinary._p)
    assert fast.text == text.replace("\r", "\n")


def test_fast_rows_write_what_python_docx_writes() -> None:
    widths = (14.0, 95.0, 95.0, 58.0)
    segments = [("Thời hạn ", base.Mark.PLAIN), ("15 ngày", base.Mark.DELETED), (" ", base.Mark.PLAIN),
                ("10 ngày làm việc", base.Mark.INSERTED)]
    ordinary = base.fixed_table(Document(), widths, rows=1)
    fast_table = base.fixed_table(Document(), widths, rows=1)
    fast = base.FastRows(fast_table, widths)
    for n in range(3):
        chapter = base.merge_row(base.add_row(ordinary, widths))
        para = base.first_paragraph(chapter)
        base.set_run(para.add_run(f"Chương {n + 1}"), size_pt=13, bold=True)
        base.align_paragraph(para, "left", 3)
        p = base.cell_paragraph(fast.add_merged(), True)
        base.paragraph_properties(p, "left", 3)
        base.append_run(p, f"Chương {n + 1}", size_pt=13, bold=True)

        cells = base.add_row(ordinary, widths)
        fast_cells = fast.add()
        for k, (cell, tc) in enumerate(zip(cells, fast_cells, strict=True)):
            for line in range(k):  # 0, 1, 2, 3 paragraphs
                para = base.first_paragraph(cell) if line == 0 else cell.add_paragraph()
                for text, mark in segments:  # python-docx's own calls, not the fast path
                    base.set_run(para.add_run(text), size_pt=13, bold=True if mark is base.Mark.INSERTED else None,
                                 strike=True if mark is base.Mark.DELETED else None)
                base.align_paragraph(para, "justify", 3)
                p = base.cell_paragraph(tc, line == 0)
                base.paragraph_properties(p, "justify", 3)
                base.append_marked_runs(p, segments, 13)
    assert len(fast_table.rows) == len(ordinary.rows) == 7
    assert _xml(fast_table._tbl) == _xml(ordinary._tbl)
    assert [c.text for r in fast_table.rows for c in r.cells] == [c.text for r in ordinary.rows for c in r.cells]
