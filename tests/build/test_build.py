"""`quyche build`: the full-text DOCX reopened with python-docx (styles, fonts, margins, header
cells, footer), import(build(x)) == x, and one LibreOffice conversion checked as a PDF."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from quyche.importer import import_file
from quyche.parse import parse_file
from quyche.parse.document import parse_text
from quyche.render.docx.fulltext import build_document, write_fulltext
from quyche.render.imported import render_import

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"


def markdown_of(path: Path) -> str:
    """The Markdown `quyche import` writes for `path`."""
    return render_import(import_file(path))


def _mm(length: int) -> float:
    return round(length / Mm(1), 1)


def test_example_round_trip(tmp_path: Path) -> None:
    out = write_fulltext(parse_file(EXAMPLE), tmp_path / "qc.docx")
    back = import_file(out)
    original = parse_text(EXAMPLE.read_text(encoding="utf-8"))
    assert back.regulation.front_matter == original.front_matter
    assert back.regulation.children == original.children  # ids {#bch} come back from bookmarks
    assert back.regulation.closing == original.closing
    # the Markdown differs at most in the quoting style of one YAML value
    assert render_import(back).replace("'", '"') == EXAMPLE.read_text(encoding="utf-8")


def test_corpus_round_trip_after_a_first_import(corpus: Path, tmp_path: Path) -> None:
    for path in sorted(corpus.glob("*.txt")):
        first = markdown_of(path)
        built = write_fulltext(parse_text(first), tmp_path / (path.stem + ".docx"))
        assert markdown_of(built) == first, path.name


def test_docx_layout_styles_fonts_header(tmp_path: Path) -> None:
    out = write_fulltext(parse_file(EXAMPLE), tmp_path / "qc.docx")
    doc = docx.Document(str(out))
    sec = doc.sections[0]
    assert (_mm(sec.page_width), _mm(sec.page_height)) == (210.0, 297.0)
    assert (_mm(sec.top_margin), _mm(sec.bottom_margin), _mm(sec.left_margin), _mm(sec.right_margin)) == (
        20.0, 20.0, 30.0, 15.0)
    # header table: bodies, star and number left; party line and place/date right
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY PHƯỜNG AN HÒA", "*", "Số 01-QC/ĐU"]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and right.paragraphs[0].runs[0].bold
    assert right.paragraphs[0]._p.find(qn("w:pPr")).find(qn("w:pBdr")) is not None  # the rule under it
    assert right.paragraphs[1].text == "An Hòa, ngày 15 tháng 7 năm 2025" and right.paragraphs[1].runs[0].italic
    # real heading styles: chapters Heading 1, articles Heading 2 (the navigation pane)
    by_style: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Heading 1"][0] == "Chương I\nNHỮNG QUY ĐỊNH CHUNG"
    assert len(by_style["Heading 1"]) == 4 and len(by_style["Heading 2"]) == 9
    assert by_style["Heading 2"][0] == "Điều 1. Phạm vi điều chỉnh và đối tượng áp dụng"
    h1 = doc.styles["Heading 1"]
    assert h1.element.find(qn("w:aliases")).get(qn("w:val")) == "Chương/Phụ lục"  # shown in Word
    assert doc.styles["Heading 2"].element.find(qn("w:aliases")).get(qn("w:val")) == "Điều"
    assert h1.font.bold and h1.font.name == "Times New Roman" and h1.font.size.pt == 14
    assert h1.paragraph_format.alignment == 1  # centred
    body = doc.styles["Quyche Body"]
    assert body.paragraph_format.alignment == 3 and body.paragraph_format.first_line_indent > 0  # justified
    fonts = body.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(s)) for s in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {"Times New Roman"}
    assert body.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    # closing: Nơi nhận left, signing right
    closing_left, closing_right = doc.tables[-1].rows[0].cells
    assert closing_left.paragraphs[0].text == "Nơi nhận:"
    assert [p.text for p in closing_right.paragraphs if p.text] == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn An"]
    # page numbers from the second page: a PAGE field in the footer, none on the first page
    assert sec.different_first_page_header_footer
    assert "PAGE" in sec.footer._element.xml
    assert "PAGE" not in sec.first_page_footer._element.xml


def test_draft_mark_and_layout_from_config(tmp_path: Path, cli: object) -> None:
    folder = tmp_path / "repo"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "qc.md")
    (folder / "quyche.yaml").write_text("layout:\n  left: 35\n  right: 20\n", encoding="utf-8")
    out = folder / "qc.docx"
    result = cli("build", str(folder / "qc.md"), "--docx", str(out), "--draft")  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    doc = docx.Document(str(out))
    sec = doc.sections[0]
    assert (_mm(sec.left_margin), _mm(sec.right_margin)) == (35.0, 20.0)
    today = dt.date.today()
    mark = f"DỰ THẢO ngày {today.day:02d}/{today.month:02d}/{today.year}"
    assert sec.header.paragraphs[0].text == mark and sec.first_page_header.paragraphs[0].text == mark
    # a draft carries blanks for the number and date it will be issued under, not the old ones
    left, right = (c.text for c in doc.tables[0].rows[0].cells)
    assert left.endswith("\nSố       -QC/ĐU") and "01-QC" not in left
    assert right.endswith(f"An Hòa, ngày      tháng      năm {today.year}") and "2025" not in right
    # the mark is in the page header, so importing the draft gives the text back unchanged
    assert import_file(out).regulation.children == parse_file(EXAMPLE).children
    # the round's date instead of today's
    result = cli("build", str(folder / "qc.md"), "--docx", str(out), "--force",  # type: ignore[operator]
                 "--draft-date", "2026-03-05")
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).sections[0].header.paragraphs[0].text == "DỰ THẢO ngày 05/03/2026"
    result = cli("build", str(folder / "qc.md"), "--docx", str(out), "--force",  # type: ignore[operator]
                 "--draft-date", "5/3/2026")
    assert result.exit_code == 2 and "năm-tháng-ngày" in result.output
    # no overwrite without --force
    result = cli("build", str(folder / "qc.md"), "--docx", str(out))  # type: ignore[operator]
    assert result.exit_code == 2 and "--force" in result.output


def test_state_number_and_signing_status_lines(corpus: Path) -> None:
    reg = import_file(next(corpus.glob("luat_can_bo_cong_chuc_2025*.txt"))).regulation
    doc = build_document(parse_text(markdown_of(next(corpus.glob("luat_can_bo_cong_chuc_2025*.txt")))))
    left = doc.tables[0].rows[0].cells[0]
    assert left.paragraphs[-1].text == "Luật số: 80/2025/QH15"
    right = doc.tables[-1].rows[0].cells[1]
    assert [p.text for p in right.paragraphs if p.text] == ["CHỦ TỊCH QUỐC HỘI", "(Đã ký)", "Trần Thanh Mẫn"]
    assert reg.front_matter is not None and reg.front_matter.signing is not None
    # "(Đã ký …)" after the last article is the closing block (parser), so it joins the signing block
    md = markdown_of(next(corpus.glob("xa_conghai*.txt")))
    doc = build_document(parse_text(md))
    assert [p.text for p in doc.tables[-1].rows[0].cells[1].paragraphs if p.text] == [
        "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "(Đã ký và đóng dấu)", "Vũ Thị Thùy Trang"]
    assert "(Đã ký" not in doc.paragraphs[-1].text


def test_pdf_needs_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: object) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice anywhere
    result = cli("build", str(EXAMPLE), "--docx", str(tmp_path / "a.docx"),  # type: ignore[operator]
                 "--pdf", str(tmp_path / "a.pdf"))
    assert result.exit_code == 2
    assert "LibreOffice" in result.output and not (tmp_path / "a.pdf").exists()


@pytest.mark.slow
def test_pdf_through_libreoffice(tmp_path: Path, soffice: str) -> None:
    from tests.conftest import pdf_pages, pdf_text, run_quyche

    out = tmp_path / "qc.docx"
    pdf = tmp_path / "qc.pdf"
    proc = run_quyche("build", str(EXAMPLE), "--docx", str(out), "--pdf", str(pdf))
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(pdf)
    for needle in ("ĐẢNG CỘNG SẢN VIỆT NAM", "ĐẢNG ỦY PHƯỜNG AN HÒA", "Số 01-QC/ĐU", "QUY CHẾ", "Chương I",
                   "NHỮNG QUY ĐỊNH CHUNG", "Điều 9. Hiệu lực thi hành", "Nơi nhận:", "T/M ĐẢNG ỦY",
                   "Nguyễn Văn An", "nhiệm kỳ 2025 - 2030"):
        assert needle in text, needle
    assert pdf_pages(pdf) == 2
    second = text.split("\f")[1]
    assert second.strip().endswith("2")  # the page number, from the second page on
    assert not text.split("\f")[0].strip().endswith("1")


@pytest.mark.slow
def test_import_after_libreoffice_rewrites_the_docx(tmp_path: Path, soffice: str) -> None:
    """A DOCX saved again by another program (LibreOffice's Word writer) still imports the same."""
    import subprocess

    out = write_fulltext(parse_file(EXAMPLE), tmp_path / "qc.docx")
    resaved = tmp_path / "resaved"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(resaved), str(out)],
                   check=True, capture_output=True, timeout=180)
    again = import_file(resaved / "qc.docx")
    assert render_import(again) == markdown_of(out)
    assert [a.id for a in again.regulation.articles()][:2] == ["pham-vi", "nguyen-tac"]
