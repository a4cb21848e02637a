"""Rule lines ("-----", "_____") in plain text are layout: set aside, never text, never joined."""

from __future__ import annotations

import pytest

from quyche.model.document import Paragraph
from quyche.parse import parse_file, parse_text
from quyche.render.markdown import format_text
from tests.conftest import CORPUS

LUAT_80 = CORPUS / "luat_ban_hanh_van_ban_qppl_2015_80-2015-QH13.txt"


def test_rule_line_is_set_aside_and_separates() -> None:
    reg = parse_text("Điều 1. A\nNội dung của điều\n-----\nđược Quốc hội thông qua\n______\nđoạn khác\n")
    art = next(reg.units())
    assert [c.text for c in art.children] == ["Nội dung của điều", "được Quốc hội thông qua", "đoạn khác"]
    assert [p.text for p in reg.furniture] == ["-----", "______"]
    assert reg.furniture[0].span.line == 3


def test_short_dashes_and_bullets_are_text() -> None:
    reg = parse_text("Điều 1. A\n--\n- mục một\n")
    art = next(reg.units())
    assert [getattr(c, "text", "") for c in art.children] == ["--", "mục một"]
    assert reg.furniture == []


def test_markdown_rule_lines_are_untouched() -> None:
    """In Markdown, `---` is the user's own (escaped) text, as before."""
    text = "# Điều 1. A\n\n\\-----\n"
    assert [c.text for c in next(parse_text(text).units()).children] == ["-----"]
    assert format_text(text) == text


@pytest.mark.skipif(not LUAT_80.is_file(), reason="shared/corpus is not available")
def test_luat_80_closing_after_the_rule() -> None:
    reg = parse_file(LUAT_80)
    last = [u for u in reg.units() if u.kind == "article"][-1]
    assert last.number == "173"
    assert [c.text for c in last.children if isinstance(c, Paragraph)] == [
        "Ủy ban thường vụ Quốc hội, Chính phủ có trách nhiệm quy định chi tiết các điều, khoản được giao trong Luật."]
    assert [p.text for p in reg.closing] == [
        "Luật này đã được Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam khóa XIII, kỳ họp thứ 9 "
        "thông qua ngày 22 tháng 6 năm 2015.",
        "CHỦ TỊCH QUỐC HỘI", "(Đã ký)", "Nguyễn Sinh Hùng"]
    assert any(p.text.startswith("-----") and p.span.line == 1336 for p in reg.furniture)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared/corpus is not available")
def test_no_rule_line_reaches_the_markdown() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        out = format_text(path.read_text(encoding="utf-8"), path)
        assert not any(line.lstrip("\\").startswith(("---", "___")) and line.strip("-_\\") == ""
                       for line in out.split("\n")[1:]), path.name
