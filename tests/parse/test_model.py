"""The document model: numbering helpers, labels, traversal, equality without spans."""

from __future__ import annotations

import pytest

from quyche.model import (
    Article,
    Chapter,
    Clause,
    Item,
    Paragraph,
    Part,
    Point,
    Regulation,
    Section,
    Span,
)
from quyche.model.frontmatter import DocumentNumber
from quyche.model.numbering import (
    from_roman,
    ordinal_from_words,
    ordinal_words,
    point_letter,
    point_ordinal,
    split_article_number,
    to_roman,
)


@pytest.mark.parametrize(("value", "roman"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (42, "XLII")])
def test_roman_both_ways(value: int, roman: str) -> None:
    assert to_roman(value) == roman and from_roman(roman) == value


@pytest.mark.parametrize("text", ["IIII", "VX", "", "ABC", "IL"])
def test_invalid_roman(text: str) -> None:
    assert from_roman(text) is None


def test_point_letters_follow_vietnamese_order() -> None:
    assert [point_ordinal(ch) for ch in "abcdđe"] == [1, 2, 3, 4, 5, 6]
    assert point_ordinal("g") == 7
    assert [point_ordinal(ch) for ch in "fjwz"] == [None] * 4
    assert point_letter(5) == "đ"


def test_article_numbers_and_ordinal_words() -> None:
    assert split_article_number("5") == (5, "")
    assert split_article_number("5a") == (5, "a")
    assert split_article_number("a5") is None
    assert [ordinal_from_words(w) for w in ("nhất", "tư", "mười", "mười một", "hai mươi", "hai mươi mốt")] == [
        1, 4, 10, 11, 20, 21]
    assert ordinal_from_words("không") is None
    assert [ordinal_words(v) for v in (1, 4, 10, 15, 21)] == ["nhất", "tư", "mười", "mười lăm", "hai mươi mốt"]


def test_labels_as_a_message_names_the_unit() -> None:
    assert Part(number="nhất", ordinal=1).label == "Phần thứ nhất"
    assert Part(number="I", ordinal=1).label == "Phần I"
    assert Chapter(number="IV", ordinal=4).label == "Chương IV"
    assert Section(number="2", ordinal=2).label == "Mục 2"
    assert Article(number="5a", ordinal=5).label == "Điều 5a"
    assert Article(number="5a", ordinal=5).suffix == "a"
    assert Clause(number="2", ordinal=2).label == "khoản 2"
    assert Point(number="đ", ordinal=5).label == "điểm đ"


def _tree(span: Span) -> Regulation:
    return Regulation(children=[Chapter(number="I", ordinal=1, title="CHUNG", span=span, children=[
        Article(number="1", ordinal=1, title="Phạm vi", span=span, children=[
            Paragraph("Mở đầu:", span=span),
            Clause(number="1", ordinal=1, text="Một;", span=span, children=[
                Point(number="a", ordinal=1, text="a;", span=span, children=[Item(text="ý", span=span)])]),
        ]),
    ])])


def test_traversal_counts_and_text() -> None:
    reg = _tree(Span(3, 1))
    assert [u.kind for u in reg.units()] == ["chapter", "article", "clause", "point", "item"]
    assert [(len(parents), type(node).__name__) for node, parents in reg.walk()] == [
        (0, "Chapter"), (1, "Article"), (2, "Paragraph"), (2, "Clause"), (3, "Point"), (4, "Item")]
    counts = reg.counts()
    assert (counts["chapters"], counts["articles"], counts["clauses"], counts["points"], counts["items"],
            counts["paragraphs"]) == (1, 1, 1, 1, 1, 1)
    article = reg.articles()[0]
    assert article.full_text() == "Điều 1. Phạm vi\nMở đầu:\n1. Một;\na) a;\n- ý"


def test_equality_ignores_spans_and_markers_but_not_content() -> None:
    assert _tree(Span(3, 1)) == _tree(Span(90, 7))
    changed = _tree(Span(3, 1))
    changed.articles()[0].title = "Khác"
    assert changed != _tree(Span(3, 1))
    assert Clause(number="1", text="x", marker="1-") == Clause(number="1", text="x", marker="1.")


def test_document_number() -> None:
    number = DocumentNumber.from_text("Số: 01 -QC/ĐU")
    assert number is not None and str(number) == "01-QC/ĐU" and number.has_stray_spaces
    assert number.tag_name(2026) == "01-QC-DU-2026"
    assert DocumentNumber.from_text("12/QĐ-UBND") is None


def test_deep_tree_made_in_code_has_text_without_recursion() -> None:
    top = Item(text="0")
    node = top
    for depth in range(1, 5000):
        child = Item(text=str(depth))
        node.children.append(child)
        node = child
    article = Article(number="1", ordinal=1, title="A", children=[top])
    assert article.body_text().count("\n") == 4999
    assert sum(1 for _ in Regulation(children=[article]).walk()) == 5001
