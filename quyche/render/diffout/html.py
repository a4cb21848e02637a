"""`quyche diff --format html`: one self-contained page with the comparison table
(current text with <del>, draft with <ins>), for a browser or an e-mail."""

from __future__ import annotations

import html
from typing import Final

from quyche.diff.result import DiffResult
from quyche.diff.words import Segment
from quyche.render.diffout.labels import change_title, summary_line

_STYLE: Final = """
body { font-family: "Times New Roman", serif; font-size: 13pt; margin: 2em; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { border: 1px solid #000; padding: 4px 6px; vertical-align: top; }
th { background: #f2f2f2; }
td.stt { width: 3em; text-align: center; }
tr.group td { font-weight: bold; background: #fafafa; }
del { color: #a00; }
ins { text-decoration: none; font-weight: bold; color: #060; }
.review { color: #a60; }
"""


def _cell(segs: tuple[Segment, ...]) -> str:
    parts: list[str] = []
    for seg in segs:
        text = html.escape(seg.text).replace("\n", "<br>\n")
        if seg.op == "delete":
            text = f"<del>{text}</del>"
        elif seg.op == "insert":
            text = f"<ins>{text}</ins>"
        parts.append(text)
    return "".join(parts)


def render_html_diff(result: DiffResult, *, show_all: bool = False) -> str:
    """A complete HTML document."""
    title = f"So sánh {result.old_label} → {result.new_label}"
    rows: list[str] = []
    chapter = None
    stt = 0
    for k, change in enumerate(result.changes):
        if change.status == "unchanged" and not show_all and not change.moved:
            continue
        group = result.new_chapters[change.new[0].index] if change.new else ""
        if group and group != chapter:
            chapter = group
            rows.append(f'<tr class="group"><td colspan="3">{html.escape(group)}</td></tr>')
        stt += 1
        d = change.diff
        left = _cell(d.old) if d is not None and change.old else "(Chưa quy định)"
        right = _cell(d.new) if d is not None and change.new else "Bãi bỏ"
        note = f'<div class="review">{html.escape(change_title(change))}</div>'
        rows.append(f'<tr id="c{k}"><td class="stt">{stt}</td><td>{left}</td><td>{right}{note}</td></tr>')
    return (
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(summary_line(result.summary))}</p>\n"
        "<table>\n<thead><tr><th style=\"width:3em\">STT</th><th>Quy chế hiện hành</th>"
        "<th>Dự thảo sửa đổi, bổ sung</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )
