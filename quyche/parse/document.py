"""The parser's entry points: a whole file (front matter + body) to a Regulation."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from quyche.errors import FrontMatterUnclosed, InputError, UnreadArticles
from quyche.model.document import Regulation
from quyche.model.frontmatter import FRONT_MATTER_KEYS
from quyche.parse import patterns as P
from quyche.parse.body import BodyPart, Layout, scan_body
from quyche.parse.frontmatter import load_front_matter, split_front_matter
from quyche.parse.source import Source, read_source

_MARKDOWN_HEADING = re.compile(
    r"^#{1,6}[ \t]+(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|[ĐÐ]iều|[ĐÐ]IỀU|Phụ lục|PHỤ LỤC|[IVXLC]{1,6}-)(?:[\s.:]|$)", re.M
)


def unexport_line(line: str) -> str:
    """A line of Markdown exported from Word, Google Docs or pandoc as the text it shows: escapes
    read (`1\\.` → `1.`, `\\-` → `-`), bold around the whole line dropped, a leading tab kept
    as indentation. Lines without such markup come back unchanged."""
    if "\\" not in line and "**" not in line and "__" not in line:
        return line
    body = line.lstrip(" \t")
    indent = line[: len(line) - len(body)]
    m = P.EXPORT_EMPHASIS.fullmatch(body.rstrip())
    if m:
        body = m.group("text")
    return indent + P.EXPORT_ESCAPE.sub(r"\1", body)


def looks_exported(body: str) -> bool:
    """Does plain text carry Markdown export markup (`**Điều 1\\.`, `1\\.`, `\\-`)?

    The anchored search (^ with re.M) tries every position of the text, a tenth of a parse:
    it runs only on a text holding a backslash; bold headings are looked for by their marks.
    """
    if "\\" in body:
        return bool(_EXPORTED.search(body))
    for mark in ("**", "__"):
        at = body.find(mark)
        while at >= 0:  # the first mark of a line is all that can count: then the next line
            if not body[body.rfind("\n", 0, at) + 1 : at].strip(" \t") and body.startswith(_EXPORT_KEYWORDS, at + 2):
                return True
            line_end = body.find("\n", at)
            at = body.find(mark, line_end + 1) if line_end >= 0 else -1
    return False


_EXPORT_KEYWORDS = ("Điều", "Ðiều", "Chương", "CHƯƠNG", "Mục", "MỤC", "Phần", "PHẦN")
_EXPORTED = re.compile(r"^[ \t]*(?:(?:\*\*|__)(?:[ĐÐ]iều|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)|\d{1,3}\\\.|\\[-+])", re.M)
"""Markup only an export writes: bold headings, `1\\.`, `\\-` at the start of a line."""


def detect_layout(body: str, has_front_matter: bool) -> Layout:
    """Markdown when the file has front matter or Markdown headings; plain text otherwise."""
    if has_front_matter or ("#" in body and _MARKDOWN_HEADING.search(body)):  # no "#": no search over every line
        return "markdown"
    return "plain"


ATTACHED_FRONT_MATTER_MAX_LINES = 200
"""An attached document's `---` front matter block closes within this many lines."""

_YAML_KEY = re.compile(r"(?:" + "|".join(FRONT_MATTER_KEYS) + r")\s*:|#(?!#*[ \t]+(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|[ĐÐ]iều|[ĐÐ]IỀU|Phụ lục|PHỤ LỤC)\b)")
"""The first line of an attached front matter block: a known key, or a YAML comment (not a heading)."""


def _attached_blocks(lines: list[str], start: int) -> list[tuple[int, int]]:
    """(opening, closing) indexes of the `---` … `---` blocks that open attached documents in a
    Markdown body: a `---` line, a YAML key or comment right below, a closing `---` soon after.
    A paragraph that starts with `---` is always written escaped, so nothing else looks so."""
    out: list[tuple[int, int]] = []
    n = len(lines)
    free = start  # the first line not inside a block found already
    for k in [k for k in range(start, n) if lines[k].startswith("---")]:  # a cheap test for every line
        if k < free:
            continue
        if lines[k].rstrip() == "---" and k + 1 < n and _YAML_KEY.match(lines[k + 1]):
            end = next((j for j in range(k + 1, min(n, k + ATTACHED_FRONT_MATTER_MAX_LINES))
                        if lines[j].rstrip() in ("---", "...")), None)
            if end is not None:
                out.append((k, end))
                free = end + 1
    return out


