"""Which files `quyche check` reads when it is given no paths (or a folder).

The files listed under `regulations` in quyche.yaml; otherwise every Markdown file under the
folder that looks like a regulation: YAML front matter, or a `## Điều` heading outside code
fences. Tool folders (.git, .venv, node_modules, …) and README.md are skipped.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Final

from quyche.config import Config

SKIP_DIRS: Final = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
                              ".tox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "build", "dist"})
SKIP_FILES: Final = frozenset({"readme.md", "changelog.md", "license.md"})
_HEADING: Final = re.compile(r"^#{1,6}[ \t]+(?:Điều|ĐIỀU)[ \t]+\d", re.MULTILINE)
_PEEK_BYTES: Final = 256 * 1024


def looks_like_regulation(path: Path) -> bool:
    """Front matter with a `kind:` key, or an article heading outside ``` fences."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_PEEK_BYTES)
    except OSError:
        return False
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    if text.startswith("---") and re.search(r"^kind\s*:", text[:4000], re.MULTILINE):
        return True
    if "```" not in text and "~~~" not in text:
        return bool(_HEADING.search(text))
    fenced = False
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and _HEADING.match(stripped):
            return True
    return False


def discover(folder: Path) -> list[Path]:
    """Regulation files under `folder`, sorted."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if not name.lower().endswith(".md") or name.lower() in SKIP_FILES:
                continue
            path = Path(dirpath) / name
            if looks_like_regulation(path):
                found.append(path)
    return found


def default_files(config: Config) -> list[Path]:
    """The repository's regulation files: quyche.yaml `regulations`, else discovered."""
    if config.regulations:
        return [config.root / name for name in config.regulations]
    return discover(config.root)
