"""The JSON output of `quyche diff --format json`: stable, documented in docs/diff.md.

One entry per pair of articles (a split or a merge gives one entry per part, sharing a
`group` number), in the draft's order, plus the summary counts.
"""

from __future__ import annotations

import json
from typing import Any

from quyche.diff.result import ArticleChange, ArticleInfo, DiffResult
from quyche.diff.words import WordDiff
from quyche.schema import versioned


def _words(diff: WordDiff | None) -> dict[str, list[str]]:
    if diff is None:
        return {"deleted": [], "inserted": []}
    return {"deleted": diff.deleted_words(), "inserted": diff.inserted_words()}


def _entries(change: ArticleChange, group: int | None) -> list[dict[str, Any]]:
    olds: list[ArticleInfo | None] = list(change.old) or [None]
    news: list[ArticleInfo | None] = list(change.new) or [None]
    out: list[dict[str, Any]] = []
    for o in olds:
        for n in news:
            shown = n if n is not None else o
            entry: dict[str, Any] = {
                "status": change.status,
                "old": o.number if o else None,
                "new": n.number if n else None,
                "old_id": o.id if o else None,
                "new_id": n.id if n else None,
                "title": shown.title if shown is not None else "",
                "renumbered": bool(o and n and o.number != n.number),
                "moved": change.moved,
                "score": round(change.score, 4),
                "method": change.method,
                "review": change.review,
                "group": group,
                "words": _words(change.diff),
                "clauses": [
                    {"status": cc.status, "old": cc.old, "new": cc.new} for cc in change.clauses
                ],
            }
            out.append(entry)
    return out


def to_dict(result: DiffResult, *, reasons: dict[int, str] | None = None) -> dict[str, Any]:
    """The JSON document as Python data; `reasons` maps a change's position to its reason."""
    articles: list[dict[str, Any]] = []
    group = 0
    for k, change in enumerate(result.changes):
        grouped = change.status in ("split", "merged")
        if grouped:
            group += 1
        entries = _entries(change, group if grouped else None)
        if reasons is not None:
            for e in entries:
                e["reason"] = reasons.get(k)
        articles.extend(entries)
    return versioned({
        "old": result.old_label,
        "new": result.new_label,
        "summary": result.summary.as_dict(),
        "chapters_renamed": [{"old": o, "new": n} for o, n in result.chapter_titles_changed],
        "articles": articles,
        "references": [
            {"status": r.status, "line": r.line, "column": r.column, "old_text": r.old_text,
             "new_text": r.new_text, "old_target": r.old_target, "meant_now": r.meant_now,
             "new_target": r.new_target, "title": r.title, "new_title": r.new_title,
             "old_id": r.old_id, "new_id": r.new_id}
            for r in result.references
        ],
    })


def render_json(result: DiffResult, *, reasons: dict[int, str] | None = None) -> str:
    """The JSON text (UTF-8, not ASCII-escaped: Vietnamese stays readable)."""
    return json.dumps(to_dict(result, reasons=reasons), ensure_ascii=False, indent=2) + "\n"
