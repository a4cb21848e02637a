"""One unit's state, read from git objects (no checkout): the regulation's identity, template,
findings, round, last issued version and `verify` verdict.

A unit's facts depend only on its commit, its tags and quyche's code, so they are cached under
that key (`<cache>/units/<key>.json`): an unchanged unit costs one git call (`show-ref`) and one
file read on the next run. A unit read afresh has its objects read by one `git cat-file --batch`
(overview's reads and verify's alike) and its history walked once for the round and `verify`.
Days since the last step and the flags depend on today and the options; they are computed when
the report is made (quyche/overview/assess.py), not cached.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from quyche.errors import GitError, QuycheError, RevisionError
from quyche.overview.units import UnitSpec

if TYPE_CHECKING:
    from quyche.vcs import ObjectReader

STATUS_FORMAT: Final = 2
MAX_REGULATION_BYTES: Final = 20 * 1024 * 1024
"""As quyche.fsutil.MAX_INPUT_BYTES: the largest regulation quyche reads."""


@dataclass(slots=True)
class UnitStatus:
    """What `overview` knows about one unit (JSON: docs/overview.md, quyche/schema/overview.schema.json)."""

    name: str
    level: str
    repo: str
    ref: str
    reachable: bool = True
    commit: str = ""
    error: list[Any] | None = None
    """[error class name, path, line, facts] when the unit could not be read; the CLI words it."""
    number: str = ""
    date: str = ""
    issuer: str = ""
    template: str = ""
    template_version: str = ""
    findings: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
    round_id: str = ""
    round_open: bool = False
    current_step: str = ""
    last_step_date: str = ""
    issued_tag: str = ""
    issued_date: str = ""
    verify_ok: bool | None = None
    violations: list[str] = field(default_factory=list)
    """Rule names of `verify`'s violations (unsigned-step, tag-moved, …), each once."""
    signed_steps: int = 0
    from_cache: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON data (the cache entry and the base of the report's units)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UnitStatus:
        """Back from `to_dict` (KeyError/TypeError on a foreign shape: the caller treats it as a miss)."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names})


def fetch(spec: UnitSpec, cache: Path) -> Path:
    """The local repository of `spec`: its folder, or a mirror clone of its URL kept under
    `cache/repos` and fetched again each run (plain git, no shell; GitError when unreachable)."""
    if not spec.is_url:
        return Path(spec.repo)
    from quyche.vcs import run_git

    target = cache / "repos" / (hashlib.sha256(spec.repo.encode()).hexdigest()[:24] + ".git")
    if (target / "HEAD").is_file():
        run_git(target, "fetch", "--quiet", "--prune", "--", "origin")
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".clone-", dir=target.parent))
    try:
        run_git(target.parent, "clone", "--quiet", "--mirror", "--", spec.repo, str(tmp / "repo.git"))
        os.replace(tmp / "repo.git", target)
    finally:
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
    return target


_REF_RULES: Final = ("refs/{}", "refs/tags/{}", "refs/heads/{}", "refs/remotes/{}", "refs/remotes/{}/HEAD")
"""How git reads a short ref name, in its order (git help revisions)."""
_PLAIN_REF = re.compile(r"[\w.+/-]+")
_OBJECT_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def locate(root: Path, ref: str) -> tuple[str, str]:
    """(the object `ref` names, the repository's tags as `id name` lines), in one `git show-ref`:
    what the unit's cached facts are keyed on. A ref git reads some other way (`main~2`, an
    abbreviated id, FETCH_HEAD…) is resolved with `git rev-parse` (RevisionError when there is
    no such commit)."""
    from quyche.vcs import resolve_revision

    named = ref != "HEAD" and not _OBJECT_ID.fullmatch(ref)
    plain = named and _plain(root, ref)
    listing = _git_lines(root, "show-ref", "--head", *(() if plain else ("--tags",)))
    tags = "\n".join(line for line in listing if line.split(" ", 1)[-1].startswith("refs/tags/"))
    ids = {name: oid for oid, name in (line.split(" ", 1) for line in listing if " " in line)}
    if not named:
        target = ids.get("HEAD", "") if ref == "HEAD" else ref
    elif plain:
        target = next((ids[n] for n in (ref, *(r.format(ref) for r in _REF_RULES)) if n in ids), "")
    else:
        target = ""
    return target or resolve_revision(root, ref), tags


def _plain(root: Path, ref: str) -> bool:
    """Whether git reads `ref` only as a name under refs/ (so show-ref's listing settles it):
    no `~ ^ : @ { ..`, and no file of that name beside HEAD (git would read that first)."""
    if not _PLAIN_REF.fullmatch(ref) or ".." in ref or ref.endswith((".lock", "/", ".")):
        return False
    git_dir = root / ".git" if (root / ".git").is_dir() else root if (root / "HEAD").is_file() else None
    return git_dir is not None and (ref.startswith("refs/") or not (git_dir / ref).exists())


def _git_lines(root: Path, *args: str) -> list[str]:
    """Output lines of a git command that may find nothing (exit 1, no output: no lines)."""
    from quyche.vcs import run_git

    proc = run_git(root, *args, check=False)
    if proc.returncode not in (0, 1):
        raise GitError(root, command="git " + " ".join(args[:2]), stderr=(proc.stderr.strip().splitlines() or [""])[-1])
    return proc.stdout.splitlines()


def cache_key(target: str, tags: str, version: str) -> str:
    """What a unit's facts depend on: the object its ref names, every tag (an issue tag may come
    later) and quyche's code."""
    return hashlib.sha256(f"{STATUS_FORMAT}\0{version}\0{target}\0{tags}".encode()).hexdigest()


def collect(spec: UnitSpec, cache: Path | None, version: str) -> UnitStatus:
    """The unit's status; failures become `reachable=False` or `error`, never an exception.
    An unchanged unit costs one git process and one cache file read."""
    status = UnitStatus(spec.name, spec.level, spec.repo, spec.ref)
    try:
        root = fetch(spec, cache) if cache is not None else Path(spec.repo)
    except QuycheError as exc:
        status.reachable = False
        status.error = _error(exc)
        return status
    try:
        if not (root / ".git").exists() and not (root / "HEAD").is_file():
            raise GitError(root, command="git", stderr="không phải kho git")
        target, tags = locate(root, spec.ref)
        key = cache_key(target, tags, version)
        entry = cache / "units" / f"{key}.json" if cache is not None else None
        if entry is not None:
            hit = _read_entry(entry)
            if hit is not None:  # the facts are the commit's; who lists it and how is this spec's
                hit.name, hit.level, hit.repo, hit.ref, hit.from_cache = spec.name, spec.level, spec.repo, spec.ref, True
                return hit
        from quyche.vcs import ObjectReader

        with ObjectReader(root) as reader:
            found = reader.read(f"{target}^{{commit}}")
            if found is None:
                raise RevisionError(None, revision=spec.ref)
            status.commit = found[0]
            _fill(status, reader, found[2])
        if entry is not None:
            _write_entry(entry, status)
    except QuycheError as exc:
        status.error = _error(exc)
    return status


def _error(exc: QuycheError) -> list[Any]:
    return [type(exc).__name__, str(exc.path) if exc.path else None, exc.line, exc.facts]


def _read_entry(path: Path) -> UnitStatus | None:
    try:
        with open(path, "rb") as fh:
            data = json.loads(fh.read(1024 * 1024))
        return UnitStatus.from_dict(data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _write_entry(path: Path, status: UnitStatus) -> None:
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".unit.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(status.to_dict(), fh, ensure_ascii=False)
        os.replace(tmp, path)


def _fill(status: UnitStatus, reader: ObjectReader, commit_object: bytes) -> None:
    """Everything read at `status.commit`, through git objects only (one batch reader)."""
    from quyche.check.runner import check_regulation
    from quyche.config import CONFIG_NAME, Config, config_from_bytes
    from quyche.parse.document import parse_source
    from quyche.parse.source import decode_source
    from quyche.workflow.procedure import load_procedure
    from quyche.workflow.round import Workspace

    root, commit = reader.repo, status.commit
    raw = _blob(reader, commit, CONFIG_NAME)
    config = config_from_bytes(root, root / CONFIG_NAME, raw) if raw is not None else Config(root=root)
    if config.template is not None:
        status.template, status.template_version = config.template.name, config.template.version
    regs = list(config.regulations) or sorted(
        n for n in _tree_names(reader, commit_object) if n.endswith(".md") and not n.lower().startswith("readme"))
    ws = Workspace(root, config, load_procedure(config.procedure, config.path), regs)
    if regs:
        data = _blob(reader, commit, regs[0])
        if data is not None:
            source = decode_source(data, Path(regs[0]))
            doc = parse_source(source)
            fm = doc.front_matter
            if fm is not None:
                status.number = fm.number or ""
                status.date = str(fm.date or "")
                status.issuer = fm.issuer or ""
            for f in check_regulation(doc, source, config):
                status.findings[f.severity.value] += 1
    _round_and_verify(status, ws, reader)


def _blob(reader: ObjectReader, commit: str, rel: str) -> bytes | None:
    found = reader.read(f"{commit}:{rel}", MAX_REGULATION_BYTES)
    return found[2] if found is not None and found[1] == "blob" else None


def _tree_names(reader: ObjectReader, commit_object: bytes) -> list[str]:
    """Names of the files at the top of the commit's tree (as `git ls-tree --name-only`)."""
    first = commit_object.split(b"\n", 1)[0]
    if not first.startswith(b"tree "):
        return []
    tree_id = first[5:].decode()
    found = reader.read(tree_id)
    if found is None or found[1] != "tree":
        return []
    data, width, names, pos = found[2], len(tree_id) // 2, [], 0
    while pos < len(data):  # entries: "<mode> <name>\0<binary id>"
        space, nul = data.find(b" ", pos), data.find(b"\0", pos)
        if space < 0 or nul < 0:
            break
        if not data[pos:space].startswith(b"4"):  # 40000: a folder
            names.append(data[space + 1 : nul].decode("utf-8", "surrogateescape"))
        pos = nul + 1 + width
    return names


def _round_and_verify(status: UnitStatus, ws: Any, reader: ObjectReader) -> None:
    from quyche.workflow.history import walk_history
    from quyche.workflow.round import rounds_from_history
    from quyche.workflow.signatures import ALLOWED_SIGNERS
    from quyche.workflow.verify import verify_repository

    commit = status.commit
    history = walk_history(ws.root, commit, resolved=True)
    rounds = rounds_from_history(history)
    procedure = ws.procedure
    if rounds:
        state = rounds[-1]
        status.round_id = state.id
        status.round_open = not state.finished(procedure)
        if state.last is not None:
            status.current_step, status.last_step_date = state.last.step, state.last.date
    issue_steps = {s.name for s in procedure.steps if s.tag}
    signers = _blob(reader, commit, ALLOWED_SIGNERS.as_posix())
    with tempfile.TemporaryDirectory(prefix="quyche-overview-") as tmp:
        allowed = Path(tmp) / "allowed_signers"
        allowed.write_bytes(signers or b"")
        result = verify_repository(ws, allowed_signers=allowed, use_cache=False, rev=commit, history=history)
    status.verify_ok = result.ok
    status.signed_steps = result.steps
    status.violations = sorted({v.rule for v in result.violations})
    issued = [(rec.date, state.id) for state in rounds for rec in state.records if rec.step in issue_steps]
    if issued:
        status.issued_date = issued[-1][0]
        if result.tags:
            status.issued_tag = list(result.tags)[-1]
