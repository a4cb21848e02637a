"""What every reference of a text points at, named so that renumbering cannot change the name.

An article is named by its stable id, or by its title and its place among articles with that
title; a chapter by its title; a clause or point by its holder and its place in it. The edits
the tests make (insert, delete, move articles) never touch the inside of an article, so these
names survive them, and the numbers do not take part.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from quyche.check.index import build_index
from quyche.check.registry import CheckContext
from quyche.check.rules.references import own_references
from quyche.check.targets import build_targets, resolve
from quyche.config import Config
from quyche.model.document import Article, Chapter, Regulation, Unit
from quyche.parse.document import parse_text
from quyche.parse.source import Source


def _names(doc: Regulation) -> dict[int, str]:
    names: dict[int, str] = {}
    seen: Counter[str] = Counter()
    for node, parents in doc.walk():
        if isinstance(node, Article):
            key = node.id or node.title
            names[id(node)] = f"{key}#{seen[key]}"
            seen[key] += 1
        elif isinstance(node, Chapter):
            names[id(node)] = f"chapter:{node.title}"
        elif isinstance(node, Unit) and parents and id(parents[-1]) in names:
            holder = parents[-1]
            same = [c for c in holder.children if isinstance(c, type(node))]
            names[id(node)] = f"{names[id(holder)]}/{node.kind}{same.index(node)}"
    return names


def reference_targets(text: str) -> tuple[Counter[tuple[str, str]], int]:
    """(Counter of (where the reference stands, what it points at)), unresolved count."""
    doc = parse_text(text, "x.md")
    index = build_index(doc, text)
    ctx = CheckContext(path="x.md", source=Source(Path("x.md"), text, text), config=Config(root=Path(".")))
    ctx.extra["index"] = index
    targets = build_targets(doc, index)
    names = _names(doc)
    out: Counter[tuple[str, str]] = Counter()
    unresolved = 0
    for ref, place in own_references(doc, ctx):
        res = resolve(ref, place, targets)
        where = names.get(id(place.article), "outside") if place.article is not None else "outside"
        if res.target is None:
            unresolved += 1
            continue
        out[(where, names.get(id(res.target), "?"))] += 1
    return out, unresolved
