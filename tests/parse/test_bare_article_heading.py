"""Plain text: "Điều 1." alone on a line, its title on the next line (as Word exports often do)."""

from __future__ import annotations

import pytest

from quyche.model.document import Article, Regulation
from quyche.parse import parse_text
from quyche.render.markdown import format_text


def _first(reg: Regulation) -> Article:
    art = next(u for u in reg.units() if u.kind == "article")
    assert isinstance(art, Article)
    return art


def _children(art: Article) -> list[str]:
    return [getattr(c, "text", "") for c in art.children]


def test_title_on_the_next_line() -> None:
    reg = parse_text("Điều 1.\nPhạm vi điều chỉnh\nQuy chế này quy định việc A.\nĐiều 2.\nĐối tượng áp dụng\n1. Đảng viên.\n")
    first, second = [u for u in reg.units() if u.kind == "article"]
    assert (first.title, _children(first)) == ("Phạm vi điều chỉnh", ["Quy chế này quy định việc A."])
    assert first.span.line == 1 and first.span.end_line == 3
    assert (second.title, [u.kind for u in second.units()]) == ("Đối tượng áp dụng", ["clause"])


def test_wrapped_title_is_joined() -> None:
    art = _first(parse_text("Điều 1.\nPhạm vi điều chỉnh và\nđối tượng áp dụng\nNội dung.\n"))
    assert (art.title, _children(art)) == ("Phạm vi điều chỉnh và đối tượng áp dụng", ["Nội dung."])


@pytest.mark.parametrize("line", [
    "Quy chế này quy định việc A.",  # a sentence: the article's text
    "Các cơ quan thực hiện như sau:",  # introduces a list
    "1. Khoản một.",  # a clause
    "a) Điểm a",  # a point
    "- gạch đầu dòng",
    "đoạn chữ thường",
    "“Điều 5. Trích dẫn”",  # a quotation
    " ".join(["Chữ"] * 41),  # too long for a title
])
def test_text_after_a_bare_heading_is_not_a_title(line: str) -> None:
    art = _first(parse_text(f"Điều 1.\n{line}\nĐiều 2. B\n"))
    assert art.title == ""
    assert len(art.children) == 1


def test_markdown_heading_never_takes_the_next_paragraph() -> None:
    art = _first(parse_text("# Điều 1.\n\nPhạm vi\n"))
    assert (art.title, _children(art)) == ("", ["Phạm vi"])


def test_fmt_round_trip() -> None:
    out = format_text("Điều 1.\nPhạm vi điều chỉnh\nNội dung.\n")
    assert out == "# Điều 1. Phạm vi điều chỉnh\n\nNội dung.\n"
    assert format_text(out) == out
