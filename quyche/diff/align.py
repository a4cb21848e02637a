"""Match the articles of an old and a new version of a regulation.

Renumbering is the normal case: one inserted article shifts every later number, so numbers
alone mean little. Matching goes from the surest evidence to the weakest (TECH-NOTES §4.2):

1. an explicit mapping (`--map`), which overrides every guess;
2. the same stable id (`{#bch}`) on both sides;
3. the same words (title and body), in order when a text repeats;
4. the same title, when it is unique on both sides and the bodies are not unrelated;
5. content similarity for what is left: word-level Indel similarity blended with title
   similarity and LCS containment, on a few candidates per article (shared rare word pairs
   and the position the anchors above predict), assigned greedily from the best score down,
   with a small bonus for keeping the order of the neighbouring anchors (boilerplate
   articles differ by a few words only);
6. splits and merges among the leftovers: a new article whose words are mostly inside an old
   one is a part of it (and the other way round for merges).

Every step looks at a bounded number of candidates per article, so the whole stays
near-linear in the number of articles.
"""

from __future__ import annotations

import bisect
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final

from rapidfuzz.distance import Indel, LCSseq

from quyche.diff.result import ArticleInfo, ArticleMatch, Method
from quyche.diff.words import words
from quyche.model.document import Article, Chapter, Regulation

DEFAULT_THRESHOLD: Final = 0.45
"""Least blended score for a content match (word Indel scores unrelated legal text ≤ 0.35)."""
REVIEW_MARGIN: Final = 0.15
"""A content match scoring less than threshold + this is flagged for a person."""
RUNNER_UP_MARGIN: Final = 0.05
"""… and so is one whose runner-up scores within this of it."""
CONTAINMENT: Final = 0.8
"""Share of an article's words found in order inside another: a split part or a merged source."""
MIN_PART_WORDS: Final = 12
"""Shorter articles are too small to call a split part or a merged source."""
MAX_CANDIDATES: Final = 8
"""Candidates per article from shared word pairs."""
MAX_SHINGLE_DF: Final = 8
"""Word pairs found in more articles than this are boilerplate and do not suggest candidates."""
WINDOW: Final = 3
"""Candidates either side of the position the anchors predict."""
ORDER_BONUS: Final = 0.05
POSITION_BONUS: Final = 0.02


def article_infos(reg: Regulation) -> list[ArticleInfo]:
    """The regulation's articles with their chapter and the words scores compare."""
    chapters = reg.chapters()
    chapter_index = {id(ch): k for k, ch in enumerate(chapters)}
    out: list[ArticleInfo] = []
    for node, parents in reg.walk():
        if not isinstance(node, Article):
            continue
        chapter = next((chapter_index[id(p)] for p in reversed(parents) if isinstance(p, Chapter)), None)
        body = node.body_text()
        out.append(ArticleInfo(
            index=len(out),
            article=node,
            number=node.number,
            id=node.id,
            title=node.title,
            text=f"{node.heading_text()}\n{body}" if body else node.heading_text(),
            body=body,
            words=words(f"{node.title}\n{body}"),
            title_words=words(node.title),
            chapter=chapter,
        ))
    return out


@dataclass(slots=True)
class ExplicitMap:
    """A person's pairing from `--map`: indexes into the old and new article lists."""

    pairs: list[tuple[list[int], list[int]]] = field(default_factory=list)
    """(old indexes, new indexes): one-one, one-many (split), many-one (merge), or one-none."""


@dataclass(slots=True)
class Alignment:
    """The outcome: one-to-one matches, splits, merges, and what is left on each side."""

    matches: list[ArticleMatch]
    splits: list[tuple[int, list[int], float, Method]]
    """(old index, new indexes, score, method)."""
    merges: list[tuple[list[int], int, float, Method]]
    """(old indexes, new index, score, method)."""
    added: list[int]
    removed: list[int]


