"""SARIF 2.1.0 for code scanning: one run, rules with their help text, one result a finding.

Columns are Unicode code points (`columnKind`); paths are relative to the repository root
(`%SRCROOT%`) when they lie inside it, so GitHub places the annotations on the right file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from quyche.check.finding import Finding
from quyche.check.registry import Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(path: str, root: Path | None) -> tuple[str, bool]:
    p = Path(path)
    if root is not None:
        try:
            return p.resolve().relative_to(root.resolve()).as_posix(), True
        except ValueError:
            pass
    if p.is_absolute():
        return p.as_uri(), False
    return p.as_posix(), False


def _descriptor(r: Rule) -> dict[str, Any]:
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.doc.split("### Sai", 1)[0].strip()},
        "help": {"text": r.doc, "markdown": r.doc},
        "defaultConfiguration": {"level": _LEVEL[r.severity.value]},
        "properties": {"tags": [r.code[:3] + "xx"]},
    }


def _region(f: Finding) -> dict[str, int]:
    region = {"startLine": max(1, f.span.line), "startColumn": max(1, f.span.column)}
    end = (f.span.end_line, f.span.end_column)
    if f.span.end_column > 0 and end >= (region["startLine"], region["startColumn"]):
        region["endLine"] = f.span.end_line
        region["endColumn"] = max(1, f.span.end_column)
    return region


def _location(path: str, root: Path | None, region: dict[str, int] | None = None) -> dict[str, Any]:
    uri, relative = _uri(path, root)
    artifact: dict[str, Any] = {"uri": uri}
    if relative:
        artifact["uriBaseId"] = "%SRCROOT%"
    physical: dict[str, Any] = {"artifactLocation": artifact}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def to_sarif(findings: Sequence[Finding], rules: Mapping[str, Rule], root: Path | None = None,
             unreadable: Sequence[tuple[str, str]] = ()) -> str:
    """The SARIF log; `unreadable` (path, Vietnamese message) become tool notifications."""
    from quyche import __version__

    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _LEVEL[f.severity.value],
            "message": {"text": f.message + (f" {f.hint}" if f.hint else "")},
            "locations": [_location(f.path, root, _region(f))],
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "quyche",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_descriptor(rules[c]) for c in codes],
        }},
        "invocations": [{
            "executionSuccessful": not unreadable,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": message}, "locations": [_location(path, root)]}
                for path, message in unreadable
            ],
        }],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if root is not None:
        run["originalUriBaseIds"] = {"%SRCROOT%": {"uri": root.resolve().as_uri() + "/"}}
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2)
