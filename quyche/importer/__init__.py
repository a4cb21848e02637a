"""`quyche import`: a Word (.docx) or text (.txt, .md) file → canonical Markdown with front matter.

The steps: read the file into lines (importer.docx or importer.text), place the header and
closing blocks into front matter (importer.header), parse the body with the core parser and report
what was kept or removed. The canonical Markdown (the text `quyche fmt` writes) is rendered by
quyche.render.imported (`render_import`), because render sits above importer in the layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from quyche.errors import ImportFormatError
from quyche.fsutil import read_bytes_guarded
from quyche.importer.report import ImportReport
from quyche.model.document import Regulation

FRONT_MATTER_COMMENT: Final = "Thông tin đầu văn bản (thể thức theo Hướng dẫn 36-HD/VPTW). Xem `quyche help format`."
_ZIP: Final = b"PK\x03\x04"
_OLE: Final = b"\xd0\xcf\x11\xe0"
_TEXT_SUFFIXES: Final = (".txt", ".md", ".markdown", ".text")


@dataclass(slots=True)
class ImportResult:
    """The imported regulation and the report (the CLI renders the Markdown: render sits above)."""

    regulation: Regulation
    report: ImportReport
    front_matter_yaml: str | None = None
    """The input's own front matter, canonical, when it was already a quyche Markdown file."""


def import_file(path: Path) -> ImportResult:
    """Read `path` (.docx, .txt, .md) into a Regulation with front matter and a report."""
    path = Path(path)
    data = read_bytes_guarded(path)
    report = ImportReport(source=str(path))
    suffix = path.suffix.lower()
    if data.startswith(_OLE) or data.startswith(_ZIP) or suffix in (".docx", ".doc", ".docm", ".dotx"):
        if not (data.startswith(_OLE) or data.startswith(_ZIP)):
            if suffix == ".doc" and data.lstrip()[:1] == b"<":
                raise ImportFormatError(path, kind="unknown")
            raise ImportFormatError(path, kind="corrupt" if suffix != ".doc" else "doc")
        reg = _from_docx(path, report)
    elif suffix in _TEXT_SUFFIXES or suffix == "":
        from_text = _from_text(path, data, report)
        if from_text is None:  # a quyche Markdown file already: re-render it canonically
            return _already_markdown(path, data, report)
        reg = from_text
    else:
        raise ImportFormatError(path, kind="unknown")
    count_documents(reg, report)
    return ImportResult(reg, report)


def count_documents(reg: Regulation, report: ImportReport) -> None:
    """The file's counts, and each document's when it holds more than one."""
    report.counts = {k: v for k, v in reg.total_counts().items() if v}
    if reg.attachments:
        report.documents = [(doc.document_kind() or "", {k: v for k, v in doc.counts().items() if v})
                            for doc in reg.documents()]


def _from_docx(path: Path, report: ImportReport) -> Regulation:
    from quyche.importer.docx import read_docx
    from quyche.importer.text import regulation_from_lines

    doc = read_docx(path)
    lines: list[str] = []
    wheres: list[str | None] = []
    prev = -1
    for line in doc.lines:
        if lines and line.paragraph != prev:
            lines.append("")  # a paragraph boundary in Word is a block boundary here
            wheres.append(None)
        lines.append(line.text)
        wheres.append(line.where)
        prev = line.paragraph
    for enc, count in doc.legacy_runs.items():
        report.add("converted", None, None, f"{count} đoạn/run", f"legacy-{enc}")
    if doc.tracked_insertions or doc.tracked_deletions:
        report.add("info", None, None,
                   f"{doc.tracked_insertions} chỗ chèn, {doc.tracked_deletions} chỗ xóa", "tracked-changes-accepted")
    if doc.numbered:
        report.add("info", None, None, f"{doc.numbered} đoạn", "word-numbering-resolved")
    if doc.footnotes:
        report.add("info", None, None, f"{doc.footnotes} chú thích", "footnotes-appended")
    if doc.word_letter_e:
        report.add("info", None, None, f"{doc.word_letter_e} danh sách", "word-letters-without-d")
    if doc.tables > 2:
        report.add("info", None, None, f"{doc.tables} bảng", "tables-flattened")
    return regulation_from_lines(lines, path, report, wheres)


def _from_text(path: Path, data: bytes, report: ImportReport) -> Regulation | None:
    from quyche.importer.text import decode_text, markdown_to_lines, regulation_from_lines
    from quyche.parse.frontmatter import split_front_matter

    decoded = decode_text(data, path)
    if decoded.encoding in ("tcvn3", "vni"):
        report.add("converted", None, None, decoded.encoding, f"legacy-{decoded.encoding}")
    text = decoded.text
    if text.startswith("\ufeff"):
        text = text[1:]
    yaml_text, _, _ = split_front_matter(text) if text.startswith("---") else (None, 0, 0)
    if yaml_text is not None:
        return None
    lines = text.split("\n")
    if path.suffix.lower() in (".md", ".markdown"):
        lines = markdown_to_lines(text)
    return regulation_from_lines(lines, path, report)


def _already_markdown(path: Path, data: bytes, report: ImportReport) -> ImportResult:
    from quyche.importer.text import decode_text
    from quyche.parse.document import parse_text
    from quyche.parse.frontmatter import split_front_matter
    from quyche.yamlrt import canonical_front_matter

    text = decode_text(data, path).text
    reg = parse_text(text, path)
    yaml_text, _, _ = split_front_matter(text)
    count_documents(reg, report)
    return ImportResult(reg, report, canonical_front_matter(yaml_text or ""))
