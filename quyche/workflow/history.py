"""One `git log` walk over the history: every commit with its trailers and changed files.

Signature status is deliberately not asked from `git log` (%G? starts ssh-keygen per commit);
signatures.py checks only the commits that need it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from quyche.vcs import run_git
from quyche.workflow import trailers as T

_RS = "\x1e"
_FS = "\x1f"


@dataclass(slots=True)
class CommitRecord:
    """A commit as the history walk sees it."""

    sha: str
    parents: tuple[str, ...]
    committer_time: int
    subject: str
    round_id: str = ""
    step: str = ""
    date: str = ""
    previous: str = ""
    files: list[str] = field(default_factory=list)
    """Paths changed against the first parent (all paths for a root commit)."""

    @property
    def is_step(self) -> bool:
        """Whether the commit claims to record a step."""
        return bool(self.step)


def walk_history(root: Path, rev: str = "HEAD") -> list[CommitRecord]:
    """All commits reachable from `rev`, oldest first (topological), in one git call."""
    if run_git(root, "rev-parse", "--verify", "--quiet", rev, check=False).returncode != 0:
        return []  # an empty repository
    fmt = _RS + _FS.join(["%H", "%P", "%ct", *T.log_format_fields(), "%s"]) + _FS
    proc = run_git(
        root, "-c", "core.quotePath=false", "log", "--topo-order", "--reverse",
        "--diff-merges=first-parent", "--name-only", "--no-renames", f"--format={fmt}", rev,
    )
    out: list[CommitRecord] = []
    for chunk in proc.stdout.split(_RS)[1:]:
        fields = chunk.split(_FS)
        sha, parents, ctime, rnd, step, date, prev, subject = fields[:8]
        files = [f for f in fields[8].split("\n") if f] if len(fields) > 8 else []
        out.append(CommitRecord(
            sha=sha,
            parents=tuple(parents.split()),
            committer_time=int(ctime or 0),
            subject=subject,
            round_id=T.first_value(rnd),
            step=T.first_value(step),
            date=T.first_value(date),
            previous=T.first_value(prev),
            files=files,
        ))
    return out


def read_objects(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Raw objects by id, read with one `git cat-file --batch`."""
    if not shas:
        return {}
    import subprocess

    from quyche.vcs import git_env

    proc = subprocess.run(
        ["git", "cat-file", "--batch"], cwd=root, input=("\n".join(shas) + "\n").encode(),
        capture_output=True, env=git_env(), check=False,
    )
    data = proc.stdout
    out: dict[str, bytes] = {}
    pos = 0
    for sha in shas:
        nl = data.find(b"\n", pos)
        if nl < 0:
            break
        header = data[pos:nl].split()
        pos = nl + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        out[sha] = data[pos : pos + size]
        pos += size + 1
    return out


def read_blob(root: Path, rev: str, relpath: str) -> str | None:
    """Text of a file at a commit, or None when it is not there."""
    proc = run_git(root, "cat-file", "blob", f"{rev}:{relpath}", check=False)
    return proc.stdout if proc.returncode == 0 else None
