"""Word-level diff: marks on words and punctuation only, white space never a change."""

from __future__ import annotations

from quyche.diff.words import diff_words, one_sided, tokens


def _joined(segs: tuple) -> str:  # type: ignore[type-arg]
    return "".join(s.text for s in segs)


def test_tokens_join_back_to_the_text() -> None:
    text = "Điều 5. Trong thời hạn 15 ngày,  kể từ…\n2. Khoản hai."
    assert "".join(tokens(text)) == text


def test_replaced_words_are_struck_and_bold() -> None:
    old = "Trong thời hạn 15 ngày, Ban Thường vụ quyết định."
    new = "Trong thời hạn 10 ngày làm việc, Ban Chấp hành quyết định."
    d = diff_words(old, new)
    assert _joined(d.old) == old and _joined(d.new) == new
    assert d.deleted_words() == ["15 ngày", "Thường vụ"]
    assert d.inserted_words() == ["10 ngày làm việc", "Chấp hành"]
    # inline: each deletion comes before its insertion
    inline = [(s.op, s.text) for s in d.inline if s.op != "equal"]
    assert inline == [("delete", "15 ngày"), ("insert", "10 ngày làm việc"),
                      ("delete", "Thường vụ"), ("insert", "Chấp hành")]


def test_white_space_and_line_wraps_are_no_change() -> None:
    d = diff_words("Ban Chấp hành  họp\nthường lệ.", "Ban Chấp hành họp thường lệ.")
    assert not d.changed


def test_punctuation_change_is_marked() -> None:
    d = diff_words("quyết định và thông qua.", "quyết định, thông qua.")
    assert d.changed
    assert d.deleted_words() == ["và"]
    assert d.inserted_words() == [","]


def test_spaces_after_a_marked_run_stay_plain() -> None:
    d = diff_words("a b c d", "a x y d")
    marked = [s.text for s in d.new if s.op == "insert"]
    assert marked == ["x y"]


def test_one_sided_marks_every_word() -> None:
    d = one_sided("Điều 3. Chuyển đổi số", "insert")
    assert d.old == ()
    assert [s.op for s in d.new if s.text.strip()] == ["insert"]
    assert _joined(d.new) == "Điều 3. Chuyển đổi số"


def test_long_texts_are_not_junked() -> None:
    """difflib's autojunk would call most of a long article changed (TECH-NOTES §4.3)."""
    base = " ".join(f"từ{k % 37} và của" for k in range(400))
    edited = base.replace("từ5 và", "từ5 hoặc", 1)
    d = diff_words(base, edited)
    assert d.deleted_words() == ["và"]
    assert d.inserted_words() == ["hoặc"]
