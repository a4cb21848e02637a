"""`quyche check` over 1,000 generated regulations of 30 articles each (target: <= 2 s wall).

Baselines measured in the same run: the interpreter plus `import typer` (the floor of any
command), a plain read + decode + NFC of all files, and the issue's baseline for a cold check
(issue 17: "≤ 5× a plain read-decode-and-scan of the same files"): read, decode, NFC, split
into lines and run ONE compiled regex over each line finding the structural markers
(Chương/Mục/Điều headings, numbered clauses, lettered points), the least any structure checker
must do. The findings cache is timed cold (emptied before each run) and warm (no file
changed; target ≤ 0.3 s). An in-process breakdown (read, parse, rules per file) says where the
time goes. Figures go to bench/RESULTS.md, the body of `## check` (its `###` subsections,
written by others, stay).

Python runs as it would from an installed package: with cached bytecode. The sessions that run
this bench set PYTHONDONTWRITEBYTECODE=1, which made every run compile quyche's ~50 modules
again (about 60 ms of CPU that no user pays); the bytecode goes to a temporary
PYTHONPYCACHEPREFIX, not into the tree.

    python bench/bench_check.py [--files 1000] [--runs 5] [--no-write] [--before DIR]

`--before DIR` also times the check commands with the `quyche` package found in DIR (e.g. an
older commit: `git archive <rev> quyche | tar -x -C DIR`), in the same run, turn about.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import Runs, cpu_model, timed_runs, write_section

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = (
    "Ban Chấp hành Đảng ủy phường thực hiện nhiệm vụ quyền hạn lãnh đạo chỉ đạo công tác tổ chức "
    "cán bộ kiểm tra giám sát dân vận tuyên giáo văn phòng chương trình kế hoạch báo cáo định kỳ "
    "hằng năm chi bộ đảng viên hội nghị thường lệ bất thường phân công phụ trách trách nhiệm "
    "nguyên tắc tập trung dân chủ tập thể cá nhân phối hợp quy định hướng dẫn thông báo kết luận"
).split()
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(SYLLABLES) for _ in range(n)]
    return " ".join(words).capitalize()


def make_regulation(rng: random.Random, index: int, articles: int = 30) -> str:
    """A well-formed regulation: front matter, 5 chapters, `articles` articles with clauses and points."""
    out = [
        "---", "kind: quy chế", f"number: {index:02d}-QC/ĐU", "date: 2025-07-15", "place: An Hòa",
        "superior: ĐẢNG BỘ TỈNH KHÁNH HÒA", "issuer: ĐẢNG ỦY PHƯỜNG AN HÒA", "authority: Ban Chấp hành",
        "title: QUY CHẾ", f"subject: làm việc của Ban Chấp hành Đảng bộ phường số {index}",
        "signing:", "  capacity: T/M ĐẢNG ỦY", "  title: BÍ THƯ", "  name: Nguyễn Văn An", "---", "",
    ]
    per_chapter = articles // 5
    for art in range(1, articles + 1):
        if (art - 1) % per_chapter == 0:
            out += [f"# Chương {ROMAN[(art - 1) // per_chapter]}. {_sentence(rng, 5).upper()}", ""]
        out += [f"## Điều {art}. {_sentence(rng, 6)}", ""]
        for clause in range(1, 4):
            ref = f" theo khoản 1 Điều {rng.randint(1, articles)} Quy chế này" if clause == 2 else ""
            out += [f"{clause}. {_sentence(rng, 18)}{ref}.", ""]
            if clause == 3:
                for letter in "abc":
                    out += [f"   {letter}) {_sentence(rng, 12)};", ""]
    return "\n".join(out)


def _time(commands: list[tuple[str, list[str], dict[str, str]]], runs: int) -> list[tuple[str, float, float, float]]:
    """(name, median wall, best wall, median CPU) of each command. The commands take turns, run
    after run, so a busy moment of the shared machine slows all of them alike. CPU time is the
    user + sys of the command and its worker processes: what the command itself costs."""
    done = {name: Runs() for name, _cmd, _env in commands}
    for _ in range(runs):
        for name, cmd, env in commands:
            one = timed_runs(cmd, 1, env=env, ok=(0, 1))
            done[name].walls += one.walls
            done[name].cpus += one.cpus
    return [(name, statistics.median(done[name].walls), min(done[name].walls), statistics.median(done[name].cpus))
            for name, _cmd, _env in commands]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--before", type=Path, help="a folder holding an older `quyche` package to compare with")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    load = os.getloadavg()
    rng = random.Random(2025)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "repo"
        folder.mkdir()
        names = []
        for i in range(args.files):
            name = f"quy-che-{i:04d}.md"
            (folder / name).write_text(make_regulation(rng, i + 1), encoding="utf-8")
            names.append(name)
        (folder / "quyche.yaml").write_text("regulations:\n" + "".join(f"  - {n}\n" for n in names), encoding="utf-8")
        size = sum((folder / n).stat().st_size for n in names)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        py = sys.executable
        read = ("import pathlib,unicodedata;[unicodedata.normalize('NFC', p.read_bytes().decode()) "
                f"for p in pathlib.Path({str(folder)!r}).glob('*.md')]")
        scan = [py, "-c", SCAN, str(folder)]
        check = [py, "-m", "quyche", "check", "--format", "json", "--no-cache"]
        cached = [py, "-m", "quyche", "check", "--format", "json"]
        cold_dir, warm_dir = Path(tmp) / "cold-cache", Path(tmp) / "warm-cache"
        cold = [py, "-c", "import runpy, shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True); "
                "sys.argv = ['quyche', *sys.argv[2:]]; runpy.run_module('quyche', run_name='__main__')",
                str(cold_dir), *cached[3:], "--cache-dir", str(cold_dir)]
        warm = [*cached, "--cache-dir", str(warm_dir)]
        os.chdir(folder)
        envs = [("", env)]
        if args.before:
            envs.append((" — before", dict(env, PYTHONPATH=str(args.before.resolve()))))
        for _label, e in envs:  # writes the bytecode
            subprocess.run([*check, "-j", "1", names[0]], env=e, capture_output=True, check=False)
        for _ in range(2):  # fills the warm cache (the second run also remembers quyche.yaml's data)
            subprocess.run(warm, env=env, capture_output=True, check=False)
        markers = subprocess.run(scan, env=env, capture_output=True, text=True, check=True).stdout.strip()
        commands = [
            (TYPER, [py, "-c", "import typer"], env),
            ("plain read + decode + NFC of all files", [py, "-c", read], env),
            (SCAN_ROW, scan, env),
            *[(f"quyche check on one file (start-up){label}", [*check, names[0]], e) for label, e in envs],
            *[(f"quyche check -j 1 (one process){label}", [*check, "-j", "1"], e) for label, e in envs],
            *[(f"quyche check (default: worker processes){label}", check, e) for label, e in envs],
            ("quyche check, cold cache (emptied first, then filled)", cold, env),
            (WARM_ROW, warm, env),
        ]
        rows = _time(commands, args.runs)
        proc = subprocess.run(check, env=env, capture_output=True, text=True, check=False)
        from_cache = subprocess.run(warm, env=env, capture_output=True, text=True, check=False)
        same_cached = from_cache.stdout == proc.stdout
        same = ""
        if args.before:
            old = subprocess.run(check, env=envs[1][1], capture_output=True, text=True, check=False)
            same = f" Same JSON output as before: {old.stdout == proc.stdout}."
            stages_before = _stages(folder, envs[1][1])  # before and after take turns
        stages = _stages(folder, env)
        os.chdir(ROOT)
    findings = proc.stdout.count('"code":')
    cpu = cpu_model(platform.processor())
    lines = [
        f"{args.files} files × 30 articles ({size / 1e6:.1f} MB), {findings} findings; median / best of {args.runs} runs;"
        f" the scan baseline finds {markers} structural markers",
        "",
        "| what | wall median | wall best | CPU (user+sys) median |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {med:.3f} s | {best:.3f} s | {cpu:.3f} s |" for name, med, best, cpu in rows],
        "",
        *_ratios({name: (med, cpu) for name, med, _best, cpu in rows}),
        "",
        "Where the CPU time goes, in one process (best of 5 passes over the files): "
        + ", ".join(f"{k} {v:.2f} ms" for k, v in stages.items()) + "."
        + ((" Before: " + ", ".join(f"{k} {v:.2f} ms" for k, v in stages_before.items()) + ".") if args.before else "")
        + same + f" Same JSON output from the warm cache as without it: {same_cached}.",
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; load average at the "
        f"start {load[0]:.2f} (the machine is shared with other sessions). Targets: ≤ 2 s wall; warm cache "
        "≤ 0.3 s; cold ≤ 5× the plain read + decode + scan.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("## check", "\n".join(lines))
    return 0


TYPER = "python -c 'import typer'"
SCAN_ROW = "plain read + decode + NFC + scan (one regex a line) of all files"
WARM_ROW = "quyche check, warm cache (no file changed)"
COLD_ROWS = ("quyche check -j 1 (one process)", "quyche check (default: worker processes)")
WARM_TARGET = 0.3

SCAN = r"""
import pathlib, re, sys, unicodedata
# The structural markers: a Chương/Mục/Điều heading (Markdown or not), a numbered clause "2. ",
# a lettered point "a) " / "đ) ".
MARKER = re.compile(r"^\s*(?:#{1,6}\s+)?(?:(?:Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)\s+[0-9IVXLC]+|\d{1,3}\.\s|[a-zđ]\)\s)")
found = 0
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.md")):
    text = unicodedata.normalize("NFC", path.read_bytes().decode("utf-8"))
    for line in text.split("\n"):
        if MARKER.match(line):
            found += 1
