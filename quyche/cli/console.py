"""Output for people: rich on a terminal, plain text in pipes and CI. Imported lazily."""

from __future__ import annotations

import sys
from functools import cache
from typing import Any


@cache
def stdout() -> Any:
    """The rich Console for standard output."""
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


@cache
def stderr() -> Any:
    """The rich Console for standard error."""
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def out(text: str = "") -> None:
    """Print a plain line to stdout (no markup interpretation)."""
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    """Print a plain line to stderr."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()
