"""`quyche --version` and `quyche --help` ≤ 1.5 × `python -c "import typer"` (issue 2 §9).

The commands run as `python -m quyche` with PYTHONPATH set to this checkout, so the figures are
for this code and not for whatever `quyche` is installed. With hyperfine (`-N`, no shell,
warm-up runs) the medians come from its JSON export; without it, from RUNS interleaved
subprocess timings. The baseline `python -c "import typer"` is measured in the same run, and
`python -c pass` is shown for scale, and CPU time (user+sys) next to wall time, which a busy
shared machine disturbs less.

Run: python bench/bench_startup.py [--runs N]. Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, machine, median, write_subsection

RATIO_TARGET = 1.5
PY = sys.executable
COMMANDS = {
    "python -c pass": [PY, "-c", "pass"],
    'python -c "import typer"': [PY, "-c", "import typer"],
    "quyche --version": [PY, "-m", "quyche", "--version"],
    "quyche --help": [PY, "-m", "quyche", "--help"],
}
BASELINE = 'python -c "import typer"'


def with_hyperfine(runs: int, env: dict[str, str], cpu: dict[str, float]) -> dict[str, float]:
    """Round-robin: each round runs hyperfine briefly on every command in turn, so a busy
    moment on a shared machine slows every command alike; the median is over all timings."""
    import shlex

    per_round = 5
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    cpu_rounds: dict[str, list[float]] = {name: [] for name in COMMANDS}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "h.json"
        for _ in range(max(1, runs // per_round)):
            for name, cmd in COMMANDS.items():
                argv = ["hyperfine", "-N", "--warmup", "2", "--runs", str(per_round),
                        "--export-json", str(out), "-n", name, shlex.join(cmd)]
                subprocess.run(argv, env=env, check=True, capture_output=True, text=True)
                result = json.loads(out.read_text())["results"][0]
                times[name].extend(result["times"])
                cpu_rounds[name].append(result["user"] + result["system"])
    cpu.update({name: median(values) for name, values in cpu_rounds.items()})
    return {name: median(values) for name, values in times.items()}


def with_subprocess(runs: int, env: dict[str, str], cpu: dict[str, float]) -> dict[str, float]:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(3):  # warm-up
        for cmd in COMMANDS.values():
            subprocess.run(cmd, env=env, check=True, capture_output=True)
    for _ in range(runs):  # interleaved, so a busy moment hits every command alike
        for name, cmd in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(cmd, env=env, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    return {name: median(values) for name, values in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-hyperfine", action="store_true")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    use_hyperfine = shutil.which("hyperfine") is not None and not args.no_hyperfine
    cpu: dict[str, float] = {}
    medians = (with_hyperfine if use_hyperfine else with_subprocess)(args.runs, env, cpu)
    base = medians[BASELINE]
    ok = True
    rows = []
    for name, value in medians.items():
        ratio = value / base
        verdict = ""
        if name.startswith("quyche"):
            passed = ratio <= RATIO_TARGET
            ok &= passed
            verdict = "PASS" if passed else "FAIL"
        cpu_text = f"{cpu[name] * 1000:.0f} ms ({cpu[name] / cpu[BASELINE]:.2f} ×)" if cpu else "-"
        rows.append(f"| `{name}` | {value * 1000:.0f} ms | {ratio:.2f} × | {verdict} | {cpu_text} |")
    table = (f"| command | wall, median | vs import typer (target ≤ {RATIO_TARGET:.1f} ×) | | CPU user+sys |\n"
             "|---|---:|---:|---|---:|\n" + "\n".join(rows))
    print(table)
    tool = (f"hyperfine -N, {args.runs} runs a command in rounds of 5 (2 warm-ups each), commands "
            "taking turns") if use_hyperfine else (
        f"{args.runs} interleaved subprocess runs after 3 warm-ups")
    body = (f"`python bench/bench_startup.py` ({tool}; `quyche` = `python -m quyche` of this checkout).\n\n"
            f"{table}\n\nMachine: {machine()}.\n")
    write_subsection("start-up (bench/bench_startup.py)", body)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
