"""quyche.parse.references: what a reference points at, and where each number stands."""

from __future__ import annotations

from pathlib import Path

from quyche.parse.references import THIS, find_references


def _targets(text: str) -> list[list[tuple[str, str]]]:
    return [[(p.kind, p.number) for p in r.parts] for r in find_references(text)]


def test_single_and_chained_references() -> None:
    assert _targets("theo Điều 7") == [[("article", "7")]]
    assert _targets("khoản 2 Điều 5") == [[("clause", "2"), ("article", "5")]]
    assert _targets("điểm a khoản 1 Điều 3") == [[("point", "a"), ("clause", "1"), ("article", "3")]]
    assert _targets("Chương II") == [[("chapter", "II")]]
    assert _targets("Điều 5a") == [[("article", "5a")]]


def test_relative_references() -> None:
    refs = find_references("theo khoản này và Điều này")
    assert [[(p.kind, p.number) for p in r.parts] for r in refs] == [[("clause", THIS)], [("article", THIS)]]
    assert all(r.parts[0].relative for r in refs)


def test_lists_expand_to_one_reference_each() -> None:
    assert _targets("các khoản 1, 4 và 5 Điều 39") == [
        [("clause", "1"), ("article", "39")], [("clause", "4"), ("article", "39")], [("clause", "5"), ("article", "39")]]
    assert _targets("Điều 4, Điều 5 của Quy chế này") == [[("article", "4")], [("article", "5")]]
    assert _targets("khoản 1 và khoản 2 Điều 5") == [[("clause", "1"), ("article", "5")], [("clause", "2"), ("article", "5")]]
    assert _targets("điểm a), b) khoản 1 Điều 10") == [
        [("point", "a"), ("clause", "1"), ("article", "10")], [("point", "b"), ("clause", "1"), ("article", "10")]]
    assert _targets("các điểm a, b, c và i khoản 1 và khoản 2 Điều 2")[3] == [("point", "i"), ("clause", "1"), ("article", "2")]


def test_columns_point_at_each_number() -> None:
    text = "Thực hiện theo các khoản 1, 4 và 5 Điều 39 Quy chế này."
    refs = find_references(text, line=12, column=4)
    assert [r.parts[0].column for r in refs] == [4 + text.index("1,"), 4 + text.index("4 và"), 4 + text.index("5 Điều")]
    assert all(r.parts[0].line == 12 for r in refs)
    assert refs[0].span.column == 4 + text.index("các")
    assert refs[0].parts[1].column == 4 + text.index("39")


def test_multi_line_text_keeps_lines() -> None:
    refs = find_references("Dòng đầu.\nTheo khoản 2\nĐiều 5 của Quy chế này.", line=7)
    assert [(p.kind, p.number, p.line, p.column) for p in refs[0].parts] == [("clause", "2", 8, 12), ("article", "5", 9, 6)]


def test_qualifiers_tell_own_document_from_others() -> None:
    own = find_references("theo khoản 2 Điều 5 Quy chế này")[0]
    assert own.self_document and own.document == "Quy chế này" and own.document_kind == "quy chế"
    other = find_references("theo Điều 12 của Luật Tổ chức Quốc hội và các văn bản")[0]
    assert not other.self_document and other.document == "Luật Tổ chức Quốc hội"
    bare = find_references("theo khoản 2 Điều 5")[0]
    assert bare.self_document and bare.document is None
    assert find_references("Căn cứ Điều lệ Đảng Cộng sản Việt Nam") == []
    wrong_kind = find_references("theo Điều 3 Quy định này")[0]
    assert wrong_kind.self_document and wrong_kind.document_kind == "quy định"


def test_style_flags() -> None:
    comma = find_references("theo khoản 2, Điều 5 Quy chế này")[0]
    assert comma.comma_in_chain and [p.kind for p in comma.parts] == ["clause", "article"]
    caps = find_references("được quy định tại Khoản 2 Điều 3")[0]
    assert caps.capitalised == ("Khoản",)
    start = find_references("Khoản 2 Điều 3 được áp dụng.")[0]
    assert start.capitalised == ()
    assert find_references("2. Khoản 1 Điều 3 quy định")[0].capitalised == ()


def test_prose_is_not_a_reference() -> None:
    for text in ("đủ điều kiện", "điều này cho thấy", "chương trình công tác", "tại thời điểm này",
                 "địa điểm này", "điều khoản này", "kiểm tra", "điểm học tập toàn khóa"):
        assert find_references(text) == [], text


def test_fast_path_equals_general_reader_on_the_corpus(corpus: Path) -> None:
    """The one-regex reading of plain "khoản 2 Điều 5 Quy chế này" gives exactly what the
    general reader gives, on every line of every corpus text (and each line joined to the next)."""
    from quyche.parse.references import _find

    refs = 0
    for path in sorted(corpus.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        for i, line in enumerate(lines):
            for text in (line, line + "\n" + (lines[i + 1] if i + 1 < len(lines) else "")):
                fast = _find(text, i + 1, 1, fast=True)
                assert fast == _find(text, i + 1, 1, fast=False), (path.name, i + 1, text[:200])
                refs += len(fast)
    assert refs > 10000
