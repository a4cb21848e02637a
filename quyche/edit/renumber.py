"""Renumber parts, chapters, sections, articles, clauses and points in document order, and
rewrite every internal reference so it keeps naming the same unit.

The model (docs/renumber.md): every reference is resolved against the numbering the text
has *now*, before renumbering, in document order — "Điều 18" is the article whose heading
reads "Điều 18" in the same article sequence, even when numbers are gapped ("Điều 5a", a
deleted article) or out of order (a moved article). The reference then gets that unit's new
number. A number two units share (an article typed with a duplicate number) is ambiguous:
the reference is left as written and reported, unless an earlier version of the text is given
(`earlier`, from `--since`): then the number means the article that bore it there, found again
by stable id, then as `quyche diff` pairs articles; and a reference left unchanged since then
whose target moved (what QC205 reports) is pointed back at the unit it named there.
References to other documents and the quoted text of amending articles are never touched.

Text in, text out, no I/O: the edits are made on the text as read, column by column, so
everything but the changed numbers stays byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from quyche.check.index import DocIndex, build_index
from quyche.check.registry import CheckContext
from quyche.check.targets import Resolution, Targets, build_targets, children_numbered, resolve
from quyche.check.versions import reference_key, stale_targets
from quyche.config import Config
from quyche.model.document import (
    Article,
    Chapter,
    Clause,
    Part,
    Point,
    Regulation,
    Section,
    Unit,
)
from quyche.model.numbering import (
    POINT_LETTERS,
    from_roman,
    ordinal_from_words,
    ordinal_words,
    point_ordinal,
    split_article_number,
    to_roman,
)
from quyche.parse import patterns as P
from quyche.parse.document import parse_text
from quyche.parse.references import Reference
from quyche.parse.source import Source

Meant = Callable[[Reference, Resolution], Unit | None]
"""Which unit an ambiguous reference meant (from an earlier version), or None."""


@dataclass(frozen=True, slots=True)
class NumberChange:
    """One unit whose number changes: "Điều 5a" → "Điều 6"."""

    kind: str
    old: str
    new: str
    old_label: str
    """"Điều 5a", "khoản 2 Điều 5a", "điểm b khoản 2 Điều 5a"."""
    new_label: str
    id: str | None
    line: int
    title: str
    reason: str
    """inserted (a "5a" number or no usable number) | duplicate (same number as the unit
    before) | gap (numbers skipped before it) | moved (smaller than the unit before) |
    shifted (follows an earlier change)."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One number replaced in the text (1-based line and column of its first character)."""

    line: int
    column: int
    old: str
    new: str
    what: str
    """heading | reference"""


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A reference renumbering leaves as written, and why (Vietnamese)."""

    line: int
    column: int
    text: str
    problem: str
    ambiguous: bool = False


@dataclass(slots=True)
class Renumbering:
    """What renumbering a text does."""

    before: str
    after: str
    changes: list[NumberChange] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Would the text change?"""
        return self.before != self.after

    @property
    def gaps(self) -> list[NumberChange]:
        """Changes that only close a numbering gap of the text as it was."""
        return [c for c in self.changes if c.reason == "gap"]


# --- new numbers --------------------------------------------------------------------------
def _style_number(old: str, ordinal: int, kind: str) -> str:
    """`ordinal` written the way `old` is: Roman, digits or words ("nhất")."""
    if kind == "point":
        return POINT_LETTERS[ordinal - 1]
    if old.isdigit() or kind in ("article", "clause"):
        return str(ordinal)
    if from_roman(old) is not None:
        return to_roman(ordinal)
    if ordinal_from_words(old) is not None:
        words = ordinal_words(ordinal)
        return words.upper() if old.isupper() else words
    return str(ordinal)


def _old_ordinal(unit: Unit) -> int | None:
    """The unit's number as a value, None for "5a" or something unreadable."""
    if isinstance(unit, Article):
        parsed = split_article_number(unit.number)
        return parsed[0] if parsed and not parsed[1] else None
    if isinstance(unit, Point):
        return point_ordinal(unit.number)
    return unit.ordinal


def _reason(prev: int | None, old: int | None) -> str:
    if old is None:
        return "inserted"
    expected = 1 if prev is None else prev + 1
    if prev is not None and old == prev:
        return "duplicate"
    if prev is not None and old < prev:
        return "moved"
    if old > expected:
        return "gap"
    return "shifted"


@dataclass(slots=True)
class _Plan:
    new: dict[int, str] = field(default_factory=dict)
    """id(unit) → new number (only units renumbering looks after)."""
    reasons: dict[int, str] = field(default_factory=dict)


