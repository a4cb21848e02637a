"""Run the rules over files: read once, parse once, run the selected rules, apply suppressions.

No printing: `run_checks` returns findings and the files it could not read, and the CLI turns
them into text, JSON, SARIF or GitHub annotations.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from quyche import errors as E

if TYPE_CHECKING:  # the parser and the rules load only when a file is really checked: a run
    # whose files all come from the cache imports neither (quyche/check/cache.py)
    from quyche.check.cache import FindingsCache
    from quyche.check.finding import Finding, Severity
    from quyche.check.registry import Rule
    from quyche.config import CheckConfig, Config
    from quyche.model.document import Regulation
    from quyche.parse.source import Source

PARALLEL_MIN_FILES = 50
"""From this many files on, worker processes pay for their start-up. Measured: forking two
workers and handing them their first tasks costs about 40 ms; a file costs about 3 ms of CPU
(bench/bench_check.py), so two workers win from about 25 files (even on the loaded machine:
32 files, 0.20 s against 0.22 s in one process)."""


@dataclass(slots=True)
class CheckRun:
    """What `run_checks` found."""

    findings: list[Finding] = field(default_factory=list)
    failures: list[E.QuycheError] = field(default_factory=list)
    """Files that could not be read or parsed (exit code 2)."""
    files: int = 0
    checked: list[str] = field(default_factory=list)
    """Files read, parsed and run through the rules in this run (the others came from the
    cache): what tests and the benchmark observe."""
    cached: int = 0
    """Files whose findings came from the cache."""
    hashed: int = 0
    """Files the cache read and hashed because their stat signature did not answer."""

    def count(self, severity: Severity) -> int:
        """How many findings of that severity."""
        return sum(1 for f in self.findings if f.severity == severity)


def _prefix_match(code: str, prefixes: Iterable[str]) -> int:
    """Length of the longest prefix of `code` among `prefixes`, -1 when none matches."""
    best = -1
    for p in prefixes:
        if code.startswith(p) and len(p) > best:
            best = len(p)
    return best


def enabled_rules(config: CheckConfig) -> dict[str, Severity]:
    """Code → effective severity of every rule that runs.

    `select` and `ignore` take codes or prefixes; the longest matching prefix wins and
    `ignore` wins a tie. `severity` changes a rule's level, the most specific prefix winning;
    "off" switches it off.
    """
    from quyche.check.finding import Severity
    from quyche.check.registry import RULES
    from quyche.check.rules import load_rules

    load_rules()
    out: dict[str, Severity] = {}
    for code, r in RULES.items():
        sel = _prefix_match(code, config.select) if config.select else 0
        ign = _prefix_match(code, config.ignore)
        if sel < 0 or ign >= sel:
            continue
        level = r.severity.value
        best = -1
        for prefix, value in config.severity.items():
            if code.startswith(prefix) and len(prefix) > best:
                best, level = len(prefix), value
        if level == "off":
            continue
        out[code] = Severity(level)
    return out


WHOLE_FILE_FAMILIES: Final = ("QC0", "QC4")
"""Rule families that read the file's text as a whole: run once per file, not per document."""
FILE_CACHES: Final = ("lines", "line_starts")
"""Caches of the file's text that every document of it shares."""


def check_regulation(doc: Regulation, source: Source, config: Config,
                     enabled: dict[str, Severity] | None = None) -> list[Finding]:
    """Every finding of the enabled rules on a parsed document, suppressions applied."""
    from quyche.check.finding import Finding
    from quyche.check.registry import RULES, CheckContext
    from quyche.check.suppress import apply_suppressions, read_directives

    if enabled is None:
        enabled = enabled_rules(config.check)
    path = str(source.path) if source.path is not None else (doc.path or "<văn bản>")
    ctx = CheckContext(path=path, source=source, config=config)
    findings: list[Finding] = []
    documents = doc.documents()
    for k, part in enumerate(documents):
        # Each document of the file (a decision, the regulation it issues) is checked on its
        # own: its numbering, its self-references, its header. The text rules read the whole
        # file once, with the first document.
        if k:
            ctx = CheckContext(path=path, source=source, config=config, first_line=part.body_line,
                               extra={key: ctx.extra[key] for key in FILE_CACHES if key in ctx.extra})
        ctx.last_line = part.end_line
        for code, severity in enabled.items():
            if k and code.startswith(WHOLE_FILE_FAMILIES):
                continue
            r: Rule = RULES[code]
            for rep in r.func(part, ctx):
                findings.append(Finding(path, rep.span, code, severity, rep.message, rep.hint, r.name))
    if doc.conflicts:
        findings = _outside_conflicts(findings, doc)
    if doc.comments:
        lines = ctx.extra.get("lines")
        if not isinstance(lines, list):
            lines = source.lines
        findings = apply_suppressions(findings, read_directives(doc, lines), path, enabled)
    findings.sort(key=lambda f: (f.span.line, f.span.column, f.code))
    return findings


CONFLICT_RULE = "QC504"


