"""Reading opinions back from Word: comments, tracked changes and a filled phiếu góp ý.

One pass over word/document.xml (lxml iterwalk, linear in the file) keeps the anchors' bookmarks
open at each point; a comment or a change belongs to the innermost anchor open at its first
character. Where the bookmarks are gone (text pasted into a new document), the paragraph's text
is matched against the draft (quyche.workflow.anchors). What cannot be placed becomes a general
opinion that says where it stood: nothing is dropped.

The package is opened by the importer's guarded reader (quyche.importer.docx: .doc, encrypted
and corrupt files told apart, unpacked size capped, XML parsed without entities or network).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.workflow.anchors import Anchor, DraftAnchors, normalise

W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CUSTOM: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
_VT: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes}"
_CORE_DC: Final = "{http://purl.org/dc/elements/1.1/}"
_CORE_CP: Final = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
MAX_QUOTE: Final = 300
"""Characters of commented text kept per comment (a comment may span the whole document)."""
MAX_WHERE: Final = 80
_DELETED: Final = frozenset({W + "del", W + "moveFrom"})
_INSERTED: Final = frozenset({W + "ins", W + "moveTo"})
_MOVES: Final = frozenset({W + "moveFrom", W + "moveTo"})
_GONE: Final = ("-", "<")
"""Piece kinds of text the change takes out: deleted, moved away."""
_ADDED: Final = ("+", ">")
"""Piece kinds of text the change puts in: inserted, moved here."""
_WALKED: Final = tuple(W + t for t in (
    "p", "bookmarkStart", "bookmarkEnd", "commentRangeStart", "commentRangeEnd", "commentReference",
    "ins", "del", "moveFrom", "moveTo", "t", "delText"))
"""The only elements the pass looks at (lxml skips the rest: run properties are most of a file)."""
_BLANK: Final = re.compile(r"^[\s.…_\-–—]*$")
_ARTICLE_CELL: Final = re.compile(r"(?i)điều\s+(\d+[a-zđ]?)")
_DAY: Final = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})|(\d{4})-(\d{2})-(\d{2})")


@dataclass(slots=True)
class Opinion:
    """One opinion as read: where it points and what it says."""

    author: str
    text: str
    reference: str = ""
    """"Điều 5, khoản 2"; "" when it could not be placed (a general opinion)."""
    current: str = ""
    """The draft's wording a tracked change edits (the paragraph as drafted)."""
    proposed: str = ""
    """The wording proposed instead (the paragraph with the change applied, or the form's cell)."""
    where: str = ""
    """For an opinion that could not be placed: where it stood in the file."""
    date: str = ""


@dataclass(slots=True)
class OpinionDocument:
    """What one .docx holds."""

    path: Path
    properties: dict[str, str]
    opinions: list[Opinion] = field(default_factory=list)
    form_unit: str = ""
    form_date: str = ""
    last_author: str = ""
    matched_paragraphs: int = 0
    """Paragraphs whose text is one of the draft's (tells a draft of this regulation from another document)."""
    paragraphs: int = 0
    anchored_by_bookmark: bool = False


@dataclass(slots=True)
class _Para:
    pieces: list[tuple[str, str]] = field(default_factory=list)
    """(kind, text) with kind "=", "-" deleted, "+" inserted, "<" moved away, ">" moved here;
    same kinds merged."""
    change_anchor: Anchor | None = None
    changed: bool = False
    author: str = ""
    date: str = ""

    def add(self, kind: str, text: str) -> None:
        if self.pieces and self.pieces[-1][0] == kind:
            self.pieces[-1] = (kind, self.pieces[-1][1] + text)
        else:
            self.pieces.append((kind, text))

    def old(self) -> str:
        return "".join(t for k, t in self.pieces if k not in _ADDED)

    def new(self) -> str:
        return "".join(t for k, t in self.pieces if k not in _GONE)


@dataclass(slots=True)
class _Comment:
    anchor: Anchor | None = None
    pending: bool = True
    para: _Para | None = None
    quote: list[str] = field(default_factory=list)
    quoted: int = 0