class _Scorer:
    """Scores pairs on integer word ids (rapidfuzz compares int lists fastest)."""

    def __init__(self, old: list[ArticleInfo], new: list[ArticleInfo]) -> None:
        self.vocab: dict[str, int] = {}
        self.old, self.new = old, new
        self._old_ids: dict[int, list[int]] = {}
        self._new_ids: dict[int, list[int]] = {}
        self._old_title: dict[int, list[int]] = {}
        self._new_title: dict[int, list[int]] = {}

    def _ids(self, ws: list[str]) -> list[int]:
        vocab = self.vocab
        return [vocab.setdefault(w, len(vocab)) for w in ws]

    # Word ids are made on first use: most articles are matched by id or text before any
    # score is needed, and turning 250 000 words into ids costs more than the rest.
    def old_ids(self, i: int) -> list[int]:
        if i not in self._old_ids:
            self._old_ids[i] = self._ids(self.old[i].words)
        return self._old_ids[i]

    def new_ids(self, j: int) -> list[int]:
        if j not in self._new_ids:
            self._new_ids[j] = self._ids(self.new[j].words)
        return self._new_ids[j]

    def old_title(self, i: int) -> list[int]:
        if i not in self._old_title:
            self._old_title[i] = self._ids(self.old[i].title_words)
        return self._old_title[i]

    def new_title(self, j: int) -> list[int]:
        if j not in self._new_title:
            self._new_title[j] = self._ids(self.new[j].title_words)
        return self._new_title[j]

    def content(self, i: int, j: int) -> float:
        a, b = self.old_ids(i), self.new_ids(j)
        sim = Indel.normalized_similarity(a, b)
        shorter = min(len(a), len(b))
        if shorter >= 20:
            sim = max(sim, 0.75 * LCSseq.similarity(a, b) / shorter)
        return float(sim)

    def score(self, i: int, j: int) -> float:
        content = self.content(i, j)
        ta, tb = self.old_title(i), self.new_title(j)
        if ta and tb:
            return 0.6 * content + 0.4 * float(Indel.normalized_similarity(ta, tb))
        return content

    def containment(self, inner: list[int], outer: list[int]) -> float:
        """Share of `inner`'s words found in order inside `outer`."""
        if not inner:
            return 0.0
        return float(LCSseq.similarity(inner, outer)) / len(inner)


def _shingles(ids: list[int]) -> set[int]:
    if len(ids) < 2:
        return {ids[0]} if ids else set()
    return {a * 1_000_003 + b for a, b in itertools.pairwise(ids)}


class _Index:
    """Word pairs → articles that hold them, ignoring pairs that are everywhere."""

    def __init__(self, keys: list[int], ids_of: Callable[[int], list[int]]) -> None:
        postings: dict[int, list[int]] = defaultdict(list)
        for k in keys:
            for sh in _shingles(ids_of(k)):
                postings[sh].append(k)
        self.postings = {sh: ks for sh, ks in postings.items() if len(ks) <= MAX_SHINGLE_DF}

    def candidates(self, ids: list[int], allowed: set[int] | None = None, limit: int = MAX_CANDIDATES) -> list[int]:
        hits: Counter[int] = Counter()
        for sh in _shingles(ids):
            for k in self.postings.get(sh, ()):
                if allowed is None or k in allowed:
                    hits[k] += 1
        return [k for k, _ in hits.most_common(limit)]


