"""QC205 and `diff`'s reference list: a reference whose target moved, was renumbered or was
repealed since an earlier version, read from a real git history."""

from __future__ import annotations

import json
from pathlib import Path

from quyche.check.docs import examples
from quyche.check.registry import RULES
from quyche.check.rules import load_rules
from quyche.check.runner import check_file
from quyche.config import CheckConfig, Config
from quyche.edit.renumber import apply_edits, renumber_text
from tests.workflow.roundkit import EXAMPLE, REG, git, plain_repo, run_cli

load_rules()


def _stale(repo: Path, since: str | None) -> list[tuple[int, str, str]]:
    config = Config(root=repo, check=CheckConfig(since=since))
    return [(f.span.line, f.message, f.hint) for f in check_file(repo / REG, config) if f.code == "QC205"]


def _insert_and_renumber_headings_by_hand(text: str) -> str:
    """What an office does without `renumber`: insert an article, retype every heading after it."""
    text = text.replace("## Điều 7. Thời gian làm việc ở cơ sở {#co-so}",
                        "## Điều 6a. Chế độ thông tin, báo cáo {#thong-tin}\n\nBáo cáo hằng tháng.\n\n"
                        "## Điều 7. Thời gian làm việc ở cơ sở {#co-so}")
    result = renumber_text(text)
    return apply_edits(text, [e for e in result.edits if e.what == "heading"])


def test_hand_renumbered_headings_leave_stale_references(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    git(repo, "tag", "v1")
    path = repo / REG
    path.write_text(_insert_and_renumber_headings_by_hand(path.read_text(encoding="utf-8")), encoding="utf-8")
    found = _stale(repo, "v1")
    assert len(found) == 1
    line, message, hint = found[0]
    assert "c) Sửa đổi, bổ sung Quy chế này theo quy định tại Điều 8 Quy chế này." in path.read_text().split("\n")[line - 1]
    assert "nay chỉ đến Điều 8 (\"Thời gian làm việc ở cơ sở\")" in message
    assert hint.startswith("Hãy sửa Điều 8 → Điều 9: \"Sửa đổi, bổ sung Quy chế\"")
    assert _stale(repo, None) == []  # no earlier version named, no open round: nothing compared
    code, out = run_cli(repo, "renumber", "--check")
    assert code == 0 and "không có gì để đánh lại" in out  # the headings are in order …
    # … and QC205 is what catches it; `renumber --since v1` points the reference back
    code, out = run_cli(repo, "renumber", "--since", "v1")
    assert code == 0, out
    assert "tại Điều 9 Quy chế này" in path.read_text(encoding="utf-8")
    assert "khoản 2 Điều 3 Quy chế này" in path.read_text(encoding="utf-8")
    assert _stale(repo, "v1") == []


def test_renumber_keeps_references_true_so_nothing_is_stale(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    path = repo / REG
    path.write_text(path.read_text(encoding="utf-8").replace(
        "## Điều 7. Thời gian", "## Điều 6a. Chế độ báo cáo\n\nBáo cáo hằng tháng.\n\n## Điều 7. Thời gian"), encoding="utf-8")
    code, out = run_cli(repo, "renumber")
    assert code == 0, out
    assert "Điều 6a → Điều 7 (thêm mới)" in out and "Điều 8 → Điều 9 (dịch số)" in out
    text = path.read_text(encoding="utf-8")
    assert "tại Điều 9 Quy chế này" in text and "khoản 2 Điều 3 Quy chế này" in text
    assert _stale(repo, "HEAD") == []
    data = json.loads((repo / ".quyche" / "renumber.json").read_text(encoding="utf-8"))
    units = data["files"][REG]["units"]
    assert data["format_version"] == 1
    assert {"kind": "article", "old": "8", "new": "9", "id": "sua-doi"}.items() <= units[2].items()
    code, out = run_cli(repo, "diff", "HEAD", "--worktree", "--format", "json")
    refs = json.loads(out)["references"]
    assert [(r["status"], r["old_target"], r["new_target"], r["old_id"]) for r in refs] == [
        ("updated", "Điều 8", "Điều 9", "sua-doi")]


def test_reference_to_a_repealed_article(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    path = repo / REG
    text = path.read_text(encoding="utf-8")
    start = text.index("## Điều 8. Sửa đổi")
    end = text.index("## Điều 9. Hiệu lực")
    path.write_text(text[:start] + text[end:].replace("## Điều 9.", "## Điều 8."), encoding="utf-8")
    found = _stale(repo, "HEAD")
    assert len(found) == 1 and "nay đã bị bãi bỏ" in found[0][1]


def test_an_open_round_compares_with_its_start(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho", "procedure:\n  signing: optional\n")
    code, out = run_cli(repo, "round", "start", "Vòng 1", "--date", "2026-02-02", "--no-sign",
                        "--member", "Nguyễn Văn An=Tổ trưởng")
    assert code == 0, out
    path = repo / REG
    path.write_text(_insert_and_renumber_headings_by_hand(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, out = run_cli(repo, "check", REG)
    assert code == 1 and "QC205" in out and "Hãy sửa Điều 8 → Điều 9" in out


def test_unknown_since_is_one_line_and_exit_2(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    code, out = run_cli(repo, "check", "--since", "v9", REG)
    assert code == 2 and "Traceback" not in out and len(out.strip().splitlines()) == 1


def test_documentation_examples(tmp_path: Path) -> None:
    wrong, right = examples(RULES["QC205"])
    old = right.replace("## Điều 2. Chuẩn bị họp {#chuan-bi}\n\nVăn phòng chuẩn bị tài liệu.\n\n", "") \
        .replace("## Điều 3. Họp", "## Điều 2. Họp").replace("theo Điều 3", "theo Điều 2")
    repo = tmp_path / "kho"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / REG).write_text(old, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v1")
    (repo / REG).write_text(wrong, encoding="utf-8")
    assert [line for line, *_ in _stale(repo, "HEAD")] == [3]
    (repo / REG).write_text(right, encoding="utf-8")
    assert _stale(repo, "HEAD") == []
    assert EXAMPLE.is_dir()


def test_draft_step_refuses_a_stale_reference(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho", "procedure:\n  signing: optional\n")
    steps = [("round", "start", "Vòng 1", "--date", "2026-02-02", "--no-sign", "--member", "Nguyễn Văn An=Tổ trưởng"),
             ("round", "step", "bao-cao-thuc-hien", "--date", "2026-02-03", "--no-sign"),
             ("round", "step", "ra-soat-van-ban", "--date", "2026-02-04", "--no-sign")]
    for args in steps:
        code, out = run_cli(repo, *args)
        assert code == 0, out
    path = repo / REG
    path.write_text(_insert_and_renumber_headings_by_hand(path.read_text(encoding="utf-8")), encoding="utf-8")
    code, out = run_cli(repo, "round", "step", "du-thao", "--date", "2026-02-05", "--no-sign")
    assert code == 1 and "QC205" in out, out
    assert run_cli(repo, "renumber")[0] == 0  # nothing to renumber: the headings are in order …
    path.write_text(path.read_text(encoding="utf-8").replace("tại Điều 8 Quy chế này", "tại Điều 9 Quy chế này"),
                    encoding="utf-8")  # … the reference is fixed by hand, as QC205 said
    code, out = run_cli(repo, "round", "step", "du-thao", "--date", "2026-02-05", "--no-sign")
    assert code == 0, out
