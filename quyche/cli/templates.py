"""`quyche templates` lists the model templates; `quyche templates show NAME` details one."""

from __future__ import annotations

import json
from typing import Any

import typer

from quyche.cli.console import out
from quyche.cli.errors import ExitCode, fail, handle_errors
from quyche.cli.localise import QuycheTyper
from quyche.schema import versioned

_FORMATS = ("text", "json")
_SHOW_FORMATS = ("text", "json", "yaml")


def _model_text(model: Any) -> str:
    if model is None:
        return "(không theo mẫu của cấp trên)"
    title = f" ({model.title})" if model.title else ""
    return f"{model.number} ngày {model.date} của {model.issuer}{title}"


def _versions_text(template: Any) -> str:
    """"2.0.0 (trước đó: 1.0.0)"."""
    older = [v for v in template.versions if v != template.version]
    return template.version + (f" (trước đó: {', '.join(older)})" if older else "")


def _check_format(fmt: str, allowed: tuple[str, ...] = _FORMATS) -> None:
    if fmt not in allowed:
        raise fail(f"--format chỉ nhận: {', '.join(allowed)}.", ExitCode.INPUT)


def register(app: typer.Typer) -> None:
    """Add `templates` (and `templates show`) to the application."""
    sub = QuycheTyper(
        help="Danh sách mẫu quy chế có sẵn; `quyche templates show TÊN` xem các biến và các điều bắt buộc.",
        invoke_without_command=True,
        no_args_is_help=False,
        add_completion=False,
        rich_markup_mode=None,
    )

    @sub.callback()
    def list_templates(
        ctx: typer.Context,
        fmt: str = typer.Option("text", "--format", help="Định dạng: text hoặc json."),
    ) -> None:
        if ctx.invoked_subcommand is not None:
            return
        _check_format(fmt)
        with handle_errors():
            from quyche.scaffold.locate import builtin_names, builtin_root
            from quyche.scaffold.template import load_template

            root = builtin_root()
            templates = [load_template(root / name, builtin=True) for name in builtin_names(root)]
        if fmt == "json":
            out(json.dumps(versioned({"templates": [
                {"name": t.name, "description": t.description, "version": t.version,
                 "versions": list(t.versions),
                 "model": None if t.model is None else {"number": t.model.number, "date": t.model.date,
                                                        "issuer": t.model.issuer, "title": t.model.title}}
                for t in templates
            ]}), ensure_ascii=False, indent=2))
            return
        width = max(len(t.name) for t in templates)
        for t in templates:
            out(f"{t.name.ljust(width)}  {t.description}")
            out(f"{' ' * width}  Theo: {_model_text(t.model)}; phiên bản {_versions_text(t)}")
        out("")
        out("Dùng: quyche new THƯ_MỤC --from-template TÊN_MẪU   (chi tiết: quyche templates show TÊN_MẪU)")

    @sub.command("show", help="In các biến (câu hỏi) và các điều bắt buộc của một mẫu.")
    def show(
        name: str = typer.Argument(..., help="Tên mẫu có sẵn hoặc đường dẫn thư mục mẫu."),
        fmt: str = typer.Option(
            "text", "--format",
            help="Định dạng: text, json, hoặc yaml (khối `template:` để dán vào quyche.yaml viết tay).",
        ),
    ) -> None:
        _check_format(fmt, _SHOW_FORMATS)
        with handle_errors():
            from quyche.scaffold.answers import default_answers, describe_variables, resolved_layout
            from quyche.scaffold.locate import find_template_dir
            from quyche.scaffold.sandbox import environment_for
            from quyche.scaffold.template import load_template

            folder, builtin = find_template_dir(name)
            template = load_template(folder, builtin=builtin)
            env = environment_for(template)
            variables = describe_variables(template, env)
            layout = resolved_layout(template, default_answers(template, env), env)
            articles = [a for chapter in layout for a in chapter.articles]
        if fmt == "yaml":
            import yaml

            from quyche.scaffold.template import layout_data

            block = {"template": {"name": template.name, "version": template.version, "layout": layout_data(layout)}}
            out("# Dán khối này vào quyche.yaml để `quyche check` kiểm tra sự phù hợp với mẫu (QC5xx);")
            out("# sửa tên chương, tên điều nếu đơn vị dùng tên khác (ví dụ Thành ủy thay cho Tỉnh ủy).")
            out(yaml.safe_dump(block, allow_unicode=True, sort_keys=False, width=4096).rstrip("\n"))
            return
        if fmt == "json":
            data = {
                "name": template.name,
                "description": template.description,
                "version": template.version,
                "versions": list(template.versions),
                "level": template.level,
                "regulation": template.regulation_file,
                "model": None if template.model is None else {
                    "number": template.model.number, "date": template.model.date,
                    "issuer": template.model.issuer, "title": template.model.title},
                "variables": [
                    {"name": i.variable.name, "prompt": i.question, "default": i.default,
                     "default_template": i.default_source, "required": i.variable.required,
                     "type": i.variable.type, "pattern": i.variable.pattern,
                     "choices": list(i.variable.choices) or None}
                    for i in variables
                ],
                "chapters": [{"title": c.title, "articles": [a.id for a in c.articles]} for c in layout],
                "articles": [{"id": a.id, "title": a.title, "chapter": a.chapter} for a in articles],
            }
            out(json.dumps(versioned(data), ensure_ascii=False, indent=2))
            return
        out(f"Mẫu {template.name} (phiên bản {template.version}): {template.description}")
        out(f"Theo: {_model_text(template.model)}")
        out(f"Các phiên bản: {_versions_text(template)} (cập nhật quy chế: `quyche template update`)")
        out(f"Tệp quy chế: {template.regulation_file}")
        out("")
        out("Các biến (trả lời khi chạy `quyche new`, hoặc --set TÊN=GIÁ_TRỊ):")
        for info in variables:
            var = info.variable
            flag = "bắt buộc" if var.required else "không bắt buộc"
            out(f"  {var.name} ({flag}): {info.question}")
            if info.default is not None:
                out(f"      mặc định: {info.default}")
            elif info.default_source is not None:
                out(f"      mặc định: theo câu trả lời khác ({info.default_source})")
            if var.choices:
                out(f"      chọn một trong: {', '.join(var.choices)}")
        out("")
        out("Các chương và điều bắt buộc (kiểm tra bằng `quyche check`, nhóm QC5xx):")
        from quyche.model.numbering import to_roman

        for number, chapter in enumerate(layout, 1):
            out(f"  Chương {to_roman(number)}. {chapter.title}")
            for art in chapter.articles:
                out(f"      {{#{art.id}}}  {art.title}")

    app.add_typer(sub, name="templates")
