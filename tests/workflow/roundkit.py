"""Helpers for the workflow tests: keys, repositories, a whole round walked through the CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "phuong-an-hoa"
REG = "quy-che-lam-viec.md"

QUYCHE_YAML = """\
unit:
  name: Đảng bộ phường An Hòa
  level: phuong
regulations:
  - quy-che-lam-viec.md
procedure:
  signing: required
  steps:
    - thanh-lap-to-cong-tac
    - bao-cao-thuc-hien
    - ra-soat-van-ban
    - du-thao
    - thuong-truc-cho-y-kien
    - lay-y-kien
    - tong-hop-tiep-thu
    - thuong-truc
    - ban-thuong-vu
    - name: ban-chap-hanh-thong-qua
      signers: [bithu@example.vn]
    - name: ban-hanh
      signers: [bithu@example.vn]
    - giai-the-to-cong-tac
"""

COMMENTS_CHI_BO = """\
commenter: Trần Thị Bình
body: Chi bộ Khu phố 1
date: 2026-03-05
comments:
  - article: Điều 2, khoản 2
    text: Đề nghị bổ sung "rõ thẩm quyền" vào tinh thần "5 rõ".
  - article: chung
    text: Dự thảo cần rà soát lại các căn cứ ban hành.
"""

COMMENTS_UBKT = """\
commenter: Ủy ban Kiểm tra Đảng ủy
date: 2026-03-06
comments:
  - article: Điều 1
    text: Đề nghị giữ nguyên phạm vi điều chỉnh.
