"""The governed state: what `verify` and `round step` rely on, fixed for a round when it starts.

Governed files (paths relative to the repository root):

    quyche.yaml                 every section except `check:` (procedure, signers and step
                                permissions, the regulation list, unit, template, layout)
    .quyche/allowed_signers     who may sign
    templates/_documents/…      the templates of the round's documents

A round is judged by the governed state in the tree of its signed start commit (a step may not
change a governed file, so that tree is the state in force when the round started). Between
rounds a governed file changes only in a commit signed by a key the previous state allowed.
"""

from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.errors import InputError
from quyche.workflow.procedure import Procedure, load_procedure

CONFIG_FILE: Final = "quyche.yaml"
SIGNERS_FILE: Final = ".quyche/allowed_signers"
DOCUMENT_TEMPLATES: Final = "templates/_documents/"
UNGOVERNED_SECTIONS: Final = frozenset({"check"})
"""quyche.yaml sections anyone may change (rule selection for `check` only)."""

_GLOB_CHARS: Final = frozenset("*?[")


def is_governed_path(path: str) -> bool:
    """Whether a changed path is one of the governed files."""
    return path in (CONFIG_FILE, SIGNERS_FILE) or path.startswith(DOCUMENT_TEMPLATES)


def normalise_regulation_path(entry: str) -> str:
    """`./quy-che.md`, `a/../quy-che.md` and `quy-che.md` name one file: compare them as one."""
    text = entry.strip().replace("\\", "/")
    norm = posixpath.normpath(text) if text else text
    return norm.lstrip("/") if norm not in (".", "") else ""


@dataclass(frozen=True, slots=True)
class RegulationSet:
    """The regulation paths (and glob patterns) of one or more governed states."""

    paths: frozenset[str] = frozenset()
    patterns: tuple[str, ...] = ()

    @classmethod
    def of(cls, entries: list[str] | tuple[str, ...]) -> RegulationSet:
        """From `regulations:` entries, normalised."""
        norm = [n for n in (normalise_regulation_path(e) for e in entries) if n]
        return cls(frozenset(n for n in norm if not _GLOB_CHARS & set(n)),
                   tuple(n for n in norm if _GLOB_CHARS & set(n)))

    def __or__(self, other: RegulationSet) -> RegulationSet:
        return RegulationSet(self.paths | other.paths, tuple(dict.fromkeys(self.patterns + other.patterns)))

    def __contains__(self, path: object) -> bool:
        if not isinstance(path, str):
            return False
        return path in self.paths or any(fnmatch.fnmatchcase(path, p) for p in self.patterns)


@dataclass(slots=True)
class GovernedState:
    """The governed settings of one commit."""

    procedure: Procedure
    regulations: list[str]
    """Normalised regulation paths (the working tree's order)."""
    signers: bytes
    """The content of .quyche/allowed_signers (empty when there is none)."""
    sections: dict[str, Any] = field(default_factory=dict)
    """The governed sections of quyche.yaml, to tell a governed edit from a `check:` edit."""
    problem: str = ""
    """Why quyche.yaml could not be read (its defaults are used then)."""


def governed_sections(config_text: bytes | None) -> dict[str, Any] | None:
    """quyche.yaml's governed sections, or None when the file cannot be read as YAML."""
    if config_text is None:
        return {}
    from quyche.config import load_yaml_mapping

    try:  # the loader every command uses: bounded depth, size and aliases
        data = load_yaml_mapping(Path(CONFIG_FILE), config_text, not_utf8=InputError(None),
                                 not_mapping=InputError(None))
    except InputError:
        return None
    return {str(k): v for k, v in data.items() if str(k) not in UNGOVERNED_SECTIONS}


def config_change_is_governed(before: bytes | None, after: bytes | None) -> bool:
    """Whether a change of quyche.yaml touches a governed section (an unreadable version always does)."""
    old, new = governed_sections(before), governed_sections(after)
    return old is None or new is None or old != new


def only_template_changed(before: bytes | None, after: bytes | None) -> bool:
    """Whether quyche.yaml changed in its `template:` section alone: what `quyche template update`
    writes, which a drafting step may carry (the draft now follows another template version)."""
    if before is None or after is None:
        return False
    old, new = governed_sections(before), governed_sections(after)
    if old is None or new is None:
        return False
    return {k: v for k, v in old.items() if k != "template"} == {k: v for k, v in new.items() if k != "template"}


def state_from_blobs(root: Path, config_text: bytes | None, signers_text: bytes | None,
                     fallback_regulations: list[str]) -> GovernedState:
    """The governed state from the two files' content at some commit."""
    from quyche.config import CONFIG_NAME, config_from_bytes

    signers = signers_text or b""
    sections = governed_sections(config_text) or {}
    if config_text is None:
        return GovernedState(load_procedure(None), list(fallback_regulations), signers, sections)
    path = root / CONFIG_NAME
    try:
        config = config_from_bytes(root, path, config_text)
        procedure = load_procedure(config.procedure, path)
    except InputError as exc:
        return GovernedState(load_procedure(None), list(fallback_regulations), signers, sections,
                             problem=type(exc).__name__)
    regs = [n for n in (normalise_regulation_path(r) for r in config.regulations) if n]
    return GovernedState(procedure, regs or list(fallback_regulations), signers, sections)


def state_at(root: Path, commit: str, fallback_regulations: list[str]) -> GovernedState:
    """The governed state in the tree of `commit`."""
    from quyche.workflow.history import read_objects

    specs = [f"{commit}:{CONFIG_FILE}", f"{commit}:{SIGNERS_FILE}"]
    blobs = read_objects(root, specs)
    return state_from_blobs(root, blobs.get(specs[0]), blobs.get(specs[1]), fallback_regulations)
