"""One quyche writer per repository at a time: an advisory lock on `.git/quyche.lock`.

Two `round step` commands started together both read the same last step and both committed a
step with the same `Quyche-Previous`, which `verify` then rejects. The lock is taken before the
history is read and released when the command ends (the kernel drops it if the process dies,
so a killed command never leaves the repository locked). The loser does not wait: it says the
repository is busy (RepositoryBusy, exit 1) and changes nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from quyche.errors import RepositoryBusy
from quyche.vcs import run_git

LOCK_NAME = "quyche.lock"


def lock_path(root: Path) -> Path:
    """`.git/quyche.lock` of the repository at `root` (the common folder of a worktree)."""
    dot_git = root / ".git"
    if dot_git.is_dir():
        return dot_git / LOCK_NAME
    common = run_git(root, "rev-parse", "--git-common-dir").stdout.strip()
    return (root / common).resolve() / LOCK_NAME


@contextlib.contextmanager
def repository_lock(root: Path) -> Iterator[None]:
    """Hold the repository's lock for the block, or raise RepositoryBusy at once."""
    path = lock_path(root)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RepositoryBusy(root, lock=str(path)) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


class _HasRoot(Protocol):
    root: Path


P = ParamSpec("P")
R = TypeVar("R")
W = TypeVar("W", bound=_HasRoot)


def holding_repository_lock(func: Callable[Concatenate[W, P], R]) -> Callable[Concatenate[W, P], R]:
    """Run `func(ws, …)` holding the lock of `ws.root`."""

    @functools.wraps(func)
    def wrapper(ws: W, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with repository_lock(ws.root):
            return func(ws, *args, **kwargs)

    return wrapper


