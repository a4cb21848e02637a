"""Layouts real documents come in: a State decision, a Party draft with blank fill-ins, Markdown
exported from Word. Each is imported, checked, built and imported again without loss."""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.check.runner import check_source
from quyche.config import Config
from quyche.errors import UnreadArticles
from quyche.importer import import_file
from quyche.parse import parse_file
from quyche.parse.document import parse_text
from quyche.parse.source import Source
from quyche.render.docx.fulltext import write_fulltext
from quyche.render.imported import render_import

LAYOUTS = Path(__file__).parents[1] / "fixtures" / "layouts"


def _codes(md: str) -> list[str]:
    source = Source(path=Path("x.md"), text=md, original=md)
    return [f.code for f in check_source(source, Config(root=Path(".")))]


def _round_trip(path: Path, tmp_path: Path) -> tuple[str, str]:
    md = render_import(import_file(path))
    docx = write_fulltext(parse_text(md), tmp_path / "built.docx")
    return md, render_import(import_file(docx))


def test_state_decision_motto_and_signature(tmp_path: Path) -> None:
    md, again = _round_trip(LAYOUTS / "state_decision.txt", tmp_path)
    fm = parse_text(md).front_matter
    assert fm is not None and fm.is_state
    assert fm.issuer == "ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"  # the motto is not part of the issuer
    assert fm.subject == "BAN HÀNH QUY CHẾ LÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA"  # ends before who enacts
    assert fm.signing is not None
    assert (fm.signing.capacity, fm.signing.title, fm.signing.name) == (
        "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Trần Văn Hòa")
    assert "CỘNG HÒA" not in md.split("---")[2]
    assert not [c for c in _codes(md) if c.startswith("QC3")]  # no Party format rule on a State text
    assert again == md


def test_party_draft_keeps_series_month_year_and_place(tmp_path: Path) -> None:
    md, again = _round_trip(LAYOUTS / "party_draft.txt", tmp_path)
    fm = parse_text(md).front_matter
    assert fm is not None
    assert (fm.number, fm.date, fm.place, fm.issuer) == ("-QC/ĐU", "2025-07", "Công Hải", "ĐẢNG ỦY XÃ CÔNG HẢI")
    assert fm.serial_blank and fm.day_blank and not fm.is_state
    assert _codes(md) == []  # the blanks are deliberate: no QC301/QC303/QC305
    assert again == md


def test_party_rules_still_apply_to_a_party_text_that_is_not_a_draft() -> None:
    md = render_import(import_file(LAYOUTS / "party_draft.txt"))
    final = md.replace("number: -QC/ĐU\n", "").replace("date: 2025-07\n", "").replace("\nDỰ THẢO\n", "\n")
    assert {"QC301"} <= set(_codes(final))


def test_word_export_markdown_reads_escapes_and_bold_headings() -> None:
    reg = parse_file(LAYOUTS / "word_export.md")
    assert [c.number for c in reg.chapters()] == ["I", "II"]
    assert [(a.number, a.title) for a in reg.articles()] == [
        ("1", "Phạm vi điều chỉnh"), ("2", "Nguyên tắc làm việc"), ("3", "Nhiệm vụ của Ban Chấp hành")]
    first = reg.articles()[0]
    assert [c.text for c in first.sub_units()] == [
        "Quy chế này quy định nguyên tắc, chế độ làm việc của Ban Chấp hành.", "Đối tượng áp dụng:"]
    assert [i.text for i in first.sub_units()[1].sub_units()] == ["Ủy viên Ban Chấp hành;", "Các chi bộ trực thuộc."]
    assert reg.articles()[1].sub_units()[0].kind == "clause"  # a tab before "1\\." is indentation
    result = import_file(LAYOUTS / "word_export.md")
    assert result.report.counts["articles"] == 3


def test_article_like_lines_that_cannot_be_read_are_refused() -> None:
    with pytest.raises(UnreadArticles) as caught:
        parse_text("Ghi chú\n\n> Điều 1. Phạm vi\n")
    assert caught.value.line == 3


def test_copy_block_is_kept_whole_and_the_signer_stays(tmp_path: Path) -> None:
    reg = parse_file(LAYOUTS / "party_copy_block.txt")
    assert [p.text for p in reg.closing][-3:] == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn An"]
    assert [p.text for p in reg.copies][:4] == ["ĐẢNG ỦY XÃ CÔNG HẢI", "*", "Số 01-BS/ĐU", "SAO LỤC"]
    assert reg.copies[-1].text == "Trần Thị Bình"
    assert reg.articles()[-1].body_text() == "Quy chế này có hiệu lực kể từ ngày ký."  # nothing merged in
    md, again = _round_trip(LAYOUTS / "party_copy_block.txt", tmp_path)
    fm = parse_text(md).front_matter
    assert fm is not None and fm.signing is not None and fm.signing.name == "Nguyễn Văn An"
    assert fm.distribution == ["Các chi bộ,", "Lưu Văn phòng Đảng ủy."]  # not the copy's list
    assert [p.text for p in parse_text(md).copies] == [p.text for p in reg.copies]
    assert again == md


def test_state_signature_with_two_title_lines(tmp_path: Path) -> None:
    """"TRƯỞNG BAN" / "PHÓ THỦ TƯỚNG" over the name: a signature; the subject in capitals ends
    before "TRƯỞNG BAN CHỈ ĐẠO QUỐC GIA" (who enacts)."""
    md, again = _round_trip(LAYOUTS / "state_two_line_title.txt", tmp_path)
    fm = parse_text(md).front_matter
    assert fm is not None and fm.signing is not None
    assert (fm.signing.title, fm.signing.name) == ("TRƯỞNG BAN\nPHÓ THỦ TƯỚNG", "Trần Hồng Hà")
    assert fm.subject == "BAN HÀNH QUY CHẾ HOẠT ĐỘNG CỦA BAN CHỈ ĐẠO"
    assert fm.is_state and not [c for c in _codes(md) if c.startswith("QC3")]
    assert again == md
