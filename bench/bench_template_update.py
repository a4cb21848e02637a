"""Speed of `quyche template update` on the 29-article phường regulation, with same-run baselines.

The unit is made from version 1.0.0 of the test template tests/fixtures/templates/mau-phuong
(the text of the built-in `phuong`, 29 articles), edited in three articles (one of which
version 2.0.0 also changes), and updated to 2.0.0: two renders, three parses, the article
alignment twice, the merge, quyche.yaml rewritten. Baselines in the same run: the CLI start-up
(`quyche --version`) and `quyche new -t phuong --no-input` (one render plus git), and the
in-process merge alone. Target: the update ≤ 1 s.

Run: python bench/bench_template_update.py [--runs N] [--write]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import isolated_git_env, machine, median, write_section

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "templates" / "mau-phuong"
ANSWERS = ["--set", "unit_name=An Hòa", "--set", "superior_name=Khánh Hòa", "--set", "signer_name=Nguyễn Văn An"]
EDITS_CONFLICTING = ("3. Định kỳ hằng quý, Ban Thường vụ", "3. Định kỳ hằng tháng, Ban Thường vụ")
EDITS = {
    EDITS_CONFLICTING[0]: EDITS_CONFLICTING[1],
    "4. Công khai, minh bạch trong lãnh đạo, chỉ đạo;": "4. Công khai, minh bạch, kịp thời trong lãnh đạo, chỉ đạo;",
    "2. Mỗi năm ít nhất một lần, Ban Thường vụ": "2. Mỗi năm ít nhất hai lần, Ban Thường vụ",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="quyche-bench-update-"))
    env = isolated_git_env(work)
    quyche = [sys.executable, "-m", "quyche"]

    def run(cmd: list[str], cwd: Path = work, ok: tuple[int, ...] = (0,)) -> None:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, check=False)
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-500:]}")

    unit = work / "don-vi"
    run([*quyche, "new", str(unit), "-t", str(FIXTURE), "--template-version", "1.0.0", "--no-input", *ANSWERS])
    reg = unit / "quy-che-lam-viec.md"
    text = reg.read_text(encoding="utf-8")
    for old, new in EDITS.items():
        text = text.replace(old, new)
    reg.write_text(text, encoding="utf-8")
    run(["git", "commit", "-qam", "sửa ba điều"], unit)
    clean = work / "don-vi-khong-xung-dot"  # the two edits v2 does not touch: the renumber pass runs
    shutil.copytree(unit, clean)
    (clean / "quy-che-lam-viec.md").write_text(text.replace(EDITS_CONFLICTING[1], EDITS_CONFLICTING[0]),
                                               encoding="utf-8")
    run(["git", "commit", "-qam", "bỏ sửa khoản 3"], clean)
    update = [*quyche, "template", "update", "--no-input", "--set", "police_meetings=2"]

    def cpu() -> float:
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    cpu_ms: dict[str, float] = {}

    def timed(func: object, runs: int, name: str = "") -> float:
        samples, cpus = [], []
        for i in range(runs):
            start, start_cpu = time.perf_counter(), cpu()
            func(i)  # type: ignore[operator]
            samples.append(time.perf_counter() - start)
            cpus.append(cpu() - start_cpu)
        cpu_ms[name] = median(cpus) * 1000
        return median(samples) * 1000

    def full_update(i: int) -> None:
        copy = work / f"u-{i}"
        shutil.copytree(unit, copy)
        try:
            start = time.perf_counter()
            run(update, copy, ok=(1,))  # exit 1: the overlapping article is a conflict
            samples_update.append(time.perf_counter() - start)
        finally:
            shutil.rmtree(copy, ignore_errors=True)

    samples_update: list[float] = []
    for i in range(args.runs):
        full_update(i)
    names = ("quyche --version (start-up baseline)", "quyche new -t phuong --no-input (render + git baseline)",
             "quyche template update --dry-run (1.0.0 → 2.0.0, 29 articles, 1 conflict)",
             "quyche template update --dry-run (no conflict: + the renumber pass)")
    rows = [
        (names[0], timed(lambda i: run([*quyche, "--version"]), args.runs, names[0])),
        (names[1], timed(lambda i: run([*quyche, "new", str(work / f"n-{i}"), "-t", "phuong", "--no-input", *ANSWERS]),
                         args.runs, names[1])),
        (names[2], timed(lambda i: run([*update, "--dry-run"], unit, ok=(1,)), args.runs, names[2])),
        (names[3], timed(lambda i: run([*update, "--dry-run"], clean), args.runs, names[3])),
        ("quyche template update (writes; 1.0.0 → 2.0.0, 29 articles)", median(samples_update) * 1000),
    ]
    sys.path.insert(0, str(ROOT))
    from quyche.diff.merge import merge_regulations
    from quyche.scaffold.update import plan_update

    os.environ.update({k: v for k, v in env.items() if k.startswith(("HOME", "GIT_"))})
    plan = plan_update(unit, preset={"police_meetings": "2"})
    name = "in process: plan_update (2 renders, parses, merge)"
    rows.append((name, timed(lambda i: plan_update(unit, preset={"police_meetings": "2"}), args.runs, name)))
    name = "in process: merge_regulations alone"
    rows.append((name, timed(lambda i: merge_regulations(plan.base_text, plan.ours_text, plan.theirs_text),
                             args.runs, name)))
    shutil.rmtree(work, ignore_errors=True)
    table = f"| what (median of {args.runs} runs) | wall time | CPU time (user+sys) |\n|---|---:|---:|\n" + "\n".join(
        f"| {name} | {ms:.0f} ms | {cpu_ms[name]:.0f} ms |" if name in cpu_ms else f"| {name} | {ms:.0f} ms | – |"
        for name, ms in rows)
    print(table)
    print(machine())
    if args.write:
        write_section("## template update", f"{machine()}\n\n{table}\n\nTarget: the update ≤ 1 s. "
                      f"The update ran with {plan.merge.conflicts} conflict and "
                      f"{len(plan.merge.changed)} units changed.")


if __name__ == "__main__":
    main()
