"""The rule modules, one family each; importing a module registers its rules.

Modules are imported on first use (sqlfluff's lesson: rules cost start-up time).
"""

from __future__ import annotations

import importlib
from typing import Final

RULE_MODULES: Final = ("structure", "references", "stale", "metadata", "text", "conformance")
"""QC1xx structure, QC2xx cross-references (stale: QC205, against an earlier version), QC3xx metadata, QC4xx text, QC5xx conformance."""

_loaded = False


def load_rules() -> None:
    """Import every rule module once (the meta rules of suppress.py come with them)."""
    global _loaded
    if _loaded:
        return
    importlib.import_module("quyche.check.suppress")
    for name in RULE_MODULES:
        importlib.import_module(f"{__name__}.{name}")
    _loaded = True
