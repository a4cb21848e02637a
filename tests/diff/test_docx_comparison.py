"""The comparison-table DOCX, reopened with python-docx and read cell by cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from tests.conftest import docx_to_pdf, pdf_pages, pdf_text
from tests.diff.conftest import NAME, V2

HEADINGS = ["STT", "Quy chế hiện hành", "Dự thảo sửa đổi, bổ sung", "Lý do, thuyết minh"]


def _table(path: Path) -> Any:
    doc = Document(str(path))
    tables = [t for t in doc.tables if t.rows and [c.text for c in t.rows[0].cells] == HEADINGS]
    assert len(tables) == 1
    return doc, tables[0]


def _rows(table: Any) -> list[list[Any]]:
    return [list(r.cells) for r in table.rows[1:]]


def _runs(cell: Any) -> list[Any]:
    return [r for p in cell.paragraphs for r in p.runs]


def _struck(cell: Any) -> list[str]:
    return [r.text for r in _runs(cell) if r.font.strike]


def _bold(cell: Any) -> list[str]:
    return [r.text for r in _runs(cell) if r.bold]


def _is_chapter_row(cells: list[Any]) -> bool:
    return len({c._tc for c in cells}) == 1


def test_default_name_message_and_layout(repo: Path, cli: Any) -> None:
    result = cli("diff", "v1", "v2", "--docx")
    assert result.exit_code == 0
    target = repo / "bang-so-sanh-v1-v2.docx"
    assert target.is_file()
    assert f"Đã ghi bảng so sánh (4 dòng) vào {target}" in result.output

    doc, table = _table(target)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert doc.core_properties.title.startswith("Bảng so sánh Quy chế làm việc")
    assert doc.core_properties.author == "ĐẢNG ỦY PHƯỜNG AN HÒA"
    texts = [p.text for p in doc.paragraphs]
    assert "BẢNG SO SÁNH" in texts
    assert ("Quy chế làm việc của Ban Chấp hành Đảng bộ phường An Hòa, khóa I, nhiệm kỳ 2025 - 2030 "
            "hiện hành và dự thảo sửa đổi, bổ sung") in texts
    assert any(t.startswith("Ghi chú: trong cột Quy chế hiện hành, chữ gạch ngang") for t in texts)
    header = doc.tables[0]
    header_text = "\n".join(c.text for c in header.rows[0].cells)
    for line in ("ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY PHƯỜNG AN HÒA", "*", "ĐẢNG CỘNG SẢN VIỆT NAM"):
        assert line in header_text
    # header row repeated on every page
    tr_pr = table.rows[0]._tr.trPr
    assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
    # page numbers in the footer
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml
    # fixed widths on the grid
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 4 and grid[1] == grid[2] > grid[3] > grid[0]


def test_rows_order_marks_and_reasons(repo: Path, cli: Any) -> None:
    result = cli("diff", "v1", "v2", "--docx", "-o", "bang.docx")
    # the commits name Điều 2 and 3, but a commit message is never a reason: every cell stays
    # empty and the command lists what is missing
    assert "Chưa có lý do cho 4 điều: Điều 2; Điều 3 (mới); Điều 3 → Điều 4; Điều 5 (bãi bỏ) (ô lý do" in result.output
    _doc, table = _table(repo / "bang.docx")
    rows = _rows(table)
    shape = [("chapter", r[0].text) if _is_chapter_row(r) else ("row", r[0].text) for r in rows]
    assert shape == [
        ("chapter", "Chương I. NHỮNG QUY ĐỊNH CHUNG"),
        ("row", "1"),   # Điều 2
        ("row", "2"),   # Điều 3 (new)
        ("chapter", "Chương II. NHIỆM VỤ, QUYỀN HẠN"),
        ("row", "3"),   # Điều 3 → 4
        ("row", "4"),   # Điều 5 repealed
    ]
    chapter_runs = _runs(rows[0][0])
    assert chapter_runs and all(r.bold for r in chapter_runs)

    d2 = rows[1]
    assert d2[1].text.startswith("Điều 2. Nguyên tắc làm việc")
    assert _struck(d2[1]) == []
    assert _bold(d2[2]) == ["nghiêm"]
    assert d2[3].text == ""

    new = rows[2]
    assert new[1].text == "(Chưa quy định)"
    assert new[2].text.startswith("Điều 3. Chuyển đổi số")
    assert all(r.bold for r in _runs(new[2]) if r.text.strip())
    assert new[3].text == ""

    moved = rows[4 - 1 + 1]  # Điều 3 → 4, after the chapter row
    assert moved[1].text.startswith("Điều 3. Nhiệm vụ của Ban Chấp hành")
    assert moved[2].text.startswith("Điều 4. Nhiệm vụ của Ban Chấp hành")
    assert _bold(moved[2]) == [", quốc phòng, an ninh"]
    assert moved[3].text == "Điều 3 → Điều 4 (đánh số lại)."  # renumbered articles are marked

    repealed = rows[5]
    assert repealed[2].text == "Bãi bỏ"
    assert "".join(_struck(repealed[1])).startswith("Điều 5. Chế độ báo cáo")

    # cell text is Times New Roman 13 pt on every slot
    run = _runs(d2[1])[0]
    assert run.font.size == Pt(13)
    fonts = run._r.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "cs", "eastAsia")} == {"Times New Roman"}


def test_deleted_words_struck_on_the_left(repo: Path, cli: Any) -> None:
    (repo / NAME).write_text(V2.replace("họp thường lệ ba tháng một lần", "họp thường lệ hai tháng một lần"),
                             encoding="utf-8")
    result = cli("diff", "v1", "--worktree", "--docx", "--submission", "Tờ trình số 05-TTr/ĐU")
    assert result.exit_code == 0
    target = repo / "bang-so-sanh-v1-ban-dang-sua.docx"
    doc, table = _table(target)
    assert "(Kèm theo Tờ trình số 05-TTr/ĐU)" in [p.text for p in doc.paragraphs]
    note = next(p for p in doc.paragraphs if p.text.startswith("(Kèm theo"))
    assert all(r.italic for r in note.runs)
    meeting = next(r for r in _rows(table) if r[1].text.startswith("Điều 4. Chế độ họp"))
    assert _struck(meeting[1]) == ["ba"]
    assert _bold(meeting[2]) == ["hai"]
    assert meeting[2].text.startswith("Điều 5. Chế độ họp")


def test_reasons_file_all_and_missing_list(repo: Path, cli: Any, tmp_path: Path) -> None:
    reasons = tmp_path / "ly-do.yaml"
    reasons.write_text('"Điều 2": Cho chặt chẽ hơn.\n3: Theo Nghị quyết 57-NQ/TW.\n', encoding="utf-8")
    result = cli("diff", "v1", "v2", "--docx", "-o", "all.docx", "--all", "--reasons", str(reasons))
    assert result.exit_code == 0
    assert "Chưa có lý do cho 2 điều: Điều 3 → Điều 4; Điều 5 (bãi bỏ) (ô lý do" in result.output
    _doc, table = _table(repo / "all.docx")
    rows = [r for r in _rows(table) if not _is_chapter_row(r)]
    assert [r[0].text for r in rows] == [str(k) for k in range(1, 8)]
    kept = [r for r in rows if r[2].text.startswith("Giữ nguyên")]
    assert [r[2].text for r in kept] == ["Giữ nguyên", "Giữ nguyên (thành Điều 5)", "Giữ nguyên"]
    assert all(not _struck(r[1]) for r in kept)
    by_left = {r[1].text.split("\n")[0]: r for r in rows}
    assert by_left["Điều 2. Nguyên tắc làm việc"][3].text == "Cho chặt chẽ hơn."
    assert by_left["(Chưa quy định)"][3].text == "Theo Nghị quyết 57-NQ/TW."


def test_by_clause_rows(repo: Path, cli: Any) -> None:
    cli("diff", "v1", "v2", "--docx", "-o", "khoan.docx", "--by-clause")
    _doc, table = _table(repo / "khoan.docx")
    rows = [r for r in _rows(table) if not _is_chapter_row(r)]
    first = rows[0]
    assert first[1].text == ("Điều 2. Nguyên tắc làm việc\n"
                             "1. Bảo đảm nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách.")
    assert _bold(first[2]) == ["nghiêm"]
    point = next(r for r in rows if r[2].text.startswith("Điều 4."))
    assert point[2].text.endswith("b) Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh hằng năm.")


def test_existing_file_is_not_overwritten(repo: Path, cli: Any) -> None:
    assert cli("diff", "v1", "v2", "--docx").exit_code == 0
    again = cli("diff", "v1", "v2", "--docx")
    assert again.exit_code == 2 and "không ghi đè" in again.output
    assert cli("diff", "v1", "v2", "--docx", "--force").exit_code == 0
    assert sorted(p.name for p in repo.iterdir() if p.suffix == ".docx") == ["bang-so-sanh-v1-v2.docx"]


@pytest.mark.slow
def test_pair1_table_renders_in_libreoffice(corpus: Path, cli: Any, soffice: str, tmp_path: Path,
                                           monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    old = next(corpus.glob("PAIR1_old__*.txt"))
    new = next(corpus.glob("PAIR1_new__*.txt"))
    result = cli("diff", str(old), str(new), "--docx", "-o", "pair1.docx")
    assert result.exit_code == 0
    _doc, table = _table(tmp_path / "pair1.docx")
    article_rows = [r for r in _rows(table) if not _is_chapter_row(r)]
    assert len(article_rows) == 38  # 32 changed + 5 new + 1 repealed
    pdf = docx_to_pdf(soffice, tmp_path / "pair1.docx", tmp_path)
    pages = pdf_pages(pdf)
    assert 15 <= pages <= 60, pages
    text = " ".join(pdf_text(pdf).split())
    for expected in ("BẢNG SO SÁNH", "Quy chế hiện hành", "Dự thảo sửa đổi, bổ sung", "(Chưa quy định)",
                     "Bãi bỏ", "Giám sát của Công đoàn", "Trang 1 /"):
        assert expected in text, expected
    # the repeated header row: the column titles on the last page too
    last_page = pdf_text(pdf).split("\f")[pages - 1]
    assert "Quy chế hiện hành" in last_page


def test_split_article_row_and_renamed_chapter(tmp_path: Path) -> None:
    from quyche.diff.compare import compare
    from quyche.parse import parse_text
    from quyche.render.docx.comparison import build_table, write_comparison_docx

    office = ("Văn phòng Đảng ủy tham mưu, giúp việc Ban Thường vụ trong công tác tổng hợp, theo dõi, "
              "đôn đốc việc thực hiện chương trình công tác toàn khóa và hằng năm của cấp ủy.")
    control = ("Ủy ban Kiểm tra Đảng ủy giúp Ban Chấp hành kiểm tra, giám sát tổ chức đảng và đảng viên "
               "chấp hành Điều lệ Đảng, nghị quyết, chỉ thị và quy định của Đảng trong toàn Đảng bộ.")
    old = parse_text(f"# Chương I. CƠ QUAN GIÚP VIỆC\n\n## Điều 1. Cơ quan giúp việc\n\n{office} {control}\n")
    new = parse_text(f"# Chương I. CÁC CƠ QUAN THAM MƯU\n\n## Điều 1. Văn phòng\n\n{office}\n\n"
                     f"## Điều 2. Ủy ban Kiểm tra\n\n{control}\n")
    result = compare(old, new, old_label="v1", new_label="v2")
    assert result.chapter_titles_changed == [("Chương I. CƠ QUAN GIÚP VIỆC", "Chương I. CÁC CƠ QUAN THAM MƯU")]
    table = build_table(result, [None] * len(result.changes))
    out = write_comparison_docx(table, tmp_path / "tach.docx")
    _doc, grid = _table(out)
    rows = _rows(grid)
    assert rows[0][0].text == "Chương I. CÁC CƠ QUAN THAM MƯU" and _is_chapter_row(rows[0])
    split = rows[1]
    assert split[1].text.startswith("Điều 1. Cơ quan giúp việc")
    assert "Điều 1. Văn phòng" in split[2].text and "Điều 2. Ủy ban Kiểm tra" in split[2].text
    assert "Cơ quan giúp việc" in "".join(_struck(split[1]))
    assert len(rows) == 2


def test_margins_from_quyche_yaml_resize_the_columns(repo: Path, cli: Any) -> None:
    config = (repo / "quyche.yaml").read_text(encoding="utf-8")
    (repo / "quyche.yaml").write_text(config + "layout:\n  left: 30\n  right: 20\n", encoding="utf-8")
    assert cli("diff", "v1", "v2", "--docx", "-o", "le.docx").exit_code == 0
    doc, table = _table(repo / "le.docx")
    assert round(doc.sections[0].left_margin.mm) == 30
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(grid) / 1440 * 25.4 - (297 - 30 - 20)) < 1