def _number_sequence(plan: _Plan, units: list[Unit], kind: str) -> None:
    """Give `units` (one numbering scope, in document order) the numbers 1, 2, 3 …"""
    prev_old: int | None = None
    for k, unit in enumerate(units, start=1):
        if kind == "point" and k > len(POINT_LETTERS):
            return  # past "y": no letter to give; the rest keep their numbers
        new = _style_number(unit.number, k, kind)
        old = _old_ordinal(unit)
        plan.new[id(unit)] = new
        if new != unit.number:
            plan.reasons[id(unit)] = _reason(prev_old, old)
        if old is not None:
            prev_old = old


def _plan(doc: Regulation, index: DocIndex) -> _Plan:
    plan = _Plan()
    # Articles: one sequence per block (a decision's Điều 1–3, then the regulation's Điều 1 …).
    block_of_article = {id(a): id(b) for a, b in zip(index.articles, index.block_of, strict=True)}
    for block in index.blocks:
        _number_sequence(plan, list(block.articles), "article")
    # Parts through the document; chapters through each block; sections inside their parent.
    parts: list[Unit] = []
    chapters: dict[int, list[Unit]] = {}
    sections: dict[int, list[Unit]] = {}
    current_block = 0
    for node, parents in doc.walk():
        if isinstance(node, Part):
            parts.append(node)
        elif isinstance(node, Chapter):
            first = next((u for u in node.units() if isinstance(u, Article)), None)
            if first is not None and id(first) in block_of_article:
                current_block = block_of_article[id(first)]
            chapters.setdefault(current_block, []).append(node)
        elif isinstance(node, Section):
            parent = parents[-1] if parents else None
            sections.setdefault(id(parent), []).append(node)
        elif isinstance(node, Article):
            _plan_inside(plan, node)
    _number_sequence(plan, parts, "part")
    for seq in chapters.values():
        _number_sequence(plan, seq, "chapter")
    for seq in sections.values():
        _number_sequence(plan, seq, "section")
    return plan


def _plan_inside(plan: _Plan, article: Article) -> None:
    """Clauses restart in every article, points in every clause (or article)."""
    stack: list[Unit] = [article]
    while stack:
        holder = stack.pop()
        clauses = [c for c in holder.children if isinstance(c, Clause) and c.number.isdigit()]
        points = [c for c in holder.children if isinstance(c, Point)]
        if clauses:
            _number_sequence(plan, list(clauses), "clause")
        if points:
            _number_sequence(plan, list(points), "point")
        for child in holder.children:
            if isinstance(child, Clause):
                if "." in child.number and isinstance(holder, Clause):
                    _number_dotted(plan, holder, child)
                stack.append(child)
            elif isinstance(child, Point):
                stack.append(child)


def _number_dotted(plan: _Plan, parent: Clause, child: Clause) -> None:
    """"1.2" under clause "1": keeps its last number, takes the parent's new number."""
    head, _, tail = child.number.rpartition(".")
    parent_new = plan.new.get(id(parent), parent.number)
    if head != parent.number or parent_new == parent.number:
        return
    plan.new[id(child)] = f"{parent_new}.{tail}"
    plan.reasons[id(child)] = "shifted"


# --- where a heading's number stands --------------------------------------------------------
def _heading_number_at(line: str, unit: Unit) -> int | None:
    """0-based index of the unit's number in its heading line, None when it is not there."""
    start = unit.span.column - 1
    rest = line[start:]
    m = None
    if isinstance(unit, Article):
        m = P.ARTICLE.match(rest)
    elif isinstance(unit, Chapter):
        m = P.CHAPTER.match(rest)
    elif isinstance(unit, Section):
        m = P.SECTION.match(rest) or P.ROMAN_SECTION.match(rest)
    elif isinstance(unit, Part):
        m = P.PART.match(rest)
        if m and m.group("words"):
            return start + m.start("words") if rest[m.start("words"):].startswith(unit.number) else None
    elif isinstance(unit, (Clause, Point)):
        return start if rest.startswith(unit.number) else None
    if m is None or m.group("num") != unit.number:
        return None
    return start + m.start("num")


# --- the whole job ------------------------------------------------------------------------
def _context(text: str, path: str | None) -> CheckContext:
    source = Source(Path(path) if path else None, text, text)
    return CheckContext(path=path or "<văn bản>", source=source, config=Config(root=Path(".")))


def _label(unit: Unit, number: str, parents: tuple[Unit, ...], numbers: Callable[[Unit], str]) -> str:
    """"điểm b khoản 2 Điều 5" with `number` for the unit and `numbers` for its parents."""
    kind_words = {"clause": "khoản", "point": "điểm"}
    if unit.kind not in kind_words:
        if isinstance(unit, Part) and ordinal_from_words(number) is not None:
            return f"Phần thứ {number.lower()}"
        return f"{unit.label.rsplit(' ', 1)[0]} {number}" if unit.number else unit.label
    out = [f"{kind_words[unit.kind]} {number}"]
    for parent in reversed(parents):
        if isinstance(parent, (Clause, Point)):
            out.append(f"{kind_words[parent.kind]} {numbers(parent)}")
        elif isinstance(parent, Article):
            out.append(f"Điều {numbers(parent)}")
            break
    return " ".join(out)


