"""Benchmark `quyche verify` on 2,000 SSH-signed commits in 50 rounds (target ≤ 3 s).

Baseline in the same run: `git log --show-signature` over the same history (git starts
ssh-keygen once per signed commit). The repository is generated once into bench/out/ (about a
minute: every commit is signed by git itself) and reused; delete bench/out/verify-repo to rebuild.

    python bench/bench_verify.py            # measure, print a table, append to bench/RESULTS.md
    python bench/bench_verify.py --no-write # measure and print only
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import cpu_model, timed_runs, write_section

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
REPO = OUT / "verify-repo"
KEYS = OUT / "verify-keys"
COMMITS = 2000
ROUNDS = 50
STEPS = (
    "thanh-lap-to-cong-tac", "bao-cao-thuc-hien", "ra-soat-van-ban", "du-thao", "thuong-truc-cho-y-kien",
    "lay-y-kien", "tong-hop-tiep-thu", "thuong-truc", "ban-thuong-vu", "ban-chap-hanh-thong-qua",
    "ban-hanh", "giai-the-to-cong-tac",
)
CHANGES_TEXT = {"du-thao", "thuong-truc-cho-y-kien", "tong-hop-tiep-thu", "thuong-truc", "ban-thuong-vu",
                "ban-chap-hanh-thong-qua"}


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": str(OUT / "gitconfig"), "LC_ALL": "C.UTF-8",
        "GIT_AUTHOR_NAME": "Văn phòng Đảng ủy", "GIT_AUTHOR_EMAIL": "vanphong@example.vn",
        "GIT_COMMITTER_NAME": "Văn phòng Đảng ủy", "GIT_COMMITTER_EMAIL": "vanphong@example.vn",
    })
    return env


def git(*args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, env=env or _env(), check=False)
    if proc.returncode != 0:
        raise SystemExit(f"git {' '.join(args[:3])} failed: {proc.stderr}")
    return proc.stdout


def _regulation(version: int, number: int, issued: dt.date) -> str:
    text = (ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md").read_text(encoding="utf-8")
    text = text.replace("number: 01-QC/ĐU", f"number: {number:02d}-QC/ĐU").replace(
        "date: 2025-07-15", f"date: {issued.isoformat()}")
    return text.replace("rõ kết quả.", f"rõ kết quả (sửa đổi lần {version}).")


def generate() -> None:
    """Build the repository: 50 whole rounds (600 step commits, 300 of them carrying a fresh
    comparison table) and 1,400 other signed commits."""
    from quyche.workflow.comparison import write_round_comparison
    from quyche.workflow.round import open_workspace

    if REPO.is_dir() and (REPO / ".git").is_dir():
        return
    shutil.rmtree(REPO, ignore_errors=True)
    shutil.rmtree(KEYS, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    KEYS.mkdir()
    (OUT / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n", encoding="utf-8")
    key = KEYS / "vanphong"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vanphong", "-f", str(key)], check=True)
    REPO.mkdir()
    git("init", "-q")
    (REPO / ".quyche").mkdir()
    signers = REPO / ".quyche" / "allowed_signers"
    signers.write_text(f'vanphong@example.vn namespaces="git" {key.with_suffix(".pub").read_text().strip()}\n',
                       encoding="utf-8")
    for k, v in (("gpg.format", "ssh"), ("user.signingkey", str(key)), ("gpg.ssh.allowedSignersFile", str(signers)),
                 ("commit.gpgsign", "true"), ("tag.gpgsign", "true")):
        git("config", k, v)
    (REPO / "quyche.yaml").write_text("regulations: [quy-che-lam-viec.md]\n", encoding="utf-8")
    reg = REPO / "quy-che-lam-viec.md"
    reg.write_text(_regulation(0, 1, dt.date(2019, 12, 1)), encoding="utf-8")
    (REPO / "ghi-chu.md").write_text("Ghi chú\n", encoding="utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "Quy chế hiện hành")
    made = 1
    ws = open_workspace(REPO)
    round_start = ""
    others = COMMITS - 1 - ROUNDS * len(STEPS)
    per_gap = others // (ROUNDS * len(STEPS))
    extra = others - per_gap * ROUNDS * len(STEPS)
    day = dt.date(2020, 1, 1)
    started = time.perf_counter()
    number = 1
    issued = dt.date(2019, 12, 1)
    for r in range(1, ROUNDS + 1):
        rid = f"{day.year}-{r:02d}"
        previous = "none"
        for s, step in enumerate(STEPS):
            if step == "thanh-lap-to-cong-tac":
                folder = REPO / "vong" / rid
                folder.mkdir(parents=True)
                (folder / "round.yaml").write_text(f"id: {rid}\ntitle: Vòng {r}\n", encoding="utf-8")
                git("add", "-A")
            if step in CHANGES_TEXT:
                reg.write_text(_regulation(r * 100 + s, number, issued), encoding="utf-8")
                # the step carries the comparison table of its text, as `round step` makes it
                write_round_comparison(ws, round_start, REPO / "vong" / rid)
                git("add", "-f", f"vong/{rid}")
            if step == "ban-hanh":
                number += 1
                issued = day
                reg.write_text(_regulation(r * 100 + s - 1, number, issued), encoding="utf-8")
            date = f"{day.isoformat()}T12:00:00+07:00"
            git("commit", "-q", "-a", "-S", "--allow-empty", f"--date={date}", "-m", f"Vòng {rid}: {step}",
                "--trailer", f"Quyche-Round: {rid}", "--trailer", f"Quyche-Step: {step}",
                "--trailer", f"Quyche-Date: {day.isoformat()}", "--trailer", f"Quyche-Previous: {previous}")
            previous = git("rev-parse", "HEAD").strip()
            if step == "thanh-lap-to-cong-tac":
                round_start = previous
            made += 1
            if step == "ban-hanh":
                git("tag", "-s", "-a", "-m", f"Ban hành {number:02d}-QC/ĐU", f"{number:02d}-QC-DU-{issued.year}", previous)
            gap = per_gap + (1 if extra > 0 else 0)
            extra -= 1 if extra > 0 else 0
            for g in range(gap):
                with (REPO / "ghi-chu.md").open("a", encoding="utf-8") as fh:
                    fh.write(f"- vòng {rid}, bước {step}, ghi chú {g}\n")
                git("commit", "-q", "-a", "-S", "-m", f"Ghi chú {rid} {step} {g}")
                made += 1
            day += dt.timedelta(days=1)
        if made % 200 < 40:
            print(f"  {made} commits, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print(f"generated {made} commits in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def _time(argv: list[str], runs: int, env: dict[str, str], expect: int = 0) -> list[float]:
    return timed_runs(argv, runs, env=env, cwd=REPO, ok=(expect,)).walls


def _cache_file() -> Path:
    return REPO / ".git" / "quyche-verify-cache.json"


def machine() -> str:
    return f"nproc {os.cpu_count()}, Python {platform.python_version()}, {cpu_model()}"


def main() -> None:
    write = "--no-write" not in sys.argv
    generate()
    env = _env()
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    count = int(git("rev-list", "--count", "HEAD").strip())
    quyche = [sys.executable, "-m", "quyche", "verify"]
    _cache_file().unlink(missing_ok=True)
    cold = _time([*quyche, "--no-cache"], 5, env)
    _time(quyche, 1, env)  # fills the cache
    warm = _time(quyche, 5, env)
    base = _time(["git", "log", "--show-signature"], 2, env)
    fmt_rows = [
        ("`quyche verify` (no cache, in-process SSHSIG)", cold),
        ("`quyche verify` (cache warm)", warm),
        ("baseline `git log --show-signature`", base),
    ]
    lines = [
        f"Repository: {count} commits, {ROUNDS} rounds × {len(STEPS)} steps = {ROUNDS * len(STEPS)} SSH-signed "
        f"step commits (every commit SSH-signed), {ROUNDS} signed tags. Target: ≤ 3 s.",
        "",
        "| command | median | min | runs |",
        "|---|---:|---:|---:|",
    ]
    for name, times in fmt_rows:
        lines.append(f"| {name} | {statistics.median(times):.2f} s | {min(times):.2f} s | {len(times)} |")
    lines += ["", f"Machine: {machine()}; {subprocess.run(['git', '--version'], capture_output=True, text=True).stdout.strip()}; "
              f"measured {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}."]
    report = "\n".join(lines)
    print(report)
    if write:
        write_section("## verify", report)


if __name__ == "__main__":
    main()
