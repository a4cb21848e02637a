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


_BLANK_FIX = {
    "Tên vòng sửa đổi": "Hãy ghi tên vòng trong ngoặc kép, ví dụ: quyche round start \"Sửa đổi, bổ sung Quy chế làm việc năm 2026\".",
    "Tên bước": "Hãy ghi tên bước, ví dụ: quyche round step bao-cao-thuc-hien (xem các bước bằng `quyche round status`).",
    "--id": "Hãy ghi mã vòng (chữ không dấu, số, dấu - và dấu chấm, ví dụ 2026-01) hoặc bỏ --id để quyche tự đặt.",
    "--date": "Hãy ghi ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-03-05, hoặc bỏ --date.",
    "--message": "Hãy ghi nội dung ghi chú hoặc bỏ -m/--message.",
    "--round": "Hãy ghi mã vòng (ví dụ 2026-01; xem `quyche round log`) hoặc bỏ --round để dùng vòng đang mở hoặc vòng gần nhất.",
    "--from": "Hãy ghi tên cơ quan, đơn vị, cá nhân góp ý, hoặc bỏ --from để dùng tên trên phiếu hoặc tác giả bình luận.",
}
"""What to write instead of a blank argument, by the argument's name."""


def _refuse_blank(values: dict[str, str | None]) -> None:
    """Refuse at once an argument given empty or as spaces only (one line, exit 2), before any
    repository is read: `{"--round": round_id}`. A value not given (None) is fine."""
    for name, value in values.items():
        if value is not None and not value.strip():
            raise fail(f"{name} trống. {_BLANK_FIX[name]}")


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
    _refuse_blank({"Tên vòng sửa đổi": title, "--id": round_id, "--date": date, "--message": message})
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
    _refuse_blank({"Tên bước": name, "--date": date, "--message": message})
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
    _refuse_blank({"--round": round_id})
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
    _refuse_blank({"--round": round_id})
    fmt = _format(fmt)
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.log(Path.cwd(), round_id, fmt)
    _show(done)


comments_app = QuycheTyper(name="comments", rich_markup_mode=None, invoke_without_command=True,
                           help="Ý kiến góp ý của vòng: liệt kê ý kiến chưa trả lời; `import` nhập ý kiến từ tệp Word.")
round_app.add_typer(comments_app)


@comments_app.callback()
def comments(
    ctx: typer.Context,
    round_id: str | None = typer.Option(None, "--round", help=ROUND_OPTION_HELP),
) -> None:
    """Liệt kê các ý kiến góp ý chưa có nội dung tiếp thu, giải trình và các ý kiến ghi điều không có trong dự thảo.

    Mã thoát 0 khi mọi ý kiến đã được tiếp thu, giải trình và đều chỉ đúng điều có trong dự thảo
    (hoặc đề nghị điều mới: `article: mới`); 1 khi còn ý kiến chưa trả lời hoặc ghi điều không có
    (để CI dừng lại). `quyche round comments import TỆP.docx` nhập ý kiến từ tệp Word.
    """
    _refuse_blank({"--round": round_id})
    if ctx.invoked_subcommand is not None:
        return
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.comments(Path.cwd(), round_id)
    _show(done)


@comments_app.command("import")
def comments_import(
    files: list[Path] = typer.Argument(..., metavar="TỆP.docx…", help="Tệp Word góp ý: dự thảo có bình luận, sửa đổi có theo dõi, hoặc phiếu góp ý đã điền."),  # noqa: B008
    from_: str | None = typer.Option(None, "--from", help="Cơ quan, đơn vị, cá nhân góp ý (mặc định: tên trên phiếu hoặc tác giả bình luận)."),
    date: str | None = typer.Option(None, "--date", help="Ngày góp ý (NĂM-THÁNG-NGÀY; mặc định ngày ghi trong tệp)."),
    round_id: str | None = typer.Option(None, "--round", help=ROUND_OPTION_HELP),
    force: bool = typer.Option(False, "--force", help="Nhập cả tệp lập từ dự thảo cũ hơn dự thảo hiện tại."),
) -> None:
    """Nhập ý kiến từ tệp Word: bình luận, sửa đổi có theo dõi, phiếu góp ý → vong/<mã>/gop-y/<đơn-vị>.yaml.

    Nhập lại cùng tệp không thay đổi gì; ý kiến đã có ở tệp YAML (kể cả response/explanation
    văn phòng đã ghi) được giữ nguyên, chỉ thêm ý kiến mới.
    """
    _refuse_blank({"--from": from_, "--date": date, "--round": round_id})
    if date is not None:
        import datetime as dt

        try:
            date = dt.date.fromisoformat(date).isoformat()
        except ValueError:
            raise fail(f"--date `{date}` không hợp lệ. Hãy ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-03-05.") from None
    for path in files:
        if not path.is_file():
            raise fail(f"{path}: không có tệp này. Hãy kiểm tra đường dẫn tệp góp ý.")
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.import_comments(Path.cwd(), [p.resolve() for p in files], round_id=round_id, from_=from_,
                                   date=date, force=force)
    _show(done)


def _report(kind: str, round_id: str | None, output: Path | None, force: bool) -> None:
    _refuse_blank({"--round": round_id})
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


@round_app.command("draft")
def draft(
    form: bool = typer.Option(False, "--form", help="Lập phiếu góp ý (mỗi điều một hàng) thay cho toàn văn dự thảo."),
    round_id: str | None = typer.Option(None, "--round", help=ROUND_OPTION_HELP),
    output: Path | None = _REPORT_OUTPUT,
    force: bool = _REPORT_FORCE,
) -> None:
    """Lập dự thảo gửi lấy ý kiến (DOCX có dấu trang ở mỗi điều, khoản, điểm) hoặc phiếu góp ý (--form)."""
    _refuse_blank({"--round": round_id})
    with handle_errors():
        from quyche.commands import round as cmd

        done = cmd.draft(Path.cwd(), round_id, form=form, output=output, force=force)
    _show(done)
