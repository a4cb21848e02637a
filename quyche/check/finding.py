"""A finding: one rule's verdict about one place. Data, not an exception."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from quyche.model.span import Span


class Severity(StrEnum):
    """How much a finding matters; only errors make `check` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Finding:
    """`path:line:col code message` plus the fix hint."""

    path: str
    span: Span
    code: str
    severity: Severity
    message: str
    """Vietnamese: what is wrong."""
    hint: str = ""
    """Vietnamese: how to fix it."""
    rule: str = field(default="", compare=False)
    """The rule's kebab-case name."""
