"""Word-level diff: marks on words and punctuation only, white space never a change."""

from __future__ import annotations

import itertools
from typing import Any

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


# --- properties on any pair of texts -----------------------------------------------------------
_WORDS = ["Điều", "5.", "và", "của", "quy", "định", "15", "ngày", ",", ";", "a)", "(", ")", "–", "lao", "động"]
_SPACES = ["", " ", "  ", "\n", " \n ", "\t", "\u00a0"]


def _texts() -> Any:
    from hypothesis import strategies as st

    piece = st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SPACES)).map("".join)
    return st.tuples(st.sampled_from(_SPACES), st.lists(piece, max_size=30)).map(lambda t: t[0] + "".join(t[1]))


def _visible(segs: Any, *ops: str) -> list[str]:
    return [tok for s in segs if s.op in ops for tok in tokens(s.text) if not tok.isspace()]


def test_segments_rebuild_both_texts_and_agree_with_each_other() -> None:
    from hypothesis import given, settings

    @settings(max_examples=400, deadline=None)
    @given(_texts(), _texts())
    def check(old: str, new: str) -> None:
        d = diff_words(old, new)
        assert _joined(d.old) == old and _joined(d.new) == new
        for side, mark in ((d.old, "delete"), (d.new, "insert"), (d.inline, None)):
            assert all(s.text for s in side) or not d.changed
            assert all(a.op != b.op for a, b in itertools.pairwise(side))  # neighbours differ
            for s in side:
                if s.op != "equal":
                    assert s.op == (mark or s.op)
                    assert not s.text[0].isspace() and not s.text[-1].isspace()  # spaces around stay plain
        # what is kept reads the same on both sides; the inline stream is the new text plus deletions
        assert _visible(d.old, "equal") == _visible(d.new, "equal")
        assert _visible(d.inline, "equal", "insert") == _visible(d.new, "equal", "insert")
        assert _visible(d.inline, "delete") == _visible(d.old, "delete")
        for op in ("insert", "delete"):
            side = one_sided(old, op).inline  # type: ignore[arg-type]
            assert _joined(side) == old
            assert _visible(side, op) == [tok for tok in tokens(old) if not tok.isspace()]
            assert all(s.text.isspace() for s in side if s.op == "equal")

    check()
