"""`quyche doctor`: real repositories, real git config, real SSH keys; the Vietnamese lines and exit codes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from quyche import __version__
from tests.conftest import git, run_quyche
from tests.scaffold.scaffold_helpers import make_repo


def _new(tmp_path: Path) -> Path:
    return make_repo(tmp_path, "phuong").dest


def _key(folder: Path, name: str) -> Path:
    key = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", str(key)], check=True)
    return key


def test_fresh_repository_is_ready_for_ci_but_not_for_signing(tmp_path: Path) -> None:
    repo = _new(tmp_path)
    ci = run_quyche("doctor", "--ci", cwd=repo)
    assert ci.returncode == 0, ci.stdout + ci.stderr
    assert f"✓ quyche {__version__}, đúng phiên bản quyche.yaml ghi" in ci.stdout
    assert "! .quyche/allowed_signers chưa có khóa nào" in ci.stdout
    assert "người commit" not in ci.stdout  # --ci leaves the person's set-up alone
    assert ci.stdout.rstrip().endswith("Sẵn sàng (1 lưu ý).")
    full = run_quyche("doctor", cwd=repo)
    assert full.returncode == 1
    assert "người commit: Văn phòng Đảng ủy <vanphong@example.vn>" in full.stdout
    assert "✗ Chưa đặt khóa ký số cho git (user.signingkey)" in full.stdout
    assert "Có 1 vấn đề cần sửa" in full.stdout


def test_installed_release_other_than_the_pinned_one(tmp_path: Path) -> None:
    repo = _new(tmp_path)
    config = repo / "quyche.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(f"version: {__version__}", "version: 9.9.9", 1),
                      encoding="utf-8")
    proc = run_quyche("doctor", "--ci", cwd=repo)
    assert proc.returncode == 1
    assert f"✗ quyche.yaml ghi phiên bản quyche 9.9.9, nhưng máy đang cài {__version__}" in proc.stdout


def test_install_by_name_is_advice_and_a_missing_pin_a_warning(tmp_path: Path) -> None:
    repo = _new(tmp_path)
    proc = run_quyche("doctor", "--ci", cwd=repo, env={"PIP_INDEX_URL": ""})
    assert f"i CI cài quyche theo tên (`quyche=={__version__}`)" in proc.stdout
    mirrored = run_quyche("doctor", "--ci", cwd=repo, env={"PIP_INDEX_URL": "https://pypi.donvi.vn/simple"})
    assert "theo tên" not in mirrored.stdout
    config = repo / "quyche.yaml"
    text = config.read_text(encoding="utf-8")
    start = text.index("quyche:\n")
    end = text.index("template:\n")
    config.write_text(text[:start] + text[end:], encoding="utf-8")
    proc = run_quyche("doctor", "--ci", cwd=repo)
    assert proc.returncode == 0
    assert "! quyche.yaml chưa ghi phiên bản quyche của kho (mục `quyche:`)" in proc.stdout
    config.write_text("quyche: [1, 2]\n", encoding="utf-8")
    broken = run_quyche("doctor", "--ci", cwd=repo)
    assert broken.returncode == 2 and "`quyche`" in broken.stderr and "Traceback" not in broken.stderr


def test_shallow_clone_and_no_repository(tmp_path: Path) -> None:
    repo = _new(tmp_path)
    (repo / "ghi-chu.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "ghi-chu.md")
    git(repo, "commit", "-q", "-m", "thêm")
    clone = tmp_path / "nong"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True)
    proc = run_quyche("doctor", "--ci", cwd=clone)
    assert proc.returncode == 1 and "bản sao nông" in proc.stdout and "git fetch --unshallow" in proc.stdout
    outside = tmp_path / "ngoai"
    outside.mkdir()
    proc = run_quyche("doctor", cwd=outside)
    assert proc.returncode == 1 and "không nằm trong một kho git" in proc.stdout


def test_ssh_signing_key_against_allowed_signers(tmp_path: Path) -> None:
    repo = _new(tmp_path)
    mine, other = _key(tmp_path, "toi"), _key(tmp_path, "khac")
    git(repo, "config", "gpg.format", "ssh")
    git(repo, "config", "user.signingkey", str(mine) + ".pub")
    (repo / ".quyche").mkdir(exist_ok=True)
    signers = repo / ".quyche" / "allowed_signers"
    signers.write_text(f"khac@example.vn {(other.with_suffix('.pub')).read_text(encoding='utf-8')}", encoding="utf-8")
    proc = run_quyche("doctor", cwd=repo)
    assert proc.returncode == 0, proc.stdout
    assert f"! Khóa ký {mine}.pub chưa có trong .quyche/allowed_signers" in proc.stdout
    signers.write_text(f"vanphong@example.vn {Path(str(mine) + '.pub').read_text(encoding='utf-8')}", encoding="utf-8")
    proc = run_quyche("doctor", cwd=repo)
    assert proc.returncode == 0 and "chưa có trong" not in proc.stdout
    assert proc.stdout.rstrip().endswith("Sẵn sàng.")
    git(repo, "config", "user.signingkey", str(tmp_path / "khong-co.pub"))
    proc = run_quyche("doctor", cwd=repo)
    assert proc.returncode == 1 and "không có tệp đó" in proc.stdout
