"""The typer application: one module per command, each with `register(app)`."""

from __future__ import annotations

import importlib

import typer

from quyche import __version__
from quyche.cli.localise import QuycheTyper

COMMAND_MODULES = ("check", "fmt", "renumber", "outline", "diff", "new", "templates", "template", "round", "signers",
                   "verify", "import_", "build", "guide", "completion", "doctor", "overview")

MODULE_OF: dict[str, str] = {**{name: name for name in COMMAND_MODULES if name not in ("import_", "guide")},
                             "import": "import_", "help": "guide", "rules": "guide"}
"""Top-level command → the module registering it. `quyche check …` builds an application
holding that one command: typer otherwise turns the signature of every command (~65
functions, each annotation evaluated) into click options on every run, ~30 ms of each
command's start-up. A command missing here still works, through the whole application
(tests/test_skeleton.py checks the map against it)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quyche {__version__}")
        raise typer.Exit()


def _root(
    version: bool = typer.Option(False, "--version", "-V", help="In phiên bản rồi thoát.", callback=_version, is_eager=True),
) -> None:
    """quyche: quy chế làm việc dưới dạng văn bản trong git."""


def make_app(modules: tuple[str, ...] = COMMAND_MODULES) -> QuycheTyper:
    """The application with the commands of these modules."""
    made = QuycheTyper(
        name="quyche",
        help="Quy chế làm việc dưới dạng văn bản trong git: kiểm tra, định dạng, so sánh, ghi vết sửa đổi.",
        no_args_is_help=True,
        add_completion=False,  # `quyche completion SHELL` instead (quyche/cli/completion.py)
        rich_markup_mode=None,  # plain help keeps `quyche --help` fast (TECH-NOTES §1.2)
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    made.callback()(_root)
    for name in modules:
        try:
            module = importlib.import_module(f"quyche.cli.{name}")
        except ModuleNotFoundError as exc:  # a command still being built on another branch
            if exc.name != f"quyche.cli.{name}":
                raise
            continue
        module.register(made)
    return made


def app_for(args: list[str]) -> QuycheTyper:
    """The application to run `quyche ARGS` with: one command's when ARGS start with a known
    command name, else the whole one (root help, a mistyped command, shell completion)."""
    module = MODULE_OF.get(args[0]) if args else None
    return make_app((module,)) if module is not None else make_app()


def __getattr__(name: str) -> QuycheTyper:
    """`app`, the whole application, made when first asked for (tests, completion)."""
    if name == "app":
        made = make_app()
        globals()["app"] = made
        return made
    raise AttributeError(name)