def align(
    old: list[ArticleInfo],
    new: list[ArticleInfo],
    *,
    threshold: float = DEFAULT_THRESHOLD,
    explicit: ExplicitMap | None = None,
) -> Alignment:
    """Pair the articles of `old` and `new` (see the module docstring for the steps)."""
    scorer = _Scorer(old, new)
    free_old = set(range(len(old)))
    free_new = set(range(len(new)))
    matches: list[ArticleMatch] = []
    splits: list[tuple[int, list[int], float, Method]] = []
    merges: list[tuple[list[int], int, float, Method]] = []
    forced_removed: set[int] = set()
    forced_added: set[int] = set()

    def take(i: int, j: int, score: float, method: Method, review: bool = False) -> None:
        matches.append(ArticleMatch(i, j, round(score, 4), method, review))
        free_old.discard(i)
        free_new.discard(j)

    # 1. explicit mapping
    if explicit is not None:
        for olds, news in explicit.pairs:
            olds = [i for i in olds if i in free_old]
            news = [j for j in news if j in free_new or not olds]
            if len(olds) == 1 and len(news) == 1:
                take(olds[0], news[0], scorer.score(olds[0], news[0]), "map")
            elif len(olds) == 1 and len(news) > 1:
                splits.append((olds[0], sorted(news), _group_score(scorer, olds, news), "map"))
            elif len(olds) > 1 and len(news) == 1:
                merges.append((sorted(olds), news[0], _group_score(scorer, olds, news), "map"))
            elif olds and not news:
                forced_removed.update(olds)
            elif news and not olds:
                forced_added.update(news)
            free_old.difference_update(olds)
            free_new.difference_update(news)

    # 2. stable ids
    new_by_id = {a.id: a.index for a in new if a.id}
    for a in old:
        j = new_by_id.get(a.id) if a.id else None
        if j is not None and a.index in free_old and j in free_new:
            take(a.index, j, scorer.score(a.index, j), "id")

    # 3. identical words, paired in order when a text repeats
    by_text: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in sorted(free_new):
        by_text[tuple(new[j].words)].append(j)
    for i in sorted(free_old):
        queue = by_text.get(tuple(old[i].words))
        if queue:
            take(i, queue.pop(0), 1.0, "text")

    # 4. unique identical titles
    def title_groups(side: list[ArticleInfo], free: set[int]) -> dict[tuple[str, ...], list[int]]:
        groups: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for k in sorted(free):
            if side[k].title_words:
                groups[tuple(side[k].title_words)].append(k)
        return groups

    old_titles = title_groups(old, free_old)
    new_titles = title_groups(new, free_new)
    for key, old_group in old_titles.items():
        new_group = new_titles.get(key)
        if len(old_group) != 1 or not new_group or len(new_group) != 1:
            continue
        i, j = old_group[0], new_group[0]
        content = scorer.content(i, j)
        shorter = min(len(old[i].words) - len(key), len(new[j].words) - len(key))
        if content >= 0.2 or shorter < 15:
            take(i, j, scorer.score(i, j), "title", review=content < 0.3)

    # 5. content similarity on a few candidates each
    anchors = sorted((m.old, m.new) for m in matches)
    anchor_old = [a for a, _ in anchors]
    new_index = _Index(sorted(free_new - forced_added), scorer.new_ids)
    scored: list[tuple[float, float, int, int]] = []
    best_for_new: dict[int, list[float]] = defaultdict(list)
    best_for_old: dict[int, list[float]] = defaultdict(list)
    for i in sorted(free_old - forced_removed):
        pos = bisect.bisect_left(anchor_old, i)
        prev = anchors[pos - 1] if pos > 0 else (-1, -1)
        nxt = anchors[pos] if pos < len(anchors) else (len(old), len(new))
        expected = prev[1] + (i - prev[0])
        cands = set(new_index.candidates(scorer.old_ids(i), free_new))
        cands.update(j for j in range(expected - WINDOW, expected + WINDOW + 1) if j in free_new)
        for j in cands:
            if j in forced_added:
                continue
            raw = scorer.score(i, j)
            bonus = (ORDER_BONUS if prev[1] < j < nxt[1] else 0.0) + (POSITION_BONUS if j == expected else 0.0)
            scored.append((raw + bonus, raw, i, j))
            best_for_old[i].append(raw)
            best_for_new[j].append(raw)
    scored.sort(key=lambda t: (-t[0], t[2], t[3]))
    for _adjusted, raw, i, j in scored:
        if raw < threshold or i not in free_old or j not in free_new:
            continue
        runner_up = max(_second(best_for_old[i], raw), _second(best_for_new[j], raw))
        review = raw < threshold + REVIEW_MARGIN or runner_up > raw - RUNNER_UP_MARGIN
        take(i, j, raw, "content", review)

    # 6. splits and merges among the leftovers
    by_new = {m.new: m for m in matches}
    by_old = {m.old: m for m in matches}
    # A split source or a merge target was not matched by id or identical text (it changed).
    settled = {m.old for m in matches if m.method in ("id", "text")}
    settled_new = {m.new for m in matches if m.method in ("id", "text")}
    old_index = _Index([i for i in range(len(old)) if i not in settled], scorer.old_ids)
    late_new_index = _Index([j for j in range(len(new)) if j not in settled_new], scorer.new_ids)
    split_parts: dict[int, list[int]] = defaultdict(list)
    for j in sorted(free_new - forced_added):
        ids = scorer.new_ids(j)
        if len(ids) < MIN_PART_WORDS:
            continue
        best = max(((scorer.containment(ids, scorer.old_ids(i)), i) for i in old_index.candidates(ids)),
                   default=(0.0, -1))
        if best[0] >= CONTAINMENT and best[1] not in forced_removed:
            split_parts[best[1]].append(j)
    merge_parts: dict[int, list[int]] = defaultdict(list)
    for i in sorted(free_old - forced_removed):
        ids = scorer.old_ids(i)
        if len(ids) < MIN_PART_WORDS:
            continue
        best = max(((scorer.containment(ids, scorer.new_ids(j)), j) for j in late_new_index.candidates(ids)),
                   default=(0.0, -1))
        if best[0] >= CONTAINMENT and best[1] not in forced_added:
            merge_parts[best[1]].append(i)
    for i, parts in split_parts.items():
        if i in by_old:
            m = by_old.pop(i)
            matches.remove(m)
            by_new.pop(m.new, None)
            news = sorted([m.new, *parts])
        elif i in free_old:
            news = sorted(parts)
            free_old.discard(i)
        else:
            continue
        free_new.difference_update(parts)
        splits.append((i, news, _group_score(scorer, [i], news), "split"))
    for j, parts in merge_parts.items():
        parts = [i for i in parts if i in free_old]
        if not parts:
            continue
        if j in by_new:
            m = by_new.pop(j)
            matches.remove(m)
            olds = sorted([m.old, *parts])
        elif j in free_new:
            olds = sorted(parts)
            free_new.discard(j)
        else:
            continue
        free_old.difference_update(parts)
        merges.append((olds, j, _group_score(scorer, olds, [j]), "merge"))

    # A one-part "split" or "merge" is a plain match that scored too low for step 5.
    for group in [s for s in splits if len(s[1]) == 1 and s[3] != "map"]:
        splits.remove(group)
        take(group[0], group[1][0], group[2], "content", review=True)
    for mgroup in [g for g in merges if len(g[0]) == 1 and g[3] != "map"]:
        merges.remove(mgroup)
        take(mgroup[0][0], mgroup[1], mgroup[2], "content", review=True)

    _pair_lone_gaps(matches, free_old - forced_removed, free_new - forced_added, scorer, threshold - GAP_MARGIN)
    free_old.difference_update(m.old for m in matches)
    free_new.difference_update(m.new for m in matches)
    matches.sort(key=lambda m: m.new)
    return Alignment(matches, splits, merges, sorted(free_new | forced_added), sorted(free_old | forced_removed))


