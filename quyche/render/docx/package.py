"""The DOCX package as saved: the same input gives the same bytes, and the file says who issued it.

A round's reports are committed in the round folder and regenerated on later steps; if each
save stamped the wall clock into docProps/core.xml and the zip entries, git would show every
report as modified though nothing in it changed. So the document properties come from the
input (the issuing body, the document's own date) and the zip is written again with fixed
entry times, in python-docx's own (deterministic) part order.

Two parts of python-docx's default template are left out: `stylesWithEffects.xml`, a Word 2010
copy of the styles that no longer matches ours once the fonts are changed (the OOXML validator
reports it, Word may then treat the styles as unreadable content), and the thumbnail of an
empty page that file browsers would show as the document's preview.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any, Final

from quyche import __version__

ZIP_EPOCH: Final = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can carry: the same for every entry of every file."""
_DROPPED_RELS: Final = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail",
)
_APP_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


@dataclass(frozen=True, slots=True)
class DocumentProperties:
    """What docProps/core.xml and app.xml say about a document."""

    title: str
    issuer: str = ""
    """The issuing body (front matter `issuer`): author, last editor and company."""
    subject: str = ""
    keywords: str = ""
    language: str = "vi-VN"
    date: dt.date | None = None
    """The document's own date (issue date); None leaves created/modified out, never the clock."""


def apply_properties(doc: Any, props: DocumentProperties) -> None:
    """Write `props` into the core properties; nothing here depends on when it runs."""
    core = doc.core_properties
    core.title = props.title
    core.subject = props.subject
    core.author = props.issuer
    core.last_modified_by = props.issuer
    core.keywords = props.keywords
    core.language = props.language
    core.comments = f"Tạo bằng quyche {__version__}"
    core.revision = 1
    element = core._element
    if props.date is None:
        element._remove_created()
        element._remove_modified()
        return
    moment = dt.datetime.combine(props.date, dt.time())
    core.created = moment
    core.modified = moment


def docx_bytes(doc: Any) -> bytes:
    """The saved document: template leftovers dropped, fixed zip entry times, the author
    (the issuing body, see apply_properties) as the company in app.xml."""
    company = doc.core_properties.author or ""
    _drop_template_leftovers(doc)
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                data = _with_company(data, company)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def _drop_template_leftovers(doc: Any) -> None:
    for rels in (doc.part.rels, doc.part.package.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in _DROPPED_RELS]:
            del rels[r_id]


def _with_company(data: bytes, company: str) -> bytes:
    """app.xml with <Company> set to the issuing body (Word shows it under File > Info)."""
    from lxml import etree

    root = etree.fromstring(data)
    element = root.find(f"{{{_APP_NS}}}Company")
    if element is None:
        element = etree.SubElement(root, f"{{{_APP_NS}}}Company")
    element.text = company or None
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
