"""Three-way merge of a regulation, unit by unit: base → theirs merged into ours.

Used by `quyche template update`: base is the old template version rendered with the unit's
answers, theirs the new version rendered with the same answers, ours the unit's current text.
Line-based merging (git, copier) stops at the first overlapping edit and knows nothing of
articles; here the text is cut at its headings (part, chapter, section, article), the blocks
of the three versions are paired (stable id `{#…}` first, then quyche's article alignment),
and each pair is decided on its own:

- a block the unit did not touch takes the new wording (or goes, when the template repealed it);
- a block only the unit changed keeps the unit's wording;
- a block both changed is merged again one level down (clauses, then points), and what still
  overlaps becomes a conflict: both wordings, between git-style marker lines with Vietnamese
  labels, which the parser reads into `Regulation.conflicts` and `check` reports (QC504).

Blocks keep their source lines, so what the merge does not change keeps its exact formatting.
Comparisons ignore blank lines, line wrapping and the block's own number: a template that adds
an article renumbers every later one, and that alone is not a change. Numbering and references
are left to one separate final pass (quyche.edit.renumber, called by `template update`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from quyche.diff.align import align, article_infos
from quyche.model.document import Article, Paragraph, Regulation, Unit

MARK_OURS: Final = "<<<<<<<"
MARK_THEIRS: Final = "======="
MARK_END: Final = ">>>>>>>"

HEADING_KINDS: Final = frozenset({"part", "chapter", "section", "article", "appendix"})
"""Units that open a block of their own (the rest belongs to the block above)."""

MAX_DEPTH: Final = 3
"""Levels below the article the merge descends (clause, point, item) before it calls a conflict."""

Action = Literal["unchanged", "moved", "theirs", "ours", "same", "merged", "added", "kept", "removed", "dropped", "conflict"]

ACTION_TEXT: Final[dict[str, str]] = {
    "unchanged": "không đổi",
    "moved": "mẫu mới chuyển vị trí",
    "theirs": "theo mẫu mới",
    "ours": "giữ bản của đơn vị",
    "same": "đơn vị và mẫu mới sửa giống nhau",
    "merged": "hợp nhất: phần của mẫu mới và phần của đơn vị",
    "added": "mẫu mới bổ sung",
    "kept": "đơn vị bổ sung, giữ nguyên",
    "removed": "mẫu mới bãi bỏ",
    "dropped": "đơn vị đã bỏ, giữ nguyên việc bỏ",
    "conflict": "xung đột: cần chọn",
}
"""How a report names each action (Vietnamese)."""


@dataclass(frozen=True, slots=True)
class MergeLabels:
    """The labels written after the marker lines of a conflict."""

    ours: str = "Bản của đơn vị"
    theirs: str = "Mẫu mới"
    end: str = "Hết xung đột: giữ một bản, xóa các dòng đánh dấu"


@dataclass(frozen=True, slots=True)
class UnitOutcome:
    """What the merge did with one block (a chapter, an article …)."""

    kind: str
    label: str
    """"Điều 5", "Chương II" — numbered as in the merged text (or the text it left)."""
    title: str
    id: str | None
    action: Action
    detail: str = ""
    """Where inside the unit a conflict is ("khoản 2"), or what a note adds."""


@dataclass(slots=True)
class MergeResult:
    """The merged text and what happened to every block."""

    text: str
    outcomes: list[UnitOutcome] = field(default_factory=list)
    conflicts: int = 0
    notes: list[str] = field(default_factory=list)
    """Things a person should look at that are not conflicts (Vietnamese)."""

    @property
    def changed(self) -> list[UnitOutcome]:
        """Outcomes other than "unchanged" and "ours" (what the update brings)."""
        return [o for o in self.outcomes if o.action not in ("unchanged", "ours", "kept", "dropped")]


@dataclass(slots=True)
class _Piece:
    """A unit or paragraph with the source lines it covers."""

    node: Unit | Paragraph | None
    lines: list[str]
    norm: str
    part: str = ""
    """For a block without a unit: "preamble" (before the first heading) or "closing" (the
    signature block after the last article, in texts that keep it in the body)."""


@dataclass(slots=True)
class _Side:
    front: list[str]
    blocks: list[_Piece]
    reg: Regulation


def _strip_blank_tail(lines: list[str]) -> list[str]:
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    return lines[:end]


def _lines_norm(lines: Sequence[str]) -> str:
    return "\n".join(" ".join(line.split()) for line in lines if line.strip())


def _unit_norm(node: Unit | Paragraph) -> str:
    """What a comparison looks at: text and structure, not the node's own number or layout."""
    if isinstance(node, Paragraph):
        return f"¶{node.text}"
    return f"{node.kind}|{node.title}|{node.text}|{node.id or ''}\n{node.body_text()}"


