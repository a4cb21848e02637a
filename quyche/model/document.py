"""The document tree: regulation → part → chapter → section → article → clause → point → item.

Every unit keeps its number as written ("IV", "5a", "đ") and as a value (`ordinal`), its
title or lead text, an optional stable id, its children, and its source span. Spans and the
way a marker was written do not take part in equality, so `parse(fmt(x)) == parse(x)` compares
content only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from quyche.model.frontmatter import FrontMatter
from quyche.model.numbering import from_roman
from quyche.model.span import NO_SPAN, Span

UnitKind = Literal["part", "chapter", "section", "article", "clause", "point", "item", "appendix"]

KIND_LABELS: dict[str, str] = {
    "part": "Phần",
    "chapter": "Chương",
    "section": "Mục",
    "article": "Điều",
    "clause": "khoản",
    "point": "điểm",
    "item": "ý",
    "appendix": "Phụ lục",
    "paragraph": "đoạn",
}
"""How a message names each kind of unit."""


DOC_KIND_TITLES: dict[str, str] = {
    "QUY CHẾ": "quy chế", "QUY ĐỊNH": "quy định", "QUYẾT ĐỊNH": "quyết định", "LUẬT": "luật",
    "BỘ LUẬT": "bộ luật", "NGHỊ QUYẾT": "nghị quyết", "NGHỊ ĐỊNH": "nghị định",
    "HƯỚNG DẪN": "hướng dẫn", "ĐIỀU LỆ": "điều lệ", "CHỈ THỊ": "chỉ thị", "THÔNG TƯ": "thông tư",
}  # fmt: skip
"""The kind line of a document's header ("QUY CHẾ") → its kind as `kind:` writes it."""
KIND_LINE = re.compile(r"^(" + "|".join(DOC_KIND_TITLES) + r")(?:\s*$|\s+(?=[a-zđà-ỹ]))")
"""The kind line, alone or with its subject run on in lower case ("QUY CHẾ làm việc của …")."""


@dataclass(slots=True)
class Paragraph:
    """Unnumbered text: a lead-in, an italic sub-heading, a chapter preamble, quoted text."""

    text: str
    span: Span = field(default=NO_SPAN, compare=False)
    quoted: bool = False
    """True inside a quotation, e.g. the new wording of an article an amending article sets."""

    kind: ClassVar[str] = "paragraph"


@dataclass(slots=True)
class Unit:
    """A numbered unit. Subclasses only fix `kind`."""

    number: str = ""
    ordinal: int | None = None
    title: str = ""
    """Heading title of a part, chapter, section, article or appendix ("" when none)."""
    text: str = ""
    """Text after the marker of a clause, point or item ("" when the unit opens with children)."""
    id: str | None = None
    children: list[Node] = field(default_factory=list)
    span: Span = field(default=NO_SPAN, compare=False)
    marker: str = field(default="", compare=False)
    """The marker exactly as written ("1-", "CHƯƠNG", "##"); fmt rewrites it canonically."""

    kind: ClassVar[str] = "unit"

    @property
    def label(self) -> str:
        """How a Vietnamese message names the unit: "Điều 5a", "Chương IV", "khoản 2"."""
        if self.kind == "part" and self.number and not self.number.isdigit() and from_roman(self.number) is None:
            return f"Phần thứ {self.number}"  # "Phần thứ nhất"; "Phần I" and "Phần 2" as written
        return f"{KIND_LABELS[self.kind]} {self.number}".strip()

    def units(self) -> Iterator[Unit]:
        """The unit's descendants that are units, depth first, in document order."""
        stack: list[Iterator[Node]] = [iter(self.children)]
        while stack:
            for child in stack[-1]:
                if isinstance(child, Unit):
                    yield child
                    stack.append(iter(child.children))
                    break
            else:
                stack.pop()

    def paragraphs(self) -> list[Paragraph]:
        """The unit's own unnumbered paragraphs."""
        return [c for c in self.children if isinstance(c, Paragraph)]

    def sub_units(self) -> list[Unit]:
        """The unit's direct children that are units."""
        return [c for c in self.children if isinstance(c, Unit)]

    def body_text(self) -> str:
        """All text under the unit (markers included, heading excluded), one line a block."""
        lines: list[str] = []
        _collect_text(self.children, lines)
        return "\n".join(lines)

    def full_text(self) -> str:
        """Heading or lead text followed by the body: what a comparison shows."""
        head = self.heading_text()
        body = self.body_text()
        return f"{head}\n{body}" if body else head

    def heading_text(self) -> str:
        """The unit's first line as a reader sees it: "Điều 5. Title", "1. Text", "a) Text"."""
        if isinstance(self, Section) and self.bare_roman:
            return self.written_heading()  # "I- QUY ĐỊNH CHUNG": no "Mục" the text never had
        if self.kind in ("clause",):
            return f"{self.number}. {self.text}".rstrip()
        if self.kind == "point":
            return f"{self.number}) {self.text}".rstrip()
        if self.kind == "item":
            return f"{self.marker or '-'} {self.text}".rstrip()
        sep = ". " if self.title else "."
        if self.kind == "appendix":
            return f"{self.label}{'. ' + self.title if self.title else ''}"
        return f"{self.label}{sep}{self.title}".rstrip()


