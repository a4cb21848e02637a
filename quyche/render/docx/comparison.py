"""The comparison table (bảng so sánh) that goes out with every revision of a regulation.

A4 landscape; the Party header of the issuing body; "BẢNG SO SÁNH", its subject and the
"(Kèm theo Tờ trình số …)" line; a legend; then the table: STT | Quy chế hiện hành | Dự thảo
sửa đổi, bổ sung | Lý do, thuyết minh, one row per changed article (or clause) in the draft's
order, under chapter rows. Deleted words are struck through on the left, inserted words bold
on the right. Page setup, fonts, widths, marks and saving come from base.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from quyche.diff.compare import chapter_heading
from quyche.diff.result import ArticleChange, DiffResult
from quyche.diff.words import Segment
from quyche.model.document import Chapter
from quyche.render.docx import base

COLUMNS: Final = ("STT", "Quy chế hiện hành", "Dự thảo sửa đổi, bổ sung", "Lý do, thuyết minh")
WIDTHS_MM: Final = (14.0, 95.0, 95.0, 58.0)
"""Sum 262 mm: A4 landscape less 20 mm and 15 mm margins (LANDSCAPE_TABLE)."""
CELL_PT: Final = 13.0
NOT_YET: Final = "(Chưa quy định)"
REPEALED: Final = "Bãi bỏ"
KEPT: Final = "Giữ nguyên"
LEGEND: Final = ("Ghi chú: trong cột Quy chế hiện hành, chữ gạch ngang là nội dung được sửa đổi hoặc "
                 "bãi bỏ; trong cột Dự thảo, chữ in đậm là nội dung sửa đổi, bổ sung.")

_MARKS: Final = {"equal": base.Mark.PLAIN, "delete": base.Mark.DELETED, "insert": base.Mark.INSERTED}


@dataclass(slots=True)
class ComparisonRow:
    """One row: a chapter row (text only) or an article/clause row."""

    kind: Literal["chapter", "article"]
    text: str = ""
    stt: str = ""
    current: tuple[Segment, ...] | str = ""
    draft: tuple[Segment, ...] | str = ""
    reason: str = ""


@dataclass(slots=True)
class ComparisonTable:
    """Everything the DOCX shows, already decided: tests can read it without opening Word."""

    header: base.HeaderInfo
    subject: str
    submission: str | None
    rows: list[ComparisonRow] = field(default_factory=list)
    author: str = ""
    """The issuing body, named in the document properties."""
    date: dt.date | None = None
    """The draft's own date (front matter), for the document properties; the page shows none."""


def subject_line(result: DiffResult) -> str:
    """"Quy chế làm việc của … hiện hành và dự thảo sửa đổi, bổ sung"."""
    fm = result.new.front_matter or result.old.front_matter
    kind = (fm.kind if fm and fm.kind else "quy chế").strip()
    subject = (fm.subject if fm and fm.subject else "").strip()
    head = kind[:1].upper() + kind[1:]
    return f"{head} {subject} hiện hành và dự thảo sửa đổi, bổ sung".replace("  ", " ")


def _listed(change: ArticleChange, show_all: bool) -> bool:
    return change.status != "unchanged" or change.moved or show_all


def _chapter_of(result: DiffResult, change: ArticleChange, old_chapters: list[Chapter]) -> str:
    if change.new:
        return result.new_chapters[change.new[0].index]
    index = change.old[0].chapter if change.old else None
    return chapter_heading(old_chapters[index]) if index is not None else ""


def build_table(
    result: DiffResult,
    reasons: Sequence[str | None],
    *,
    by_clause: bool = False,
    show_all: bool = False,
    submission: str | None = None,
) -> ComparisonTable:
    """Decide the rows; `reasons[k]` is the reason of `result.changes[k]`."""
    fm = result.new.front_matter or result.old.front_matter
    table = ComparisonTable(
        header=base.HeaderInfo.from_front_matter(fm, number="", date=None),
        subject=subject_line(result),
        submission=submission,
        author=(fm.issuer or "") if fm else "",
        date=fm.issue_date if fm else None,
    )
    if fm is not None:
        table.header = base.HeaderInfo(issuer=fm.issuer or "", superior=fm.superior, place=fm.place)
    current_chapter: str | None = None
    old_chapters = result.old.chapters()
    stt = 0
    for k, change in enumerate(result.changes):
        if not _listed(change, show_all):
            continue
        chapter = _chapter_of(result, change, old_chapters)
        if chapter and chapter != current_chapter:
            table.rows.append(ComparisonRow("chapter", text=chapter))
            current_chapter = chapter
        reason = reasons[k] if k < len(reasons) else None
        mark = renumbering_mark(change)
        if mark and change.status != "unchanged":  # "Giữ nguyên (thành Điều 5)" says it already
            reason = f"{mark}\n{reason}" if reason else mark
        for current, draft in _cells(change, by_clause):
            stt += 1
            table.rows.append(ComparisonRow("article", stt=str(stt), current=current, draft=draft,
                                            reason=reason or ""))
            reason = None  # a reason is written once, on the article's first row
    return table


