"""Which files are regulations: what `check` and `fmt` read when given no path or a folder.

A repository's quyche.yaml may list them (`regulations:`, globs allowed, relative to the file);
otherwise every Markdown file under the folder that looks like a regulation is taken: one with
YAML front matter carrying `kind:`, or one with a `# Điều N` style heading. Hidden folders,
virtual environments and build output are skipped, and symlinked folders are not followed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

from quyche.config import load_config
from quyche.errors import FileMissing, NoRegulationRoot

SKIP_DIRS: Final = frozenset({"node_modules", "venv", "__pycache__", "build", "dist", "site-packages"})
"""Folders never searched (besides every folder whose name starts with a dot)."""

SKIP_FILES: Final = frozenset({"readme.md", "changelog.md", "license.md", "contributing.md"})
"""Project documents that may quote an article heading but are never regulations."""

SNIFF_BYTES: Final = 64 * 1024
"""How much of a candidate file is read to decide whether it is a regulation."""

_KIND_KEY: Final = re.compile(rb"^kind\s*:", re.M)
_ARTICLE_HEADING: Final = re.compile(rb"^#{1,6}[ \t]+(?:\xc4\x90i\xe1\xbb\x81u|\xc4\x90I\xe1\xbb\x80U)[ \t]+\d", re.M)
"""`# Điều 1` / `## ĐIỀU 1` in UTF-8 bytes (Đ = C4 90, ề = E1 BB 81, Ề = E1 BB 80)."""


def looks_like_regulation(path: Path) -> bool:
    """A Markdown file whose head has front matter with `kind:` or an article heading."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return False
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if head.startswith(b"---"):
        end = head.find(b"\n---", 3)
        front = head[: end if end > 0 else len(head)]
        if _KIND_KEY.search(front):
            return True
    if b"```" not in head and b"~~~" not in head:
        return _ARTICLE_HEADING.search(head) is not None
    fenced = False  # a heading inside a code fence is an example (docs), not an article
    for line in head.splitlines():
        stripped = line.lstrip()
        if stripped.startswith((b"```", b"~~~")):
            fenced = not fenced
        elif not fenced and _ARTICLE_HEADING.match(stripped):
            return True
    return False


def _walk_markdown(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
        for name in sorted(filenames):
            if name.lower().endswith(".md") and not name.startswith(".") and name.lower() not in SKIP_FILES:
                yield Path(dirpath) / name


def _listed(folder: Path) -> list[str] | None:
    """The files quyche.yaml in `folder` (or above it) lists, or None when it lists none.
    Plain strings: a repository listing 1,000 files pays for one Path a file, not three."""
    config = load_config(folder)
    if not config.regulations:
        return None
    # A quyche.yaml above the folder only counts when the folder is the repository root.
    if config.path is None or config.root.resolve() != folder.resolve():
        return None
    root = str(config.root)
    out: list[str] = []
    for entry in config.regulations:
        if _GLOB.search(entry):
            out.extend(sorted(str(p) for p in config.root.glob(entry) if p.is_file()))
            continue
        path = os.path.join(root, entry)
        if not os.path.exists(path):
            raise FileMissing(Path(path))
        out.append(path)
    return out


_GLOB: Final = re.compile(r"[*?\[]")


def _regulation_files(folder: Path) -> list[str]:
    listed = _listed(folder)
    if listed is not None:
        return listed
    return [str(p) for p in _walk_markdown(folder) if looks_like_regulation(p)]


def regulations_in(folder: Path) -> list[Path]:
    """The regulation files of a folder: those quyche.yaml lists, else those found by sniffing."""
    return [Path(p) for p in _regulation_files(folder)]


def find_regulations(paths: Iterable[Path] = (), cwd: Path | None = None) -> list[Path]:
    """Expand command-line paths into regulation files, in a stable order, without repeats.

    No path: the repository around `cwd` (its quyche.yaml or .git); none is an error. A file is taken as given, whatever its
    name; a folder is searched with `regulations_in`. A missing path raises FileMissing.
    """
    here = (Path(cwd) if cwd is not None else Path.cwd()).absolute()
    targets = list(paths)
    if not targets:
        config = load_config(here)
        if config.path is None and not (config.root / ".git").exists():
            # Outside any regulation repository, "everything below here" may be a whole disk.
            raise NoRegulationRoot(here)
        targets = [config.root]
    seen: set[object] = set()
    out: list[Path] = []
    prefix = str(here).rstrip(os.sep) + os.sep  # shown relative to the working folder when inside it
    for target in targets:
        target = Path(target)
        full = target if target.is_absolute() else here / target
        if not full.exists():
            raise FileMissing(target)
        found = _regulation_files(full) if full.is_dir() else [str(full)]
        for path in found:
            key = file_identity(path)
            if key not in seen:
                seen.add(key)
                out.append(Path(path[len(prefix):]) if path.startswith(prefix) else Path(path))
    return out


def file_identity(path: Path | str) -> object:
    """What tells two names of one file apart from two files: (device, inode), one stat call
    where `Path.resolve` makes one per folder of the path (a third of a warm `check` of
    1,000 listed files); the resolved path when the file cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return Path(path).resolve()
    return (st.st_dev, st.st_ino)
