"""Shell completion: `quyche completion bash|zsh|fish` prints the script; candidates come from here.

typer's own `--install-completion` guesses the shell (shellingham) and writes into the user's
rc files with English messages; a printed script the user sources (or saves, see docs/cli.md)
is explicit and cheap. The shell calls `quyche` back with `_QUYCHE_COMPLETE` set; `main` then
registers click's completion classes (nothing else changes, start-up stays as it is).
"""

from __future__ import annotations

from pathlib import Path

import typer

from quyche.cli import COMPLETE_VAR
from quyche.cli.console import out
from quyche.cli.errors import ExitCode, fail

SHELLS = ("bash", "zsh", "fish")


def template_names(incomplete: str) -> list[str]:
    """Built-in template names for `--from-template` (a path is completed by the shell itself)."""
    from quyche.scaffold.locate import builtin_names

    return [name for name in builtin_names() if name.startswith(incomplete)]


def step_names(incomplete: str) -> list[tuple[str, str]]:
    """The procedure's step names (with their Vietnamese titles) for `round step`."""
    from quyche.config import load_config
    from quyche.errors import QuycheError
    from quyche.workflow.procedure import load_procedure

    try:
        config = load_config(Path.cwd())
        procedure = load_procedure(config.procedure)
    except QuycheError:  # no repository here, or a broken quyche.yaml: nothing to offer
        return []
    return [(step.name, step.title) for step in procedure.steps if step.name.startswith(incomplete)]


def register(app: typer.Typer) -> None:
    """Add `completion` to the application."""

    @app.command(
        "completion",
        help=(
            "In đoạn mã gợi ý lệnh (bấm Tab) cho bash, zsh hoặc fish. Bật ngay: "
            "`eval \"$(quyche completion bash)\"`; bật lâu dài: thêm dòng đó vào ~/.bashrc "
            "(zsh: ~/.zshrc; fish: `quyche completion fish > ~/.config/fish/completions/quyche.fish`)."
        ),
    )
    def completion(shell: str = typer.Argument(..., metavar="SHELL", help="bash, zsh hoặc fish.")) -> None:
        from typer._completion_shared import get_completion_script  # no public path in typer 0.28

        if shell not in SHELLS:
            raise fail(f"chưa hỗ trợ gợi ý lệnh cho `{shell}`; chỉ có: {', '.join(SHELLS)}.", ExitCode.INPUT)
        out(get_completion_script(prog_name="quyche", complete_var=COMPLETE_VAR, shell=shell))
