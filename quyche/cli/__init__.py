"""The command-line interface: parse arguments, call the core, print.

`main` answers `--version` before typer is even imported, and every command module imports
heavy libraries (python-docx, GitPython, Jinja2, ruamel.yaml) only inside its function.
"""

from __future__ import annotations

import os
import sys

COMPLETE_VAR = "_QUYCHE_COMPLETE"


def main() -> None:
    """Entry point of the `quyche` command."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from quyche import __version__

        print(f"quyche {__version__}")
        return
    from quyche.cli.app import app_for, make_app

    if COMPLETE_VAR in os.environ:  # the shell asks for candidates (quyche/cli/completion.py)
        from typer._completion_classes import completion_init  # no public path in typer 0.28

        completion_init()
        app = make_app()
    else:
        app = app_for(sys.argv[1:])
    app(complete_var=COMPLETE_VAR)  # the same variable under `python -m quyche`
