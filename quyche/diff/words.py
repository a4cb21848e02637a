"""Word-level diff of two texts: the marks of a comparison table (struck old, bold new).

Texts are cut into words, punctuation runs and white space (`\\w+|[^\\w\\s]+|\\s+`). Only the
words and punctuation are compared, so a hard wrap or a double space is no change; white space
is kept for display and is never marked on its own. difflib with `autojunk=False` gives the
longest-block-first alignment people read best (TECH-NOTES §4.1, §4.3); one-word "equal"
islands between two changes ("và", "của") are folded into the change so the marks read as
phrases, not confetti.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Final, Literal

TOKEN_RE: Final = re.compile(r"\w+|[^\w\s]+|\s+")
WORD_RE: Final = re.compile(r"\w+")

Op = Literal["equal", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of one side's text: unmarked ("equal"), struck ("delete") or bold ("insert")."""

    text: str
    op: Op


@dataclass(frozen=True, slots=True)
class WordDiff:
    """The two sides of one comparison, each a list of segments that joins back to its text."""

    old: tuple[Segment, ...]
    new: tuple[Segment, ...]
    inline: tuple[Segment, ...] = ()
    """Both sides in one stream, deletions before insertions: what a terminal shows."""

    @property
    def changed(self) -> bool:
        """True when a word or a punctuation mark differs."""
        return any(s.op != "equal" for s in self.old) or any(s.op != "equal" for s in self.new)

    def deleted_words(self) -> list[str]:
        """The struck pieces of the old side, in order."""
        return [s.text for s in self.old if s.op == "delete"]

    def inserted_words(self) -> list[str]:
        """The bold pieces of the new side, in order."""
        return [s.text for s in self.new if s.op == "insert"]


def tokens(text: str) -> list[str]:
    """Words, punctuation runs and white-space runs, joining back to `text`."""
    return TOKEN_RE.findall(text)


def words(text: str) -> list[str]:
    """Lower-case words only: what similarity scores compare."""
    return WORD_RE.findall(text.lower())


_VISIBLE_RE: Final = re.compile(r"(\w+|[^\w\s]+)(\s*)")
_LEAD_RE: Final = re.compile(r"\s*")


