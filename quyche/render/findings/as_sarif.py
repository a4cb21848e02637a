"""SARIF 2.1.0 for code scanning: one run, rules with their help text, one result a finding.

Validated in tests against the OASIS schema. Columns are Unicode code points (`columnKind`).
Artifact URIs are percent-encoded URI references (a file may be named `quy chế 2026.md`)
relative to the root of the git repository around the working folder (`%SRCROOT%`): GitHub
resolves them against the repository root and ignores `originalUriBaseIds`, so a regulation in
a sub-folder must carry that folder in its URI. Each result has a `partialFingerprints` entry
that does not depend on its line, so an alert survives edits above it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from quyche import PROJECT_URL
from quyche.check.finding import Finding
from quyche.check.registry import Rule
from quyche.render.findings.paths import from_root
from quyche.render.findings.paths import repository_root as repository_root  # for check and verify

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "quycheFinding/v1"
RULES_DOC = f"{PROJECT_URL}/blob/main/docs/rules.md"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_location(path: str, base: Path | None) -> dict[str, str]:
    """`{"uri", "uriBaseId"}` for a path inside `base`, else an absolute `file:` URI."""
    rel = from_root(path, base) if base is not None else None
    if rel is not None:
        return {"uri": quote(rel.as_posix(), safe="/"), "uriBaseId": SRCROOT}
    p = Path(path)
    if p.is_absolute():
        return {"uri": p.as_uri()}
    return {"uri": quote(p.as_posix(), safe="/")}


def base_uri_ids(base: Path | None) -> dict[str, Any]:
    return {SRCROOT: {"uri": base.as_uri() + "/"}} if base is not None else {}


def fingerprints(keys: Sequence[str]) -> list[dict[str, str]]:
    """A line-free fingerprint per result; equal keys are told apart by their order."""
    seen: Counter[str] = Counter()
    out = []
    for key in keys:
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        out.append({FINGERPRINT_KEY: f"{digest}:{seen[key]}"})
        seen[key] += 1
    return out


def rule_anchor(r: Rule) -> str:
    """GitHub's anchor for the rule's heading in docs/rules.md (`### QC101 chapter-sequence`)."""
    return f"{r.code}-{r.name}".lower()


def _descriptor(r: Rule) -> dict[str, Any]:
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.doc.split("### Sai", 1)[0].strip()},
        "help": {"text": r.doc, "markdown": r.doc},
        "helpUri": f"{RULES_DOC}#{rule_anchor(r)}",
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


def _location(path: str, base: Path | None, region: dict[str, int] | None = None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(path, base)}
    if region:
        physical["region"] = region
    return {"physicalLocation": physical}


def to_sarif(findings: Sequence[Finding], rules: Mapping[str, Rule], base: Path | None = None,
             unreadable: Sequence[tuple[str, str]] = ()) -> str:
    """The SARIF log; `base` is the repository root (see repository_root); `unreadable`
    (path, Vietnamese message) become tool notifications."""
    from quyche import __version__

    codes = sorted(rules)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    locations = [_location(f.path, base, _region(f)) for f in findings]
    keys = [f"{f.code}\0{loc['physicalLocation']['artifactLocation']['uri']}\0{f.message}"
            for f, loc in zip(findings, locations, strict=True)]
    for f, location, fingerprint in zip(findings, locations, fingerprints(keys), strict=True):
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": _LEVEL[f.severity.value],
            "message": {"text": f.message + (f" {f.hint}" if f.hint else "")},
            "locations": [location],
            "partialFingerprints": fingerprint,
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "quyche",
            "informationUri": PROJECT_URL,
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_descriptor(rules[c]) for c in codes],
        }},
        "invocations": [{
            "executionSuccessful": not unreadable,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": message}, "locations": [_location(path, base)] if path else []}
                for path, message in unreadable
            ],
        }],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if base is not None:
        run["originalUriBaseIds"] = base_uri_ids(base)
    log = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, ensure_ascii=False, indent=2)
