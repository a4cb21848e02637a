"""The papers a round sends out for opinions (bước lấy ý kiến): the draft and the phiếu góp ý.

The draft is the full text exactly as `build --draft` lays it out, with every article, clause
and point wrapped in a bookmark named from its stable key, and custom document properties
(docProps/custom.xml) saying which regulation, round and commit it was made from: what
`quyche round comments import` needs to put each Word comment and tracked change back on its
unit. The phiếu góp ý is a portrait form: one row per article (Điều | tóm tắt nội dung dự
thảo | ý kiến góp ý | đề xuất sửa), a box for general opinions, and the unit's name and date.

Both documents take their date from the round (never the clock), so the same commit gives the
same document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from xml.sax.saxutils import escape

from quyche.model.document import Regulation
from quyche.render.docx import base

CUSTOM_PROPERTIES_PART: Final = "/docProps/custom.xml"
CUSTOM_PROPERTIES_TYPE: Final = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID: Final = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
"""The format id Word gives every user-defined property."""

FORM_TITLE: Final = "Phiếu góp ý"
FORM_COLUMNS: Final = ("Điều", "Tóm tắt nội dung dự thảo", "Ý kiến góp ý", "Đề xuất sửa")
FORM_SHARES: Final = (0.11, 0.33, 0.30, 0.26)
GENERAL_TITLE: Final = "Ý kiến chung về dự thảo"
UNIT_LABEL: Final = "Cơ quan, đơn vị, cá nhân góp ý:"
DATE_LABEL: Final = "Ngày góp ý:"
SUMMARY_MAX: Final = 120
"""Characters of an article's text shown in the form's summary column."""


@dataclass(frozen=True, slots=True)
class DraftStamp:
    """What the documents record about where they come from (custom document properties)."""

    regulation: str
    round_id: str
    commit: str
    text_blob: str
    """git blob id of the draft text: two commits with the same text make the same draft."""
    kind: str
    """`du-thao` (the draft) or `phieu-gop-y` (the form)."""
    date: dt.date

    def properties(self) -> dict[str, str]:
        """Name → value, in the order written."""
        return {"quyche-regulation": self.regulation, "quyche-round": self.round_id,
                "quyche-commit": self.commit, "quyche-text": self.text_blob, "quyche-kind": self.kind}


def custom_properties_xml(values: dict[str, str]) -> bytes:
    """docProps/custom.xml for string properties (pids from 2, as Word numbers them)."""
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(values.items(), start=2))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>').encode()


def add_custom_properties(doc: base.DocumentT, values: dict[str, str]) -> None:
    """Attach docProps/custom.xml to the package (python-docx has no API for it)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = doc.part.package
    part = Part(PackURI(CUSTOM_PROPERTIES_PART), CUSTOM_PROPERTIES_TYPE, custom_properties_xml(values), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def _stamp(doc: base.DocumentT, stamp: DraftStamp, title: str) -> None:
    """Properties from the round, not the clock: the same commit gives the same bytes."""
    base.set_properties(doc, title=title, subject=f"Vòng {stamp.round_id}", keywords="quyche; lấy ý kiến")
    moment = dt.datetime.combine(stamp.date, dt.time(12, 0))
    doc.core_properties.created = moment
    doc.core_properties.modified = moment
    add_custom_properties(doc, stamp.properties())


def build_draft(reg: Regulation, spans: dict[int, str], stamp: DraftStamp,
                layout: base.PageLayout | None = None) -> base.DocumentT:
    """The draft for comments: the full text with a bookmark around every anchored unit."""
    from quyche.render.docx.fulltext import build_document

    doc = build_document(reg, layout, draft=stamp.date, spans=spans)
    fm = reg.front_matter
    title = " ".join(x for x in ((fm.title or fm.kind) if fm else None, fm.subject if fm else None) if x)
    _stamp(doc, stamp, f"Dự thảo {title}".strip())
    return doc


@dataclass(frozen=True, slots=True)
class FormRow:
    """One article of the form."""

    reference: str
    """"Điều 5"."""
    summary: str
    bookmark: str


def summary_of(title: str, body: str) -> str:
    """The form's "tóm tắt" cell: the title, then the start of the text, cut at a word."""
    text = " ".join(body.split())
    if len(text) > SUMMARY_MAX:
        text = text[:SUMMARY_MAX].rsplit(" ", 1)[0] + " …"
    return f"{title}. {text}".strip(". ") if title else text


def build_form(header: base.HeaderInfo, subject: str, rows: Sequence[FormRow], stamp: DraftStamp,
               layout_config: dict[str, Any] | None = None) -> base.DocumentT:
    """The phiếu góp ý (portrait A4, 13 pt cells)."""
    from quyche.render.docx.fulltext import span_bookmark

    layout = base.PageLayout.from_config(layout_config)
    doc = base.new_document(layout)
    base.add_party_header(doc, header, layout, show_number=False)
    base.add_document_title(doc, FORM_TITLE, subject, layout=layout)
    size = 13.0
    width = layout.text_width_mm
    who = base.fixed_table(doc, (round(width * 0.4, 1), round(width * 0.6, 1)), rows=2)
    for row, label in zip(who.rows, (UNIT_LABEL, DATE_LABEL), strict=True):
        cells = base.size_cells(row, (round(width * 0.4, 1), round(width * 0.6, 1)))
        base.add_text(cells[0], label, size_pt=size, bold=True, space_after_pt=0)
    base.align_paragraph(base.add_text(doc, "I. Ý KIẾN GÓP Ý VÀO CÁC ĐIỀU", bold=True), "left", 6, 12)
    widths = [round(width * s, 1) for s in FORM_SHARES]
    table = base.fixed_table(doc, widths, rows=1)
    base.header_row(table, FORM_COLUMNS, widths, size)
    counter = [10_000]  # bookmark ids clear of any the writer numbers from 1
    for item in rows:
        cells = base.add_row(table, widths)
        para = base.add_text(cells[0], item.reference, size_pt=size, space_after_pt=0)
        span_bookmark(para._p, para._p, item.bookmark, counter)
        base.add_text(cells[1], item.summary, size_pt=size, space_after_pt=0)
        base.keep_row_together(table.rows[-1])
    base.align_paragraph(base.add_text(doc, "II. " + GENERAL_TITLE.upper(), bold=True), "left", 6, 12)
    box = base.fixed_table(doc, [round(width, 1)], rows=2)
    base.add_text(base.size_cells(box.rows[0], [round(width, 1)])[0], GENERAL_TITLE, size_pt=size, bold=True,
                  space_after_pt=0)
    cell = base.size_cells(box.rows[1], [round(width, 1)])[0]
    for _ in range(5):
        base.add_text(cell, "", size_pt=size, space_after_pt=0)
    note = base.add_text(doc, "Phiếu gửi về Tổ công tác (Văn phòng cấp ủy). Ghi ý kiến vào ô trống; "
                         "ô để trống được hiểu là không có ý kiến.", size_pt=12, italic=True)
    base.align_paragraph(note, "left", 0, 12)
    base.add_page_numbers(doc, skip_first=True)
    _stamp(doc, stamp, f"{FORM_TITLE} {subject}")
    return doc


def save(doc: base.DocumentT, path: Path, *, overwrite: bool) -> Path:
    """Save atomically (base.save_docx)."""
    return base.save_docx(doc, path, overwrite=overwrite)
