"""`quyche diff`: choose the sides, the reasons and the output, and produce it.

Reasons have one source: a `--reasons` file (a plain `Điều N: lý do` file or a round's
round.yaml), else, inside a revision round, the round's round.yaml `reasons:`. A commit message
is never a reason; an article with no written reason keeps an empty cell and is listed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quyche.commands import Outcome


def safe_name(label: str) -> str:
    """A revision or file label as a plain ASCII file-name part ("v1", "nhanh-du-thao")."""
    text = label.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return text[:60] or "ban"


@dataclass(frozen=True, slots=True)
class DiffRequest:
    """What the user asked `quyche diff` for (arguments already checked for form)."""

    a: str
    b: str | None = None
    path: str | None = None
    worktree: bool = False
    fmt: str = "text"
    docx: bool = False
    output: Path | None = None
    by_clause: bool = False
    show_all: bool = False
    reasons_file: Path | None = None
    map_file: Path | None = None
    threshold: float | None = None
    submission: str | None = None
    force: bool = False
    styled: bool = False
    """The caller prints to a colour terminal: return styled lines instead of plain text."""


@dataclass(slots=True)
class DiffOutcome(Outcome):
    """The messages, plus the comparison itself when it goes to standard output."""

    differs: bool = False
    text: str | None = None
    """Plain text to write to standard output as it is."""
    styled_lines: list[Any] | None = None
    """The terminal view's lines of (text, style) pieces (quyche.render.diffout.text)."""
    missing_reasons: list[str] = field(default_factory=list)


def _layout(folder: Path) -> Any:
    """The landscape table layout, with the margins of quyche.yaml `layout:` (the cells keep 13 pt)."""
    from quyche.config import load_config
    from quyche.render.docx.base import landscape_layout

    return landscape_layout(load_config(folder).layout, margins_only=True)


def round_reasons_for(repo: Path | None) -> dict[str, str] | None:
    """The open round's reasons (round.yaml `reasons:` and `bai-bo:`) when `repo` has one;
    None outside a round."""
    if repo is None:
        return None
    from quyche.errors import NoRound
    from quyche.workflow.comparison import reasons_of
    from quyche.workflow.round import ROUND_FILE, find_round, load_round_info, open_workspace

    ws = open_workspace(repo)
    try:
        state = find_round(ws)
    except NoRound:
        return None
    info = load_round_info(ws.round_dir(state.id) / ROUND_FILE, state.id)
    return reasons_of(info.reasons, [(r.article, r.reason) for r in info.repeals])


def run_diff(req: DiffRequest, cwd: Path) -> DiffOutcome:
    """Compare, then write the table or file, or hand back the text to print."""
    from quyche.diff.align import DEFAULT_THRESHOLD, article_infos
    from quyche.diff.compare import compare
    from quyche.diff.options import load_map, load_reasons, reason_for
    from quyche.diff.revisions import load_sides
    from quyche.fsutil import atomic_write_text

    done = DiffOutcome()
    sides = load_sides(req.a, req.b, req.path, worktree=req.worktree, cwd=cwd)
    explicit = None
    if req.map_file is not None:
        explicit = load_map(req.map_file, article_infos(sides.old.regulation), article_infos(sides.new.regulation))
    result = compare(sides.old.regulation, sides.new.regulation, old_label=sides.old.label,
                     new_label=sides.new.label, threshold=req.threshold or DEFAULT_THRESHOLD, explicit=explicit)
    done.differs = result.has_differences

    if req.reasons_file is not None:
        reasons_map: dict[str, str] | None = load_reasons(req.reasons_file)
    elif req.docx:
        reasons_map = round_reasons_for(sides.repo)
    else:
        reasons_map = None
    reasons = [reason_for(c, reasons_map) if reasons_map is not None else None for c in result.changes]

    if req.docx:
        from quyche.render.diffout.labels import summary_line
        from quyche.render.docx.comparison import build_table, write_comparison_docx

        target = req.output or cwd / f"bang-so-sanh-{safe_name(sides.old.label)}-{safe_name(sides.new.label)}.docx"
        table = build_table(result, reasons, by_clause=req.by_clause, show_all=req.show_all,
                            submission=req.submission)
        written = write_comparison_docx(table, target, overwrite=req.force, layout=_layout(sides.repo or cwd))
        done.say(summary_line(result.summary))
        rows = sum(1 for r in table.rows if r.kind == "article")
        done.say(f"Đã ghi bảng so sánh ({rows} dòng) vào {written}")
        done.missing_reasons = [c.key for c, r in zip(result.changes, reasons, strict=True)
                                if r is None and (c.status != "unchanged" or c.moved)]
        if done.missing_reasons:
            from quyche.workflow.comparison import missing_reasons_line

            done.say(missing_reasons_line(done.missing_reasons,
                                          "mục `reasons:` của round.yaml (trong vòng sửa đổi) hoặc tệp --reasons"))
        return done

    if req.fmt == "json":
        from quyche.render.diffout.json import render_json

        text = render_json(result, reasons={k: r for k, r in enumerate(reasons) if r} if reasons_map else None)
    elif req.fmt == "md":
        from quyche.render.diffout.markdown import render_markdown_diff

        text = render_markdown_diff(result, show_all=req.show_all)
    elif req.fmt == "html":
        from quyche.render.diffout.html import render_html_diff

        text = render_html_diff(result, show_all=req.show_all)
    else:
        from quyche.render.diffout.text import build, to_plain

        lines = build(result, show_all=req.show_all, source=sides.relpath or "")
        if req.output is None and req.styled:
            done.styled_lines = lines
            return done
        text = to_plain(lines)
    if req.output is not None:
        if req.output.exists() and not req.force:
            from quyche.errors import OutputExists

            raise OutputExists(req.output)
        atomic_write_text(req.output, text)
        done.say(f"Đã ghi kết quả so sánh vào {req.output}")
    else:
        done.text = text
    return done
