"""A titled landscape table document: the shape the round's synthesis and proposals tables share.

Party header (no number line), the document title, one wide table with a repeated header row,
then a bold total row, the signing block with "Nơi nhận", page numbers from page two.
The comparison table (comparison.py) is a different document: a legend, no signing block,
"page x of y" numbers, widths fixed in mm; it shares only base.landscape_layout.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx.table import Table, _Cell

from quyche.model.frontmatter import SigningBlock
from quyche.render.docx import base

CELL_PT = 12.0
"""Cell text size of these tables (the page itself follows LANDSCAPE_TABLE / quyche.yaml)."""


@dataclass(slots=True)
class TableDocument:
    """A document being written: its page, the table and the column widths in mm."""

    doc: base.DocumentT
    layout: base.PageLayout
    table: Table
    widths: list[float]
    title: str
    subject: str
    header: base.HeaderInfo
    """Names the issuing body in the document properties too."""

    def add_row(self) -> list[_Cell]:
        return base.add_row(self.table, self.widths)

    def add_full_row(self, text: str, *, bold: bool = False, italic: bool = False,
                     space_after_pt: float | None = 0) -> _Cell:
        """A row of one merged cell (a group title, "none" line or total)."""
        cell = base.merge_row(self.add_row())
        base.add_text(cell, text, size_pt=CELL_PT, bold=bold, italic=italic, space_after_pt=space_after_pt)
        return cell


def open_table_document(*, header: base.HeaderInfo, title: str, subject: str, columns: Sequence[str],
                        shares: Sequence[float], layout_config: dict[str, object] | None) -> TableDocument:
    """Page, header, title and the table with its header row; `shares` are column shares of the text width."""
    layout = base.landscape_layout(layout_config)
    doc = base.new_document(layout)
    base.add_party_header(doc, header, layout, show_number=False)
    base.add_document_title(doc, title, subject, layout=layout)
    widths = [round(layout.text_width_mm * w, 1) for w in shares]
    table = base.fixed_table(doc, widths, rows=1)
    base.header_row(table, columns, widths, CELL_PT)
    return TableDocument(doc, layout, table, widths, title, subject, header)


def close_table_document(td: TableDocument, path: Path, *, total: str, signing: SigningBlock | None,
                         distribution: Sequence[str], keywords: str, overwrite: bool = False) -> Path:
    """The bold total row, the signing block, page numbers and properties; then save atomically."""
    td.add_full_row(total, bold=True)
    base.add_text(td.doc, "", space_after_pt=6)
    base.add_closing(td.doc, signing, distribution, td.layout)
    base.add_page_numbers(td.doc, skip_first=True)
    base.set_properties(td.doc, title=td.title, subject=td.subject, issuer=td.header.issuer, keywords=keywords,
                        date=td.header.full_date)
    return base.save_docx(td.doc, path, overwrite=overwrite)
