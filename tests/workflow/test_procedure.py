"""The procedure from quyche.yaml: defaults, renames, new and optional steps, bad settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quyche.errors import ConfigError
from quyche.workflow.procedure import DEFAULT_STEPS, load_procedure
from tests.workflow.roundkit import plain_repo, run_cli


def test_default_follows_seed_004() -> None:
    proc = load_procedure({})
    assert [s.name for s in proc.steps] == [
        "thanh-lap-to-cong-tac", "bao-cao-thuc-hien", "ra-soat-van-ban", "du-thao", "thuong-truc-cho-y-kien",
        "lay-y-kien", "tong-hop-tiep-thu", "thuong-truc", "ban-thuong-vu", "ban-chap-hanh-thong-qua",
        "ban-hanh", "giai-the-to-cong-tac",
    ]
    assert all(s.mandatory for s in proc.steps) and proc.signing_required
    assert all(s.name.isascii() for s in DEFAULT_STEPS)
    assert proc.by_name["lay-y-kien"].changes == "none"
    assert proc.by_name["ban-hanh"].changes == "front-matter" and proc.by_name["ban-hanh"].tag
    assert proc.by_name["tong-hop-tiep-thu"].requires == ("comments-answered",)


def test_rename_add_drop_and_signers() -> None:
    proc = load_procedure({
        "signing": "optional",
        "signers": ["*@example.vn"],
        "steps": [
            "thanh-lap-to-cong-tac",
            {"name": "bao-cao-thuc-hien", "title": "Báo cáo sơ kết", "mandatory": False},
            {"name": "hop-chi-bo", "title": "Họp chi bộ", "requires": ["meeting-date"], "changes": "text",
             "signers": ["bithu@example.vn"]},
            "giai-the-to-cong-tac",
        ],
    })
    assert [s.name for s in proc.steps] == ["thanh-lap-to-cong-tac", "bao-cao-thuc-hien", "hop-chi-bo",
                                            "giai-the-to-cong-tac"]
    assert proc.by_name["bao-cao-thuc-hien"].title == "Báo cáo sơ kết"
    assert not proc.by_name["bao-cao-thuc-hien"].mandatory
    assert proc.by_name["hop-chi-bo"].signers == ("bithu@example.vn",)
    assert proc.by_name["thanh-lap-to-cong-tac"].signers == ("*@example.vn",)
    assert not proc.signing_required
    assert [s.name for s in proc.skipped_between(0, 2)] == []


@pytest.mark.parametrize(("raw", "key"), [
    ({"steps": [{"name": "moi"}]}, "procedure.steps[0]"),
    ({"steps": ["Bước có dấu"]}, "procedure.steps[0]"),
    ({"steps": ["du-thao", "du-thao"]}, "procedure.steps[1]"),
    ({"steps": [{"name": "du-thao", "requires": ["chu-ky"]}]}, "procedure.steps[0].requires"),
    ({"steps": [{"name": "du-thao", "changes": "all"}]}, "procedure.steps[0].changes"),
    ({"steps": [{"name": "du-thao", "color": "red"}]}, "procedure.steps[0]"),
    ({"signing": "maybe"}, "procedure.signing"),
    ({"steps": []}, "procedure.steps"),
])
def test_bad_procedure_settings(raw: dict[str, object], key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_procedure(raw)
    assert info.value.facts["key"] == key


CUSTOM = """\
regulations: [quy-che-lam-viec.md]
procedure:
  signing: optional
  steps:
    - thanh-lap-to-cong-tac
    - name: bao-cao-thuc-hien
      mandatory: false
    - name: hop-chi-bo
      title: Họp chi bộ cho ý kiến
      requires: [meeting-date]
    - giai-the-to-cong-tac
"""


def test_optional_step_and_unsigned_policy(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "r", CUSTOM)
    code, out = run_cli(repo, "round", "start", "Vòng thử", "--no-sign")
    assert code == 1 and "chưa có danh sách tổ công tác" in out and "--member" in out
    assert not (repo / "vong").exists() or not any((repo / "vong").iterdir())
    code, out = run_cli(repo, "round", "start", "Vòng thử", "--no-sign", "--member", "Nguyễn Văn An=Tổ trưởng",
                        "--date", "2026-01-05")
    assert code == 0, out
    code, out = run_cli(repo, "round", "step", "hop-chi-bo", "--no-sign", "--date", "2026-01-06")
    assert code == 0, out  # the optional report was skipped
    assert "Bước tiếp theo: `giai-the-to-cong-tac`" in out
    code, out = run_cli(repo, "round", "step", "bao-cao-thuc-hien", "--no-sign", "--date", "2026-01-07")
    assert code == 1 and "đứng trước bước đã ghi gần nhất (`hop-chi-bo`)" in out
    status = json.loads(run_cli(repo, "round", "status", "--format", "json")[1])
    assert [s["done"] for s in status["steps"]] == [True, False, True, False]
    assert status["steps"][2]["title"] == "Họp chi bộ cho ý kiến"
    assert status["steps"][2]["signer"] is None and status["steps"][2]["signature"] == "N"
    code, out = run_cli(repo, "verify")
    assert code == 0, out


def test_verify_outside_a_repository(tmp_path: Path) -> None:
    code, out = run_cli(tmp_path, "verify")
    assert code == 2 and "không nằm trong một kho git" in out


def test_verify_without_rounds(tmp_path: Path) -> None:
    plain_repo(tmp_path)
    code, out = run_cli(tmp_path, "verify")
    assert code == 0 and "0 bước của 0 vòng" in out
    code, out = run_cli(tmp_path, "round", "status")
    assert code == 1 and "Chưa có vòng sửa đổi nào" in out
