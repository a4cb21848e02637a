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
    """Paths changed against any parent (all paths for a root commit)."""
    author_day: str = ""
    """The author date's calendar day (YYYY-MM-DD) in the author's own time zone."""
    committer_day: str = ""
    """The committer date's calendar day in the committer's own time zone."""
    repeated: tuple[str, ...] = ()
    """`Quyche-*` trailer keys given more than once (which value counts would be a guess)."""

    @property
    def is_step(self) -> bool:
        """Whether the commit claims to record a step."""
        return bool(self.step)


def walk_history(root: Path, rev: str = "HEAD", *, resolved: bool = False) -> list[CommitRecord]:
    """All commits reachable from `rev`, oldest first (topological), in one git call
    (`resolved`: `rev` is known to be a commit, so an empty repository need not be asked about)."""
    if not resolved and run_git(root, "rev-parse", "--verify", "--quiet", rev, check=False).returncode != 0:
        return []  # an empty repository
    fmt = _RS + _FS.join(["%H", "%P", "%ct", "%aI", "%cI", *T.log_format_fields(), "%s"]) + _FS
    proc = run_git(
        root, "-c", "core.quotePath=false", "log", "--topo-order", "--reverse",
        "--diff-merges=first-parent", "--name-only", "--no-renames", f"--format={fmt}", rev,
    )
    out: list[CommitRecord] = []
    for chunk in proc.stdout.split(_RS)[1:]:
        fields = chunk.split(_FS)
        sha, parents, ctime, adate, cdate, rnd, step, date, prev, subject = fields[:10]
        files = [f for f in fields[10].split("\n") if f] if len(fields) > 10 else []
        values = dict(zip(T.KEYS, (rnd, step, date, prev), strict=True))
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
            author_day=adate[:10],
            committer_day=cdate[:10],
            repeated=tuple(k for k, v in values.items() if "\x1d" in v),
        ))
    merges = {c.sha: c for c in out if len(c.parents) > 1}
    if merges:
        _add_merge_files(root, merges)
    return out


def _add_merge_files(root: Path, merges: dict[str, CommitRecord]) -> None:
    """A merge's files against every parent (`git log` gave them against the first one only)."""
    proc = run_git(root, "-c", "core.quotePath=false", "diff-tree", "--stdin", "-m", "-r", "--name-only",
                   "--no-renames", input_text="\n".join(merges) + "\n")
    current: CommitRecord | None = None
    seen: set[str] = set()
    for line in proc.stdout.splitlines():
        if line in merges:
            current = merges[line]
            seen = set(current.files)
        elif line and current is not None and line not in seen:
            seen.add(line)
            current.files.append(line)


def read_objects(root: Path, shas: list[str]) -> dict[str, bytes]:
    """Raw objects by id, read with one `git cat-file --batch` (the one already open for `root`
    inside `with ObjectReader(root):`, e.g. overview's, or a new one)."""
    if not shas:
        return {}
    import subprocess

    from quyche.vcs import git_env, open_reader

    reader = open_reader(root)
    if reader is not None:
        found = {sha: reader.read(sha) for sha in dict.fromkeys(shas)}
        return {sha: got[2] for sha, got in found.items() if got is not None}

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
