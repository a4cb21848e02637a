"""The closing block of a Markdown regulation: what follows the last article.

"(Đã ký)", the signature and "Nơi nhận" after the last heading go to Regulation.closing, as in
plain text; the same lines inside the body (before a later heading) stay article text, and no
heading is ever swallowed into the closing block.
"""

from __future__ import annotations

from quyche.model.document import Paragraph, Regulation
from quyche.parse import parse_text
from quyche.render.markdown import format_text

FM = "---\nkind: quy chế\n---\n\n"


def _texts(nodes: list[Paragraph]) -> list[str]:
    return [p.text for p in nodes]


def _article(reg: Regulation, number: str) -> list[str]:
    art = next(u for u in reg.units() if u.kind == "article" and u.number == number)
    return [c.text for c in art.children]


def test_signed_line_after_last_article_is_closing() -> None:
    text = FM + "# Điều 1. Hiệu lực\n\nQuy chế có hiệu lực từ ngày ký.\n\n(Đã ký)\n\nNguyễn Văn An\n"
    reg = parse_text(text)
    assert _article(reg, "1") == ["Quy chế có hiệu lực từ ngày ký."]
    assert _texts(reg.closing) == ["(Đã ký)", "Nguyễn Văn An"]
    assert reg.closing[0].span.line == 9
    assert format_text(text) == text


def test_signed_and_sealed_before_appendix() -> None:
    text = (FM + "# Điều 1. A\n\n1. Nội dung.\n\n(Đã ký và đóng dấu)\n\nVũ Thị Thùy Trang\n\n"
            "# Phụ lục I. MẪU\n\nNội dung mẫu.\n")
    reg = parse_text(text)
    assert _texts(reg.closing) == ["(Đã ký và đóng dấu)", "Vũ Thị Thùy Trang"]
    assert [u.kind for u in reg.units()] == ["article", "clause", "appendix"]
    assert format_text(text) == text


def test_closing_lines_inside_the_body_stay_article_text() -> None:
    text = FM + "# Điều 1. A\n\n(Đã ký)\n\nNơi nhận:\n\n# Điều 2. B\n\nNội dung.\n\nT/M ĐẢNG ỦY\n\nBÍ THƯ\n"
    reg = parse_text(text)
    assert _article(reg, "1") == ["(Đã ký)", "Nơi nhận:"]
    assert _article(reg, "2") == ["Nội dung."]  # the heading is not swallowed
    assert _texts(reg.closing) == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    assert format_text(text) == text


def test_escaped_signed_line_stays_in_the_last_article() -> None:
    text = FM + "# Điều 1. A\n\nNội dung.\n\n\\(Đã ký)\n"
    reg = parse_text(text)
    assert _article(reg, "1") == ["Nội dung.", "(Đã ký)"]
    assert reg.closing == []
    assert format_text(text) == text  # fmt keeps the backslash: the meaning survives


def test_parenthesised_text_is_not_a_signature() -> None:
    text = FM + "# Điều 1. A\n\n(Ban hành kèm theo Quyết định số 5)\n\n(đã ký kết với đối tác; xem Điều 3)\n"
    reg = parse_text(text)
    assert len(_article(reg, "1")) == 2 and reg.closing == []


def test_plain_signed_line_after_last_article() -> None:
    reg = parse_text("Điều 1. Hiệu lực\n\nQuy chế có hiệu lực từ ngày ký.\n(Đã ký)\nNguyễn Văn An\n")
    assert _article(reg, "1") == ["Quy chế có hiệu lực từ ngày ký."]
    assert _texts(reg.closing) == ["(Đã ký)", "Nguyễn Văn An"]


def test_second_document_still_takes_its_closing_back() -> None:
    """A decision, its signature, then the regulation it issues (1147): nothing is lost."""
    text = FM + "# Điều 1. Ban hành\n\nNội dung.\n\nT/M BAN THƯỜNG VỤ\n\n# Chương I. CHUNG\n\n## Điều 1. A\n\nB.\n"
    reg = parse_text(text)
    assert [c.text for c in reg.closing] == ["T/M BAN THƯỜNG VỤ"]  # the decision's own signature
    assert [a.number for a in reg.attachments[0].articles()] == ["1"]
    assert format_text(text) == format_text(format_text(text))
