"""Where a unit stands in its source file, so every message can point at it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, unsafe_hash=True, init=False)
class Span:
    """1-based line and column of the first character, and of the end of the unit's last line.

    A value: replace a unit's span, never assign to its fields. Not `frozen`: a frozen
    dataclass sets each field through object.__setattr__, which made a span cost four times
    as much to build, and a parse builds one or two per line (12 % of the parse time of
    bench/bench_check.py). `unsafe_hash` keeps spans, and the frozen Findings that hold
    them, hashable as before. The constructor is written out for the same reason: the
    generated one called `__post_init__` on every span (issue 17).
    """

    line: int
    column: int = 1
    end_line: int = 0
    end_column: int = 0

    def __init__(self, line: int, column: int = 1, end_line: int = 0, end_column: int = 0) -> None:
        self.line = line
        self.column = column
        self.end_line = end_line or line  # 0: the span ends on its first line
        self.end_column = end_column

    def to(self, other: Span) -> Span:
        """The span from the start of this one to the end of `other`."""
        return Span(self.line, self.column, other.end_line, other.end_column)


NO_SPAN = Span(0, 0)
"""For units made in code rather than read from a file."""
