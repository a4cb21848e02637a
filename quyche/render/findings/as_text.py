"""Text for people: `file:line:col: QC101 [lỗi] message`, the hint, then a summary line."""

from __future__ import annotations

from collections.abc import Sequence

from quyche.check.finding import Finding
from quyche.render.findings import SEVERITY_LABELS


def finding_line(f: Finding, path: str | None = None) -> str:
    """The first line of a finding."""
    return f"{path or f.path}:{f.span.line}:{f.span.column}: {f.code} [{SEVERITY_LABELS[f.severity.value]}] {f.message}"


def hint_line(f: Finding) -> str:
    """The second line: how to fix it ("" when the rule gave no hint)."""
    return f"    → {f.hint}" if f.hint else ""


def summary(findings: Sequence[Finding], files: int, unreadable: int = 0) -> str:
    """"Đã kiểm tra 3 tệp: 2 lỗi, 1 cảnh báo, 0 thông tin." in Vietnamese."""
    errors = sum(1 for f in findings if f.severity.value == "error")
    warnings = sum(1 for f in findings if f.severity.value == "warning")
    infos = sum(1 for f in findings if f.severity.value == "info")
    text = f"Đã kiểm tra {files} tệp: {errors} lỗi, {warnings} cảnh báo, {infos} thông tin."
    if unreadable:
        text += f" {unreadable} tệp không đọc được."
    if not findings and not unreadable:
        text = f"Đã kiểm tra {files} tệp: không có lỗi nào."
    return text
