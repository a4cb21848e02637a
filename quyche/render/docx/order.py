"""Children of a property element (w:pPr, w:rPr, w:tblPr, w:trPr, w:tcPr) in schema order.

OOXML property elements are `xsd:sequence`s: a child out of place (w:pBdr after w:jc) makes the
file schema-invalid, and Word may offer to "repair" it. python-docx already knows each
sequence, but only exposes `get_or_add_*` for the children it models (w:jc, w:sz …), not for
w:pBdr, w:szCs, w:lang, w:tblHeader or w:shd. Rather than keep our own copy of the order, we
read python-docx's: every `_insert_x` method it generates carries the tag and the successors
it inserts before, and the longest of those is the element's sequence from that tag on.
tests/render/test_docx_order.py pins this against the schema validator.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn


@cache
def child_sequence(element_cls: type) -> tuple[str, ...]:
    """The schema order of `element_cls`'s children ("w:pStyle", …), as python-docx declares it."""
    best: tuple[str, ...] = ()
    for klass in element_cls.__mro__:
        for name, method in vars(klass).items():
            if not name.startswith("_insert_") or not callable(method):
                continue
            for cell in getattr(method, "__closure__", None) or ():
                declared = cell.cell_contents
                tag = getattr(declared, "_nsptagname", None)
                successors = getattr(declared, "_successors", None)
                if isinstance(tag, str) and isinstance(successors, tuple) and len(successors) + 1 > len(best):
                    best = (tag, *successors)
    if not best:
        raise RuntimeError(f"python-docx no longer declares the children of {element_cls.__name__}")
    return best


def child(parent: Any, tag: str) -> Any:
    """`parent`'s child `tag` ("w:lang"), created in its schema position when missing."""
    existing = parent.find(qn(tag))
    if existing is not None:
        return existing
    return insert_child(parent, OxmlElement(tag))


def insert_child(parent: Any, element: Any) -> Any:
    """Insert `element` (a new child, never a second copy) before the children that must follow it."""
    sequence = child_sequence(parent.__class__)
    tag = element.tag.replace(f"{{{_W}}}", "w:")
    if tag not in sequence:
        raise ValueError(f"{tag} is not a child of {type(parent).__name__}")
    parent.insert_element_before(element, *sequence[sequence.index(tag) + 1:])
    return element


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