def _split(text: str) -> tuple[list[str], list[str]]:
    """Visible tokens and, for each, the white space that follows it (the first entry of the
    second list is the leading white space, so it has one more entry)."""
    lead = _LEAD_RE.match(text)
    start = lead.end() if lead else 0
    pairs = _VISIBLE_RE.findall(text, start)
    return [v for v, _ in pairs], [text[:start], *(sp for _, sp in pairs)]


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib opcodes, with the common head and tail cut off first (most edits are local,
    and SequenceMatcher's cost grows with the product of the lengths it sees)."""
    head = 0
    limit = min(len(a), len(b))
    while head < limit and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < limit - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    mid_a, mid_b = a[head:len(a) - tail], b[head:len(b) - tail]
    out: list[tuple[str, int, int, int, int]] = []
    if head:
        out.append(("equal", 0, head, 0, head))
    matcher = SequenceMatcher(None, mid_a, mid_b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        out.append((tag, i1 + head, i2 + head, j1 + head, j2 + head))
    if tail:
        out.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return out


def _fold_islands(opcodes: list[tuple[str, int, int, int, int]], a: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Turn a one-token 'equal' between two changes into a delete + insert."""
    out: list[tuple[str, int, int, int, int]] = []
    n = len(opcodes)
    for k, op in enumerate(opcodes):
        tag, i1, i2, j1, j2 = op
        if (tag == "equal" and i2 - i1 == 1 and 0 < k < n - 1 and opcodes[k - 1][0] != "equal"
                and opcodes[k + 1][0] != "equal" and len(a[i1]) <= 4):
            out.append(("replace", i1, i2, j1, j2))
        else:
            out.append(op)
    merged: list[tuple[str, int, int, int, int]] = []
    for op in out:  # neighbouring changes become one replace: "15 ngày" → "10 ngày làm việc"
        if merged and op[0] != "equal" and merged[-1][0] != "equal":
            prev = merged[-1]
            merged[-1] = ("replace", prev[1], op[2], prev[3], op[4])
        else:
            merged.append(op)
    return merged


def _marked(cells: list[str], vis: list[str], i1: int, i2: int) -> str:
    """Tokens i1..i2-1 with the spaces between them, not the one after the last."""
    return "".join(cells[i1:i2 - 1]) + vis[i2 - 1]


def _segments(pieces: list[tuple[Op, str]]) -> tuple[Segment, ...]:
    """Pieces in order, neighbours with the same mark joined, empty ones dropped."""
    out: list[Segment] = []
    buf: list[str] = []
    buf_op: Op = "equal"
    for op, text in pieces:
        if not text:
            continue
        if op != buf_op and buf:
            out.append(Segment("".join(buf), buf_op))
            buf = []
        buf_op = op
        buf.append(text)
    if buf:
        out.append(Segment("".join(buf), buf_op))
    return tuple(out)


def diff_words(old: str, new: str) -> WordDiff:
    """The word-level diff of `old` and `new` (both already NFC).

    A marked run covers the tokens of one change and the spaces between them; the space after
    it stays plain. Changes never touch (_fold_islands joins neighbours), so each side is built
    a change at a time from whole stretches of text, not token by token.
    """
    if old.split() == new.split():  # the common case: nothing but white space differs
        old_seg, new_seg = (Segment(old, "equal"),), (Segment(new, "equal"),)
        return WordDiff(old_seg, new_seg, new_seg)
    a_vis, a_sp = _split(old)
    b_vis, b_sp = _split(new)
    opcodes = _fold_islands(_opcodes(a_vis, b_vis), a_vis)
    a_cells = [tok + sp for tok, sp in zip(a_vis, a_sp[1:], strict=True)]
    b_cells = [tok + sp for tok, sp in zip(b_vis, b_sp[1:], strict=True)]
    old_side: list[tuple[Op, str]] = [("equal", a_sp[0])]
    new_side: list[tuple[Op, str]] = [("equal", b_sp[0])]
    inline: list[tuple[Op, str]] = [("equal", b_sp[0])]  # deletions before insertions
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            old_side.append(("equal", "".join(a_cells[i1:i2])))
            same = "".join(b_cells[j1:j2])
            new_side.append(("equal", same))
            inline.append(("equal", same))
            continue
        if i2 > i1:
            gone = _marked(a_cells, a_vis, i1, i2)
            old_side += [("delete", gone), ("equal", a_sp[i2])]
            inline += [("delete", gone), ("equal", a_sp[i2] or " " if j2 > j1 else a_sp[i2])]
        if j2 > j1:
            added = _marked(b_cells, b_vis, j1, j2)
            new_side += [("insert", added), ("equal", b_sp[j2])]
            inline += [("insert", added), ("equal", b_sp[j2])]
    return WordDiff(_segments(old_side), _segments(new_side), _segments(inline))


def plain(text: str, op: Op = "equal") -> tuple[Segment, ...]:
    """One side with the same mark on every word: an added or a removed article (the white
    space before the first word and after the last stays plain)."""
    if op == "equal":
        return (Segment(text, "equal"),) if text else ()
    core = text.strip()
    if not core:
        return (Segment(text, "equal"),) if text else ()
    start = len(text) - len(text.lstrip())
    end = start + len(core)
    return _segments([("equal", text[:start]), (op, core), ("equal", text[end:])])


def one_sided(text: str, op: Op) -> WordDiff:
    """The diff of an added ("insert") or a removed ("delete") text."""
    segs = plain(text, op)
    return WordDiff(segs if op == "delete" else (), segs if op == "insert" else (), segs)
