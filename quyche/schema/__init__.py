"""JSON Schemas shipped with quyche: front matter, and every `--format json` output (docs/json.md).

Every JSON document quyche prints is an object whose first key is `format_version`: 1 until a
key changes meaning or disappears (new keys may be added without a bump, so readers must
ignore keys they do not know). Each output has its schema here, checked against real output
in tests/test_json_schemas.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

FORMAT_KEY: Final = "format_version"
FORMAT_VERSION: Final = 1
SCHEMA_DIR: Final = Path(__file__).resolve().parent

OUTPUT_SCHEMAS: Final = {
    "outline": "outline.schema.json",
    "check": "check.schema.json",
    "diff": "diff.schema.json",
    "verify": "verify.schema.json",
    "round-status": "round-status.schema.json",
    "round-log": "round-log.schema.json",
    "templates": "templates.schema.json",
    "templates-show": "templates-show.schema.json",
    "overview": "overview.schema.json",
    "import-report": "import-report.schema.json",
    "renumber-map": "renumber-map.schema.json",
}
"""Output name -> schema file in this folder (the last two are files quyche writes, not stdout)."""


def versioned(data: dict[str, Any]) -> dict[str, Any]:
    """`data` with `format_version` as its first key."""
    return {FORMAT_KEY: FORMAT_VERSION, **data}
