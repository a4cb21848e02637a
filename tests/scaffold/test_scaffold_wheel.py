"""Templates are found in a source checkout (templates/) and in an installed wheel (quyche/_templates)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from quyche.scaffold.locate import builtin_names, builtin_root
from tests.conftest import ROOT
from tests.scaffold.scaffold_helpers import TEMPLATE_NAMES


def test_source_checkout_reads_the_top_level_templates_folder() -> None:
    assert builtin_root() == ROOT / "templates"
    assert builtin_names() == TEMPLATE_NAMES


def test_installed_layout_is_preferred(tmp_path: Path) -> None:
    package = tmp_path / "site" / "quyche"
    (package / "_templates" / "_repo").mkdir(parents=True)
    (tmp_path / "templates" / "_repo").mkdir(parents=True)
    assert builtin_root(package) == package / "_templates"


@pytest.mark.slow
def test_wheel_ships_the_templates_and_the_installed_package_finds_them(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"), str(ROOT)],
        capture_output=True, text=True, check=False,
    )
    if build.returncode != 0:
        pytest.skip(f"cannot build a wheel here (no build backend): {build.stderr.strip().splitlines()[-1:]}")
    wheel = next((tmp_path / "dist").glob("quyche-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in TEMPLATE_NAMES:
        assert f"quyche/_templates/{name}/template.yaml" in names
    for path in ("quyche/_templates/phuong/files/quy-che-lam-viec.md.jinja",
                 "quyche/_templates/_shared/che-do.md.jinja",
                 "quyche/_templates/_repo/.github/workflows/quyche.yml.jinja",
                 "quyche/_templates/_repo/.gitignore.jinja",
                 "quyche/_templates/_repo/.gitattributes.jinja",
                 "quyche/_docs/round.md", "quyche/_docs/format.md"):  # `quyche help` where installed
        assert path in names, path
    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(site),
                    str(wheel)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c",
         "import json, quyche; from quyche.scaffold.locate import builtin_root, builtin_names; "
         "print(json.dumps([quyche.__file__, str(builtin_root()), builtin_names()]))"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    )
    module, root, found = json.loads(probe.stdout)
    assert Path(module).is_relative_to(site)
    assert Path(root) == site / "quyche" / "_templates"
    assert found == TEMPLATE_NAMES
    made = subprocess.run(
        [sys.executable, "-m", "quyche", "new", str(tmp_path / "repo"), "-t", "xa", "--no-input",
         "--set", "unit_name=Tân Lập", "--set", "superior_name=Đắk Lắk", "--set", "signer_name=Y Bhăm"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
    )
    assert made.returncode == 0, made.stderr
    assert "ĐẢNG ỦY XÃ TÂN LẬP" in (tmp_path / "repo" / "quy-che-lam-viec.md").read_text(encoding="utf-8")


def test_pre_commit_hooks_file_offers_check_and_fmt() -> None:
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert set(by_id) == {"quyche-check", "quyche-fmt"}
    assert by_id["quyche-check"]["entry"] == "quyche check" and by_id["quyche-fmt"]["entry"] == "quyche fmt"
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False and hook["name"]