def _outside_conflicts(findings: list[Finding], doc: Regulation) -> list[Finding]:
    """Drop what other rules find between conflict markers: two wordings of one clause side by side
    repeat its number by design; QC504 reports the block, the rest is checked once it is resolved."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    for mark in doc.conflicts:
        if mark.side == "ours":
            start = mark.line
        elif mark.side == "end" and start is not None:
            blocks.append((start, mark.line))
            start = None
    if not blocks:
        return findings
    return [f for f in findings
            if f.code == CONFLICT_RULE or not any(a <= f.span.line <= b for a, b in blocks)]


def check_source(source: Source, config: Config, enabled: dict[str, Severity] | None = None) -> list[Finding]:
    """Parse a decoded source and check it."""
    from quyche.parse.document import parse_source

    return check_regulation(parse_source(source), source, config, enabled)


def check_file(path: Path, config: Config, enabled: dict[str, Severity] | None = None) -> list[Finding]:
    """Read, parse and check one file (raises InputError when it cannot be read)."""
    from quyche.parse.source import read_source

    return check_source(read_source(path), config, enabled)


_SHARED: dict[str, Any] = {}
"""What every file of a run shares, set once per worker process (not pickled per task)."""


def _init_worker(config: Config, enabled: dict[str, Severity]) -> None:
    _SHARED["config"], _SHARED["enabled"] = config, enabled
    _quiet_gc()


def _quiet_gc() -> tuple[int, int, int]:
    """Fewer garbage-collector passes while checking: a parsed file is freed by reference
    counting (the tree has no cycles), and every full pass would rescan all imported modules.
    Measured: 7-15 % less CPU over 1,000 files. Returns the old thresholds."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(10000, 50, 100)
    return old


def _worker(path: str) -> tuple[list[Finding], tuple[Any, ...] | None]:
    """One file; errors travel back as plain facts (QuycheError does not pickle)."""
    try:
        return check_file(Path(path), _SHARED["config"], _SHARED["enabled"]), None
    except E.QuycheError as exc:
        return [], (type(exc).__name__, str(exc.path) if exc.path else path, exc.line, exc.column, exc.facts)
    except RecursionError:
        return [], ("TooDeep", path, None, None, {"depth": "?", "limit": "?"})


def _rebuild(info: tuple[Any, ...]) -> E.QuycheError:
    name, path, line, column, facts = info
    cls = getattr(E, name, E.InputError)
    return cls(path, line, column, **facts)


def run_checks(paths: Sequence[Path], config: Config, *, jobs: int | None = None,
               cache_dir: Path | FindingsCache | None = None) -> CheckRun:
    """Check every file; unreadable files go to `failures`, the others are all checked.

    `jobs`: worker processes (None: one per core when there are at least PARALLEL_MIN_FILES
    files, else none). `cache_dir`: the findings cache (quyche/check/cache.py; a folder, or a
    cache already opened); files it answers for are not checked again, the others are and
    their findings stored. When every file hits, neither the parser nor the rules are imported.
    """
    run = CheckRun(files=len(paths))
    cache = None
    probes: dict[int, Any] = {}
    done: dict[int, list[Finding]] = {}
    todo = list(range(len(paths)))
    if cache_dir is not None:
        from quyche.check.cache import FindingsCache

        cache = cache_dir if isinstance(cache_dir, FindingsCache) else FindingsCache.open(cache_dir, config)
        todo = []
        for i, p in enumerate(paths):
            found, probes[i] = cache.lookup(p)
            if found is None:
                todo.append(i)  # a miss, or unreadable: the check proper reports that
            else:
                done[i] = found
    run.cached = len(done)
    run.checked = [str(paths[i]) for i in todo]
    if todo:
        enabled = enabled_rules(config.check)
        results = _check_all([paths[i] for i in todo], config, enabled, jobs)
        for i, (found, err) in zip(todo, results, strict=True):
            done[i] = found
            probe = probes.get(i)
            if err is not None:
                run.failures.append(_rebuild(err))
            elif cache is not None and probe is not None:
                cache.store(probe, found)
    for i in sorted(done):  # in the order of `paths`, cached or not
        run.findings.extend(done[i])
    if cache is not None:
        cache.save()
        run.hashed = cache.hashed
    return run


def _check_all(paths: Sequence[Path], config: Config, enabled: dict[str, Severity],
               jobs: int | None) -> list[tuple[list[Finding], tuple[Any, ...] | None]]:
    """Findings (or the error) of each file, in order, in worker processes when worth it."""
    if jobs is None:
        jobs = (os.cpu_count() or 1) if len(paths) >= PARALLEL_MIN_FILES else 1
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, min(16, len(paths) // (jobs * 8)))  # small chunks: no long tail on one worker
        gc.freeze()  # before forking: workers then share the parent's pages instead of copying them
        try:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(config, enabled)) as pool:
                results = list(pool.map(_worker, [str(p) for p in paths], chunksize=chunk))
        finally:
            gc.unfreeze()
    else:
        _SHARED["config"], _SHARED["enabled"] = config, enabled
        old = _quiet_gc()
        try:
            results = [_worker(str(p)) for p in paths]
        finally:
            gc.set_threshold(*old)
            gc.unfreeze()
    return results
