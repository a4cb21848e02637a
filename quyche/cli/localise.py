"""Vietnamese help screens and usage errors, through typer's public extension points.

typer 0.28 vendors click with its English strings hard-coded (no gettext), so we cannot
translate through a catalogue. Instead we use the hooks click documents for this:
`Context.formatter_class` (headings, "Usage:", "[required]"), `Command.get_help_option`
(the help option's text) and our own group class, which turns a usage error raised while
parsing into one Vietnamese line. Every command and group of quyche is made through
`QuycheTyper`, which only sets these classes as the default `cls`.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator, Sequence
from typing import IO, Any

import typer
from typer._click.exceptions import (  # typer 0.28 exposes no public path to these
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

HELP_TEXT = "Xem hướng dẫn này rồi thoát."

_HEADINGS = {"Arguments": "Đối số", "Options": "Tùy chọn", "Commands": "Lệnh"}
_USAGE_WORDS = (("[OPTIONS]", "[TÙY_CHỌN]"), ("COMMAND [ARGS]...", "LỆNH [ĐỐI_SỐ]..."))
_METAVARS = {
    "<str>": "VĂN_BẢN", "<path>": "ĐƯỜNG_DẪN", "<int range>": "SỐ", "<int>": "SỐ", "<float>": "SỐ",
    "{file}": "TỆP", "{dest}": "THƯ_MỤC", "{name}": "TÊN", "{title}": "TIÊU_ĐỀ",
    "[paths]": "[TỆP]", "{paths}": "TỆP", "[path]": "[TỆP]", "{source}": "TỆP",
}
_OPTION_METAVARS = {
    "--format": "DẠNG", "--date": "NĂM-THÁNG-NGÀY", "--round": "MÃ_VÒNG", "--id": "MÃ_VÒNG",
    "--member": "THÀNH_VIÊN", "--plan": "BƯỚC=NGÀY", "--message": "GHI_CHÚ",
    "--select": "MÃ_QUY_TẮC", "--ignore": "MÃ_QUY_TẮC", "--from-template": "TÊN_MẪU", "--rev": "PHIÊN_BẢN",
    "--output": "TỆP", "--reasons": "TỆP", "--map": "TỆP", "--answers": "TỆP", "--report": "TỆP",
    "--allowed-signers": "TỆP", "--submission": "\"SỐ_TỜ_TRÌNH\"",
}
"""Words for typer's default metavars, by option (a command's own metavar is left as it is)."""
_DEFAULT_METAVAR = re.compile(r"(--[a-z-]+) (?:VĂN_BẢN|ĐƯỜNG_DẪN)$")
_RAW_METAVAR = re.compile(r"[<{]([^<>{}\[\]\s]+(?: [^<>{}\[\]\s]+)*)[>}]|\[(paths?)\]")
_HELP_MARKS = (("[required]", "[bắt buộc]"), ("[default: ", "[mặc định: "), ("[env var: ", "[biến môi trường: "))


def _metavars(text: str) -> str:
    """typer's default metavars (`<str>`, `{dest}`) as words a user can read."""
    return _RAW_METAVAR.sub(lambda m: _METAVARS.get(m.group(0), (m.group(1) or m.group(2)).upper().replace(" ", "_")), text)


class VietnameseHelpFormatter(HelpFormatter):
    """click's plain help layout with Vietnamese headings and marks."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, vietnamese in _USAGE_WORDS:
            args = args.replace(english, vietnamese)
        args = _metavars(args)
        super().write_usage(prog, args, "Cách dùng: " if prefix is None else prefix)

    _section = ""

    @contextlib.contextmanager
    def section(self, name: str) -> Iterator[None]:
        self._section = name
        with super().section(_HEADINGS.get(name, name)):
            yield
        self._section = ""

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        translated = []
        for term, text in rows:
            for english, vietnamese in _HELP_MARKS:
                text = text.replace(english, vietnamese)
            bare = re.fullmatch(r"([a-z_]+)(\.\.\.)?", term)
            if self._section == "Arguments" and bare:  # its bare parameter name
                term = _metavars("{" + bare.group(1) + "}") + (bare.group(2) or "")
            term = _metavars(term)
            match = _DEFAULT_METAVAR.search(term)
            if match and match.group(1) in _OPTION_METAVARS:
                term = term[: match.end(1)] + " " + _OPTION_METAVARS[match.group(1)]
            translated.append((term, text))
        super().write_dl(translated, col_max, col_spacing)


class QuycheContext(typer.Context):
    formatter_class = VietnameseHelpFormatter


def _vietnamese_help(option: Any) -> Any:
    if option is not None:
        option.help = HELP_TEXT
    return option


def _with_context(exc: UsageError, ctx: Any) -> UsageError:
    """Parser errors carry no context; give them the command's, so the hint names it."""
    if exc.ctx is None:
        exc.ctx = ctx
        exc.cmd = ctx.command
    return exc


