"""`quyche diff --format md`: the comparison as Markdown (~~deleted~~, **inserted**), for a
pull request description or a wiki page."""

from __future__ import annotations

import re
from typing import Final

from quyche.diff.result import DiffResult
from quyche.diff.words import Segment
from quyche.render.diffout.labels import change_title, summary_line

_SPECIAL: Final = re.compile(r"([\\`*_~\[\]<>#|])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def _inline(segs: tuple[Segment, ...]) -> str:
    lines: list[str] = [""]
    for seg in segs:
        for k, chunk in enumerate(seg.text.split("\n")):
            if k:
                lines.append("")
            if not chunk.strip():
                lines[-1] += chunk
                continue
            lead = chunk[: len(chunk) - len(chunk.lstrip())]
            trail = chunk[len(chunk.rstrip()):]
            body = _escape(chunk.strip())
            if seg.op == "delete":
                body = f"~~{body}~~"
            elif seg.op == "insert":
                body = f"**{body}**"
            lines[-1] += lead + body + trail
    return "\n\n".join(line.strip() for line in lines if line.strip())


def render_markdown_diff(result: DiffResult, *, show_all: bool = False) -> str:
    """The summary and each changed article, as Markdown."""
    s = result.summary
    out = [f"# So sánh {_escape(result.old_label)} → {_escape(result.new_label)}", "",
           f"- Số Điều: {s.old_articles} → {s.new_articles}", f"- {summary_line(s)}",
           f"- Số chương có thay đổi: {s.chapters_changed}", ""]
    for change in result.changes:
        if change.status == "unchanged" and not show_all and not change.moved:
            continue
        out.append(f"## {_escape(change_title(change))}")
        out.append("")
        if change.diff is not None:
            out.append(_inline(change.diff.inline))
            out.append("")
    return "\n".join(out).rstrip() + "\n"
