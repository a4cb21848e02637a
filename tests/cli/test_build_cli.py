"""`quyche build` as a user types it: only a PDF, wrong file endings, nothing asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, pdf_text, run_quyche

EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"


@pytest.mark.parametrize(("args", "expected"), [
    ((), "Hãy chỉ ra tệp cần tạo: --docx quy-che.docx, --pdf quy-che.pdf, hoặc cả hai."),
    (("--docx", "{tmp}/qc.txt"), "{tmp}/qc.txt: tệp tạo bằng --docx phải có đuôi .docx, ví dụ --docx quy-che.docx."),
    (("--docx", "{tmp}/qc.docx", "--pdf", "{tmp}/qc.docx"),
     "{tmp}/qc.docx: tệp tạo bằng --pdf phải có đuôi .pdf, ví dụ --pdf quy-che.pdf."),
])
def test_build_refuses_in_one_line(tmp_path: Path, args: tuple[str, ...], expected: str) -> None:
    result = run_quyche("build", str(EXAMPLE), *(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 2
    assert result.stderr.strip() == expected.format(tmp=tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_build_only_a_pdf(tmp_path: Path, soffice: str) -> None:
    pdf = tmp_path / "quy-che.pdf"
    result = run_quyche("build", str(EXAMPLE), "--pdf", str(pdf), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == f"Đã tạo {pdf} (9 điều)."
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quy-che.pdf"]  # no DOCX left behind
    assert "Điều 9. Hiệu lực thi hành" in pdf_text(pdf)
