"""Every rule against its Vietnamese fixtures: fail.md triggers it where expected, pass.md is clean.

The pass fixtures carry the corner cases a rule must accept ("Điều 3a", lists of references,
references to other documents, old-style tone marks used consistently …) and must produce no
finding of any rule at all.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.check.registry import RULES
from quyche.check.rules import load_rules
from quyche.check.runner import check_file
from quyche.config import Config
from tests.check.helpers import check_text, of

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rules"

EXPECTED_LINES = {
    "QC001": [29], "QC101": [33], "QC102": [47], "QC103": [31], "QC104": [47], "QC105": [29],
    "QC106": [47], "QC107": [33], "QC108": [47], "QC201": [45, 45, 45], "QC202": [49], "QC203": [31],
    "QC204": [31], "QC301": [14], "QC302": [6], "QC303": [3], "QC304": [3], "QC305": [4],
    "QC306": [10], "QC307": [12], "QC401": [49], "QC402": [49], "QC403": [49], "QC404": [49],
    "QC405": [49], "QC406": [49], "QC407": [49], "QC408": [49], "QC109": [31],
}  # fmt: skip
"""Lines where each fail.md must be reported: the line of the defect, nothing else."""


def _check(path: Path) -> list:  # type: ignore[type-arg]
    return check_file(path, Config(root=path.parent))


def test_every_rule_has_fixtures() -> None:
    load_rules()
    # QC5xx: conformance, tested there; QC205 compares with an earlier version (tests/check/test_stale_references.py)
    own = {code for code in RULES if not code.startswith("QC5") and code != "QC205"}
    assert own == set(EXPECTED_LINES)
    for code in own:
        assert (FIXTURES / code / "fail.md").is_file() and (FIXTURES / code / "pass.md").is_file()


@pytest.mark.parametrize("code", sorted(EXPECTED_LINES))
def test_fail_fixture_reports_the_rule_at_the_defect(code: str) -> None:
    findings = _check(FIXTURES / code / "fail.md")
    assert [f.span.line for f in findings if f.code == code] == EXPECTED_LINES[code]
    assert all(f.code == code for f in findings), [(f.code, f.message) for f in findings]
    for f in findings:
        assert f.message and f.hint, "every finding says what is wrong and how to fix it"
        assert f.rule == RULES[code].name


@pytest.mark.parametrize("code", sorted(EXPECTED_LINES))
def test_pass_fixture_is_clean(code: str) -> None:
    findings = _check(FIXTURES / code / "pass.md")
    assert findings == [], [(f.code, f.span.line, f.message) for f in findings]


def test_messages_name_the_problem_in_vietnamese() -> None:
    chapter = _check(FIXTURES / "QC101" / "fail.md")[0]
    assert "thiếu Chương II, III" in chapter.message
    article = _check(FIXTURES / "QC102" / "fail.md")[0]
    assert "sau Điều 3 là Điều 6" in article.message and "Điều 4 đến Điều 5" in article.message
    points = _check(FIXTURES / "QC104" / "fail.md")[0]
    assert "thiếu điểm đ" in points.message
    refs = [f.message for f in _check(FIXTURES / "QC201" / "fail.md")]
    assert any("khoản 1 Điều 3 không có điểm đ" in m for m in refs)
    assert any("Điều 2 không có khoản 5" in m for m in refs)
    assert any("văn bản không có Điều 9" in m for m in refs)
    tone = _check(FIXTURES / "QC404" / "fail.md")[0]
    assert "\"hoá\"" in tone.message and "kiểu cũ" in tone.message and "\"hóa\"" in tone.hint
    number = _check(FIXTURES / "QC303" / "fail.md")[0]
    assert "\"01-QC/ĐU\"" in number.hint


def test_point_letters_f_and_missing_d_stroke() -> None:
    from tests.check.helpers import check_text, of

    text = ("## Điều 1. Nhiệm vụ\n\n1. Gồm:\n\n   a) Một;\n\n   b) Hai;\n\n   c) Ba;\n\n   d) Bốn;\n\n"
            "   đ) Năm;\n\n   e) Sáu;\n\n   f) Bảy.\n")
    found = of(check_text(text), "QC104")
    assert len(found) == 1 and "f)" in found[0].message and "điểm g)" in found[0].hint


def test_inserted_articles_and_decision_block_restart() -> None:
    from tests.check.helpers import check_text, of

    decision = ("Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\n\n"
                "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n\n"
                "QUY CHẾ\n\nChương I\nQUY ĐỊNH CHUNG\n\n"
                "Điều 1. Phạm vi điều chỉnh\n1. Quy chế này quy định chế độ làm việc.\n\n"
                "Điều 2. Đối tượng\n1. Áp dụng theo khoản 1 Điều 1 Quy chế này.\n")
    assert of(check_text(decision), "QC102") == []
    again = ("## Điều 1. A\n\nMột.\n\n## Điều 2. B\n\nHai.\n\n## Điều 1. C\n\nBa.\n")
    found = of(check_text(again), "QC102")
    assert len(found) == 1 and "bị lùi" in found[0].message
    inserted = "## Điều 1. A\n\nMột.\n\n## Điều 1b. B\n\nHai.\n"
    assert len(of(check_text(inserted), "QC102")) == 1


@pytest.mark.parametrize(("text", "word"), [
    ("Ban Chấp hành §¶ng bộ", "§¶ng"),      # TCVN3 (.VnTime): Đảng
    ("Uû ban nhân dân", "Uû"),               # VNI: Ủy
    ("Ñieàu 5 quy ñònh", "Ñieàu"),           # VNI: Điều
    ("Céng hoµ x· héi", "hoµ"),               # TCVN3: hoà
    ("Ch\u00ad¬ng II", "Ch\u00ad¬ng"),        # TCVN3: Chương, ư as a soft hyphen
])
def test_legacy_mojibake_is_found(text: str, word: str) -> None:
    from tests.check.helpers import check_text, of

    found = of(check_text(f"## Điều 1. A\n\n{text}.\n", select=["QC403"]), "QC403")
    assert len(found) == 1 and f"\"{word}\"" in found[0].message


@pytest.mark.parametrize("text", ["ông Müller", "nhiệt độ 25°C, diện tích 30 m²", "mục § 3", "½ số phiếu"])
def test_legacy_check_leaves_foreign_words_and_symbols(text: str) -> None:
    from tests.check.helpers import check_text, of

    assert of(check_text(f"## Điều 1. A\n\n{text}.\n", select=["QC403"]), "QC403") == []


def test_unquoted_impossible_date_is_a_finding_not_a_crash() -> None:
    from tests.check.helpers import FRONT, check_text, of

    found = of(check_text(FRONT.replace("date: 2025-07-15", "date: 2025-02-30") + "## Điều 1. A\n\nB.\n"), "QC305")
    assert len(found) == 1 and "không có thật" in found[0].message and found[0].span.line == 4
    found = of(check_text(FRONT.replace("date: 2025-07-15", "date: 15/7/2025") + "## Điều 1. A\n\nB.\n"), "QC305")
    assert len(found) == 1 and "`date: 2025-07-15`" in found[0].hint


_CELL = """---
kind: quy chế
authority: Chi bộ
signing:
  capacity: {capacity}
  title: BÍ THƯ
  name: Trần Thị Lan
---

## Điều 1. Phạm vi điều chỉnh

Quy chế này quy định chế độ làm việc của Chi bộ.
"""


def test_qc307_a_party_cell_signs_for_itself() -> None:
    assert of(check_text(_CELL.format(capacity="T/M CHI BỘ"), select=["QC307"]), "QC307") == []
    wrong = of(check_text(_CELL.format(capacity="T/M ĐẢNG ỦY"), select=["QC307"]), "QC307")
    assert len(wrong) == 1 and "T/M CHI BỘ" in wrong[0].hint
