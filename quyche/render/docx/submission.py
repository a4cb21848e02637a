"""Tờ trình (kind code TTr): the submission asking the committee to approve the amendment.

The body comes from a sandboxed Jinja template rendered by quyche/workflow/documents.py as a
small Markdown subset: `## ` headings, `- ` list lines, `> ` centred lines ("Kính gửi: …"),
everything else a justified paragraph with a first-line indent.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Final

from docx.shared import Mm

from quyche.model.frontmatter import SigningBlock
from quyche.render.docx import base

KIND_TITLE: Final = "Tờ trình"


def write_submission(path: Path, *, header: base.HeaderInfo, subject: str, body: str,
                     signing: SigningBlock | None, distribution: Sequence[str],
                     layout_config: dict[str, object] | None = None, overwrite: bool = False) -> Path:
    """Write the tờ trình as a portrait DOCX."""
    layout = base.PageLayout.from_config(layout_config)
    doc = base.new_document(layout)
    base.add_party_header(doc, header, layout)
    base.add_document_title(doc, KIND_TITLE, subject, layout=layout)
    size = layout.font_size_pt
    for raw in body.split("\n"):
        line = raw.rstrip()
        if not line.strip():
            continue
        if line.startswith("## "):
            base.add_text(doc, line[3:].strip(), size_pt=size, bold=True, align="justify", space_after_pt=6)
        elif line.startswith("> "):
            base.add_text(doc, line[2:].strip(), size_pt=size, align="center", space_after_pt=12)
        elif line.startswith("- "):
            para = base.add_text(doc, line, size_pt=size, align="justify", space_after_pt=3)
            para.paragraph_format.first_line_indent = Mm(10)
        else:
            para = base.add_text(doc, line.strip(), size_pt=size, align="justify", space_after_pt=6)
            para.paragraph_format.first_line_indent = Mm(10)
    base.add_text(doc, "", space_after_pt=6)
    base.add_closing(doc, signing, distribution, layout)
    base.add_page_numbers(doc, skip_first=True)
    base.set_properties(doc, title=f"{KIND_TITLE} {subject}", subject=subject, issuer=header.issuer,
                        keywords="tờ trình; sửa đổi, bổ sung", date=header.full_date)
    return base.save_docx(doc, path, overwrite=overwrite)