MAX_GAP: Final = 6
"""Largest gap (articles a side) between matched neighbours that order-based pairing looks into."""
GAP_MARGIN: Final = 0.28
MOVED_GAP_MARGIN: Final = 0.15
"""…and from threshold − this (0.3) when the gap reaches across an anchor that moved."""
"""The lone leftovers of a gap between two matched neighbours pair from threshold − this (0.17 by
default): their place is evidence the words alone do not give."""


def _pair_lone_gaps(matches: list[ArticleMatch], free_old: set[int], free_new: set[int], scorer: _Scorer,
                    floor: float) -> None:
    """Articles rewritten in title and wording, left between two matched neighbours on both
    sides, are the same articles as a reader sees them: the order of the neighbours is the
    evidence the words alone do not give. In each such gap (at most MAX_GAP articles a side,
    at least one real neighbour) the order-keeping pairing with the best total score is taken,
    pairs scoring at least `floor`; every one is flagged for review."""
    if not free_old or not free_new:
        return
    free_old, free_new = set(free_old), set(free_new)
    # First the gaps between an article's own matched neighbours, wherever that block moved.
    new_of = {m.old: m.new for m in matches}
    k = 0
    n_old = len(scorer.old)
    while k < n_old:
        if k not in free_old:
            k += 1
            continue
        run_end = k
        while run_end < n_old and run_end not in new_of:
            run_end += 1
        run = [i for i in range(k, run_end) if i in free_old]
        before, after = new_of.get(k - 1), new_of.get(run_end)
        k = run_end + 1
        if not run or len(run) > MAX_GAP:
            continue
        least = floor
        if before is not None and after is not None and 0 < after - before - 1 <= MAX_GAP:
            gap_new = [j for j in range(before + 1, after) if j in free_new]
            if len(gap_new) != after - before - 1:
                continue  # something else already sits there
        elif before is not None or after is not None:
            # One neighbour kept its place, the other moved: the articles right after (or
            # before) the kept one's new place, on weaker evidence.
            least = floor + GAP_MARGIN - MOVED_GAP_MARGIN
            if before is not None:
                gap_new = _free_run(range(before + 1, before + 1 + len(run)), free_new)
            else:
                assert after is not None
                gap_new = _free_run(range(after - 1, after - 1 - len(run), -1), free_new)[::-1]
        else:
            continue
        for i, j, score in _best_in_order(run, gap_new, scorer, least):
            matches.append(ArticleMatch(i, j, round(score, 4), "content", True))
            free_old.discard(i)
            free_new.discard(j)
    anchors = sorted((m.old, m.new) for m in matches)
    # Anchors must keep their order on both sides for a gap to mean anything.
    news = [j for _, j in anchors]
    if news != sorted(news):
        keep = _increasing(anchors)
        anchors = [a for a in anchors if a in keep]
    bounds = [(-1, -1), *anchors, (len(scorer.old), len(scorer.new))]
    # (free old, free new, has a real neighbour, spans a moved anchor); the gaps partition both
    # sides, so listing them is linear.
    gaps: list[tuple[list[int], list[int], bool, bool]] = []
    for (oi, nj), (oi2, nj2) in itertools.pairwise(bounds):
        olds = [i for i in range(oi + 1, oi2) if i in free_old]
        gap_new = [j for j in range(nj + 1, nj2) if j in free_new]
        real = not (oi == -1 and oi2 == len(scorer.old))
        # An anchor with orphans of one side before it and of the other side only after it
        # moved (a transitional article put last): it does not separate them, but the words
        # must then say more (MOVED_GAP_MARGIN).
        if gaps and ((gaps[-1][1] and olds and not gap_new) or (gaps[-1][0] and gap_new and not olds)):
            prev_old, prev_new, prev_real, _ = gaps.pop()
            gaps.append((prev_old + olds, prev_new + gap_new, prev_real or real, True))
            continue
        gaps.append((olds, gap_new, real, False))
    for olds, gap_new, real, moved in gaps:
        if not real or not olds or not gap_new or len(olds) > MAX_GAP or len(gap_new) > MAX_GAP:
            continue
        least = floor + (GAP_MARGIN - MOVED_GAP_MARGIN if moved else 0.0)
        for i, j, score in _best_in_order(olds, gap_new, scorer, least):
            matches.append(ArticleMatch(i, j, round(score, 4), "content", True))


