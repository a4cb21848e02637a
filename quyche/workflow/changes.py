"""What a round changes, article by article: the rows of the proposals table and the tờ trình.

Articles are paired by `quyche diff`'s matcher (quyche/diff: ids, text, titles, splits and
merges, renumbering), so an inserted article does not make every later one look amended.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from quyche.diff.result import ArticleInfo
from quyche.model.document import Article, Regulation
from quyche.parse import parse_text

ChangeKind = Literal["amended", "added", "repealed"]

KIND_LABELS: dict[ChangeKind, str] = {
    "amended": "Sửa đổi, bổ sung",
    "added": "Bổ sung mới",
    "repealed": "Bãi bỏ",
}


@dataclass(frozen=True, slots=True)
class ArticleChange:
    """One article changed by the round."""

    kind: ChangeKind
    number: str
    label: str
    """"Điều 5. Title" as the new text (or the old one when repealed) heads it."""
    old_text: str
    new_text: str
    clauses: tuple[str, ...] = ()
    """Numbers of the clauses whose text changed ("2", "3"), for "Điều 5, khoản 2"."""
    old_number: str = ""
    """The number in the current text when the draft renumbers the article ("" otherwise)."""
    keys: tuple[str, ...] = ()
    """Lower-case numbers and ids the round's reasons may be keyed by (the draft's; the
    current text's for a repealed article)."""

    def reason(self, reasons: dict[str, str]) -> str:
        """This change's written reason (quyche.diff.options keys), or ""."""
        return next((reasons[k] for k in self.keys if k in reasons), "")

    @property
    def reference(self) -> str:
        """"Điều 5, khoản 2, 3" — the Điều, khoản column."""
        head = f"Điều {self.number}"
        if self.old_number and self.old_number != self.number:
            head += f" (Điều {self.old_number} hiện hành)"
        if self.clauses and self.kind == "amended":
            return f"{head}, khoản {', '.join(self.clauses)}"
        return head


def _clauses(article: Article) -> dict[str, str]:
    return {u.number: u.full_text() for u in article.sub_units() if u.kind == "clause"}


def _changed_clauses(before: Article, art: Article) -> tuple[str, ...]:
    if before.heading_text().split(".", 1)[-1] != art.heading_text().split(".", 1)[-1]:
        return ()  # the title changed: the whole article is amended
    old_c, new_c = _clauses(before), _clauses(art)
    return tuple(n for n in new_c if old_c.get(n) != new_c[n])


@dataclass(frozen=True, slots=True)
class RoundChanges:
    """The rows, and the articles that only moved: renumbered or put in another chapter."""

    rows: list[ArticleChange]
    renumbered: list[tuple[str, str]]
    """(current number, draft number) of every kept article whose number changes."""
    moved: int
    """Articles that moved to another chapter."""


def _keys(infos: list[ArticleInfo]) -> tuple[str, ...]:
    return tuple(k for a in infos for k in (a.number.lower(), (a.id or "").lower()) if k)


def _with_diff(old_reg: Regulation, new_reg: Regulation) -> RoundChanges:
    from quyche.diff.compare import compare

    out: list[ArticleChange] = []
    renumbered: list[tuple[str, str]] = []
    moved = 0
    for change in compare(old_reg, new_reg).changes:
        olds, news = change.old, change.new
        if olds and news and change.renumbered:
            renumbered.append((", ".join(i.number for i in olds), ", ".join(i.number for i in news)))
        moved += int(change.moved)
        if change.status == "unchanged":
            continue  # a pure renumbering changes no content
        if change.status == "added":
            a = news[0].article
            out.append(ArticleChange("added", a.number, a.heading_text(), "", a.full_text(), keys=_keys(news)))
        elif change.status == "removed":
            a = olds[0].article
            out.append(ArticleChange("repealed", a.number, a.heading_text(), a.full_text(), "", keys=_keys(olds)))
        else:  # changed, split, merged
            before = "\n".join(i.article.full_text() for i in olds)
            after = "\n".join(i.article.full_text() for i in news)
            first_old, first_new = olds[0].article, news[0].article
            clauses = _changed_clauses(first_old, first_new) if len(olds) == len(news) == 1 else ()
            old_number = ", ".join(i.number for i in olds)
            out.append(ArticleChange("amended", ", ".join(i.number for i in news), first_new.heading_text(),
                                     before, after, clauses, old_number, keys=_keys(news)))
    return RoundChanges(out, renumbered, moved)


def round_changes(old: str, new: str, path: str | Path | None = None) -> RoundChanges:
    """What the round changes between two texts of a regulation, in the draft's order."""
    return _with_diff(parse_text(old, path), parse_text(new, path))


def article_changes(old: str, new: str, path: str | Path | None = None) -> list[ArticleChange]:
    """Amended, added and repealed articles between two texts of a regulation, in the draft's order."""
    return round_changes(old, new, path).rows
