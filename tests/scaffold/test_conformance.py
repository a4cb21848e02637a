"""QC501-QC503: a regulation made from a template keeps its required articles and chapter layout."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import quyche.check.rules.conformance  # noqa: F401  (registers the rules)
from quyche.check.registry import RULES, CheckContext, Report
from quyche.config import load_config
from quyche.parse.document import parse_source
from quyche.parse.source import read_source
from tests.conftest import run_quyche
from tests.scaffold.scaffold_helpers import make_repo


def run_rules(path: Path) -> dict[str, list[Report]]:
    """Every QC5xx rule over one file, as the check runner calls them."""
    source = read_source(path)
    doc = parse_source(source)
    ctx = CheckContext(path=str(path), source=source, config=load_config(path))
    return {code: list(RULES[code].func(doc, ctx)) for code in ("QC501", "QC502", "QC503")}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path, "tinh-uy").dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_rules_are_registered_with_codes_names_and_severities() -> None:
    assert (RULES["QC501"].name, RULES["QC501"].severity.value) == ("template-required-article", "error")
    assert (RULES["QC502"].name, RULES["QC502"].severity.value) == ("template-chapter-layout", "warning")
    assert RULES["QC503"].severity.value == "warning"
    assert all("Vì sao" in RULES[c].doc and "Sai" in RULES[c].doc for c in ("QC501", "QC502", "QC503"))


def test_fresh_render_conforms(repo: Path) -> None:
    """Titles with answers in them (Thành ủy, not Tỉnh ủy) match the rendered layout."""
    assert run_rules(repo / "quy-che-lam-viec.md") == {"QC501": [], "QC502": [], "QC503": []}


def test_missing_required_article_is_an_error(repo: Path) -> None:
    path = repo / "quy-che-lam-viec.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("## Điều 28. Rà soát, sửa đổi, bổ sung Quy chế {#sua-doi}")
    end = text.index("## Điều 29.")
    path.write_text(text[:start] + text[end:].replace("## Điều 29.", "## Điều 28."), encoding="utf-8")
    found = run_rules(path)
    assert len(found["QC501"]) == 1
    report = found["QC501"][0]
    assert "“Rà soát, sửa đổi, bổ sung Quy chế” (mã {#sua-doi})" in report.message
    assert "{#sua-doi}" in report.hint
    chapter_line = text[:text.index("# Chương VI.")].count("\n") + 1
    assert report.span.line == chapter_line  # pointed at the chapter it belongs to
    assert found["QC502"] == []


def test_article_found_by_title_when_its_id_was_dropped(repo: Path) -> None:
    path = repo / "quy-che-lam-viec.md"
    _edit(path, "Rà soát, sửa đổi, bổ sung Quy chế {#sua-doi}", "Rà soát, sửa đổi, bổ sung quy chế")
    assert run_rules(path)["QC501"] == []


def test_renamed_article_with_its_id_kept_still_counts(repo: Path) -> None:
    path = repo / "quy-che-lam-viec.md"
    _edit(path, "Rà soát, sửa đổi, bổ sung Quy chế {#sua-doi}", "Sửa đổi Quy chế {#sua-doi}")
    assert run_rules(path)["QC501"] == []


def test_changed_chapter_layout_is_a_warning(repo: Path) -> None:
    path = repo / "quy-che-lam-viec.md"
    _edit(path, "# Chương V. MỐI QUAN HỆ CÔNG TÁC", "# Chương V. QUAN HỆ PHỐI HỢP")
    found = run_rules(path)
    assert found["QC501"] == [] and len(found["QC502"]) == 1
    message = found["QC502"][0].message
    assert "chương thứ 5 là “QUAN HỆ PHỐI HỢP”, mẫu là “MỐI QUAN HỆ CÔNG TÁC”" in message


def test_article_moved_to_another_chapter_is_a_warning(repo: Path) -> None:
    path = repo / "quy-che-lam-viec.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("## Điều 2. Nguyên tắc làm việc {#nguyen-tac}")
    end = text.index("# Chương II.")
    article = text[start:end]
    text = text[:start] + text[end:]
    anchor = text.index("## Điều 11.")
    path.write_text(text[:anchor] + article + text[anchor:], encoding="utf-8")
    found = run_rules(path)
    assert found["QC501"] == []
    assert len(found["QC502"]) == 1 and "{#nguyen-tac}" in found["QC502"][0].message


def test_only_the_configured_regulation_is_checked(repo: Path) -> None:
    other = repo / "du-thao-khac.md"
    other.write_text("---\nkind: quy chế\n---\n\n## Điều 1. Thử {#thu}\n\nNội dung.\n", encoding="utf-8")
    assert run_rules(other) == {"QC501": [], "QC502": [], "QC503": []}


def test_layout_is_read_from_quyche_yaml_not_from_the_template_folder(tmp_path: Path, cli: Any) -> None:
    """A body's own template need not exist where `check` runs (CI): quyche.yaml carries the layout."""
    from tests.scaffold.test_scaffold_hostile import GOOD_REGULATION, make_template

    template = make_template(tmp_path / "mau", {"quy-che-lam-viec.md.jinja": GOOD_REGULATION})
    (template / "template.yaml").write_text(
        (template / "template.yaml").read_text(encoding="utf-8")
        + "layout:\n  - chapter: QUY ĐỊNH CHUNG\n    articles:\n      - {id: pham-vi, title: Phạm vi}\n",
        encoding="utf-8")
    repo = tmp_path / "kho"
    assert cli("new", str(repo), "-t", str(template), "--no-input").exit_code == 0
    shutil.rmtree(template)
    path = repo / "quy-che-lam-viec.md"
    assert run_rules(path) == {"QC501": [], "QC502": [], "QC503": []}
    _edit(path, "## Điều 1. Phạm vi {#pham-vi}", "## Điều 1. Đối tượng áp dụng")
    assert [r.message for r in run_rules(path)["QC501"]] == [
        "Thiếu điều bắt buộc của mẫu `thu`: “Phạm vi” (mã {#pham-vi}), thuộc chương “QUY ĐỊNH CHUNG”."
    ]


