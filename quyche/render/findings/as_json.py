"""JSON for scripts: `{"format_version", "tool", "quyche_version", "files", "summary", "findings", "unreadable"}`."""

from __future__ import annotations

import json
from collections.abc import Sequence

from quyche.check.finding import Finding
from quyche.schema import versioned


def to_json(findings: Sequence[Finding], files: int, unreadable: Sequence[dict[str, object]] = ()) -> str:
    """Each finding has file, line, column, end_line, end_column, code, rule, severity, message, hint."""
    from quyche import __version__

    items = [
        {
            "file": f.path,
            "line": f.span.line,
            "column": f.span.column,
            "end_line": f.span.end_line,
            "end_column": f.span.end_column,
            "code": f.code,
            "rule": f.rule,
            "severity": f.severity.value,
            "message": f.message,
            "hint": f.hint,
        }
        for f in findings
    ]
    counts = {s: sum(1 for f in findings if f.severity.value == s) for s in ("error", "warning", "info")}
    doc = versioned({
        "tool": "quyche",
        "quyche_version": __version__,
        "files": files,
        "summary": counts,
        "findings": items,
        "unreadable": list(unreadable),
    })
    return json.dumps(doc, ensure_ascii=False, indent=2)
