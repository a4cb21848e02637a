"""With no path, check and fmt work on the surrounding repository, and refuse when there is none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, run_quyche

EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"


@pytest.mark.parametrize("command", [("check",), ("fmt", "--check")])
def test_outside_any_repository_says_where_to_run(tmp_path: Path, command: tuple[str, ...]) -> None:
    folder = tmp_path / "tai-lieu"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "quy-che-lam-viec.md")
    before = (folder / "quy-che-lam-viec.md").read_bytes()
    proc = run_quyche(*command, cwd=folder)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "quyche.yaml" in lines[0] and "quyche new" in lines[0]
    assert "Traceback" not in proc.stderr
    assert (folder / "quy-che-lam-viec.md").read_bytes() == before


def test_inside_a_git_repository_checks_its_files(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    shutil.copy(EXAMPLE, tmp_path / "quy-che-lam-viec.md")
    (tmp_path / "sub").mkdir()
    proc = run_quyche("check", cwd=tmp_path / "sub")
    assert proc.returncode == 0, proc.stderr
    assert "1 tệp" in proc.stdout