def renumber_text(text: str, path: str | None = None, *, earlier: Regulation | None = None) -> Renumbering:
    """Renumber NFC text (as `Source.text`); raises InputError like the parser. `earlier`: a
    previous version, which says what an ambiguous (duplicated) article number meant."""
    top = parse_text(text, path)
    lines = text.split("\n")
    result = Renumbering(before=text, after=text)
    edits: dict[tuple[int, int], Edit] = {}
    documents = top.documents()
    earlier_docs = earlier.documents() if earlier is not None else []
    # A decision and the regulation it issues are renumbered each on its own (each from Điều 1).
    for k, doc in enumerate(documents):
        before = earlier_docs[k] if k < len(earlier_docs) else None
        _renumber_document(doc, text, path, lines, before, k, result, edits)
    result.unresolved = _dedupe(result.unresolved)
    result.edits = sorted(edits.values(), key=lambda e: (e.line, e.column))
    result.after = apply_edits(text, result.edits)
    return result


def _renumber_document(doc: Regulation, text: str, path: str | None, lines: list[str], earlier: Regulation | None,
                       position: int, result: Renumbering, edits: dict[tuple[int, int], Edit]) -> None:
    """Plan and collect the edits of one document of the file (its lines only)."""
    from quyche.check.rules.references import own_references

    meant = _meant_in(earlier, doc) if earlier is not None else None
    stale = stale_targets(earlier, earlier.text, doc, text) if earlier is not None and earlier.text else {}
    parents_of = _parents(doc) if stale else {}
    index = build_index(doc, text)
    plan = _plan(doc, index)

    def old_number(u: Unit) -> str:
        return u.number

    def new_number(u: Unit) -> str:
        return plan.new.get(id(u), u.number)

    for node, parents in doc.walk():
        if not isinstance(node, Unit) or id(node) not in plan.new:
            continue
        new = plan.new[id(node)]
        old_label = _label(node, node.number, parents, old_number)
        new_label = _label(node, new, parents, new_number)
        if old_label == new_label:
            continue
        if new != node.number:
            line = lines[node.span.line - 1] if 0 < node.span.line <= len(lines) else ""
            at = _heading_number_at(line, node)
            if at is None:
                continue  # the number is not where the parser saw it: leave the unit alone
            edits[(node.span.line, at + 1)] = Edit(node.span.line, at + 1, node.number, new, "heading")
            result.changes.append(NumberChange(
                node.kind, node.number, new, old_label, new_label, node.id, node.span.line,
                node.title or node.text[:60], plan.reasons.get(id(node), "shifted"),
            ))
    ctx = _context(text, path)
    if position:
        ctx.first_line = doc.body_line
    ctx.last_line = doc.end_line
    ctx.extra["index"] = index
    targets: Targets = build_targets(doc, index)
    for ref, place in own_references(doc, ctx):
        res = resolve(ref, place, targets)
        was = stale.get(reference_key(ref)) if stale else None
        if was is not None:  # unchanged since `earlier`, its target moved: point it back
            res = _naming(ref, was, parents_of)
        if res.problem is not None and res.ambiguous and meant is not None:
            chosen = meant(ref, res)
            if chosen is not None:
                res = _with_target(ref, res, chosen)
        if res.problem is not None:
            number = next((p for p in ref.parts if not p.relative), None)  # the number, not the keyword
            where = (number.line, number.column) if number is not None else (ref.span.line, ref.span.column)
            result.unresolved.append(Unresolved(*where, " ".join(ref.text.split()), res.problem, res.ambiguous))
            continue
        for part, unit in zip(ref.parts, res.units, strict=True):
            if unit is None or part.relative:
                continue
            new = new_number(unit)
            if new == part.number or (part.kind == "chapter" and new.upper() == part.number.upper()
                                      and new == unit.number):
                continue
            edits.setdefault((part.line, part.column), Edit(part.line, part.column, part.number, new, "reference"))


def _parents(doc: Regulation) -> dict[int, tuple[Unit, ...]]:
    return {id(node): parents for node, parents in doc.walk() if isinstance(node, Unit)}


