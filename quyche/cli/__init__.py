"""The command-line interface: parse arguments, call the core, print.

`main` answers `--version` before typer is even imported, and every command module imports
heavy libraries (python-docx, GitPython, Jinja2, ruamel.yaml) only inside its function.
"""

from __future__ import annotations

import sys


def main() -> None:
    """Entry point of the `quyche` command."""
    if sys.argv[1:] in (["--version"], ["-V"]):
        from quyche import __version__

        print(f"quyche {__version__}")
        return
    from quyche.cli.app import app

    app()
