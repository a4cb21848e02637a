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
"""`name@version` of the template the regulation follows (quyche.yaml `template:`): in each step
commit, and in the first commit of `quyche new`."""
OLD_TEMPLATE_VERSION: Final = "Quyche-Template-Version"
"""Read only: the first commit of repositories made by an earlier `quyche new` has
`Quyche-Template: name` and the version in this trailer; readers accept both forms."""

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


def template_value(name: str, version: str) -> str:
    """The `Quyche-Template` value: "phuong@2.0.0"."""
    return f"{name}@{version}"


def read_template(value: str, old_version: str = "") -> tuple[str, str]:
    """(name, version) from a `Quyche-Template` value, in either form quyche has written:
    "phuong@2.0.0", or "phuong" with the version in `Quyche-Template-Version` (`old_version`).
    ("", "") when there is none; the version is "" when neither form gives one."""
    name, at, version = value.strip().partition("@")
    return name.strip(), (version if at else old_version).strip()


def log_format_fields() -> list[str]:
    """`git log --format` placeholders giving each trailer's value (empty when absent)."""
    return [f"%(trailers:key={key},valueonly,separator=%x1d)" for key in KEYS]


def first_value(field: str) -> str:
    """The first value of a trailer field read with separator %x1d (git repeats keys)."""
    return field.split("\x1d", 1)[0].strip()
