"""`quyche help [CHỦ-ĐỀ]` prints a user guide; `quyche rules [MÃ]` lists the rules or shows one."""

from __future__ import annotations

from typing import Annotated

import typer

from quyche.cli.errors import fail


def register(app: typer.Typer) -> None:
    """Add `help` and `rules` to the application."""

    @app.command("help")
    def help_command(
        topic: Annotated[str | None, typer.Argument(metavar="CHỦ-ĐỀ", help="Chủ đề, ví dụ format, round, diff.")] = None,
    ) -> None:
        """Hướng dẫn sử dụng (đi kèm bộ cài): cách viết quy chế, cấu hình, vòng sửa đổi…"""
        from quyche.cli.console import out
        from quyche.guides import TOPICS, guide_text

        if topic is None:
            for name, (_file, about) in TOPICS.items():
                out(f"{name:<14} {about}")
            out("Xem một chủ đề: quyche help CHỦ-ĐỀ (ví dụ quyche help round).")
            return
        text = guide_text(topic)
        if text is None:
            raise fail(f"Không có hướng dẫn `{topic}`. Các chủ đề: {', '.join(TOPICS)}.")
        out(text.rstrip("\n"))

    @app.command("rules")
    def rules_command(
        code: Annotated[str | None, typer.Argument(metavar="MÃ", help="Mã quy tắc, ví dụ QC102.")] = None,
    ) -> None:
        """Các quy tắc của `quyche check`; kèm MÃ: vì sao, ví dụ sai và đúng của quy tắc đó."""
        from quyche.check.docs import rule_page, rules_index
        from quyche.cli.console import out

        if code is None:
            out(rules_index().rstrip("\n"))
            return
        page = rule_page(code)
        if page is None:
            raise fail(f"Không có quy tắc `{code}`. Xem danh sách: quyche rules.")
        out(page.rstrip("\n"))
