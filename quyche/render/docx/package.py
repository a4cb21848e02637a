"""The DOCX package as saved: the same input gives the same bytes, and the file says who issued it.

A round's reports are committed in the round folder and regenerated on later steps; if each
save stamped the wall clock into docProps/core.xml and the zip entries, git would show every
report as modified though nothing in it changed. So the document properties come from the
input (the issuing body, the document's own date) and every zip entry carries one fixed time;
the entries keep python-docx's own (deterministic) part order.

Two parts of python-docx's default template are left out: `stylesWithEffects.xml`, a Word 2010
copy of the styles that no longer matches ours once the fonts are changed (the OOXML validator
reports it, Word may then treat the styles as unreadable content), and the thumbnail of an
empty page that file browsers would show as the document's preview.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
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
_APP_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"


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
    """The saved document: template leftovers dropped, the author (the issuing body, see
    apply_properties) as the company in app.xml, every zip entry dated ZIP_EPOCH.

    python-docx dates each entry with the clock and offers no way to pass a time; rather than
    inflate and deflate the whole package again (+0.2 s for a 500-article code), the two date
    fields of each entry are overwritten in place. Nothing else in the zip depends on them.
    """
    _drop_template_leftovers(doc)
    _set_company(doc, doc.core_properties.author or "")
    raw = io.BytesIO()
    doc.save(raw)
    return _fix_entry_times(bytearray(raw.getvalue()))


_LOCAL_HEADER: Final = b"PK\x03\x04"
_CENTRAL_HEADER: Final = b"PK\x01\x02"
_UNIX: Final = 3
_DOS_TIME, _DOS_DATE = 0, (ZIP_EPOCH[0] - 1980) << 9 | ZIP_EPOCH[1] << 5 | ZIP_EPOCH[2]


def _fix_entry_times(data: bytearray) -> bytes:
    """Set the modification time of every entry (local header and central directory) and the
    system that made it (central directory)."""
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        entries = archive.infolist()
        central = archive.start_dir
    for info in entries:
        offset = info.header_offset
        if data[offset:offset + 4] != _LOCAL_HEADER:
            raise ValueError(f"not a zip local header at {offset}")
        struct.pack_into("<HH", data, offset + 10, _DOS_TIME, _DOS_DATE)
    for _ in entries:
        if data[central:central + 4] != _CENTRAL_HEADER:
            raise ValueError(f"not a zip central directory entry at {central}")
        struct.pack_into("<HH", data, central + 12, _DOS_TIME, _DOS_DATE)
        data[central + 5] = _UNIX  # "made by": Python says 0 on Windows, 3 elsewhere; same bytes on both
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, central + 28)
        central += 46 + name_len + extra_len + comment_len
    return bytes(data)


def _drop_template_leftovers(doc: Any) -> None:
    for rels in (doc.part.rels, doc.part.package.rels):
        for r_id in [r_id for r_id, rel in rels.items() if rel.reltype in _DROPPED_RELS]:
            del rels[r_id]


def _set_company(doc: Any, company: str) -> None:
    """app.xml's <Company>: the issuing body (Word shows it under File > Info)."""
    from lxml import etree

    package = doc.part.package
    for rel in package.rels.values():
        if rel.reltype != _APP_REL:
            continue
        part = rel.target_part
        root = etree.fromstring(part.blob)
        element = root.find(f"{{{_APP_NS}}}Company")
        if element is None:
            element = etree.SubElement(root, f"{{{_APP_NS}}}Company")
        element.text = company or None
        # a plain python-docx Part keeps its bytes in `_blob` (it has no XML element to edit)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
