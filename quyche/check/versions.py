"""References read across two versions: did "Điều 18" keep naming the same article?

Articles of the two versions are paired as `quyche diff` pairs them (stable id first, then
text and title, see diff/align.py); clauses and points inside a pair by text, then by number.
A reference of the new version is paired with the one it was in the old version: same
article pair, same wording once its numbers are set aside ("theo khoản # Điều #"), same
occurrence. Then:

- updated: its numbers changed and name the unit they named before (a renumbering);
- stale: its numbers are as before but now name another unit, or nothing (the target moved
  or was renumbered and the reference was not updated);
- repealed: the unit it named is gone;
- retargeted: its numbers changed and name another unit (a deliberate edit; reported by
  `diff` only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

from quyche.check.index import Place, build_index
from quyche.check.registry import CheckContext
from quyche.check.targets import Resolution, build_targets, resolve
from quyche.config import Config
from quyche.diff.align import Alignment
from quyche.diff.result import ArticleInfo
from quyche.model.document import Article, Chapter, Clause, Point, Regulation, Unit
from quyche.parse.references import Reference
from quyche.parse.source import Source

TITLE_MAX: Final = 60
"""Characters of a unit's text a message quotes when it has no title."""
ChangeStatus = Literal["updated", "stale", "repealed", "retargeted"]
_NUMBERS: Final = re.compile(r"\b(?:\d{1,4}[a-zđ]?|[IVXLC]{1,7}|[a-zđ])\b")


@dataclass(frozen=True, slots=True)
class ReferenceChange:
    """One reference whose numbers or target differ between the versions."""

    status: ChangeStatus
    line: int
    column: int
    """Where the reference stands in the new version."""
    old_text: str
    new_text: str
    old_target: str
    """What it named in the old version, numbered as there ("Điều 18")."""
    meant_now: str | None
    """That unit's label in the new version ("Điều 19"); None when it is gone."""
    new_target: str | None
    """What it names now; None when it names nothing."""
    title: str
    """Title or first words of the unit it meant."""
    new_title: str
    """Title or first words of the unit it names now ("" when none)."""
    old_id: str | None = None
    new_id: str | None = None


@dataclass(slots=True)
class _Read:
    ref: Reference
    place: Place
    res: Resolution
    article: Article | None


def _read(doc: Regulation, text: str) -> list[_Read]:
    from quyche.check.rules.references import own_references

    index = build_index(doc, text)
    ctx = CheckContext(path=doc.path or "<văn bản>", source=Source(None, text, text), config=Config(root=Path(".")),
                       first_line=doc.body_line if doc.attached else 1, last_line=doc.end_line)
    ctx.extra["index"] = index
    targets = build_targets(doc, index)
    return [_Read(ref, place, resolve(ref, place, targets), place.article) for ref, place in own_references(doc, ctx)]


def _shape(ref: Reference) -> tuple[str, ...]:
    return (*(p.kind for p in ref.parts), _NUMBERS.sub("#", " ".join(ref.text.split())))


def _numbers(ref: Reference) -> tuple[str, ...]:
    return tuple(p.number.lower() for p in ref.parts)


def pair_articles(old: Regulation, new: Regulation) -> dict[int, Article]:
    """id(old article) → the new article it became (as `quyche diff` pairs them)."""
    from quyche.diff.align import align, article_infos

    olds, news = article_infos(old), article_infos(new)
    if not olds or not news:
        return {}
    return paired(olds, news, align(olds, news))


def paired(olds: list[ArticleInfo], news: list[ArticleInfo], alignment: Alignment) -> dict[int, Article]:
    """An alignment as id(old article) → new article (a split: its first part)."""
    out = {id(olds[m.old].article): news[m.new].article for m in alignment.matches}
    for i, targets, _score, _method in alignment.splits:
        out[id(olds[i].article)] = news[targets[0]].article
    for sources, j, _score, _method in alignment.merges:
        for i in sources:
            out[id(olds[i].article)] = news[j].article
    return out


def _flat(unit: Unit) -> str:
    return " ".join(unit.text.split())


def _counterpart(unit: Unit, parents: list[Unit], articles: dict[int, Article],
                 chapters: dict[int, Chapter]) -> Unit | None:
    """The unit of the new version that `unit` (old version) became; None when it is gone."""
    if isinstance(unit, Article):
        return articles.get(id(unit))
    if isinstance(unit, Chapter):
        return chapters.get(id(unit))
    holder_old = parents[-1] if parents else None
    if holder_old is None:
        return None
    holder_new = _counterpart(holder_old, parents[:-1], articles, chapters)
    if holder_new is None:
        return None
    cls = Clause if isinstance(unit, Clause) else Point
    siblings = [c for c in holder_new.children if isinstance(c, cls)]
    same_text = [c for c in siblings if _flat(c) == _flat(unit)] if _flat(unit) else []
    if len(same_text) == 1:
        return same_text[0]
    same_number = [c for c in siblings if c.number == unit.number]
    return same_number[0] if len(same_number) == 1 else None