def _free_run(positions: range, free: set[int]) -> list[int]:
    """The positions, in order, up to the first one already taken."""
    return list(itertools.takewhile(free.__contains__, positions))


def _best_in_order(olds: list[int], news: list[int], scorer: _Scorer, floor: float) -> list[tuple[int, int, float]]:
    """The order-keeping pairs of a small gap with the largest total of (score − floor), each
    scoring at least `floor` (a longest-common-subsequence table on scores)."""
    score = [[scorer.score(i, j) for j in news] for i in olds]
    rows, cols = len(olds), len(news)
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for a in range(rows - 1, -1, -1):
        for b in range(cols - 1, -1, -1):
            take = best[a + 1][b + 1] + (score[a][b] - floor) if score[a][b] >= floor else -1.0
            best[a][b] = max(best[a + 1][b], best[a][b + 1], take)
    out: list[tuple[int, int, float]] = []
    a = b = 0
    while a < rows and b < cols:
        if score[a][b] >= floor and best[a][b] == best[a + 1][b + 1] + (score[a][b] - floor):
            out.append((olds[a], news[b], score[a][b]))
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1
    return out


def _increasing(anchors: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The anchors on the longest run whose new positions increase (patience sorting)."""
    tails: list[int] = []
    tail_at: list[int] = []
    prev: list[int] = [-1] * len(anchors)
    for k, (_, j) in enumerate(anchors):
        pos = bisect.bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        prev[k] = tail_at[pos - 1] if pos else -1
    out: set[tuple[int, int]] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.add(anchors[k])
        k = prev[k]
    return out


def _second(scores: list[float], own: float) -> float:
    """The best score other than `own` (one copy of it is the pair itself)."""
    rest = sorted(scores, reverse=True)
    if own in rest:
        rest.remove(own)
    return rest[0] if rest else 0.0


def _group_score(scorer: _Scorer, olds: list[int], news: list[int]) -> float:
    """Similarity of the joined words of a split or merge group."""
    a = [w for i in olds for w in scorer.old_ids(i)]
    b = [w for j in news for w in scorer.new_ids(j)]
    return round(float(Indel.normalized_similarity(a, b)), 4)
