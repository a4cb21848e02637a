"""The parser's entry points: a whole file (front matter + body) to a Regulation."""

from __future__ import annotations

import re
from pathlib import Path

from quyche.errors import FrontMatterUnclosed, InputError
from quyche.model.document import Regulation
from quyche.parse.body import Layout, scan_body
from quyche.parse.frontmatter import load_front_matter, split_front_matter
from quyche.parse.source import Source, read_source

_MARKDOWN_HEADING = re.compile(
    r"^#{1,6}[ \t]+(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|[ĐÐ]iều|[ĐÐ]IỀU|Phụ lục|PHỤ LỤC|[IVXLC]{1,6}-)(?:[\s.:]|$)", re.M
)


def detect_layout(body: str, has_front_matter: bool) -> Layout:
    """Markdown when the file has front matter or Markdown headings; plain text otherwise."""
    if has_front_matter or _MARKDOWN_HEADING.search(body):
        return "markdown"
    return "plain"


def parse_text(text: str, path: str | Path | None = None, layout: Layout | None = None) -> Regulation:
    """Parse NFC text (as `Source.text`) into a Regulation. Raises InputError on bad front matter."""
    spath = str(path) if path is not None else None
    try:
        yaml_text, body_index, yaml_line = split_front_matter(text)
    except FrontMatterUnclosed:
        raise FrontMatterUnclosed(spath, 1, 1) from None
    lines = text.split("\n")
    front = load_front_matter(yaml_text, yaml_line, spath) if yaml_text is not None else None
    body_lines = lines[body_index:]
    chosen = layout or detect_layout("\n".join(body_lines) if body_index else text, front is not None)
    try:
        result = scan_body(body_lines, body_index + 1, chosen)
    except InputError as exc:  # the scanner knows lines, not the file
        if exc.path is None and spath is not None:
            exc.path = Path(spath)
        raise
    reg = Regulation(
        front_matter=front,
        children=result.children,
        closing=result.closing,
        path=spath,
        comments=result.comments,
        layout=chosen,
        line_count=len(lines),
        body_line=body_index + 1,
    )
    reg.furniture = result.furniture
    reg.text = text
    return reg


def parse_source(source: Source, layout: Layout | None = None) -> Regulation:
    """Parse a decoded Source."""
    return parse_text(source.text, source.path, layout)


def parse_file(path: str | Path, layout: Layout | None = None) -> Regulation:
    """Read, decode and parse a file."""
    return parse_source(read_source(Path(path)), layout)
