"""The first commit is signed when the user's git says commit.gpgsign=true (a real SSH key)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from quyche.errors import SigningError
from tests.scaffold.scaffold_helpers import make_repo

pytestmark = pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, check=check, text=True, capture_output=True)


def _sign_with_new_key(tmp_path: Path) -> Path:
    key = tmp_path / "khoa" / "id_ed25519"
    key.parent.mkdir()
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "vanphong@example.vn", "-f", str(key)],
                   check=True)
    allowed = tmp_path / "khoa" / "allowed_signers"
    allowed.write_text(f'vanphong@example.vn namespaces="git" {key.with_suffix(".pub").read_text()}',
                       encoding="utf-8")
    for setting in (("gpg.format", "ssh"), ("user.signingkey", str(key.with_suffix(".pub"))),
                    ("commit.gpgsign", "true"), ("gpg.ssh.allowedSignersFile", str(allowed))):
        _git(tmp_path, "config", "--global", *setting)
    return key


def test_first_commit_is_signed_when_git_is_set_to_sign(tmp_path: Path) -> None:
    _sign_with_new_key(tmp_path)
    result = make_repo(tmp_path, "phuong")
    assert result.signed
    verify = _git(result.dest, "verify-commit", "HEAD", check=False)
    assert verify.returncode == 0, verify.stderr
    assert 'Good "git" signature for vanphong@example.vn' in verify.stderr
    assert _git(result.dest, "log", "-1", "--format=%G?").stdout.strip() == "G"


def test_unsigned_by_default(tmp_path: Path) -> None:
    result = make_repo(tmp_path, "chi-bo")
    assert not result.signed
    assert "gpgsig" not in _git(result.dest, "cat-file", "commit", "HEAD").stdout


def test_signing_failure_is_reported_and_leaves_nothing(tmp_path: Path, cli: Any) -> None:
    key = _sign_with_new_key(tmp_path)
    key.unlink()
    key.with_suffix(".pub").unlink()
    with pytest.raises(SigningError):
        make_repo(tmp_path, "phuong")
    assert not (tmp_path / "phuong").exists()
    result = cli("new", str(tmp_path / "qua-cli"), "-t", "chi-bo", "--no-input", "--set", "unit_name=Tổ 3",
                 "--set", "superior_name=phường An Hòa", "--set", "signer_name=Lê Hoa", "--set", "place=An Hòa")
    assert result.exit_code == 2
    assert "Không ký được commit" in result.output and "user.signingkey" in result.output
    assert not (tmp_path / "qua-cli").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".quyche-new-")] == []