def _naming(ref: Reference, unit: Unit, parents_of: dict[int, tuple[Unit, ...]]) -> Resolution:
    """The resolution of `ref` as if it named `unit`: each part names `unit` or the ancestor
    of its kind ("khoản 2 Điều 5" meant khoản X of Điều Y: the parts get X and Y)."""
    chain = {u.kind: u for u in (*parents_of.get(id(unit), ()), unit)}
    return Resolution([None if p.relative else chain.get(p.kind) for p in ref.parts])


def _with_target(ref: Reference, res: Resolution, chosen: Unit) -> Resolution:
    """The resolution of an ambiguous article number once the earlier version chose `chosen`:
    the article part names it and inner parts are looked up in it again."""
    units = list(res.units)
    kinds = [p.kind for p in ref.parts]
    if chosen.kind not in kinds:
        return res
    units[kinds.index(chosen.kind)] = chosen
    holder: Unit = chosen
    for i in range(kinds.index(chosen.kind) - 1, -1, -1):
        part = ref.parts[i]
        cls: type[Unit] = Clause if part.kind == "clause" else Point
        found = children_numbered(holder, cls, part.number)
        if len(found) != 1:
            return res
        units[i] = holder = found[0]
    return Resolution(units)


def _dedupe(items: list[Unresolved]) -> list[Unresolved]:
    seen: set[tuple[int, int, str]] = set()
    out: list[Unresolved] = []
    for u in items:
        key = (u.line, u.column, u.problem)
        if key not in seen:
            seen.add(key)
            out.append(u)
    return out


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with every edit made; edits are at (line, column) of the text, sorted."""
    if not edits:
        return text
    lines = text.split("\n")
    by_line: dict[int, list[Edit]] = {}
    for e in edits:
        by_line.setdefault(e.line, []).append(e)
    for lineno, line_edits in by_line.items():
        line = lines[lineno - 1]
        for e in sorted(line_edits, key=lambda e: e.column, reverse=True):
            start = e.column - 1
            if line[start : start + len(e.old)] != e.old:
                continue  # not where it was read: never guess
            line = line[:start] + e.new + line[start + len(e.old) :]
        lines[lineno - 1] = line
    return "\n".join(lines)


def iter_map(result: Renumbering) -> Iterator[dict[str, object]]:
    """The changes as JSON objects (the `units` of the map file, docs/renumber.md)."""
    for c in result.changes:
        yield {"kind": c.kind, "old": c.old, "new": c.new, "old_label": c.old_label,
               "new_label": c.new_label, "id": c.id, "line": c.line, "title": c.title,
               "reason": c.reason}


# --- files --------------------------------------------------------------------------------
_BOM: Final = b"\xef\xbb\xbf"


def renumber_bytes(data: bytes, path: Path, *, earlier: Regulation | None = None) -> tuple[Renumbering, bytes]:
    """Renumber a file's bytes; the bytes out differ from `data` only in the changed numbers.

    A BOM and CRLF line ends are kept; a line that is not in NFC is written in NFC only when
    one of its numbers changes (positions are read on the NFC text).
    """
    from quyche.parse.source import decode_source

    source = decode_source(data, path)
    result = renumber_text(source.text, str(path), earlier=earlier)
    if not result.edits:
        return result, data
    bom = data.startswith(_BOM)
    raw = (data[len(_BOM) :] if bom else data).decode("utf-8")
    if "\r" in raw.replace("\r\n", ""):  # lone CR line ends: positions follow the decoded text
        return result, (_BOM if bom else b"") + result.after.encode("utf-8")
    raw_lines = raw.split("\n")
    nfc_lines = source.text.split("\n")
    after_lines = result.after.split("\n")
    by_line: dict[int, list[Edit]] = {}
    for e in result.edits:
        by_line.setdefault(e.line, []).append(Edit(1, e.column, e.old, e.new, e.what))
    for lineno, line_edits in by_line.items():
        i = lineno - 1
        cr = "\r" if raw_lines[i].endswith("\r") else ""
        body = raw_lines[i][: len(raw_lines[i]) - len(cr)]
        if body == nfc_lines[i]:
            body = apply_edits(body, line_edits)
        else:
            body = after_lines[i]
        raw_lines[i] = body + cr
    return result, (_BOM if bom else b"") + "\n".join(raw_lines).encode("utf-8")


def _meant_in(old: Regulation, new: Regulation) -> Meant:
    """An ambiguous "Điều 5" of `new` means the article that was Điều 5 in `old`."""
    from quyche.check.versions import pair_articles

    pairs = pair_articles(old, new)
    old_by_number: dict[str, Article] = {}
    for art in old.articles():
        old_by_number.setdefault(art.number.lower(), art)

    def choose(ref: Reference, res: Resolution) -> Unit | None:
        part = ref.part("article")
        if part is None or part.relative:
            return None
        before = old_by_number.get(part.number.lower())
        return pairs.get(id(before)) if before is not None else None

    return choose
