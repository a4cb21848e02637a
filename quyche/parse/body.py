"""The body scanner: one pass over the lines, building the unit tree.

It reads two layouts with the same rules:

- markdown (a file with front matter or `#` headings): Markdown paragraph rules, a blank line
  ends a block and lines in between are joined;
- plain (text taken from Word or PDF): one line is one block, except lines that go on in lower
  case and, in hard-wrapped text (a PDF's text layer, see `looks_hard_wrapped`), long lines
  that stop mid-sentence, which are joined; Công báo page headers, page numbers and
  e-signature stamps are set aside as `furniture` and the page break does not split a
  sentence; the signature block after the last article goes to `closing`.

A unit goes into the innermost open unit of a higher rank (article → clause → point → item),
so the tree follows the numbering even where indentation is missing or wrong; only bullets
nest by indentation, and only in Markdown. Nothing here recurses: a document of any depth is
read in one loop, and bullets deeper than MAX_ITEM_DEPTH raise TooDeep.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, cast

from quyche.errors import TooDeep
from quyche.model.document import (
    Appendix,
    Article,
    Chapter,
    Clause,
    Comment,
    ConflictMark,
    ConflictSide,
    Item,
    Node,
    Paragraph,
    Part,
    Point,
    Section,
    Unit,
)
from quyche.model.numbering import (
    from_roman,
    ordinal_from_words,
    point_ordinal,
    split_article_number,
)
from quyche.model.span import Span
from quyche.parse import patterns as P

Layout = Literal["markdown", "plain"]

RANK: dict[str, int] = {
    "root": 0,
    "appendix": 1,
    "part": 1,
    "chapter": 2,
    "section": 3,
    "article": 4,
    "clause": 5,
    "subclause": 6,
    "point": 9,
    "item": 10,
}
"""Nesting rank of each kind; a bullet nested d levels deep has rank item + d."""

TITLE_SPLIT_MAX_WORDS = 12
"""'Điều 1. Title: text' splits at the colon only when the title part is this short."""

WRAP_MIN_LENGTH = 55
"""In plain text, a line at least this long that does not end a sentence was hard-wrapped."""

HARD_WRAP_SHARE = 0.15
"""Share of lines continuing in lower case above which plain text counts as hard-wrapped."""

LOOKAHEAD_LINES = 12
"""Lines (blank ones included) looked ahead for a signer's name or an attached title."""

APPENDIX_GROUP_LEAD = 2
"""Lines an unnumbered "PHỤ LỤC" may hold before "Phụ lục I" and still be the group heading."""

MAX_ITEM_DEPTH = 16
"""Deepest bullet nesting quyche follows; deeper lists are refused with TooDeep."""

ESCAPE = "\\"
"""In Markdown, a line starting with a backslash is a plain paragraph whatever follows it."""


@dataclass(slots=True)
class BodyPart:
    """One document of the body: a decision, or the regulation attached to it."""

    children: list[Node]
    closing: list[Paragraph]
    first_line: int
    """File line where the document starts (its header, or its first line of text)."""
    copies: list[Paragraph] = field(default_factory=list)
    """A copy block after the signature (see `split_copy_block`)."""


@dataclass(slots=True)
class BodyResult:
    """What the scanner gives back to parse_text."""

    children: list[Node]
    closing: list[Paragraph]
    comments: list[Comment]
    furniture: list[Paragraph] = field(default_factory=list)
    attached: list[BodyPart] = field(default_factory=list)
    """Documents that follow the first one (see `_Scanner._begin_attachment`)."""
    copies: list[Paragraph] = field(default_factory=list)
    """The first document's copy block (Sao lục …), kept whole."""
    conflicts: list[ConflictMark] = field(default_factory=list)
    """Merge-conflict marker lines left by `template update` (see ConflictMark)."""


class _Open:
    """An open unit on the scanner's stack. A plain class: one is made for every unit, and a
    dataclass's generated constructor cost half as much again."""

    __slots__ = ("key", "rank", "unit")

    def __init__(self, unit: Unit, rank: int, key: int = 0) -> None:
        self.unit = unit
        self.rank = rank
        self.key = key
        """For a bullet: how far it is indented (see `_item_depth`)."""


ARTICLE_TITLE_MAX_WORDS = 40
"""A line longer than this after a bare "Điều 1." is its text, not its title."""


def _is_article_title(text: str) -> bool:
    """Short, starting with a capital, not a marker, not ending a sentence or a list."""
    return (text[0].isupper() and text[-1] not in ".;:,!?…" and not is_marker(text)
            and len(text.split()) <= ARTICLE_TITLE_MAX_WORDS)


