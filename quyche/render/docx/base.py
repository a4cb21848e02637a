"""Shared building blocks for every DOCX quyche writes, in the Party layout (Hướng dẫn 36-HD/VPTW).

The comparison table, the full text, the comment synthesis and the tờ trình must look like one
office made them: the same page setup, the same Times New Roman on every script slot, the same
two-column header, the same signing block. So they are built here once and nowhere else.

Measured pitfalls this module exists to avoid (TECH-NOTES §3): python-docx sets only two of the
four font slots and says `en-US`; `orientation` alone does not swap A4's dimensions; column
widths hold in Word and LibreOffice only with a fixed layout, a grid and a width on every cell;
`table.cell(r, c)` in a loop is quadratic, so rows are filled through `row.cells` once; and for a
table of thousands of runs even python-docx's per-call tree walks add up, so FastRows copies
one finished row, paragraph and run per formatting as lxml elements (the same XML, tested).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Final

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from lxml.etree import SubElement

from quyche.fsutil import atomic_write_bytes
from quyche.model.frontmatter import FrontMatter, SigningBlock
from quyche.render.docx.order import child, insert_child

FONT: Final = "Times New Roman"
LANGUAGE: Final = "vi-VN"
PARTY_LINE: Final = "ĐẢNG CỘNG SẢN VIỆT NAM"
A4_SHORT_MM: Final = 210.0
A4_LONG_MM: Final = 297.0

DocumentT = Any
"""python-docx's Document object (its class is not exported under a stable name)."""


@dataclass(frozen=True, slots=True)
class PageLayout:
    """Page size, margins and body font size. Defaults: the full text of a regulation (HD 36)."""

    landscape: bool = False
    top_mm: float = 20.0
    bottom_mm: float = 20.0
    left_mm: float = 30.0
    right_mm: float = 15.0
    font_size_pt: float = 14.0

    @property
    def page_width_mm(self) -> float:
        return A4_LONG_MM if self.landscape else A4_SHORT_MM

    @property
    def text_width_mm(self) -> float:
        """Width between the margins: what tables are laid out in."""
        return self.page_width_mm - self.left_mm - self.right_mm

    @classmethod
    def from_config(cls, layout: dict[str, Any] | None, **defaults: Any) -> PageLayout:
        """Defaults, then `layout:` of quyche.yaml (margins in mm: top, bottom, left, right)."""
        values = dict(defaults)
        for key in ("top", "bottom", "left", "right"):
            raw = (layout or {}).get(f"margin_{key}", (layout or {}).get(key))
            if isinstance(raw, (int, float)) and 0 <= raw <= 80:
                values[f"{key}_mm"] = float(raw)
        size = (layout or {}).get("font_size")
        if isinstance(size, (int, float)) and 8 <= size <= 20:
            values["font_size_pt"] = float(size)
        return cls(**values)


LANDSCAPE_TABLE: Final = PageLayout(landscape=True, top_mm=20, bottom_mm=20, left_mm=20, right_mm=15,
                                    font_size_pt=13)
"""Comparison tables and other wide tables: A4 landscape, 13 pt in cells."""


def landscape_layout(layout_config: dict[str, Any] | None, *, margins_only: bool = False) -> PageLayout:
    """LANDSCAPE_TABLE with the `layout:` of quyche.yaml on top (margins only: the cells keep 13 pt)."""
    config = layout_config or {}
    if margins_only:
        config = {k: v for k, v in config.items() if k != "font_size"}
    return PageLayout.from_config(config, **asdict(LANDSCAPE_TABLE))


