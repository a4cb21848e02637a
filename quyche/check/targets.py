"""Which unit a cross-reference names: "khoản 2 Điều 5" → the Clause object, not a message.

`renumber` rewrites a reference's numbers to the new numbers of the units it names, and the
stale-reference rule compares the units a reference names in two versions; both need the
target as a unit. A number held by two units (an article typed with a duplicate number) is
ambiguous rather than silently the first one: renumbering it either way could be wrong.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from quyche.check.index import Block, DocIndex, Place
from quyche.model.document import Article, Chapter, Clause, Point, Regulation, Unit
from quyche.parse.references import Reference, RefPart


@dataclass(slots=True)
class Resolution:
    """The unit each part of a reference names (None for "này" parts and parts not reached)."""

    units: list[Unit | None]
    """Same order as `Reference.parts` (innermost first)."""
    problem: str | None = None
    """Vietnamese: what is missing or ambiguous; None when it resolved, or when it is read as
    prose, as QC201 reads it ("khoản 2" outside any article: every unit None)."""
    ambiguous: bool = False
    """True when a number is held by two units of the same kind and scope."""

    @property
    def target(self) -> Unit | None:
        """The innermost unit named (what the reference points at), when it resolved."""
        return self.units[0] if self.problem is None and self.units else None


@dataclass(slots=True)
class Targets:
    """Numbers → units of one document, duplicates kept (built once per document)."""

    index: DocIndex
    articles: dict[int, dict[str, list[Article]]] = field(default_factory=dict)
    """id(block) → article number (lower case) → every article of the block with that number."""
    chapters: dict[str, list[Chapter]] = field(default_factory=dict)

    def block_articles(self, block: Block) -> dict[str, list[Article]]:
        """The articles of `block` by number."""
        found = self.articles.get(id(block))
        if found is None:
            found = defaultdict(list)
            for art in block.articles:
                found[art.number.lower()].append(art)
            self.articles[id(block)] = found
        return found


def build_targets(doc: Regulation, index: DocIndex) -> Targets:
    """Index the numbers of `doc` for `resolve`."""
    chapters: dict[str, list[Chapter]] = defaultdict(list)
    for ch in index.chapters:
        chapters[ch.number.upper()].append(ch)
    return Targets(index, chapters=chapters)


def children_numbered(unit: Unit, cls: type[Unit], number: str) -> list[Unit]:
    """Descendants of `unit` of class `cls` numbered `number`, not looking inside clauses or
    points (a point of khoản 2 is not a point of khoản 1)."""
    out: list[Unit] = []
    stack = list(reversed(unit.children))
    while stack:
        node = stack.pop()
        if isinstance(node, cls):
            if node.number == number:
                out.append(node)
        elif isinstance(node, Unit) and not isinstance(node, (Clause, Point)):
            stack.extend(reversed(node.children))
    return out


def _one(found: list[Unit], what: str, units: list[Unit | None]) -> tuple[Unit | None, Resolution | None]:
    if not found:
        return None, Resolution(units, f"không có {what}")
    if len(found) > 1:
        lines = ", ".join(str(u.span.line) for u in found)
        return None, Resolution(units, f"có {len(found)} {what} (dòng {lines})", ambiguous=True)
    return found[0], None


def resolve(ref: Reference, place: Place, targets: Targets) -> Resolution:
    """The units `ref`, read at `place`, names in the document as numbered now."""
    parts = ref.parts
    units: list[Unit | None] = [None] * len(parts)
    pos: dict[str, int] = {p.kind: i for i, p in enumerate(parts)}

    def part(kind: str) -> RefPart | None:
        i = pos.get(kind)
        return parts[i] if i is not None else None

    chapter_part, art_part = part("chapter"), part("article")
    clause_part, point_part = part("clause"), part("point")
    if chapter_part is not None and art_part is None:
        if chapter_part.relative:  # outside a chapter "Chương này" is prose, as QC201 reads it
            units[pos["chapter"]] = place.chapter
            return Resolution(units)
        chapter, failed = _one(list(targets.chapters.get(chapter_part.number.upper(), [])),
                               f"Chương {chapter_part.number}", units)
        if failed:
            return failed
        units[pos["chapter"]] = chapter
        return Resolution(units)
    article: Unit | None
    if art_part is not None:
        if art_part.relative:
            article = place.article
            if article is None:
                return Resolution(units)  # "Điều này cho thấy …" outside an article: prose
        else:
            if place.block is None:
                return Resolution(units, f"không có Điều {art_part.number}")
            found = targets.block_articles(place.block).get(art_part.number.lower(), [])
            article, failed = _one(list(found), f"Điều {art_part.number}", units)
            if failed:
                return failed
        units[pos["article"]] = article
    else:
        article = place.article
        if article is None:
            return Resolution(units)  # "khoản 2" outside any article: nothing to resolve against
    assert article is not None
    clause: Unit | None = None
    if clause_part is not None:
        if clause_part.relative:
            clause = place.clause
            if clause is None:
                return Resolution(units)  # "các khoản này" (these sums) outside a clause: prose
        else:
            clause, failed = _one(children_numbered(article, Clause, clause_part.number),
                                  f"khoản {clause_part.number} {article.label}", units)
            if failed:
                return failed
        units[pos["clause"]] = clause
    if point_part is not None:
        if point_part.relative:
            units[pos["point"]] = place.point
            return Resolution(units)
        holder = clause if clause is not None else (place.clause if art_part is None else article)
        if holder is None:
            holder = article
        where = f"khoản {holder.number} {article.label}" if isinstance(holder, Clause) else article.label
        point, failed = _one(children_numbered(holder, Point, point_part.number),
                             f"điểm {point_part.number} {where}", units)
        if failed:
            return failed
        units[pos["point"]] = point
    return Resolution(units)
