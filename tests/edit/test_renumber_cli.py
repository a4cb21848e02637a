"""`quyche renumber` through the CLI: --check, --diff, the map, messages with file:line:column."""

from __future__ import annotations

import json
from pathlib import Path

from tests.check.helpers import FRONT
from tests.workflow.roundkit import REG, git, plain_repo, run_cli

INSERTED = FRONT + ("## Điều 1. Một\n\nTheo Điều 2 và Điều 9 Quy chế này.\n\n## Điều 1a. Mới\n\nA.\n\n"
                    "## Điều 2. Hai\n\nB.\n")


def test_check_diff_and_write(tmp_path: Path) -> None:
    path = tmp_path / "quy-che.md"
    path.write_text(INSERTED, encoding="utf-8")
    code, out = run_cli(tmp_path, "renumber", "--check", str(path))
    assert code == 1 and "Điều 1a → Điều 2 (thêm mới)" in out and "Cần đánh lại số" in out
    assert path.read_text(encoding="utf-8") == INSERTED
    code, out = run_cli(tmp_path, "renumber", "--diff", str(path))
    assert code == 0 and "-Theo Điều 2 và Điều 9 Quy chế này." in out and "+Theo Điều 3 và Điều 9 Quy chế này." in out
    assert path.read_text(encoding="utf-8") == INSERTED
    code, out = run_cli(tmp_path, "renumber", str(path))
    assert code == 0, out
    line = INSERTED.split("\n").index("Theo Điều 2 và Điều 9 Quy chế này.") + 1
    assert f"quy-che.md:{line}:21: dẫn chiếu \"Điều 2 và Điều 9 Quy chế này\" không trỏ đến đâu (không có Điều 9); giữ nguyên." in out
    assert "Theo Điều 3 và Điều 9 Quy chế này." in path.read_text(encoding="utf-8")
    assert (tmp_path / ".quyche" / "renumber.json").is_file()
    code, out = run_cli(tmp_path, "renumber", "--check", str(path))
    assert code == 0 and "không có gì để đánh lại" in out


def test_map_keeps_other_files_and_can_go_elsewhere(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(INSERTED, encoding="utf-8")
        assert run_cli(tmp_path, "renumber", name)[0] == 0
    data = json.loads((tmp_path / ".quyche" / "renumber.json").read_text(encoding="utf-8"))
    assert sorted(data["files"]) == ["a.md", "b.md"]
    (tmp_path / "c.md").write_text(INSERTED, encoding="utf-8")
    assert run_cli(tmp_path, "renumber", "c.md", "--map", "so-moi.json")[0] == 0
    assert json.loads((tmp_path / "so-moi.json").read_text(encoding="utf-8"))["files"]["c.md"]["units"][0]["new"] == "2"


def test_duplicate_number_resolved_by_since(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    path = repo / REG
    text = path.read_text(encoding="utf-8")
    # a new article typed with the number of the one it goes before: "Điều 8" twice
    path.write_text(text.replace("## Điều 8. Sửa đổi", "## Điều 8. Giám sát\n\nGiám sát.\n\n## Điều 8. Sửa đổi"),
                    encoding="utf-8")
    code, out = run_cli(repo, "renumber", "--check")
    assert code == 1 and "không rõ trỏ đến đâu (có 2 Điều 8" in out and "--since" in out
    code, out = run_cli(repo, "renumber", "--since", "HEAD")
    assert code == 0, out
    assert "theo quy định tại Điều 9 Quy chế này" in path.read_text(encoding="utf-8")
    assert git(repo, "status", "--porcelain").strip().startswith("M")


def test_several_files_need_a_name(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text(INSERTED, encoding="utf-8")
    code, out = run_cli(tmp_path, "renumber")
    assert code == 2 and "Hãy chỉ rõ một tệp" in out and "Traceback" not in out
