"""The typer application: one module per command, each with `register(app)`."""

from __future__ import annotations

import importlib

import typer

from quyche import __version__
from quyche.cli.localise import QuycheTyper

app = QuycheTyper(
    name="quyche",
    help="Quy chế làm việc dưới dạng văn bản trong git: kiểm tra, định dạng, so sánh, ghi vết sửa đổi.",
    no_args_is_help=True,
    add_completion=False,  # `quyche completion SHELL` instead (quyche/cli/completion.py)
    rich_markup_mode=None,  # plain help keeps `quyche --help` fast (TECH-NOTES §1.2)
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

COMMAND_MODULES = ("check", "fmt", "renumber", "outline", "diff", "new", "templates", "template", "round", "signers",
                   "verify", "import_", "build", "guide", "completion", "doctor", "overview")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quyche {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", help="In phiên bản rồi thoát.", callback=_version, is_eager=True),
) -> None:
    """quyche: quy chế làm việc dưới dạng văn bản trong git."""


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"quyche.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command still being built on another branch
        if _exc.name != f"quyche.cli.{_name}":
            raise
        continue
    _module.register(app)
