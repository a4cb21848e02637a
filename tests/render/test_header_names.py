"""The issuing body's name never breaks in the middle of a name in the header column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quyche.parse import parse_text
from quyche.render.docx.base import PageLayout
from quyche.render.docx.fulltext import write_fulltext
from quyche.render.docx.header_fit import fit_name
from tests.conftest import ROOT, docx_to_pdf, pdf_text

EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"
COLUMN = PageLayout().text_width_mm * 0.45 - 2.0


@pytest.mark.parametrize(("name", "lines"), [
    ("ĐẢNG ỦY PHƯỜNG AN HÒA", ["ĐẢNG ỦY PHƯỜNG AN HÒA"]),
    ("ĐẢNG ỦY PHƯỜNG PHÚC LỢI", ["ĐẢNG ỦY", "PHƯỜNG PHÚC LỢI"]),
    ("ĐẢNG ỦY PHƯỜNG NGUYỄN THÁI BÌNH", ["ĐẢNG ỦY", "PHƯỜNG NGUYỄN THÁI BÌNH"]),
    ("ĐẢNG ỦY CƠ QUAN ỦY BAN NHÂN DÂN TỈNH", ["ĐẢNG ỦY CƠ QUAN ỦY", "BAN NHÂN DÂN TỈNH"]),
])
def test_a_long_name_breaks_before_the_unit_name(name: str, lines: list[str]) -> None:
    fitted = fit_name(name, COLUMN, 14, bold=True)
    assert [text for text, _ in fitted] == lines
    assert all(12 <= size <= 14 for _, size in fitted)


def _header_docx(tmp_path: Path, issuer: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8").replace("ĐẢNG ỦY PHƯỜNG AN HÒA", issuer)
    return write_fulltext(parse_text(text, "qc.md"), tmp_path / "qc.docx")


def test_the_header_paragraphs_keep_each_part_whole(tmp_path: Path) -> None:
    import docx

    cell = docx.Document(str(_header_docx(tmp_path, "ĐẢNG ỦY PHƯỜNG PHÚC LỢI"))).tables[0].rows[0].cells[0]
    assert [p.text for p in cell.paragraphs][:3] == ["ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY", "PHƯỜNG PHÚC LỢI"]


@pytest.mark.slow
@pytest.mark.parametrize("issuer", ["ĐẢNG ỦY PHƯỜNG PHÚC LỢI", "ĐẢNG ỦY PHƯỜNG NGUYỄN THÁI BÌNH", "ĐẢNG ỦY PHƯỜNG AN HÒA"])
def test_rendered_header_lines_never_split_a_name(tmp_path: Path, soffice: str, issuer: str) -> None:
    pdf = docx_to_pdf(soffice, _header_docx(tmp_path, issuer), tmp_path)
    first_page = pdf_text(pdf).split("\f")[0]
    # the left column's lines, as printed
    lines = [re.split(r"\s{3,}", line.strip())[0] for line in first_page.splitlines()[:8] if line.strip()]
    unit = issuer.split(" ", 2)[2]  # "PHƯỜNG PHÚC LỢI"
    assert any(unit in line for line in lines), lines
    for line in lines:  # no line ends inside the unit's name
        words = line.split()
        tail = unit.split()
        for k in range(1, len(tail)):
            assert words[-k:] != tail[:k] or k == len(tail), (line, lines)
