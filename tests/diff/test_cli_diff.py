"""`quyche diff` through the command line, in real git repositories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import git, run_quyche
from tests.diff.conftest import NAME, V1, V2, commit_all


def test_two_tags_summary_and_inline_marks(repo: Path, cli: Any) -> None:
    result = cli("diff", "v1", "v2")
    assert result.exit_code == 0
    out = result.output
    assert "So sánh v1 → v2" in out
    assert "giữ nguyên 3 · sửa đổi 2 · bổ sung 1 · bãi bỏ 1 · đánh số lại 2" in out
    assert "Bảo đảm {+nghiêm+} nguyên tắc" in out
    assert "[-Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội-]" not in out  # only the changed words
    assert "xã hội{+, quốc phòng, an ninh+} hằng năm" in out
    assert "── Điều 3 (mới) · bổ sung ──" in out
    assert "[-Điều 5. Chế độ báo cáo" in out
    assert "Chỉ đánh số lại, nội dung giữ nguyên: Điều 4→5" in out


def test_range_syntax_and_exit_code(repo: Path, cli: Any) -> None:
    assert cli("diff", "v1..v2", "--exit-code").exit_code == 1
    assert cli("diff", "v1..v2").exit_code == 0
    assert cli("diff", "v2", "v2", "--exit-code").exit_code == 0
    same = cli("diff", "v2", "v2")
    assert "Hai phiên bản giống nhau." in same.output


def test_worktree_against_a_revision(repo: Path, cli: Any) -> None:
    (repo / NAME).write_text(V2.replace("họp thường lệ ba tháng", "họp thường lệ hai tháng"), encoding="utf-8")
    result = cli("diff", "v2", "--worktree", "--exit-code")
    assert result.exit_code == 1
    assert "[-ba-] {+hai+}" in result.output
    # PATH after --worktree names the file
    assert cli("diff", "v2", NAME, "--worktree").exit_code == 0


def test_two_files(tmp_path: Path, cli: Any, monkeypatch: Any) -> None:
    (tmp_path / "cu.md").write_text(V1, encoding="utf-8")
    (tmp_path / "moi.md").write_text(V2, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("diff", "cu.md", "moi.md", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["old"] == "cu" and data["new"] == "moi"
    assert data["summary"]["added"] == 1


def test_json_format_is_the_documented_one(repo: Path, cli: Any) -> None:
    from tests.test_json_schemas import validate_output

    data = validate_output("diff", cli("diff", "v1", "v2", "--format", "json").output)
    rows = [(a["status"], a["old"], a["new"], a["renumbered"]) for a in data["articles"]]
    assert rows == [
        ("unchanged", "1", "1", False),
        ("changed", "2", "2", False),
        ("added", None, "3", False),
        ("changed", "3", "4", True),
        ("unchanged", "4", "5", True),
        ("removed", "5", None, False),
        ("unchanged", "6", "6", False),
    ]
    changed = data["articles"][1]
    assert changed["words"] == {"deleted": [], "inserted": ["nghiêm"]}
    assert changed["clauses"] == [{"status": "changed", "old": "khoản 1", "new": "khoản 1"}]
    point = data["articles"][3]["clauses"]
    assert point == [{"status": "changed", "old": "khoản 2 điểm b", "new": "khoản 2 điểm b"}]


def test_markdown_and_html_formats(repo: Path, cli: Any, tmp_path: Path) -> None:
    md = cli("diff", "v1", "v2", "--format", "md").output
    assert "Bảo đảm **nghiêm** nguyên tắc" in md
    assert "~~Điều 5. Chế độ báo cáo~~" in md
    out = tmp_path / "ss.html"
    result = cli("diff", "v1", "v2", "--format", "html", "-o", str(out))
    assert result.exit_code == 0 and out.is_file()
    page = out.read_text(encoding="utf-8")
    assert "<ins>nghiêm</ins>" in page and "(Chưa quy định)" in page and "Bãi bỏ" in page
    # never overwrite without --force
    again = cli("diff", "v1", "v2", "--format", "html", "-o", str(out))
    assert again.exit_code == 2
    assert cli("diff", "v1", "v2", "--format", "html", "-o", str(out), "--force").exit_code == 0


def test_unknown_revision_is_exit_2_with_a_vietnamese_line(repo: Path) -> None:
    proc = run_quyche("diff", "v1", "v9", cwd=repo)
    assert proc.returncode == 2
    assert proc.stderr.strip() == ("Không tìm thấy phiên bản `v9` trong kho git. "
                                   "Hãy xem danh sách bằng `git tag` hoặc `git log --oneline`.")
    assert "Traceback" not in proc.stderr
    ranged = run_quyche("diff", "v9..v2", cwd=repo)
    assert ranged.returncode == 2 and "`v9`" in ranged.stderr


def test_file_missing_at_a_revision(repo: Path, cli: Any) -> None:
    (repo / "khac.md").write_text(V2, encoding="utf-8")
    commit_all(repo, "Thêm tệp", "v3")
    result = cli("diff", "v1", "v3", "khac.md")
    assert result.exit_code == 2
    assert "tệp không có ở phiên bản `v1`" in result.output


def test_file_that_is_not_a_regulation(repo: Path, cli: Any) -> None:
    (repo / NAME).write_text("Chỉ là một ghi chú, không có Điều nào.\n", encoding="utf-8")
    commit_all(repo, "Hỏng", "v3")
    result = cli("diff", "v1", "v3")
    assert result.exit_code == 2
    assert "không tìm thấy Điều nào; đây không phải là một quy chế" in result.output


def test_several_regulations_need_a_path(repo: Path, cli: Any) -> None:
    (repo / "quyche.yaml").write_text(f"regulations:\n  - {NAME}\n  - khac.md\n", encoding="utf-8")
    result = cli("diff", "v1", "v2")
    assert result.exit_code == 2
    assert "Kho có nhiều quy chế" in result.output and NAME in result.output
    assert cli("diff", "v1", "v2", NAME).exit_code == 0


def test_without_config_the_only_markdown_file_is_used(tmp_path: Path, cli: Any, monkeypatch: Any) -> None:
    root = tmp_path / "kho"
    root.mkdir()
    git(root, "init", "-q")
    (root / "README.md").write_text("# Kho\n", encoding="utf-8")
    (root / "qc.md").write_text(V1, encoding="utf-8")
    commit_all(root, "v1", "a")
    (root / "qc.md").write_text(V2, encoding="utf-8")
    commit_all(root, "v2", "b")
    monkeypatch.chdir(root)
    assert cli("diff", "a", "b", "--exit-code").exit_code == 1


def test_bad_threshold_and_format(repo: Path, cli: Any) -> None:
    assert cli("diff", "v1", "v2", "--threshold", "0").exit_code == 2
    assert cli("diff", "v1", "v2", "--format", "xml").exit_code == 2
    assert cli("diff", "v1", "v2", "--threshold", "95").exit_code == 0


def test_map_file_through_the_cli(repo: Path, cli: Any, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("4: null\nadded: [5]\n", encoding="utf-8")
    data = json.loads(cli("diff", "v1", "v2", "--format", "json", "--map", str(mapping)).output)
    statuses = {(a["old"], a["new"]): a["status"] for a in data["articles"]}
    assert statuses[("4", None)] == "removed" and statuses[(None, "5")] == "added"
    mapping.write_text("4: [5\n", encoding="utf-8")
    broken = cli("diff", "v1", "v2", "--map", str(mapping))
    assert broken.exit_code == 2 and "YAML" in broken.output
