"""Typing slips: a clause or point number glued to its text, or glued onto the previous
clause's line after a tab or several spaces, is still its own clause or point (QC109 says so)."""

from __future__ import annotations

from quyche.model.document import Clause, Point
from quyche.parse.body import split_glued
from quyche.parse.document import parse_text
from quyche.render.markdown import format_text
from tests.check.helpers import FRONT, check_text


def _units(text: str) -> list[tuple[str, str, str, int, int]]:
    doc = parse_text(text)
    return [(u.kind, u.number, u.text, u.span.line, u.span.column) for u in doc.units()
            if isinstance(u, (Clause, Point))]


def test_number_glued_to_its_text() -> None:
    text = FRONT + "## Điều 1. Trách nhiệm\n\n10. Mười.\n\n11.Thực hiện việc khác.\n\n1. Gồm:\n\nb)Trách nhiệm hai.\n"
    units = _units(text)
    assert ("clause", "11", "Thực hiện việc khác.") in [u[:3] for u in units]
    assert ("point", "b", "Trách nhiệm hai.") in [u[:3] for u in units]


def test_clause_glued_onto_the_previous_line() -> None:
    line = "1. Làm A.\t2. Làm B.   3. Làm C; theo 4. ý khác.  a) không"
    text = FRONT + f"## Điều 1. Trách nhiệm\n\n{line}\n\na) Một;  b) Hai\n"
    units = _units(text)
    n = len(FRONT.split("\n")) + 2
    assert units[:3] == [("clause", "1", "Làm A.", n, 1), ("clause", "2", "Làm B.", n, 11),
                         ("clause", "3", "Làm C; theo 4. ý khác.  a) không", n, 23)]
    assert [u[:3] for u in units[3:]] == [("point", "a", "Một;"), ("point", "b", "Hai")]


def test_only_the_next_number_splits_a_line() -> None:
    assert split_glued("1. Ví dụ  2. tiếp") == [10]
    assert split_glued("1. Ví dụ  5. không phải khoản sau") == []
    assert split_glued("1. Ví dụ 2. một dấu cách thì là chữ") == []
    assert split_glued("Căn cứ  2. không phải khoản") == []
    assert split_glued("a) Một;\tb) Hai;\tc) Ba") == [8, 16]


def test_qc109_reports_both_slips_with_the_fix() -> None:
    text = FRONT + "## Điều 1. Trách nhiệm\n\n1. Một.\t2. Hai.\n\n3.Ba.\n"
    found = [(f.span.line, f.span.column, f.message, f.hint) for f in check_text(text) if f.code == "QC109"]
    n = len(FRONT.split("\n")) + 2
    assert [(line, col) for line, col, *_ in found] == [(n, 9), (n + 2, 1)]
    assert "nằm chung dòng" in found[0][2] and "xuống dòng" in found[0][3]
    assert "\"3.Ba.\"" in found[1][2] and "\"3. Ba.\"" in found[1][3]


def test_fmt_writes_the_slips_out_and_reads_the_same() -> None:
    text = FRONT + "## Điều 1. Trách nhiệm\n\n1. Một.\t2. Hai.\n\n3.Ba.\n\nb)Bốn.\n"
    out = format_text(text)
    assert "2. Hai." in out.split("\n") and "3. Ba." in out.split("\n")
    assert parse_text(out) == parse_text(text)
    assert not [f for f in check_text(out) if f.code == "QC109"]
