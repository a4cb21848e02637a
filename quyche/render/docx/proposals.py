"""Biểu tổng hợp nội dung đề nghị sửa đổi, bổ sung: the summary of proposed changes (landscape).

STT | Điều, khoản | Quy định hiện hành | Nội dung đề nghị sửa đổi, bổ sung | Lý do, căn cứ
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from quyche.model.frontmatter import SigningBlock
from quyche.render.docx import base
from quyche.render.docx.table_document import CELL_PT, close_table_document, open_table_document

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


OPINIONS_TITLE: Final = "Đề nghị sửa đổi của cơ quan, đơn vị, cá nhân góp ý"


def _marked(cells: Sequence[Any], current: str, proposed: str, size: float) -> None:
    """Draft wording with removed words struck, proposed wording with added words bold."""
    from quyche.diff.words import diff_words
    from quyche.render.docx.comments_report import MARKS

    diff = diff_words(current, proposed)
    for cell, segments, text in ((cells[2], diff.old, current), (cells[3], diff.new, proposed)):
        para = base.add_text(cell, "", size_pt=size, align="justify", space_after_pt=0)
        base.add_marked_runs(para, [(s.text, MARKS[s.op]) for s in segments] or [(text, base.Mark.PLAIN)], size)


def write_proposals(path: Path, *, header: base.HeaderInfo, subject: str, rows: Sequence[ProposalRow],
                    signing: SigningBlock | None, distribution: Sequence[str],
                    layout_config: dict[str, object] | None = None, overwrite: bool = False,
                    opinions: Sequence[ProposalRow] = ()) -> Path:
    """Write the summary of proposed changes as a DOCX; `opinions` (wording proposed by those
    consulted, imported from Word) follow under their own title, marked against the draft."""
    td = open_table_document(header=header, title=TITLE, subject=subject, columns=COLUMNS, shares=WIDTHS,
                             layout_config=layout_config)
    size = CELL_PT
    if not rows:
        td.add_full_row("Không có nội dung đề nghị sửa đổi, bổ sung.", italic=True, space_after_pt=None)
    for i, row in enumerate(rows, start=1):
        cells = td.add_row()
        base.add_text(cells[0], str(i), size_pt=size, align="center", space_after_pt=0)
        base.add_text(cells[1], row.reference, size_pt=size, bold=True, space_after_pt=2)
        base.add_text(cells[1], f"({row.kind})", size_pt=size, italic=True, space_after_pt=0)
        _lines(cells[2], row.current, size, "(Chưa có quy định)")
        _lines(cells[3], row.proposed, size, "(Bãi bỏ)")
        base.add_text(cells[4], row.reason, size_pt=size, align="justify", space_after_pt=0)
    if opinions:
        base.shade(td.add_full_row(OPINIONS_TITLE, bold=True))
    for i, row in enumerate(opinions, start=len(rows) + 1):
        cells = td.add_row()
        base.add_text(cells[0], str(i), size_pt=size, align="center", space_after_pt=0)
        base.add_text(cells[1], row.reference, size_pt=size, bold=True, space_after_pt=2)
        base.add_text(cells[1], f"({row.kind})", size_pt=size, italic=True, space_after_pt=0)
        if row.current:
            _marked(cells, row.current, row.proposed, size)
        else:
            _lines(cells[2], "", size, "(Xem dự thảo)")
            _lines(cells[3], row.proposed, size, "")
        base.add_text(cells[4], row.reason, size_pt=size, align="justify", space_after_pt=0)
    total = f"Tổng số: {len(rows)} nội dung đề nghị sửa đổi, bổ sung"
    total += f"; {len(opinions)} đề nghị sửa của các cơ quan, đơn vị, cá nhân góp ý." if opinions else "."
    return close_table_document(td, path, total=total, signing=signing, distribution=distribution,
                                keywords="đề nghị sửa đổi, bổ sung", overwrite=overwrite)
