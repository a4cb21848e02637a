"""`quyche overview` over many generated unit repositories (target: 1,000 units ≤ 60 s cold on
2 cores, ≤ 5 s warm, peak memory ≤ 500 MB).

The six states of tests/overview/kit.py (never revised, stalled at lay-y-kien, issued and
verified, tampered, failing check, old template) are built once with the real CLI and SSH
signing, then copied N times; each copy gets one more unsigned commit of its own (a README
line, which `verify` allows) so no two units share a commit id and the per-unit cache starts
really cold. Baseline in the same run: a shell loop of `git -C repo log -1` over the same
repositories. Fetching is excluded (all repositories are local folders).

    python bench/bench_overview.py [--units 1000] [--no-write]
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
from pathlib import Path

from _common import cpu_model, write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _build(base: Path, units: int) -> Path:
    import pytest

    from tests.conftest import isolated_git_env
    from tests.overview.kit import build_units

    (base / "home").mkdir()
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


def _timed(cmd: list[str], env: dict[str, str], shell: bool = False) -> tuple[float, float, int, int]:
    """(wall s, CPU s of the command and its children, largest child RSS MB, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd if not shell else cmd[0], env=env, capture_output=True, shell=shell, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, after.ru_maxrss // 1024, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        units = _build(base, args.units)
        built = time.perf_counter() - t0
        env = dict(os.environ, PYTHONPATH=str(ROOT), HOME=str(base / "home"),
                   GIT_CONFIG_GLOBAL=str(base / "home" / ".gitconfig"), PYTHONPYCACHEPREFIX=str(base / "pyc"))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        repos = sorted((base / "units").iterdir())
        loop = "for r in " + " ".join(str(r) for r in repos) + "; do git -C $r log -1 >/dev/null; done"
        cmd = [sys.executable, "-m", "quyche", "overview", str(units), "--format", "json", "--today", "2026-06-01",
               "--cache-dir", str(base / "cache")]
        baseline = _timed([loop], env, shell=True)
        cold = _timed(cmd, env)
        warm = _timed(cmd, env)
        warm2 = _timed(cmd, env)
        assert cold[3] == warm[3] == 1, (cold, warm)
    cpu = cpu_model(platform.processor())
    rows = [("shell loop of `git -C repo log -1` (baseline)", baseline), ("quyche overview, cold cache", cold),
            ("quyche overview, warm cache", warm), ("quyche overview, warm cache (again)", warm2)]
    lines = [
        f"{args.units} unit repositories (6 states, each with its own commit; 2 of 6 with a whole signed round "
        f"of 12 steps), built in {built:.0f} s; one run each",
        "",
        "| what | wall | CPU (user+sys, with workers) | largest process RSS |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {w:.2f} s | {c:.2f} s | {m} MB |" for name, (w, c, m, _rc) in rows],
        "",
        f"Per unit, cold: {cold[1] / args.units * 1000:.0f} ms CPU; warm: {warm[1] / args.units * 1000:.1f} ms CPU "
        f"(baseline `git log -1`: {baseline[1] / args.units * 1000:.1f} ms).",
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; load average at the start "
        f"{load[0]:.2f} (shared with other sessions). Targets (1,000 units): cold ≤ 60 s, warm ≤ 5 s, memory ≤ 500 MB.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("## overview", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
