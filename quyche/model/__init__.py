"""The one document model read by every part of quyche: plain dataclasses, no I/O."""

from quyche.model.document import (
    Appendix,
    Article,
    Chapter,
    Clause,
    Container,
    Item,
    Node,
    Paragraph,
    Part,
    Point,
    Regulation,
    Section,
    Unit,
    UnitKind,
)
from quyche.model.frontmatter import FrontMatter, SigningBlock, Term
from quyche.model.span import Span

__all__ = [
    "Appendix",
    "Article",
    "Chapter",
    "Clause",
    "Container",
    "FrontMatter",
    "Item",
    "Node",
    "Paragraph",
    "Part",
    "Point",
    "Regulation",
    "Section",
    "SigningBlock",
    "Span",
    "Term",
    "Unit",
    "UnitKind",
]