class _Vietnamese:
    """What commands and groups share: errors that name the command, a Vietnamese help option."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as exc:
            raise _with_context(exc, ctx) from None

    def get_help_option(self, ctx: Any) -> Any:
        return _vietnamese_help(super().get_help_option(ctx))  # type: ignore[misc]


class QuycheCommand(_Vietnamese, TyperCommand):
    context_class = QuycheContext


_QUOTED = re.compile(r"'([^']*)'")


_BAD_VALUES = (
    (re.compile(r"'(.*)' is not a valid (?:integer|int range|float|float range)\.?"), "`{0}` không phải là một số."),
    (re.compile(r"'(.*)' is not one of (.*?)\.?$"), "`{0}` không thuộc các giá trị được phép: {1}."),
    (re.compile(r"(.*) is not in the range (.*?)\.?$"), "{0} nằm ngoài khoảng cho phép {1}."),
)


def _unquote(hint: str) -> str:
    return hint.replace("'", "").replace('"', "")


def _bad_value(message: str) -> str:
    for pattern, vietnamese in _BAD_VALUES:
        match = pattern.match(message)
        if match:
            return vietnamese.format(*match.groups())
    return message


def _usage_message(exc: UsageError) -> str:
    """The Vietnamese sentence for a usage error (without the hint)."""
    text = exc.message
    if isinstance(exc, MissingParameter):
        name = exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx is not None else ""
        kind = "tùy chọn" if exc.param_type == "option" or getattr(exc.param, "param_type_name", "") == "option" else "đối số"
        name = _unquote(name)
        if re.fullmatch(r"[a-z_]+", name):
            name = _metavars("{" + name + "}")
        return f"Thiếu {kind} {name}.".replace("  ", " ")
    if isinstance(exc, NoSuchOption):
        line = f"Không có tùy chọn {exc.option_name}."
        if exc.possibilities:
            line += f" Có phải ý bạn là {', '.join(sorted(exc.possibilities))}?"
        return line
    if isinstance(exc, BadParameter):
        raw_hint = exc.param_hint or (exc.param.get_error_hint(exc.ctx) if exc.param is not None and exc.ctx else "")
        hint = raw_hint if isinstance(raw_hint, str) else " / ".join(raw_hint)
        return f"Giá trị không hợp lệ cho {_unquote(hint or '')}: {_bad_value(exc.message)}".replace("  ", " ")
    if isinstance(exc, BadOptionUsage):
        match = re.match(r"Option '?(\S+?)'? requires (an argument|\d+ arguments)\.", text)
        if match:
            return f"Tùy chọn {match.group(1)} cần có giá trị đi kèm."
        match = re.match(r"Option '?(\S+?)'? does not take a value\.", text)
        if match:
            return f"Tùy chọn {match.group(1)} không nhận giá trị."
        return text
    match = re.match(r"No such command '([^']*)'\.(?: Did you mean (.*)\?)?", text)
    if match:
        line = f"Không có lệnh `{match.group(1)}`."
        if match.group(2):
            suggestions = _QUOTED.sub(r"`\1`", match.group(2))
            line += f" Có phải ý bạn là {suggestions}?"
        return line
    if text == "Missing command.":
        return "Thiếu tên lệnh."
    match = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", text)
    if match:
        return f"Thừa đối số: {match.group(1)}."
    return text


class LocalisedUsageError(UsageError):
    """A usage error shown as one Vietnamese line with the way to the help screen."""

    def __init__(self, original: UsageError) -> None:
        super().__init__(_usage_message(original), original.ctx)

    def show(self, file: IO[Any] | None = None) -> None:
        where = self.ctx.command_path if self.ctx is not None else "quyche"
        where = re.sub(r"^\S*python\S* -m quyche", "quyche", where)
        print(f"{self.message} Xem `{where} --help`.", file=file or sys.stderr)


def _localised(exc: UsageError) -> UsageError:
    if isinstance(exc, (LocalisedUsageError, NoArgsIsHelpError)):
        return exc
    return LocalisedUsageError(exc)


class QuycheGroup(_Vietnamese, TyperGroup):
    context_class = QuycheContext

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as exc:
            raise _localised(exc) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise _localised(exc) from None


class QuycheTyper(typer.Typer):
    """typer.Typer whose groups and commands speak Vietnamese (see the module docstring)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", QuycheGroup)
        kwargs.setdefault("rich_markup_mode", None)
        kwargs.setdefault("context_settings", {"help_option_names": ["-h", "--help"]})
        super().__init__(**kwargs)

    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", QuycheCommand)
        return super().command(*args, **kwargs)
