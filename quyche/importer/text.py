"""Text input (.txt, .md, PDF-extracted text) and the shared lines → Regulation step.

The body is parsed by the core parser in its plain layout (quyche/parse/body.py), which already
joins hard-wrapped lines and wrapped titles and sets aside Công báo page headers, page numbers
and e-signature stamps. This module adds what only an import needs: decoding legacy bytes, the
header block before the first heading, the closing block, and the report of what was kept.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from quyche.errors import ImportFormatError, NotARegulation
from quyche.fsutil import read_bytes_guarded
from quyche.importer import legacy
from quyche.importer.header import Line, continues, parse_closing, parse_header
from quyche.importer.report import ImportReport
from quyche.model.document import Paragraph, Regulation
from quyche.model.span import Span
from quyche.parse import patterns as P
from quyche.parse.document import parse_text

_HEADING_KINDS: Final = frozenset(("part", "chapter", "section", "article", "appendix"))
_MD_EMPHASIS: Final = re.compile(r"(\*\*|__)")
_MD_ITALIC: Final = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")
"""*nghiêng* → nghiêng; a lone "*" (the Party star) and "* *" stay."""
_MD_HEADING: Final = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_TABLE_RULE: Final = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


@dataclass(slots=True)
class DecodedText:
    """A text file as Unicode NFC with LF line endings."""

    text: str
    encoding: str
    """"utf-8", "tcvn3" or "vni"."""


def decode_text(data: bytes, path: Path | None) -> DecodedText:
    """UTF-8 (with or without BOM), or legacy TCVN3/VNI bytes; anything else → ImportFormatError."""
    if b"\x00" in data[:4096]:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return DecodedText(_normalise(data.decode("utf-16")), "utf-16")
            except UnicodeDecodeError:
                pass
        raise ImportFormatError(path, kind="unknown")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        got = legacy.decode_legacy_bytes(data)
        if got is None:
            head = data[: exc.start]
            line = head.count(b"\n") + 1
            column = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
            raise ImportFormatError(path, line, column, kind="encoding") from None
        return DecodedText(_normalise(got[0]), got[1])
    text = _normalise(text)
    # Legacy text saved through a UTF-8 editor arrives as valid UTF-8 mojibake ("§iÒu 1").
    found = legacy.detect(text)
    if found is not None:
        return DecodedText(legacy.convert(text, found), found)
    return DecodedText(text, "utf-8")


INLINE_SPACES: Final = {
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200b": "", "\u2011": "-", "\u2010": "-",
}  # fmt: skip
"""Non-breaking spaces and hyphens become plain ones: the same in a text and a Word import (docx.py)."""
_INLINE: Final = str.maketrans(INLINE_SPACES)


def _normalise(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text.translate(_INLINE))


def read_text_file(path: Path) -> DecodedText:
    """Read and decode a .txt or .md file."""
    return decode_text(read_bytes_guarded(path), path)


def markdown_to_lines(text: str) -> list[str]:
    """A Markdown page (converted from the web) as plain lines: no #, ** or table rules."""
    out: list[str] = []
    for line in text.split("\n"):
        if _MD_TABLE_RULE.match(line) and "-" in line:
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_ITALIC.sub(r"\1", _MD_EMPHASIS.sub("", line))
        if line.strip().startswith("|") and line.strip().endswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            out.extend(c for c in cells if c)
            continue
        out.append(line)
    return out


def first_heading_line(reg: Regulation) -> int | None:
    """Source line of the first part, chapter, section, article or appendix heading."""
    for unit in reg.units():
        if unit.kind in _HEADING_KINDS:
            return unit.span.line
    return None


def regulation_from_lines(lines: list[str], path: Path | None, report: ImportReport,
                          wheres: list[str | None] | None = None) -> Regulation:
    """Parse plain lines (from Word or a text file) into a Regulation with front matter."""
    def where(lineno: int) -> str | None:
        if wheres is None or not 0 < lineno <= len(wheres):
            return None
        return wheres[lineno - 1]

    lines = list(lines)
    # Even pages of the Công báo print the page number above the page header; the parser
    # removes the header and a number below it, so the number above goes here.
    for k in range(len(lines) - 1):
        if P.PAGE_NUMBER.fullmatch(lines[k].strip()) and P.PAGE_HEADER.match(lines[k + 1].strip()):
            report.add("removed", k + 1, where(k + 1), lines[k].strip(), "page-number")
            lines[k] = ""
    text = "\n".join(lines)
    reg = parse_text(text, path, layout="plain")
    first = first_heading_line(reg)
    if first is None or not reg.articles():
        raise NotARegulation(path)

    furniture_lines = {p.span.line for p in reg.furniture}
    for para in reg.furniture:
        reason = "page-header" if P.PAGE_HEADER.match(para.text) else (
            "stamp" if P.STAMP_LINE.match(para.text) else "page-number")
        report.add("removed", para.span.line, where(para.span.line), para.text, reason)
    for doc in reg.documents():
        _place_header_and_closing(doc, lines, furniture_lines, report, where)
    return reg


def _place_header_and_closing(doc: Regulation, lines: list[str], furniture_lines: set[int], report: ImportReport,
                              where: Callable[[int], str | None]) -> None:
    """Read one document's header lines (before its first heading) and closing block into its
    front matter; what cannot be placed stays as paragraphs and is reported."""
    first = first_heading_line(doc) or doc.body_line
    header_lines = [Line(k + 1, lines[k]) for k in range(doc.body_line - 1, first - 1)
                    if k + 1 not in furniture_lines and not _is_page_number_after_header(lines, k, furniture_lines)]
    header = parse_header(header_lines)
    fm = header.front_matter
    body = [c for c in doc.children if not (c.span.line and c.span.line < first)]
    kept: list[Paragraph] = []
    for line in header.leftovers:
        text_ = " ".join(line.text.split())
        kept.append(Paragraph(text_, Span(line.number, 1, line.number, len(line.text) + 1)))
        report.add("kept", line.number, where(line.number), text_, "header-unplaced")
    doc.children = [*kept, *body]

    # The closing block from the source lines, not the parser's joined blocks: a signing block
    # laid out in two columns with spaces must be split line by line.
    closing_lines: list[Line] = []
    for para in doc.closing:
        for number in range(para.span.line, max(para.span.line, para.span.end_line) + 1):
            if number not in furniture_lines and 0 < number <= len(lines) and lines[number - 1].strip():
                closing_lines.append(Line(number, lines[number - 1]))
    left = _join_wrapped(parse_closing(closing_lines, fm))
    doc.closing = [Paragraph(" ".join(ln.text.split()), Span(ln.number, 1)) for ln in left]
    for ln in left:
        report.add("kept", ln.number, where(ln.number), ln.text, "closing-unplaced")
    doc.front_matter = fm


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Join hard-wrapped closing lines ("Luật này đã được … khóa XIII," / "kỳ họp thứ 8 …")."""
    out: list[Line] = []
    for line in lines:
        text = line.text.strip()
        if out and line.number == out[-1].number + 1 and continues(out[-1].text, text) \
                and not text.startswith("("):
            out[-1] = Line(line.number, f"{out[-1].text} {text}")
            continue
        out.append(Line(line.number, text))
    return out


def _is_page_number_after_header(lines: list[str], k: int, furniture: set[int]) -> bool:
    """The page-number line right under a Công báo page header is furniture too."""
    return k >= 1 and k in furniture and P.PAGE_HEADER.match(lines[k - 1].strip()) is not None \
        and P.PAGE_NUMBER.fullmatch(lines[k].strip()) is not None

