"""What a round changes, article by article: the rows of the proposals table and the tờ trình.

Articles are paired by their number ("5", "5a"): a revision round amends, adds and repeals
articles in place, which is what the summary of proposed changes lists. Renumbered or moved
articles are the job of `quyche diff`'s matcher (quyche/diff); when it is installed this is
where it would plug in, keeping the same ArticleChange rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

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

    @property
    def reference(self) -> str:
        """"Điều 5, khoản 2, 3" — the Điều, khoản column."""
        if self.clauses and self.kind == "amended":
            return f"Điều {self.number}, khoản {', '.join(self.clauses)}"
        return f"Điều {self.number}"


def _articles(reg: Regulation) -> dict[str, Article]:
    out: dict[str, Article] = {}
    stack = list(reversed(reg.children))
    while stack:
        node = stack.pop()
        if isinstance(node, Article):
            out.setdefault(node.number, node)
        elif hasattr(node, "children"):
            stack.extend(reversed(node.children))
    return out


def _clauses(article: Article) -> dict[str, str]:
    return {u.number: u.full_text() for u in article.sub_units() if u.kind == "clause"}


def article_changes(old: str, new: str, path: str | Path | None = None) -> list[ArticleChange]:
    """Amended, added and repealed articles between two texts of a regulation, in new order."""
    old_arts = _articles(parse_text(old, path))
    new_arts = _articles(parse_text(new, path))
    out: list[ArticleChange] = []
    for number, art in new_arts.items():
        before = old_arts.get(number)
        if before is None:
            out.append(ArticleChange("added", number, art.heading_text(), "", art.full_text()))
        elif before.full_text() != art.full_text():
            old_c, new_c = _clauses(before), _clauses(art)
            changed = tuple(n for n in new_c if old_c.get(n) != new_c[n])
            heading_changed = before.heading_text() != art.heading_text()
            out.append(ArticleChange("amended", number, art.heading_text(), before.full_text(), art.full_text(),
                                     () if heading_changed else changed))
    for number, art in old_arts.items():
        if number not in new_arts:
            out.append(ArticleChange("repealed", number, art.heading_text(), art.full_text(), ""))
    return out
