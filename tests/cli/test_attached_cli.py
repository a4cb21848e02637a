"""The commands on a file holding a decision and the regulation it issues, and on Markdown
exported from Word: each says which document is which, none succeeds on an empty tree."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_quyche

LAYOUTS = Path(__file__).parents[1] / "fixtures" / "layouts"


def test_import_outline_and_build_name_both_documents(tmp_path: Path) -> None:
    source = LAYOUTS / "party_decision_with_regulation.txt"
    out = tmp_path / "qd.md"
    result = run_quyche("import", str(source), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert ": quyết định: 0 chương, 2 điều, 0 khoản, 0 điểm; quy chế kèm theo: 0 chương, 3 điều, 2 khoản" \
        in result.stderr
    shown = run_quyche("outline", str(out))
    assert shown.returncode == 0 and "Traceback" not in shown.stderr
    assert "Số lượng đơn vị — Quyết định" in shown.stdout and "Số lượng đơn vị — Quy chế kèm theo" in shown.stdout
    data = json.loads(run_quyche("outline", str(out), "--format", "json").stdout)
    assert (data["kind"], data["counts"]["articles"]) == ("quyết định", 2)
    assert [(a["kind"], a["counts"]["articles"]) for a in data["attachments"]] == [("quy chế", 3)]
    assert data["total_counts"]["articles"] == 5
    checked = run_quyche("check", str(out))
    assert checked.returncode == 0, checked.stdout  # no QC202, no QC301 on the attached regulation
    built = run_quyche("build", str(out), "--docx", str(tmp_path / "qd.docx"))
    assert built.returncode == 0 and "(5 điều)" in built.stderr


def test_word_export_is_read_and_unreadable_articles_are_refused(tmp_path: Path) -> None:
    shown = run_quyche("outline", str(LAYOUTS / "word_export.md"), "--format", "json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["counts"]["articles"] == 3
    bad = tmp_path / "bad.md"
    bad.write_text("Ghi chú\n\n> Điều 1. Phạm vi\n", encoding="utf-8")
    for command in ("outline", "check", "fmt"):
        result = run_quyche(command, str(bad))
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert result.stderr.startswith(f"{bad}:3:1: dòng \"> Điều 1. Phạm vi\" trông như một Điều"), result.stderr
        assert "Traceback" not in result.stderr
