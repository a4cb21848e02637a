"""The one document model read by every part of quyche: plain dataclasses, no I/O."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

_HOME = {"FrontMatter": "frontmatter", "SigningBlock": "frontmatter", "Term": "frontmatter", "Span": "span"}
"""Where each name lives (the rest: quyche.model.document). Loaded on first use, so that
quyche.model.span (a finding's place) comes without the whole model: a `check` answered by
its cache reads findings, never documents."""


def __getattr__(name: str) -> object:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__name__}.{_HOME.get(name, 'document')}"), name)
    globals()[name] = value
    return value


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
