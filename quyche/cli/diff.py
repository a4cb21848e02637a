"""`quyche diff`: compare two versions article by article; `--docx` writes the comparison table."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any

import typer

from quyche.cli.errors import ExitCode, fail, handle_errors

FORMATS = ("text", "md", "json", "html")


def safe_name(label: str) -> str:
    """A revision or file label as a plain ASCII file-name part ("v1", "nhanh-du-thao")."""
    text = label.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")
    return text[:60] or "ban"


def _threshold(value: float | None) -> float | None:
    if value is None:
        return None
    if value > 1:
        value = value / 100
    if not 0 < value <= 1:
        raise fail("--threshold phải là một số từ 1 đến 100 (hoặc từ 0,01 đến 1), ví dụ --threshold 50.")
    return value


def _use_color(console: Any) -> bool:
    if os.environ.get("QUYCHE_NO_COLOR") or os.environ.get("NO_COLOR"):
        return False
    return bool(console.is_terminal)


def register(app: typer.Typer) -> None:
    """Add the `diff` command to the application."""

    @app.command("diff")
    def diff_command(
        a: Annotated[str, typer.Argument(metavar="A", help="Phiên bản cũ (thẻ như v1, nhánh, commit), `v1..v2`, hoặc tệp cũ.")],
        b: Annotated[str | None, typer.Argument(metavar="B", help="Phiên bản mới, hoặc tệp mới.")] = None,
        path: Annotated[str | None, typer.Argument(metavar="TỆP", help="Tệp quy chế cần so sánh khi kho có nhiều tệp.")] = None,
        worktree: Annotated[bool, typer.Option("--worktree", help="So sánh phiên bản A với bản đang sửa trong thư mục.")] = False,
        fmt: Annotated[str, typer.Option("--format", "-f", help="Dạng kết quả: text, md, json hoặc html.")] = "text",
        exit_code: Annotated[bool, typer.Option("--exit-code", help="Trả mã 1 khi hai phiên bản khác nhau.")] = False,
        docx: Annotated[bool, typer.Option("--docx", help="Ghi bảng so sánh ra tệp Word (.docx).")] = False,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Tệp kết quả (mặc định bang-so-sanh-A-B.docx khi có --docx).")] = None,
        by_clause: Annotated[bool, typer.Option("--by-clause", help="Bảng so sánh theo từng khoản thay vì từng Điều.")] = False,
        show_all: Annotated[bool, typer.Option("--all", help="Liệt kê cả các Điều giữ nguyên.")] = False,
        reasons_file: Annotated[Path | None, typer.Option("--reasons", help="Tệp YAML lý do sửa đổi theo số hoặc mã Điều.")] = None,
        map_file: Annotated[Path | None, typer.Option("--map", help="Tệp YAML chỉ định Điều cũ ứng với Điều mới.")] = None,
        threshold: Annotated[float | None, typer.Option("--threshold", help="Ngưỡng độ giống để ghép hai Điều theo nội dung (1-100, mặc định 45).")] = None,
        submission: Annotated[str | None, typer.Option("--submission", help='Dòng "Kèm theo Tờ trình số …" dưới tiêu đề bảng.')] = None,
        force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp kết quả đã có.")] = False,
    ) -> None:
        """So sánh hai phiên bản quy chế theo từng Điều; --docx lập bảng so sánh."""
        if fmt not in FORMATS:
            raise fail(f"--format chỉ nhận: {', '.join(FORMATS)}.")
        _check_targets(a, b, path, docx=docx, output=output)
        limit = _threshold(threshold)
        with handle_errors():
            code = _run(a, b, path, worktree=worktree, fmt=fmt, docx=docx, output=output,
                        by_clause=by_clause, show_all=show_all, reasons_file=reasons_file,
                        map_file=map_file, threshold=limit, submission=submission, force=force)
        if exit_code and code:
            raise typer.Exit(int(ExitCode.FINDINGS))


def _check_targets(a: str, b: str | None, path: str | None, *, docx: bool, output: Path | None) -> None:
    """Catch the Word habits: `--docx bang.docx` (the name is read as a file to compare) and
    `-o bang.docx` without --docx (plain text in a .docx file)."""
    example = " ".join(x for x in (a, b if b and not b.lower().endswith(".docx") else None) if x)
    for arg in (b, path):
        if docx and arg is not None and arg.lower().endswith(".docx"):
            raise fail(f"`{arg}` không phải phiên bản hay tệp quy chế để so sánh. Tên tệp bảng so sánh ghi sau -o, "
                       f"ví dụ: quyche diff {example} --docx -o {arg}")
    if output is not None and docx and output.suffix.lower() != ".docx":
        raise fail(f"{output}: bảng so sánh (--docx) phải ghi vào tệp có đuôi .docx, ví dụ -o bang-so-sanh.docx.")
    if output is not None and not docx and output.suffix.lower() == ".docx":
        raise fail(f"{output}: muốn có bảng so sánh dạng Word, hãy thêm --docx: quyche diff {example} --docx -o {output}")


def _layout(folder: Path) -> Any:
    """The landscape table layout, with the margins of quyche.yaml `layout:` (the cells keep 13 pt)."""
    from quyche.config import load_config
    from quyche.render.docx.base import landscape_layout

    return landscape_layout(load_config(folder).layout, margins_only=True)


def _run(a: str, b: str | None, path: str | None, *, worktree: bool, fmt: str, docx: bool,
         output: Path | None, by_clause: bool, show_all: bool, reasons_file: Path | None,
         map_file: Path | None, threshold: float | None, submission: str | None, force: bool) -> bool:
    """Do the comparison and print or write it; True when the versions differ."""
    from quyche.cli.console import out, stdout
    from quyche.diff.align import DEFAULT_THRESHOLD, article_infos
    from quyche.diff.compare import compare
    from quyche.diff.options import load_map, load_reasons, reason_for
    from quyche.diff.revisions import commit_messages, load_sides
    from quyche.fsutil import atomic_write_text

    cwd = Path.cwd()
    sides = load_sides(a, b, path, worktree=worktree, cwd=cwd)
    explicit = None
    if map_file is not None:
        explicit = load_map(map_file, article_infos(sides.old.regulation), article_infos(sides.new.regulation))
    result = compare(sides.old.regulation, sides.new.regulation, old_label=sides.old.label,
                     new_label=sides.new.label, threshold=threshold or DEFAULT_THRESHOLD, explicit=explicit)

    reasons_map = load_reasons(reasons_file) if reasons_file is not None else {}
    need_reasons = docx or reasons_file is not None
    commits = commit_messages(sides) if need_reasons and reasons_file is None else []
    reasons = [reason_for(c, reasons_map, commits) if need_reasons else None for c in result.changes]

    if docx:
        from quyche.render.docx.comparison import build_table, write_comparison_docx

        target = output or cwd / f"bang-so-sanh-{safe_name(sides.old.label)}-{safe_name(sides.new.label)}.docx"
        table = build_table(result, reasons, by_clause=by_clause, show_all=show_all, submission=submission)
        written = write_comparison_docx(table, target, overwrite=force, layout=_layout(sides.repo or cwd))
        from quyche.render.diffout.labels import summary_line

        out(summary_line(result.summary))
        rows = sum(1 for r in table.rows if r.kind == "article")
        out(f"Đã ghi bảng so sánh ({rows} dòng) vào {written}")
        missing = [c.key for c, r in zip(result.changes, reasons, strict=True)
                   if r is None and (c.status != "unchanged" or c.moved)]
        if missing:
            out(f"Chưa có lý do cho {len(missing)} Điều: {'; '.join(missing)}. "
                "Hãy ghi lý do vào tệp --reasons hoặc vào nội dung commit nhắc đến Điều đó.")
        return result.has_differences

    if fmt == "json":
        from quyche.render.diffout.json import render_json

        text = render_json(result, reasons={k: r for k, r in enumerate(reasons) if r} if reasons_file else None)
    elif fmt == "md":
        from quyche.render.diffout.markdown import render_markdown_diff

        text = render_markdown_diff(result, show_all=show_all)
    elif fmt == "html":
        from quyche.render.diffout.html import render_html_diff

        text = render_html_diff(result, show_all=show_all)
    else:
        from quyche.render.diffout.text import build, print_rich, to_plain

        lines = build(result, show_all=show_all, source=sides.relpath or "")
        console = stdout()
        if output is None and _use_color(console):
            print_rich(lines, console)
            return result.has_differences
        text = to_plain(lines)
    if output is not None:
        if output.exists() and not force:
            from quyche.errors import OutputExists

            raise OutputExists(output)
        atomic_write_text(output, text)
        out(f"Đã ghi kết quả so sánh vào {output}")
    else:
        import sys

        sys.stdout.write(text)
    return result.has_differences
