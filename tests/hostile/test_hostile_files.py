"""Every hostile file gets one Vietnamese line (or a normal answer), within time and memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.files import CASES, Case
from tests.hostile.harness import assert_one_line, run_limited


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_file(case: Case, tmp_path: Path) -> None:
    path = tmp_path / case.filename
    path.write_bytes(case.make())
    args = [case.command, str(path)]
    if case.command == "import":
        args += ["-o", str(tmp_path / "out.md")]
    outcome = run_limited(args, tmp_path)
    assert_one_line(outcome, (0, 1, 2) if case.exit_code == -1 else (case.exit_code,))
    shown = outcome.stderr + outcome.stdout[:4000]
    assert case.fragment in shown, shown[-2000:]
    if case.command == "import" and outcome.code == 0:
        out = (tmp_path / "out.md").read_text(encoding="utf-8")
        assert "root:" not in out  # /etc/passwd never reaches the output
        assert len(out) < 1_000_000
