"""Where an opinion points: every article, clause and point of a draft as an anchor.

The draft sent out for comments (`quyche round draft`) carries one Word bookmark per anchor, and
reading the answers back (`quyche round comments import`) maps a bookmark, or failing that the
commented paragraph's text, to the anchor's reference ("Điều 5, khoản 2, điểm a"), the form
the gop-y YAML files use. Pure data: no docx here.

A file holding a decision and the regulation it issues is anchored in both documents. Comments
speak of the regulation ("Điều 5" is its Điều 5, as `round comments` reads it), so only the
principal document's units carry a reference; the decision's units carry where they are
("Quyết định, Điều 1") and an opinion on them becomes a general one with that place. Keys, and
so bookmarks, stay unique across the documents: the first document's keys are as they always
were (drafts made before attachments were anchored read back the same), an attachment's begin
with `kt1.`, `kt2.` …
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Final

from quyche.model.document import Article, Node, Paragraph, Regulation, Unit

BOOKMARK_PREFIX: Final = "qc_"
"""Our anchors' names begin with a letter (Word's rule for a bookmark name) and this prefix."""
BOOKMARK_MAX: Final = 40
"""Word keeps at most 40 characters of a bookmark name."""
_KINDS: Final = ("article", "clause", "point")


@dataclass(frozen=True, slots=True)
class Anchor:
    """One article, clause or point of the draft."""

    key: str
    """Stable id: the article's {#id} (or `dieu-5`), then `.k2`, `.a` for clause and point."""
    reference: str
    """"Điều 5, khoản 2, điểm a": what the gop-y YAML `article:` holds."""
    article_number: str
    text: str
    """The unit's own first line as the draft prints it."""
    where: str = ""
    """For a unit outside the principal document (reference ""): "Quyết định, Điều 1, khoản 2"."""

    @property
    def bookmark(self) -> str:
        """The Word bookmark name carrying the key (see bookmark_name)."""
        return bookmark_name(self.key)


def bookmark_name(key: str) -> str:
    """A Word bookmark name for a key: qc_ + the key with every character other than an ASCII
    letter or digit written as _ and four hex digits (so two keys never share a name); a key
    too long for 40 characters is named by its SHA-1 instead (qc_h…), still one name per key."""
    body = "".join(ch if ch.isascii() and ch.isalnum() else f"_{ord(ch):04x}" for ch in key)
    name = BOOKMARK_PREFIX + body
    if len(name) <= BOOKMARK_MAX:
        return name
    return BOOKMARK_PREFIX + "h" + hashlib.sha1(key.encode("utf-8")).hexdigest()[: BOOKMARK_MAX - 4]


def normalise(text: str) -> str:
    """Text as compared across Word, LibreOffice and the Markdown: NFC, one space, no ends."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


def unit_key(unit: Unit, article: Article | None, clause: Unit | None) -> str | None:
    """The stable key of an article, clause or point (None for other units)."""
    if unit.kind == "article":
        return unit.id or f"dieu-{unit.number.lower()}"
    if article is None:
        return None
    art = unit_key(article, None, None)
    if unit.kind == "clause":
        return f"{art}.k{unit.number}"
    if unit.kind == "point":
        return f"{art}.k{clause.number}.{unit.number}" if clause is not None else f"{art}.{unit.number}"
    return None


def _reference(unit: Unit, article: Article, clause: Unit | None) -> str:
    parts = [f"Điều {article.number}"]
    if clause is not None:
        parts.append(f"khoản {clause.number}")
    if unit.kind == "point":
        parts.append(f"điểm {unit.number}")
    return ", ".join(parts)


@dataclass(slots=True)
class DraftAnchors:
    """The anchors of a draft, and each printed paragraph's owner for matching text back."""

    anchors: dict[str, Anchor]
    by_bookmark: dict[str, Anchor]
    by_text: dict[str, Anchor]
    """Normalised paragraph text → the innermost anchor whose paragraph it is."""
    articles: dict[str, Anchor]
    """Article number ("5", "3a") → its anchor."""
    unit_bookmarks: dict[int, str]
    """id() of each anchored unit of the parsed text → its bookmark name (for the writer)."""

    def match_text(self, text: str) -> Anchor | None:
        """The anchor whose paragraph this is: exact text first, then the closest (≥ 90 %)."""
        key = normalise(text)
        if not key:
            return None
        found = self.by_text.get(key)
        if found is not None or len(key) < 12:
            return found
        from rapidfuzz import fuzz, process

        best = process.extractOne(key, self.by_text.keys(), scorer=fuzz.ratio, score_cutoff=90)
        return self.by_text[best[0]] if best else None


def draft_anchors(reg: Regulation) -> DraftAnchors:
    """Every article, clause and point of every document of the file, in document order, with
    the texts printed under each (the principal document's texts first where two are alike)."""
    found = DraftAnchors({}, {}, {}, {}, {})
    documents = reg.documents()
    principal = reg.principal()
    order = sorted(range(len(documents)), key=lambda k: documents[k] is not principal)
    for k in order:
        doc = documents[k]
        label = "" if doc is principal else (doc.document_kind() or "văn bản").capitalize()
        _anchor_document(doc, f"kt{k}." if k else "", label, found)
    found.by_bookmark = {a.bookmark: a for a in found.anchors.values()}
    return found


def _anchor_document(doc: Regulation, prefix: str, label: str, found: DraftAnchors) -> None:
    """Add one document's anchors to `found`: keys after `prefix`; with a `label` (a document
    other than the principal) references are "" and `where` says "label, Điều 1, khoản 2"."""
    stack: list[tuple[list[Node], int, Article | None, Unit | None, Anchor | None]] = [
        (list(doc.children), 0, None, None, None)]
    while stack:  # depth first without recursion (a deep text must not overflow the stack)
        children, i, article, clause, owner = stack.pop()
        if i >= len(children):
            continue
        stack.append((children, i + 1, article, clause, owner))
        node = children[i]
        if isinstance(node, Paragraph):
            if owner is not None:
                found.by_text.setdefault(normalise(node.text), owner)
            continue
        unit = node
        art = unit if isinstance(unit, Article) else article
        cl = unit if unit.kind == "clause" else (None if unit.kind == "article" else clause)
        key = unit_key(unit, article, clause) if unit.kind in _KINDS else None
        here = owner
        if key is not None and art is not None:
            place = _reference(unit, art, cl if unit.kind != "article" else None)
            here = Anchor(prefix + key, "" if label else place, art.number, unit.heading_text(),
                          f"{label}, {place}" if label else "")
            if here.key not in found.anchors:
                found.anchors[here.key] = here
                found.unit_bookmarks[id(unit)] = here.bookmark
            if unit.kind == "article" and not label:
                found.articles[art.number.lower()] = here
        if here is not None:
            found.by_text.setdefault(normalise(unit.heading_text()), here)
        stack.append((unit.children, 0, art, cl, here))
