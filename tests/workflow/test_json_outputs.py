"""round status, round log and verify: their JSON validates against the shipped schemas."""

from __future__ import annotations

from pathlib import Path

from tests.test_json_schemas import validate_output
from tests.workflow.roundkit import RoundRepo, run_cli


def test_round_status_and_log(round_repo: RoundRepo) -> None:
    code, out = run_cli(round_repo.path, "round", "status", "--format", "json")
    assert code == 0, out
    status = validate_output("round-status", out)
    assert status["steps"] and status["working_group"]
    code, out = run_cli(round_repo.path, "round", "log", "--format", "json")
    assert code == 0, out
    log = validate_output("round-log", out)
    assert {c["signature"] for c in log["commits"]} == {"G"}


def test_verify_clean_and_with_violations(tampered: RoundRepo, tmp_path: Path) -> None:
    code, out = run_cli(tampered.path, "verify", "--format", "json")
    assert validate_output("verify", out)["ok"] is (code == 0)
    nobody = tmp_path / "nobody"
    nobody.write_text("", encoding="utf-8")
    code, out = run_cli(tampered.path, "verify", "--allowed-signers", str(nobody), "--format", "json")
    data = validate_output("verify", out)
    assert code == 1 and data["ok"] is False and data["violations"]
