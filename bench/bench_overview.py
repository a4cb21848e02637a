"""`quyche overview` over many generated unit repositories (target: 1,000 units ≤ 60 s cold on
2 cores, ≤ 5 s warm, peak memory ≤ 500 MB).

The six states of tests/overview/kit.py (never revised, stalled at lay-y-kien, issued and
verified, tampered, failing check, old template) are built once with the real CLI and SSH
signing, then copied N times; each copy gets one more unsigned commit of its own (a README
line, which `verify` allows) so no two units share a commit id and the per-unit cache starts
really cold. Baseline in the same run: a shell loop of `git -C repo log -1` over the same
repositories. Fetching is excluded (all repositories are local folders).

Building 1,000 repositories takes minutes: `--keep DIR` keeps them, `--reuse DIR` measures a
set kept before (the unit cache is emptied before the cold run either way).
`--json-out FILE` saves the cold run's JSON report (to compare outputs before/after a change).

    python bench/bench_overview.py [--units 1000] [--keep DIR | --reuse DIR] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _common import cpu_model, write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE_S = 0.02
"""How often the process tree's memory is sampled (a worker lives for the whole run)."""


def _build(base: Path, units: int) -> Path:
    import pytest

    from tests.conftest import isolated_git_env
    from tests.overview.kit import build_units

    (base / "home").mkdir(parents=True)
    with pytest.MonkeyPatch.context() as mp:
        isolated_git_env(base / "home", mp)
        (base / "seeds").mkdir()
        seeds = build_units(base / "seeds")
        lines = ["units:"]
        names = list(seeds)
        for i in range(units):
            state = names[i % len(names)]
            repo = base / "units" / f"u{i:04d}-{state}"
            shutil.copytree(seeds[state], repo, symlinks=True)
            (repo / "README.md").write_text(f"Đơn vị số {i}\n", encoding="utf-8")
            subprocess.run(["git", "-C", str(repo), "add", "README.md"], check=True)
            subprocess.run(["git", "-C", str(repo), "commit", "-q", "--no-gpg-sign", "-m", f"đơn vị {i}"], check=True)
            lines += [f"  - name: Đơn vị {i} ({state})", f"    level: {'chi-bo' if i % 3 else 'dang-uy-co-so'}",
                      f"    repo: {repo}"]
        path = base / "UNITS.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


@dataclass(frozen=True, slots=True)
class Measured:
    wall: float
    cpu: float
    """User + sys seconds of the command and every process under it."""
    tree_mb: int
    """Largest memory (PSS) of the command's whole process tree at once (sampled)."""
    largest_mb: int
    """Largest resident memory of any one process under the command (getrusage)."""
    code: int
    stdout: bytes


def _tree_pss_kb(pid: int) -> int:
    """Memory of `pid` and all its descendants, from /proc (0 once it is gone): the proportional
    set size, so pages the forked workers share with the parent count once, not three times.

    Below the workers only git runs; a Python process there is a worker's vfork child in the
    instant before it becomes git, still using the worker's memory: not counted again."""
    python = Path(sys.executable).resolve()
    total, todo = 0, [(pid, 0)]
    while todo:
        p, depth = todo.pop()
        try:
            if depth < 2 or Path(f"/proc/{p}/exe").resolve() != python:
                rollup = Path(f"/proc/{p}/smaps_rollup").read_text()
                total += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend((int(c), depth + 1) for c in (task / "children").read_text().split())
        except (OSError, ValueError, StopIteration):
            continue
    return total


def _timed(cmd: list[str] | str, env: dict[str, str]) -> Measured:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL, shell=isinstance(cmd, str))
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_pss_kb(proc.pid))
            time.sleep(SAMPLE_S)
        wall = time.perf_counter() - start
        out.seek(0)
        stdout = out.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return Measured(wall, cpu, peak // 1024, after.ru_maxrss // 1024, proc.returncode, stdout)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--keep", type=Path, help="build the units in this (new) folder and keep them")
    ap.add_argument("--reuse", type=Path, help="measure the units built before with --keep DIR")
    ap.add_argument("--json-out", type=Path, help="save the cold run's JSON report here")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.reuse or args.keep or Path(tmp)
        built = "reused"
        if args.reuse is None:
            t0 = time.perf_counter()
            _build(base, args.units)
            built = f"built in {time.perf_counter() - t0:.0f} s"
        units = base / "UNITS.yaml"
        repos = sorted((base / "units").iterdir())
        count = len(repos)
        env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(base / "home"),
                   GIT_CONFIG_GLOBAL=str(base / "home" / ".gitconfig"), PYTHONPYCACHEPREFIX=str(Path(tmp) / "pyc"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        loop = "for r in " + " ".join(str(r) for r in repos) + "; do git -C $r log -1 >/dev/null; done"
        cache = Path(tmp) / "cache"
        cmd = [sys.executable, "-m", "quyche", "overview", str(units), "--format", "json", "--today", "2026-06-01",
               "--cache-dir", str(cache)]
        baseline = _timed(loop, env)
        cold = _timed(cmd, env)
        warm = _timed(cmd, env)
        warm2 = _timed(cmd, env)
        assert cold.code == warm.code == warm2.code == 1, (cold.code, warm.code, warm2.code)
        assert warm.stdout == warm2.stdout == cold.stdout, "the cache changed the report"
        if args.json_out:
            args.json_out.write_bytes(cold.stdout)
    cpu = cpu_model(platform.processor())
    rows = [("shell loop of `git -C repo log -1` (baseline)", baseline), ("quyche overview, cold cache", cold),
            ("quyche overview, warm cache", warm), ("quyche overview, warm cache (again)", warm2)]
    lines = [
        f"{count} unit repositories (6 states, each with its own commit; 2 of 6 with a whole signed round "
        f"of 12 steps), {built}; one run each",
        "",
        "| what | wall | CPU (user+sys, with workers and git) | peak memory, all processes (PSS) | largest process (RSS) |",
        "|---|---:|---:|---:|---:|",
        *[f"| {name} | {m.wall:.2f} s | {m.cpu:.2f} s | {m.tree_mb} MB | {m.largest_mb} MB |" for name, m in rows],
        "",
        f"Per unit, cold: {cold.cpu / count * 1000:.1f} ms CPU; warm: {min(warm.cpu, warm2.cpu) / count * 1000:.1f} ms "
        f"CPU (baseline `git log -1`: {baseline.cpu / count * 1000:.1f} ms).",
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; load average at the start "
        f"{load[0]:.2f}. Targets (1,000 units): cold ≤ 60 s, warm ≤ 5 s, memory ≤ 500 MB.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("## overview", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
