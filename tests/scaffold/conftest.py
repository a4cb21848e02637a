"""Fixtures of the scaffold tests."""

from __future__ import annotations

import pytest

from quyche.scaffold.scaffold import ScaffoldResult
from tests.scaffold.scaffold_helpers import TEMPLATE_NAMES, make_repo


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ScaffoldResult]:
    """One scaffolded repository per built-in template (made once per module)."""
    import os

    base = tmp_path_factory.mktemp("repos")
    # The autouse git isolation fixture is function-scoped; give this module-scoped one its own.
    home = tmp_path_factory.mktemp("repos-home")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = Văn phòng\n\temail = vp@example.vn\n[commit]\n\tgpgsign = false\n",
                         encoding="utf-8")
    saved = {k: os.environ.get(k) for k in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "HOME")}
    os.environ.update({"GIT_CONFIG_GLOBAL": str(gitconfig), "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(home)})
    try:
        return {name: make_repo(base, name) for name in TEMPLATE_NAMES}
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
