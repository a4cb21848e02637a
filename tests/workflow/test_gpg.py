"""Steps signed with GPG: recorded through git's own signing, verified through git's verdict."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.workflow.roundkit import git, plain_repo, run_cli

SHORT_PROCEDURE = """\
regulations: [quy-che-lam-viec.md]
procedure:
  steps:
    - thanh-lap-to-cong-tac
    - name: ra-soat-van-ban
      signers: ["*@example.vn"]
    - giai-the-to-cong-tac
"""


@pytest.fixture
def gnupghome(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, str]]:
    if shutil.which("gpg") is None:
        if os.environ.get("CI"):
            pytest.fail("gpg is required in CI; .ci/run installs gnupg")
        pytest.skip("gpg is not installed")
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    params = tmp_path / "params"
    params.write_text(
        "%no-protection\nKey-Type: EDDSA\nKey-Curve: ed25519\nKey-Usage: sign\n"
        "Name-Real: Nguyễn Văn Bí Thư\nName-Email: gpg@example.vn\nExpire-Date: 0\n%commit\n",
        encoding="utf-8",
    )
    subprocess.run(["gpg", "--batch", "--gen-key", str(params)], check=True, capture_output=True)
    out = subprocess.run(["gpg", "--list-secret-keys", "--with-colons"], check=True, capture_output=True,
                         text=True).stdout
    fpr = next(line.split(":")[9] for line in out.splitlines() if line.startswith("fpr"))
    try:
        yield home, fpr
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], capture_output=True, check=False)


def test_gpg_signed_round_verifies(tmp_path: Path, gnupghome: tuple[Path, str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _, fpr = gnupghome
    repo = plain_repo(tmp_path / "repo", SHORT_PROCEDURE)
    git(repo, "config", "user.signingkey", fpr)
    code, out = run_cli(repo, "round", "start", "Vòng GPG", "--id", "g1", "--date", "2026-01-05",
                        "--member", "Nguyễn Văn Bí Thư=Tổ trưởng")
    assert code == 0, out
    assert run_cli(repo, "round", "step", "ra-soat-van-ban", "--date", "2026-01-06")[0] == 0
    assert run_cli(repo, "round", "step", "giai-the-to-cong-tac", "--date", "2026-01-07")[0] == 0
    assert {git(repo, "log", "-1", "--format=%G?", c).strip() for c in ("HEAD", "HEAD~1", "HEAD~2")} == {"G"}
    code, out = run_cli(repo, "verify", "--format", "json")
    assert code == 0, out
    assert json.loads(out)["steps"] == 3
    status = json.loads(run_cli(repo, "round", "status", "--format", "json")[1])
    assert {s["signer"] for s in status["steps"]} == {"gpg@example.vn"}

    # a verifier whose keyring lacks the key cannot accept the steps
    other = tmp_path / "other-gnupg"
    other.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(other))
    try:
        code, out = run_cli(repo, "verify", "--format", "json")
        assert code == 1
        rules = {v["rule"] for v in json.loads(out)["violations"]}
        assert rules == {"unknown-signer"}
    finally:
        subprocess.run(["gpgconf", "--kill", "gpg-agent"], capture_output=True, check=False)
