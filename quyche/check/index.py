"""What several rules need to look up in one document, built once per file.

Article sequences ("blocks"): a file may hold a decision (Điều 1–3, outside any chapter) and
then the regulation it issues (Chương I, Điều 1 …); each block has its own numbering, its own
document kind and its own references.
"""

from __future__ import annotations

import bisect
import operator
from dataclasses import dataclass, field
from itertools import accumulate

from quyche.check.registry import CheckContext
from quyche.model.document import (
    DOC_KIND_TITLES,
    KIND_LINE,
    Article,
    Chapter,
    Clause,
    Node,
    Paragraph,
    Point,
    Regulation,
    Unit,
)
from quyche.model.span import Span


@dataclass(slots=True)
class Block:
    """One article sequence with the document kind it belongs to."""

    articles: list[Article] = field(default_factory=list)
    kind: str | None = None
    by_number: dict[str, Article] = field(default_factory=dict)
    first_line: int = 0


@dataclass(slots=True)
class Place:
    """The units that contain a line, innermost last.

    The clause and point are looked up on first use: most references name their article
    ("khoản 1 Điều 5 Quy chế này") and need only the block, and the look-up through the
    article's clauses was a fifth of the cost of reading the references.
    """

    block: Block | None
    chapter: Chapter | None
    article: Article | None
    line: int = 0
    _units_of: dict[int, tuple[list[int], list[Unit]]] | None = None
    """DocIndex's table of child units (shared, not the index itself: no reference cycle)."""
    _inner: tuple[Clause | None, Point | None] | None = None

    @property
    def clause(self) -> Clause | None:
        """The clause that holds the line."""
        return self._units()[0]

    @property
    def point(self) -> Point | None:
        """The point that holds the line."""
        return self._units()[1]

    def _units(self) -> tuple[Clause | None, Point | None]:
        if self._inner is None:
            clause = point = None
            if self.article is not None and self._units_of is not None:
                for unit in _containing(self._units_of, self.article, self.line):
                    if isinstance(unit, Clause) and clause is None:
                        clause = unit
                    elif isinstance(unit, Point) and point is None:
                        point = unit
            self._inner = (clause, point)
        return self._inner


def _containing(units_of: dict[int, tuple[list[int], list[Unit]]], unit: Unit, line: int) -> list[Unit]:
    """The units inside `unit` that hold `line`, outermost first.

    Bisects each level's child units by first line (`units_of` keeps them per unit): an article
    of 10,000 clauses is looked up 10,000 times by QC201, and a scan per look-up made that
    quadratic.
    """
    out: list[Unit] = []
    while True:
        kids = units_of.get(id(unit))
        if kids is None:
            units = [c for c in unit.children if isinstance(c, Unit)]
            kids = units_of[id(unit)] = ([u.span.line for u in units], units)
        i = bisect.bisect_right(kids[0], line) - 1
        if i < 0 or not kids[1][i].span.line <= line <= kids[1][i].span.end_line:
            return out
        unit = kids[1][i]
        out.append(unit)


@dataclass(slots=True)
class DocIndex:
    """Blocks, articles with their chapter, lines to skip when reading references."""

    blocks: list[Block]
    chapter_of: dict[int, Chapter | None]
    """id(article) → its chapter."""
    starts: list[int]
    articles: list[Article]
    block_of: list[Block]
    skip_lines: set[int]
    """Closing block, page furniture, quoted text, appendices: not the document's own text."""
    chapters: list[Chapter]
    _places: dict[int, Place] = field(default_factory=dict)
    _units_of: dict[int, tuple[list[int], list[Unit]]] = field(default_factory=dict)
    """id(unit) → its child units and their first lines, for bisecting (built on first use)."""
    numbered: dict[tuple[int, type], dict[str, Unit]] = field(default_factory=dict)
    """(id(unit), Clause or Point) → its clauses or points by number, filled by QC201 on demand
    (a scan per reference made 10,000 references into one big article quadratic)."""

    def place(self, line: int) -> Place:
        """Which block, chapter, article, clause and point hold `line` (cached per line)."""
        found = self._places.get(line)
        if found is None:
            found = self._places[line] = self._place(line)
        return found

    def _place(self, line: int) -> Place:
        i = bisect.bisect_right(self.starts, line) - 1
        if i < 0:
            first = self.blocks[0] if self.blocks else None
            return Place(first, None, None)
        art = self.articles[i]
        block = self.block_of[i]
        if line > art.span.end_line:
            return Place(block, self.chapter_of.get(id(art)), None)
        return Place(block, self.chapter_of.get(id(art)), art, line, self._units_of)


def front_kind(doc: Regulation) -> str | None:
    """The document kind the front matter states, lower case."""
    fm = doc.front_matter
    return fm.kind.strip().lower() if fm and fm.kind else None


