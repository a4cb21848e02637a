"""`quyche template update`: bring the regulation up to a newer version of its template."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quyche.cli.console import out
from quyche.cli.errors import ExitCode, fail, handle_errors
from quyche.cli.localise import QuycheTyper

if TYPE_CHECKING:
    from collections.abc import Callable

    from quyche.scaffold.answers import Asker
    from quyche.scaffold.template import Variable
    from quyche.scaffold.update import UpdatePlan, UpdateStatus


def _print_status(status: UpdateStatus) -> None:
    out(f"Mẫu {status.name}, phiên bản đang dùng {status.version}"
        + (f"; phiên bản mới nhất {status.latest}." if status.latest else "; không tìm thấy thư mục mẫu."))
    if status.conflicts:
        out(f"Còn {len(status.conflicts)} chỗ xung đột chưa giải quyết:")
        for site in status.conflicts:
            out(f"  {site.path}:{site.line}: {site.where or 'ngoài các điều'}")
        out("Ở mỗi chỗ: giữ một cách viết (hoặc viết lại), xóa các dòng <<<<<<<, =======, >>>>>>>; "
            "rồi chạy `quyche check`.")
    elif status.latest and status.latest != status.version:
        out(f"Có phiên bản mới: chạy `quyche template update --dry-run` để xem thay đổi, "
            f"rồi `quyche template update` để cập nhật lên {status.latest}.")
    else:
        out("Đã cập nhật: quy chế theo phiên bản mới nhất của mẫu, không còn chỗ xung đột.")


def _print_plan(plan: UpdatePlan, *, dry_run: bool) -> None:
    from quyche.diff.merge import ACTION_TEXT

    if plan.old_version == plan.new.version and not plan.changes_text:
        out(f"{plan.regulation} đã theo mẫu {plan.new.name} phiên bản {plan.new.version}: không có gì để cập nhật.")
        return
    verb = "Sẽ cập nhật" if dry_run else "Đã cập nhật"
    out(f"{verb} {plan.regulation} từ mẫu {plan.new.name} phiên bản {plan.old_version} lên {plan.new.version}.")
    if plan.asked:
        out(f"  Câu trả lời mới: {', '.join(f'{k}={plan.answers[k]}' for k in plan.asked)}")
    changed = plan.merge.changed
    if not changed and not plan.changes_text:
        out("  Lời văn không thay đổi.")
    for outcome in changed:
        title = f" {outcome.title}" if outcome.title else ""
        detail = f" ({outcome.detail})" if outcome.detail else ""
        out(f"  {outcome.label}.{title}: {ACTION_TEXT[outcome.action]}{detail}")
    kept = [o for o in plan.merge.outcomes if o.action in ("ours", "kept")]
    if kept:
        out(f"  Giữ lời văn của đơn vị ở {len(kept)} phần: {', '.join(o.label for o in kept)}.")
    for note in plan.merge.notes:
        out(f"  Lưu ý: {note}")


def _asking_new_questions() -> Asker:
    """The prompt of `new`, announced once: only the questions the new version adds are asked."""
    from quyche.cli.new import ask_answer

    announced: list[bool] = []

    def ask(var: Variable, question: str, default: str | None, validate: Callable[[str], str]) -> str:
        if not announced:
            out("Phiên bản mới của mẫu có câu hỏi mới (Enter để nhận giá trị trong ngoặc vuông; * là bắt buộc).")
            announced.append(True)
        return ask_answer(var, question, default, validate)

    return ask


def register(app: typer.Typer) -> None:
    """Add `template update` to the application."""
    sub = QuycheTyper(
        help="Làm việc với mẫu gốc của quy chế: `quyche template update` đưa phiên bản mới của mẫu vào quy chế.",
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode=None,
    )

    @sub.command(
        "update",
        help=(
            "Cập nhật quy chế theo phiên bản mới của mẫu, hợp nhất ba bên theo từng điều, khoản, điểm: "
            "phần đơn vị không sửa nhận lời văn mới, phần chỉ đơn vị sửa được giữ, phần cả hai cùng sửa "
            "được ghi cả hai cách viết để chọn (quyche check báo lỗi QC504 cho đến khi giải quyết xong)."
        ),
    )
    def update(
        to: Annotated[str | None, typer.Option("--to", metavar="PHIÊN_BẢN", help="Phiên bản đích (mặc định: mới nhất).")] = None,
        dry_run: Annotated[bool, typer.Option("--dry-run", help="Chỉ in những gì sẽ thay đổi, không ghi tệp.")] = False,
        answers: Annotated[Path | None, typer.Option(
            "--answers", help="Tệp YAML trả lời các câu hỏi mới của mẫu (tên_biến: giá trị).")] = None,
        set_: Annotated[list[str] | None, typer.Option(
            "--set", metavar="TÊN=GIÁ_TRỊ", help="Trả lời trước một câu hỏi mới của mẫu; dùng nhiều lần được.")] = None,
        no_input: Annotated[bool, typer.Option(
            "--no-input", help="Không hỏi: câu hỏi mới nhận giá trị mặc định; báo lỗi nếu bắt buộc mà chưa có.")] = False,
        status: Annotated[bool, typer.Option(
            "--status", help="Cho biết phiên bản mẫu đang dùng, phiên bản mới nhất và các chỗ xung đột còn lại.")] = False,
        docx: Annotated[Path | None, typer.Option(
            "--docx", metavar="TỆP.docx", help="Ghi bảng so sánh của lần cập nhật (bản hiện hành → bản sau cập nhật).")] = None,
        force: Annotated[bool, typer.Option("--force", help="Ghi đè tệp --docx đã có.")] = False,
    ) -> None:
        if docx is not None and docx.suffix.lower() != ".docx":
            raise fail(f"{docx}: bảng so sánh phải ghi vào tệp có đuôi .docx, ví dụ --docx cap-nhat-mau.docx.")
        cwd = Path.cwd()
        if status:
            with handle_errors():
                from quyche.scaffold.update import update_status

                report = update_status(cwd)
            _print_status(report)
            if report.conflicts:
                raise typer.Exit(ExitCode.FINDINGS)
            return
        with handle_errors():
            from quyche.scaffold.answers import load_answers_file, parse_set_options
            from quyche.scaffold.update import apply_update, plan_update, write_update_comparison

            preset: dict[str, str] = {}
            if answers is not None:
                preset.update(load_answers_file(answers))
            preset.update(parse_set_options(set_ or []))
            plan = plan_update(cwd, to=to, preset=preset, ask=None if no_input else _asking_new_questions())
            if docx is not None:
                write_update_comparison(plan, docx, overwrite=force)
            if not dry_run:
                apply_update(plan)
        _print_plan(plan, dry_run=dry_run)
        if docx is not None:
            out(f"Đã ghi bảng so sánh: {docx}")
        if plan.renumbered:
            out(f"  Đánh lại số và sửa dẫn chiếu theo số mới: {plan.renumbered} chỗ (như `quyche renumber`).")
        for ref in plan.unresolved:
            out(f"  Dẫn chiếu không xác định được, giữ nguyên: {ref}")
        for gap in plan.numbering:
            out(f"  Số điều cần đánh lại ({plan.regulation}:{gap.span.line}): {gap.message}")
        if plan.numbering and plan.merge.conflicts:
            out("  Sau khi giải quyết xung đột, chạy `quyche renumber` để đánh lại số và sửa dẫn chiếu.")
        if plan.merge.conflicts:
            verb = "Sẽ có" if dry_run else "Còn"
            out(f"{verb} {plan.merge.conflicts} chỗ xung đột (giữa các dòng <<<<<<< và >>>>>>>): giữ một cách viết, "
                "xóa các dòng đánh dấu; `quyche template update --status` liệt kê các chỗ còn lại.")
            raise typer.Exit(ExitCode.FINDINGS)
        if not dry_run:
            out("Bước tiếp theo: đọc lại quy chế, chạy `quyche check`, rồi commit (trong vòng sửa đổi: "
                "`quyche round step du-thao`).")

    app.add_typer(sub, name="template")
