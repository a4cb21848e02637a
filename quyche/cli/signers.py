"""`quyche signers …`: add, list and retire the keys allowed to sign the steps of a round."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from quyche.cli.errors import check_format, handle_errors
from quyche.cli.localise import QuycheTyper

signers_app = QuycheTyper(
    name="signers",
    help="Danh sách khóa được phép ký các bước (.quyche/allowed_signers).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def register(app: typer.Typer) -> None:
    """Add `signers` and its subcommands to the application."""
    app.add_typer(signers_app)


def _show(done: Any) -> None:
    from quyche.cli.console import out

    for line in done.lines:
        out(line)


@signers_app.command("add")
def add(
    email: str = typer.Argument(..., metavar="EMAIL", help="Địa chỉ email của người ký (tên trong danh sách)."),
    key: Path = typer.Argument(..., metavar="KHÓA.pub", help="Tệp khóa công khai SSH, ví dụ ~/.ssh/quyche.pub."),  # noqa: B008
    steps: list[str] = typer.Option([], "--steps", help="Chỉ các bước này mới do người này ký (ghi nhiều lần hoặc cách nhau bằng dấu phẩy)."),  # noqa: B008
) -> None:
    """Thêm khóa công khai của một người ký vào .quyche/allowed_signers."""
    with handle_errors():
        from quyche.commands import signers as cmd

        done = cmd.add(Path.cwd(), email, key, steps)
    _show(done)


@signers_app.command("retire")
def retire(
    email: str = typer.Argument(..., metavar="EMAIL", help="Người ký thôi nhiệm vụ."),
    date: str = typer.Option(..., "--date", help="Từ ngày này (NĂM-THÁNG-NGÀY) khóa không còn được ký."),
) -> None:
    """Thôi cho một người ký: khóa chỉ có giá trị với chữ ký trước ngày --date (dòng khóa được giữ lại)."""
    with handle_errors():
        from quyche.commands import signers as cmd

        done = cmd.retire(Path.cwd(), email, date)
    _show(done)


@signers_app.command("list")
def list_(
    fmt: str = typer.Option("text", "--format", help="text hoặc json."),
) -> None:
    """Liệt kê người ký, khóa, hạn hiệu lực và các bước từng người được ký."""
    check_format(fmt, ("text", "json"))
    with handle_errors():
        from quyche.commands import signers as cmd

        done = cmd.list_(Path.cwd(), fmt)
    _show(done)