def _is_upper_title(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _heading_rest(rest: str) -> str | None:
    """The title after "Chương I", or None when the rest shows a cross-reference, not a heading."""
    if not rest:
        return ""
    m = P.TITLE_SEPARATOR.match(rest)
    if m:
        return rest[m.end() :].strip()
    if _is_upper_title(rest):
        return rest.strip()
    return None


def _split_id(text: str) -> tuple[str, str | None]:
    if "{#" not in text:
        return text, None  # the search would try every position of the line
    m = P.UNIT_ID.search(text)
    if m:
        return text[: m.start()].rstrip(), m.group(1)
    return text, None


def looks_hard_wrapped(lines: list[str]) -> bool:
    """Is this plain text wrapped at a fixed width (a PDF's text layer) rather than one line a
    paragraph (Word, HTML)? In wrapped text many lines go on in lower case; in the other kind
    almost none do (measured on the corpus: ≥ 0.27 against ≤ 0.08 of the lines).
    """
    count = lower = 0
    prev = ""
    space = P.LEADING_SPACE + " "
    for raw in lines:
        line = raw.strip(space)
        if not line:
            continue
        count += 1
        if prev and line[0].islower() and not P.POINT.match(line):
            lower += 1
        prev = line
    return count > 0 and lower / count >= HARD_WRAP_SHARE


def _may_hold_glued(text: str) -> bool:
    """The cheap test before `split_glued`: a glued marker follows a tab or several spaces."""
    return "\t" in text or "  " in text or "\u00a0" in text


def split_glued(text: str) -> list[int]:
    """Where clauses or points glued onto this clause's or point's line start ("1. Làm A.\t2.
    Làm B."): after a tab or several spaces, a marker numbered next in sequence. [] for none."""
    if not _may_hold_glued(text):
        return []
    m = P.CLAUSE.match(text) or P.GLUED_CLAUSE.match(text)
    if m is not None and m.group("num").isdigit():
        kind, expected = "clause", int(m.group("num")) + 1
    else:
        pm = P.POINT.match(text) or P.GLUED_POINT.match(text)
        if pm is None:
            return []
        kind, expected = "point", (point_ordinal(pm.group("letter")) or 0) + 1
    out: list[int] = []
    for g in P.GLUED_NEXT.finditer(text, 2):
        marker = g.group("marker")
        value = int(marker[:-1]) if kind == "clause" and marker[0].isdigit() else (
            point_ordinal(marker[0]) if kind == "point" and marker[-1] == ")" else None)
        if value == expected:
            out.append(g.start("marker"))
            expected += 1
    return out


HEADING_WORDS = ("Chương", "CHƯƠNG", "Mục", "MỤC", "Phần", "PHẦN", "PHỤ LỤC", "Phụ lục")
"""The keywords `P.CHAPTER`, `P.SECTION`, `P.PART` and `P.APPENDIX` start with."""

HEADING_STARTS = (*P.ARTICLE_STARTS, *HEADING_WORDS)
"""How a heading with a keyword starts (a bare Roman section is tested by its first letter)."""

ROMAN_FIRSTS = "IVXLC"
"""The first letters of `P.ROMAN_SECTION`."""

POINT_ORDINALS = {letter: point_ordinal(letter) for letter in "abcdefghijklmnopqrstuvwxyzđ"}
"""The ordinal of every letter `P.POINT` reads, looked up rather than computed per point."""

ITEM_MARKS = "-+•–"
"""The bullets of `P.ITEM`."""


def _may_be_marker(text: str) -> bool:
    """The cheap test before `is_marker`: a digit, a letter followed by ")", a bullet, a Roman
    number's letter, or a heading's keyword."""
    first = text[:1]
    return (first.isdigit() or text[1:2] == ")" or first in ITEM_MARKS or first in ROMAN_FIRSTS
            or text.startswith(HEADING_STARTS))


def is_marker(text: str) -> bool:
    """Does the line open a unit (heading, article, clause, point or bullet)?"""
    return _may_be_marker(text) and bool(
        P.ARTICLE.match(text)
        or P.CLAUSE.match(text)
        or P.GLUED_CLAUSE.match(text)
        or P.GLUED_POINT.match(text)
        or P.POINT.match(text)
        or P.ITEM.match(text)
        or heading_match(text) is not None
    )


def heading_match(text: str) -> tuple[str, str, str | None, str] | None:
    """(kind, number, title or None for "on the next line", keyword) of a heading line."""
    first = text[:1]
    if text.startswith(HEADING_WORDS):
        for kind, rx in (("chapter", P.CHAPTER), ("section", P.SECTION), ("part", P.PART), ("appendix", P.APPENDIX)):
            m = rx.match(text)
            if not m:
                continue
            rest = _heading_rest(m.group("rest").strip())
            if rest is None:
                continue
            if kind == "part":
                if m.group("words"):
                    words = m.group("words")
                    if ordinal_from_words(words) is None:
                        first_word = words.split()[0]
                        if ordinal_from_words(first_word) is None:
                            continue
                        extra = words[len(first_word) :].strip()
                        rest = (extra + " " + rest).strip() if rest else extra
                        words = first_word
                    return kind, words, rest, m.group("kw")
                return kind, m.group("num"), rest, m.group("kw")
            if kind == "appendix" and not m.group("num") and not rest and text != m.group("kw"):
                continue
            return kind, m.group("num") or "", rest, m.group("kw")
    if first in ROMAN_FIRSTS:
        m = P.ROMAN_SECTION.match(text)
        if m and _is_upper_title(m.group("rest")) and from_roman(m.group("num")):
            return "section", m.group("num"), m.group("rest").strip(), ""
    return None


class _Scanner:
    def __init__(self, lines: list[str], first_line: int, layout: Layout) -> None:
        self.lines = lines
        self.first_line = first_line
        self.layout = layout
        self.hard_wrapped = layout == "plain" and looks_hard_wrapped(lines)
        self.root = Unit()
        self.stack: list[_Open] = [_Open(self.root, 0)]
        self.opened: list[Unit] = []
        """Every unit in the order it was opened (a parent before its children; see `_close_spans`)."""
        self.closing: list[Paragraph] = []
        self.comments: list[Comment] = []
        self.furniture: list[Paragraph] = []
        self.conflicts: list[ConflictMark] = []
        self._block: tuple[Unit | Paragraph, str] | None = None
        self._pending: list[str] = []
        """Lines extending the block, joined when the block ends: appending to the string at
        each line would copy it every time (N² on one long Markdown block without blank lines)."""
        self.block_raw_end = ""  # the raw last line of the current block (plain wrap test)
        self.await_title: Unit | None = None  # a heading whose title is on the next line
        self.title_wrappable = False
        self.prev_blank = True
        self.quote_depth = 0
        self.in_closing = False
        self.closing_from = _after_last_body_heading(lines) if layout == "markdown" else 0
        self._close_checked = (0, False)  # (index of the next body heading, may close before it)
        self.in_appendix = False
        self.seen_article = False
        self._prev_article: Article | None = None
        self.parts: list[BodyPart] = []  # documents finished before the current one
        self.part_line = first_line
        self.page_break = False  # inside page furniture (header, page number, stamp)
        self.stamp_lines = 0  # lines of an e-signature stamp still expected
        self.expect_page_number = False  # a page header was just read, its number may follow

    # -- helpers ---------------------------------------------------------------------------
    def _span(self, lineno: int, col: int, text: str) -> Span:
        return Span(lineno, col, lineno, col + len(text))

    def _open(self, unit: Unit, rank: int, key: int = 0) -> None:
        stack = self.stack
        while stack[-1].rank >= rank:
            stack.pop()
        stack[-1].unit.children.append(unit)
        stack.append(_Open(unit, rank, key))
        self.opened.append(unit)

    def _item_depth(self, mark: str, col: int) -> tuple[int, int]:
        """(depth, key) of a bullet: "+" goes under "-"; in Markdown, indentation nests too.

        The key orders bullets by indentation, "+" one step deeper than "-" at the same column;
        plain text ignores indentation (Word and PDF text indents at random). The new bullet
        sits under every open bullet with a smaller key.
        """
        key = (0 if self.layout == "plain" else col * 2) + (1 if mark == "+" else 0)
        depth = 0
        for entry in self.stack:
            if isinstance(entry.unit, Item) and entry.key < key:
                depth += 1
        return depth, key

    def _add_paragraph(self, para: Paragraph) -> None:
        while self.stack[-1].rank >= RANK["item"]:
            self.stack.pop()
        self.stack[-1].unit.children.append(para)

    @property
    def block(self) -> tuple[Unit | Paragraph, str] | None:
        """The block that a continuation line extends: (unit or paragraph, attribute name)."""
        return self._block

    @block.setter
    def block(self, value: tuple[Unit | Paragraph, str] | None) -> None:
        if self._pending:
            self._flush()
        self._block = value

    def _flush(self) -> None:
        """Write the pending continuation lines into the block's text."""
        if self._pending and self._block is not None:
            target, attr = self._block
            setattr(target, attr, " ".join(part for part in (getattr(target, attr), *self._pending) if part))
        self._pending.clear()

    def _extend(self, text: str, lineno: int, col: int, raw: str) -> None:
        assert self._block is not None
        target, _attr = self._block
        self._pending.append(text)
        span = target.span
        target.span = Span(span.line, span.column, lineno, len(raw.rstrip()) + 1)
        self.block_raw_end = raw

    def _wraps(self, stripped: str, marker: bool | None = None) -> bool:
        """Does this line continue the block above it (hard wrap or Markdown lazy line)?
        `marker` is `is_marker(stripped)` when the caller has it already."""
        if self._block is None or self.prev_blank:
            return False
        if self.layout == "markdown":
            return True
        if stripped[0].islower() and not (is_marker(stripped) if marker is None else marker):
            return True
        if self._block[1] == "title":
            return False  # a title ends without punctuation; only a lower-case line continues it
        if not self.hard_wrapped:
            return False
        prev = self.block_raw_end.rstrip()
        return len(prev) >= WRAP_MIN_LENGTH and prev[-1] not in P.TERMINAL_PUNCT

    # -- the scan ----------------------------------------------------------------------------
    def run(self) -> BodyResult:
        lines = self.lines
        first_line = self.first_line
        leading = P.LEADING_SPACE
        layout_md = self.layout == "markdown"
        plain = not layout_md
        for i, raw in enumerate(lines, 1):  # i: index of the next line (furniture looks ahead)
            body = raw.lstrip(leading) if raw else raw  # empty lines, the commonest kind, cost nothing
            stripped = body.rstrip() if body else body
            lineno = first_line + i - 1
            if not stripped:
                if self.page_break:
                    continue  # blank lines around page furniture are not paragraph breaks
                self.prev_blank = True
                if layout_md:  # a blank line ends the block (the `block` setter, inlined)
                    if self._pending:
                        self._flush()
                    self._block = None
                continue
            col = len(raw) - len(body) + 1
            first = stripped[0]
            if layout_md and raw[0] in "<|=>" and self._conflict_mark(raw, lineno):
                continue
            if first == "<" and stripped.startswith("<!--"):
                m = P.HTML_COMMENT.match(stripped)
                if m:
                    self.comments.append(Comment(m.group(1).strip(), lineno))
                    continue
            if plain:
                # No furniture pattern can match most lines: a cheap test of the first character.
                if (first in FURNITURE_FIRSTS or first.isdigit() or self.stamp_lines) \
                        and self._furniture(stripped, lineno, col, lines, i):
                    continue
                if first in RULE_FIRSTS and P.RULE.match(stripped):
                    # A rule line is layout, not text: set it aside, and end the block like a
                    # blank line so neither neighbour is joined across it.
                    self.furniture.append(Paragraph(stripped, self._span(lineno, col, stripped)))
                    self.prev_blank = True
                    continue
                self.page_break = False
                self.stamp_lines = 0
                self.expect_page_number = False
            if (first.isdigit() or stripped[1:2] == ")") \
                    and ("\t" in stripped or "  " in stripped or "\u00a0" in stripped):  # _may_hold_glued
                glued = split_glued(stripped)
                if glued:
                    for start, end in zip([0, *glued], [*glued, len(stripped)], strict=True):
                        self._line(raw, stripped[start:end].rstrip(), lineno, col + start)
                        self.prev_blank = False
                    continue
            self._line(raw, stripped, lineno, col)
            self.prev_blank = False
        self._flush()
        parts = [*self.parts, BodyPart(self.root.children, self.closing, self.part_line)]
        for part in parts:
            part.closing, part.copies = split_copy_block(part.closing)
        lead = parts[0]
        return BodyResult(lead.children, lead.closing, self.comments, self.furniture, parts[1:], lead.copies,
                          self.conflicts)

    def _conflict_mark(self, raw: str, lineno: int) -> bool:
        """Record a merge-conflict marker (at the start of the line, as git writes it); it ends
        the block above it like a blank line, so the wordings on either side stay apart."""
        m = P.CONFLICT_MARK.match(raw.rstrip())
        if m is None:
            return False
        side = cast("ConflictSide", P.CONFLICT_SIDES[raw[0]])
        self.conflicts.append(ConflictMark(side, (m.group("label") or "").strip(), lineno))
        self.prev_blank = True
        self.block = None
        self.await_title = None
        return True

    def _furniture(self, stripped: str, lineno: int, col: int, lines: list[str], i: int) -> bool:
        """Set aside Công báo page headers, their page numbers and e-signature stamps.

        A page break is transparent: the blank lines around it do not end the paragraph, so a
        sentence wrapped across two pages is joined again. `run` calls it only for lines whose
        first character could start furniture (see FURNITURE_FIRSTS).
        """
        is_furniture = False
        if P.PAGE_HEADER.match(stripped):
            is_furniture = True
            # Odd pages print the number after the header, even pages before it.
            number_before = self.page_break and bool(self.furniture) and self.furniture[-1].text.isdigit()
            self.expect_page_number = not number_before
        elif P.PAGE_NUMBER.fullmatch(stripped):
            is_furniture = self.expect_page_number or self._header_ahead(lines, i)
            self.expect_page_number = False
        elif P.STAMP_START.match(stripped):
            is_furniture = True
            self.stamp_lines = 4
        elif self.stamp_lines and len(stripped) < 120 and P.STAMP_LINE.match(stripped):
            is_furniture = True
            self.stamp_lines -= 1
        if not is_furniture:
            return False
        self.furniture.append(Paragraph(stripped, Span(lineno, col, lineno, col + len(stripped))))
        self.page_break = True
        self.prev_blank = False
        return True

    @staticmethod
    def _header_ahead(lines: list[str], i: int) -> bool:
        """Is the next non-blank line (within two) a page header? Even pages print the number first."""
        for nxt in lines[i : i + 3]:
            if nxt.strip():
                return P.PAGE_HEADER.match(nxt.strip()) is not None
        return False

    def _line(self, raw: str, stripped: str, lineno: int, col: int) -> None:
        """Read one line (or one clause glued onto a line). The tests run in a fixed order, each
        behind a test of the first character that tells when it cannot match: most lines are
        prose or clauses, and trying every pattern on them was most of the parse time."""
        text = stripped
        heading_marker = ""
        quoted_md = False
        if self.layout == "markdown":
            first = text[0]
            if first == "#" and (m := P.HEADING_MARK.match(text)):
                heading_marker = m.group(1)
                text = text[m.end() :].strip()
                col += m.end()
            elif first == ESCAPE and len(text) > 1:
                self._literal(text[1:], lineno, col + 1, raw)
                return
            elif first == ">":
                m2 = P.BLOCKQUOTE.match(text)
                assert m2 is not None
                text = text[m2.end() :]
                quoted_md = True
                if not text.strip():
                    self.prev_blank = True
                    self.block = None
                    return
                text = text.strip()

        # Closing block and appendices: plain text only, after the body has started.
        if self.in_closing and not self.in_appendix:
            if self._try_appendix(text, lineno, col, heading_marker):
                return
            if not self._starts_new_document(text):
                self._closing_line(text, lineno, col, raw)
                return
            self._begin_attachment(lineno)
        if self.in_appendix:
            if self._try_appendix(text, lineno, col, heading_marker):
                return
            if self.await_title is not None and _is_upper_title(text) and self._take_title(text, lineno, col):
                return
            self.await_title = None
            self._plain_block(text, lineno, col, raw, quoted=False)
            return

        # Inside a quotation (new wording set by an amending article).
        first = text[0]
        if quoted_md or self.quote_depth > 0 or first == "“":
            if self.quote_depth == 0 and not quoted_md and first == "“":
                self.block = None
            if isinstance(self.await_title, Article):
                self.await_title = None
            self.quote_depth = max(0, self.quote_depth + text.count("“") - text.count("”"))
            self._plain_block(text, lineno, col, raw, quoted=True)
            return

        # A heading still waiting for its title on the next line.
        if self.await_title is not None and self._take_title(text, lineno, col):
            return

        if self._block is not None and not self.prev_blank and self._continues(text, heading_marker):
            self._extend(text, lineno, col, raw)
            self.quote_depth = max(0, self.quote_depth + text.count("“") - text.count("”"))
            return

        if self.seen_article and len(self.stack) <= 6 \
                and ((first in CLOSING_FIRSTS and P.CLOSING.match(text)) or (len(text) <= HEADER_LINE_MAX and not first.isdigit()
                                               and not first.islower() and self._ends_document(text, lineno))) \
                and self._may_close(lineno - self.first_line):
            self.in_closing = True
            self._closing_line(text, lineno, col, raw)
            return

        if (text.startswith(HEADING_STARTS) or first in ROMAN_FIRSTS) and self._try_heading(text, lineno, col, heading_marker, raw):
            return
        if (first.isdigit() or first in ITEM_MARKS or text[1:2] == ")") and self._try_numbered(text, lineno, col, raw):
            return
        para = Paragraph(text, Span(lineno, col, lineno, col + len(text)))
        self._add_paragraph(para)
        if self._pending:
            self._flush()
        self._block = (para, "text")
        self.block_raw_end = raw
        self.quote_depth = max(0, text.count("“") - text.count("”"))

    def _may_close(self, idx: int) -> bool:
        """Can the closing block start at line `idx`? Always in plain text; in Markdown only
        after the last heading, or before a second document (whose `Điều 1` puts it back)."""
        if idx >= self.closing_from:
            return True
        if idx < self._close_checked[0]:  # same next heading as the last look: same answer
            return self._close_checked[1]
        for ahead in range(idx + 1, len(self.lines)):
            head = self.lines[ahead].lstrip(" ")
            m = P.HEADING_MARK.match(head) if head.startswith("#") else None
            if m is not None and _is_body_heading(text := head[m.end() :].strip()):
                self._close_checked = (ahead, self._starts_new_document(text))
                return self._close_checked[1]
        return False

    def _next_lines(self, lineno: int, limit: int) -> list[str]:
        """Up to `limit` non-blank lines after file line `lineno`, stripped."""
        out: list[str] = []
        lines = self.lines
        space = P.LEADING_SPACE + " "
        for k in range(lineno - self.first_line + 1, min(len(lines), lineno - self.first_line + 1 + LOOKAHEAD_LINES)):
            text = lines[k].strip(space)
            if text:
                out.append(text.lstrip("#").strip() if self.layout == "markdown" else text)
                if len(out) == limit:
                    break
        return out

    def _ends_document(self, text: str, lineno: int) -> bool:
        """A short line that ends the body with no "Nơi nhận" or "T/M": a signer's title, an
        attached document's kind line, or the first line of a copy block."""
        # A signer's title is in capitals (the cheap test first: most lines are not).
        return ((text.isupper() and self._signer_title(text, lineno))
                or self._attached_title(text, lineno)
                or self._copy_header(text, lineno))

    def _signer_title(self, text: str, lineno: int) -> bool:
        """A signer's title standing alone ("BỘ TRƯỞNG", "PHÓ THỦ TƯỚNG", "TRƯỞNG BAN") with
        the name, or "(Đã ký)", on the next line: the signature of a text with no "T/M"."""
        if not P.SIGNER_TITLE.fullmatch(text):
            return False
        nxt = self._next_lines(lineno, 2)
        if nxt and heading_match(nxt[0]) is not None:
            return False  # "Chương I" has the shape of a name; a heading is never a signer
        return bool(nxt) and (P.SIGNER_NAME.fullmatch(nxt[0]) is not None or P.CLOSING.match(nxt[0]) is not None
                              or (P.SIGNER_TITLE.fullmatch(nxt[0]) is not None and len(nxt) > 1
                                  and P.SIGNER_NAME.fullmatch(nxt[1]) is not None))

    def _attached_title(self, text: str, lineno: int) -> bool:
        """The kind line of an attached document ("QUY CHẾ") with "(Ban hành kèm theo …)" just
        below: the decision before it has ended, even with no signature in between."""
        if not is_kind_line(text):
            return False
        return any(P.ISSUED_WITH.match(t) for t in self._next_lines(lineno, 4))

    def _copy_header(self, text: str, lineno: int) -> bool:
        """The first line of a copy block ("ĐẢNG ỦY XÃ …" / "*" / "Số 01-BS/ĐU" / "SAO LỤC"):
        the copy's kind line, or a header line with it just below."""
        if len(text) > HEADER_LINE_MAX:
            return False  # a cheap filter first: every line of the body comes here
        if P.COPY_KIND.fullmatch(text):
            return True
        if not is_header_line(text):
            return False
        ahead = self._next_lines(lineno, 4)
        for nxt in ahead:
            if P.COPY_KIND.fullmatch(nxt):
                return True
            if not is_header_line(nxt):
                return False
        return False

    def _begin_attachment(self, lineno: int) -> None:
        """A second document starts (a decision, then the regulation it issues): the closing
        block read so far holds the decision's signature and then the new document's header,
        which starts at its kind line ("QUY CHẾ") or the issuer and motto lines above it."""
        head = attached_header_start(self.closing)
        self.parts.append(BodyPart(self.root.children, self.closing[:head], self.part_line))
        header = self.closing[head:]
        self.root = Unit(children=list(header))
        self.stack = [_Open(self.root, 0)]
        self.part_line = header[0].span.line if header else lineno
        self.closing = []
        self.in_closing = False
        self.block = None
        self.seen_article = False
        self._prev_article = None

    def _take_title(self, text: str, lineno: int, col: int) -> bool:
        """Give the heading that waits for its title this line, if it is one."""
        unit = self.await_title
        assert unit is not None
        if isinstance(unit, Article):
            return self._take_article_title(unit, text, lineno, col)
        if not is_marker(text):
            if not unit.title:
                unit.title, unit.id = _split_id(text)
                unit.span = Span(unit.span.line, unit.span.column, lineno, col + len(text))
                self.title_wrappable = self.layout == "plain" and _is_upper_title(text)
                return True
            if self.title_wrappable and _is_upper_title(text) and not self.prev_blank:
                unit.title = f"{unit.title} {text}"
                unit.span = Span(unit.span.line, unit.span.column, lineno, col + len(text))
                return True
        self.await_title = None
        self.title_wrappable = False
        return False

    def _take_article_title(self, art: Article, text: str, lineno: int, col: int) -> bool:
        """The line after a bare plain "Điều 1." is its title only when it looks like one:
        short, capitalised, not a clause or point, no final punctuation."""
        self.await_title = None
        if not _is_article_title(text):
            return False
        art.title, art.id = _split_id(text)
        art.span = Span(art.span.line, art.span.column, lineno, col + len(text))
        self.block = (art, "title")  # a title wrapped onto a lower-case line is joined
        self.block_raw_end = text
        return True

    def _literal(self, text: str, lineno: int, col: int, raw: str) -> None:
        """An escaped Markdown line: a paragraph of the unit that is open, nothing else."""
        self.await_title = None
        if self.in_closing and not self.in_appendix:
            self._closing_line(text, lineno, col, raw)
            return
        if self._block is not None and not self.prev_blank:
            self._extend(text, lineno, col, raw)
            return
        para = Paragraph(text, self._span(lineno, col, text))
        self._add_paragraph(para)
        self.block = (para, "text")
        self.block_raw_end = raw
        if not self.in_appendix:
            self.quote_depth = max(0, text.count("“") - text.count("”"))

    def _starts_new_document(self, text: str) -> bool:
        hm = heading_match(text)
        if hm is not None and hm[0] in ("part", "chapter") and hm[1] in ("I", "1", "nhất"):
            return True
        m = P.ARTICLE.match(text)
        return bool(m and m.group("num") == "1")

    def _continues(self, text: str, heading_marker: str) -> bool:
        """Does this line extend the block above it rather than start a new one?"""
        # is_marker once: _wraps needs it for a lower-case line, and this test after it.
        marker = is_marker(text) if self.layout == "markdown" or text[0].islower() else None
        if not self._wraps(text, marker):
            return False
        if not (is_marker(text) if marker is None else marker):
            return True
        if self.layout == "markdown" or heading_marker:
            return False
        # Plain text: a hard-wrapped line may start with "Điều 5." by chance. It is a
        # heading only when its number continues the sequence of articles.
        m = P.ARTICLE.match(text)
        if not m:
            return False
        prev = self.block_raw_end.rstrip()
        if len(prev) < WRAP_MIN_LENGTH or prev[-1] in P.TERMINAL_PUNCT:
            return False
        num = split_article_number(m.group("num"))
        last = self._prev_article
        if last is None:
            return not (num and num[0] == 1)
        return not (num and last.ordinal is not None and num[0] in (last.ordinal, last.ordinal + 1))

    def _try_appendix(self, text: str, lineno: int, col: int, marker: str) -> bool:
        hm = heading_match(text)
        if hm is None or hm[0] != "appendix":
            return False
        self._make_heading(hm, text, lineno, col, marker)
        return True

    def _try_heading(self, text: str, lineno: int, col: int, marker: str, raw: str) -> bool:
        m = P.ARTICLE.match(text) if text.startswith(P.ARTICLE_STARTS) else None
        if m:
            self._make_article(m.group("num"), m.group("rest").strip(), m.group("kw"), lineno, col, marker, raw)
            return True
        hm = heading_match(text)
        if hm is None:
            return False
        self._make_heading(hm, text, lineno, col, marker)
        return True

    def _make_heading(self, hm: tuple[str, str, str | None, str], text: str, lineno: int, col: int, marker: str) -> None:
        kind, number, title, keyword = hm
        cls = {"part": Part, "chapter": Chapter, "section": Section, "appendix": Appendix}[kind]
        if kind == "part":
            ordinal = ordinal_from_words(number) if not number.isdigit() and from_roman(number) is None else (
                int(number) if number.isdigit() else from_roman(number))
        elif number.isdigit():
            ordinal = int(number)
        else:
            ordinal = from_roman(number) if number else None
        title_text, uid = _split_id(title or "")
        unit = cls(
            number=number,
            ordinal=ordinal,
            title=title_text,
            id=uid,
            span=self._span(lineno, col, text),
            marker=(marker + " " + keyword).strip() if keyword else marker,
        )
        rank = RANK[kind]
        if kind == "appendix" and number and self._appendix_group() is not None:
            rank += 1  # "PHỤ LỤC" / "(Ban hành kèm theo …)" / "Phụ lục I": one group holding I, II …
        self._open(unit, rank)
        self.block = None
        if kind == "appendix":
            self.in_appendix = True
        # In Markdown a heading's title stands on its own line; plain text may put it on the next.
        self.await_title = unit if not title_text and not marker else None
        self.title_wrappable = False
        if title_text and self.layout == "plain" and _is_upper_title(title_text):
            self.await_title = unit
            self.title_wrappable = True

    def _make_article(self, number: str, rest: str, keyword: str, lineno: int, col: int, marker: str, raw: str) -> None:
        parsed = split_article_number(number)
        rest, uid = _split_id(rest)
        title, lead = rest, ""
        # A Markdown heading holds a title only; a plain line may run on into the text.
        head, sep, tail = rest.partition(": ")
        if marker:
            pass
        elif sep and tail.strip() and len(head.split()) <= TITLE_SPLIT_MAX_WORDS:
            title, lead = head.strip(), tail.strip()
        elif rest and rest[-1] in ".;" and len(rest.split()) > TITLE_SPLIT_MAX_WORDS:
            title, lead = "", rest
        art = Article(
            number=number,
            ordinal=parsed[0] if parsed else None,
            title=title,
            id=uid,
            span=self._span(lineno, col, raw.strip()),
            marker=(marker + " " + keyword).strip(),
        )
        self._open(art, RANK["article"])
        self._prev_article = art
        self.seen_article = True
        if lead:
            line_text = raw.strip(P.LEADING_SPACE + "\n\r ")
            lead_col = col + max(0, line_text.rfind(lead))
            para = Paragraph(lead, self._span(lineno, lead_col, lead))
            art.children.append(para)
            self.block = (para, "text")
        else:
            self.block = (art, "title") if self.layout == "plain" and title else None
        self.block_raw_end = raw
        # "Điều 1." alone on a plain line (Word exports): the title may stand on the next line.
        self.await_title = art if self.layout == "plain" and not rest and not marker else None

    def _appendix_group(self) -> Appendix | None:
        """The open unnumbered appendix heading that groups numbered ones: it holds only a line
        or two of its own ("(Ban hành kèm theo …)") before its first numbered appendix."""
        for entry in self.stack:
            unit = entry.unit
            if isinstance(unit, Appendix) and entry.rank == RANK["appendix"]:
                if unit.number:
                    return None
                own = [c for c in unit.children if not isinstance(c, Appendix)]
                if any(isinstance(c, Appendix) for c in unit.children):
                    return unit
                return unit if len(own) <= APPENDIX_GROUP_LEAD else None
        return None

    def _try_numbered(self, text: str, lineno: int, col: int, raw: str) -> bool:
        first = text[0]
        unit: Unit
        if first.isdigit():
            m = P.CLAUSE.match(text) or P.GLUED_CLAUSE.match(text)
            if not m:
                return False
            number = m["num"]
            rank = RANK["clause"]
            if "." in number:  # "1.2-" goes under the open clause "1"
                for entry in reversed(self.stack):
                    if isinstance(entry.unit, Clause) and number.startswith(entry.unit.number + "."):
                        rank = entry.rank + 1
                        break
            # Positional, in Unit's field order (number, ordinal, title, text, id, children,
            # span, marker): a clause or point is made for most lines, and keywords cost twice.
            unit = Clause(number, int(number) if number.isdigit() else None, "", (m["text"] or "").strip(), None, [],
                          Span(lineno, col, lineno, col + len(text)),
                          number + (m["sep"] if m.re is P.CLAUSE else "."))
        elif text[1:2] == ")":
            m = P.POINT.match(text) or P.GLUED_POINT.match(text)
            if not m:
                return False
            letter = m["letter"]
            unit = Point(letter, POINT_ORDINALS[letter], "", (m["text"] or "").strip(), None, [],  # as Clause above
                         Span(lineno, col, lineno, col + len(text)), letter + ")")
            rank = RANK["point"]
        else:
            m = P.ITEM.match(text)
            if not m:
                return False
            mark = m.group("marker")
            depth, key = self._item_depth(mark, col)
            if depth >= MAX_ITEM_DEPTH:
                raise TooDeep(None, lineno, col, depth=depth + 1, limit=MAX_ITEM_DEPTH)
            unit = Item(text=m.group("text").strip(), span=self._span(lineno, col, text), marker=mark)
            self._open(unit, RANK["item"] + depth, key)
            self.block = (unit, "text")
            self.block_raw_end = raw
            return True
        self._open(unit, rank)
        if self._pending:
            self._flush()
        self._block = (unit, "text")
        self.block_raw_end = raw
        return True

    def _plain_block(self, text: str, lineno: int, col: int, raw: str, *, quoted: bool) -> None:
        if self._wraps(text) and self._block is not None and isinstance(self._block[0], Paragraph) \
                and self._block[0].quoted == quoted:
            self._extend(text, lineno, col, raw)
            return
        para = Paragraph(text, self._span(lineno, col, text), quoted=quoted)
        self._add_paragraph(para)
        self.block = (para, "text")
        self.block_raw_end = raw

    def _closing_line(self, text: str, lineno: int, col: int, raw: str) -> None:
        # The signature block is line by line; only a hard-wrapped plain line is joined.
        if self.layout == "plain" and self._wraps(text) and self._block is not None and self.closing and self._block[0] is self.closing[-1]:
            self._extend(text, lineno, col, raw)
            return
        para = Paragraph(text, self._span(lineno, col, text))
        self.closing.append(para)
        self.block = (para, "text")
        self.block_raw_end = raw


HEADER_LINE_MAX = 80
"""A header line (issuer, number, place and date, motto) is never longer than this."""

HEADER_SCAN_MAX = 12
"""Lines of an attached document's header (issuer, motto, star, number, date) looked back over."""


def attached_header_start(paras: list[Paragraph]) -> int:
    """Index in `paras` where an attached document's header begins: its kind line ("QUY
    CHẾ"), or the header lines right above it (issuer, motto, star, number, date), never the
    signer's name before them. len(paras) when no kind line is found."""
    kind_at = next((k for k, p in enumerate(paras) if is_kind_line(p.text)), None)
    if kind_at is None:
        return len(paras)
    start = kind_at
    while start > 0 and kind_at - start < HEADER_SCAN_MAX and is_header_line(paras[start - 1].text):
        start -= 1
    return start


def split_copy_block(closing: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
    """(the signature block, the copy block) of a closing block: the copy starts at its kind line
    ("SAO LỤC", "Sao y bản chính", "TRÍCH SAO") or the header lines right above it, and runs to
    the end with its own "Nơi nhận" and signer."""
    at = next((k for k, p in enumerate(closing) if P.COPY_KIND.fullmatch(p.text)), None)
    if at is None:
        return closing, []
    start = at
    while start > 0 and at - start < HEADER_SCAN_MAX and is_header_line(closing[start - 1].text):
        start -= 1
    return closing[:start], closing[start:]


FURNITURE_FIRSTS = "CKN"
"""The first letters of a page header (CÔNG BÁO) and of a stamp's first line (Ký bởi, Người ký);
a page number starts with a digit, the stamp's other lines only follow its first."""

HEADER_STARTS = ("*", "Số", "SỐ", "Độc lập", "CỘNG HÒA XÃ HỘI", "CỘNG HOÀ XÃ HỘI", "ĐẢNG CỘNG SẢN")
"""How `P.HEADER_LINE`'s alternatives start (star, number, motto, country, Party), but the place
and date, which hold "ngày"."""

RULE_FIRSTS = "-_=─━"
"""The characters `P.RULE` draws with."""

CLOSING_FIRSTS = "NTKPCBL("
"""The first characters `P.CLOSING` can match: Nơi nhận, T/M K/T T/L, PHÓ CHỦ TỊCH, Bộ luật Luật
Nghị quyết, "(Đã ký)"."""

KIND_STARTS = ("QUY CHẾ", "QUY ĐỊNH", "ĐIỀU LỆ", "HƯỚNG DẪN", "QUY TRÌNH", "NỘI QUY", "CHƯƠNG TRÌNH", "KẾ HOẠCH")
"""The kind words `P.KIND_TITLE` and `P.KIND_WORD` start with."""


def is_kind_line(text: str) -> bool:
    """"QUY CHẾ", "QUY CHẾ LÀM VIỆC", or "QUY CHẾ" with its subject joined on ("QUY CHẾ làm việc
    của …", a plain line that went on in lower case)."""
    if not text.startswith(KIND_STARTS):
        return False
    if P.KIND_TITLE.fullmatch(text):
        return True
    m = P.KIND_WORD.match(text)
    return m is not None and text[m.end() :].lstrip()[:1].islower()


def is_header_line(text: str) -> bool:
    """A line of a document's header block: an issuing body in capitals, the motto, the Party
    line, the star, a rule, the number or the place and date; not a signer's title or name."""
    if len(text) > HEADER_LINE_MAX:
        return False
    first = text[:1]
    if ((text.startswith(HEADER_STARTS) or "ngày" in text) and P.HEADER_LINE.match(text)) \
            or (first in RULE_FIRSTS and P.RULE.match(text)):
        return True
    return text.isupper() and not P.SIGNER_TITLE.fullmatch(text) and not P.CLOSING.match(text)


def _after_last_body_heading(lines: list[str]) -> int:
    """Index of the line after the last part, chapter, section or article heading (Markdown).

    In Markdown the closing block (signature, "(Đã ký)", "Nơi nhận") can only follow the last
    article: a line that merely looks like one inside the body stays text of its article, and
    no heading is ever swallowed into the closing block. Scans backwards, so it reads only the
    closing block and the appendices.
    """
    for idx in range(len(lines) - 1, -1, -1):
        line = lines[idx].lstrip(" ")
        m = P.HEADING_MARK.match(line) if line.startswith("#") else None
        if m is not None and _is_body_heading(line[m.end() :].strip()):
            return idx + 1
    return 0


def _is_body_heading(text: str) -> bool:
    """A part, chapter, section or article heading (not an appendix)."""
    if text.startswith(P.ARTICLE_STARTS):
        return P.ARTICLE.match(text) is not None
    hm = heading_match(text)
    return hm is not None and hm[0] != "appendix"


def scan_body(lines: list[str], first_line: int, layout: Layout) -> BodyResult:
    """Build the unit tree from body lines; `first_line` is the file line of lines[0]."""
    scanner = _Scanner(lines, first_line, layout)
    result = scanner.run()
    _close_spans(scanner.opened)
    return result


def _close_spans(opened: list[Unit]) -> None:
    """Stretch every unit's span to the end of its last descendant.

    `opened` holds the units in the order the scanner opened them, each before its children;
    read backwards, every unit comes after all its descendants, so its last child's span is
    final when the unit is reached: one flat pass, no walk over the tree.
    """
    for unit in reversed(opened):
        kids = unit.children
        if kids:
            last = kids[-1].span
            span = unit.span
            if last.end_line > span.end_line or (last.end_line == span.end_line and last.end_column > span.end_column):
                unit.span = Span(span.line, span.column, last.end_line, last.end_column)


def needs_escape(text: str) -> bool:
    """Would a Markdown line starting with `text` be read as more than a plain paragraph?

    The canonical writer puts a backslash before such a paragraph (`\\1. …`), which the parser
    removes again; a paragraph that starts like a clause, a heading or a quotation keeps its
    meaning through `quyche fmt`.
    """
    return (
        text.startswith(P.ESCAPE_PREFIXES)
        or is_marker(text)
        or text != text.lstrip(P.LEADING_SPACE)
    )
