"""`quyche outline` into a pipe or a file keeps each entry on one line (no wrap at 80 columns)."""

from __future__ import annotations

from tests.conftest import ROOT, run_quyche

EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"


def test_piped_outline_has_one_line_per_entry() -> None:
    result = run_quyche("outline", str(EXAMPLE), env={"COLUMNS": "60"})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    articles = [line for line in lines if "Điều " in line and "(dòng " in line]
    assert len(articles) == 9
    assert all(line.rstrip().endswith(")") for line in articles), articles
    assert any(len(line) > 80 for line in articles)
    assert "\x1b[" not in result.stdout  # no colour codes in a pipe
