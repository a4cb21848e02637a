"""constraints.txt pins every package the README test command installs (see scripts/refresh-constraints)."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT

_PIN = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        match = _PIN.fullmatch(line)
        assert match, f"constraints.txt: not an exact pin: {line!r}"
        pins[_norm(match.group(1))] = match.group(2)
    return pins


def test_every_dependency_of_the_package_and_its_tests_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    names = {_norm(re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0]) for req in wanted}
    missing = sorted(names - set(_pins()))
    assert not missing, f"not in constraints.txt: {missing}; run scripts/refresh-constraints"


def test_the_test_command_installs_with_the_constraints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- test-command -->", 1)[1].split("```")[1]
    assert "pip install -q -c constraints.txt -e '.[test]'" in block
    assert "quyche" not in _pins(), "the package itself is never pinned (it is the checkout)"
