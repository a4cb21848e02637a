"""The revision QC205 compares references with when `check` is given no `--since`: the first
commit of the open revision round, found cheaply.

Finding the open round walks the whole history (`git log`) and imports the round machinery,
tens of milliseconds that a warm `check` cannot afford on every run. Outside git there is
nothing to find (a look for `.git` above the folder, no subprocess). Inside git the answer
depends only on the commit checked out, the repository's quyche.yaml (its procedure says
when a round is finished), the names of the Markdown files at the top (the regulations when
quyche.yaml lists none) and quyche's own code: it is remembered in the cache folder under
those, so an unchanged repository costs one `git rev-parse`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Final

MEMO_NAME: Final = "round-baseline.json"


def inside_git(folder: Path) -> bool:
    """A `.git` (folder, or file of a worktree) at or above `folder`: where git would look.
    quyche runs git without GIT_DIR (quyche/vcs.py), so nothing else makes a repository."""
    here = os.path.abspath(folder)
    while True:
        if os.path.lexists(os.path.join(here, ".git")):
            return True
        parent = os.path.dirname(here)
        if parent == here:
            return False
        here = parent


def open_round_start(root: Path) -> str | None:
    """The first commit of the open round of the repository holding `root`; None when there
    is no repository, no round or no open one. The full computation, not remembered."""
    from quyche.errors import QuycheError

    if not inside_git(root):
        return None
    try:
        from quyche.workflow.round import find_round, open_workspace

        state = find_round(open_workspace(root))
    except QuycheError:
        return None
    return state.records[0].commit if state.records else None


def _memo_key(top: str, head: str) -> str:
    from quyche.fingerprint import code_version

    h = hashlib.sha256(f"{code_version()}\0{head}\0".encode())
    with contextlib.suppress(OSError), open(os.path.join(top, "quyche.yaml"), "rb") as fh:
        h.update(fh.read())
    with contextlib.suppress(OSError):
        h.update("\0".join(sorted(n for n in os.listdir(top) if n.lower().endswith(".md"))).encode())
    return h.hexdigest()


def remembered_round_start(root: Path, folder: Path | None) -> str | None:
    """`open_round_start`, remembered in `folder` (the cache folder; None: not remembered)."""
    if folder is None or not inside_git(root):
        return open_round_start(root)
    from quyche.errors import QuycheError
    from quyche.vcs import run_git

    try:
        proc = run_git(root if root.is_dir() else root.parent, "rev-parse", "--show-toplevel", "HEAD", check=False)
    except QuycheError:  # no git program: the full computation finds nothing either
        return None
    lines = proc.stdout.split()
    if proc.returncode != 0 or len(lines) != 2:
        return open_round_start(root)  # an empty repository, or git refusing the folder
    key = _memo_key(lines[0], lines[1])
    memo = folder / MEMO_NAME
    with contextlib.suppress(OSError, ValueError):
        data = json.loads(memo.read_bytes())
        if isinstance(data, dict) and data.get("key") == key:
            start = data.get("start")
            if start is None or isinstance(start, str):
                return start
    start = open_round_start(root)
    from quyche.fsutil import atomic_write_bytes

    with contextlib.suppress(OSError, QuycheError):
        if folder.is_dir():  # made by the findings cache; a run that wrote none remembers nothing
            atomic_write_bytes(memo, json.dumps({"key": key, "start": start}).encode())
    return start
