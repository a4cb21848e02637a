"""One function per command: take plain values, do the work, return what to print or write.

The CLI (quyche/cli) only parses arguments, calls these and prints what they return, as
pre-commit's `commands/` do; the functions never print and never exit.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Outcome:
    """What a command did: the lines to show the user and the exit code (0 done, 1 findings)."""

    lines: list[str] = field(default_factory=list)
    code: int = 0

    def say(self, line: str) -> None:
        """Add one line for the user."""
        self.lines.append(line)