def _side(text: str, path: str | None) -> _Side:
    from quyche.parse.document import parse_text

    reg = parse_text(text, path)
    lines = text.split("\n")
    front = lines[: reg.body_line - 1]
    starts: list[tuple[int, Unit | None]] = sorted(
        ((node.span.line, node) for node, _ in reg.walk() if isinstance(node, Unit) and node.kind in HEADING_KINDS),
        key=lambda pair: pair[0],
    )
    if reg.closing:  # its own block: the last article's children do not hold it
        starts.append((reg.closing[0].span.line, None))
        starts.sort(key=lambda pair: pair[0])
    blocks: list[_Piece] = []
    first = starts[0][0] if starts else len(lines) + 1
    preamble = _strip_blank_tail(lines[reg.body_line - 1 : first - 1])
    if preamble:
        blocks.append(_Piece(None, preamble, _lines_norm(preamble), "preamble"))
    for k, (line, unit) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(lines) + 1
        chunk = _strip_blank_tail(lines[line - 1 : end - 1])
        if unit is None:
            blocks.append(_Piece(None, chunk, _lines_norm(chunk), "closing"))
            continue
        norm = _unit_norm(unit) if unit.kind == "article" else _head_norm(unit) + "\n" + _lines_norm(chunk[1:])
        blocks.append(_Piece(unit, chunk, norm + _comment_lines(chunk)))
    return _Side(front, blocks, reg)


def _comment_lines(lines: list[str]) -> str:
    """HTML comments (suppressions such as `<!-- quyche-disable-next-line … -->`) are not in the
    model but are the unit's own: adding one is a change the merge must see."""
    found = [line.strip() for line in lines if line.lstrip().startswith("<!--")]
    return "\n" + "\n".join(found) if found else ""


def _head_norm(unit: Unit) -> str:
    return f"{unit.kind}|{unit.title}|{unit.text}|{unit.id or ''}"


# -- pairing blocks ----------------------------------------------------------------------------


def _pair(base: _Side, other: _Side) -> dict[int, int]:
    """other block index → base block index, for blocks that are the same unit."""
    pairs: dict[int, int] = {}
    b_art = [k for k, p in enumerate(base.blocks) if isinstance(p.node, Article)]
    o_art = [k for k, p in enumerate(other.blocks) if isinstance(p.node, Article)]
    if b_art and o_art:
        alignment = align(article_infos(base.reg), article_infos(other.reg))
        for m in alignment.matches:
            if m.old < len(b_art) and m.new < len(o_art):
                pairs[o_art[m.new]] = b_art[m.old]
    taken = set(pairs.values())

    def key(piece: _Piece, rank: str) -> tuple[str, ...] | None:
        """How a heading block is recognised on the other side, surest first."""
        node = piece.node
        if node is None:
            return (piece.part,) if rank == "id" else None
        if not isinstance(node, Unit) or node.kind == "article":
            return None  # articles were paired above
        if rank == "id":
            return (node.kind, node.id) if node.id else None
        if rank == "title":
            return (node.kind, " ".join(node.title.casefold().split()))
        return (node.kind, node.number)

    for rank in ("id", "title", "number"):
        index: dict[tuple[str, ...], int] = {}
        for k, piece in enumerate(base.blocks):
            found = key(piece, rank)
            if k not in taken and found is not None:
                index.setdefault(found, k)
        for k, piece in enumerate(other.blocks):
            found = key(piece, rank) if k not in pairs else None
            hit = index.pop(found, None) if found is not None else None
            if hit is not None and hit not in taken:
                pairs[k] = hit
                taken.add(hit)
    return pairs


