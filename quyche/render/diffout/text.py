"""The terminal view: the summary, then each changed article with an inline word diff.

On a terminal, deleted words are red and struck through, inserted words green and bold; in a
pipe or a file the same marks are written as `[-…-]` and `{+…+}` (git's --word-diff=plain).
"""

from __future__ import annotations

from typing import Any, Final

from quyche.diff.result import ArticleChange, DiffResult
from quyche.diff.words import Segment
from quyche.render.diffout.labels import change_title, summary_line

Piece = tuple[str, str]
"""(text, style): style is "", "del", "ins", "head", "dim" or "warn"."""

RICH_STYLES: Final = {
    "": "",
    "del": "red strike",
    "ins": "bold green",
    "head": "bold cyan",
    "dim": "dim",
    "warn": "bold yellow",
}


def _segments(segs: tuple[Segment, ...]) -> list[Piece]:
    style = {"equal": "", "delete": "del", "insert": "ins"}
    return [(s.text, style[s.op]) for s in segs]


def build(result: DiffResult, *, show_all: bool = False, source: str = "") -> list[list[Piece]]:
    """The view as lines of styled pieces, for either emitter below."""
    s = result.summary
    lines: list[list[Piece]] = []
    where = f" ({source})" if source else ""
    lines.append([(f"So sánh {result.old_label} → {result.new_label}{where}", "head")])
    lines.append([(f"Số Điều: {s.old_articles} → {s.new_articles}", "")])
    lines.append([(summary_line(s), "")])
    lines.append([(f"Số chương có thay đổi: {s.chapters_changed}", "")])
    if s.review:
        lines.append([(f"Cần xem lại {s.review} cặp Điều được ghép với độ tin cậy thấp "
                       "(có thể chỉ định bằng --map).", "warn")])
    for old_label, new_label in result.chapter_titles_changed:
        lines.append([(f"Đổi tên chương: {old_label} → {new_label}", "dim")])
    renumbered_only = [c for c in result.changes if c.status == "unchanged" and c.renumbered and not c.moved]
    if renumbered_only and not show_all:
        pairs = ", ".join(f"{c.old[0].number}→{c.new[0].number}" for c in renumbered_only)
        lines.append([(f"Chỉ đánh số lại, nội dung giữ nguyên: Điều {pairs}", "dim")])
    for change in result.changes:
        if change.status == "unchanged" and not show_all and not change.moved:
            continue
        lines.extend(_change(change))
    if not result.has_differences:
        lines.append([("Hai phiên bản giống nhau.", "")])
    return lines


def _change(c: ArticleChange) -> list[list[Piece]]:
    out: list[list[Piece]] = [[("", "")], [("── " + change_title(c) + " ──", "warn" if c.review else "head")]]
    if c.diff is None:
        return out
    line: list[Piece] = []
    for text, style in _segments(c.diff.inline):
        chunks = text.split("\n")
        for k, chunk in enumerate(chunks):
            if k:
                out.append(line)
                line = []
            if chunk:
                line.append((chunk, style))
    out.append(line)
    if c.clauses and c.status == "changed":
        own = {a.label for a in (*c.old, *c.new)}
        names = ["tiêu đề, đoạn mở đầu" if (cc.new or cc.old) in own else (cc.new or cc.old or "")
                 for cc in c.clauses]
        # a rewritten clause is both a removed and an added "khoản 2": name it once
        out.append([("Thay đổi ở: " + ", ".join(dict.fromkeys(n for n in names if n)), "dim")])
    return out


def to_plain(lines: list[list[Piece]]) -> str:
    """Markers instead of colours: [-deleted-] {+inserted+}."""
    rows: list[str] = []
    for line in lines:
        parts = []
        for text, style in line:
            if style == "del":
                parts.append(f"[-{text}-]")
            elif style == "ins":
                parts.append("{+" + text + "+}")
            else:
                parts.append(text)
        rows.append("".join(parts))
    return "\n".join(rows) + "\n"


def print_rich(lines: list[list[Piece]], console: Any) -> None:
    """Print with colours on a rich Console."""
    from rich.text import Text

    for line in lines:
        text = Text()
        for chunk, style in line:
            text.append(chunk, style=RICH_STYLES[style] or None)
        console.print(text)
