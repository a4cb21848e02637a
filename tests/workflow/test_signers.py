"""`quyche signers add|list|retire`, the list `quyche new` makes, and docs/round.md's set-up pasted as written."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from quyche.workflow.sshsig import parse_allowed_signers
from tests.scaffold.scaffold_helpers import make_repo
from tests.workflow.roundkit import QUYCHE_YAML, git, make_key, plain_repo, run_cli

ROOT = Path(__file__).resolve().parents[2]
SIGNERS = Path(".quyche") / "allowed_signers"


def _setup_block() -> str:
    """The first shell block after "Chuẩn bị một lần" in docs/round.md."""
    text = (ROOT / "docs" / "round.md").read_text(encoding="utf-8")
    start = text.index("Chuẩn bị một lần")
    match = re.search(r"```sh\n(.*?)```", text[start:], re.S)
    assert match is not None
    return match.group(1)


def test_new_repository_has_an_empty_commented_signers_list(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "phuong").dest
    text = (repo / SIGNERS).read_text(encoding="utf-8")
    assert text.startswith("#") and "quyche signers add" in text
    assert parse_allowed_signers(text).signers == []
    assert git(repo, "ls-files", SIGNERS.as_posix()).strip() == SIGNERS.as_posix()


def test_docs_setup_commands_work_when_pasted(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, "phuong").dest
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run(["bash", "-e", "-c", _setup_block()], cwd=repo, env=env, text=True, capture_output=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "vanphong@example.vn" in proc.stdout and "mọi bước" in proc.stdout
    assert git(repo, "log", "-1", "--format=%G?").strip() == "G"
    assert git(repo, "status", "--porcelain") == ""
    code, out = run_cli(repo, "round", "start", "Sửa đổi, bổ sung Quy chế làm việc", "--date", "2026-02-02",
                        "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng Đảng ủy")
    assert code == 0, out
    code, out = run_cli(repo, "verify")
    assert code == 0, out


def test_add_with_steps_edits_the_procedure_and_keeps_comments(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "repo", "# cấu hình của đảng bộ\n" + QUYCHE_YAML)
    key = make_key(tmp_path, "bithu")
    code, out = run_cli(repo, "signers", "add", "bithu2@example.vn", str(key) + ".pub",
                        "--steps", "ban-thuong-vu,ban-hanh")
    assert code == 0, out
    assert "git commit -S" in out and ".quyche/allowed_signers quyche.yaml" in out
    config_text = (repo / "quyche.yaml").read_text(encoding="utf-8")
    assert config_text.startswith("# cấu hình của đảng bộ\n")
    steps = {s if isinstance(s, str) else s["name"]: s for s in yaml.safe_load(config_text)["procedure"]["steps"]}
    assert steps["ban-thuong-vu"]["signers"] == ["bithu2@example.vn"]
    assert steps["ban-hanh"]["signers"] == ["bithu@example.vn", "bithu2@example.vn"]
    assert steps["du-thao"] == "du-thao"
    code, out = run_cli(repo, "signers", "list", "--format", "json")
    rows = json.loads(out)
    assert [r["principals"] for r in rows] == [["bithu2@example.vn"]]
    assert "ban-hanh" in rows[0]["steps"] and "du-thao" in rows[0]["steps"]
    assert rows[0]["fingerprint"].startswith("SHA256:") and rows[0]["valid_before"] is None


def test_retire_keeps_the_line_and_sets_valid_before(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "repo")
    key = make_key(tmp_path, "vanphong")
    assert run_cli(repo, "signers", "add", "vanphong@example.vn", str(key) + ".pub")[0] == 0
    code, out = run_cli(repo, "signers", "retire", "vanphong@example.vn", "--date", "2026-12-31")
    assert code == 0, out
    text = (repo / SIGNERS).read_text(encoding="utf-8")
    assert 'vanphong@example.vn valid-before="20261231",namespaces="git" ssh-ed25519 ' in text
    signer = parse_allowed_signers(text).signers[0]
    assert signer.valid_before is not None and signer.valid_before.date().isoformat() == "2026-12-31"
    code, out = run_cli(repo, "signers", "retire", "vanphong@example.vn", "--date", "2027-01-15")
    assert code == 0 and text.count("valid-before") == 1
    assert 'valid-before="20270115",namespaces="git"' in (repo / SIGNERS).read_text(encoding="utf-8")
    code, out = run_cli(repo, "signers", "list")
    assert "hết hiệu lực từ 2027-01-15" in out


def test_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "repo")
    key = make_key(tmp_path, "vanphong")
    cases = [
        (["add", "van phong", str(key) + ".pub"], "không dùng được làm tên người ký"),
        (["add", "vanphong@example.vn", str(key)], "khóa bí mật"),
        (["add", "vanphong@example.vn", str(tmp_path / "khong-co.pub")], "không phải khóa công khai SSH"),
        (["add", "vanphong@example.vn", str(key) + ".pub", "--steps", "du-thаo"], "không có trong quy trình"),
        (["retire", "ai@example.vn", "--date", "2026-12-31"], "không có người ký `ai@example.vn`"),
    ]
    for args, needle in cases:
        code, out = run_cli(repo, "signers", *args)
        assert code == 2 and needle in out and "Traceback" not in out, (args, out)
        assert len(out.strip().splitlines()) == 1, out
    assert run_cli(repo, "signers", "add", "vanphong@example.vn", str(key) + ".pub")[0] == 0
    code, out = run_cli(repo, "signers", "add", "vanphong@example.vn", str(key) + ".pub")
    assert code == 2 and "đã có" in out
    code, out = run_cli(repo, "signers", "retire", "vanphong@example.vn", "--date", "31/12/2026")
    assert code == 2 and "NĂM-THÁNG-NGÀY" in out
