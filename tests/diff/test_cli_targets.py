"""Word habits with `quyche diff`: the table's file name where a version is expected, a .docx without --docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(("args", "expected"), [
    (("v1", "v2", "--docx", "bang.docx"),
     "`bang.docx` không phải phiên bản hay tệp quy chế để so sánh. Tên tệp bảng so sánh ghi sau -o, "
     "ví dụ: quyche diff v1 v2 --docx -o bang.docx"),
    (("v1", "v2", "-o", "bang.docx"),
     "bang.docx: muốn có bảng so sánh dạng Word, hãy thêm --docx: quyche diff v1 v2 --docx -o bang.docx"),
    (("v1", "v2", "--docx", "-o", "bang.txt"),
     "bang.txt: bảng so sánh (--docx) phải ghi vào tệp có đuôi .docx, ví dụ -o bang-so-sanh.docx."),
])
def test_wrong_target_is_refused_with_the_right_command(repo: Path, cli: Any, args: tuple[str, ...],
                                                         expected: str) -> None:
    before = sorted(p.name for p in repo.iterdir())
    result = cli("diff", *args)
    assert result.exit_code == 2
    assert result.output.strip() == expected
    assert sorted(p.name for p in repo.iterdir()) == before


def test_the_suggested_command_works(repo: Path, cli: Any) -> None:
    result = cli("diff", "v1", "v2", "--docx", "-o", "bang.docx")
    assert result.exit_code == 0, result.output
    assert (repo / "bang.docx").stat().st_size > 0


def test_rewritten_clause_is_named_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import ROOT, run_quyche
    from tests.diff.conftest import commit_all, git

    example = (ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md").read_text(encoding="utf-8")
    old_clause = "2. Phân công nhiệm vụ theo tinh thần “5 rõ”: rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ kết quả."
    assert old_clause in example
    kho = tmp_path / "kho"
    kho.mkdir()
    git(kho, "init", "-q")
    (kho / "quy-che-lam-viec.md").write_text(example, encoding="utf-8")
    commit_all(kho, "Ban hành", "v1")
    (kho / "quy-che-lam-viec.md").write_text(
        example.replace(old_clause, "2. Họp định kỳ mỗi tháng một lần vào tuần đầu tiên."), encoding="utf-8")
    commit_all(kho, "Sửa khoản 2 Điều 2", "v2")
    result = run_quyche("diff", "v1", "v2", cwd=kho)
    assert result.returncode == 0, result.stderr
    assert "Thay đổi ở: khoản 2\n" in result.stdout
    assert "Số chương có thay đổi: 1" in result.stdout


def test_working_copy_is_called_ban_dang_sua_in_words(repo: Path, cli: Any) -> None:
    result = cli("diff", "v2", "--worktree")
    assert result.exit_code == 0
    assert result.output.startswith("So sánh v2 → bản đang sửa (")
    assert cli("diff", "v2", "--worktree", "--docx").exit_code == 0
    assert (repo / "bang-so-sanh-v2-ban-dang-sua.docx").is_file()  # file names stay plain ASCII
