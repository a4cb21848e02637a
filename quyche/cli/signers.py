"""`quyche signers …`: add, list and retire the keys allowed to sign the steps of a round."""

from __future__ import annotations

import json
from pathlib import Path

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


def _commit_hint(paths: list[str], message: str) -> str:
    files = " ".join(paths)
    return ("Các tệp này thuộc quy trình: thay đổi chỉ có hiệu lực khi được commit có chữ ký của một khóa "
            f"đã có trong danh sách, và áp dụng từ vòng sửa đổi sau. Hãy chạy:\n"
            f"    git add {files}\n    git commit -S -m \"{message}\"")


@signers_app.command("add")
def add(
    email: str = typer.Argument(..., metavar="EMAIL", help="Địa chỉ email của người ký (tên trong danh sách)."),
    key: Path = typer.Argument(..., metavar="KHÓA.pub", help="Tệp khóa công khai SSH, ví dụ ~/.ssh/quyche.pub."),  # noqa: B008
    steps: list[str] = typer.Option([], "--steps", help="Chỉ các bước này mới do người này ký (ghi nhiều lần hoặc cách nhau bằng dấu phẩy)."),  # noqa: B008
) -> None:
    """Thêm khóa công khai của một người ký vào .quyche/allowed_signers."""
    from quyche.cli.console import out

    with handle_errors():
        from quyche.workflow.round import open_workspace
        from quyche.workflow.signers import add_signer

        ws = open_workspace(Path.cwd())
        names = [s.strip() for value in steps for s in value.split(",") if s.strip()]
        change = add_signer(ws, email, key, names)
    allowed = f" (được ký các bước: {', '.join(names)})" if names else ""
    out(f"Đã thêm khóa của {change.principal}{allowed}.")
    out(_commit_hint(change.paths, f"Thêm khóa ký của {change.principal}"))


@signers_app.command("retire")
def retire(
    email: str = typer.Argument(..., metavar="EMAIL", help="Người ký thôi nhiệm vụ."),
    date: str = typer.Option(..., "--date", help="Từ ngày này (NĂM-THÁNG-NGÀY) khóa không còn được ký."),
) -> None:
    """Thôi cho một người ký: khóa chỉ có giá trị với chữ ký trước ngày --date (dòng khóa được giữ lại)."""
    from quyche.cli.console import out

    with handle_errors():
        from quyche.workflow.round import open_workspace
        from quyche.workflow.signers import retire_signer

        ws = open_workspace(Path.cwd())
        change = retire_signer(ws, email, date)
    out(f"Khóa của {change.principal} chỉ còn giá trị với chữ ký trước ngày {change.detail}; "
        "các bước đã ký trước đó vẫn được kiểm tra.")
    out(_commit_hint(change.paths, f"Thôi cho {change.principal} ký từ {change.detail}"))


@signers_app.command("list")
def list_(
    fmt: str = typer.Option("text", "--format", help="text hoặc json."),
) -> None:
    """Liệt kê người ký, khóa, hạn hiệu lực và các bước từng người được ký."""
    from quyche.cli.console import out

    check_format(fmt, ("text", "json"))
    with handle_errors():
        from quyche.workflow.round import open_workspace
        from quyche.workflow.signers import list_signers

        ws = open_workspace(Path.cwd())
        rows = list_signers(ws)
    if fmt == "json":
        out(json.dumps([{"principals": list(r.principals), "key_type": r.key_type, "fingerprint": r.fingerprint,
                         "valid_before": r.valid_before or None, "steps": list(r.steps), "line": r.line}
                        for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        out("Chưa có khóa nào được phép ký. Thêm bằng: quyche signers add EMAIL ~/.ssh/quyche.pub")
        return
    every = len(ws.procedure.steps)
    for r in rows:
        until = f", hết hiệu lực từ {r.valid_before}" if r.valid_before else ""
        steps = "mọi bước" if len(r.steps) == every else (", ".join(r.steps) or "không bước nào")
        out(f"{', '.join(r.principals)}  {r.key_type} {r.fingerprint}{until}\n    được ký: {steps}")
