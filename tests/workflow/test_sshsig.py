"""The in-process SSHSIG verifier gives git's verdict on good, tampered and wrong-key commits."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from quyche.workflow.sshsig import (
    parse_allowed_signers,
    principal_matches,
    split_commit_signature,
    verify_commit,
    verify_payload,
)
from tests.workflow.roundkit import allowed_line, git, make_key


def _git_status(repo: Path, sha: str) -> tuple[str, str]:
    out = git(repo, "log", "-1", "--format=%G?%x1f%GS", sha).strip()
    status, _, principal = out.partition("\x1f")
    return status, principal


def _raw(repo: Path, sha: str) -> bytes:
    return subprocess.run(["git", "cat-file", "commit", sha], cwd=repo, capture_output=True, check=True).stdout


def _write_object(repo: Path, raw: bytes) -> str:
    return subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=repo, input=raw,
                          capture_output=True, check=True).stdout.decode().strip()


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("keys")
    return {
        "ed25519": make_key(folder, "ed25519"),
        "rsa": make_key(folder, "rsa", "rsa"),
        "ecdsa": make_key(folder, "ecdsa", "ecdsa"),
        "stranger": make_key(folder, "stranger"),
    }


@pytest.fixture
def repo(tmp_path: Path, keys: dict[str, Path]) -> Path:
    path = tmp_path / "r"
    path.mkdir()
    git(path, "init", "-q")
    signers = tmp_path / "allowed_signers"
    signers.write_text(
        allowed_line("ed@example.vn", keys["ed25519"])
        + allowed_line("rsa@example.vn,rsa2@example.vn", keys["rsa"])
        + allowed_line("ec@example.vn", keys["ecdsa"]),
        encoding="utf-8",
    )
    git(path, "config", "gpg.format", "ssh")
    git(path, "config", "gpg.ssh.allowedSignersFile", str(signers))
    return path


def _commit(repo: Path, key: Path | None, message: str) -> str:
    if key is not None:
        git(repo, "config", "user.signingkey", str(key))
    git(repo, "commit", "-q", "--allow-empty", "-S" if key else "--no-gpg-sign", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


@pytest.mark.parametrize("kind", ["ed25519", "rsa", "ecdsa"])
def test_good_signature_agrees_with_git(repo: Path, keys: dict[str, Path], kind: str) -> None:
    sha = _commit(repo, keys[kind], f"Vòng 1: {kind}")
    signers = parse_allowed_signers((repo.parent / "allowed_signers").read_text())
    verdict = verify_commit(_raw(repo, sha), signers)
    status, principal = _git_status(repo, sha)
    assert status == "G"
    assert verdict.status == "G"
    assert verdict.principal == principal.split(",")[0]
    # a tampered copy of the same commit: both say Bad
    forged = _write_object(repo, _raw(repo, sha).replace("Vòng 1".encode(), "Vòng 2".encode()))
    assert _git_status(repo, forged)[0] == "B"
    assert verify_commit(_raw(repo, forged), signers).status == "B"


def test_wrong_key_and_unsigned_agree_with_git(repo: Path, keys: dict[str, Path]) -> None:
    signers = parse_allowed_signers((repo.parent / "allowed_signers").read_text())
    stranger = _commit(repo, keys["stranger"], "người lạ ký")
    assert _git_status(repo, stranger)[0] == "U"
    assert verify_commit(_raw(repo, stranger), signers).status == "U"
    unsigned = _commit(repo, None, "không ký")
    assert _git_status(repo, unsigned)[0] == "N"
    assert verify_commit(_raw(repo, unsigned), signers).status == "N"


def test_signature_moved_to_another_commit_is_bad(repo: Path, keys: dict[str, Path]) -> None:
    """A signature copied from one commit onto another (same key) must not verify."""
    signers = parse_allowed_signers((repo.parent / "allowed_signers").read_text())
    first = _commit(repo, keys["ed25519"], "một")
    second = _commit(repo, None, "hai")
    _, sig = split_commit_signature(_raw(repo, first))
    assert sig is not None
    raw2 = _raw(repo, second)
    head, _, body = raw2.partition(b"\n\n")
    armored = sig.rstrip(b"\n").replace(b"\n", b"\n ")
    grafted = head + b"\ngpgsig " + armored + b"\n\n" + body
    sha = _write_object(repo, grafted)
    assert _git_status(repo, sha)[0] == "B"
    assert verify_commit(_raw(repo, sha), signers).status == "B"


def test_namespace_and_validity_options(tmp_path: Path, repo: Path, keys: dict[str, Path]) -> None:
    sha = _commit(repo, keys["ed25519"], "thời hạn")
    pub = keys["ed25519"].with_suffix(".pub").read_text().strip()
    raw = _raw(repo, sha)
    assert verify_commit(raw, parse_allowed_signers(f'a@x namespaces="file" {pub}\n')).status == "U"
    assert verify_commit(raw, parse_allowed_signers(f'a@x valid-before="20200101" {pub}\n')).status == "U"
    assert verify_commit(raw, parse_allowed_signers(f'a@x valid-after="20200101",namespaces="git" {pub}\n')).status == "G"
    # git agrees on the expired key
    expired = tmp_path / "expired"
    expired.write_text(f'a@x valid-before="20200101" {pub}\n', encoding="utf-8")
    out = git(repo, "-c", f"gpg.ssh.allowedSignersFile={expired}", "log", "-1", "--format=%G?", sha).strip()
    assert out == "U"


def test_signed_tag_in_process(repo: Path, keys: dict[str, Path]) -> None:
    sha = _commit(repo, keys["ed25519"], "ban hành")
    git(repo, "tag", "-s", "-m", "Ban hành 01-QC/ĐU", "01-QC-DU-2026", sha)
    raw = subprocess.run(["git", "cat-file", "tag", "01-QC-DU-2026"], cwd=repo, capture_output=True, check=True).stdout
    pos = raw.find(b"-----BEGIN SSH SIGNATURE-----")
    signers = parse_allowed_signers((repo.parent / "allowed_signers").read_text())
    assert verify_payload(raw[:pos], raw[pos:], signers, None).status == "G"
    assert verify_payload(raw[:pos].replace(b"01-QC", b"02-QC"), raw[pos:], signers, None).status == "B"


def test_principal_patterns() -> None:
    assert principal_matches("bithu@example.vn", ["*@example.vn"])
    assert not principal_matches("bithu@example.vn", ["vanphong@example.vn"])


def test_malformed_lines_are_skipped() -> None:
    signers = parse_allowed_signers("# comment\n\nonly-principal\nx@y ssh-ed25519 !!notbase64\n")
    assert signers.signers == []


def test_valid_before_dates_are_read_by_their_length() -> None:
    import datetime as dt

    from quyche.workflow.sshsig import _parse_time

    day = _parse_time("20261201Z")
    assert day == dt.datetime(2026, 12, 1, tzinfo=dt.UTC)  # not 2026-01-02 00:01 (strptime's other reading)
    assert _parse_time("202612011530Z") == dt.datetime(2026, 12, 1, 15, 30, tzinfo=dt.UTC)
    assert _parse_time("2026120") is None