def _collect_text(children: list[Node], out: list[str]) -> None:
    """Heading text of every unit and text of every paragraph, depth first, without recursion."""
    stack: list[Iterator[Node]] = [iter(children)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif isinstance(child, Paragraph):
            out.append(child.text)
        else:
            out.append(child.heading_text())
            stack.append(iter(child.children))


@dataclass(slots=True)
class Part(Unit):
    """Phần: "Phần thứ nhất" or "Phần I"; optional top level."""

    kind: ClassVar[str] = "part"


@dataclass(slots=True)
class Chapter(Unit):
    """Chương: Roman numeral, title usually in capitals."""

    kind: ClassVar[str] = "chapter"


@dataclass(slots=True)
class Section(Unit):
    """Mục: numbered inside its chapter; also the Roman "I- QUY ĐỊNH CHUNG" of Party texts."""

    kind: ClassVar[str] = "section"

    @property
    def bare_roman(self) -> bool:
        """Written "I- QUY ĐỊNH CHUNG" (older Party texts), with no "Mục": every renderer keeps it so."""
        return "Mục" not in self.marker and "MỤC" not in self.marker and from_roman(self.number) is not None

    def written_heading(self) -> str:
        """The heading as the document writes it: "I- QUY ĐỊNH CHUNG" or "Mục 1. Title"."""
        if self.bare_roman:
            return f"{self.number}- {self.title}"
        return f"{self.label}. {self.title}" if self.title else self.label


@dataclass(slots=True)
class Article(Unit):
    """Điều: numbered through the whole text; "5a" is an inserted article."""

    kind: ClassVar[str] = "article"

    @property
    def suffix(self) -> str:
        """The letter of an inserted article ("a" of "5a"), or ""."""
        return self.number.lstrip("0123456789")


@dataclass(slots=True)
class Clause(Unit):
    """khoản: "1.", restarting in every article."""

    kind: ClassVar[str] = "clause"


@dataclass(slots=True)
class Point(Unit):
    """điểm: "a)", in Vietnamese letter order."""

    kind: ClassVar[str] = "point"


@dataclass(slots=True)
class Item(Unit):
    """tiết / gạch đầu dòng: "-" or "+" bullets; "+" nests under "-"."""

    kind: ClassVar[str] = "item"


@dataclass(slots=True)
class Appendix(Unit):
    """Phụ lục: kept as unstructured paragraphs after the body."""

    kind: ClassVar[str] = "appendix"


Node = Unit | Paragraph
Container = Part | Chapter | Section

UNIT_CLASSES: dict[str, type[Unit]] = {
    cls.kind: cls for cls in (Part, Chapter, Section, Article, Clause, Point, Item, Appendix)
}


@dataclass(slots=True)
class Comment:
    """An HTML comment line in the source (`<!-- … -->`), kept for inline suppressions."""

    text: str
    line: int


ConflictSide = Literal["ours", "base", "theirs", "end"]


@dataclass(frozen=True, slots=True)
class ConflictMark:
    """A merge-conflict marker line (`<<<<<<< Bản của đơn vị`) left by `quyche template update`.

    The wordings between the markers are read as ordinary text of the article, so a renderer
    shows both; the marks themselves live here, and `check` fails until none is left.
    """

    side: ConflictSide
    """"ours" opens the block, "base" and "theirs" open the other wordings, "end" closes it."""
    label: str
    line: int


@dataclass(slots=True)
class Regulation:
    """One document of a file: front matter, body tree, the closing block, and the documents
    attached to it (a decision and the regulation it issues are two, see `attachments`)."""

    front_matter: FrontMatter | None = None
    children: list[Node] = field(default_factory=list)
    closing: list[Paragraph] = field(default_factory=list)
    """What follows the body in texts taken from Word or PDF: signature, "Nơi nhận", stamps."""
    path: str | None = field(default=None, compare=False)
    comments: list[Comment] = field(default_factory=list, compare=False)
    conflicts: list[ConflictMark] = field(default_factory=list, compare=False)
    """Merge-conflict marker lines, in order (see ConflictMark)."""
    layout: Literal["markdown", "plain"] = field(default="markdown", compare=False)
    line_count: int = field(default=0, compare=False)
    body_line: int = field(default=1, compare=False)
    """First line of the body (after the front matter)."""
    furniture: list[Paragraph] = field(default_factory=list, compare=False)
    """Lines set aside as page furniture (Công báo page headers, signature stamps)."""
    copies: list[Paragraph] = field(default_factory=list)
    """A copy block after the signature (Sao lục, Sao y, Trích sao): its own header, "Nơi nhận"
    and signer, kept whole and apart, so the document's own signer stays the one who signed it."""
    attachments: list[Regulation] = field(default_factory=list)
    """Documents the file carries after this one, each with its own header, articles from
    Điều 1 and signature: the regulation a decision issues ("QUY CHẾ … (Ban hành kèm theo
    Quyết định số …)"). Empty for a single document; an attachment has none of its own."""
    attached: bool = field(default=False, compare=False)
    """True for a document attached to the one before it (its header rules differ)."""
    end_line: int = field(default=0, compare=False)
    """Last file line of this document when another follows it (0: it runs to the end)."""
    front_matter_yaml: str | None = field(default=None, compare=False)
    """An attachment's front matter block as written, so `fmt` keeps its comments and quoting."""
    text: str = field(default="", compare=False, repr=False)
    """The NFC text it was parsed from (spans point into it); "" when built in code."""

    def documents(self) -> list[Regulation]:
        """This document and its attachments, in file order."""
        return [self, *self.attachments]

    def principal(self) -> Regulation:
        """The regulation the file is about: the attached one when a decision issues it (what
        `diff` compares), otherwise the document itself."""
        return self.attachments[0] if self.attachments else self

    def units(self) -> Iterator[Unit]:
        """Every unit of the body, depth first, in document order."""
        root = Unit(children=self.children)
        return root.units()

    def walk(self) -> Iterator[tuple[Node, tuple[Unit, ...]]]:
        """Every node with its ancestors (outermost first), in document order."""
        stack: list[tuple[Iterator[Node], tuple[Unit, ...]]] = [(iter(self.children), ())]
        while stack:
            it, parents = stack[-1]
            for node in it:
                yield node, parents
                if isinstance(node, Unit) and node.children:
                    stack.append((iter(node.children), (*parents, node)))
                break
            else:
                stack.pop()

    def articles(self) -> list[Article]:
        """All articles in document order."""
        return [u for u in self.units() if isinstance(u, Article)]

    def chapters(self) -> list[Chapter]:
        """All chapters in document order."""
        return [u for u in self.units() if isinstance(u, Chapter)]

    def counts(self) -> dict[str, int]:
        """How many units of each kind: the `outline` figures."""
        out = {k: 0 for k in ("parts", "chapters", "sections", "articles", "clauses", "points", "items", "appendices")}
        plural = {"part": "parts", "chapter": "chapters", "section": "sections", "article": "articles",
                  "clause": "clauses", "point": "points", "item": "items", "appendix": "appendices"}  # fmt: skip
        for unit in self.units():
            if unit.kind == "appendix" and any(isinstance(c, Appendix) for c in unit.children):
                continue  # "PHỤ LỤC" over "Phụ lục I", "Phụ lục II": a group, not one more appendix
            out[plural[unit.kind]] += 1
        out["paragraphs"] = sum(1 for n, _ in self.walk() if isinstance(n, Paragraph))
        return out

    def kind_line(self) -> str | None:
        """The kind its own header line states ("QUY CHẾ" → "quy chế"), before the first unit."""
        for node in self.children:
            if not isinstance(node, Paragraph):
                return None
            m = KIND_LINE.match(node.text.strip())
            if m:
                return DOC_KIND_TITLES[m.group(1)]
        return None

    def document_kind(self) -> str | None:
        """What the document is, lower case: `kind` of the front matter, else its kind line."""
        fm = self.front_matter
        if fm is not None and fm.kind:
            return fm.kind.strip().lower()
        return self.kind_line()

    def total_counts(self) -> dict[str, int]:
        """`counts()` summed over the document and its attachments: the whole file."""
        total: dict[str, int] = {}
        for doc in self.documents():
            for key, value in doc.counts().items():
                total[key] = total.get(key, 0) + value
        return total