print(found)
"""


def _ratios(rows: dict[str, tuple[float, float]]) -> list[str]:
    """The issue's targets as ratios of the same run's baselines (median wall, median CPU)."""
    scan_wall, scan_cpu = rows[SCAN_ROW]
    out = ["Against the targets (same run, medians):", ""]
    for name, label in zip(COLD_ROWS, ("one process", "worker processes"), strict=True):
        wall, cpu = rows[name]
        out.append(f"- cold, {label}: {wall / scan_wall:.1f}× the scan baseline in wall "
                   f"time, {cpu / scan_cpu:.1f}× in CPU time (target ≤ 5×)")
    warm_wall, warm_cpu = rows[WARM_ROW]
    typer_wall, typer_cpu = rows[TYPER]
    out.append(f"- warm cache: {warm_wall:.3f} s wall against the {WARM_TARGET} s target "
               f"({'met' if warm_wall <= WARM_TARGET else 'not met'}); {warm_wall / typer_wall:.1f}× `import typer` "
               f"in wall time, {warm_cpu / typer_cpu:.1f}× in CPU time")
    return out


_STAGES = """
import json, statistics, sys, time
from pathlib import Path
from quyche.check.registry import RULES, CheckContext
from quyche.check.runner import _quiet_gc, enabled_rules
from quyche.config import load_config
from quyche.parse.document import parse_source
from quyche.parse.source import read_source

