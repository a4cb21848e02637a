"""The project skeleton of issue 2 §1: layout, entry points, version, commands, package data."""

from __future__ import annotations

import tomllib

from quyche import __version__
from quyche.cli.app import COMMAND_MODULES, app
from tests.conftest import ROOT, run_quyche


def test_top_level_layout() -> None:
    for name in ("quyche", "templates", "examples", "tests", "docs", "bench"):
        assert (ROOT / name).is_dir(), name
    for name in ("pyproject.toml", "README.md", "docs/format.md", "docs/outline-json.md",
                 "quyche/schema/front-matter.schema.json", "bench/bench_parse.py", "bench/bench_startup.py"):
        assert (ROOT / name).is_file(), name


def test_pyproject_entry_point_and_python_version() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["scripts"] == {"quyche": "quyche.cli:main"}
    assert meta["project"]["requires-python"] == ">=3.11"
    deps = " ".join(meta["project"]["dependencies"])
    assert "typer" in deps and "rich" in deps


def test_python_dash_m_quyche_version_and_help() -> None:
    result = run_quyche("--version")
    assert (result.returncode, result.stdout) == (0, f"quyche {__version__}\n")
    result = run_quyche("--help")
    assert result.returncode == 0
    for command in ("fmt", "outline"):
        assert command in result.stdout


def test_every_present_command_module_registers_itself() -> None:
    names = {cmd.name for cmd in app.registered_commands}
    assert {"fmt", "outline"} <= names
    for module in COMMAND_MODULES:
        path = ROOT / "quyche" / "cli" / f"{module}.py"
        if path.is_file():
            assert "def register(app: typer.Typer)" in path.read_text(encoding="utf-8"), module


def test_each_command_runs_from_its_own_module_alone() -> None:
    """`quyche CMD …` builds an application holding CMD's module only (quyche/cli/app.py
    MODULE_OF): the map must name, for every top-level command, the module registering it."""
    import typer

    from quyche.cli.app import MODULE_OF, app_for

    whole = typer.main.get_command(app)
    names = set(whole.commands)  # type: ignore[attr-defined]
    assert names == set(MODULE_OF)
    for name in names:
        alone = typer.main.get_command(app_for([name, "--help"]))
        assert name in alone.commands, name  # type: ignore[attr-defined]
        assert [p.name for p in alone.commands[name].params] == [p.name for p in whole.commands[name].params]  # type: ignore[attr-defined]
    assert typer.main.get_command(app_for(["khong-co"])).commands.keys() == names  # type: ignore[attr-defined]
