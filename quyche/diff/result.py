"""What a comparison produces: matches, changes in the draft's order, and the summary counts.

Plain dataclasses; every renderer (terminal, JSON, Markdown, HTML, the DOCX table) reads the
same DiffResult.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal

from quyche.diff.words import WordDiff, diff_words, one_sided

if TYPE_CHECKING:
    from quyche.check.versions import ReferenceChange
from quyche.model.document import Article, Regulation

Status = Literal["unchanged", "changed", "added", "removed", "split", "merged"]
Method = Literal["id", "text", "title", "content", "map", "split", "merge"]

STATUSES: Final = ("unchanged", "changed", "added", "removed", "split", "merged")


@dataclass(slots=True)
class ArticleInfo:
    """One article as matching sees it: where it stands, what it says, in which chapter."""

    index: int
    """Position among the regulation's articles (0-based)."""
    article: Article
    number: str
    id: str | None
    title: str
    text: str
    """Heading and body as a reader sees them ("Điều 5. Title\\n1. …")."""
    body: str
    """The body alone (clauses, points, paragraphs), one line a block."""
    words: list[str]
    """Lower-case words of title and body (not the "Điều N" marker): what scores compare."""
    title_words: list[str]
    chapter: int | None
    """Index of the article's chapter in the regulation's chapter list, None outside any."""

    @property
    def label(self) -> str:
        """"Điều 5"."""
        return f"Điều {self.number}"


@dataclass(slots=True)
class ArticleMatch:
    """An old article paired with a new one, and how sure quyche is about it."""

    old: int
    new: int
    score: float
    """0.0–1.0: 1.0 for identical text; weaker matches read lower."""
    method: Method
    review: bool = False
    """True when a person should confirm the pairing (weak score or a close runner-up)."""


@dataclass(slots=True)
class ClauseChange:
    """A change inside an article, down to clause and point: "khoản 2", "khoản 3 điểm b".

    The word diff is made when first read: only the DOCX table by clause shows it, while every
    comparison lists which clauses changed (a third of a real law's diff time went to diffs
    nobody read).
    """

    status: Literal["changed", "added", "removed"]
    old: str | None
    new: str | None
    old_text: str = ""
    new_text: str = ""
    _diff: WordDiff | None = field(default=None, repr=False, compare=False)

    @property
    def diff(self) -> WordDiff:
        """Struck old and bold new words (all struck for a removed clause, all bold for an added one)."""
        if self._diff is None:
            if self.status == "added":
                self._diff = one_sided(self.new_text, "insert")
            elif self.status == "removed":
                self._diff = one_sided(self.old_text, "delete")
            else:
                self._diff = diff_words(self.old_text, self.new_text)
        return self._diff


@dataclass(slots=True)
class ArticleChange:
    """One entry of the comparison, in the draft's order.

    `old` and `new` hold one article each, except a split (one old, several new) and a merge
    (several old, one new).
    """

    status: Status
    old: list[ArticleInfo]
    new: list[ArticleInfo]
    score: float
    method: Method | None = None
    review: bool = False
    renumbered: bool = False
    moved: bool = False
    diff: WordDiff | None = None
    clauses: list[ClauseChange] = field(default_factory=list)

    @property
    def old_numbers(self) -> list[str]:
        """Numbers of the old articles."""
        return [a.number for a in self.old]

    @property
    def new_numbers(self) -> list[str]:
        """Numbers of the new articles."""
        return [a.number for a in self.new]

    @property
    def is_difference(self) -> bool:
        """Anything a reader must see (a pure renumbering is a difference too)."""
        return self.status != "unchanged" or self.renumbered or self.moved

    @property
    def key(self) -> str:
        """A short label for messages: "Điều 20 → Điều 24", "Điều 6 (mới)"."""
        olds = ", ".join(a.number for a in self.old)
        news = ", ".join(a.number for a in self.new)
        if not self.old:
            return f"Điều {news} (mới)"
        if not self.new:
            return f"Điều {olds} (bãi bỏ)"
        if olds == news:
            return f"Điều {news}"
        return f"Điều {olds} → Điều {news}"


@dataclass(slots=True)
class Summary:
    """Counts for the head of every output."""

    unchanged: int = 0
    changed: int = 0
    added: int = 0
    removed: int = 0
    renumbered: int = 0
    moved: int = 0
    split: int = 0
    merged: int = 0
    review: int = 0
    chapters_changed: int = 0
    old_articles: int = 0
    new_articles: int = 0

    def as_dict(self) -> dict[str, int]:
        """The counts as a JSON object."""
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(slots=True)
class DiffResult:
    """The whole comparison of an old (current) and a new (draft) regulation."""

    old: Regulation
    new: Regulation
    old_label: str
    new_label: str
    changes: list[ArticleChange]
    matches: list[ArticleMatch]
    summary: Summary
    chapter_titles_changed: list[tuple[str, str]] = field(default_factory=list)
    """(old, new) chapter headings ("Chương III. TITLE") of chapters whose title changed."""
    new_chapters: list[str] = field(default_factory=list)
    """For each new article index: the label and title of its chapter ("" outside any)."""
    find_references: Callable[[], list[ReferenceChange]] | None = field(default=None, repr=False, compare=False)
    """What `references` calls the first time it is read (only the JSON output shows them)."""
    _references: list[ReferenceChange] | None = field(default=None, repr=False, compare=False)

    @property
    def references(self) -> list[ReferenceChange]:
        """References whose numbers or target changed (check/versions.py): updated by a
        renumbering, stale, pointing at a repealed unit, or retargeted."""
        if self._references is None:
            self._references = self.find_references() if self.find_references is not None else []
        return self._references

    @property
    def has_differences(self) -> bool:
        """What `--exit-code` reports."""
        return any(c.is_difference for c in self.changes) or bool(self.chapter_titles_changed)