def _chain(doc: Regulation) -> dict[int, list[Unit]]:
    """id(unit) → its clause/point/article ancestors (outermost first), for clauses and points."""
    out: dict[int, list[Unit]] = {}
    for node, parents in doc.walk():
        if isinstance(node, (Clause, Point)):
            out[id(node)] = [p for p in parents if isinstance(p, (Article, Clause, Point))]
    return out


def _title(unit: Unit) -> str:
    """The title, or the first words of the text ("Chịu trách nhiệm trước Chi bộ …")."""
    text = unit.title or _flat(unit)
    if len(text) <= TITLE_MAX:
        return text
    return text[:TITLE_MAX].rsplit(" ", 1)[0] + " …"


def _label(unit: Unit, chain: dict[int, list[Unit]]) -> str:
    words = [unit.label]
    for parent in reversed(chain.get(id(unit), [])):
        words.append(parent.label)
        if isinstance(parent, Article):
            break
    return " ".join(words)


@dataclass(slots=True)
class _Pair:
    """A reference of the new version with the one it was, and the units they name."""

    read: _Read
    before: _Read
    meant_old: Unit
    meant: Unit | None
    """What it named in the old version, found in the new one (None: gone)."""
    status: ChangeStatus | None
    """None when nothing changed."""


def _pairs(old: Regulation, old_text: str, new: Regulation, new_text: str,
           articles: dict[int, Article] | None) -> list[_Pair]:
    if articles is None:
        articles = pair_articles(old, new)
    chapters: dict[int, Chapter] = {}
    new_chapter_of: dict[int, Chapter] = {}
    for ch in new.chapters():
        for art in ch.units():
            if isinstance(art, Article):
                new_chapter_of[id(art)] = ch
    for ch in old.chapters():
        first = next((a for a in ch.units() if isinstance(a, Article) and id(a) in articles), None)
        if first is not None and id(articles[id(first)]) in new_chapter_of:
            chapters[id(ch)] = new_chapter_of[id(articles[id(first)])]
    old_chain = _chain(old)
    # old references by (new article they now stand in, shape, occurrence)
    pool: dict[tuple[int, tuple[str, ...], int], _Read] = {}
    seen: dict[tuple[int, tuple[str, ...]], int] = {}
    for r in _read(old, old_text):
        if r.article is None or id(r.article) not in articles:
            continue
        key = (id(articles[id(r.article)]), _shape(r.ref))
        k = seen.get(key, 0)
        seen[key] = k + 1
        pool[(*key, k)] = r
    out: list[_Pair] = []
    seen.clear()
    for r in _read(new, new_text):
        if r.article is None:
            continue
        key = (id(r.article), _shape(r.ref))
        k = seen.get(key, 0)
        seen[key] = k + 1
        before = pool.get((*key, k))
        if before is None or before.res.target is None:
            continue
        meant_old = before.res.target
        meant = _counterpart(meant_old, old_chain.get(id(meant_old), []), articles, chapters)
        same_numbers = _numbers(before.ref) == _numbers(r.ref)
        status: ChangeStatus | None
        if meant is None:
            status = "repealed"
        elif r.res.target is meant:
            status = None if same_numbers else "updated"
        else:
            status = "stale" if same_numbers else "retargeted"
        out.append(_Pair(r, before, meant_old, meant, status))
    return out


def reference_key(ref: Reference) -> tuple[tuple[str, int, int], ...]:
    """What tells one reference from every other in a text: its parts and where they stand."""
    return tuple((p.kind, p.line, p.column) for p in ref.parts)


def stale_targets(old: Regulation, old_text: str, new: Regulation, new_text: str) -> dict[tuple[tuple[str, int, int], ...], Unit]:
    """`reference_key` of every stale reference of `new` → the unit of `new` it meant (what
    `renumber --since` points it back at)."""
    return {reference_key(p.read.ref): p.meant for p in _pairs(old, old_text, new, new_text, None)
            if p.status == "stale" and p.meant is not None}


def reference_changes(old: Regulation, old_text: str, new: Regulation, new_text: str,
                      articles: dict[int, Article] | None = None) -> list[ReferenceChange]:
    """Every reference of `new` whose numbers or target changed since `old`; `articles` is
    the pairing of `pair_articles` when the caller has it already."""
    old_chain, new_chain = _chain(old), _chain(new)
    out: list[ReferenceChange] = []
    done: set[tuple[int, int, tuple[str, ...]]] = set()
    for p in _pairs(old, old_text, new, new_text, articles):
        r, now, meant = p.read, p.read.res.target, p.meant
        mark = (r.ref.span.line, r.ref.span.column, _numbers(r.ref))
        if p.status is None or mark in done:
            continue
        done.add(mark)
        out.append(ReferenceChange(
            p.status, r.ref.span.line, r.ref.span.column, " ".join(p.before.ref.text.split()),
            " ".join(r.ref.text.split()), _label(p.meant_old, old_chain),
            _label(meant, new_chain) if meant is not None else None,
            _label(now, new_chain) if now is not None else None,
            _title(p.meant_old), _title(now) if now is not None else "", p.meant_old.id,
            now.id if now is not None else None,
        ))
    return out
