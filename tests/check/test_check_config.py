"""Rule selection from quyche.yaml and inline suppressions (with unused ones reported)."""

from __future__ import annotations

from pathlib import Path

from quyche.check.finding import Severity
from quyche.check.runner import enabled_rules
from quyche.config import CheckConfig, load_config
from tests.check.helpers import check_text, codes, of

TEXT = ("---\nkind: quy chế\n---\n\n## Điều 1. Phạm vi điều chỉnh\n\n"
        "Quy định này quy định  chế độ làm việc theo \"5 rõ\".\n")
"""QC202 (error), QC301 (errors: fields missing), QC405 and QC406 (warnings)."""


def test_default_runs_every_rule() -> None:
    assert sorted(set(codes(check_text(TEXT)))) == ["QC202", "QC301", "QC405", "QC406"]


def test_select_and_ignore_by_code_and_prefix() -> None:
    assert sorted(set(codes(check_text(TEXT, select=["QC4"])))) == ["QC405", "QC406"]
    assert sorted(set(codes(check_text(TEXT, ignore=["QC4", "QC301"])))) == ["QC202"]
    # the longer prefix wins: QC4 ignored but QC405 selected
    assert sorted(set(codes(check_text(TEXT, select=["QC405"], ignore=["QC4"])))) == ["QC405"]
    # equal length: ignore wins
    assert codes(check_text(TEXT, select=["QC405"], ignore=["QC405"])) == []


def test_severity_overrides_most_specific_wins() -> None:
    enabled = enabled_rules(CheckConfig(severity={"QC4": "info", "QC405": "error", "QC202": "off"}))
    assert enabled["QC406"] == Severity.INFO
    assert enabled["QC405"] == Severity.ERROR
    assert "QC202" not in enabled
    found = check_text(TEXT, severity={"QC4": "info", "QC405": "error", "QC202": "off"})
    assert {f.code: f.severity for f in found} == {"QC301": Severity.ERROR, "QC405": Severity.ERROR,
                                                  "QC406": Severity.INFO}


def test_quyche_yaml_check_section(tmp_path: Path) -> None:
    (tmp_path / "quyche.yaml").write_text("check:\n  select: [QC2, QC4]\n  ignore: [QC406]\n"
                                          "  severity:\n    QC405: error\n", encoding="utf-8")
    config = load_config(tmp_path)
    enabled = enabled_rules(config.check)
    assert "QC406" not in enabled and "QC101" not in enabled and enabled["QC405"] == Severity.ERROR


def test_next_line_suppression_hides_one_line_only() -> None:
    text = ("## Điều 1. Phạm vi\n\n<!-- quyche-disable-next-line QC405 -->\n"
            "Theo tinh thần \"5 rõ\".\n\nVà \"3 cùng\".\n")
    found = of(check_text(text, select=["QC0", "QC4"]), "QC405")
    assert [f.span.line for f in found] == [6]


def test_next_line_skips_blank_lines_and_prefixes_work() -> None:
    text = "## Điều 1. Phạm vi\n\n<!-- quyche-disable-next-line QC4 -->\n\nTheo \"5 rõ\"  nhé.\n"
    assert check_text(text, select=["QC0", "QC4"]) == []


def test_file_wide_suppression() -> None:
    text = "<!-- quyche-disable-file QC405 QC406 -->\n## Điều 1. Phạm vi\n\nTheo \"5 rõ\"  nhé.\n\nVà \"3 cùng\".\n"
    assert check_text(text, select=["QC0", "QC4"]) == []


def test_unused_suppressions_are_reported() -> None:
    text = ("## Điều 1. Phạm vi\n\n<!-- quyche-disable-next-line QC405 QC201 -->\nTheo \"5 rõ\".\n\n"
            "<!-- quyche-disable-file QC402 -->\n<!-- quyche-disable-next-line -->\nKhông có lỗi.\n")
    found = of(check_text(text, select=["QC0", "QC2", "QC4"]), "QC001")
    assert [(f.span.line, f.severity) for f in found] == [(3, Severity.WARNING), (6, Severity.WARNING),
                                                          (7, Severity.WARNING)]
    assert "QC201" in found[0].message and "QC402" in found[1].message and "mọi quy tắc" in found[2].message


def test_suppression_of_a_switched_off_rule_is_not_reported() -> None:
    text = "## Điều 1. Phạm vi\n\n<!-- quyche-disable-next-line QC201 -->\nKhông có lỗi.\n"
    assert check_text(text, select=["QC0", "QC4"]) == []
