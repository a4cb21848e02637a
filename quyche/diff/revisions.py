"""Where the two sides of a comparison come from: git revisions, the working copy, or two files.

`quyche diff v1 v2`, `quyche diff v1..v2`, `quyche diff v1 --worktree`, `quyche diff a.md b.md`.
The file is the one PATH names, else the only regulation quyche.yaml lists, else the only
Markdown file at the revision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from quyche.config import load_config
from quyche.errors import NoRegulationFound, NotARegulation, RegulationNotChosen
from quyche.model.document import Regulation
from quyche.parse import decode_source, parse_source, read_source
from quyche.vcs import read_at_revision, repo_root, resolve_revision, run_git

_NOT_REGULATIONS: Final = ("readme.md", "changelog.md", "license.md")


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a comparison: what it is called and the parsed text."""

    label: str
    """"v1", "a1b2c3d", "bản đang sửa" or a file name: what titles and file names show."""
    regulation: Regulation
    revision: str | None = None
    """The commit id when the side comes from git."""


@dataclass(frozen=True, slots=True)
class Sides:
    """Both sides, and the repository and file they come from (None for two plain files)."""

    old: Side
    new: Side
    repo: Path | None = None
    relpath: str | None = None


WORKTREE_LABEL: Final = "bản đang sửa"
"""Label of the working copy as the user reads it (file names get safe_name(): ban-dang-sua)."""


def split_range(a: str, b: str | None) -> tuple[str, str | None, str | None]:
    """("v1..v2", "x.md") → ("v1", "v2", "x.md"); ("v1", "v2") → ("v1", "v2", None)."""
    if ".." in a and not Path(a).exists():
        left, _, right = a.partition("..")
        return left or "HEAD", right or "HEAD", b
    return a, b, None


def _parse(data: bytes, shown: str) -> Regulation:
    reg = parse_source(decode_source(data, Path(shown)))
    if not reg.articles():
        raise NotARegulation(shown)
    return reg


def load_file(path: Path) -> Regulation:
    """A regulation from a file on disk (with every input guard)."""
    reg = parse_source(read_source(path))
    if not reg.articles():
        raise NotARegulation(path)
    return reg


def choose_file(repo: Path, revision: str, path: str | None, cwd: Path) -> str:
    """The repository-relative path of the regulation to compare."""
    if path:
        full = (cwd / path).resolve() if not Path(path).is_absolute() else Path(path).resolve()
        try:
            return full.relative_to(repo.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()
    config = load_config(repo)
    if len(config.regulations) == 1:
        return config.regulations[0]
    if len(config.regulations) > 1:
        raise RegulationNotChosen(None, candidates=config.regulations)
    listed = run_git(repo, "ls-tree", "-r", "--name-only", resolve_revision(repo, revision)).stdout.splitlines()
    candidates = [p for p in listed if p.endswith(".md") and Path(p).name.lower() not in _NOT_REGULATIONS
                  and not p.startswith(("docs/", "."))]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NoRegulationFound(None, revision=revision)
    raise RegulationNotChosen(None, candidates=candidates)


def short_label(repo: Path, rev: str) -> str:
    """The revision as the user wrote it, unless it is a long commit id."""
    if re.fullmatch(r"[0-9a-f]{12,40}", rev):
        return rev[:7]
    return rev


def load_sides(a: str, b: str | None, path: str | None, *, worktree: bool, cwd: Path) -> Sides:
    """Resolve the command's arguments into the two regulations to compare."""
    if not worktree and b is not None and path is None and Path(cwd / a).is_file() and Path(cwd / b).is_file():
        old_path, new_path = cwd / a, cwd / b
        return Sides(Side(Path(a).stem, load_file(old_path)), Side(Path(b).stem, load_file(new_path)))
    a, b2, range_path = split_range(a, b)
    if range_path is not None or (b2 is not None and b is None):
        b, path = b2, path or range_path
    if worktree and b is not None and path is None:
        path, b = b, None
    repo = repo_root(cwd)
    old_commit = resolve_revision(repo, a)
    new_commit = resolve_revision(repo, b) if b is not None else None
    relpath = choose_file(repo, b or a, path, cwd)
    old = Side(short_label(repo, a), _parse(read_at_revision(repo, a, relpath), f"{a}:{relpath}"), old_commit)
    if b is None:
        new = Side(WORKTREE_LABEL, load_file(repo / relpath))
    else:
        new = Side(short_label(repo, b), _parse(read_at_revision(repo, b, relpath), f"{b}:{relpath}"), new_commit)
    return Sides(old, new, repo, relpath)
