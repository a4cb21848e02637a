"""The `Quyche-*` trailers: a step's machine-readable facts in its commit message.

ASCII, namespaced keys (TECH-NOTES §2.5: non-ASCII keys are mangled, and a free-text last
paragraph like `Note: …` also parses as a trailer, so readers filter on the namespace).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

ROUND: Final = "Quyche-Round"
STEP: Final = "Quyche-Step"
DATE: Final = "Quyche-Date"
PREVIOUS: Final = "Quyche-Previous"
"""The commit id of the round's previous step ("none" for the first): a rewritten step breaks the chain."""

TEMPLATE: Final = "Quyche-Template"
"""`name@version` of the template the regulation follows at this step (quyche.yaml `template:`);
`quyche new` writes the name alone with `Quyche-Template-Version` in its first commit."""

KEYS: Final = (ROUND, STEP, DATE, PREVIOUS)
NO_PREVIOUS: Final = "none"


@dataclass(frozen=True, slots=True)
class StepTrailers:
    """The trailers of one step commit."""

    round_id: str
    step: str
    date: str
    previous: str
    template: str = ""
    """`phuong@2.0.0`, or "" when the repository records no template."""

    def as_args(self) -> list[str]:
        """`--trailer` arguments for `git commit`."""
        out: list[str] = []
        for key, value in ((ROUND, self.round_id), (STEP, self.step), (DATE, self.date),
                           (PREVIOUS, self.previous), (TEMPLATE, self.template)):
            if value:
                out += ["--trailer", f"{key}: {value}"]
        return out


def log_format_fields() -> list[str]:
    """`git log --format` placeholders giving each trailer's value (empty when absent)."""
    return [f"%(trailers:key={key},valueonly,separator=%x1d)" for key in KEYS]


def first_value(field: str) -> str:
    """The first value of a trailer field read with separator %x1d (git repeats keys)."""
    return field.split("\x1d", 1)[0].strip()
