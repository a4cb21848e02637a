"""The map old → new of the last renumbering of each file (`.quyche/renumber.json`, docs/renumber.md).

The file keeps one map per regulation file, so a new renumbering of one file is merged into
what is there. It is a JSON output like the others (`format_version` first,
quyche/schema/renumber-map.schema.json); maps written before it had `format_version` carried
`"format": 1` instead and are read the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from quyche.edit.renumber import Renumbering, iter_map
from quyche.errors import MapFileTooNew
from quyche.schema import FORMAT_KEY, FORMAT_VERSION, versioned

_OLD_FORMAT_KEY = "format"
"""What maps written before `format_version` named their version."""


def previous_files(text: str | None, where: Path) -> dict[str, Any]:
    """The per-file maps already in the map file (`text`, None when there is none).

    A file that is not a map (broken JSON, another shape) is replaced: it only records the
    last renumbering. A map from a newer quyche is refused (MapFileTooNew), since rewriting it
    would drop what this version cannot read.
    """
    if text is None:
        return {}
    try:
        loaded = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(loaded, dict) or not isinstance(loaded.get("files"), dict):
        return {}
    version = loaded.get(FORMAT_KEY, loaded.get(_OLD_FORMAT_KEY, FORMAT_VERSION))
    if version != FORMAT_VERSION:
        raise MapFileTooNew(where, version=version)
    return dict(loaded["files"])


def map_json(files: dict[str, Any], key: str, result: Renumbering, now: dt.datetime) -> str:
    """The map file's text with `key`'s map replaced by this renumbering, the others kept."""
    files = {**files, key: {"renumbered_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
                            "units": list(iter_map(result))}}
    return json.dumps(versioned({"files": files}), ensure_ascii=False, indent=2) + "\n"