def _date_of(value: str | None) -> str:
    return (value or "")[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else ""


def _text_of(el: Any) -> str:
    """Paragraphs of an element, accepted view (inserted text kept, deleted text left out)."""
    out: list[str] = []
    for p in el.iter(W + "p"):
        out.append("".join(t.text or "" for t in p.iter(W + "t")))
    return "\n".join(x for x in out)


def _properties(zf: Any, path: Path) -> tuple[dict[str, str], str]:
    from quyche.importer.docx import _xml as read_part

    props: dict[str, str] = {}
    root = read_part(zf, "docProps/custom.xml", path)
    if root is not None:
        for prop in root.iter(_CUSTOM + "property"):
            value = prop.find(_VT + "lpwstr")
            if prop.get("name") and value is not None:
                props[str(prop.get("name"))] = value.text or ""
    core = read_part(zf, "docProps/core.xml", path)
    last = ""
    if core is not None:
        for tag in (_CORE_CP + "lastModifiedBy", _CORE_DC + "creator"):
            el = core.find(tag)
            if el is not None and (el.text or "").strip() and el.text.strip() != "quyche":
                last = el.text.strip()
                break
    return props, last


def _phrase(old: str, new: str, before: str, moved: bool) -> str:
    old, new = old.strip(), new.strip()
    if old and new:
        return f"sửa «{old}» thành «{new}»"
    if new:
        context = " ".join(before.split()[-4:])
        where = f" sau «{context}»" if context else ""
        return f"chuyển «{new}» về{where or ' đây'}" if moved else f"bổ sung «{new}»{where}"
    return f"chuyển «{old}» đi chỗ khác" if moved else f"bỏ «{old}»"


def describe_changes(pieces: list[tuple[str, str]]) -> str:
    """"Đề nghị sửa «…» thành «…»; bổ sung «…»" for the changes of one paragraph."""
    parts: list[str] = []
    old: list[str] = []
    new: list[str] = []
    before = ""
    moved = False
    for kind, text in [*pieces, ("=", "")]:
        if kind in _GONE:
            old.append(text)
        elif kind in _ADDED:
            new.append(text)
        if kind in "<>":
            moved = True
        if kind == "=":
            if "".join(old).strip() or "".join(new).strip():
                parts.append(_phrase("".join(old), "".join(new), before, moved))
            old, new, moved = [], [], False
            before = text
    return "Đề nghị " + "; ".join(parts) + "." if parts else ""


class _Reader:
    """The single pass over document.xml."""

    def __init__(self, anchors: DraftAnchors) -> None:
        self.anchors = anchors
        self.open: dict[str, Anchor] = {}
        self.comments: dict[str, _Comment] = {}
        self.ranges: dict[str, _Comment] = {}
        self.paras: list[tuple[_Para, Anchor | None]] = []
        self.deleted = 0
        self.inserted = 0
        self.moving = 0
        self.stack: list[_Para] = []
        self.change_author = ""
        self.change_date = ""
        self.bookmarked = False

    def innermost(self) -> Anchor | None:
        return next(reversed(self.open.values()), None) if self.open else None

    def start(self, el: Any) -> None:
        tag = el.tag
        if tag == W + "p":
            self.stack.append(_Para())
        elif tag == W + "bookmarkStart":
            anchor = self.anchors.by_bookmark.get(el.get(W + "name", ""))
            if anchor is not None:
                self.open[el.get(W + "id", "")] = anchor
                self.bookmarked = True
        elif tag == W + "bookmarkEnd":
            self.open.pop(el.get(W + "id", ""), None)
        elif tag == W + "commentRangeStart":
            c = self.comments.setdefault(el.get(W + "id", ""), _Comment())
            c.para = self.stack[-1] if self.stack else None
            self.ranges[el.get(W + "id", "")] = c
        elif tag == W + "commentRangeEnd":
            self.ranges.pop(el.get(W + "id", ""), None)
        elif tag == W + "commentReference":
            c = self.comments.setdefault(el.get(W + "id", ""), _Comment())
            if c.pending:
                c.anchor, c.pending = self.innermost(), False
            if c.para is None and self.stack:
                c.para = self.stack[-1]
        elif tag in _DELETED or tag in _INSERTED:
            if tag in _DELETED:
                self.deleted += 1
            else:
                self.inserted += 1
            if tag in _MOVES:
                self.moving += 1
            self.change_author = el.get(W + "author", "") or self.change_author
            self.change_date = _date_of(el.get(W + "date"))
        elif tag in (W + "t", W + "delText"):
            self.text(el.text or "", deleted=tag == W + "delText")

    def end(self, el: Any) -> None:
        tag = el.tag
        if tag == W + "p" and self.stack:
            para = self.stack.pop()
            self.paras.append((para, self.innermost()))
        elif tag in _DELETED or tag in _INSERTED:
            if tag in _DELETED:
                self.deleted -= 1
            else:
                self.inserted -= 1
            if tag in _MOVES:
                self.moving -= 1

    def text(self, text: str, *, deleted: bool) -> None:
        if not text:
            return
        anchor = self.innermost()
        for c in self.ranges.values():
            if c.pending:
                c.anchor, c.pending = anchor, False
            if c.quoted < MAX_QUOTE and not deleted:
                c.quote.append(text[: MAX_QUOTE - c.quoted])
                c.quoted += len(text)
        if not self.stack:
            return
        para = self.stack[-1]
        if deleted or self.deleted:
            kind = "<" if self.moving else "-"
        elif self.inserted:
            kind = ">" if self.moving else "+"
        else:
            kind = "="
        if kind != "=" and not para.changed:
            para.changed, para.change_anchor = True, anchor
            para.author, para.date = self.change_author, self.change_date
        para.add(kind, text)


def _where(text: str) -> str:
    text = normalise(text)
    return f"đoạn «{text[:MAX_WHERE]}{'…' if len(text) > MAX_WHERE else ''}»" if text else "không rõ vị trí"


def _place(anchors: DraftAnchors, anchor: Anchor | None, para_text: str, doc: OpinionDocument,
           opinion: Opinion) -> Opinion:
    """Anchor by bookmark, else by the paragraph's text, else leave it general with where it stood."""
    if anchor is None:
        anchor = anchors.match_text(para_text)
    if anchor is not None and anchor.reference:
        opinion.reference = anchor.reference
    else:  # nowhere, or on the decision that issues the regulation: general, with its place
        opinion.where = f"{doc.path.name}: {anchor.where if anchor is not None else _where(para_text)}"
    return opinion


def _comment_texts(zf: Any, path: Path) -> dict[str, tuple[str, str, str]]:
    """Comment id → (author, date, text)."""
    from quyche.importer.docx import _xml as read_part

    root = read_part(zf, "word/comments.xml", path)
    out: dict[str, tuple[str, str, str]] = {}
    if root is None:
        return out
    for c in root.iter(W + "comment"):
        text = " ".join(normalise(x) for x in _text_of(c).split("\n") if normalise(x))
        out[c.get(W + "id", "")] = (c.get(W + "author", "") or "", _date_of(c.get(W + "date")), text)
    return out


def _cells(tr: Any) -> list[Any]:
    return [tc for tc in tr if tc.tag == W + "tc"]


def _cell_text(tc: Any) -> str:
    return " ".join(normalise(x) for x in _text_of(tc).split("\n") if normalise(x))


def _filled(text: str) -> bool:
    return bool(text) and not _BLANK.match(text)


def _day(text: str) -> str:
    m = _DAY.search(text)
    if not m:
        return ""
    try:
        if m.group(4):
            return dt.date(int(m.group(4)), int(m.group(5)), int(m.group(6))).isoformat()
        return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        return ""


def _read_form(body: Any, anchors: DraftAnchors, doc: OpinionDocument) -> None:
    """A filled phiếu góp ý: the unit and date, one opinion per filled article row, general ones."""
    from quyche.render.docx.consultation import DATE_LABEL, FORM_COLUMNS, GENERAL_TITLE, UNIT_LABEL

    heads = [normalise(h).lower() for h in FORM_COLUMNS]
    for tbl in body.iter(W + "tbl"):
        rows = [tr for tr in tbl if tr.tag == W + "tr"]
        if not rows:
            continue
        first = [_cell_text(tc) for tc in _cells(rows[0])]
        if [c.lower() for c in first] == heads:
            for tr in rows[1:]:
                cells = [_cell_text(tc) for tc in _cells(tr)]
                if len(cells) < 4:
                    continue
                said, wording = cells[2], cells[3]
                if not _filled(said) and not _filled(wording):
                    continue
                m = _ARTICLE_CELL.search(cells[0])
                anchor = anchors.articles.get(m.group(1).lower()) if m else None
                text = said if _filled(said) else f"Đề nghị sửa thành: «{wording}»."
                opinion = Opinion(doc.form_unit, text, proposed=wording if _filled(wording) else "")
                if anchor is not None:
                    opinion.reference = anchor.reference
                else:
                    opinion.where = f"{doc.path.name}: hàng «{cells[0][:MAX_WHERE]}» của phiếu góp ý"
                doc.opinions.append(opinion)
        elif first and first[0] == GENERAL_TITLE:
            for tr in rows[1:]:
                for tc in _cells(tr):
                    for line in _text_of(tc).split("\n"):
                        if _filled(normalise(line)):
                            doc.opinions.append(Opinion(doc.form_unit, normalise(line)))
        for tr in rows:
            cells = [_cell_text(tc) for tc in _cells(tr)]
            if len(cells) >= 2 and cells[0] == UNIT_LABEL and _filled(cells[1]):
                doc.form_unit = cells[1]
            elif len(cells) >= 2 and cells[0] == DATE_LABEL:
                doc.form_date = _day(cells[1])
    for opinion in doc.opinions:
        opinion.author = opinion.author or doc.form_unit


def read_opinions(path: Path, anchors: DraftAnchors) -> OpinionDocument:
    """Every opinion in one .docx, placed on the draft's anchors where possible."""
    from lxml import etree

    from quyche.errors import ImportFormatError
    from quyche.importer.docx import _xml as read_part
    from quyche.importer.docx import open_docx

    with open_docx(path) as zf:
        props, last = _properties(zf, path)
        root = read_part(zf, "word/document.xml", path)
        if root is None:
            raise ImportFormatError(path, kind="corrupt")
        comments = _comment_texts(zf, path)
    doc = OpinionDocument(path, props, last_author=last)
    body = root.find(W + "body")
    if body is None:
        raise ImportFormatError(path, kind="corrupt")
    reader = _Reader(anchors)
    for event, el in etree.iterwalk(body, events=("start", "end"), tag=_WALKED):
        (reader.start if event == "start" else reader.end)(el)
    doc.anchored_by_bookmark = reader.bookmarked
    doc.paragraphs = len(reader.paras)
    if not props.get("quyche-round"):  # only a file without our properties must prove it is a draft
        doc.matched_paragraphs = sum(1 for para, _ in reader.paras if normalise(para.old()) in anchors.by_text)
    _read_form(body, anchors, doc)  # a form's tables, even in a copy that lost quyche's properties
    for cid, (author, day, text) in comments.items():
        found = reader.comments.get(cid)
        if not text:
            continue
        quote = normalise("".join(found.quote)) if found else ""
        para_text = found.para.old() if found and found.para else ""
        said = text
        if quote and normalise(para_text) != quote:
            said = f"{text} (về đoạn «{quote}»)"
        doc.opinions.append(_place(anchors, found.anchor if found else None, para_text, doc,
                                   Opinion(author, said, date=day)))
    previous = ""
    for para, _anchor in reader.paras:
        if para.changed:
            said = describe_changes(para.pieces)
            if said:
                old = para.old()
                # a wholly inserted paragraph stands where the paragraph before it stood
                placed_text = old if normalise(old) else previous
                doc.opinions.append(_place(anchors, para.change_anchor, placed_text, doc, Opinion(
                    para.author, said, current=normalise(old), proposed=normalise(para.new()), date=para.date)))
        if normalise(para.old()):
            previous = para.old()
    return doc