"""


@dataclass
class RoundRepo:
    """A repository after a whole round, plus what tests need to tamper with it."""

    path: Path
    keys: dict[str, Path]
    commits: dict[str, str] = field(default_factory=dict)
    tag: str = ""


def git(repo: Path, *args: str, check: bool = True, env: dict[str, str] | None = None) -> str:
    """Run the real git; return stdout."""
    full = dict(os.environ)
    if env:
        full.update(env)
    proc = subprocess.run(["git", *args], cwd=repo, text=True, capture_output=True, env=full, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stderr}")
    return proc.stdout


def make_key(folder: Path, name: str, kind: str = "ed25519") -> Path:
    """A passphrase-less SSH key pair; returns the private key path."""
    path = folder / name
    args = ["ssh-keygen", "-q", "-t", kind, "-N", "", "-C", name, "-f", str(path)]
    if kind == "rsa":
        args[4:4] = ["-b", "2048"]
    subprocess.run(args, check=True, capture_output=True)
    return path


def allowed_line(principal: str, key: Path) -> str:
    """One allowed_signers line for a key."""
    return f'{principal} namespaces="git" {key.with_suffix(".pub").read_text().strip()}\n'


def use_key(repo: Path, key: Path) -> None:
    """Sign the next commits with this SSH key."""
    git(repo, "config", "user.signingkey", str(key) + ".pub")


def run_cli(repo: Path, *args: str) -> tuple[int, str]:
    """Run the CLI in-process inside `repo`; (exit code, output)."""
    from typer.testing import CliRunner

    from quyche.cli.app import app

    old = Path.cwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def ok(repo: Path, *args: str) -> str:
    """Run the CLI and insist on success."""
    code, output = run_cli(repo, *args)
    assert code == 0, output
    assert "Traceback" not in output
    return output


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file, insisting it was there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def plain_repo(repo: Path, quyche_yaml: str | None = None) -> Path:
    """The example regulation (and `quyche_yaml`) committed unsigned as "hiện hành"; no keys set up."""
    repo.mkdir(exist_ok=True)
    git(repo, "init", "-q")
    shutil.copy(EXAMPLE / REG, repo / REG)
    if quyche_yaml is not None:
        (repo / "quyche.yaml").write_text(quyche_yaml, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hiện hành")
    return repo


def init_repo(repo: Path, keys: dict[str, Path], quyche_yaml: str = QUYCHE_YAML) -> None:
    """A regulation repository with the example text, allowed signers and SSH signing set up."""
    repo.mkdir()
    git(repo, "init", "-q")
    shutil.copy(EXAMPLE / REG, repo / REG)
    (repo / "quyche.yaml").write_text(quyche_yaml, encoding="utf-8")
    (repo / ".quyche").mkdir()
    (repo / ".quyche" / "allowed_signers").write_text(
        allowed_line("vanphong@example.vn", keys["vanphong"]) + allowed_line("bithu@example.vn", keys["bithu"]),
        encoding="utf-8",
    )
    git(repo, "config", "gpg.format", "ssh")
    git(repo, "config", "gpg.ssh.allowedSignersFile", str(repo / ".quyche" / "allowed_signers"))
    use_key(repo, keys["vanphong"])
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Quy chế làm việc hiện hành")


def walk_round(repo: Path, keys: dict[str, Path]) -> RoundRepo:
    """Start to issuance through the CLI."""
    ok(repo, "round", "start", "Sửa đổi, bổ sung Quy chế làm việc năm 2026", "--id", "2026-01",
       "--date", "2026-02-02", "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng Đảng ủy",
       "--member", "Lê Thị Cúc=Thành viên=Ủy ban Kiểm tra", "--plan", "ban-hanh=2026-04-05")
    ok(repo, "round", "step", "bao-cao-thuc-hien", "--date", "2026-02-10")
    ok(repo, "round", "step", "ra-soat-van-ban", "--date", "2026-02-12", "-m", "Rà soát Quyết định 302-QĐ/TW.")
    reg = repo / REG
    edit(reg, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả, rõ thẩm quyền")
    ok(repo, "round", "step", "du-thao", "--date", "2026-02-20")
    ok(repo, "round", "step", "thuong-truc-cho-y-kien", "--date", "2026-02-25")
    gop_y = repo / "vong" / "2026-01" / "gop-y"
    gop_y.mkdir()
    (gop_y / "chi-bo-khu-pho-1.yaml").write_text(COMMENTS_CHI_BO, encoding="utf-8")
    (gop_y / "ubkt.yaml").write_text(COMMENTS_UBKT, encoding="utf-8")
    ok(repo, "round", "step", "lay-y-kien", "--date", "2026-03-01")
    text = (gop_y / "chi-bo-khu-pho-1.yaml").read_text(encoding="utf-8")
    text = text.replace('vào tinh thần "5 rõ".\n', 'vào tinh thần "5 rõ".\n    response: tiếp thu\n', 1)
    text = text.replace("các căn cứ ban hành.\n", "các căn cứ ban hành.\n    response: tiếp thu một phần\n"
                        "    explanation: Đã cập nhật căn cứ Quy định 294-QĐ/TW.\n", 1)
    (gop_y / "chi-bo-khu-pho-1.yaml").write_text(text, encoding="utf-8")
    (gop_y / "ubkt.yaml").write_text(COMMENTS_UBKT.replace(
        "phạm vi điều chỉnh.\n", "phạm vi điều chỉnh.\n    response: không tiếp thu\n"
        "    explanation: Cần mở rộng cho các cơ quan tham mưu.\n"), encoding="utf-8")
    edit(reg, "Bảo đảm nguyên tắc tập trung dân chủ", "Bảo đảm và thực hiện nghiêm nguyên tắc tập trung dân chủ")
    ok(repo, "round", "step", "tong-hop-tiep-thu", "--date", "2026-03-15")
    ok(repo, "round", "step", "thuong-truc", "--date", "2026-03-20")
    ok(repo, "round", "step", "ban-thuong-vu", "--date", "2026-03-25")
    use_key(repo, keys["bithu"])
    ok(repo, "round", "step", "ban-chap-hanh-thong-qua", "--date", "2026-04-01")
    edit(reg, "number: 01-QC/ĐU", "number: 02-QC/ĐU")
    edit(reg, "date: 2025-07-15", "date: 2026-04-05")
    out = ok(repo, "round", "step", "ban-hanh", "--date", "2026-04-05")
    assert "02-QC-DU-2026" in out
    use_key(repo, keys["vanphong"])
    ok(repo, "round", "step", "giai-the-to-cong-tac", "--date", "2026-04-10")
    status = json.loads(ok(repo, "round", "status", "--format", "json"))
    commits = {s["name"]: s["commit"] for s in status["steps"]}
    return RoundRepo(repo, keys, commits, "02-QC-DU-2026")


def manual_step(repo: Path, step: str, previous: str, date: str, *, key: Path | None = None,
                round_id: str = "2026-01", sign: bool = True) -> str:
    """Record a step by hand with git (what someone bypassing `quyche round step` would do)."""
    if key is not None:
        use_key(repo, key)
    git(repo, "add", "-A")
    args = ["commit", "-q", "--allow-empty", "-S" if sign else "--no-gpg-sign", f"--date={date}T12:00:00+07:00",
            "-m", f"Vòng {round_id}: {step}",
            "--trailer", f"Quyche-Round: {round_id}", "--trailer", f"Quyche-Step: {step}",
            "--trailer", f"Quyche-Date: {date}", "--trailer", f"Quyche-Previous: {previous}"]
    git(repo, *args)
    return git(repo, "rev-parse", "HEAD").strip()


def verify_json(repo: Path) -> tuple[int, dict[str, Any]]:
    """`quyche verify --format json` → (exit code, parsed output)."""
    code, out = run_cli(repo, "verify", "--format", "json")
    return code, json.loads(out)


def violations(data: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    """The violations of one rule."""
    return [v for v in data["violations"] if v["rule"] == rule]
