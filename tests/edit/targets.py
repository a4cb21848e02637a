"""What every reference of a text points at, named so that renumbering cannot change the name.

An article is named by its stable id, or by its title and its text with the digits left out
(then its place among articles named alike); a chapter by its title; a clause or point by its holder and its place in it. The edits
the tests make (insert, delete, move articles) never touch the inside of an article, so these
names survive them, and the numbers do not take part.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from quyche.check.index import Place, build_index
from quyche.check.registry import CheckContext
from quyche.check.rules.references import own_references
from quyche.check.targets import Resolution, build_targets, resolve
from quyche.config import Config
from quyche.model.document import Article, Chapter, Regulation, Unit
from quyche.parse.document import parse_text
from quyche.parse.source import Source

_DIGITS = re.compile(r"\d+")


def _names(doc: Regulation) -> dict[int, str]:
    names: dict[int, str] = {}
    seen: Counter[str] = Counter()
    for node, parents in doc.walk():
        if isinstance(node, Article):  # two articles may share a title: their text without numbers
            key = node.id or f"{node.title}|{_DIGITS.sub('', node.body_text())[:200]}"
            names[id(node)] = f"{key}#{seen[key]}"
            seen[key] += 1
        elif isinstance(node, Chapter):
            names[id(node)] = f"chapter:{node.title}"
        elif isinstance(node, Unit) and parents and id(parents[-1]) in names:
            holder = parents[-1]
            same = [c for c in holder.children if isinstance(c, type(node))]
            names[id(node)] = f"{names[id(holder)]}/{node.kind}{same.index(node)}"
    return names


def _resolved(text: str) -> tuple[Regulation, list[tuple[Place, Resolution]]]:
    doc = parse_text(text, "x.md")
    index = build_index(doc, text)
    ctx = CheckContext(path="x.md", source=Source(Path("x.md"), text, text), config=Config(root=Path(".")))
    ctx.extra["index"] = index
    targets = build_targets(doc, index)
    return doc, [(place, resolve(ref, place, targets)) for ref, place in own_references(doc, ctx)]


def referenced_heading_lines(text: str) -> set[int]:
    """0-based lines of the headings of the articles that references point at or into."""
    doc, found = _resolved(text)
    article_of: dict[int, Article] = {}
    for node, parents in doc.walk():
        if isinstance(node, Unit):
            holder = node if isinstance(node, Article) else next(
                (p for p in reversed(parents) if isinstance(p, Article)), None)
            if holder is not None:
                article_of[id(node)] = holder
    out: set[int] = set()
    for _place, res in found:
        target = res.target
        if target is not None and id(target) in article_of:
            out.add(article_of[id(target)].span.line - 1)
    return out


def reference_targets(text: str) -> tuple[Counter[tuple[str, str]], int]:
    """(Counter of (where the reference stands, what it points at)), unresolved count."""
    doc, found = _resolved(text)
    names = _names(doc)
    out: Counter[tuple[str, str]] = Counter()
    unresolved = 0
    for place, res in found:
        where = names.get(id(place.article), "outside") if place.article is not None else "outside"
        if res.target is None:
            unresolved += 1
            continue
        out[(where, names.get(id(res.target), "?"))] += 1
    return out, unresolved
