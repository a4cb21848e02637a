"""The guides and rule pages ship with quyche: `quyche help`, `quyche rules`; small CLI agreements."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from quyche.guides import TOPICS, docs_root
from tests.conftest import ROOT, git


def test_every_topic_has_its_guide() -> None:
    root = docs_root()
    assert root == ROOT / "docs"
    for _topic, (name, _about) in TOPICS.items():
        assert (root / name).is_file(), name


def test_installed_layout_is_preferred(tmp_path: Path) -> None:
    package = tmp_path / "site" / "quyche"
    (package / "_docs").mkdir(parents=True)
    (package / "_docs" / "format.md").write_text("# x\n", encoding="utf-8")
    assert docs_root(package) == package / "_docs"
    assert docs_root(tmp_path / "nowhere" / "quyche") is None


def test_help_lists_and_prints_topics(cli: Any) -> None:
    listing = cli("help")
    assert listing.exit_code == 0 and "round" in listing.output and "quyche help CHỦ-ĐỀ" in listing.output
    page = cli("help", "round")
    assert page.exit_code == 0 and page.output.startswith("# Vòng sửa đổi, bổ sung quy chế")
    bad = cli("help", "khong-co")
    assert bad.exit_code == 2 and "Các chủ đề: format" in bad.output


def test_rules_list_and_one_rule(cli: Any) -> None:
    listing = cli("rules")
    assert listing.exit_code == 0
    assert any(line.startswith("QC102  article-sequence") for line in listing.output.splitlines())
    page = cli("rules", "qc102")
    assert page.exit_code == 0
    assert page.output.startswith("QC102 article-sequence (mức mặc định: lỗi (error))")
    assert "### Sai" in page.output and "### Đúng" in page.output
    assert cli("rules", "QC999").exit_code == 2


def test_messages_point_at_shipped_help_not_at_files() -> None:
    from quyche.cli.messages import MESSAGES

    for text in MESSAGES.values():
        assert "docs/" not in text, text


def test_no_open_round_bad_arguments_exit_2(tmp_path: Path, cli: Any, monkeypatch: Any) -> None:
    repo = tmp_path / "kho"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "quy-che.md").write_text("## Điều 1. Phạm vi\n\nNội dung.\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "x")
    monkeypatch.chdir(repo)
    unknown = cli("round", "step", "khong-co-buoc", "--date", "2026-02-02")
    assert unknown.exit_code == 2 and "Không có bước `khong-co-buoc`" in unknown.output
    bad_date = cli("round", "step", "du-thao", "--date", "30/02/2026")
    assert bad_date.exit_code == 2
    no_round = cli("round", "step", "du-thao", "--date", "2026-02-02")
    assert no_round.exit_code == 1


def test_round_step_help_says_which_steps_need_a_date(cli: Any) -> None:
    out = " ".join(cli("round", "step", "--help").output.split())
    assert "Bắt buộc ở các bước họp" in out and "BƯỚC" in out
