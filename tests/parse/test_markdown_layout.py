"""The Markdown layout quyche keeps regulations in: headings, ids, lists, quotes, escapes."""

from __future__ import annotations

from textwrap import dedent

import pytest

from quyche.errors import TooDeep
from quyche.model import Article, Item, Paragraph, Unit
from quyche.parse import parse_text
from quyche.parse.body import MAX_ITEM_DEPTH

DOC = dedent("""\
    ---
    kind: quy chế
    number: 01-QC/ĐU
    ---

    <!-- quyche-disable-file QC401 -->

    # Phần thứ nhất. QUY ĐỊNH CHUNG

    ## Chương I. NHỮNG QUY ĐỊNH CHUNG

    Chương này quy định những vấn đề chung.

    ### Mục 1. PHẠM VI

    #### Điều 1. Phạm vi điều chỉnh {#pham-vi}

    1. Quy chế này quy định chế độ làm việc,
    nhiệm vụ và quyền hạn.

    2. Quyết định những vấn đề sau:

       a) Chương trình làm việc toàn khóa;

       b) Nghị quyết hằng năm:

          - Về kinh tế;

            + Nông nghiệp;

          - Về xã hội.

    #### Điều 1a. Điều bổ sung

    *Đoạn in nghiêng mở đầu.*

    > “Điều 50. Thẩm quyền

    > 1. Nội dung khoản.”

    \\1. Đoạn văn bắt đầu bằng số nhưng không phải khoản.

    <!-- quyche-disable-next-line QC201 -->
    Theo Điều 9 của Quy chế này.
    """)


def test_markdown_tree_with_parts_chapters_sections_and_ids() -> None:
    reg = parse_text(DOC)
    assert reg.layout == "markdown"
    assert reg.front_matter is not None and reg.front_matter.number == "01-QC/ĐU"
    kinds = [(len(p), n.kind, n.number) for n, p in reg.walk() if isinstance(n, Unit)]
    assert kinds == [
        (0, "part", "nhất"), (1, "chapter", "I"), (2, "section", "1"), (3, "article", "1"),
        (4, "clause", "1"), (4, "clause", "2"), (5, "point", "a"), (5, "point", "b"),
        (6, "item", ""), (7, "item", ""), (6, "item", ""), (3, "article", "1a"),
    ]
    first = reg.articles()[0]
    assert (first.title, first.id) == ("Phạm vi điều chỉnh", "pham-vi")
    assert (first.span.line, first.span.column) == (16, 6)
    assert reg.body_line == 5


def test_markdown_joins_lazy_lines_and_keeps_chapter_preamble() -> None:
    reg = parse_text(DOC)
    clause = reg.articles()[0].sub_units()[0]
    assert clause.text == "Quy chế này quy định chế độ làm việc, nhiệm vụ và quyền hạn."
    assert (clause.span.line, clause.span.end_line) == (18, 19)
    chapter = reg.chapters()[0]
    assert chapter.paragraphs()[0].text == "Chương này quy định những vấn đề chung."


def test_quotes_escapes_and_comments() -> None:
    reg = parse_text(DOC)
    inserted = reg.articles()[1]
    paragraphs = inserted.paragraphs()
    assert [(p.text, p.quoted) for p in paragraphs] == [
        ("*Đoạn in nghiêng mở đầu.*", False),
        ("“Điều 50. Thẩm quyền", True),
        ("1. Nội dung khoản.”", True),
        ("1. Đoạn văn bắt đầu bằng số nhưng không phải khoản.", False),
        ("Theo Điều 9 của Quy chế này.", False),
    ]
    assert inserted.sub_units() == []
    assert [(c.text, c.line) for c in reg.comments] == [
        ("quyche-disable-file QC401", 6), ("quyche-disable-next-line QC201", DOC.split("\n").index("<!-- quyche-disable-next-line QC201 -->") + 1)]


def test_markdown_heading_is_all_title() -> None:
    reg = parse_text("## Điều 1. Phạm vi: đối tượng áp dụng\n\nNội dung.\n")
    art = reg.articles()[0]
    assert art.title == "Phạm vi: đối tượng áp dụng"
    assert [p.text for p in art.paragraphs()] == ["Nội dung."]


def test_bullets_nest_by_indentation() -> None:
    text = "## Điều 1. A\n\n- một\n  - hai\n    - ba\n  - bốn\n- năm\n"
    reg = parse_text(text)
    depth = [(len(p), n.text) for n, p in reg.walk() if isinstance(n, Item)]
    assert depth == [(1, "một"), (2, "hai"), (3, "ba"), (2, "bốn"), (1, "năm")]


def test_thousands_of_nested_bullets_raise_too_deep_not_recursion_error() -> None:
    lines = ["## Điều 1. Sâu", ""] + [" " * (2 * i) + f"- mức {i}" for i in range(3000)]
    with pytest.raises(TooDeep) as info:
        parse_text("\n".join(lines) + "\n", "sau.md")
    assert info.value.facts["limit"] == MAX_ITEM_DEPTH
    assert str(info.value.path) == "sau.md"
    assert info.value.line == 3 + MAX_ITEM_DEPTH


def test_plain_bullets_do_not_nest_by_indentation() -> None:
    """Word text indents at random: only "+" under "-" nests."""
    lines = ["Điều 1. Phẳng"] + [" " * i + "- mục" for i in range(3000)]
    reg = parse_text("\n".join(lines) + "\n")
    assert reg.layout == "plain"
    assert all(len(p) == 1 for n, p in reg.walk() if isinstance(n, Item))


def test_article_without_title_and_paragraph_blocks() -> None:
    reg = parse_text("## Điều 20.\n\nQuy định này thay thế Quy định số 270.\n")
    art = reg.articles()[0]
    assert isinstance(art, Article) and art.title == ""
    assert isinstance(art.children[0], Paragraph)
