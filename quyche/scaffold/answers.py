"""Answers to a template's questions: from --set, an answers file, a prompt, or the defaults.

The core never prints: asking is a callback the CLI supplies (typer.prompt), which gets the
rendered question, the rendered default and the validator, and loops until an answer passes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from quyche import __version__
from quyche.errors import AnswerError, TemplateError
from quyche.scaffold.sandbox import environment_for, render_string
from quyche.scaffold.template import ChapterLayout, RequiredArticle, Template, Variable

Asker = Callable[[Variable, str, "str | None", Callable[[str], str]], str]
"""(variable, question, default, validate) -> the validated answer."""


def base_context(template: Template, today: dt.date | None = None) -> dict[str, Any]:
    """What every template sees besides its answers and constants."""
    return {
        "today": (today or dt.date.today()).isoformat(),
        "quyche_version": __version__,
        "template_name": template.name,
        "template_version": template.version,
    }


def render_constants(env: jinja2.Environment, template: Template, context: Mapping[str, Any],
                     *, tolerant: bool) -> dict[str, str]:
    """Constants rendered in order over `context`; with `tolerant`, skip ones not computable yet."""
    out: dict[str, str] = {}
    for key, source in template.constants.items():
        try:
            out[key] = render_string(env, source, {**context, **out}, template.name, f"hằng `{key}`")
        except TemplateError:
            if not tolerant:
                raise
    return out


def parse_set_options(items: list[str]) -> dict[str, str]:
    """`--set key=value` options as a mapping (the value may contain `=`)."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AnswerError(None, name=item, problem="phải viết dạng --set tên=giá trị, ví dụ --set unit_name=\"An Hòa\"")
        out[key.strip()] = value
    return out


def load_answers_file(path: Path) -> dict[str, str]:
    """An answers YAML file: `name: value` lines (safe-loaded)."""
    from quyche.config import load_yaml_mapping
    from quyche.fsutil import read_bytes_guarded

    data = load_yaml_mapping(
        path, read_bytes_guarded(path, limit=1024 * 1024),
        not_utf8=AnswerError(path, name="(tệp trả lời)", problem="tệp không ở bảng mã UTF-8"),
        not_mapping=AnswerError(path, name="(tệp trả lời)", problem="phải gồm các dòng `tên_biến: giá trị`"))
    recorded = data.get("template")
    if isinstance(recorded, dict) and isinstance(recorded.get("answers"), dict):
        data = recorded["answers"]  # a quyche.yaml: re-render with the answers it recorded
    out: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict | list):
            raise AnswerError(path, name=str(key), problem="giá trị phải là một chuỗi, không phải danh sách")
        out[str(key)] = value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))
    return out


def collect_answers(
    env: jinja2.Environment,
    template: Template,
    preset: Mapping[str, str],
    ask: Asker | None,
    *,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Every variable's validated answer, in the template's order.

    `preset` answers are validated and never asked; the others are asked through `ask`, or
    (when `ask` is None, i.e. --no-input) take their default, failing on a required one without.
    """
    known = {v.name for v in template.variables}
    for name in preset:
        if name not in known:
            raise AnswerError(None, name=name,
                              problem=f"mẫu `{template.name}` không có biến này. "
                                      f"Xem danh sách bằng `quyche templates show {template.name}`")
    answers: dict[str, str] = {}
    base = base_context(template, today)
    for var in template.variables:
        context = {**base, **answers}
        context.update(render_constants(env, template, context, tolerant=True))
        question = render_string(env, var.prompt, context, template.name, f"câu hỏi của biến `{var.name}`")
        default = None
        if var.default is not None:
            default = render_string(env, var.default, context, template.name, f"giá trị mặc định của `{var.name}`")
        if var.name in preset:
            answers[var.name] = var.validate(preset[var.name])
        elif ask is not None:
            answers[var.name] = ask(var, question, default, var.validate)
        else:
            if var.required and not (default or "").strip():
                raise AnswerError(None, name=var.name,
                                  problem=f"bắt buộc phải có giá trị ({question}). "
                                          f"Hãy thêm --set {var.name}=… hoặc ghi vào tệp --answers")
            answers[var.name] = var.validate(default or "")
    return answers


@dataclass(frozen=True, slots=True)
class VariableInfo:
    """A variable as `templates show` presents it, before any answer is given."""

    variable: Variable
    question: str
    default: str | None
    """The default, rendered; None when there is none or it depends on answers not given yet."""
    default_source: str | None
    """The default's Jinja source when it depends on other answers (`{{ unit_name }}`)."""


def describe_variables(template: Template, env: jinja2.Environment | None = None) -> list[VariableInfo]:
    """Each variable with its question and default, rendered as far as no answer is needed."""
    env = env or environment_for(template)
    # Questions may name earlier answers ("Tên {{ unit_type }}"): show them with the defaults.
    defaults = default_answers(template, env)
    context = {**base_context(template), **defaults}
    context.update(render_constants(env, template, context, tolerant=True))
    described: list[VariableInfo] = []
    for var in template.variables:
        try:
            question = render_string(env, var.prompt, context, template.name, var.name)
        except TemplateError:
            question = var.prompt
        source = None if var.name in defaults or var.default is None else var.default
        described.append(VariableInfo(var, question, defaults.get(var.name), source))
    return described


def default_answers(template: Template, env: jinja2.Environment | None = None) -> dict[str, str]:
    """The answers a template would get with --no-input, leaving out what cannot be computed."""
    env = env or environment_for(template)
    answers: dict[str, str] = {}
    for var in template.variables:
        if var.default is None:
            continue
        context = {**base_context(template), **answers}
        context.update(render_constants(env, template, context, tolerant=True))
        try:
            answers[var.name] = render_string(env, var.default, context, template.name, var.name)
        except TemplateError:
            continue
    return answers


def resolved_layout(
    template: Template, answers: Mapping[str, str], env: jinja2.Environment | None = None
) -> list[ChapterLayout]:
    """The layout with Jinja in chapter and article titles rendered over the answers.

    A title that cannot be rendered (an answer is missing) keeps its source text.
    """
    if not any("{" in c.title or any("{" in a.title for a in c.articles) for c in template.layout):
        return list(template.layout)
    env = env or environment_for(template)
    context: dict[str, Any] = {**base_context(template), **answers}
    context.update(render_constants(env, template, context, tolerant=True))

    def render(text: str) -> str:
        if "{" not in text:
            return text
        try:
            return render_string(env, text, context, template.name, "bố cục").strip()
        except TemplateError:
            return text

    out: list[ChapterLayout] = []
    for chapter in template.layout:
        title = render(chapter.title)
        out.append(ChapterLayout(title, tuple(RequiredArticle(a.id, render(a.title), title) for a in chapter.articles)))
    return out
