"""The low-level door to the machine's git: argv lists, a clean environment, errors as facts.

Commands that need richer access (signing, history walks) build on `run_git`; GitPython is used
where it helps, but every command here is plain `git` so signing and trailers behave exactly as
the user's git is configured.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from quyche.errors import FileNotAtRevision, GitError, NotARepository, RevisionError

_LEAKY_ENV = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_PREFIX")


def git_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for git: without variables a hook may have set for another repository."""
    env = {k: v for k, v in os.environ.items() if k not in _LEAKY_ENV}
    env.setdefault("LC_ALL", "C.UTF-8")
    env["GIT_NO_REPLACE_OBJECTS"] = "1"  # `git replace` must not swap the history `verify` reads
    if extra:
        env.update(extra)
    return env


def run_git(
    repo: Path,
    *args: str,
    input_text: str | None = None,
    env: dict[str, str] | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run `git args…` in `repo`; raise GitError with git's stderr when it fails and `check`."""
    try:
        proc = subprocess.run(
            ["git", *args],
            cwd=repo,
            input=input_text,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=git_env(env),
            check=False,
        )
    except FileNotFoundError:
        raise GitError(repo, command="git", stderr="không tìm thấy chương trình git trên máy này") from None
    if check and proc.returncode != 0:
        raise GitError(repo, command="git " + " ".join(args[:3]), stderr=(proc.stderr.strip().splitlines() or [""])[-1])
    return proc


def repo_root(start: Path) -> Path:
    """The top folder of the git repository holding `start`."""
    folder = start if start.is_dir() else start.parent
    proc = run_git(folder, "rev-parse", "--show-toplevel", check=False)
    if proc.returncode != 0:
        raise NotARepository(start)
    return Path(proc.stdout.strip())


def resolve_revision(repo: Path, rev: str) -> str:
    """The full commit id of `rev`, or RevisionError."""
    if rev.startswith("-"):
        raise RevisionError(None, revision=rev)
    proc = run_git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
    if proc.returncode != 0:
        raise RevisionError(None, revision=rev)
    return proc.stdout.strip()


def read_at_revision(repo: Path, rev: str, relpath: str) -> bytes:
    """The bytes of `relpath` (relative to the repository top) at `rev`."""
    commit = resolve_revision(repo, rev)
    proc = subprocess.run(
        ["git", "cat-file", "blob", f"{commit}:{relpath}"],
        cwd=repo,
        capture_output=True,
        env=git_env(),
        check=False,
    )
    if proc.returncode != 0:
        raise FileNotAtRevision(relpath, revision=rev)
    return proc.stdout
