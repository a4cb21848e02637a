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
from quyche.render.docx.table_document import CELL_PT, close_table_document, open_table_document

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
    current: str = ""
    """The draft's wording an imported proposal edits ("" when none)."""
    proposed: str = ""
    """The wording proposed instead ("" when none)."""
    where: str = ""
    """Where an opinion no article held stood in the file it came from."""


MARKS: Final = {"equal": base.Mark.PLAIN, "delete": base.Mark.DELETED, "insert": base.Mark.INSERTED}


def add_wording(cell: object, current: str, proposed: str, size: float) -> None:
    """The draft's wording with the words a proposal removes struck, then the proposed wording
    with the words it adds in bold, as the comparison table marks them."""
    from quyche.diff.words import Segment, diff_words

    sides: list[tuple[str, tuple[Segment, ...]]] = [("Đề nghị sửa thành: ", ())]
    if current:
        diff = diff_words(current, proposed)
        sides = [("Dự thảo: ", diff.old), ("Đề nghị sửa thành: ", diff.new)]
    for label, segments in sides:
        para = base.add_text(cell, "", size_pt=size, align="justify", space_after_pt=0)
        base.set_run(para.add_run(label), size_pt=size, italic=True)
        marks = [(s.text, MARKS[s.op]) for s in segments] or [(proposed, base.Mark.PLAIN)]
        base.add_marked_runs(para, marks, size)


def write_comments_report(path: Path, *, header: base.HeaderInfo, subject: str, general: Sequence[CommentRow],
                          specific: Sequence[CommentRow], totals: str, signing: SigningBlock | None,
                          distribution: Sequence[str], layout_config: dict[str, object] | None = None,
                          overwrite: bool = False) -> Path:
    """Write the synthesis table as a DOCX."""
    td = open_table_document(header=header, title=TITLE, subject=subject, columns=COLUMNS, shares=WIDTHS,
                             layout_config=layout_config)
    size = CELL_PT
    counter = 0
    for title, rows in (("I. GÓP Ý CHUNG", general), ("II. GÓP Ý VÀO CÁC ĐIỀU, KHOẢN CỤ THỂ", specific)):
        base.shade(td.add_full_row(title, bold=True))
        if not rows:
            td.add_full_row("Không có ý kiến.", italic=True)
        for row in rows:
            counter += 1
            cells = td.add_row()
            base.add_text(cells[0], str(counter), size_pt=size, align="center", space_after_pt=0)
            base.add_text(cells[1], row.reference or "Chung", size_pt=size, space_after_pt=0)
            base.add_text(cells[2], row.text, size_pt=size, align="justify", space_after_pt=0)
            if row.proposed:
                add_wording(cells[2], row.current, row.proposed, size)
            if row.where:
                base.add_text(cells[2], f"(Vị trí trong tệp góp ý: {row.where})", size_pt=size, italic=True,
                              space_after_pt=0)
            base.add_text(cells[3], row.source, size_pt=size, space_after_pt=0)
            if row.response:
                base.add_text(cells[4], row.response, size_pt=size, align="justify", space_after_pt=0)
            else:
                base.add_text(cells[4], "(Chưa có ý kiến tiếp thu, giải trình)", size_pt=size, italic=True,
                              space_after_pt=0)
    return close_table_document(td, path, total=totals, signing=signing, distribution=distribution,
                                keywords="tổng hợp ý kiến; tiếp thu; giải trình", overwrite=overwrite)
