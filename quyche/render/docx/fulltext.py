"""The official full text of a regulation as DOCX, in the Party layout (Hướng dẫn 36-HD/VPTW).

Page, fonts, the two-column header, the title, the closing block and page numbers come from
base.py (shared with the comparison table). This module adds the body: real Word heading
styles for parts, chapters, sections and articles (so Word's navigation pane shows the
structure and the text can be re-imported), justified body text with the first line indented,
and each article's stable id as a hidden bookmark so `quyche import` gives the id back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from quyche.importer.docx import encode_bookmark
from quyche.model.document import KIND_LABELS, Item, Node, Paragraph, Regulation, Section, Unit
from quyche.model.frontmatter import FrontMatter
from quyche.render.docx.base import (
    DocumentT,
    HeaderInfo,
    PageLayout,
    add_closing,
    add_document_title,
    add_page_numbers,
    add_party_header,
    add_text,
    save_docx,
    set_properties,
    set_run,
    style_font,
)

BODY_STYLE: Final = "Quyche Body"
INDENT_MM: Final = 12.7
_HEADING_KINDS: Final = ("part", "chapter", "section", "article")
_STATUS_LINE: Final = re.compile(r"\(.{1,60}\)")
"""A line of the signing block such as "(Đã ký)" or "(Đã ký và đóng dấu)"."""


def heading_levels(reg: Regulation) -> dict[str, int]:
    """Word heading level per kind in use: outermost kind → Heading 1 (as the Markdown)."""
    used = {u.kind for u in reg.units() if u.kind in _HEADING_KINDS}
    levels: dict[str, int] = {}
    for kind in _HEADING_KINDS:
        if kind in used:
            levels[kind] = len(levels) + 1
    levels["appendix"] = 1
    return levels


def _setup_styles(doc: DocumentT, layout: PageLayout, levels: dict[str, int]) -> dict[str, str]:
    """Customise Heading 1–4 and add the body style; returns kind → style id.

    Paragraphs get the style id directly: python-docx's `style=` by name scans every style on
    each call (5.4 s of 7 s for the 517-article code).
    """
    size = layout.font_size_pt
    styles = doc.styles
    body = styles.add_style(BODY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    body.base_style = styles["Normal"]
    style_font(body, size)
    fmt = body.paragraph_format
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.first_line_indent = Mm(INDENT_MM)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    names: dict[str, str] = {"body": body.style_id}
    aliases: dict[int, list[str]] = {}
    for kind, level in levels.items():
        aliases.setdefault(level, []).append(KIND_LABELS[kind])
    for level, labels in aliases.items():
        _alias(styles[f"Heading {level}"], "/".join(labels))
    for kind, level in levels.items():
        st = styles[f"Heading {level}"]
        names[kind] = st.style_id
        style_font(st, size, bold=True, italic=False)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.all_caps = False
        pf = st.paragraph_format
        pf.space_before = Pt(6)
        pf.space_after = Pt(6)
        pf.keep_with_next = True
        if kind == "article":
            pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            pf.first_line_indent = Mm(INDENT_MM)
        else:
            pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
            pf.first_line_indent = Mm(0)
    return names


def _alias(style: Any, alias: str) -> None:
    """A Vietnamese alias shown beside the built-in name ("Heading 1,Chương"): Word keeps
    recognising the built-in heading (Navigation Pane, outline levels), users see what it is for."""
    el = style.element
    old = el.find(qn("w:aliases"))
    if old is not None:
        el.remove(old)
    aliases = OxmlElement("w:aliases")
    aliases.set(qn("w:val"), alias)
    name = el.find(qn("w:name"))
    if name is not None:
        name.addnext(aliases)
    else:
        el.insert(0, aliases)


def _bookmark(p: Any, uid: str, counter: list[int]) -> None:
    name = encode_bookmark(uid)
    if name is None:
        return
    counter[0] += 1
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(counter[0]))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(counter[0]))
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


_XML_INVALID: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class _BodyWriter:
    """Appends body paragraphs as raw w:p elements.

    python-docx's add_paragraph/add_run cost about 0.3 ms each through its element classes
    (1.2 s of the 517-article code); building the few elements a paragraph needs with lxml
    directly keeps `build` well inside its budget.
    """

    def __init__(self, doc: DocumentT, styles: dict[str, str]) -> None:
        self.doc = doc
        self.styles = styles
        self.bookmarks = [0]
        """id() of paragraphs printed elsewhere (a "(Đã ký)" line moved to the signing block)."""
        self.anchor = doc.element.body.sectPr

    def _p(self, style_id: str) -> Any:
        p = OxmlElement("w:p")
        ppr = etree.SubElement(p, qn("w:pPr"))
        etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style_id)
        if self.anchor is not None:
            self.anchor.addprevious(p)
        else:
            self.doc.element.body.append(p)
        return p

    @staticmethod
    def _run(p: Any, text: str, *, italic: bool = False, line_break: bool = False) -> None:
        r = etree.SubElement(p, qn("w:r"))
        if italic:
            etree.SubElement(etree.SubElement(r, qn("w:rPr")), qn("w:i"))
        if line_break:
            etree.SubElement(r, qn("w:br"))
        t = etree.SubElement(r, qn("w:t"))
        t.text = _XML_INVALID.sub("", text)
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")

    def paragraph(self, text: str, *, italic: bool = False) -> None:
        self._run(self._p(self.styles["body"]), text, italic=italic)

    def heading(self, unit: Unit) -> None:
        p = self._p(self.styles.get(unit.kind, self.styles["appendix"]))
        if unit.kind == "article":
            self._run(p, unit.heading_text() if unit.title else f"{unit.label}.")
        elif unit.kind == "appendix":
            # one line: the parser does not look for an appendix title on the next line
            head = "Phụ lục" + (f" {unit.number}" if unit.number else "")
            self._run(p, f"{head}. {unit.title}" if unit.title else head)
        elif isinstance(unit, Section) and unit.bare_roman:
            self._run(p, unit.written_heading())  # "I- QUY ĐỊNH CHUNG": no "Mục" the text never had
        else:
            self._run(p, unit.label)
            if unit.title:
                self._run(p, unit.title, line_break=True)
        if unit.id:
            _bookmark(p, unit.id, self.bookmarks)

    def nodes(self, children: Sequence[Node], parent: Unit | None) -> None:
        for node in children:
            if isinstance(node, Paragraph):
                self.paragraph(node.text)
                continue
            unit = node
            if unit.kind in self.styles and unit.kind != "body":
                self.heading(unit)
            elif unit.kind == "clause":
                self.paragraph(f"{unit.number}. {unit.text}".rstrip())
            elif unit.kind == "point":
                self.paragraph(f"{unit.number}) {unit.text}".rstrip())
            else:
                marker = "+" if isinstance(parent, Item) else "-"
                self.paragraph(f"{marker} {unit.text}".rstrip())
            self.nodes(unit.children, unit)


def _draft_mark(doc: DocumentT, date: dt.date) -> None:
    """"DỰ THẢO" and the date at the top right of every page (in the page header, not the text)."""
    section = doc.sections[0]
    text = f"DỰ THẢO ngày {date.day:02d}/{date.month:02d}/{date.year}"
    for header in (section.header, section.first_page_header):
        header.is_linked_to_previous = False
        para = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        set_run(para.add_run(text), size_pt=12, bold=True)


def draft_header(fm: FrontMatter, when: dt.date) -> HeaderInfo:
    """A draft's header: the number and date left blank for the office to fill in when it is
    issued ("Số       -QC/ĐU", "ngày   tháng   năm 2026"), never those of the text it replaces."""
    number = fm.document_number
    blank = f"-{number.code}/{number.issuer}" if number is not None else ""
    return HeaderInfo(issuer=fm.issuer or "", superior=fm.superior, number=blank or None, place=fm.place,
                      date=None, blank_year=when.year, state=fm.is_state)


def build_document(reg: Regulation, layout: PageLayout | None = None, *, draft: dt.date | None = None) -> DocumentT:
    """The python-docx Document of the full text (not saved): the document, then each attached
    one (the regulation a decision issues) on a new page with its own title and signature."""
    from quyche.render.docx.base import new_document

    layout = layout or PageLayout()

    doc = new_document(layout)
    # One set of heading styles for every document of the file (the decision has no chapters,
    # the regulation it issues does).
    levels = heading_levels(Regulation(children=[c for d in reg.documents() for c in d.children]))
    styles = _setup_styles(doc, layout, levels)
    for k, part in enumerate(reg.documents()):
        if k:
            doc.add_page_break()
        _write_document(doc, part, styles, layout, draft if k == 0 else None)
    add_page_numbers(doc, skip_first=True)
    if draft is not None:
        _draft_mark(doc, draft)
    fm = reg.front_matter
    title = " ".join(x for x in ((fm.title or fm.kind) if fm else None, fm.subject if fm else None) if x)
    set_properties(doc, title=title or "Quy chế", subject=(fm.number or "") if fm else "",
                   keywords="quyche")
    return doc


def _write_document(doc: DocumentT, reg: Regulation, styles: dict[str, str], layout: PageLayout,
                    draft: dt.date | None = None) -> None:
    """Header, title, legal bases, body, closing block, signature and appendices of one document
    (`draft`: a draft's header, number and date left blank)."""
    fm = reg.front_matter
    if fm is not None and (fm.issuer or fm.superior or fm.number or fm.issue_date or fm.place
                           or (fm.is_state and not reg.attached)):  # a State text always bears the motto
        info = draft_header(fm, draft) if draft is not None else HeaderInfo.from_front_matter(fm)
        add_party_header(doc, info, layout, show_number=not reg.attached, show_date=not reg.attached or bool(fm.date))
    if fm is not None and (fm.title or fm.kind):
        add_document_title(doc, fm.title or (fm.kind or "").upper(), fm.subject, layout=layout)
    if fm is not None and fm.issued_with:
        add_text(doc, f"({fm.issued_with})", italic=True, align="center", space_after_pt=12)
    writer = _BodyWriter(doc, styles)
    if fm is not None:
        for basis in fm.legal_bases:
            writer.paragraph(basis if basis.lstrip().startswith(("-", "–")) else f"- {basis}")
        if fm.enacting:
            if fm.enacting.isupper():
                add_text(doc, fm.enacting, bold=True, align="center", space_after_pt=6)
            else:
                writer.paragraph(fm.enacting)
    # The closing block stands between the body and the appendices (as in the Markdown).
    split = len(reg.children)
    while split and isinstance(reg.children[split - 1], Unit) and reg.children[split - 1].kind == "appendix":
        split -= 1
    signing = fm.signing if fm is not None else None
    writer.nodes(reg.children[:split], None)
    status = [p.text for p in reg.closing if _STATUS_LINE.fullmatch(p.text)]
    for para in reg.closing:
        if para.text not in status:
            writer.paragraph(para.text)
    distribution = fm.distribution if fm is not None else []
    if signing is not None or distribution:
        table = add_closing(doc, signing, distribution, layout)
        if status:
            _add_status_lines(table, status)
    elif status:
        for text in status:
            writer.paragraph(text)
    for para in reg.copies:
        writer.paragraph(para.text)
    if split < len(reg.children):
        writer.nodes(reg.children[split:], None)


def _add_status_lines(table: Any, status: list[str]) -> None:
    """Put "(Đã ký)" lines in the signing cell, under the title and above the blank lines."""
    right = table.rows[0].cells[1]
    paras = right.paragraphs
    anchor = None
    for para in paras:
        if not para.text.strip():
            break
        anchor = para
    if anchor is not None and anchor is paras[-1] and len(paras) > 1:
        anchor = None  # only the name: the lines go above it
    for text in reversed(status):
        new = OxmlElement("w:p")
        if anchor is not None:
            anchor._p.addnext(new)
        else:
            paras[0]._p.addprevious(new)
        para = DocxParagraph(new, right)
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        set_run(para.add_run(text), size_pt=14, italic=True)


def write_fulltext(reg: Regulation, out: Path, *, layout: PageLayout | None = None,
                   draft: dt.date | None = None, overwrite: bool = False) -> Path:
    """Build and save atomically; refuses an existing file unless `overwrite`, and a text that
    still holds conflict markers (both wordings would print as one text)."""
    if reg.conflicts:
        from quyche.errors import UnresolvedConflict

        raise UnresolvedConflict(reg.path, reg.conflicts[0].line, count=sum(m.side == "ours" for m in reg.conflicts))
    return save_docx(build_document(reg, layout, draft=draft), out, overwrite=overwrite)