# --- fonts and paragraphs -------------------------------------------------------------------
def _set_fonts(rpr: Any, size_pt: float | None = None) -> None:
    """Times New Roman on all four slots and Vietnamese as the language of an rPr element."""
    fonts = child(rpr, "w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)
    child(rpr, "w:lang").set(qn("w:val"), LANGUAGE)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            child(rpr, tag).set(qn("w:val"), str(round(size_pt * 2)))


def style_font(style: Any, size_pt: float, *, bold: bool | None = None, italic: bool | None = None) -> None:
    """Give a paragraph or character style our font on every slot, a size and emphasis."""
    style.font.name = FONT
    style.font.size = Pt(size_pt)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    _set_fonts(style.element.get_or_add_rPr(), size_pt)


def new_document(layout: PageLayout = PageLayout()) -> DocumentT:
    """An empty A4 document with the page, fonts and Normal style set for Vietnamese text."""
    doc = Document()
    section = doc.sections[0]
    short, long_ = Mm(A4_SHORT_MM), Mm(A4_LONG_MM)
    if layout.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = long_, short
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = short, long_
    section.top_margin, section.bottom_margin = Mm(layout.top_mm), Mm(layout.bottom_mm)
    section.left_margin, section.right_margin = Mm(layout.left_mm), Mm(layout.right_mm)
    section.header_distance = section.footer_distance = Mm(10)

    # docDefaults first, so table styles and anything Word adds inherit the font too.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            rpr = rpr_default.find(qn("w:rPr"))
            if rpr is None:
                rpr = OxmlElement("w:rPr")
                rpr_default.append(rpr)
            _set_fonts(rpr, layout.font_size_pt)
    normal = doc.styles["Normal"]
    style_font(normal, layout.font_size_pt)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    return doc


RunKey = tuple[float | None, bool | None, bool | None, bool | None, bool | None]
"""(size_pt, bold, italic, strike, underline) of a run's direct formatting."""

_RUN_PROPERTIES: dict[RunKey, Any] = {}
"""A finished w:rPr per formatting, copied into each fresh run: building one child by child in
schema order cost ~0.5 ms a run, most of a 7,600-run comparison table. Few keys (sizes × marks)."""


def _run_properties(key: RunKey) -> Any:
    """The w:rPr of `key`, built once through python-docx on a scratch run."""
    rpr = _RUN_PROPERTIES.get(key)
    if rpr is None:
        from docx.text.run import Run

        scratch = Run(OxmlElement("w:r"), None)  # type: ignore[arg-type]
        _set_runs_properties(scratch, *key)
        rpr = _RUN_PROPERTIES[key] = scratch._r.rPr
    return rpr


def set_run(run: Any, *, size_pt: float | None = None, bold: bool | None = None,
            italic: bool | None = None, strike: bool | None = None, underline: bool | None = None) -> Any:
    """Direct formatting of one run (fonts on all slots, so mixed scripts never fall back)."""
    if run._r.rPr is None:
        run._r.insert(0, deepcopy(_run_properties((size_pt, bold, italic, strike, underline))))
    else:  # rPr is the first child of w:r
        _set_runs_properties(run, size_pt, bold, italic, strike, underline)
    return run


def _set_runs_properties(run: Any, size_pt: float | None, bold: bool | None, italic: bool | None,
                         strike: bool | None, underline: bool | None) -> None:
    _set_fonts(run._r.get_or_add_rPr(), size_pt)
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if strike is not None:
        run.font.strike = strike
    if underline is not None:
        run.underline = underline


def add_text(container: Any, text: str = "", *, size_pt: float | None = None, bold: bool = False,
             italic: bool = False, underline: bool = False, align: str = "left",
             space_after_pt: float | None = None, style: str | None = None) -> Paragraph:
    """A paragraph with one run, appended to a document or a table cell.

    A fresh table cell already holds one empty paragraph: the text goes there, so the cell
    does not open with a blank line.
    """
    cell_paragraphs = container.paragraphs if isinstance(container, _Cell) else []
    if len(cell_paragraphs) == 1 and not cell_paragraphs[0].runs and not cell_paragraphs[0].text:
        para = cell_paragraphs[0]
        if style:
            para.style = style
    else:
        para = container.add_paragraph(style=style) if style else container.add_paragraph()
    if text:
        set_run(para.add_run(text), size_pt=size_pt, bold=bold or None, italic=italic or None,
                underline=underline or None)
    align_paragraph(para, align, space_after_pt)
    return para


_ALIGN: Final = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


def align_paragraph(para: Paragraph, align: str = "left", space_after_pt: float | None = None,
                    space_before_pt: float | None = None) -> None:
    """Alignment and spacing of a paragraph."""
    para.alignment = _ALIGN[align]
    if space_after_pt is not None:
        para.paragraph_format.space_after = Pt(space_after_pt)
    if space_before_pt is not None:
        para.paragraph_format.space_before = Pt(space_before_pt)


def first_paragraph(cell: _Cell) -> Paragraph:
    """A new cell's own empty paragraph (a cell always has one)."""
    return cell.paragraphs[0]


def rule_below(para: Paragraph, width_mm: float, container_width_mm: float) -> None:
    """A short horizontal rule under a paragraph, centred: the line under the party title."""
    indent = max(0.0, (container_width_mm - width_mm) / 2)
    para.paragraph_format.left_indent = Mm(indent)
    para.paragraph_format.right_indent = Mm(indent)
    borders = child(para._p.get_or_add_pPr(), "w:pBdr")
    bottom = borders.find(qn("w:bottom"))
    if bottom is None:
        bottom = OxmlElement("w:bottom")
        borders.append(bottom)
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)


