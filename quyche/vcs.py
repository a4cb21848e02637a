"""The low-level door to the machine's git: argv lists, a clean environment, errors as facts.

Commands that need richer access (signing, history walks) build on `run_git`; GitPython is used
where it helps, but every command here is plain `git` so signing and trailers behave exactly as
the user's git is configured.
"""

from __future__ import annotations

import contextlib
import contextvars
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


class ObjectReader:
    """One `git cat-file --batch` process answering many reads, one request at a time.

    `overview` reads a dozen objects per unit (settings, regulation, commits, tags, tables);
    a git process costs about as much as reading all of them, so one process serves them all.
    A name holding a newline would break the protocol: it is answered as missing, unsent.
    """

    def __init__(self, repo: Path) -> None:
        self.repo = repo
        try:
            self._proc: subprocess.Popen[bytes] | None = subprocess.Popen(
                ["git", "cat-file", "--batch"], cwd=repo, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, env=git_env())
        except FileNotFoundError:
            raise GitError(repo, command="git", stderr="không tìm thấy chương trình git trên máy này") from None

    def read(self, name: str, limit: int | None = None) -> tuple[str, str, bytes] | None:
        """(object id, type, bytes) of `name` (`<rev>:<path>`, an id, `<rev>^{commit}`…), None
        when git has no such object or it is larger than `limit` bytes."""
        proc = self._proc
        if proc is None or "\n" in name:
            return None
        assert proc.stdin is not None and proc.stdout is not None
        try:
            proc.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
            proc.stdin.flush()
        except OSError:
            self.close()
            return None
        header = proc.stdout.readline().split()
        if len(header) != 3 or not header[2].isdigit():  # "<name> missing" / "ambiguous", or git is gone
            if not header:
                self.close()
            return None
        size = int(header[2])
        if limit is not None and size > limit:
            left = size + 1
            while left:  # drain it so the next answer lines up
                chunk = proc.stdout.read(min(1 << 20, left))
                if not chunk:
                    self.close()
                    break
                left -= len(chunk)
            return None
        data = proc.stdout.read(size + 1)
        if len(data) != size + 1:  # git ended mid-answer
            self.close()
            return None
        return header[0].decode(), header[1].decode(), data[:-1]

    def close(self) -> None:
        """End the git process (idempotent)."""
        proc, self._proc = self._proc, None
        if proc is not None:
            assert proc.stdin is not None and proc.stdout is not None
            with contextlib.suppress(OSError):
                proc.stdin.close()
            proc.wait()
            proc.stdout.close()

    def __enter__(self) -> ObjectReader:
        _READERS.set({**(_READERS.get() or {}), self.repo: self})
        return self

    def __exit__(self, *exc: object) -> None:
        readers = dict(_READERS.get() or {})
        readers.pop(self.repo, None)
        _READERS.set(readers)
        self.close()


_READERS: contextvars.ContextVar[dict[Path, ObjectReader] | None] = contextvars.ContextVar("quyche_readers", default=None)
"""The readers open in `with ObjectReader(repo):` blocks: read_objects() of the same repository uses them."""


def open_reader(repo: Path) -> ObjectReader | None:
    """The reader opened for `repo` by an enclosing `with ObjectReader(repo):`, if any."""
    return (_READERS.get() or {}).get(repo)
