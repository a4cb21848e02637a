"""Hostile inputs of issue 12: does the work grow linearly with the input (target: doubling
the input at most ~2.5x the time), and how fast does the CI fuzz budget run?

Same-run baseline: each case is timed at N and 2N in this run; the ratio of the two is the
figure (the work at N is the baseline for 2N). The figures before the fixes (from the issue,
same machine class) are quoted for comparison. In-process, through the functions the CLI
calls (parse, check with the default rules, outline), median of 3; the findings are formatted
as the CLI would print them so the output size counts too.

    python bench/bench_hostile.py [--no-write]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from _common import machine, median, write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEAD = "# QUY CHẾ\n\n## Điều 1. Phạm vi\n\n"


def reference_list(n: int) -> str:
    return HEAD + "Theo " + "khoản 1 Điều 2, " * n + ".\n"


def dangling(n: int) -> str:
    return HEAD + "\n".join(f"Theo khoản 3 Điều {i + 5}.\n" for i in range(n))


def long_block(n: int) -> str:
    return HEAD + "\n".join(f"{i}. khoản rất dài " + "nội dung " * 10 for i in range(1, n + 1)) + "\n"


def check_text(text: str) -> int:
    from quyche.check.runner import check_source
    from quyche.config import load_config
    from quyche.parse.source import decode_source

    findings = check_source(decode_source(text.encode("utf-8"), Path("f.md")), load_config(Path("/tmp")))
    return sum(len(f.message) + len(f.hint or "") for f in findings)


def outline_text(text: str) -> int:
    from quyche.model.outline import outline_entries
    from quyche.parse.document import parse_text

    return len(outline_entries(parse_text(text, "f.md")))


CASES = [
    ("check: one list of N references", reference_list, check_text, 1000, "N=1,000: 4.8 s, 21 MB output"),
    ("check: N dangling references", dangling, check_text, 10_000, "N=10,000: 11 s"),
    ("outline: one block of N numbered lines", long_block, outline_text, 20_000, "N=20,000: 2.3 s; 40,000: 9.5 s"),
    ("check: one block of N numbered lines", long_block, check_text, 20_000, "not measured"),
]


def timed(func, text: str) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    times, size = [], 0
    for _ in range(3):
        start = time.perf_counter()
        size = func(text)
        times.append(time.perf_counter() - start)
    return median(times), size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    rows = []
    for title, make, func, n, before in CASES:
        t1, _size = timed(func, make(n))
        t2, s2 = timed(func, make(2 * n))
        rows.append(f"| {title} | {n:,} | {t1:.2f} s | {t2:.2f} s | {t2 / t1:.2f} | {s2:,} | {before} |")
        print(rows[-1], flush=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz", "-k",
                           "not cli_sample"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    fuzz = time.perf_counter() - start
    print(proc.stdout[-300:])
    body = (
        f"Machine: {machine()}.\n\n"
        "In-process (parse + check or outline, findings formatted), median of 3; the N run is the\n"
        "same-run baseline of the 2N run.\n\n"
        "| case | N | time at N | time at 2N | ratio (linear ≈ 2) | output chars at 2N | before the fix |\n"
        "|---|---:|---:|---:|---:|---:|---|\n" + "\n".join(rows) + "\n\n"
        f"CI fuzz budget (tests/fuzz without the CLI sample, 2,150 cases): {fuzz:.0f} s wall "
        f"({'passed' if proc.returncode == 0 else 'FAILED'}).\n"
    )
    if not args.no_write:
        write_section("## hostile input (check, outline)", body)


if __name__ == "__main__":
    main()
