"""`quyche diff`: compare two versions article by article; `--docx` writes the comparison table."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from quyche.cli.errors import ExitCode, fail, handle_errors

FORMATS = ("text", "md", "json", "html")


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
        reasons_file: Annotated[Path | None, typer.Option("--reasons", help="Tệp YAML lý do sửa đổi theo số hoặc mã Điều, hoặc round.yaml của vòng sửa đổi (trong vòng sửa đổi, mặc định là round.yaml của vòng).")] = None,
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
        from quyche.cli.console import out, stdout

        console = stdout()
        with handle_errors():
            from quyche.commands.diff import DiffRequest, run_diff

            request = DiffRequest(a, b, path, worktree=worktree, fmt=fmt, docx=docx, output=output,
                                  by_clause=by_clause, show_all=show_all, reasons_file=reasons_file,
                                  map_file=map_file, threshold=limit, submission=submission, force=force,
                                  styled=_use_color(console))
            done = run_diff(request, Path.cwd())
        if done.styled_lines is not None:
            from quyche.render.diffout.text import print_rich

            print_rich(done.styled_lines, console)
        elif done.text is not None:
            import sys

            sys.stdout.write(done.text)
        for line in done.lines:
            out(line)
        if exit_code and done.differs:
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