def build_index(doc: Regulation, text: str = "") -> DocIndex:
    """Walk the containers once (articles are not descended into unless the text quotes)."""
    blocks: list[Block] = []
    chapter_of: dict[int, Chapter | None] = {}
    skip: set[int] = set()
    chapters: list[Chapter] = []
    state: dict[str, object] = {"kind": front_kind(doc), "current": None, "prev": None}

    def visit(children: list[Node], chapter: Chapter | None, top: bool) -> None:
        for node in children:
            if isinstance(node, Paragraph):
                if top:
                    m = KIND_LINE.match(node.text.strip())
                    if m:
                        state["titled"] = True
                        if doc.front_matter is None:
                            state["kind"] = DOC_KIND_TITLES[m.group(1)]
                continue
            if isinstance(node, Article):
                chapter_of[id(node)] = chapter
                prev = state["prev"]
                current = state["current"]
                # A second document (the regulation a decision issues) starts again at Điều 1:
                # the decision's articles stand outside chapters, and the new text has a title
                # line ("QUY CHẾ") or opens a chapter.
                restart = (isinstance(prev, Article) and node.ordinal == 1 and not node.suffix
                           and chapter_of.get(id(prev)) is None
                           and (chapter is not None or bool(state.get("titled"))))
                if not isinstance(current, Block) or restart:
                    current = Block(kind=state["kind"], first_line=node.span.line)  # type: ignore[arg-type]
                    blocks.append(current)
                    state["current"] = current
                current.articles.append(node)
                current.by_number.setdefault(node.number.lower(), node)
                state["prev"] = node
                state["titled"] = False
            elif isinstance(node, Chapter):
                chapters.append(node)
                visit(node.children, node, False)
            elif node.kind == "appendix":
                skip.update(range(node.span.line, node.span.end_line + 1))
            elif isinstance(node, Unit):
                visit(node.children, chapter, False)

    visit(doc.children, None, True)
    if not text or "“" in text or "\n>" in text:
        for node, _parents in doc.walk():
            if isinstance(node, Paragraph) and node.quoted:
                skip.update(range(node.span.line, node.span.end_line + 1))
    for para in (*doc.closing, *doc.furniture):
        skip.update(range(para.span.line, para.span.end_line + 1))
    arts: list[Article] = []
    block_of: list[Block] = []
    for block in blocks:
        for art in block.articles:
            arts.append(art)
            block_of.append(block)
    return DocIndex(blocks, chapter_of, [a.span.line for a in arts], arts, block_of, skip, chapters)




def line_starts(ctx: CheckContext) -> list[int]:
    """Offset of the first character of every line of the NFC text (shared by the rules)."""
    starts = ctx.extra.get("line_starts")
    if not isinstance(starts, list):
        lines = lines_of(ctx)  # offset of line i+1 = lengths of lines 1..i plus i newlines
        starts = [0, *map(operator.add, accumulate(map(len, lines[:-1])), range(1, len(lines)))]
        ctx.extra["line_starts"] = starts
    return starts


def lines_of(ctx: CheckContext) -> list[str]:
    """The NFC text split into lines, once per file."""
    lines = ctx.extra.get("lines")
    if not isinstance(lines, list):
        lines = ctx.source.text.split("\n")
        ctx.extra["lines"] = lines
    return lines


def head_span(ctx: CheckContext, unit: Unit) -> Span:
    """The first line of a unit (its heading or marker), not the whole stretch of its children."""
    lines = lines_of(ctx)
    line = unit.span.line
    end = len(lines[line - 1]) + 1 if 0 < line <= len(lines) else unit.span.column
    return Span(line, unit.span.column, line, max(end, unit.span.column))


def all_units(doc: Regulation, ctx: CheckContext) -> list[Unit]:
    """doc.units() as a list, walked once per file and shared by the rules."""
    units = ctx.extra.get("units")
    if not isinstance(units, list):
        units = list(doc.units())
        ctx.extra["units"] = units
    return units


@dataclass(slots=True)
class Families:
    """The units the numbering rules read, sorted out in one walk and shared (QC103, QC104,
    QC109 each walked every unit and sifted its children again)."""

    with_clauses: list[tuple[Article | Clause, list[Clause]]]
    """Articles and clauses that hold clauses, with those clauses, in document order."""
    with_points: list[tuple[Unit, list[Point]]]
    """Units that hold points, with those points, in document order."""
    numbered: list[Clause | Point]
    """Every clause and point, in document order."""


def families(doc: Regulation, ctx: CheckContext) -> Families:
    """The Families of `doc`, built by the first rule that asks."""
    found = ctx.extra.get("families")
    if not isinstance(found, Families):
        found = Families([], [], [])
        for unit in all_units(doc, ctx):
            clauses: list[Clause] = []
            points: list[Point] = []
            for child in unit.children:
                if isinstance(child, Clause):
                    clauses.append(child)
                elif isinstance(child, Point):
                    points.append(child)
            if clauses and isinstance(unit, (Article, Clause)):
                found.with_clauses.append((unit, clauses))
            if points:
                found.with_points.append((unit, points))
            if isinstance(unit, (Clause, Point)):
                found.numbered.append(unit)
        ctx.extra["families"] = found
    return found


def get_index(doc: Regulation, ctx: CheckContext) -> DocIndex:
    """The index of `doc`, built by the first rule that asks."""
    idx = ctx.extra.get("index")
    if not isinstance(idx, DocIndex):
        idx = build_index(doc, ctx.source.text)
        ctx.extra["index"] = idx
    return idx
