"""GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=QC101::message`.

Values are escaped as the runner expects (%, CR, LF everywhere; also : and , in properties).
`file=` is the path from the repository root (GitHub places annotations by it), so running
from a sub-folder annotates the right file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from quyche.check.finding import Finding
from quyche.render.findings.paths import from_root

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Sequence[Finding], root: Path) -> str:
    """One annotation line per finding, its file named from `root` (the repository root; a
    file outside it keeps its path); the hint follows the message after a line break."""
    lines = []
    for f in findings:
        rel = from_root(f.path, root)
        props = [f"file={_prop(rel.as_posix() if rel is not None else f.path)}", f"line={f.span.line}", f"col={f.span.column}"]
        if f.span.end_line and f.span.end_line != f.span.line:
            props.append(f"endLine={f.span.end_line}")
        props.append(f"title={_prop(f.code)}")
        message = f"{f.message}" + (f"\n{f.hint}" if f.hint else "") + (f"\n({f.code} {f.rule})" if f.rule else "")
        lines.append(f"::{_LEVEL[f.severity.value]} {','.join(props)}::{_data(message)}")
    return "\n".join(lines)
