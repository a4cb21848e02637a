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


def _split(text: str) -> tuple[list[str], list[str]]:
    """Visible tokens and, for each, the white space that follows it (the first entry of the
    second list is the leading white space, so it has one more entry)."""
    visible: list[str] = []
    spaces: list[str] = [""]
    for tok in TOKEN_RE.findall(text):
        if tok.isspace():
            spaces[-1] += tok
        else:
            visible.append(tok)
            spaces.append("")
    return visible, spaces


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


def _side(vis: list[str], spaces: list[str], flags: list[bool], mark: Op) -> tuple[Segment, ...]:
    """Segments of one side: runs of marked tokens (with their inner spaces) and plain runs."""
    segs: list[Segment] = []
    buf: list[str] = [spaces[0]] if spaces[0] else []
    buf_op: Op = "equal"

    def flush() -> None:
        if buf:
            text = "".join(buf)
            if segs and segs[-1].op == buf_op:
                segs[-1] = Segment(segs[-1].text + text, buf_op)
            else:
                segs.append(Segment(text, buf_op))
            buf.clear()

    for idx, tok in enumerate(vis):
        op: Op = mark if flags[idx] else "equal"
        if op != buf_op:
            flush()
            buf_op = op
        buf.append(tok)
        space = spaces[idx + 1]
        if space:
            next_marked = idx + 1 < len(vis) and flags[idx + 1] == flags[idx]
            if op != "equal" and not next_marked:
                flush()  # trailing space after a marked run stays plain
                buf_op = "equal"
            buf.append(space)
    flush()
    return tuple(segs)


def diff_words(old: str, new: str) -> WordDiff:
    """The word-level diff of `old` and `new` (both already NFC)."""
    if old.split() == new.split():  # the common case: nothing but white space differs
        old_seg, new_seg = (Segment(old, "equal"),), (Segment(new, "equal"),)
        return WordDiff(old_seg, new_seg, new_seg)
    a_vis, a_sp = _split(old)
    b_vis, b_sp = _split(new)
    opcodes = _fold_islands(_opcodes(a_vis, b_vis), a_vis)
    a_flags = [False] * len(a_vis)
    b_flags = [False] * len(b_vis)
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        for i in range(i1, i2):
            a_flags[i] = True
        for j in range(j1, j2):
            b_flags[j] = True
    items: list[tuple[str, Op, str]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            items.extend((b_vis[j], "equal", b_sp[j + 1]) for j in range(j1, j2))
            continue
        deleted = [(a_vis[i], "delete", a_sp[i + 1]) for i in range(i1, i2)]
        if deleted and j2 > j1:
            deleted[-1] = (deleted[-1][0], "delete", deleted[-1][2] or " ")
        items.extend(deleted)  # type: ignore[arg-type]
        items.extend((b_vis[j], "insert", b_sp[j + 1]) for j in range(j1, j2))
    return WordDiff(_side(a_vis, a_sp, a_flags, "delete"), _side(b_vis, b_sp, b_flags, "insert"),
                    _merge(b_sp[0], items))


def _merge(lead: str, items: list[tuple[str, Op, str]]) -> tuple[Segment, ...]:
    """Join (token, op, following space) items into segments; a space after a marked run is plain."""
    runs: list[tuple[Op, list[str]]] = [("equal", [lead])] if lead else []

    def push(text: str, op: Op) -> None:
        if runs and runs[-1][0] == op:
            runs[-1][1].append(text)
        else:
            runs.append((op, [text]))

    for k, (tok, op, space) in enumerate(items):
        push(tok, op)
        if space:
            same_next = k + 1 < len(items) and items[k + 1][1] == op
            push(space, op if same_next else "equal")
    return tuple(Segment("".join(parts), op) for op, parts in runs)


def plain(text: str, op: Op = "equal") -> tuple[Segment, ...]:
    """One side with the same mark on every word: an added or a removed article."""
    vis, spaces = _split(text)
    return _side(vis, spaces, [op != "equal"] * len(vis), op)


def one_sided(text: str, op: Op) -> WordDiff:
    """The diff of an added ("insert") or a removed ("delete") text."""
    segs = plain(text, op)
    return WordDiff(segs if op == "delete" else (), segs if op == "insert" else (), segs)
