"""The findings cache of `quyche check`: a file whose inputs did not change is not checked again.

A run's findings for a file depend on (as with ruff and pre-commit):

- the run: quyche's version and a fingerprint of its own files (an editable install changes
  without a version bump), the cache format, the rule selection and severities, the whole of
  quyche.yaml as read (template, layout, regulations: what the conformance rules read), the
  repository root, and the round files QC5xx reads for repealed articles (`vong/*/round.yaml`).
  These make the *run key*: one index file per run key, so a change of any of them misses
  for every file (they are read by every file's rules) and leaves the other indexes alone;
- the file: its bytes (a SHA-256 of the content), the path it is shown under, and for QC205
  (`--since` or the open round's start) the blob of this very file at that revision (read for
  all files with one `git ls-tree`): a new baseline rechecks only the files whose earlier
  text differs.

The index is one JSON file per run key, read once per run. Its `files` map an absolute path to
the file's stat signature (size, mtime_ns, inode, ctime_ns) and a result key; its `results`
map a result key (a digest of the shown path, the absolute path, the QC205 blob and the
content) to the findings. A file whose stat signature is unchanged is a hit without being
read; when the signature changed the file is read and hashed, and bytes seen before (a
`touch`, a `git checkout` of another branch and back) are still a hit, the new signature
then recorded. A signature is recorded only when the file is older than RACY_NS, as git does
for its index: a rewrite within the file system's clock tick could otherwise keep size and times.

The index is written atomically (quyche/fsutil.py: temporary sibling + os.replace), so two runs at once never
corrupt it: the last writer wins, and an entry the other run wrote is at worst a miss later.
A damaged index or entry is a miss, never an error. Bounded: MAX_ENTRIES results an index
(least recently used go first), MAX_INDEXES indexes a folder. The folder ignores itself in
git (a `.gitignore` holding `*`, as ruff does).

Importing this module costs nothing beyond the standard library: on a warm run neither the
parser nor the rules are imported.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from quyche.fingerprint import code_version

if TYPE_CHECKING:
    from quyche.check.finding import Finding
    from quyche.config import Config

CACHE_FORMAT: Final = 2
"""Bump when the index layout changes: older indexes then miss and age out."""

DEFAULT_FOLDER: Final = Path(".quyche") / "cache" / "check"
"""Under the repository root (the folder of quyche.yaml or .git)."""

__all__ = ["CACHE_FORMAT", "DEFAULT_FOLDER", "INDEX_PREFIX", "MAX_ENTRIES", "MAX_INDEXES", "MAX_INDEX_BYTES",
           "RACY_NS", "ROUND_FILES", "FindingsCache", "Probe", "code_version", "run_key"]
"""code_version lives in quyche/fingerprint.py (config.py keys its memo by it too); named here
for the callers that take it from the cache."""

MAX_ENTRIES: Final = 20_000
"""Files one index remembers: 20 times the 1,000-file benchmark, a few MB of JSON."""

MAX_INDEXES: Final = 8
"""Indexes (run keys: configurations, quyche versions) a folder keeps, the most recent."""

MAX_INDEX_BYTES: Final = 64 * 1024 * 1024
"""An index larger than this is not read (a miss for every file) and is rewritten."""

RACY_NS: Final = 2_000_000_000
"""A file changed less than this long ago (nanoseconds, by its mtime or ctime) is hashed on
the next run even when its stat signature is unchanged: coarse file-system clocks (FAT: 2 s)
may give a rewrite the same times."""

ROUND_FILES: Final = "vong/*/round.yaml"
"""Files QC5xx reads besides the checked one (quyche/check/rules/conformance.py REPEALS_GLOB)."""

INDEX_PREFIX: Final = "index-"


def _round_files(root: Path) -> list[list[str]]:
    """[relative path, SHA-256] of each round file QC5xx may read, sorted."""
    import glob

    out = []
    for name in sorted(glob.glob(ROUND_FILES, root_dir=root)):
        try:
            with open(os.path.join(root, name), "rb") as fh:
                out.append([name, hashlib.sha256(fh.read()).hexdigest()])
        except OSError:
            out.append([name, "?"])
    return out


def run_key(config: Config, version: str | None = None) -> str:
    """The key of everything a run's rules read besides the file itself (module docstring)."""
    check = config.check
    payload = {
        "format": CACHE_FORMAT,
        "version": version if version is not None else code_version(),
        "select": list(check.select),
        "ignore": list(check.ignore),
        "severity": dict(sorted(check.severity.items())),
        "root": os.path.abspath(config.root),
        "config": config.raw,
        "rounds": _round_files(config.root),
        "since": bool(check.since),  # the revision itself: through each file's blob at it
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


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


# The index holds two maps. `files`: absolute path → [size, mtime_ns, inode, ctime_ns, shown path,
# QC205 blob, result key], the stat fields null when the signature is not trusted (RACY_NS); the
# signature answers only for the same shown path and blob. `results`: result key → [last used,
# findings], the key a digest of the shown path, the absolute path, the QC205 blob and the
# content: a file switching between two versions (branches) hits both.
_SIZE, _MTIME, _INO, _CTIME, _SHOWN, _SINCE, _RESULT = range(7)
_STAT = slice(_SIZE, _CTIME + 1)
_USED, _FINDINGS = range(2)


@dataclass(slots=True)
class Probe:
    """What a look-up learned about a file that missed, for storing its findings afterwards."""

    absolute: str
    stat: list[int | None]
    shown: str
    since: str
    result: str

    def entry(self) -> list[Any]:
        """The `files` entry of this file."""
        return [*self.stat, self.shown, self.since, self.result]


@dataclass(slots=True)
class FindingsCache:
    """One run's look-ups and stores; see the module docstring."""

    folder: Path
    key: str
    files: dict[str, Any] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)
    since_repo: Path | None = None
    since_blobs: dict[str, str] = field(default_factory=dict)
    racy_ns: int = RACY_NS
    now_ns: int = field(default_factory=time.time_ns)
    cwd: str = field(default_factory=os.getcwd)
    generation: int = 0
    """This run's number in the index's history: results used by it are the most recent."""
    dirty: bool = False
    hashed: int = 0
    """Files this run read and hashed (their stat signature did not answer)."""
    written: int = 0
    """Results this run stored (files checked)."""

    @classmethod
    def open(cls, folder: Path, config: Config, *, version: str | None = None,
             racy_ns: int = RACY_NS) -> FindingsCache:
        """The cache of a run with this configuration, its index read (empty when missing or damaged)."""
        cache = cls(folder, run_key(config, version), racy_ns=racy_ns)
        cache._read()
        since = config.check.since
        if since:
            found = _since_blobs(config.root, since)
            if found is not None:
                cache.since_repo, cache.since_blobs = found
        return cache

    @property
    def index_path(self) -> Path:
        return self.folder / f"{INDEX_PREFIX}{self.key[:40]}.json"

    def _read(self) -> None:
        try:
            with open(self.index_path, "rb") as fh:
                raw = fh.read(MAX_INDEX_BYTES + 1)
            if len(raw) > MAX_INDEX_BYTES:
                return
            data = json.loads(raw)
            if (isinstance(data, dict) and data.get("key") == self.key and isinstance(data.get("files"), dict)
                    and isinstance(data.get("results"), dict) and isinstance(data.get("generation"), int)):
                self.files, self.results = data["files"], data["results"]
                self.generation = data["generation"] + 1
        except (OSError, ValueError, RecursionError):
            return

    def _since(self, absolute: str) -> str:
        if self.since_repo is None:
            return ""
        try:  # resolved as QC205 resolves it (only with a baseline)
            rel = Path(absolute).resolve().relative_to(self.since_repo).as_posix()
        except (OSError, ValueError):
            rel = ""
        return self.since_blobs.get(rel, "-")

    def _signature(self, st: os.stat_result) -> list[int | None]:
        if self.now_ns - max(st.st_mtime_ns, st.st_ctime_ns) < self.racy_ns:
            return [None, None, None, None]
        return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]

    def lookup(self, path: Path) -> tuple[list[Finding] | None, Probe | None]:
        """(the stored findings, None) on a hit; (None, what to store afterwards) on a miss;
        (None, None) when the file cannot be read (the check proper reports it)."""
        shown = str(path)
        # os.path.abspath without its getcwd and normpath each time: a Path's text is normal
        # but for "..", which normpath folds as abspath would
        absolute = os.path.join(self.cwd, shown)
        if ".." in shown:
            absolute = os.path.normpath(absolute)
        try:
            st = os.stat(absolute)
        except OSError:
            return None, None
        entry = self.files.get(absolute)
        if not (isinstance(entry, list) and len(entry) == _RESULT + 1):
            entry = None
        since = self._since(absolute)
        if entry is not None and entry[_SIZE] is not None and entry[_STAT] == [
                st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns] and entry[_SHOWN] == shown \
                and entry[_SINCE] == since:
            found = self._findings(entry[_RESULT])
            if found is not None:  # the file is as it was: not even read
                return found, None
        from quyche.fsutil import MAX_INPUT_BYTES

        if st.st_size > MAX_INPUT_BYTES:
            return None, None
        try:
            with open(absolute, "rb") as fh:
                digest = hashlib.sha256(fh.read()).digest()
        except OSError:
            return None, None
        self.hashed += 1
        h = hashlib.sha256(b"\0".join(v.encode("utf-8", "surrogateescape") for v in (shown, absolute, since)))
        h.update(b"\0" + digest)
        probe = Probe(absolute, self._signature(st), shown, since, h.hexdigest())
        found = self._findings(probe.result)
        if found is None:
            return None, probe
        if entry != probe.entry():
            self.files[absolute] = probe.entry()  # touched, checked out, shown otherwise: recorded
            self.dirty = True
        return found, None

    def _findings(self, result: Any) -> list[Finding] | None:
        stored = self.results.get(result) if isinstance(result, str) else None
        if not (isinstance(stored, list) and len(stored) == _FINDINGS + 1 and isinstance(stored[_FINDINGS], list)):
            return None
        try:
            found = [_finding(item) for item in stored[_FINDINGS]]
        except (ValueError, KeyError, TypeError, IndexError):
            return None
        stored[_USED] = self.generation  # saved with the index when this run writes it anyway
        return found

    def store(self, probe: Probe, findings: list[Finding]) -> None:
        """Remember the findings of a file that missed (written to disk by `save`)."""
        self.files[probe.absolute] = probe.entry()
        self.results[probe.result] = [self.generation, [_plain(f) for f in findings]]
        self.dirty = True
        self.written += 1

    def save(self, limit: int = MAX_ENTRIES) -> None:
        """Write the index when this run changed it, keeping the `limit` most recently used
        results (and the files pointing at them); a cache that cannot be written (read-only
        checkout) is skipped."""
        if not self.dirty:
            return
        if len(self.results) > limit or len(self.files) > limit:
            kept = sorted(self.results.items(), key=lambda kv: _used(kv[1]), reverse=True)[:limit]
            self.results = dict(kept)
            self.files = {k: v for k, v in self.files.items()
                          if isinstance(v, list) and len(v) == _RESULT + 1 and v[_RESULT] in self.results}
        data = json.dumps({"key": self.key, "generation": self.generation, "files": self.files,
                           "results": self.results}, ensure_ascii=False, separators=(",", ":"))
        from quyche.errors import QuycheError
        from quyche.fsutil import atomic_write_bytes

        with contextlib.suppress(OSError, QuycheError):
            self._prepare()
            atomic_write_bytes(self.index_path, data.encode("utf-8"))  # temporary sibling + os.replace
            self.dirty = False
            self._prune_indexes()

    def _prepare(self) -> None:
        """Create the folder once, ignoring itself in git."""
        marker = self.folder / ".gitignore"
        if not marker.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            marker.write_text("# Bộ nhớ đệm của quyche check: tự tạo, không đưa vào git.\n*\n", encoding="utf-8")

    def _prune_indexes(self, limit: int = MAX_INDEXES) -> None:
        """Keep the `limit` most recently written indexes; runs only after this run wrote its own."""
        indexes: list[tuple[int, str]] = []
        with contextlib.suppress(OSError), os.scandir(self.folder) as it:
            for item in it:
                if item.name.startswith(INDEX_PREFIX) and item.name.endswith(".json"):
                    with contextlib.suppress(OSError):
                        indexes.append((item.stat().st_mtime_ns, item.path))
        indexes.sort(reverse=True)
        for _mtime, stale in indexes[limit:]:
            with contextlib.suppress(OSError):
                os.unlink(stale)


def _used(stored: Any) -> int:
    try:
        return int(stored[_USED])
    except (TypeError, ValueError, IndexError, KeyError):
        return -1


def _plain(f: Finding) -> list[Any]:
    s = f.span
    return [f.path, s.line, s.column, s.end_line, s.end_column, f.code, f.severity.value, f.message, f.hint, f.rule]


def _finding(item: list[Any]) -> Finding:
    from quyche.check.finding import Finding, Severity
    from quyche.model.span import Span

    path, line, column, end_line, end_column, code, severity, message, hint, rule = item
    for value in (path, code, message, hint, rule):
        if not isinstance(value, str):
            raise TypeError("entry field is not text")
    return Finding(path, Span(int(line), int(column), int(end_line), int(end_column)), code, Severity(severity),
                   message, hint, rule)
