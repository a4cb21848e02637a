"""A whole round through the CLI, and what `round step` refuses."""

from __future__ import annotations

import json

from roundkit import RoundRepo, git, run_cli


def test_whole_round_verifies_clean(round_repo: RoundRepo) -> None:
    code, out = run_cli(round_repo.path, "verify")
    assert code == 0, out
    assert "quy trình được tuân thủ" in out
