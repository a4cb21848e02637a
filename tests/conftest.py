"""Shared fixtures: a clean git environment, corpus paths."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():  # CI clones the project with shared/ beside it
    CORPUS = Path(os.environ.get("QUYCHE_CORPUS", "/work/shared/corpus"))


@pytest.fixture(autouse=True)
def clean_git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's git config or writes to $HOME (pre-commit's lesson)."""
    home = tmp_path_factory.mktemp("home")
    for key in list(os.environ):
        if key.startswith("GIT_") or key == "GNUPGHOME":
            monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Văn phòng Đảng ủy\n\temail = vanphong@example.vn\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    monkeypatch.setenv("QUYCHE_NO_COLOR", "1")
    yield


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real git in `repo`."""
    return subprocess.run(["git", *args], cwd=repo, check=check, text=True, capture_output=True)


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder (skips when it is not beside the project)."""
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus is not available")
    return CORPUS
