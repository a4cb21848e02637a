"""Import of text: every corpus text keeps its counts and its words; header and closing blocks;
the CLI refuses to overwrite, writes the JSON report, rejects unknown encodings."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from quyche.importer import import_file
from quyche.importer.header import Line, parse_closing, parse_date, parse_header
from quyche.importer.text import decode_text
from quyche.model.frontmatter import FrontMatter
from quyche.parse.document import parse_text
from quyche.render.imported import render_import
from quyche.render.markdown import render_markdown

# file prefix -> (chapters, articles): shared/corpus/INDEX.md (as tests/parse/test_corpus_counts.py)
EXPECTED = {
    "LARGE__bo_luat_to_tung_dan_su_2015": (42, 517),
    "PAIR1_new__luat_cong_doan_2024": (6, 37),
    "PAIR1_old__luat_cong_doan_2012": (6, 33),
    "PAIR2_new__luat_dau_tu_2020": (7, 77),
    "PAIR2_old__luat_dau_tu_2014": (7, 76),
    "PAIR3_new__luat_bao_hiem_xa_hoi_2024": (11, 141),
    "PAIR3_old__luat_bao_hiem_xa_hoi_2014": (9, 125),
    "PARTY__quy_che_1147": (5, 21),
    "PARTY__quy_dinh_383": (0, 23),
    "PARTY__quy_dinh_384": (3, 20),
    "luat_ban_hanh_van_ban_qppl_2015": (17, 173),
    "luat_can_bo_cong_chuc_2025": (7, 45),
    "xa_conghai_quy_dinh_van_phong_dang_uy_2025": (4, 13),
}
_WORD = re.compile(r"[^\W_]+")


def markdown_of(path: Path) -> str:
    """The Markdown `quyche import` writes for `path`."""
    return render_import(import_file(path))


def words(text: str) -> Counter[str]:
    """Case-folded words; numbers without leading zeros ("01" = "1")."""
    out: Counter[str] = Counter()
    for w in _WORD.findall(text.casefold()):
        out[w.lstrip("0") or "0" if w.isdigit() else w] += 1
    return out


def corpus_file(corpus: Path, prefix: str) -> Path:
    matches = sorted(corpus.glob(prefix + "*.txt"))
    assert len(matches) == 1
    return matches[0]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_corpus_imports_with_counts_and_every_word(corpus: Path, prefix: str, tmp_path: Path) -> None:
    from quyche.importer.docx import read_docx
    from quyche.render.docx.fulltext import write_fulltext

    path = corpus_file(corpus, prefix)
    result = import_file(path)
    counts = result.regulation.total_counts()
    assert (counts["chapters"], counts["articles"]) == EXPECTED[prefix]
    md = render_import(result)
    yaml_text = md.split("---\n")[1]
    assert render_markdown(parse_text(md), yaml_text) == md  # canonical (fmt --check)

    # No word lost: the input minus page furniture against the printed document built from
    # the output (the builder prints "ngày … tháng … năm", "Số", "Nơi nhận" itself).
    source_lines = path.read_text(encoding="utf-8").split("\n")
    removed = {n.line for n in result.report.notes if n.kind == "removed"}
    source = "\n".join(line for i, line in enumerate(source_lines, start=1) if i not in removed)
    docx = write_fulltext(parse_text(md), tmp_path / "built.docx")
    printed = "\n".join(line.text for line in read_docx(docx).lines)
    lost = words(source) - words(printed)
    assert not lost, f"words lost: {dict(lost.most_common(10))}"
    # and the furniture removed is only furniture
    for note in result.report.notes:
        if note.kind == "removed":
            assert note.reason in ("page-header", "page-number", "stamp")


def test_header_block_of_a_party_text() -> None:
    lines = ["ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY XÃ CÔNG HẢI", "*", "Số 01-QC/ĐU", "", "ĐẢNG CỘNG SẢN",
             "VIỆT NAM", "Công Hải, ngày 01", "tháng 7 năm 2025", "QUY CHẾ",
             "làm việc của Ban Chấp hành Đảng bộ xã Công Hải", "-----", "- Căn cứ Điều lệ Đảng;",
             "- Căn cứ Quy định số 294-QĐ/TW ngày 26/5/2025 của Ban Chấp hành Trung ương về thi hành",
             "Điều lệ Đảng;", "Ban Chấp hành Đảng bộ xã ban hành Quy chế làm việc như sau:", "Ghi chú lạ"]
    res = parse_header([Line(i + 1, t) for i, t in enumerate(lines)])
    fm = res.front_matter
    assert (fm.superior, fm.issuer, fm.number, fm.place) == (
        "ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY XÃ CÔNG HẢI", "01-QC/ĐU", "Công Hải")
    assert str(fm.date) == "2025-07-01" and fm.kind == "quy chế"
    assert fm.legal_bases[1].endswith("về thi hành Điều lệ Đảng;")  # a wrapped basis is joined
    assert fm.enacting == "Ban Chấp hành Đảng bộ xã ban hành Quy chế làm việc như sau:"
    assert [ln.text for ln in res.leftovers] == ["Ghi chú lạ"]  # kept, with its line
    assert res.leftovers[0].number == 17


def test_numbers_and_dates() -> None:
    res = parse_header([Line(1, "ĐẢNG ỦY XÃ A"), Line(2, "Số: 01 -QC/ĐU")])
    assert res.front_matter.number == "01 -QC/ĐU"  # stray spaces kept for `check` to report
    assert parse_date("Công Hải, ngày 01 tháng 7 năm 2025") == ("Công Hải", __import__("datetime").date(2025, 7, 1))
    assert parse_date("ngày 31 tháng 2 năm 2025") is None
    res = parse_header([Line(1, "QUỐC HỘI"), Line(2, "Luật số: 80/2015/QH13")])
    assert res.front_matter.number == "Luật số: 80/2015/QH13"


def test_closing_block() -> None:
    fm = FrontMatter()
    lines = ["Nơi nhận:", "- Các tỉnh ủy, thành ủy,", "- Đảng ủy các bộ, ngành, tổ chức chính trị - xã hội ở Trung ương,"
             " - Các đảng ủy đơn vị sự nghiệp Trung ương,", "- Lưu Văn phòng Trung ương Đảng.", "T/M BAN BÍ THƯ",
             "Trần Cẩm Tú"]
    left = parse_closing([Line(i + 1, t) for i, t in enumerate(lines)], fm)
    assert left == []
    assert fm.distribution == ["Các tỉnh ủy, thành ủy,", "Đảng ủy các bộ, ngành, tổ chức chính trị - xã hội ở Trung ương,",
                               "Các đảng ủy đơn vị sự nghiệp Trung ương,", "Lưu Văn phòng Trung ương Đảng."]
    assert fm.signing is not None and (fm.signing.capacity, fm.signing.name) == ("T/M BAN BÍ THƯ", "Trần Cẩm Tú")
    assert fm.authority == "Ban Bí thư"


def test_legacy_and_nfd_text_files() -> None:
    tcvn3 = "§iÒu 1. Ph¹m vi ®iÒu chØnh cña Quy chÕ nµy".encode("latin-1")
    got = decode_text(tcvn3, None)
    assert (got.text, got.encoding) == ("Điều 1. Phạm vi điều chỉnh của Quy chế này", "tcvn3")
    nfd = "Điều 1. Phạm vi".encode()
    import unicodedata

    got = decode_text(unicodedata.normalize("NFD", "Điều 1. Phạm vi").encode("utf-8"), None)
    assert got.text == nfd.decode("utf-8") and got.encoding == "utf-8"


def test_cli_import_refuses_overwrite_and_writes_report(tmp_path: Path, cli: object, corpus: Path) -> None:
    src = corpus_file(corpus, "PAIR1_new__luat_cong_doan_2024")
    out = tmp_path / "luat.md"
    report = tmp_path / "r.json"
    result = cli("import", str(src), "-o", str(out), "--report", str(report))  # type: ignore[operator]
    assert result.exit_code == 0, result.output
    assert "đã bỏ: tiêu đề trang Công báo" in result.output
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["counts"]["articles"] == 37
    reasons = Counter(n["reason"] for n in data["notes"])
    assert reasons["page-header"] == 25 and reasons["page-number"] == 25  # 13 below, 12 above the header
    assert all(isinstance(n["line"], int) for n in data["notes"] if n["kind"] != "converted")
    before = out.read_text(encoding="utf-8")
    out.write_text("sửa tay", encoding="utf-8")
    result = cli("import", str(src), "-o", str(out))  # type: ignore[operator]
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "sửa tay"
    result = cli("import", str(src), "-o", str(out), "--force", "--report", str(report))  # type: ignore[operator]
    assert result.exit_code == 0 and out.read_text(encoding="utf-8") == before


def test_cli_import_unknown_encoding(tmp_path: Path, cli: object) -> None:
    src = tmp_path / "x.txt"
    src.write_bytes(b"Dieu 1. \x80\x81\x82\x83 abc\n")
    result = cli("import", str(src), "-o", str(tmp_path / "x.md"))  # type: ignore[operator]
    assert result.exit_code == 2
    assert "x.txt:1:9: không nhận ra bảng mã" in result.output
    src.write_bytes(b"%PDF-1.4 binary")
    src2 = tmp_path / "x.pdf"
    src2.write_bytes(b"%PDF-1.4 binary")
    result = cli("import", str(src2), "-o", str(tmp_path / "x.md"))  # type: ignore[operator]
    assert result.exit_code == 2 and "không nhận ra định dạng" in result.output


def test_quyche_markdown_input_is_rerendered(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"
    result = import_file(example)
    assert render_import(result) == example.read_text(encoding="utf-8")


def test_web_markdown_page(tmp_path: Path) -> None:
    src = tmp_path / "trang-web.md"
    src.write_text(
        "| ĐẢNG ỦY XÃ A | **ĐẢNG CỘNG SẢN VIỆT NAM** |\n|---|---|\n| Số 02-QĐ/ĐU | *A, ngày 05 tháng 02 năm 2026* |\n\n"
        "**QUY ĐỊNH**\n\n**về chế độ làm việc**\n\n"
        "## **Chương I**\n\n**QUY ĐỊNH CHUNG**\n\n**Điều 1. Phạm vi**\n\n1. Quy định này áp dụng cho Văn phòng.\n",
        encoding="utf-8")
    reg = import_file(src).regulation
    fm = reg.front_matter
    assert fm is not None and (fm.issuer, fm.number, str(fm.date), fm.kind) == (
        "ĐẢNG ỦY XÃ A", "02-QĐ/ĐU", "2026-02-05", "quy định")
    assert [a.title for a in reg.articles()] == ["Phạm vi"]
    assert reg.chapters()[0].title == "QUY ĐỊNH CHUNG"


def test_authority_from_signing_capacity() -> None:
    from quyche.importer.header import authority_of

    assert authority_of("T/M ĐẢNG ỦY") == "Ban Chấp hành"
    assert authority_of("T/M TỈNH ỦY") == "Ban Chấp hành"
    assert authority_of("T/M BAN THƯỜNG VỤ") == "Ban Thường vụ"
    assert authority_of("T/M CHI BỘ") == "Chi bộ"
    assert authority_of("K/T BÍ THƯ") is None


def test_output_passes_fmt_check(tmp_path: Path, cli: object, corpus: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("quyche.cli.fmt") is None:
        pytest.skip("`quyche fmt` is not on this branch yet (render_markdown(parse(out)) == out is checked above)")
    out = tmp_path / "qd.md"
    src = corpus_file(corpus, "PARTY__quy_dinh_384")
    assert cli("import", str(src), "-o", str(out)).exit_code == 0  # type: ignore[operator, attr-defined]
    result = cli("fmt", "--check", str(out))  # type: ignore[operator]
    assert result.exit_code == 0, result.output


def test_two_columns_laid_out_with_spaces(tmp_path: Path) -> None:
    """Text from `pdftotext -layout` or typed with spaces: the two header columns on one line."""
    src = tmp_path / "layout.txt"
    src.write_text(
        "      ĐẢNG BỘ TỈNH KHÁNH HÒA                 ĐẢNG CỘNG SẢN VIỆT NAM\n"
        "       ĐẢNG ỦY XÃ CÔNG HẢI\n"
        "                *                      Công Hải, ngày 10 tháng 7 năm 2025\n"
        "          Số 01-QĐ/ĐU\n\n"
        "                               QUY ĐỊNH\n"
        "              về chức năng, nhiệm vụ của Văn phòng Đảng ủy\n\n"
        "Điều 1. Phạm vi\n"
        "Quy định này áp dụng cho Văn phòng Đảng ủy.\n\n"
        "Nơi nhận:                                         T/M BAN THƯỜNG VỤ\n"
        "- Ban Thường vụ Tỉnh ủy,                                BÍ THƯ\n"
        "- Lưu VPĐU.\n"
        "                                                  Vũ Thị Thùy Trang\n",
        encoding="utf-8")
    result = import_file(src)
    fm = result.regulation.front_matter
    assert fm is not None
    assert (fm.superior, fm.issuer, fm.number, fm.place, str(fm.date)) == (
        "ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY XÃ CÔNG HẢI", "01-QĐ/ĐU", "Công Hải", "2025-07-10")
    assert (fm.kind, fm.subject) == ("quy định", "về chức năng, nhiệm vụ của Văn phòng Đảng ủy")
    assert fm.signing is not None
    assert (fm.signing.capacity, fm.signing.title, fm.signing.name) == ("T/M BAN THƯỜNG VỤ", "BÍ THƯ",
                                                                        "Vũ Thị Thùy Trang")
    assert fm.distribution == ["Ban Thường vụ Tỉnh ủy,", "Lưu VPĐU."]
    assert [n for n in result.report.notes if n.kind == "kept"] == []


def test_split_columns_only_splits_two_column_lines() -> None:
    from quyche.importer.header import split_columns

    assert split_columns("ĐẢNG ỦY XÃ A\t\tĐẢNG CỘNG SẢN VIỆT NAM") == ["ĐẢNG ỦY XÃ A", "ĐẢNG CỘNG SẢN VIỆT NAM"]
    assert split_columns("*        A, ngày 05 tháng 02 năm 2026") == ["*", "A, ngày 05 tháng 02 năm 2026"]
    assert split_columns("- Lưu VPĐU.\tBÍ THƯ") == ["- Lưu VPĐU.", "BÍ THƯ"]
    for whole in ("I.\tQUY ĐỊNH CHUNG", "Điều 1.\tPhạm vi điều chỉnh", "a)\tNội dung    khác",
                  "1.\tNHIỆM VỤ CHUNG", "Không có tab"):
        assert split_columns(whole) == [whole]