# -- the three-way decisions -------------------------------------------------------------------


_NUMBERED_HEAD: Final = re.compile(r"^(?P<pre>\s*(?:#{1,6}\s+)?(?:[ĐÐ]iều|[ĐÐ]IỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+)(?P<num>\S+?)(?P<post>[.:\s]|$)")


def _renumbered(ours: _Piece, base: _Piece, theirs: _Piece) -> list[str]:
    """Ours' lines with the heading number theirs gives, when the unit kept the base's number.

    A new template version that adds or repeals an article renumbers the rest; an article the
    unit edited keeps its wording but takes its new place in the numbering.
    """
    o, b, t = (p.node.number if isinstance(p.node, Unit) else None for p in (ours, base, theirs))
    if o is None or o != b or t is None or t == o or not ours.lines:
        return ours.lines
    m = _NUMBERED_HEAD.match(ours.lines[0])
    if m is None or m.group("num").rstrip(".:") != o:
        return ours.lines
    head = ours.lines[0]
    return [head[: m.start("num")] + t + head[m.start("num") + len(o) :], *ours.lines[1:]]


@dataclass(slots=True)
class _Merger:
    labels: MergeLabels
    conflicts: int = 0
    where: list[str] = field(default_factory=list)
    """Where the conflicts of the block being merged are ("khoản 2")."""

    def conflict(self, ours: list[str], theirs: list[str], ours_note: str = "", theirs_note: str = "") -> list[str]:
        self.conflicts += 1
        return [
            f"{MARK_OURS} {self.labels.ours}{ours_note}",
            *ours,
            f"{MARK_THEIRS} {self.labels.theirs}{theirs_note}",
            *theirs,
            f"{MARK_END} {self.labels.end}",
        ]

    def block(self, base: _Piece, ours: _Piece, theirs: _Piece) -> tuple[list[str], Action]:
        """Both sides have the block: decide, descending into its children when both changed."""
        if ours.norm == base.norm:
            return theirs.lines, "unchanged" if theirs.norm == base.norm else "theirs"
        if theirs.norm == base.norm:
            return _renumbered(ours, base, theirs), "ours"
        if theirs.norm == ours.norm:
            return _renumbered(ours, base, theirs), "same"
        # A chapter's block is its heading and preamble only (its articles are blocks of their own).
        merged = self.unit(base, ours, theirs, 0) if isinstance(base.node, Article) else None
        if merged is None:
            self.where.append("cả điều" if isinstance(base.node, Article) else "cả phần")
            return self.conflict(ours.lines, theirs.lines), "conflict"
        return merged, "merged"

    def unit(self, base: _Piece, ours: _Piece, theirs: _Piece, depth: int) -> list[str] | None:
        """A unit both sides changed, merged child by child; None when its heading conflicts."""
        nodes = (base.node, ours.node, theirs.node)
        if depth > MAX_DEPTH or not all(isinstance(n, Unit) for n in nodes):
            return None
        b_head, b_kids = _children(base)
        o_head, o_kids = _children(ours)
        t_head, t_kids = _children(theirs)
        if not (b_kids or o_kids or t_kids):
            return None
        hb, ho, ht = (_head_norm(p.node) + _comment_lines(h)  # type: ignore[arg-type]
                      for p, h in ((base, b_head), (ours, o_head), (theirs, t_head)))
        if ho == hb:
            head = t_head
        elif ht == hb or ht == ho:
            head = _renumbered(_Piece(ours.node, o_head, ho), _Piece(base.node, b_head, hb), _Piece(theirs.node, t_head, ht))
        else:
            return None
        out = list(head)
        for piece_lines in self.children(b_kids, o_kids, t_kids, depth):
            if out and piece_lines:
                out.append("")  # also before a marker: in Markdown it would go on the paragraph above
            out.extend(piece_lines)
        return out

    def children(self, base: list[_Piece], ours: list[_Piece], theirs: list[_Piece], depth: int) -> list[list[str]]:
        """diff3 over the children: stable runs, one-sided changes, and conflicts."""
        out: list[list[str]] = []
        for kind, (b0, b1), (o0, o1), (t0, t1) in diff3(
            [p.norm for p in base], [p.norm for p in ours], [p.norm for p in theirs]
        ):
            b, o, t = base[b0:b1], ours[o0:o1], theirs[t0:t1]
            if kind == "stable":
                out.extend(tp.lines if op.lines == bp.lines else op.lines for bp, op, tp in zip(b, o, t, strict=True))
                continue
            if len(b) == len(o) == len(t) > 1:
                # neighbours changed on different sides: decide them one by one, not as one block
                for one in zip(b, o, t, strict=True):
                    out.append(self.piece([one[0]], [one[1]], [one[2]], depth))
            else:
                out.append(self.piece(b, o, t, depth))
        return [lines for lines in out if lines]

    def piece(self, b: list[_Piece], o: list[_Piece], t: list[_Piece], depth: int) -> list[str]:
        """A changed run of children: one side's wording, a merge one level down, or a conflict."""
        bn, on, tn = ([p.norm for p in side] for side in (b, o, t))
        if on == bn:
            return _joined(t)
        if tn == bn or tn == on:
            return _joined(o)
        merged = self.unit(b[0], o[0], t[0], depth + 1) if len(b) == len(o) == len(t) == 1 else None
        if merged is not None:
            return merged
        self.where.append(_where(o or b or t))
        return self.conflict(_joined(o), _joined(t))


