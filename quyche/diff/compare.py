"""Two regulations in, one DiffResult out: alignment, word diffs, clause changes, counts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from quyche.diff.align import DEFAULT_THRESHOLD, Alignment, ExplicitMap, align, article_infos
from quyche.diff.result import ArticleChange, ArticleInfo, ClauseChange, DiffResult, Summary
from quyche.diff.words import Segment, WordDiff, diff_words, one_sided, words
from quyche.errors import NotARegulation
from quyche.model.document import Chapter, Clause, Point, Regulation, Unit

if TYPE_CHECKING:
    from quyche.check.versions import ReferenceChange


@dataclass(slots=True)
class _Sides:
    old: list[ArticleInfo]
    new: list[ArticleInfo]


def compare(
    old: Regulation,
    new: Regulation,
    *,
    old_label: str = "cũ",
    new_label: str = "mới",
    threshold: float = DEFAULT_THRESHOLD,
    explicit: ExplicitMap | None = None,
) -> DiffResult:
    """Compare the current text `old` with the draft `new`. A file holding a decision and the
    regulation it issues is compared by its regulation (`Regulation.principal`)."""
    old, new = old.principal(), new.principal()
    sides = _Sides(article_infos(old), article_infos(new))
    for reg, infos in ((old, sides.old), (new, sides.new)):
        if not infos:
            raise NotARegulation(reg.path)
    alignment = align(sides.old, sides.new, threshold=threshold, explicit=explicit)
    chapter_map = _chapter_map(sides, alignment)
    changes = _changes(sides, alignment, chapter_map)
    old_chapters, new_chapters = old.chapters(), new.chapters()
    titles_changed = [
        (chapter_heading(old_chapters[o]), chapter_heading(new_chapters[n]))
        for o, n in sorted(chapter_map.items())
        if words(old_chapters[o].title) != words(new_chapters[n].title)
    ]
    summary = _summary(changes, sides, chapter_map, len(old_chapters), titles_changed, new_chapters)
    return DiffResult(
        old=old,
        new=new,
        old_label=old_label,
        new_label=new_label,
        changes=changes,
        matches=alignment.matches,
        summary=summary,
        chapter_titles_changed=titles_changed,
        new_chapters=[_chapter_heading(new_chapters, a.chapter) for a in sides.new],
        find_references=_reference_finder(old, new, sides, alignment),
    )


def _reference_finder(old: Regulation, new: Regulation, sides: _Sides,
                      alignment: Alignment) -> Callable[[], list[ReferenceChange]] | None:
    """The reference changes of `old` → `new`, computed when an output reads them."""
    old_text, new_text = old.text, new.text
    if not old_text or not new_text:
        return None

    def find() -> list[ReferenceChange]:
        from quyche.check.versions import paired, reference_changes

        return reference_changes(old, old_text, new, new_text, paired(sides.old, sides.new, alignment))

    return find


def chapter_heading(chapter: Chapter) -> str:
    """"Chương II. NHIỆM VỤ, QUYỀN HẠN" as a chapter row shows it."""
    return f"{chapter.label}. {chapter.title}" if chapter.title else chapter.label


def _chapter_heading(chapters: list[Chapter], index: int | None) -> str:
    return chapter_heading(chapters[index]) if index is not None else ""


def _chapter_map(sides: _Sides, alignment: Alignment) -> dict[int, int]:
    """Old chapter → the new chapter that received most of its articles."""
    votes: dict[int, Counter[int]] = defaultdict(Counter)
    pairs = [(m.old, m.new) for m in alignment.matches]
    pairs += [(i, j) for i, news, _, _ in alignment.splits for j in news]
    pairs += [(i, j) for olds, j, _, _ in alignment.merges for i in olds]
    for i, j in pairs:
        o, n = sides.old[i].chapter, sides.new[j].chapter
        if o is not None and n is not None:
            votes[o][n] += 1
    return {o: c.most_common(1)[0][0] for o, c in votes.items()}


def _heading_split(info: ArticleInfo) -> tuple[str, str]:
    """("Điều 5. ", "Title\\nbody…"): the number stays out of the word diff."""
    body = info.body
    if info.title:
        return f"Điều {info.number}. ", f"{info.title}\n{body}" if body else info.title
    return f"Điều {info.number}.", f"\n{body}" if body else ""


def article_diff(old: ArticleInfo, new: ArticleInfo) -> WordDiff:
    """The word diff of two matched articles, the "Điều N." markers unmarked."""
    old_head, old_rest = _heading_split(old)
    new_head, new_rest = _heading_split(new)
    inner = diff_words(old_rest, new_rest)
    return WordDiff((Segment(old_head, "equal"), *inner.old), (Segment(new_head, "equal"), *inner.new),
                    (Segment(new_head, "equal"), *inner.inline))


def _changes(sides: _Sides, alignment: Alignment, chapter_map: dict[int, int]) -> list[ArticleChange]:
    keyed: list[tuple[tuple[int, int, int], ArticleChange]] = []
    new_of_old: dict[int, int] = {}

    def moved(olds: list[ArticleInfo], news: list[ArticleInfo]) -> bool:
        for o in olds:
            if o.chapter is None or o.chapter not in chapter_map:
                continue
            if all(n.chapter != chapter_map[o.chapter] for n in news):
                return True
        return False

    for m in alignment.matches:
        o, n = sides.old[m.old], sides.new[m.new]
        new_of_old[m.old] = m.new
        d = article_diff(o, n)
        change = ArticleChange(
            status="changed" if d.changed else "unchanged",
            old=[o], new=[n], score=m.score, method=m.method, review=m.review,
            renumbered=o.number != n.number, moved=moved([o], [n]), diff=d,
            clauses=clause_changes(o, n) if d.changed else [],
        )
        keyed.append(((m.new, 0, 0), change))
    for i, news, score, method in alignment.splits:
        o = sides.old[i]
        parts = [sides.new[j] for j in news]
        for j in news:
            new_of_old.setdefault(i, j)
        change = ArticleChange(
            status="split", old=[o], new=parts, score=score, method=method, review=True,
            renumbered=o.number not in [p.number for p in parts], moved=moved([o], parts),
            diff=diff_words(o.text, "\n".join(p.text for p in parts)),
        )
        keyed.append(((news[0], 0, 0), change))
    for olds, j, score, method in alignment.merges:
        n = sides.new[j]
        sources = [sides.old[i] for i in olds]
        for i in olds:
            new_of_old[i] = j
        change = ArticleChange(
            status="merged", old=sources, new=[n], score=score, method=method, review=True,
            renumbered=n.number not in [s.number for s in sources], moved=moved(sources, [n]),
            diff=diff_words("\n".join(s.text for s in sources), n.text),
        )
        keyed.append(((j, 0, 0), change))
    for j in alignment.added:
        n = sides.new[j]
        keyed.append(((j, 0, 0), ArticleChange(
            status="added", old=[], new=[n], score=0.0, diff=one_sided(n.text, "insert"))))
    for i in alignment.removed:
        o = sides.old[i]
        before = max((new_of_old[k] for k in range(i) if k in new_of_old), default=-1)
        keyed.append(((before, 1, i), ArticleChange(
            status="removed", old=[o], new=[], score=0.0, diff=one_sided(o.text, "delete"))))
    keyed.sort(key=lambda kc: kc[0])
    return [c for _, c in keyed]


def _summary(changes: list[ArticleChange], sides: _Sides, chapter_map: dict[int, int], old_chapter_count: int,
             titles_changed: list[tuple[str, str]], new_chapters: list[Chapter]) -> Summary:
    s = Summary(old_articles=len(sides.old), new_articles=len(sides.new))
    touched: set[str] = set()
    for c in changes:
        if c.status in ("unchanged", "changed", "added", "removed"):
            setattr(s, c.status, getattr(s, c.status) + 1)
        elif c.status == "split":
            s.split += 1
        else:
            s.merged += 1
        s.renumbered += c.renumbered
        s.moved += c.moved
        s.review += c.review
        if c.status != "unchanged" or c.moved:
            for a in c.new:
                if a.chapter is not None:
                    touched.add(f"new{a.chapter}")
            if not c.new:
                for a in c.old:
                    if a.chapter is not None:
                        touched.add(f"old{a.chapter}")
    mapped_new = set(chapter_map.values())
    for label_old, label_new in titles_changed:
        index = next((k for k, ch in enumerate(new_chapters) if chapter_heading(ch) == label_new), None)
        touched.add(f"new{index}" if index is not None else label_old)
    touched.update(f"new{k}" for k in range(len(new_chapters)) if k not in mapped_new)
    touched.update(f"gone{k}" for k in range(old_chapter_count) if k not in chapter_map)
    # a removed article's old chapter counts once, under the new chapter it maps to
    s.chapters_changed = len({t if not t.startswith("old") else f"new{chapter_map.get(int(t[3:]), t)}"
                              for t in touched})
    return s


# --- changes inside an article ---------------------------------------------------------------

def _units(unit: Unit, cls: type[Unit]) -> list[Unit]:
    return [c for c in unit.children if isinstance(c, cls)]


def _pair_units(old: list[Unit], new: list[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Pair sub-units in order: identical text first, then similar text (≥ 0.5), then number."""
    pairs: dict[int, int] = {}
    old_words = [words(u.full_text()) for u in old]
    new_words = [words(u.full_text()) for u in new]
    by_text: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, ws in enumerate(new_words):
        by_text[tuple(ws)].append(j)
    used: set[int] = set()
    for i, ws in enumerate(old_words):
        queue = by_text.get(tuple(ws))
        if queue:
            j = queue.pop(0)
            pairs[i] = j
            used.add(j)
    from rapidfuzz.distance import Indel

    scored = sorted(
        ((float(Indel.normalized_similarity(old_words[i], new_words[j])), i, j)
         for i in range(len(old)) if i not in pairs for j in range(len(new)) if j not in used),
        key=lambda t: (-t[0], abs(t[1] - t[2])),
    )
    for score, i, j in scored:
        if score >= 0.5 and i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    out: list[tuple[Unit | None, Unit | None]] = []
    inverse = {j: i for i, j in pairs.items()}
    for j, unit in enumerate(new):
        if j in inverse:
            out.append((old[inverse[j]], unit))
        else:
            out.append((None, unit))
    for i, unit in enumerate(old):
        if i not in pairs:
            # a removed sub-unit goes after the new counterpart of its predecessor
            before = max((k for k, (o, _) in enumerate(out) if o is not None and old.index(o) < i), default=-1)
            out.insert(before + 1, (unit, None))
    return out


