"""Make DOCX inputs the hard way (python-docx + oxml), so each import case is really exercised.

Nothing here goes through quyche: automatic numbering lives in numbering.xml, tracked changes
are real w:ins/w:del, legacy text is real TCVN3/VNI code points in a .VnTime/VNI-Times run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn

W_NS = nsdecls("w")


def new() -> Any:
    """An empty python-docx document (its own default template)."""
    return docx.Document()


def add_numbering(doc: Any, abstract_id: int, levels: list[tuple[str, str, int]], num_id: int,
                  start_override: dict[int, int] | None = None, restart: dict[int, int] | None = None) -> int:
    """An abstractNum with (numFmt, lvlText, start) per level and a num pointing at it.

    `restart` gives w:lvlRestart per level (0 = never restart, as for articles across chapters).
    """
    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:lvlRestart w:val="{(restart or {})[i]}"/>' if i in (restart or {}) else "")
        + f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl>'
        for i, (fmt, text, start) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">'
                         f'<w:multiLevelType w:val="multilevel"/>{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{lvl}"><w:startOverride w:val="{val}"/></w:lvlOverride>'
        for lvl, val in (start_override or {}).items()
    )
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                               f"{overrides}</w:num>"))
    return num_id


def set_num(paragraph: Any, num_id: int, ilvl: int) -> None:
    """Direct numPr on a paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    numpr = parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    ppr.append(numpr)


def style_with_numbering(doc: Any, name: str, num_id: int, ilvl: int) -> str:
    """A paragraph style whose pPr carries numPr (style-linked numbering); returns its name."""
    from docx.enum.style import WD_STYLE_TYPE

    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    ppr = style.element.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return name


def run_font(run: Any, font: str) -> None:
    """Set every rFonts slot of a run to `font` (how Word stores a legacy font run)."""
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), font)


def tracked(paragraph: Any, before: str, deleted: str, inserted: str, after: str) -> None:
    """"before" + <w:del>deleted</w:del> + <w:ins>inserted</w:ins> + "after"."""
    paragraph.add_run(before)
    p = paragraph._p
    p.append(parse_xml(f'<w:del {W_NS} w:id="901" w:author="t" w:date="2026-01-15T00:00:00Z"><w:r>'
                       f'<w:delText xml:space="preserve">{deleted}</w:delText></w:r></w:del>'))
    p.append(parse_xml(f'<w:ins {W_NS} w:id="902" w:author="t" w:date="2026-01-15T00:00:00Z"><w:r>'
                       f'<w:t xml:space="preserve">{inserted}</w:t></w:r></w:ins>'))
    paragraph.add_run(after)


def header_table(doc: Any, left: list[str], right: list[str]) -> None:
    """The two-column Party header as a borderless 1×2 table, one paragraph per line."""
    table = doc.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].add_run(lines[0])
        for line in lines[1:]:
            cell.add_paragraph(line)


def save(doc: Any, path: Path) -> Path:
    """Save and return the path."""
    doc.save(str(path))
    return path


def add_footnote(doc: Any, paragraph: Any, note_id: int, text: str) -> None:
    """A real footnote: a footnotes.xml part related to the document and a footnoteReference run."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    part = getattr(doc, "_quyche_footnotes", None)
    if part is None:
        xml = (f'<w:footnotes {W_NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r>'
               f'</w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
               f'<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml.encode("utf-8"), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)
        doc._quyche_footnotes = part
        doc._quyche_notes = []
    doc._quyche_notes.append(f'<w:footnote w:id="{note_id}"><w:p><w:r><w:t xml:space="preserve">{text}</w:t>'
                             f"</w:r></w:p></w:footnote>")
    body = part.blob.decode("utf-8").split("</w:footnotes>")[0]
    base = body.split('<w:footnote w:id="1"')[0] if '<w:footnote w:id="1"' in body else body
    part._blob = (base + "".join(doc._quyche_notes) + "</w:footnotes>").encode("utf-8")
    paragraph._p.append(parse_xml(f'<w:r {W_NS}><w:footnoteReference w:id="{note_id}"/></w:r>'))
