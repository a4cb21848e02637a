"""The rule registry: every rule's code, name, default severity and documentation.

A rule is a typed generator registered with its identity spelled out:

    @rule("QC103", "point-letter-order", Severity.ERROR)
    def point_letter_order(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
        '''Điểm phải theo thứ tự chữ cái tiếng Việt … (the docstring is the rule's page)'''

Codes are stable and never reused: QC0xx meta (suppressions), QC1xx structure,
QC2xx cross-references, QC3xx metadata, QC4xx text and typography, QC5xx template conformance.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from quyche.check.finding import Severity
from quyche.model.span import Span

if TYPE_CHECKING:
    from quyche.config import Config
    from quyche.model.document import Regulation
    from quyche.parse.source import Source


@dataclass(frozen=True, slots=True)
class Report:
    """What a rule yields: where, what is wrong, how to fix it (both Vietnamese)."""

    span: Span
    message: str
    hint: str = ""


@dataclass(slots=True)
class CheckContext:
    """What a rule may read besides the document."""

    path: str
    source: Source
    config: Config
    extra: dict[str, object] = field(default_factory=dict)
    """Shared caches between rules of one document (e.g. the article index)."""
    first_line: int = 1
    last_line: int = 0
    """The stretch of the file the checked document covers (0: to the end). A file holding a
    decision and the regulation it issues is checked one document at a time."""

    def covers(self, line: int) -> bool:
        """Is file line `line` part of the checked document?"""
        return line >= self.first_line and (not self.last_line or line <= self.last_line)


RuleFunc = Callable[["Regulation", CheckContext], Iterator[Report]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule."""

    code: str
    name: str
    severity: Severity
    func: RuleFunc
    doc: str
    """Vietnamese: summary line, then `### Vì sao`, `### Sai`, `### Đúng` (docs/rules.md)."""

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.split("\n", 1)[0].strip()


RULES: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity) -> Callable[[RuleFunc], RuleFunc]:
    """Register `func` as rule `code`."""

    def decorate(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, name, severity, func, inspect.cleandoc(func.__doc__ or ""))
        return func

    return decorate
