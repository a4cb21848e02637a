"""Where a finding's file lies from the root of its git repository.

Code scanning (SARIF) and GitHub's annotations (`--format github`) both resolve a file against
the repository root, wherever in the repository `quyche check` was run, so both name files from
there; the text and JSON outputs keep paths as the user gave them.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath


def repository_root(start: Path) -> Path:
    """The git work tree around `start` (the folder GitHub resolves paths against), else `start`."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def from_root(path: str, root: Path) -> PurePosixPath | None:
    """`path` (absolute, or relative to the working folder) relative to `root`, or None when
    it lies outside `root`."""
    p = Path(path)
    try:
        return PurePosixPath((p if p.is_absolute() else Path.cwd() / p).resolve().relative_to(root).as_posix())
    except ValueError:
        return None
