"""Parsing the 517-article Bộ luật Tố tụng dân sự: ≤ 0.3 s and ≤ 100 MB peak (issue 2 §9).

Every figure comes from a fresh `python` process, so nothing is cached between runs:
- parse: `parse_file` of the whole text (read, decode, NFC, scan), timed inside the process
  after `import quyche.parse`; median of RUNS processes;
- baseline: reading the same file, decoding and splitting it into lines (the least any parser
  must do), and `python -c pass` for the process's own memory;
- memory: tracemalloc's peak of Python allocations during the parse, and the whole process's
  maximum resident set size (ru_maxrss) after it, next to the same for `python -c pass` and
  for a process that only imports the parser.

Run: python bench/bench_parse.py [--runs N]. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, machine, median, write_subsection

TIME_TARGET_S = 0.3
MEMORY_TARGET_MB = 100.0
CORPUS = Path(os.environ.get("QUYCHE_CORPUS", ROOT.parent / "shared" / "corpus"))
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")

WORKER = r"""
import json, resource, sys, time, tracemalloc
mode, path = sys.argv[1], sys.argv[2]
out = {}
if mode == "pass":
    pass
elif mode == "read":
    t = time.perf_counter()
    with open(path, "rb") as fh:
        lines = fh.read().decode("utf-8").split("\n")
    out["seconds"] = time.perf_counter() - t
    out["lines"] = len(lines)
elif mode == "import":
    import quyche.parse
else:
    from quyche.parse import parse_file
    if mode == "memory":
        tracemalloc.start()
    t = time.perf_counter()
    reg = parse_file(path)
    out["seconds"] = time.perf_counter() - t
    if mode == "memory":
        out["traced_peak"] = tracemalloc.get_traced_memory()[1]
    counts = reg.counts()
    out["articles"], out["chapters"] = counts["articles"], counts["chapters"]
out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(out))
"""


def worker(mode: str, path: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-c", WORKER, mode, str(path)], capture_output=True,
                            text=True, env=env, check=True)
    return json.loads(result.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    (large,) = sorted(CORPUS.glob("LARGE__*.txt"))
    size_kb = large.stat().st_size / 1024

    parse_runs = [worker("parse", large) for _ in range(args.runs)]
    read_runs = [worker("read", large) for _ in range(args.runs)]
    memory = worker("memory", large)
    rss_pass = median([worker("pass", large)["maxrss_kb"] for _ in range(3)]) / 1024
    rss_import = median([worker("import", large)["maxrss_kb"] for _ in range(3)]) / 1024
    rss_parse = median([r["maxrss_kb"] for r in parse_runs]) / 1024

    t_parse = median([r["seconds"] for r in parse_runs])
    t_read = median([r["seconds"] for r in read_runs])
    traced_mb = memory["traced_peak"] / 1024 / 1024
    assert parse_runs[0]["articles"] == 517 and parse_runs[0]["chapters"] == 42, parse_runs[0]

    ok_time = t_parse <= TIME_TARGET_S
    ok_mem = rss_parse <= MEMORY_TARGET_MB and traced_mb <= MEMORY_TARGET_MB
    rows = [
        (f"parse LARGE (517 Điều, 42 Chương), median of {args.runs} processes", f"{t_parse * 1000:.0f} ms",
         f"≤ {TIME_TARGET_S * 1000:.0f} ms", "PASS" if ok_time else "FAIL"),
        ("baseline: read + decode + split lines", f"{t_read * 1000:.1f} ms", "", ""),
        ("peak Python allocations during parse (tracemalloc)", f"{traced_mb:.1f} MB",
         f"≤ {MEMORY_TARGET_MB:.0f} MB", "PASS" if traced_mb <= MEMORY_TARGET_MB else "FAIL"),
        ("process max RSS after parse (ru_maxrss)", f"{rss_parse:.1f} MB", f"≤ {MEMORY_TARGET_MB:.0f} MB",
         "PASS" if rss_parse <= MEMORY_TARGET_MB else "FAIL"),
        ("baseline: max RSS of `python -c pass`", f"{rss_pass:.1f} MB", "", ""),
        ("baseline: max RSS after `import quyche.parse`", f"{rss_import:.1f} MB", "", ""),
    ]
    table = "| measure | value | target | |\n|---|---:|---:|---|\n" + "\n".join(
        f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    print(table)
    body = (f"`python bench/bench_parse.py` on {large.name} ({size_kb:.0f} KB).\n\n{table}\n\n"
            f"Parse time spread: min {min(r['seconds'] for r in parse_runs) * 1000:.0f} ms, "
            f"max {max(r['seconds'] for r in parse_runs) * 1000:.0f} ms. "
            f"For scale, issue 2 quotes Bluebell at about 3 s and 190 MB for a 200-article text.\n\n"
            f"Machine: {machine()}.\n")
    write_subsection("parse (bench/bench_parse.py)", body)
    return 0 if ok_time and ok_mem else 1


if __name__ == "__main__":
    raise SystemExit(main())
