"""`quyche check` over 1,000 generated regulations of 30 articles each (target: <= 2 s wall).

Baselines measured in the same run: the interpreter plus `import typer` (the floor of any
command) and a plain read + decode of all files. Figures go to bench/RESULTS.md under `## check`.

    python bench/bench_check.py [--files 1000] [--no-write]
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

from _common import cpu_model, timed_runs, write_section

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


def _time(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    """Median and best wall time, and median CPU time (user + sys of the command and its
    workers): the machine is shared, so CPU time tells what the command itself costs."""
    done = timed_runs(cmd, runs, env=env, ok=(0, 1))
    return statistics.median(done.walls), min(done.walls), statistics.median(done.cpus)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
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
        py = sys.executable
        rows = []
        rows.append(("python -c 'import typer'", *_time([py, "-c", "import typer"], env, args.runs)))
        read = ("import pathlib,unicodedata;[unicodedata.normalize('NFC', p.read_bytes().decode()) "
                f"for p in pathlib.Path({str(folder)!r}).glob('*.md')]")
        rows.append(("plain read + decode + NFC of all files", *_time([py, "-c", read], env, args.runs)))
        check = [py, "-m", "quyche", "check", "--format", "json"]
        os.chdir(folder)
        rows.append(("quyche check -j 1 (one process)", *_time([*check, "-j", "1"], env, args.runs)))
        rows.append(("quyche check (default: workers above 200 files)", *_time(check, env, args.runs)))
        proc = subprocess.run(check, env=env, capture_output=True, text=True, check=False)
        os.chdir(ROOT)
    findings = proc.stdout.count('"code":')
    cpu = cpu_model(platform.processor())
    lines = [
        f"{args.files} files × 30 articles ({size / 1e6:.1f} MB), {findings} findings; median / best of {args.runs} runs",
        "",
        "| what | wall median | wall best | CPU (user+sys) median |",
        "|---|---:|---:|---:|",
        *[f"| {name} | {med:.3f} s | {best:.3f} s | {cpu:.3f} s |" for name, med, best, cpu in rows],
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; load average at the "
        f"start {load[0]:.2f} (the machine is shared with other sessions). Target: ≤ 2 s wall.",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section("## check", "\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
