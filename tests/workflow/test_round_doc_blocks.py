"""Every shell block of docs/round.md runs as written, in order, in a freshly scaffolded repository.

The blocks are read from the file each run, so a block added later is run too. Between blocks
the test does only what the prose around them asks a person to do by hand: before the block
that records the draft step, it edits the regulation (a draft must change the text).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOC = ROOT / "docs" / "round.md"
_BLOCK = re.compile(r"^```(?:sh|bash|console)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def shell_blocks(text: str) -> list[str]:
    """The ```sh blocks of a Markdown text, in order."""
    return [m.group(1) for m in _BLOCK.finditer(text)]


def _by_hand_before(block: str, repo: Path) -> None:
    """What the prose asks for before a block."""
    if "round step du-thao" in block:
        reg = repo / "quy-che-lam-viec.md"
        text = reg.read_text(encoding="utf-8")
        assert "trước hết là người đứng đầu." in text
        reg.write_text(text.replace("trước hết là người đứng đầu.", "trước hết là người đứng đầu cấp ủy.", 1),
                       encoding="utf-8")


def test_the_blocks_are_found() -> None:
    blocks = shell_blocks(DOC.read_text(encoding="utf-8"))
    assert len(blocks) >= 3
    assert any("round start" in b for b in blocks) and any("quyche verify" in b for b in blocks)


def test_every_shell_block_runs_as_written(tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "quyche"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m quyche "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    repo = tmp_path / "kho"
    made = subprocess.run(["quyche", "new", str(repo), "-t", "phuong", "--no-input", "--set", "unit_name=An Hòa",
                           "--set", "superior_name=Khánh Hòa", "--set", "signer_name=Nguyễn Văn An",
                           "--set", "date=2025-07-15"], env=env, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    for n, block in enumerate(shell_blocks(DOC.read_text(encoding="utf-8")), start=1):
        _by_hand_before(block, repo)
        proc = subprocess.run(["bash", "-euo", "pipefail", "-c", block], cwd=repo, env=env, input="\n\n",
                              capture_output=True, text=True, check=False, timeout=600)
        if proc.returncode != 0:
            pytest.fail(f"docs/round.md, shell block {n} failed ({proc.returncode}):\n{block}\n"
                        f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}")
    log = subprocess.run(["git", "log", "--format=%(trailers:key=Quyche-Step,valueonly)"], cwd=repo, env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    assert "du-thao" in log and "thanh-lap-to-cong-tac" in log