def renumbering_mark(change: ArticleChange) -> str:
    """"Điều 12 → Điều 13 (đánh số lại)." for an article the draft numbers differently; ""."""
    if not change.old or not change.new or not change.renumbered:
        return ""
    olds = ", ".join(a.number for a in change.old)
    news = ", ".join(a.number for a in change.new)
    return f"Điều {olds} → Điều {news} (đánh số lại)." if olds != news else ""


def _cells(change: ArticleChange, by_clause: bool) -> list[tuple[tuple[Segment, ...] | str, tuple[Segment, ...] | str]]:
    d = change.diff
    if change.status == "unchanged":
        assert d is not None
        kept = KEPT
        if change.renumbered:
            kept = f"{KEPT} (thành Điều {change.new[0].number})"
        return [(tuple(Segment(s.text, "equal") for s in d.old), kept)]
    if change.status == "added":
        return [(NOT_YET, d.new if d is not None else "")]
    if change.status == "removed":
        return [(d.old if d is not None else "", REPEALED)]
    if by_clause and change.status == "changed" and change.clauses:
        rows: list[tuple[tuple[Segment, ...] | str, tuple[Segment, ...] | str]] = []
        head = f"Điều {change.old[0].number}. {change.old[0].title}".rstrip(". ")
        new_head = f"Điều {change.new[0].number}. {change.new[0].title}".rstrip(". ")
        for n, cc in enumerate(change.clauses):
            cd = cc.diff
            left: tuple[Segment, ...] | str = cd.old if cc.old else NOT_YET
            right: tuple[Segment, ...] | str = cd.new if cc.new else REPEALED
            if n == 0 and cc.old != change.old[0].label:
                left = (Segment(head + "\n", "equal"), *left) if isinstance(left, tuple) else \
                    (Segment(head + "\n", "equal"), Segment(left, "equal"))
                right = (Segment(new_head + "\n", "equal"), *right) if isinstance(right, tuple) else \
                    (Segment(new_head + "\n", "equal"), Segment(right, "equal"))
            rows.append((left, right))
        return rows
    assert d is not None
    return [(d.old, d.new)]


# --- writing -----------------------------------------------------------------------------------

def _fill(tc: Any, content: tuple[Segment, ...] | str, *, align: str = "justify") -> None:
    """Write text or marked segments into a cell (a w:tc element), one paragraph per line."""
    segs = content if isinstance(content, tuple) else (Segment(content, "equal"),)
    lines: list[list[tuple[str, base.Mark]]] = [[]]
    for seg in segs:
        for n, chunk in enumerate(seg.text.split("\n")):
            if n:
                lines.append([])
            if chunk:
                lines[-1].append((chunk, _MARKS[seg.op]))
    first = True
    for line in lines:
        if not line and not first:
            continue
        p = base.cell_paragraph(tc, first)
        first = False
        base.paragraph_properties(p, align, 3)
        base.append_marked_runs(p, line, CELL_PT)


def column_widths(layout: base.PageLayout) -> tuple[float, ...]:
    """WIDTHS_MM stretched or shrunk to the text width of `layout` (margins from quyche.yaml)."""
    scale = layout.text_width_mm / sum(WIDTHS_MM)
    return tuple(round(w * scale, 1) for w in WIDTHS_MM)


def write_comparison_docx(table: ComparisonTable, out: Path, *, overwrite: bool = False,
                          layout: base.PageLayout = base.LANDSCAPE_TABLE) -> Path:
    """Write the table as a DOCX, atomically."""
    widths = column_widths(layout)
    doc = base.new_document(layout)
    base.add_party_header(doc, table.header, layout, show_number=False)
    note = None
    if table.submission:
        text = table.submission.strip().strip("()")
        note = f"({text})" if text.lower().startswith("kèm theo") else f"(Kèm theo {text})"
    base.add_document_title(doc, "BẢNG SO SÁNH", table.subject, note=note, layout=layout)
    base.add_text(doc, LEGEND, size_pt=12, italic=True, align="justify", space_after_pt=6)

    grid = base.fixed_table(doc, widths, rows=1)
    base.header_row(grid, COLUMNS, widths, CELL_PT)
    rows = base.FastRows(grid, widths)
    for row in table.rows:
        if row.kind == "chapter":
            p = base.cell_paragraph(rows.add_merged(), True)
            base.paragraph_properties(p, "left", 3)
            base.append_run(p, row.text, size_pt=CELL_PT, bold=True)
            continue
        cells = rows.add()
        _fill(cells[0], row.stt, align="center")
        _fill(cells[1], row.current)
        _fill(cells[2], row.draft)
        _fill(cells[3], row.reason)
    base.add_page_numbers(doc, with_total=True)
    base.set_properties(doc, title=f"Bảng so sánh {table.subject}", subject=table.subject,
                        issuer=table.author, keywords="bảng so sánh, quy chế", date=table.date)
    return base.save_docx(doc, out, overwrite=overwrite)
