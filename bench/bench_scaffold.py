"""Speed of `quyche new` and `quyche templates`, against a same-run baseline.

Baselines: the git work any scaffold must do (init, add, commit of the same files) and the
interpreter + CLI start-up (`quyche --version`). Run: python bench/bench_scaffold.py [--runs N]
(add `--write` to put the table in bench/RESULTS.md under `## scaffold`).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import cpu_model, isolated_git_env, write_section

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ["--set", "unit_name=An Hòa", "--set", "superior_name=Khánh Hòa", "--set", "signer_name=Nguyễn Văn An"]


def _time(func: Callable[[int], None], runs: int) -> float:
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        func(i)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quyche-bench-"))
    env = isolated_git_env(work)
    quyche = [sys.executable, "-m", "quyche"]

    def run(cmd: list[str], cwd: Path = work) -> None:
        subprocess.run(cmd, cwd=cwd, env=env, check=True, capture_output=True)

    def new(i: int) -> None:
        run([*quyche, "new", str(work / f"new-{i}"), "-t", "phuong", "--no-input", *ANSWERS])

    new(999)  # warm caches; its files are the baseline's input
    sample = work / "new-999"

    def git_only(i: int) -> None:
        dest = work / f"git-{i}"
        shutil.copytree(sample, dest, ignore=shutil.ignore_patterns(".git"))
        run(["git", "init", "-q"], dest)
        run(["git", "add", "-A"], dest)
        run(["git", "commit", "-q", "-m", "x"], dest)
        run(["git", "update-ref", "refs/quyche/template-base", "HEAD"], dest)

    rows = [
        ("quyche --version (start-up baseline)", _time(lambda i: run([*quyche, "--version"]), args.runs)),
        ("git init + add + commit + update-ref (git baseline)", _time(git_only, args.runs)),
        ("quyche new -t phuong --no-input", _time(new, args.runs)),
        ("quyche templates", _time(lambda i: run([*quyche, "templates"]), args.runs)),
        ("quyche templates show phuong --format json",
         _time(lambda i: run([*quyche, "templates", "show", "phuong", "--format", "json"]), args.runs)),
    ]
    shutil.rmtree(work, ignore_errors=True)
    cpu = cpu_model(platform.processor())
    lines = [f"| {name} | {ms:.0f} ms |" for name, ms in rows]
    table = f"| what (median of {args.runs} runs) | wall time |\n|---|---:|\n" + "\n".join(lines)
    machine = f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    print(table)
    print(machine)
    if not args.write:
        return
    write_section("## scaffold", f"{machine}\n\n{table}")


if __name__ == "__main__":
    main()
