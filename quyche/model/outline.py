"""The table of contents of a regulation: what `quyche outline` shows and other tools read.

Plain data built from the tree, so the text and JSON outputs (and docs/outline-json.md) stay
in step: one entry per part, chapter, section, article and appendix, in document order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from quyche.model.document import Regulation, Unit
from quyche.schema import FORMAT_KEY, FORMAT_VERSION

OUTLINE_KINDS: Final = ("part", "chapter", "section", "article", "appendix")
"""Units listed in the outline; clauses, points and items are only counted."""

COUNT_KEYS: Final = ("parts", "chapters", "sections", "articles", "clauses", "points", "items",
                     "appendices", "paragraphs")  # fmt: skip

OUTLINE_FORMAT_VERSION: Final = FORMAT_VERSION
"""Bumped when a key changes meaning or disappears (adding a key does not bump it)."""


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One line of the table of contents."""

    kind: str
    number: str
    ordinal: int | None
    title: str
    id: str | None
    line: int
    column: int
    end_line: int
    depth: int
    """How many outline units enclose this one (0 for a top-level chapter or article)."""
    clauses: int
    """Clauses directly in an article (0 for other kinds)."""

    @property
    def label(self) -> str:
        """"Điều 5a", "Chương IV" as a reader says it."""
        from quyche.model.document import UNIT_CLASSES

        unit = UNIT_CLASSES[self.kind](number=self.number, ordinal=self.ordinal)
        return unit.label


def outline_entries(reg: Regulation) -> list[OutlineEntry]:
    """The outline units of `reg` in document order, with their nesting depth."""
    out: list[OutlineEntry] = []
    for node, parents in reg.walk():
        if not isinstance(node, Unit) or node.kind not in OUTLINE_KINDS:
            continue
        depth = sum(1 for p in parents if p.kind in OUTLINE_KINDS)
        clauses = sum(1 for c in node.children if isinstance(c, Unit) and c.kind == "clause")
        out.append(OutlineEntry(
            kind=node.kind, number=node.number, ordinal=node.ordinal, title=node.title, id=node.id,
            line=node.span.line, column=node.span.column, end_line=node.span.end_line,
            depth=depth, clauses=clauses if node.kind == "article" else 0,
        ))
    return out


def outline_dict(reg: Regulation, path: str | None = None) -> dict[str, Any]:
    """The JSON document of `quyche outline --format json` (see docs/outline-json.md): the
    first document's keys at the top, each attached document under `attachments`."""
    out = {
        FORMAT_KEY: OUTLINE_FORMAT_VERSION,
        "file": path if path is not None else reg.path,
        "layout": reg.layout,
        **_document_dict(reg),
    }
    out["attachments"] = [_document_dict(doc) for doc in reg.attachments]
    total = reg.total_counts()
    out["total_counts"] = {key: total.get(key, 0) for key in COUNT_KEYS}
    return out


def document_heading(doc: Regulation) -> str:
    """"Quyết định số 125/QĐ-BTC: Ban hành Quy chế …", from the front matter or the kind line."""
    fm = doc.front_matter
    kind = doc.document_kind() or ""
    if fm is None:
        return kind.capitalize()
    number = fm.number or ""
    if " số" in number.lower().partition(":")[0] + " " and ":" in number:
        head = number  # "Luật số: 80/2015/QH13" keeps its own label, not "Luật số Luật số: …"
    else:
        head = " ".join(x for x in (kind.capitalize(), f"số {number}" if number else "") if x)
    return f"{head}: {fm.subject}" if head and fm.subject else head or (fm.subject or "")


def _document_dict(doc: Regulation) -> dict[str, Any]:
    counts = doc.counts()
    return {
        "kind": doc.document_kind(),
        "line": doc.body_line,
        "counts": {key: counts.get(key, 0) for key in COUNT_KEYS},
        "units": [
            {
                "kind": e.kind,
                "number": e.number,
                "ordinal": e.ordinal,
                "title": e.title,
                "id": e.id,
                "line": e.line,
                "column": e.column,
                "end_line": e.end_line,
                "depth": e.depth,
                **({"clauses": e.clauses} if e.kind == "article" else {}),
            }
            for e in outline_entries(doc)
        ],
    }
