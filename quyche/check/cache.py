"""The findings cache of `quyche check`: a file whose inputs did not change is not checked again.

An entry is keyed by everything the rules read for that file (as ruff and pre-commit do):

- the file's bytes (a SHA-256 of the content, not its modification time: a `git checkout`
  that restores the same bytes keeps the entry) and its path (findings name it, QC501 asks
  whether quyche.yaml lists it);
- quyche's version and a fingerprint of its own code (an editable install changes without
  a version bump), and the cache format;
- the configuration: the effective rule selection and severities, and the whole of
  quyche.yaml as read (template, layout, regulations: what the conformance rules read);
- for QC205 (`--since` or the open round's start), the blob of this very file at that
  revision (read for all files with one `git ls-tree`): a new baseline rechecks only the
  files whose earlier text differs.

Entries are small JSON files named by their key under `<folder>/<2 hex>/<key>.json`,
written atomically (temporary sibling + os.replace). A damaged or foreign entry is a miss,
never an error. The folder holds at most MAX_ENTRIES entries: past it, the least recently
written go first. The folder ignores itself in git (a `.gitignore` holding `*`, as ruff does).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.check.finding import Finding, Severity
from quyche.model.span import Span

CACHE_FORMAT: Final = 1
"""Bump when the entry layout changes: older entries then miss and age out."""

DEFAULT_FOLDER: Final = Path(".quyche") / "cache" / "check"
"""Under the repository root (the folder of quyche.yaml or .git)."""

MAX_ENTRIES: Final = 20_000
"""Bound on the folder: 20 times the 1,000-file benchmark, a few tens of MB at most."""

MAX_ENTRY_BYTES: Final = 8 * 1024 * 1024
"""An entry larger than this is not trusted (a file cannot have that many findings)."""


def code_version() -> str:
    """quyche's version plus a fingerprint of its modules (name, size, mtime): a rule edited
    in a development checkout invalidates the cache as a release would. ~100 stat calls."""
    import quyche

    root = Path(quyche.__file__).parent
    h = hashlib.sha256(quyche.__version__.encode())
    for path in sorted(root.rglob("*.py")):
        with contextlib.suppress(OSError):
            st = path.stat()
            h.update(f"{path.relative_to(root)}:{st.st_size}:{st.st_mtime_ns};".encode())
    return f"{quyche.__version__}+{h.hexdigest()[:16]}"


def _since_blobs(root: Path, since: str) -> tuple[Path, dict[str, str]] | None:
    """(repository root, path → blob id) of the tree at `since`; None outside git."""
    from quyche.errors import QuycheError
    from quyche.vcs import repo_root, run_git

    try:
        repo = repo_root(root).resolve()
        proc = run_git(repo, "ls-tree", "-r", "-z", "--full-tree", since, check=False)
    except QuycheError:
        return None
    if proc.returncode != 0:
        return None
    blobs: dict[str, str] = {}
    for item in proc.stdout.split("\0"):
        meta, _, name = item.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "blob":
            blobs[name] = parts[2]
    return repo, blobs


@dataclass(slots=True)
class FindingsCache:
    """Look-up and storage of one run's findings; see the module docstring for the key."""

    folder: Path
    config_key: str
    since_repo: Path | None = None
    since_blobs: dict[str, str] = field(default_factory=dict)
    written: int = 0

    @classmethod
    def for_run(cls, folder: Path, config: Any, enabled: dict[str, Severity], *,
                version: str | None = None) -> FindingsCache:
        """The cache for a run with this configuration (`config`: quyche.config.Config)."""
        since = config.check.since
        payload = {
            "format": CACHE_FORMAT,
            "version": version if version is not None else code_version(),
            "enabled": {code: sev.value for code, sev in sorted(enabled.items())},
            "root": str(config.root.resolve()),
            "config": config.raw,
            "since": bool(since),  # the revision itself: through each file's blob at it
        }
        key = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
        cache = cls(folder, key)
        if since:
            found = _since_blobs(config.root, since)
            if found is not None:
                cache.since_repo, cache.since_blobs = found
        return cache

    def key(self, path: Path, data: bytes) -> str:
        """The entry key of this file with these bytes."""
        h = hashlib.sha256(self.config_key.encode())
        absolute = os.path.abspath(path)  # no realpath: 2 syscalls a file, a third of a warm run
        h.update(b"\0" + str(path).encode("utf-8", "surrogateescape"))
        h.update(b"\0" + absolute.encode("utf-8", "surrogateescape"))
        if self.since_repo is not None:
            try:  # resolved as QC205 resolves it (only with a baseline)
                rel = Path(absolute).resolve().relative_to(self.since_repo).as_posix()
            except (OSError, ValueError):
                rel = ""
            h.update(b"\0since:" + self.since_blobs.get(rel, "-").encode())
        h.update(b"\0" + hashlib.sha256(data).digest())
        return h.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> list[Finding] | None:
        """The stored findings, or None when missing or unreadable (then the file is checked)."""
        try:
            with open(self._entry(key), "rb") as fh:
                raw = fh.read(MAX_ENTRY_BYTES + 1)
            if len(raw) > MAX_ENTRY_BYTES:
                return None
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("key") != key:
                return None
            return [_finding(item) for item in data["findings"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def put(self, key: str, findings: list[Finding]) -> None:
        """Store an entry; a cache that cannot be written (read-only checkout) is skipped."""
        data = json.dumps({"key": key, "findings": [_plain(f) for f in findings]}, ensure_ascii=False)
        with contextlib.suppress(OSError):
            self._prepare()
            entry = self._entry(key)
            entry.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", suffix=".tmp", dir=entry.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data.encode("utf-8"))
                os.replace(tmp, entry)  # no fsync: a lost entry is only a miss next time
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self.written += 1

    def _prepare(self) -> None:
        """Create the folder once, ignoring itself in git."""
        marker = self.folder / ".gitignore"
        if not marker.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            marker.write_text("# Bộ nhớ đệm của quyche check: tự tạo, không đưa vào git.\n*\n", encoding="utf-8")

    def prune(self, limit: int = MAX_ENTRIES) -> int:
        """Remove the oldest entries past `limit`; returns how many went. Called after a run
        that wrote entries, so an unchanged repository never lists the folder."""
        if not self.written:
            return 0
        entries: list[tuple[float, Path]] = []
        with contextlib.suppress(OSError):
            for shard in self.folder.iterdir():
                if shard.is_dir():
                    for entry in shard.iterdir():
                        with contextlib.suppress(OSError):
                            entries.append((entry.stat().st_mtime, entry))
        if len(entries) <= limit:
            return 0
        entries.sort()
        removed = 0
        for _mtime, entry in entries[: len(entries) - limit]:
            with contextlib.suppress(OSError):
                entry.unlink()
                removed += 1
        return removed


def _plain(f: Finding) -> list[Any]:
    s = f.span
    return [f.path, s.line, s.column, s.end_line, s.end_column, f.code, f.severity.value, f.message, f.hint, f.rule]


def _finding(item: list[Any]) -> Finding:
    path, line, column, end_line, end_column, code, severity, message, hint, rule = item
    for value in (path, code, message, hint, rule):
        if not isinstance(value, str):
            raise TypeError("entry field is not text")
    return Finding(path, Span(int(line), int(column), int(end_line), int(end_column)), code, Severity(severity),
                   message, hint, rule)
