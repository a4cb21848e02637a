"""docs/rules.md is generated from the rules and its examples really do what they say."""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.check.docs import examples, render_rules_md, sections
from quyche.check.registry import RULES
from quyche.check.rules import load_rules
from tests.check.helpers import check_text

load_rules()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rules_md_is_up_to_date() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_rules_md(), (
        "docs/rules.md is stale: run `python -m quyche.check.docs`")


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_documentation_has_why_wrong_right(code: str) -> None:
    rule = RULES[code]
    parts = sections(rule)
    assert {"Vì sao", "Sai", "Đúng"} <= set(parts), code
    assert len(parts["Vì sao"]) > 40
    assert rule.name == rule.name.lower() and " " not in rule.name


SELF_CONTAINED = sorted(code for code in RULES if not code.startswith("QC5") and code != "QC205")
"""QC5xx (template conformance) examples only make sense with a template layout recorded in
quyche.yaml; tests/scaffold/test_conformance.py runs those rules. QC205 compares with an earlier
version in git: tests/check/test_stale_references.py runs its examples against one."""


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_both_examples(code: str) -> None:
    wrong, right = examples(RULES[code])
    assert wrong.strip() and right.strip() and wrong != right


@pytest.mark.parametrize("code", SELF_CONTAINED)
def test_wrong_example_triggers_and_right_example_does_not(code: str) -> None:
    wrong, right = examples(RULES[code])
    assert code in [f.code for f in check_text(wrong)], f"{code}: the 'Sai' example is not reported"
    assert code not in [f.code for f in check_text(right)], f"{code}: the 'Đúng' example is reported"


def test_codes_are_unique_and_well_formed() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
    for code in RULES:
        assert len(code) == 5 and code.startswith("QC") and code[2:].isdigit()
