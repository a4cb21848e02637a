"""`quyche new DIR --from-template NAME|PATH`: a regulation repository from a model template."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quyche.cli.completion import template_names
from quyche.cli.console import err, out
from quyche.cli.errors import handle_errors

if TYPE_CHECKING:
    from quyche.scaffold.template import Variable


def _printable(text: str) -> str:
    """Template text without control characters: a template may not drive the terminal."""
    return "".join(ch for ch in text if ch in "\t" or not (ord(ch) < 32 or 127 <= ord(ch) < 160))


def ask_answer(var: Variable, question: str, default: str | None, validate: Callable[[str], str]) -> str:
    """Ask until the answer passes the template's validation."""
    from quyche.cli.messages import message_for
    from quyche.errors import AnswerError

    text = _printable(question)
    if var.choices:
        text += f" ({' / '.join(var.choices)})"
    if var.required:
        text += " *"
    while True:
        raw = typer.prompt(text, default=_printable(default or ""), show_default=bool(default))
        try:
            return validate(str(raw))
        except AnswerError as exc:
            err(message_for(exc))


def register(app: typer.Typer) -> None:
    """Add `new` to the application."""

    @app.command(
        "new",
        help=(
            "Tạo kho quy chế mới từ một mẫu: tệp quy chế, quyche.yaml, README, CI, hook kiểm tra, "
            "rồi khởi tạo git và commit đầu tiên (có chữ ký nếu git của bạn đặt commit.gpgsign)."
        ),
    )
    def new(
        dest: Annotated[Path, typer.Argument(help="Thư mục kho quy chế sẽ tạo (phải trống, trừ khi dùng --force).")],
        from_template: str = typer.Option(
            ..., "--from-template", "-t", autocompletion=template_names,
            help="Tên mẫu có sẵn (xem `quyche templates`) hoặc đường dẫn tới thư mục mẫu riêng.",
        ),
        set_: Annotated[list[str] | None, typer.Option(
            "--set", metavar="TÊN=GIÁ_TRỊ", help="Trả lời trước một câu hỏi của mẫu; dùng nhiều lần được.",
        )] = None,
        answers: Annotated[Path | None, typer.Option(
            "--answers", help="Tệp YAML chứa các câu trả lời (tên_biến: giá trị).")] = None,
        no_input: bool = typer.Option(
            False, "--no-input", help="Không hỏi: dùng giá trị mặc định; báo lỗi nếu biến bắt buộc chưa có giá trị.",
        ),
        force: bool = typer.Option(False, "--force", help="Cho phép tạo trong thư mục đã có tệp (ghi đè tệp trùng tên)."),
        template_version: str | None = typer.Option(
            None, "--template-version", metavar="PHIÊN_BẢN",
            help="Dùng một phiên bản cũ hơn của mẫu (xem `quyche templates show TÊN`); mặc định: bản mới nhất.",
        ),
    ) -> None:
        with handle_errors():
            from quyche.scaffold.answers import load_answers_file, parse_set_options
            from quyche.scaffold.locate import find_template_dir
            from quyche.scaffold.scaffold import scaffold
            from quyche.scaffold.template import load_template, load_template_version

            folder, builtin = find_template_dir(from_template)
            template = (load_template_version(folder, template_version, builtin=builtin) if template_version
                        else load_template(folder, builtin=builtin))
            preset: dict[str, str] = {}
            if answers is not None:
                preset.update(load_answers_file(answers))
            preset.update(parse_set_options(set_ or []))
            if not no_input and any(v.name not in preset for v in template.variables):
                out(_printable(f"Tạo quy chế từ mẫu `{template.name}`: {template.description}"))
                out("Trả lời các câu hỏi sau (Enter để nhận giá trị trong ngoặc vuông; * là bắt buộc).")
            result = scaffold(dest, template, preset=preset, ask=None if no_input else ask_answer, force=force)
        signed = " (có chữ ký)" if result.signed else ""
        out(f"Đã tạo kho quy chế tại {result.dest} từ mẫu `{template.name}` (phiên bản {template.version}).")
        out(f"  Tệp quy chế: {result.dest / result.regulation}")
        out(f"  Commit đầu tiên: {result.commit[:10]}{signed} trên nhánh {result.branch or 'hiện tại'}.")
        out("Bước tiếp theo: mở tệp quy chế để chỉnh sửa cho đơn vị, rồi chạy `quyche check` trong thư mục "
            "kho; đọc README.md trong kho để biết cách so sánh và ghi vết sửa đổi.")
