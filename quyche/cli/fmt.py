"""`quyche fmt`: rewrite regulation files into the one canonical layout (like black)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quyche.cli.errors import ExitCode, handle_errors


def unified_diff(path: Path, before: str, after: str) -> str:
    """The change from `before` to `after` as `git diff` shows it (fmt and renumber --diff)."""
    import difflib

    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"a/{path.as_posix()}", tofile=f"b/{path.as_posix()}",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def run_fmt(paths: list[Path], *, check: bool, diff: bool) -> int:
    """Format (or only inspect) every file; the exit code as in black."""
    from quyche.cli.console import err
    from quyche.cli.messages import exit_code_for, message_for
    from quyche.discover import find_regulations
    from quyche.errors import QuycheError, Unwritable
    from quyche.fsutil import atomic_write_text
    from quyche.render.markdown import format_file

    files = find_regulations(paths)
    if not files:
        err("Không tìm thấy tệp quy chế nào. Hãy chỉ ra tệp .md cần định dạng, ví dụ: quyche fmt quy-che.md")
        return int(ExitCode.INPUT)
    changed: list[Path] = []
    failed = 0
    worst = ExitCode.OK
    for path in files:
        try:
            result = format_file(path)
        except QuycheError as exc:
            err(message_for(exc))
            failed += 1
            worst = max(worst, exit_code_for(exc))
            continue
        if not result.changed:
            continue
        changed.append(path)
        if diff:
            text = unified_diff(path, result.before, result.after)
            typer.echo(text or f"# {path}: chỉ khác về mã hóa (NFC, BOM hoặc CRLF)", nl=not text)
        if check or diff:
            err(f"Cần định dạng lại: {path}")
        else:
            try:
                atomic_write_text(path, result.after)
            except (OSError, Unwritable) as exc:
                error = exc if isinstance(exc, Unwritable) else Unwritable(path, problem=exc.strerror or type(exc).__name__)
                err(message_for(error))
                failed += 1
                worst = max(worst, exit_code_for(error))
                changed.pop()
                continue
            err(f"Đã định dạng lại: {path}")
    err(_summary(len(files), len(changed), failed, write=not (check or diff)))
    if worst != ExitCode.OK:
        return int(worst)
    if check and changed:
        return int(ExitCode.FINDINGS)
    return int(ExitCode.OK)


def _summary(total: int, changed: int, failed: int, *, write: bool) -> str:
    parts = []
    if changed:
        parts.append(f"{changed} tệp {'đã được định dạng lại' if write else 'cần định dạng lại'}")
    parts.append(f"{total - changed - failed} tệp đã đúng định dạng")
    if failed:
        parts.append(f"{failed} tệp không đọc được nên được giữ nguyên")
    text = ", ".join(parts) + "."
    if changed and not write:
        text += " Chạy `quyche fmt` để định dạng lại."
    return text


def register(app: typer.Typer) -> None:
    """Add the `fmt` command."""

    @app.command("fmt")
    def fmt(
        paths: Annotated[list[Path] | None, typer.Argument(
            help="Tệp hoặc thư mục; mặc định: mọi tệp quy chế của kho.", show_default=False)] = None,
        check: Annotated[bool, typer.Option(
            "--check", help="Không sửa tệp; thoát với mã 1 nếu có tệp chưa đúng định dạng.")] = False,
        diff: Annotated[bool, typer.Option(
            "--diff", help="Không sửa tệp; in ra những thay đổi sẽ thực hiện.")] = False,
    ) -> None:
        """Định dạng lại tệp quy chế theo một bố cục chuẩn (giữ nguyên nội dung)."""
        with handle_errors():
            code = run_fmt(list(paths or []), check=check, diff=diff)
        raise typer.Exit(code)
