"""Shell completion through the real command, called the way bash, zsh and fish call it back."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from quyche.scaffold.locate import builtin_names
from quyche.workflow.procedure import DEFAULT_STEPS
from tests.conftest import run_quyche


def _bash(words: str, cwd: Path) -> list[str]:
    cword = len(words.split(" ")) - 1  # the word being completed (may be empty after a space)
    result = run_quyche(cwd=cwd, env={"_QUYCHE_COMPLETE": "complete_bash", "COMP_WORDS": words,
                                      "COMP_CWORD": str(cword)})
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_bash_completes_commands_templates_and_step_names(tmp_path: Path) -> None:
    assert _bash("quyche ro", tmp_path) == ["round"]
    assert set(_bash("quyche ", tmp_path)) >= {"check", "fmt", "new", "round", "verify", "completion"}
    assert _bash("quyche new x --from-template ", tmp_path) == builtin_names()
    assert _bash("quyche new x -t ph", tmp_path) == [n for n in builtin_names() if n.startswith("ph")]
    assert sorted(_bash("quyche round st", tmp_path)) == ["start", "status", "step"]
    (tmp_path / "quyche.yaml").write_text(
        "procedure:\n  steps:\n    - {name: du-thao, title: Dự thảo, changes: text}\n"
        "    - {name: ban-hanh, title: Ban hành, requires: [issue-number], changes: front-matter, tag: true}\n",
        encoding="utf-8")
    assert _bash("quyche round step ", tmp_path) == ["du-thao", "ban-hanh"]
    assert _bash("quyche round step b", tmp_path) == ["ban-hanh"]
    (tmp_path / "quyche.yaml").write_text("procedure: [broken\n", encoding="utf-8")
    assert _bash("quyche round step ", tmp_path) == []  # a broken quyche.yaml offers nothing, quietly


def test_default_procedure_steps_are_offered(tmp_path: Path) -> None:
    (tmp_path / "quyche.yaml").write_text("unit: {name: Đảng ủy phường An Hòa}\n", encoding="utf-8")
    assert _bash("quyche round step ", tmp_path) == [s.name for s in DEFAULT_STEPS]


def test_zsh_and_fish_get_descriptions(tmp_path: Path) -> None:
    zsh = run_quyche(cwd=tmp_path, env={"_QUYCHE_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "quyche new x -t ph"})
    assert zsh.returncode == 0 and '"phuong"' in zsh.stdout, zsh.stdout + zsh.stderr
    fish = run_quyche(cwd=tmp_path, env={"_QUYCHE_COMPLETE": "complete_fish", "_TYPER_COMPLETE_ARGS": "quyche n",
                                         "_TYPER_COMPLETE_FISH_ACTION": "get-args"})
    assert fish.returncode == 0 and fish.stdout.startswith("new\tTạo kho quy chế mới"), fish.stdout


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_prints_a_script_that_calls_quyche_back(shell: str, tmp_path: Path) -> None:
    result = run_quyche("completion", shell, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "_QUYCHE_COMPLETE=complete_" + shell in result.stdout
    assert "quyche" in result.stdout


def test_bash_script_is_valid_bash_and_registers_the_function(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("no bash")
    script = run_quyche("completion", "bash", cwd=tmp_path).stdout
    checked = subprocess.run(["bash", "-c", script + "\ncomplete -p quyche"], capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0, checked.stderr
    assert "-F _quyche_completion quyche" in checked.stdout


def test_unknown_shell_is_one_vietnamese_line(tmp_path: Path) -> None:
    result = run_quyche("completion", "tcsh", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "chưa hỗ trợ gợi ý lệnh cho `tcsh`; chỉ có: bash, zsh, fish."