def text_width_mm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """A rough printed width of a line of Times New Roman capitals, for sizing rules."""
    per_char = 0.68 if bold else 0.62
    return len(text) * per_char * size_pt * 0.3528


# --- tables --------------------------------------------------------------------------------
def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def fixed_table(container: Any, widths_mm: Sequence[float], *, borders: bool = True,
                rows: int = 0) -> Table:
    """A table whose column widths hold in Word and LibreOffice (fixed layout, grid, tcW)."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    if borders:
        table.style = "Table Grid"  # a style, not only direct borders: LibreOffice draws both
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl_pr = table._tbl.tblPr
    tbl_w = child(tbl_pr, "w:tblW")
    tbl_w.set(qn("w:w"), str(sum(_twips(w) for w in widths_mm)))
    tbl_w.set(qn("w:type"), "dxa")
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        grid_col.set(qn("w:w"), str(_twips(width)))
    _set_borders(table, "single" if borders else "nil")
    for row in table.rows:
        size_cells(row, widths_mm)
    return table


def _set_borders(table: Table, value: str) -> None:
    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), value)
        if value != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    insert_child(tbl_pr, borders)


def size_cells(row: _Row, widths_mm: Sequence[float]) -> list[_Cell]:
    """Set the width of every cell of a row; returns the cells (read once: cheap)."""
    cells = list(row.cells)
    for cell, width in zip(cells, widths_mm, strict=False):
        cell.width = Mm(width)
    return cells


def add_row(table: Table, widths_mm: Sequence[float]) -> list[_Cell]:
    """Append a row and return its cells, sized. Never use table.cell(r, c) in a loop."""
    return size_cells(table.add_row(), widths_mm)


def repeat_as_header(row: _Row) -> None:
    """Repeat this row at the top of every page the table runs onto."""
    # no w:val: the attribute is ST_OnOffOnly here ("on"/"off"), and absent means on
    child(row._tr.get_or_add_trPr(), "w:tblHeader")


def keep_row_together(row: _Row) -> None:
    """Do not split a short row across pages."""
    child(row._tr.get_or_add_trPr(), "w:cantSplit")


def merge_row(cells: Sequence[_Cell]) -> _Cell:
    """Merge a row's cells into one (a chapter row of a comparison table)."""
    return cells[0].merge(cells[-1]) if len(cells) > 1 else cells[0]