def _where(pieces: list[_Piece]) -> str:
    labels = [p.node.label if isinstance(p.node, Unit) else "đoạn" for p in pieces]
    return ", ".join(dict.fromkeys(labels)) or "đoạn"


def _joined(pieces: list[_Piece]) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if out:
            out.append("")
        out.extend(piece.lines)
    return out


def _children(piece: _Piece) -> tuple[list[str], list[_Piece]]:
    """A unit's own head lines and one piece per direct child, cut from the piece's lines."""
    node = piece.node
    assert isinstance(node, Unit)
    first = node.span.line
    kids = node.children
    if not kids:
        return piece.lines, []
    starts = [max(0, k.span.line - first) for k in kids]
    head = _strip_blank_tail(piece.lines[: starts[0]])
    out: list[_Piece] = []
    for k, kid in enumerate(kids):
        end = starts[k + 1] if k + 1 < len(starts) else len(piece.lines)
        kid_lines = _strip_blank_tail(piece.lines[starts[k] : end])
        out.append(_Piece(kid, kid_lines, _unit_norm(kid) + _comment_lines(kid_lines)))
    return head, out


Chunk = tuple[Literal["stable", "changed"], tuple[int, int], tuple[int, int], tuple[int, int]]


def diff3(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[Chunk]:
    """Stable and changed chunks of three sequences (Khanna, Kunal and Pierce's diff3).

    Each chunk gives (start, end) in base, ours and theirs. A stable chunk is the same in all
    three; a changed one lies between two stable ones, changed on one side or both.
    """
    def matched(other: Sequence[str]) -> dict[int, int]:
        sm = difflib.SequenceMatcher(None, list(base), list(other), autojunk=False)
        return {a + k: b + k for a, b, size in sm.get_matching_blocks() for k in range(size)}

    mo, mt = matched(ours), matched(theirs)
    chunks: list[Chunk] = []
    lb = lo = lt = 0
    nb = len(base)
    while True:
        run = 0
        while lb + run < nb and mo.get(lb + run) == lo + run and mt.get(lb + run) == lt + run:
            run += 1
        if run:
            chunks.append(("stable", (lb, lb + run), (lo, lo + run), (lt, lt + run)))
            lb, lo, lt = lb + run, lo + run, lt + run
            continue
        nxt = next((i for i in range(lb, nb) if i in mo and i in mt and mo[i] >= lo and mt[i] >= lt), None)
        if nxt is None:
            if lb < nb or lo < len(ours) or lt < len(theirs):
                chunks.append(("changed", (lb, nb), (lo, len(ours)), (lt, len(theirs))))
            return chunks
        chunks.append(("changed", (lb, nxt), (lo, mo[nxt]), (lt, mt[nxt])))
        lb, lo, lt = nxt, mo[nxt], mt[nxt]


def _merge_front(base: list[str], ours: list[str], theirs: list[str], notes: list[str]) -> list[str]:
    """The front matter, line by line; where both sides changed the same lines, the unit's stay."""
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    out: list[str] = []
    for kind, (b0, b1), (o0, o1), (t0, t1) in diff3(base, ours, theirs):
        b, o, t = base[b0:b1], ours[o0:o1], theirs[t0:t1]
        if kind == "stable" or o == b:
            out.extend(t)
        elif t in (b, o):
            out.extend(o)
        else:
            out.extend(o)
            notes.append("Thông tin đầu văn bản: đơn vị và mẫu mới cùng sửa các dòng "
                         f"“{_short(' / '.join(x.strip() for x in o))}”; đã giữ bản của đơn vị, "
                         f"mẫu mới viết “{_short(' / '.join(x.strip() for x in t))}”.")
    return out


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _outcome(piece: _Piece, action: Action, detail: str = "") -> UnitOutcome:
    node = piece.node
    if isinstance(node, Unit):
        return UnitOutcome(node.kind, node.label, node.title, node.id, action, detail)
    if piece.part == "closing":
        return UnitOutcome("closing", "Phần cuối văn bản (nơi nhận, chữ ký)", "", None, action, detail)
    return UnitOutcome("preamble", "Phần mở đầu", "", None, action, detail)


def merge_regulations(base: str, ours: str, theirs: str, *, labels: MergeLabels | None = None,
                      path: str | None = None) -> MergeResult:
    """Merge what changed from `base` to `theirs` into `ours` (texts as `Source.text`)."""
    if theirs == base:
        return MergeResult(ours)
    b, o, t = _side(base, path), _side(ours, path), _side(theirs, path)
    notes: list[str] = []
    merger = _Merger(labels or MergeLabels())
    o_pair, t_pair = _pair(b, o), _pair(b, t)
    # Keys: ("b", i) for a base block and what is paired with it; ("o", k) / ("t", k) for new ones.
    o_keys = [("b", o_pair[k]) if k in o_pair else ("o", k) for k in range(len(o.blocks))]
    t_keys = [("b", t_pair[k]) if k in t_pair else ("t", k) for k in range(len(t.blocks))]
    o_of = {key: o.blocks[k] for k, key in enumerate(o_keys)}
    t_of = {key: t.blocks[k] for k, key in enumerate(t_keys)}

    moved = _moved([("b", i) for i in range(len(b.blocks))], t_keys)
    decided: dict[tuple[str, int], list[str]] = {}
    outcomes: dict[tuple[str, int], UnitOutcome] = {}
    for key in [*o_keys, *(k for k in t_keys if k not in o_of)]:
        ob, tb = o_of.get(key), t_of.get(key)
        bb = b.blocks[key[1]] if key[0] == "b" else None
        merger.where = []
        if bb is None:
            piece = ob or tb
            assert piece is not None
            decided[key] = piece.lines
            outcomes[key] = _outcome(piece, "kept" if ob is not None else "added")
        elif ob is not None and tb is not None:
            before = merger.conflicts
            lines, action = merger.block(bb, ob, tb)
            if merger.conflicts > before:
                action = "conflict"
            elif action == "unchanged" and key in moved:
                action = "moved"
            decided[key] = lines
            shown = ob if action in ("ours", "same") else tb
            outcomes[key] = _outcome(shown, action, ", ".join(merger.where))
        elif ob is not None:  # the new version repealed it
            if ob.norm == bb.norm:
                outcomes[key] = _outcome(ob, "removed")
            else:
                decided[key] = merger.conflict(ob.lines, [], theirs_note=" (bãi bỏ phần này)")
                outcomes[key] = _outcome(ob, "conflict", "mẫu mới bãi bỏ, đơn vị đã sửa")
        elif tb is not None:  # the unit took it out
            if tb.norm == bb.norm:
                outcomes[key] = _outcome(bb, "dropped")
            else:
                decided[key] = merger.conflict([], tb.lines, ours_note=" (đã bỏ phần này)")
                outcomes[key] = _outcome(tb, "conflict", "đơn vị đã bỏ, mẫu mới sửa")

    order = _order([("b", i) for i in range(len(b.blocks))], o_keys, t_keys, notes)
    body = [decided[key] for key in order if key in decided]
    front = _merge_front(b.front, o.front, t.front, notes)
    text = "\n".join(_strip_blank_tail(front))
    for lines in body:
        text += ("\n\n" if text else "") + "\n".join(lines)
    return MergeResult(text + "\n", [outcomes[k] for k in order if k in outcomes], merger.conflicts, notes)


def _moved(base: list[tuple[str, int]], theirs: list[tuple[str, int]]) -> set[tuple[str, int]]:
    """Blocks the new version moved: those outside the longest run kept in the base's order."""
    position = {key: k for k, key in enumerate(base)}
    common = [key for key in theirs if key in position]
    sm = difflib.SequenceMatcher(None, [position[k] for k in common], sorted(position[k] for k in common),
                                 autojunk=False)
    kept = {common[a + k] for a, _b, size in sm.get_matching_blocks() for k in range(size)}
    return {key for key in common if key not in kept}


def _order(base: list[tuple[str, int]], ours: list[tuple[str, int]], theirs: list[tuple[str, int]],
           notes: list[str]) -> list[tuple[str, int]]:
    """The blocks' order: the new version's, unless only the unit reordered the text.

    Blocks one side alone has (added, or kept against a repeal) follow the block they follow
    on that side.
    """
    def moved(side: list[tuple[str, int]]) -> bool:
        present = set(side)
        return [k for k in side if k[0] == "b"] != [k for k in base if k in present]

    ours_moved, theirs_moved = moved(ours), moved(theirs)
    if ours_moved and theirs_moved:
        notes.append("Cả đơn vị và mẫu mới đều đổi thứ tự một số phần; quy chế sau cập nhật theo thứ tự "
                     "của mẫu mới, hãy xem lại vị trí các điều đơn vị đã chuyển.")
    skeleton, other = (ours, theirs) if ours_moved and not theirs_moved else (theirs, ours)
    in_skeleton = set(skeleton)
    after: dict[tuple[str, int] | None, list[tuple[str, int]]] = {}
    for pos, key in enumerate(other):
        if key not in in_skeleton:  # it follows the key before it on its own side
            after.setdefault(other[pos - 1] if pos else None, []).append(key)
    result: list[tuple[str, int]] = []
    stack = list(reversed([*after.get(None, []), *skeleton]))
    while stack:
        key = stack.pop()
        result.append(key)
        stack.extend(reversed(after.get(key, [])))
    return result