def parse_text(text: str, path: str | Path | None = None, layout: Layout | None = None) -> Regulation:
    """Parse NFC text (as `Source.text`) into a Regulation, with the documents attached to it
    (a decision and the regulation it issues). Raises InputError on bad front matter."""
    spath = str(path) if path is not None else None
    try:
        yaml_text, body_index, yaml_line = split_front_matter(text)
    except FrontMatterUnclosed:
        raise FrontMatterUnclosed(spath, 1, 1) from None
    lines = text.split("\n")
    front = load_front_matter(yaml_text, yaml_line, spath) if yaml_text is not None else None
    body_lines = lines[body_index:]
    chosen = layout or detect_layout("\n".join(body_lines) if body_index else text, front is not None)
    # Segments: the body up to the first attached front matter block, then each attached document.
    blocks = _attached_blocks(lines, body_index) if chosen == "markdown" else []
    segments: list[tuple[int, int, str | None, int]] = []  # (first index, end index, yaml, yaml line)
    begin, seg_yaml, seg_yaml_line = body_index, yaml_text, yaml_line
    for open_at, close_at in blocks:
        segments.append((begin, open_at, seg_yaml, seg_yaml_line))
        begin, seg_yaml, seg_yaml_line = close_at + 1, "\n".join(lines[open_at + 1 : close_at]), open_at + 2
    segments.append((begin, len(lines), seg_yaml, seg_yaml_line))
    docs: list[Regulation] = []
    for number, (first, end, seg_yaml, seg_yaml_line) in enumerate(segments):
        seg_front = front if number == 0 else load_front_matter(seg_yaml or "", seg_yaml_line, spath)
        seg_lines = lines[first:end]
        if chosen == "plain" and looks_exported("\n".join(seg_lines)):
            seg_lines = [unexport_line(line) for line in seg_lines]
        try:
            result = scan_body(seg_lines, first + 1, chosen)
        except InputError as exc:  # the scanner knows lines, not the file
            if exc.path is None and spath is not None:
                exc.path = Path(spath)
            raise
        parts = [BodyPart(result.children, result.closing, first + 1, result.copies), *result.attached]
        for k, part in enumerate(parts):
            doc = Regulation(
                front_matter=seg_front if k == 0 else None,
                children=part.children,
                closing=part.closing,
                copies=part.copies,
                path=spath,
                layout=chosen,
                line_count=len(lines),
                body_line=part.first_line,
                text=text,
            )
            if number and k == 0:
                doc.front_matter_yaml = seg_yaml
            if docs:
                doc.attached = True
            docs.append(doc)
        docs[0].comments.extend(result.comments)
        docs[0].furniture.extend(result.furniture)
        docs[0].conflicts.extend(result.conflicts)
    reg = docs[0]
    reg.body_line = body_index + 1
    reg.attachments = docs[1:]
    for doc, after in itertools.pairwise(docs):
        doc.end_line = after.body_line - 1
    if not any(u.kind == "article" for d in docs for u in d.units()):  # stops at the first one
        _refuse_unread_articles(lines, body_index, spath)
    return reg


_ARTICLE_LIKE = re.compile(r"^[\s*_#>|\\]*[ĐÐ](?:iều|IỀU)\\?\s+\d{1,4}[a-zđ]?\s*\\?[.:]")


def _refuse_unread_articles(lines: list[str], start: int, path: str | None) -> None:
    """A text with no article but lines that look like article headings ("**Điều 1\\. …**" in a
    layout the reader missed) is refused with the first such line, rather than read as an
    empty tree that every command would report as fine."""
    for k in range(start, len(lines)):
        line = lines[k]
        if ("iều" in line or "IỀU" in line) and _ARTICLE_LIKE.match(line):
            text = line.strip()
            raise UnreadArticles(path, k + 1, 1, text=text[:80])


def parse_source(source: Source, layout: Layout | None = None) -> Regulation:
    """Parse a decoded Source."""
    return parse_text(source.text, source.path, layout)


def parse_file(path: str | Path, layout: Layout | None = None) -> Regulation:
    """Read, decode and parse a file."""
    return parse_source(read_source(Path(path)), layout)
