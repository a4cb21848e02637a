"""The draft step's comparison table (bảng so sánh), made with quyche's own diff.

The text at the round's start is the current regulation; the working tree holds the draft.
Reasons come from round.yaml `reasons:` (keyed "Điều 5"), written on each article's first row.
"""

from __future__ import annotations

import re
from pathlib import Path

from quyche.workflow.history import read_blob

_REF = re.compile(r"(?i)điều\s+(\d+[a-zđ]?)")


def write_round_comparison(ws: object, base_commit: str, out: Path, reasons: dict[str, str] | None = None) -> Path:
    """Compare the regulation at `base_commit` with the working tree; write the DOCX to `out`."""
    from quyche.diff.compare import compare
    from quyche.parse import parse_text
    from quyche.render.docx.comparison import build_table, write_comparison_docx

    root: Path = ws.root  # type: ignore[attr-defined]
    rel: str = ws.regulations[0]  # type: ignore[attr-defined]
    old_text = read_blob(root, base_commit, rel) or ""
    new_text = (root / rel).read_text(encoding="utf-8")
    result = compare(parse_text(old_text, rel), parse_text(new_text, rel), old_label="hiện hành", new_label="dự thảo")
    by_number = {}
    for key, reason in (reasons or {}).items():
        m = _REF.search(key)
        if m:
            by_number[m.group(1).lower()] = reason
    row_reasons = [by_number.get(change.new[0].number.lower()) if change.new else None for change in result.changes]
    table = build_table(result, row_reasons)
    from quyche.render.docx.base import landscape_layout

    # the same page as `quyche diff --docx` gives: the repository's margins, the table's font size
    layout = landscape_layout(ws.config.layout, margins_only=True)  # type: ignore[attr-defined]
    return write_comparison_docx(table, out, overwrite=False, layout=layout)