def test_hand_written_template_block_from_templates_show(repo: Path, cli: Any) -> None:
    block = cli("templates", "show", "tinh-uy", "--format", "yaml").output
    config = repo / "quyche.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("template:")] + block, encoding="utf-8")
    found = run_rules(repo / "quy-che-lam-viec.md")
    # The defaults say Tỉnh ủy; this repository answered "thành phố": only the layout warns.
    assert found["QC501"] == [] and found["QC503"] == []
    assert len(found["QC502"]) == 1 and "THƯỜNG TRỰC THÀNH ỦY" in found["QC502"][0].message


def test_missing_or_malformed_layout_is_reported_once_and_nothing_else(repo: Path) -> None:
    config = repo / "quyche.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[: text.index("  layout:")], encoding="utf-8")
    found = run_rules(repo / "quy-che-lam-viec.md")
    assert found["QC501"] == [] and found["QC502"] == []
    assert len(found["QC503"]) == 1 and "chưa ghi bố cục" in found["QC503"][0].message
    assert "quyche templates show tinh-uy --format yaml" in found["QC503"][0].hint
    config.write_text(text[: text.index("  layout:")] + "  layout: 3\n", encoding="utf-8")
    found = run_rules(repo / "quy-che-lam-viec.md")
    assert len(found["QC503"]) == 1 and "sai dạng" in found["QC503"][0].message


def test_no_template_in_quyche_yaml_means_no_conformance_rule(tmp_path: Path) -> None:
    (tmp_path / "quyche.yaml").write_text("regulations: [q.md]\n", encoding="utf-8")
    (tmp_path / "q.md").write_text("## Điều 1. Thử\n\nNội dung.\n", encoding="utf-8")
    assert run_rules(tmp_path / "q.md") == {"QC501": [], "QC502": [], "QC503": []}


def test_quyche_check_reports_conformance_end_to_end(repo: Path) -> None:
    path = repo / "quy-che-lam-viec.md"
    _edit(path, "# Chương V. MỐI QUAN HỆ CÔNG TÁC", "# Chương V. QUAN HỆ PHỐI HỢP")
    _edit(path, "Rà soát, sửa đổi, bổ sung Quy chế {#sua-doi}", "Điều khoản cuối {#dieu-khoan-cuoi}")
    proc = run_quyche("check", cwd=repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "QC501" in proc.stdout and "{#sua-doi}" in proc.stdout
    assert "QC502" in proc.stdout and "QUAN HỆ PHỐI HỢP" in proc.stdout
