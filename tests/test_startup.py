"""`quyche --help` and `--version` load no heavy library (speed itself is measured in bench/)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("git", "docx", "jinja2", "ruamel", "rapidfuzz", "cryptography", "pydantic")


def imported_modules(*args: str) -> set[str]:
    """Top-level packages imported by `python -X importtime -m quyche ARGS` (read from stderr)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "quyche", *args],
                            capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "package":  # the header line
                names.add(name.split(".")[0])
    return names


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("fmt", "--help"), ("outline", "--help")],
                         ids=" ".join)
def test_no_heavy_import(args: tuple[str, ...]) -> None:
    names = imported_modules(*args)
    assert "quyche" in names, "importtime output was read"
    if args != ("--version",):
        assert "typer" in names
    assert sorted(set(HEAVY) & names) == []


def test_version_does_not_even_import_typer() -> None:
    assert "typer" not in imported_modules("--version")
