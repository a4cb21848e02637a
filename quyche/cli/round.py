"""`quyche round …`: parse the arguments, call quyche.commands.round, print what it returns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from quyche.cli.completion import step_names
from quyche.cli.errors import fail, handle_errors
from quyche.cli.localise import QuycheTyper

round_app = QuycheTyper(
    name="round",
    help="Vòng sửa đổi, bổ sung quy chế: mỗi bước là một commit có chữ ký số.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
report_app = QuycheTyper(name="report", help="Lập văn bản của vòng sửa đổi (DOCX).", no_args_is_help=True,
                         rich_markup_mode=None)
round_app.add_typer(report_app)

ROUND_OPTION_HELP = "Mã vòng (mặc định vòng đang mở hoặc vòng gần nhất)."


def register(app: typer.Typer) -> None:
    """Add `round` and its subcommands to the application."""
    app.add_typer(round_app)


def _parse_members(values: list[str]) -> list[Any]:
    from quyche.workflow.round import Member

    members = []
    for value in values:
        parts = [p.strip() for p in value.split("=")]
        if not parts[0]:
            raise fail(f"--member `{value}`: thiếu họ tên. Ghi theo dạng \"Họ tên=Nhiệm vụ=Đơn vị\".")
        members.append(Member(parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""))
    return members


def _parse_plans(values: list[str]) -> dict[str, str]:
    plans: dict[str, str] = {}
    for value in values:
        step, sep, day = value.partition("=")
        if not sep or not step.strip() or not day.strip():
            raise fail(f"--plan `{value}`: ghi theo dạng TÊN-BƯỚC=NĂM-THÁNG-NGÀY, ví dụ du-thao=2026-03-01.")
        plans[step.strip()] = day.strip()
    return plans


def _format(fmt: str) -> str:
    if fmt not in ("text", "json"):
        raise fail(f"--format `{fmt}` không hợp lệ; chỉ nhận text hoặc json.")
    return fmt


def _show(done: Any) -> None:
    """Print a command's lines; a command that found something exits 1."""
    from quyche.cli.console import out

    for line in done.lines:
        out(line)
    if done.code:
        raise typer.Exit(done.code)


@round_app.command("start")
def start(
    title: str = typer.Argument(..., metavar="TÊN_VÒNG", help="Tên vòng sửa đổi, ví dụ \"Sửa đổi, bổ sung Quy chế làm việc năm 2026\"."),
    round_id: str | None = typer.Option(None, "--id", help="Mã vòng (mặc định NĂM-STT, ví dụ 2026-01)."),
    date: str | None = typer.Option(None, "--date", help="Ngày quyết định thành lập tổ công tác (NĂM-THÁNG-NGÀY; mặc định hôm nay)."),
    member: list[str] = typer.Option([], "--member", help="Thành viên tổ công tác: \"Họ tên=Nhiệm vụ=Đơn vị\" (nhắc lại cho từng người)."),  # noqa: B008
    plan: list[str] = typer.Option([], "--plan", help="Ngày dự kiến của một bước: TÊN-BƯỚC=NĂM-THÁNG-NGÀY."),  # noqa: B008
    message: str | None = typer.Option(None, "-m", "--message", help="Ghi chú thêm vào commit."),
    no_sign: bool = typer.Option(False, "--no-sign", help="Không ký số (chỉ khi quy trình cho phép)."),
) -> None:
    """Mở vòng sửa đổi: tạo thư mục vong/<mã>/round.yaml và ghi bước đầu tiên."""
    members, plans = _parse_members(member), _parse_plans(plan)
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.start(Path.cwd(), title, round_id=round_id, date=date, members=members, planned=plans,
                         message=message, sign=not no_sign)
    _show(done)


@round_app.command("step")
def step(
    name: str = typer.Argument(..., metavar="BƯỚC", help="Tên bước (xem `quyche round status`).",
                               autocompletion=step_names),
    date: str | None = typer.Option(None, "--date", help="Ngày họp / ngày thực hiện bước (NĂM-THÁNG-NGÀY). Bắt buộc ở các bước họp (Thường trực, Ban Thường vụ, Ban Chấp hành); ở bước khác, mặc định hôm nay."),
    message: str | None = typer.Option(None, "-m", "--message", help="Ghi chú thêm vào commit."),
    no_sign: bool = typer.Option(False, "--no-sign", help="Không ký số (chỉ khi quy trình cho phép)."),
) -> None:
    """Ghi bước tiếp theo của vòng sửa đổi thành một commit có chữ ký số."""
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.step(Path.cwd(), name, date=date, message=message, sign=not no_sign)
    _show(done)


@round_app.command("status")
def status(
    round_id: str | None = typer.Option(None, "--round", help=ROUND_OPTION_HELP),
    fmt: str = typer.Option("text", "--format", help="text hoặc json."),
) -> None:
    """Tiến độ của vòng sửa đổi: các bước đã làm, bước tiếp theo, ngày và người ký."""
    fmt = _format(fmt)
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.status(Path.cwd(), round_id, fmt)
    _show(done)


@round_app.command("log")
def log(
    round_id: str | None = typer.Option(None, "--round", help="Chỉ vòng này (mặc định mọi vòng)."),
    fmt: str = typer.Option("text", "--format", help="text hoặc json."),
) -> None:
    """Các commit ghi bước của vòng sửa đổi, kèm tình trạng chữ ký số."""
    fmt = _format(fmt)
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.log(Path.cwd(), round_id, fmt)
    _show(done)


@round_app.command("comments")
def comments(
    round_id: str | None = typer.Option(None, "--round", help=ROUND_OPTION_HELP),
) -> None:
    """Liệt kê các ý kiến góp ý chưa có nội dung tiếp thu, giải trình và các ý kiến ghi điều không có trong dự thảo.

    Mã thoát 0 khi mọi ý kiến đã được tiếp thu, giải trình và đều chỉ đúng điều có trong dự thảo
    (hoặc đề nghị điều mới: `article: mới`); 1 khi còn ý kiến chưa trả lời hoặc ghi điều không có
    (để CI dừng lại).
    """
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.comments(Path.cwd(), round_id)
    _show(done)


def _report(kind: str, round_id: str | None, output: Path | None, force: bool) -> None:
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.report(Path.cwd(), kind, round_id, output, force)
    _show(done)


_REPORT_ROUND = typer.Option(None, "--round", help=ROUND_OPTION_HELP)
_REPORT_OUTPUT = typer.Option(None, "-o", "--output", help="Tệp DOCX (mặc định trong thư mục vòng).")
_REPORT_FORCE = typer.Option(False, "--force", help="Ghi đè tệp đã có.")


@report_app.command("comments")
def report_comments(round_id: str | None = _REPORT_ROUND, output: Path | None = _REPORT_OUTPUT,
                    force: bool = _REPORT_FORCE) -> None:
    """Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý (DOCX)."""
    _report("comments", round_id, output, force)


@report_app.command("submission")
def report_submission(round_id: str | None = _REPORT_ROUND, output: Path | None = _REPORT_OUTPUT,
                      force: bool = _REPORT_FORCE) -> None:
    """Tờ trình đề nghị sửa đổi, bổ sung quy chế (DOCX)."""
    _report("submission", round_id, output, force)


@report_app.command("proposals")
def report_proposals(round_id: str | None = _REPORT_ROUND, output: Path | None = _REPORT_OUTPUT,
                     force: bool = _REPORT_FORCE) -> None:
    """Biểu tổng hợp nội dung đề nghị sửa đổi, bổ sung (DOCX)."""
    _report("proposals", round_id, output, force)
