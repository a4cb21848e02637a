"""What several rules need to look up in one document, built once per file.

Article sequences ("blocks"): a file may hold a decision (Điều 1–3, outside any chapter) and
then the regulation it issues (Chương I, Điều 1 …); each block has its own numbering, its own
document kind and its own references.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Final

from quyche.check.registry import CheckContext
from quyche.model.document import Article, Chapter, Clause, Paragraph, Point, Regulation, Unit

DOC_KIND_TITLES: Final = {
    "QUY CHẾ": "quy chế", "QUY ĐỊNH": "quy định", "QUYẾT ĐỊNH": "quyết định", "LUẬT": "luật",
    "BỘ LUẬT": "bộ luật", "NGHỊ QUYẾT": "nghị quyết", "NGHỊ ĐỊNH": "nghị định",
    "HƯỚNG DẪN": "hướng dẫn", "ĐIỀU LỆ": "điều lệ", "CHỈ THỊ": "chỉ thị", "THÔNG TƯ": "thông tư",
}  # fmt: skip
_KIND_LINE: Final = re.compile(r"^(" + "|".join(DOC_KIND_TITLES) + r")\s*$")


@dataclass(slots=True)
class Block:
    """One article sequence with the document kind it belongs to."""

    articles: list[Article] = field(default_factory=list)
    kind: str | None = None
    by_number: dict[str, Article] = field(default_factory=dict)
    first_line: int = 0


@dataclass(slots=True)
class Place:
    """The units that contain a line, innermost last."""

    block: Block | None
    chapter: Chapter | None
    article: Article | None
    clause: Clause | None
    point: Point | None


@dataclass(slots=True)
class DocIndex:
    """Blocks, articles with their chapter, lines to skip when reading references."""

    blocks: list[Block]
    chapter_of: dict[int, Chapter | None]
    """id(article) → its chapter."""
    starts: list[int]
    articles: list[Article]
    block_of: list[Block]
    skip_lines: set[int]
    """Closing block, page furniture, quoted text, appendices: not the document's own text."""
    chapters: list[Chapter]

    def place(self, line: int) -> Place:
        """Which block, chapter, article, clause and point hold `line`."""
        i = bisect.bisect_right(self.starts, line) - 1
        if i < 0:
            first = self.blocks[0] if self.blocks else None
            return Place(first, None, None, None, None)
        art = self.articles[i]
        block = self.block_of[i]
        if line > art.span.end_line:
            return Place(block, self.chapter_of.get(id(art)), None, None, None)
        clause = point = None
        for unit in _containing(art, line):
            if isinstance(unit, Clause) and clause is None:
                clause = unit
            elif isinstance(unit, Point) and point is None:
                point = unit
        return Place(block, self.chapter_of.get(id(art)), art, clause, point)


def _containing(unit: Unit, line: int) -> list[Unit]:
    out: list[Unit] = []
    children = unit.children
    while True:
        for child in children:
            if isinstance(child, Unit) and child.span.line <= line <= child.span.end_line:
                out.append(child)
                children = child.children
                break
        else:
            return out


def front_kind(doc: Regulation) -> str | None:
    """The document kind the front matter states, lower case."""
    fm = doc.front_matter
    return fm.kind.strip().lower() if fm and fm.kind else None


def build_index(doc: Regulation) -> DocIndex:
    """Walk the tree once."""
    blocks: list[Block] = []
    chapter_of: dict[int, Chapter | None] = {}
    skip: set[int] = set()
    chapters: list[Chapter] = []
    kind_now = front_kind(doc)
    current: Block | None = None
    prev: Article | None = None
    prev_chapter: Chapter | None = None
    for node, parents in doc.walk():
        if isinstance(node, Paragraph):
            if node.quoted:
                skip.update(range(node.span.line, node.span.end_line + 1))
            elif not parents:
                m = _KIND_LINE.match(node.text.strip())
                if m and doc.front_matter is None:
                    kind_now = DOC_KIND_TITLES[m.group(1)]
            continue
        if node.kind == "appendix":
            skip.update(range(node.span.line, node.span.end_line + 1))
            continue
        if isinstance(node, Chapter):
            chapters.append(node)
            continue
        if not isinstance(node, Article):
            continue
        chapter = next((p for p in reversed(parents) if isinstance(p, Chapter)), None)
        chapter_of[id(node)] = chapter
        restart = (prev is not None and node.ordinal == 1 and not node.suffix
                   and chapter_of.get(id(prev)) is None and prev_chapter is None)
        if current is None or restart:
            current = Block(kind=kind_now, first_line=node.span.line)
            blocks.append(current)
        current.articles.append(node)
        current.by_number.setdefault(node.number.lower(), node)
        prev = node
        prev_chapter = chapter
    for para in (*doc.closing, *doc.furniture):
        skip.update(range(para.span.line, para.span.end_line + 1))
    arts: list[Article] = []
    block_of: list[Block] = []
    for block in blocks:
        for art in block.articles:
            arts.append(art)
            block_of.append(block)
    return DocIndex(blocks, chapter_of, [a.span.line for a in arts], arts, block_of, skip, chapters)


def get_index(doc: Regulation, ctx: CheckContext) -> DocIndex:
    """The index of `doc`, built by the first rule that asks."""
    idx = ctx.extra.get("index")
    if not isinstance(idx, DocIndex):
        idx = build_index(doc)
        ctx.extra["index"] = idx
    return idx
