"""Hostile front matter (issue 12) through `quyche fmt --check`, against a same-run baseline.

Baseline: the same command on the bundled example regulation. Cases: a billion laughs (8
levels of aliases), 100,000 keys, a 5 MB value (all refused now), and the largest front matter
still accepted (1,000 keys; a 64 KiB value), which `fmt` rewrites with ruamel.
Run: python bench/bench_yaml.py [--runs N] [--write] (`## hostile YAML` in bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from _common import ROOT, machine, median, timed_runs, write_section

BODY = "\n## Điều 1. Phạm vi\n\nNội dung.\n"


def _laughs() -> str:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 9):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    return text


CASES = {
    "billion laughs (8 levels), refused": _laughs(),
    "100,000 keys (1.1 MB), refused": "".join(f"k{i}: v\n" for i in range(100_000)),
    "a 5 MB value, refused": "subject: " + "x" * 5_000_000 + "\n",
    "999 keys, accepted (limit 1,000 items)": "".join(f"k{i}: v\n" for i in range(998)),
    "a 64 KiB value, accepted (limit 65,536 chars)": "subject: " + "x" * 65_000 + "\n",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "quyche", "fmt", "--check"]
    rows = []
    base = timed_runs([*cmd, str(ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md")], args.runs, env=env)
    rows.append(("baseline: the bundled example", median(base.walls), median(base.cpus), 0))
    with tempfile.TemporaryDirectory() as tmp:
        for name, front in CASES.items():
            path = Path(tmp) / "quy-che.md"
            path.write_text(f"---\nkind: quy chế\n{front}---\n{BODY}", encoding="utf-8")
            runs = timed_runs([*cmd, str(path)], args.runs, env=env, ok=(0, 1, 2))
            rows.append((name, median(runs.walls), median(runs.cpus), path.stat().st_size))
    table = "| `quyche fmt --check` on | file size | wall, median | CPU, median |\n|---|---:|---:|---:|\n" + "\n".join(
        f"| {name} | {size / 1e6:.2f} MB | {wall:.2f} s | {cpu:.2f} s |" for name, wall, cpu, size in rows)
    body = (f"Machine: {machine()}. Median of {args.runs} runs, fresh process each.\n\n{table}\n\n"
            "Before the fix (issue 12's figures, another run): billion laughs 18 s, 100k keys 37 s, 5 MB value 13 s.\n")
    print(body)
    if args.write:
        write_section("## hostile YAML", body)


if __name__ == "__main__":
    main()