def _own_text(unit: Unit) -> str:
    """A unit's heading and its own paragraphs, without its numbered children."""
    lines = [unit.heading_text(), *(p.text for p in unit.paragraphs())]
    return "\n".join(lines)


def clause_changes(old: ArticleInfo, new: ArticleInfo) -> list[ClauseChange]:
    """What changed inside two matched articles, by clause and, inside clauses, by point."""
    out: list[ClauseChange] = []
    old_head = "\n".join([old.title, *(p.text for p in old.article.paragraphs())])
    new_head = "\n".join([new.title, *(p.text for p in new.article.paragraphs())])
    if words(old_head) != words(new_head) or old_head.split() != new_head.split():
        out.append(ClauseChange("changed", old.label, new.label, old_head, new_head))
    for o, n in _pair_units(_units(old.article, Clause), _units(new.article, Clause)):
        out.extend(_unit_changes(o, n, parent=("", "")))
    return out


def _unit_changes(o: Unit | None, n: Unit | None, parent: tuple[str, str]) -> list[ClauseChange]:
    def label(u: Unit | None, prefix: str) -> str | None:
        return f"{prefix} {u.label}".strip() if u is not None else None

    old_label, new_label = label(o, parent[0]), label(n, parent[1])
    if o is None and n is not None:
        return [ClauseChange("added", None, new_label, new_text=n.full_text())]
    if n is None and o is not None:
        return [ClauseChange("removed", old_label, None, old_text=o.full_text())]
    assert o is not None and n is not None
    old_text, new_text = o.full_text(), n.full_text()
    if old_text.split() == new_text.split():
        return []
    old_points, new_points = _units(o, Point), _units(n, Point)
    if not old_points and not new_points:
        return [ClauseChange("changed", old_label, new_label, old_text, new_text)]
    out: list[ClauseChange] = []
    own_old, own_new = _own_text(o), _own_text(n)
    if own_old.split() != own_new.split():
        out.append(ClauseChange("changed", old_label, new_label, own_old, own_new))
    for po, pn in _pair_units(old_points, new_points):
        out.extend(_unit_changes(po, pn, (old_label or "", new_label or "")))
    return out
