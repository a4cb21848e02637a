"""The unit repositories of every state, built once for the whole test session (the signed
rounds take a few seconds of real git and ssh-keygen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import isolated_git_env
from tests.overview.kit import build_units, units_yaml

UNREACHABLE = "  - name: unreachable\n    level: chi-bo\n    repo: file:///nonexistent/kho.git\n"


@pytest.fixture(scope="session")
def units(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Path]]]:
    """UNITS.yaml over one repository of each state (and one unreachable URL)."""
    base = tmp_path_factory.mktemp("units")
    with pytest.MonkeyPatch.context() as mp:
        (base / "home").mkdir()
        isolated_git_env(base / "home", mp)
        repos = build_units(base)
        path = base / "UNITS.yaml"
        path.write_text(units_yaml(repos, UNREACHABLE) + "report:\n  issuer: ĐẢNG ỦY PHƯỜNG AN HÒA\n"
                        "  superior: ĐẢNG BỘ TỈNH KHÁNH HÒA\n  place: An Hòa\n", encoding="utf-8")
        yield path, repos
