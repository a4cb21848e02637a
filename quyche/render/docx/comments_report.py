"""Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý: the comment synthesis table (landscape).

STT | Điều, khoản | Nội dung góp ý | Cơ quan, đơn vị, cá nhân góp ý | Tiếp thu, giải trình; general
comments first, then by article, totals at the end. Built on base.py like every quyche DOCX.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from quyche.model.frontmatter import SigningBlock
from quyche.render.docx import base

TITLE: Final = "Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý"
COLUMNS: Final = ("STT", "Điều, khoản", "Nội dung góp ý", "Cơ quan, đơn vị, cá nhân góp ý", "Tiếp thu, giải trình")
WIDTHS: Final = (0.05, 0.12, 0.33, 0.18, 0.32)
"""Column shares of the text width."""


@dataclass(frozen=True, slots=True)
class CommentRow:
    """One comment as the table shows it."""

    reference: str
    text: str
    source: str
    response: str
    """"Tiếp thu." / "Không tiếp thu. Lý do: …"; "" when not answered yet."""


def write_comments_report(path: Path, *, header: base.HeaderInfo, subject: str, general: Sequence[CommentRow],
                          specific: Sequence[CommentRow], totals: str, signing: SigningBlock | None,
                          distribution: Sequence[str], layout_config: dict[str, object] | None = None,
                          overwrite: bool = False) -> Path:
    """Write the synthesis table as a DOCX."""
    layout = base.PageLayout.from_config(layout_config, **_landscape())
    doc = base.new_document(layout)
    base.add_party_header(doc, header, layout, show_number=False)
    base.add_document_title(doc, TITLE, subject, layout=layout)
    size = 12.0
    widths = [round(layout.text_width_mm * w, 1) for w in WIDTHS]
    table = base.fixed_table(doc, widths, rows=1)
    base.header_row(table, COLUMNS, widths, size)
    counter = 0
    for title, rows in (("I. GÓP Ý CHUNG", general), ("II. GÓP Ý VÀO CÁC ĐIỀU, KHOẢN CỤ THỂ", specific)):
        cell = base.merge_row(base.add_row(table, widths))
        base.add_text(cell, title, size_pt=size, bold=True, space_after_pt=0)
        base.shade(cell)
        if not rows:
            cell = base.merge_row(base.add_row(table, widths))
            base.add_text(cell, "Không có ý kiến.", size_pt=size, italic=True, space_after_pt=0)
        for row in rows:
            counter += 1
            cells = base.add_row(table, widths)
            base.add_text(cells[0], str(counter), size_pt=size, align="center", space_after_pt=0)
            base.add_text(cells[1], row.reference or "Chung", size_pt=size, space_after_pt=0)
            base.add_text(cells[2], row.text, size_pt=size, align="justify", space_after_pt=0)
            base.add_text(cells[3], row.source, size_pt=size, space_after_pt=0)
            if row.response:
                base.add_text(cells[4], row.response, size_pt=size, align="justify", space_after_pt=0)
            else:
                base.add_text(cells[4], "(Chưa có ý kiến tiếp thu, giải trình)", size_pt=size, italic=True,
                              space_after_pt=0)
    total = base.merge_row(base.add_row(table, widths))
    base.add_text(total, totals, size_pt=size, bold=True, space_after_pt=0)
    base.add_text(doc, "", space_after_pt=6)
    base.add_closing(doc, signing, distribution, layout)
    base.add_page_numbers(doc, skip_first=True)
    base.set_properties(doc, title=TITLE, subject=subject, keywords="tổng hợp ý kiến; tiếp thu; giải trình")
    return base.save_docx(doc, path, overwrite=overwrite)


def _landscape() -> dict[str, object]:
    lt = base.LANDSCAPE_TABLE
    return {"landscape": True, "top_mm": lt.top_mm, "bottom_mm": lt.bottom_mm, "left_mm": lt.left_mm,
            "right_mm": lt.right_mm, "font_size_pt": lt.font_size_pt}