def shade(cell: _Cell, fill_hex: str = "F2F2F2") -> None:
    """A light background for header and group rows."""
    shd = child(cell._tc.get_or_add_tcPr(), "w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill_hex)


def header_row(table: Table, titles: Sequence[str], widths_mm: Sequence[float], size_pt: float) -> list[_Cell]:
    """The table's first row: bold centred titles, shaded, repeated on every page."""
    row = table.rows[0] if table.rows else table.add_row()
    cells = size_cells(row, widths_mm)
    for cell, title in zip(cells, titles, strict=True):
        para = first_paragraph(cell)
        set_run(para.add_run(title), size_pt=size_pt, bold=True)
        align_paragraph(para, "center", 0)
        shade(cell)
    repeat_as_header(row)
    return cells


# --- marked text (comparison tables) ------------------------------------------------------
class Mark(Enum):
    """How a stretch of text is shown in a comparison: as is, struck out, or bold."""

    PLAIN = "plain"
    DELETED = "deleted"
    INSERTED = "inserted"


def add_marked_runs(para: Paragraph, segments: Iterable[tuple[str, Mark]], size_pt: float) -> None:
    """One run per segment: deleted words struck through, inserted words bold."""
    append_marked_runs(para._p, segments, size_pt)


_MARK_KEYS: Final = {Mark.PLAIN: (None, None), Mark.DELETED: (None, True), Mark.INSERTED: (True, None)}
"""(bold, strike) of each mark."""


def append_marked_runs(p: Any, segments: Iterable[tuple[str, Mark]], size_pt: float) -> None:
    """add_marked_runs on a bare w:p element: what big tables use (FastRows)."""
    for text, mark in segments:
        if text:
            bold, strike = _MARK_KEYS[mark]
            append_run(p, text, size_pt=size_pt, bold=bold, strike=strike)


def append_run(p: Any, text: str, *, size_pt: float | None = None, bold: bool | None = None,
               italic: bool | None = None, strike: bool | None = None, underline: bool | None = None) -> Any:
    """`set_run(para.add_run(text), …)` on a bare w:p element, with the same XML."""
    key = (size_pt, bold, italic, strike, underline)
    if not text or "\t" in text or "\r" in text or "\n" in text:
        r = SubElement(p, _R)
        r.append(deepcopy(_run_properties(key)))
        if text:
            _append_text(r, text)
        return r
    template = _TEXT_RUNS.get(key)
    if template is None:
        template = _TEXT_RUNS[key] = OxmlElement("w:r")
        template.append(deepcopy(_run_properties(key)))
        SubElement(template, _T)
    r = deepcopy(template)
    p.append(r)
    _set_text(r[1], text)
    return r


_TEXT_RUNS: dict[RunKey, Any] = {}
"""A w:r holding a finished w:rPr and an empty w:t per formatting: one copy makes a run."""


def _append_text(r: Any, text: str) -> None:
    """`run.text = text` of python-docx, without its per-call element machinery: a w:t per
    stretch of text (xml:space="preserve" when it starts or ends with white space), a w:tab per
    tab, a w:br per line break."""
    if "\t" in text or "\r" in text or "\n" in text:
        for piece in _BREAKS.split(text):
            if piece == "\t":
                SubElement(r, _TAB)
            elif piece in ("\r", "\n"):
                SubElement(r, _BR)
            elif piece:
                _append_text(r, piece)
        return
    _set_text(SubElement(r, _T), text)


def _set_text(t: Any, text: str) -> None:
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def paragraph_properties(p: Any, align: str = "left", space_after_pt: float | None = None) -> None:
    """align_paragraph on a bare w:p element that has no w:pPr yet: a copy of a finished one."""
    key = (align, space_after_pt)
    ppr = _PARAGRAPH_PROPERTIES.get(key)
    if ppr is None:
        scratch = Paragraph(OxmlElement("w:p"), None)  # type: ignore[arg-type]
        align_paragraph(scratch, align, space_after_pt)
        ppr = _PARAGRAPH_PROPERTIES[key] = scratch._p.pPr
    p.insert(0, deepcopy(ppr))


_PARAGRAPH_PROPERTIES: dict[tuple[str, float | None], Any] = {}


class FastRows:
    """Rows of a big table appended as copies of one row python-docx built, as lxml elements.

    python-docx's add_row, cell.width, cells, add_paragraph and run.text each walk the tree
    (xpath, schema-order insertion): for the 169 rows and 7,600 runs of a real comparison table
    that was most of a second. A row built once the ordinary way and deep-copied gives the same
    XML; cells are filled with append_marked_runs and paragraph_properties.
    """

    def __init__(self, table: Table, widths_mm: Sequence[float]) -> None:
        self._tbl = table._tbl
        self._row = self._template(table, widths_mm, merged=False)
        self._merged_row = self._template(table, widths_mm, merged=True)

    def _template(self, table: Table, widths_mm: Sequence[float], *, merged: bool) -> Any:
        cells = add_row(table, widths_mm)
        if merged:
            merge_row(cells)
        tr = table.rows[-1]._tr
        self._tbl.remove(tr)
        return tr

    def add(self) -> list[Any]:
        """A new row's w:tc elements (each holds one empty w:p)."""
        tr = deepcopy(self._row)
        self._tbl.append(tr)
        return list(tr.iterchildren(_TC))

    def add_merged(self) -> Any:
        """A new row of one cell spanning the table (a chapter row): its w:tc."""
        tr = deepcopy(self._merged_row)
        self._tbl.append(tr)
        return tr.find(_TC)


def cell_paragraph(tc: Any, first: bool) -> Any:
    """The cell's own empty w:p when `first`, else a new one at its end."""
    return tc.find(_P) if first else SubElement(tc, _P)


_W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _R, _T, _TAB, _BR, _TC = (f"{_W}{tag}" for tag in ("p", "r", "t", "tab", "br", "tc"))
_XML_SPACE: Final = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS: Final = re.compile(r"([\t\r\n])")


# --- the Party header, title and closing ----------------------------------------------------
def place_date(place: str | None, date: dt.date | str | None, *, year: int | None = None) -> str:
    """"An Hòa, ngày 05 tháng 02 năm 2026" (HD 36: a 0 before days under 10 and months 1, 2);
    without a date, blanks to fill in by hand (the year printed when `year` is known); a draft's
    "2025-07" leaves only the day blank: "ngày      tháng 7 năm 2025"."""
    if isinstance(date, str):
        year_text, _, month = date.partition("-")
        mon = int(month) if month.isdigit() else 0
        when = f"ngày      tháng {mon:02d} năm {year_text}" if 0 < mon < 3 else \
            f"ngày      tháng {mon or '    '} năm {year_text}"
    elif date is None:
        when = f"ngày      tháng      năm {year}" if year else "ngày      tháng      năm 20   "
    else:
        day = f"{date.day:02d}"
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        when = f"ngày {day} tháng {month} năm {date.year}"
    return f"{place}, {when}" if place else when


STATE_MOTTO: Final = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
STATE_SLOGAN: Final = "Độc lập - Tự do - Hạnh phúc"


def number_line(number: str | None, *, placeholder: str = "", state: bool = False) -> str:
    """"Số 01-QC/ĐU" (Party numbers carry no colon); "Số: 15/2025/QĐ-UBND" for a State one."""
    if not number:
        return f"Số {placeholder}".rstrip() if placeholder else "Số     -"
    text = number.strip()
    head, colon, _ = text.partition(":")
    if colon and head.lower().endswith(" số"):
        return text  # a State number keeps its own label: "Luật số: 80/2015/QH13"
    for prefix in ("Số:", "Số"):
        if text.startswith(prefix):
            text = text[len(prefix):].strip()
    if text.startswith(("-", "/")):
        text = "      " + text  # a number not yet given: room for the serial, written in by hand
    return f"Số: {text}" if state else f"Số {text}"


@dataclass(frozen=True, slots=True)
class HeaderInfo:
    """What the two-column header of a Party document shows."""

    issuer: str
    superior: str | None = None
    number: str | None = None
    """"01-QC/ĐU"; None leaves a blank to fill in by hand."""
    place: str | None = None
    date: dt.date | str | None = None
    """A date; a draft's "2025-07" (day left blank); None leaves the whole date blank."""
    blank_year: int | None = None
    """With no date: the year printed after the blanks ("ngày   tháng   năm 2026")."""
    state: bool = False
    """A State document: the national motto on the right, no Party star."""

    @property
    def full_date(self) -> dt.date | None:
        """The date when it is a whole one (for the document properties), else None."""
        return self.date if isinstance(self.date, dt.date) else None

    @classmethod
    def from_front_matter(cls, fm: FrontMatter | None, *, number: str | None = None,
                          date: dt.date | None = None) -> HeaderInfo:
        """The header of a document about a regulation, with another number/date if given."""
        if fm is None:
            return cls(issuer="", number=number, date=date)
        return cls(
            issuer=fm.issuer or "",
            superior=fm.superior,
            number=number if number is not None else fm.number,
            place=fm.place,
            date=date if date is not None else (fm.issue_date or (fm.date if fm.day_blank else None)),
            state=fm.is_state,
        )


def add_party_header(doc: DocumentT, info: HeaderInfo, layout: PageLayout, *, show_number: bool = True,
                     show_date: bool = True) -> Table:
    """The two-column header: bodies, "*" and number left; party line, place and date right.

    `show_number=False` leaves out the "Số …" line, for papers attached to another document
    (a comparison table goes with its tờ trình and has no number of its own).
    """
    width = layout.text_width_mm
    left_w = round(width * 0.45, 1)
    widths = (left_w, round(width - left_w, 1))
    table = fixed_table(doc, widths, borders=False, rows=1)
    left, right = table.rows[0].cells
    size = 14.0

    from quyche.render.docx.header_fit import fit_name

    lines: list[tuple[str, float, bool]] = []
    column = left_w - 2.0  # less the cell's own margins
    if info.superior:
        lines += [(text, pt, False) for text, pt in fit_name(info.superior.upper(), column, size, bold=False)]
    lines += [(text, pt, True) for text, pt in fit_name(info.issuer.upper(), column, size, bold=True)]
    first = True
    for text, pt, bold in lines:
        para = first_paragraph(left) if first else left.add_paragraph()
        first = False
        set_run(para.add_run(text), size_pt=pt, bold=bold)
        align_paragraph(para, "center", 0)
    if not info.state:
        add_text(left, "*", size_pt=size, align="center", space_after_pt=0)
    if show_number and (info.number or not info.state):  # a Party draft gets "Số     -" to fill in
        add_text(left, number_line(info.number, state=info.state), size_pt=size, align="center", space_after_pt=0)

    para = first_paragraph(right)
    if info.state:  # Nghị định 30/2020/NĐ-CP: the motto, bold, then the slogan underlined by a rule
        set_run(para.add_run(STATE_MOTTO), size_pt=12, bold=True)
        align_paragraph(para, "center", 0)
        para = add_text(right, STATE_SLOGAN, size_pt=size, bold=True, align="center", space_after_pt=6)
        rule_below(para, text_width_mm(STATE_SLOGAN, size, bold=True), widths[1])
    else:
        set_run(para.add_run(PARTY_LINE), size_pt=15, bold=True)
        align_paragraph(para, "center", 6)
        rule_below(para, text_width_mm(PARTY_LINE, 15, bold=True), widths[1])
    if show_date:  # a regulation attached to a decision carries the decision's date, not its own
        add_text(right, place_date(info.place, info.date, year=info.blank_year), size_pt=size, italic=True,
                 align="right", space_after_pt=0)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


def add_document_title(doc: DocumentT, kind_title: str, subject: str | None = None,
                       *, note: str | None = None, layout: PageLayout = PageLayout()) -> None:
    """"QUY CHẾ" in bold capitals, the subject in bold below, an optional italic note line."""
    add_text(doc, kind_title.upper(), size_pt=16, bold=True, align="center", space_after_pt=0)
    if subject:
        add_text(doc, subject, size_pt=14, bold=True, align="center", space_after_pt=0)
    if note:
        add_text(doc, note, size_pt=14, italic=True, align="center", space_after_pt=0)
    rule = add_text(doc, "", size_pt=6, align="center", space_after_pt=12)
    rule_below(rule, 25, layout.text_width_mm)


def add_closing(doc: DocumentT, signing: SigningBlock | None, distribution: Sequence[str],
                layout: PageLayout) -> Table:
    """"Nơi nhận:" and its list on the left, the signing block on the right."""
    width = layout.text_width_mm
    left_w = round(width * 0.45, 1)
    table = fixed_table(doc, (left_w, round(width - left_w, 1)), borders=False, rows=1)
    left, right = table.rows[0].cells
    para = first_paragraph(left)
    if distribution:
        set_run(para.add_run("Nơi nhận:"), size_pt=14, underline=True)
        align_paragraph(para, "left", 0)
        for item in distribution:
            text = item if item.lstrip().startswith(("-", "–")) else f"- {item}"
            add_text(left, text, size_pt=12, space_after_pt=0)
    sign_lines: list[tuple[str, bool]] = []
    if signing is not None:
        if signing.capacity:
            sign_lines.append((signing.capacity.upper(), True))
        if signing.title:
            sign_lines.append((signing.title.upper(), True))
    first = True
    for text, bold in sign_lines:
        p = first_paragraph(right) if first else right.add_paragraph()
        first = False
        set_run(p.add_run(text), size_pt=14, bold=bold)
        align_paragraph(p, "center", 0)
    if signing is not None and signing.name:
        for _ in range(3):
            add_text(right, "", size_pt=14, space_after_pt=0)
        add_text(right, signing.name, size_pt=14, bold=True, align="center", space_after_pt=0)
    # the signing block never splits (capacity on one page, name on the next) and never stands
    # alone on a page: it moves together with the last paragraph of the text
    keep_row_together(table.rows[0])
    previous = table._tbl.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        Paragraph(previous, doc._body).paragraph_format.keep_with_next = True
    return table


# --- footer, properties, saving -------------------------------------------------------------
def _field(para: Paragraph, instruction: str, size_pt: float) -> None:
    """A complex field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out."""
    for kind in ("begin", "instr", "separate", "text", "end"):
        run = para.add_run()
        set_run(run, size_pt=size_pt)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = "1"
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)


