"""Biểu tổng hợp nội dung đề nghị sửa đổi, bổ sung: the summary of proposed changes (landscape).

STT | Điều, khoản | Quy định hiện hành | Nội dung đề nghị sửa đổi, bổ sung | Lý do, căn cứ
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from quyche.model.frontmatter import SigningBlock
from quyche.render.docx import base
from quyche.render.docx.comments_report import _landscape

TITLE: Final = "Biểu tổng hợp nội dung đề nghị sửa đổi, bổ sung"
COLUMNS: Final = ("STT", "Điều, khoản", "Quy định hiện hành", "Nội dung đề nghị sửa đổi, bổ sung", "Lý do, căn cứ")
WIDTHS: Final = (0.05, 0.11, 0.32, 0.32, 0.20)


@dataclass(frozen=True, slots=True)
class ProposalRow:
    """One proposed change."""

    reference: str
    kind: str
    """"Sửa đổi, bổ sung" / "Bổ sung mới" / "Bãi bỏ"."""
    current: str
    proposed: str
    reason: str = ""


def _lines(cell: object, text: str, size: float, placeholder: str) -> None:
    lines = [line for line in text.split("\n") if line.strip()] or [placeholder]
    for line in lines:
        base.add_text(cell, line, size_pt=size, align="justify", space_after_pt=2,
                      italic=line == placeholder)


def write_proposals(path: Path, *, header: base.HeaderInfo, subject: str, rows: Sequence[ProposalRow],
                    signing: SigningBlock | None, distribution: Sequence[str],
                    layout_config: dict[str, object] | None = None, overwrite: bool = False) -> Path:
    """Write the summary of proposed changes as a DOCX."""
    layout = base.PageLayout.from_config(layout_config, **_landscape())
    doc = base.new_document(layout)
    base.add_party_header(doc, header, layout, show_number=False)
    base.add_document_title(doc, TITLE, subject, layout=layout)
    size = 12.0
    widths = [round(layout.text_width_mm * w, 1) for w in WIDTHS]
    table = base.fixed_table(doc, widths, rows=1)
    base.header_row(table, COLUMNS, widths, size)
    if not rows:
        cell = base.merge_row(base.add_row(table, widths))
        base.add_text(cell, "Không có nội dung đề nghị sửa đổi, bổ sung.", size_pt=size, italic=True)
    for i, row in enumerate(rows, start=1):
        cells = base.add_row(table, widths)
        base.add_text(cells[0], str(i), size_pt=size, align="center", space_after_pt=0)
        base.add_text(cells[1], row.reference, size_pt=size, bold=True, space_after_pt=2)
        base.add_text(cells[1], f"({row.kind})", size_pt=size, italic=True, space_after_pt=0)
        _lines(cells[2], row.current, size, "(Chưa có quy định)")
        _lines(cells[3], row.proposed, size, "(Bãi bỏ)")
        base.add_text(cells[4], row.reason, size_pt=size, align="justify", space_after_pt=0)
    total = base.merge_row(base.add_row(table, widths))
    base.add_text(total, f"Tổng số: {len(rows)} nội dung đề nghị sửa đổi, bổ sung.", size_pt=size, bold=True,
                  space_after_pt=0)
    base.add_text(doc, "", space_after_pt=6)
    base.add_closing(doc, signing, distribution, layout)
    base.add_page_numbers(doc, skip_first=True)
    base.set_properties(doc, title=TITLE, subject=subject, keywords="đề nghị sửa đổi, bổ sung")
    return base.save_docx(doc, path, overwrite=overwrite)
