"""`quyche import` of the 517-article Bộ luật Tố tụng dân sự as .docx and `quyche build` of it.

Targets: each <= 3 s wall and <= 250 MB peak memory, in fresh processes. Baseline in the same
run: `pandoc FILE.docx -t plain` on the same .docx. The .docx is made first by importing the
corpus text and building it with quyche (a real Word file with our styles and tables).
Figures go to bench/RESULTS.md under `## import and build`.

    python bench/bench_import_build.py [--runs 5] [--no-write]
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
from pathlib import Path

from _common import cpu_model, write_section

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("QUYCHE_CORPUS", ROOT.parent / "shared" / "corpus"))
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")
HEADING = "## import and build"

_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode\n"
    "dt = time.perf_counter() - t\n"
    "print(rc, dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
"""A wrapper process with exactly one child, so RUSAGE_CHILDREN is that child's peak RSS."""


def measure(argv: list[str], runs: int, env: dict[str, str]) -> tuple[float, float]:
    """(median seconds, max peak MB) of `argv` over `runs` fresh processes."""
    times, peaks = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", _MEASURE, *argv], capture_output=True, text=True,
                             env=env, check=True).stdout.split()
        if out[0] != "0":
            raise SystemExit(f"command failed: {' '.join(argv)}")
        times.append(float(out[1]))
        peaks.append(int(out[2]) / 1024)
    return statistics.median(times), max(peaks)


def machine() -> str:
    return f"{os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    src = next(CORPUS.glob("LARGE__*.txt"))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    quyche = [sys.executable, "-m", "quyche"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        md, docx, md2, docx2 = work / "large.md", work / "large.docx", work / "again.md", work / "again.docx"
        subprocess.run([*quyche, "import", str(src), "-o", str(md)], env=env, check=True, capture_output=True)
        subprocess.run([*quyche, "build", str(md), "--docx", str(docx)], env=env, check=True, capture_output=True)
        rows = []
        t, mem = measure([*quyche, "import", str(docx), "-o", str(md2), "--force"], args.runs, env)
        rows.append(("quyche import large.docx (517 Điều)", t, mem, 3.0))
        t, mem = measure([*quyche, "build", str(md), "--docx", str(docx2), "--force"], args.runs, env)
        rows.append(("quyche build large.md → .docx", t, mem, 3.0))
        if shutil.which("pandoc"):
            t, mem = measure(["pandoc", str(docx), "-t", "plain", "-o", str(work / "p.txt")], args.runs, env)
            rows.append(("baseline: pandoc large.docx -t plain", t, mem, None))
        t, mem = measure([sys.executable, "-c", "import typer"], args.runs, env)
        rows.append(("floor: python -c 'import typer'", t, mem, None))
        same = md.read_text(encoding="utf-8") == md2.read_text(encoding="utf-8")
        size_kb = docx.stat().st_size // 1024
    lines = [
        f"Input: {src.name} imported, then built into a {size_kb} KB .docx; median of {args.runs} fresh "
        f"processes, peak RSS of the process. Re-import equals the first import: {same}.", "",
        "| command | median s | peak MB | target |", "|---|---:|---:|---|",
    ]
    for name, secs, mb, target in rows:
        goal = f"≤ {target:.0f} s, ≤ 250 MB" if target else "—"
        lines.append(f"| {name} | {secs:.2f} | {mb:.0f} | {goal} |")
    lines += ["", f"Machine: {machine()}.", ""]
    text = "\n".join(lines)
    print(f"{HEADING}\n\n{text}")
    if not args.no_write:
        write_section(HEADING, text)


if __name__ == "__main__":
    main()
