"""Two `round step` at once: one records the step, the other is refused; the chain stays whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from quyche.workflow.lock import lock_path, repository_lock
from tests.workflow.roundkit import git, ok, plain_repo, run_cli

RACES = 20
YAML = "procedure:\n  signing: optional\n"
STEP = ["round", "step", "bao-cao-thuc-hien", "--no-sign", "--date", "2026-02-10"]
BUSY = "một lệnh quyche khác đang ghi vào kho này"


def _started(tmp_path: Path) -> tuple[Path, str]:
    repo = plain_repo(tmp_path / "kho", YAML)
    ok(repo, "round", "start", "Vòng 1", "--id", "2026-01", "--date", "2026-02-02", "--no-sign",
       "--member", "Nguyễn Văn An=Tổ trưởng")
    return repo, git(repo, "rev-parse", "HEAD").strip()


def _spawn(repo: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", "from quyche.cli import main; main()", *STEP], cwd=repo,
                            text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, "QUYCHE_NO_COLOR": "1"})


def test_a_held_lock_makes_the_step_say_busy(tmp_path: Path) -> None:
    repo, head = _started(tmp_path)
    with repository_lock(repo):
        code, out = run_cli(repo, *STEP)
    assert code == 1, out
    assert BUSY in out and str(lock_path(repo)) in out
    assert len(out.strip().splitlines()) == 1
    assert git(repo, "rev-parse", "HEAD").strip() == head  # nothing recorded
    ok(repo, *STEP)  # released: the step goes through


def test_concurrent_steps_never_fork_the_chain(tmp_path: Path) -> None:
    repo, start = _started(tmp_path)

    for _ in range(RACES):
        git(repo, "reset", "-q", "--hard", start)
        procs = [_spawn(repo), _spawn(repo)]
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        codes = sorted(code for code, _out, _err in results)
        assert codes == [0, 1], results
        loser = next(err for code, _out, err in results if code == 1)
        assert BUSY in loser or "đã được ghi" in loser or "đã ghi" in loser, loser
        steps = git(repo, "log", "--format=%(trailers:key=Quyche-Step,valueonly)", f"{start}..HEAD").split()
        assert steps == ["bao-cao-thuc-hien"], steps
        status = json.loads(ok(repo, "round", "status", "--format", "json"))
        assert [s["name"] for s in status["steps"] if s.get("commit")][:2] == ["thanh-lap-to-cong-tac",
                                                                               "bao-cao-thuc-hien"]
