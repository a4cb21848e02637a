"""The issue-12 reproducers that are about answers rather than limits (those are in files.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.render.markdown import format_text
from tests.conftest import run_quyche

SMUGGLED_TITLE = """---
kind: quy chế
title: "QUY CHẾ\\n\\n## Điều 99. Điều lén\\n\\nNội dung lén"
---

# Chương I. CHUNG

## Điều 1. Phạm vi

Nội dung.
"""


def test_a_title_smuggling_an_article_is_reported_and_not_built(tmp_path: Path) -> None:
    source = tmp_path / "qc.md"
    source.write_text(SMUGGLED_TITLE, encoding="utf-8")
    checked = run_quyche("check", str(source))
    assert checked.returncode == 1
    assert "QC306" in checked.stdout and "`title` phải là một dòng" in checked.stdout
    built = run_quyche("build", str(source), "--docx", str(tmp_path / "qc.docx"))
    assert built.returncode == 2, built.stderr
    assert built.stderr.count("\n") == 1 and "`title`" in built.stderr
    assert not (tmp_path / "qc.docx").exists()


@pytest.mark.parametrize("text", [
    "Điều 1.\nNơi nhận:\nĐiều 1.\n# Điều 7.\n",
    "Chương I\r\u2028\n",
    "Mục 5\n\u2028Điều 1.",
    "# Điều 1. A\n\nNơi nhận:\n\n# Điều 1. B\n",
])
def test_fmt_lays_out_texts_it_used_to_call_its_own_bug(text: str) -> None:
    once = format_text(text, "f.md")
    assert format_text(once, "f.md") == once


def test_a_long_reference_list_is_reported_in_bounded_output(tmp_path: Path) -> None:
    """1,000 references in one list: each finding quotes at most MAX_QUOTE_CHARS of it."""
    from quyche.check.rules.references import MAX_QUOTE_CHARS

    source = tmp_path / "qc.md"
    source.write_text("# QUY CHẾ\n\n## Điều 1. Phạm vi\n\nTheo " + "khoản 1 Điều 2, " * 1000 + ".\n",
                      encoding="utf-8")
    result = run_quyche("check", str(source))
    assert result.returncode == 1
    findings = [line for line in result.stdout.splitlines() if "QC201" in line]
    assert len(findings) == 1000
    assert all(len(line) < len(str(source)) + MAX_QUOTE_CHARS + 200 for line in findings)
    assert len(result.stdout) < 1_000_000  # was 21 MB
