"""The signing block of the full text keeps together and stays with the end of the text.

Seen in LibreOffice: "T/M ĐẢNG ỦY / BÍ THƯ" at the foot of one page, the signer's name alone on
the next. The closing row must not split, and the last paragraph keeps with it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from quyche.parse import parse_file
from quyche.render.docx.fulltext import write_fulltext
from tests.conftest import ROOT, pdf_text

EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"


def _closing(path: Path) -> tuple[object, object]:
    doc = docx.Document(str(path))
    closing = doc.tables[-1]
    assert "T/M ĐẢNG ỦY" in closing.rows[0].cells[1].text
    before = closing._tbl.getprevious()
    return closing, before


def test_closing_row_cannot_split_and_the_last_paragraph_keeps_with_it(tmp_path: Path) -> None:
    out = write_fulltext(parse_file(EXAMPLE), tmp_path / "qc.docx")
    closing, before = _closing(out)
    tr_pr = closing.rows[0]._tr.trPr  # type: ignore[attr-defined]
    assert tr_pr is not None and tr_pr.find(qn("w:cantSplit")) is not None
    assert before.tag == qn("w:p")  # type: ignore[attr-defined]
    assert before.find(qn("w:pPr")).find(qn("w:keepNext")) is not None  # type: ignore[attr-defined]


@pytest.mark.slow
def test_signer_name_on_the_same_page_as_the_capacity(tmp_path: Path, soffice: str) -> None:
    # texts of growing length, so that in some of them the closing falls at a page break
    # (without the fix, 32 filler clauses split it here); one LibreOffice run converts them all
    text = EXAMPLE.read_text(encoding="utf-8")
    docs = []
    for n in range(24, 42):
        filler = "\n\n".join(f"{k}. Nội dung bổ sung thứ {k} để văn bản dài thêm một dòng." for k in range(1, n + 1))
        src = tmp_path / f"qc-{n}.md"
        src.write_text(text.replace("## Điều 9. Hiệu lực thi hành",
                                    f"## Điều 8a. Bổ sung\n\n{filler}\n\n## Điều 9. Hiệu lực thi hành"), encoding="utf-8")
        docs.append(write_fulltext(parse_file(src), tmp_path / f"qc-{n}.docx"))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), *map(str, docs)], check=True, capture_output=True, timeout=600)
    for out in docs:
        pages = pdf_text(out.with_suffix(".pdf")).split("\f")
        with_capacity = [i for i, page in enumerate(pages) if "T/M ĐẢNG ỦY" in page]
        with_name = [i for i, page in enumerate(pages) if "Nguyễn Văn An" in page]
        assert with_capacity and with_capacity == with_name[-1:], out.name
