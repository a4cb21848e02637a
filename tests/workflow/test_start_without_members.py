"""`round start` without the working group: it says how to list it, and leaves no `vong/` behind."""

from __future__ import annotations

from pathlib import Path

from tests.workflow.roundkit import git, plain_repo, run_cli


def test_start_without_members_leaves_nothing(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho", "procedure:\n  signing: optional\n")
    code, out = run_cli(repo, "round", "start", "Vòng 1", "--date", "2026-02-02", "--no-sign")
    assert code == 1
    assert out.strip() == (
        "Chưa đủ điều kiện ghi bước `thanh-lap-to-cong-tac`: chưa có danh sách tổ công tác (họ tên và nhiệm vụ "
        "từng thành viên). Hãy chạy lại `quyche round start \"TÊN VÒNG\"` với --member \"Họ tên=Nhiệm vụ=Đơn vị\" "
        "cho từng thành viên (nếu vòng đã mở: ghi danh sách vào vong/2026-01/round.yaml).")
    assert not (repo / "vong").exists()
    assert git(repo, "status", "--porcelain") == ""


def test_start_without_a_signing_key_says_how_to_make_one(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    code, out = run_cli(repo, "round", "start", "Vòng 1", "--date", "2026-02-02", "--member", "Nguyễn Văn An=Tổ trưởng")
    assert code == 2
    line = out.strip()
    assert "\n" not in line
    assert line.startswith("Không ký được commit: ")
    assert line.endswith("Máy này chưa đặt khóa ký số cho git: hãy làm theo mục “Chuẩn bị một lần” trong "
                         "`quyche help round` (ssh-keygen, git config gpg.format ssh, git config user.signingkey …) rồi chạy lại.")
    assert not (repo / "vong").exists()
    assert git(repo, "status", "--porcelain") == ""  # nothing left staged either


def test_unknown_round_id_is_not_called_closed(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    code, out = run_cli(repo, "round", "status", "--round", "2099-01")
    assert code == 1
    assert out.strip() == "Không có vòng sửa đổi nào có mã `2099-01`. Xem mã các vòng đã có bằng `quyche round log`."
    code, out = run_cli(repo, "round", "comments")
    assert out.strip() == "Chưa có vòng sửa đổi nào đang mở. Hãy bắt đầu bằng `quyche round start \"TÊN VÒNG\"`."