folder = Path(sys.argv[1])
config = load_config(folder)
enabled = enabled_rules(config.check)
files = sorted(folder.glob("*.md"))
out = {"read": [], "parse": [], "rules": []}
_quiet_gc()  # as run_checks does
for _ in range(5):
    spent = [0.0, 0.0, 0.0]
    for f in files:  # one file at a time, as a worker goes
        t0 = time.process_time()
        src = read_source(f)
        t1 = time.process_time()
        doc = parse_source(src)
        t2 = time.process_time()
        ctx = CheckContext(path=str(src.path), source=src, config=config)
        for code in enabled:
            list(RULES[code].func(doc, ctx))
        t3 = time.process_time()
        spent = [spent[0] + t1 - t0, spent[1] + t2 - t1, spent[2] + t3 - t2]
    for key, seconds in zip(out, spent):
        out[key].append(seconds * 1000 / len(files))
print(json.dumps({f"{k} per file": min(v) for k, v in out.items()}))
"""


def _stages(folder: Path, env: dict[str, str]) -> dict[str, float]:
    """CPU milliseconds per file for reading, parsing and running the rules, in one process: the
    best of 5 passes (the least disturbed by the other sessions)."""
    proc = subprocess.run([sys.executable, "-c", _STAGES, str(folder)], env=env, capture_output=True,
                          text=True, check=True)
    import json

    return dict(json.loads(proc.stdout))


if __name__ == "__main__":
    raise SystemExit(main())
