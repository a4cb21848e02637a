"""`quyche fmt` through the real command line: --check, --diff, default files, safety."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import ROOT, git, run_quyche

CANONICAL = (ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md").read_text(encoding="utf-8")
MESSY = CANONICAL.replace("\n\n1. ", "\n1. ").replace("## Điều 2. Nguyên tắc làm việc", "##  Điều 2.  Nguyên tắc làm việc")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "quyche.yaml").write_text("regulations:\n  - quy-che.md\n  - quy-dinh.md\n", encoding="utf-8")
    (tmp_path / "quy-che.md").write_text(MESSY, encoding="utf-8")
    (tmp_path / "quy-dinh.md").write_text(CANONICAL, encoding="utf-8")
    (tmp_path / "ghi-chu.md").write_text("# Ghi chú\n\n1-  không phải quy chế\n", encoding="utf-8")
    return tmp_path


def test_check_lists_files_exits_1_and_changes_nothing(repo: Path) -> None:
    before = {p.name: p.read_bytes() for p in repo.iterdir()}
    result = run_quyche("fmt", "--check", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert "Cần định dạng lại: quy-che.md" in result.stderr
    assert "quy-dinh.md" not in result.stderr.split("\n")[0]
    assert "1 tệp cần định dạng lại, 1 tệp đã đúng định dạng" in result.stderr
    assert {p.name: p.read_bytes() for p in repo.iterdir()} == before


def test_diff_shows_the_change_and_changes_nothing(repo: Path) -> None:
    result = run_quyche("fmt", "--diff", "quy-che.md", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("--- a/quy-che.md\n+++ b/quy-che.md\n")
    assert "\n-##  Điều 2.  Nguyên tắc làm việc {#nguyen-tac}\n" in result.stdout
    assert "\n+## Điều 2. Nguyên tắc làm việc {#nguyen-tac}\n" in result.stdout
    assert (repo / "quy-che.md").read_text(encoding="utf-8") == MESSY


def test_fmt_rewrites_only_what_needs_it_then_check_passes(repo: Path) -> None:
    stamp = os.stat(repo / "quy-dinh.md").st_mtime_ns
    (repo / "quy-che.md").chmod(0o640)
    result = run_quyche("fmt", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "Đã định dạng lại: quy-che.md" in result.stderr
    assert (repo / "quy-che.md").read_text(encoding="utf-8") == CANONICAL
    assert os.stat(repo / "quy-dinh.md").st_mtime_ns == stamp, "a canonical file is not rewritten"
    assert (repo / "quy-che.md").stat().st_mode & 0o777 == 0o640, "the file keeps its permissions"
    assert (repo / "ghi-chu.md").read_text(encoding="utf-8").startswith("# Ghi chú"), "not a listed file"
    assert sorted(p.name for p in repo.iterdir()) == ["ghi-chu.md", "quy-che.md", "quy-dinh.md", "quyche.yaml"]
    assert run_quyche("fmt", "--check", cwd=repo).returncode == 0


def test_crlf_bom_and_nfd_count_as_not_canonical(tmp_path: Path) -> None:
    import unicodedata

    path = tmp_path / "qc.md"
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", CANONICAL).replace("\n", "\r\n").encode())
    result = run_quyche("fmt", "--check", str(path))
    assert result.returncode == 1
    assert run_quyche("fmt", str(path)).returncode == 0
    assert path.read_bytes() == CANONICAL.encode()


def test_unparsable_file_is_left_untouched_and_others_are_formatted(tmp_path: Path) -> None:
    bad = tmp_path / "hong.md"
    bad_text = "---\nkind: quy chế\nsubject: Hồ sơ: đơn\n---\n\n## Điều 1. A\n"
    bad.write_text(bad_text, encoding="utf-8")
    good = tmp_path / "tot.md"
    good.write_text(MESSY, encoding="utf-8")
    result = run_quyche("fmt", str(bad), str(good))
    assert result.returncode == 2
    assert f"{bad}:3:" in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.read_text(encoding="utf-8") == bad_text
    assert good.read_text(encoding="utf-8") == CANONICAL


def test_plain_text_file_becomes_markdown(tmp_path: Path) -> None:
    path = tmp_path / "van-ban.txt"
    path.write_text("Chương I\nQUY ĐỊNH CHUNG\nĐiều 1. Phạm vi: Quy định này áp dụng.\n1- Khoản một.\n",
                    encoding="utf-8")
    assert run_quyche("fmt", str(path)).returncode == 0
    assert path.read_text(encoding="utf-8") == (
        "# Chương I. QUY ĐỊNH CHUNG\n\n## Điều 1. Phạm vi\n\nQuy định này áp dụng.\n\n1. Khoản một.\n")


def test_in_process_cli(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    git(tmp_path, "init", "-q")
    (tmp_path / "qc.md").write_text(MESSY, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("fmt", "--check")
    assert result.exit_code == 1
    result = cli("fmt")
    assert result.exit_code == 0
    assert (tmp_path / "qc.md").read_text(encoding="utf-8") == CANONICAL


def test_no_regulation_found(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    result = run_quyche("fmt", cwd=tmp_path)
    assert result.returncode == 2
    assert "Không tìm thấy tệp quy chế nào" in result.stderr


def test_missing_path(tmp_path: Path) -> None:
    result = run_quyche("fmt", "khong-co.md", cwd=tmp_path)
    assert result.returncode == 2
    assert "khong-co.md" in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_cannot_be_written_is_reported_and_kept(tmp_path: Path) -> None:
    """The temporary sibling of a 250-byte file name is too long to create: an OSError on write."""
    path = tmp_path / ("q" * 247 + ".md")
    path.write_text(MESSY, encoding="utf-8")
    other = tmp_path / "khac.md"
    other.write_text(MESSY, encoding="utf-8")
    result = run_quyche("fmt", str(path), str(other))
    assert result.returncode == 2, result.stderr
    assert "không ghi được tệp" in result.stderr and "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == MESSY
    assert other.read_text(encoding="utf-8") == CANONICAL
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, "khac.md"])


def test_new_error_classes_have_vietnamese_lines_and_exit_codes() -> None:
    from quyche.cli.errors import ExitCode
    from quyche.cli.messages import exit_code_for, message_for
    from quyche.errors import FormatUnstable, Unreadable, Unwritable

    unstable = FormatUnstable("qc.md", 12, problem="equivalence")
    assert message_for(unstable).startswith("qc.md:12: quyche fmt không định dạng được tệp này")
    assert exit_code_for(unstable) == ExitCode.INTERNAL
    assert exit_code_for(Unreadable("qc.md", problem="Permission denied")) == ExitCode.INPUT
    assert "Permission denied" in message_for(Unwritable("qc.md", problem="Permission denied"))