def add_page_numbers(doc: DocumentT, *, skip_first: bool = False, with_total: bool = False,
                     size_pt: float = 12) -> None:
    """Centred page numbers in the footer; `skip_first` leaves the first page without one."""
    section = doc.sections[0]
    section.different_first_page_header_footer = skip_first
    footer = section.footer
    para = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    align_paragraph(para, "center", 0)
    if with_total:
        set_run(para.add_run("Trang "), size_pt=size_pt)
    _field(para, "PAGE", size_pt)
    if with_total:
        set_run(para.add_run(" / "), size_pt=size_pt)
        _field(para, "NUMPAGES", size_pt)


def set_properties(doc: DocumentT, *, title: str, subject: str = "", issuer: str = "",
                   keywords: str = "", date: dt.date | None = None) -> None:
    """Core properties Word shows under File > Info: the issuing body as author, the document's
    own date (never the clock, so the same input saves to the same bytes: package.py)."""
    from quyche.render.docx.package import DocumentProperties, apply_properties

    apply_properties(doc, DocumentProperties(title=title, issuer=issuer, subject=subject, keywords=keywords,
                                             language=LANGUAGE, date=date))


def save_docx(doc: DocumentT, path: Path, *, overwrite: bool = False) -> Path:
    """Save atomically and reproducibly: a crash leaves the old file or the new one, never half a
    document; the same document gives the same bytes.

    Refuses an existing file unless `overwrite` (offices edit generated tables by hand in Word).
    """
    from quyche.render.docx.package import docx_bytes

    path = Path(path)
    atomic_write_bytes(path, docx_bytes(doc), overwrite=overwrite)
    return path
