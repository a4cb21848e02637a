"""A whole revision round, walked once through the CLI, copied for each tamper test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import isolated_git_env
from tests.workflow.roundkit import (
    RoundRepo,
    git,
    init_repo,
    make_key,
    walk_round,
)


@pytest.fixture(scope="module")
def round_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RoundRepo]:
    """A repository after one whole round, built once per test module."""
    base = tmp_path_factory.mktemp("round")
    with pytest.MonkeyPatch.context() as mp:
        (base / "home").mkdir()
        isolated_git_env(base / "home", mp)
        keys = {n: make_key(base, n) for n in ("vanphong", "bithu", "outsider")}
        repo = base / "repo"
        init_repo(repo, keys)
        yield walk_round(repo, keys)


@pytest.fixture
def tampered(round_repo: RoundRepo, tmp_path: Path) -> RoundRepo:
    """A private copy of the round repository to tamper with."""
    dest = tmp_path / "copy"
    shutil.copytree(round_repo.path, dest, symlinks=True)
    git(dest, "config", "gpg.ssh.allowedSignersFile", str(dest / ".quyche" / "allowed_signers"))
    return RoundRepo(dest, round_repo.keys, dict(round_repo.commits), round_repo.tag)
