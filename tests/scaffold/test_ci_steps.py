"""The generated CI really runs: its own `run:` / `script:` lines, in order, in a fresh venv.

What CI machines do is replayed on this one: a clone of a `quyche new` repository (full, or
shallow as a careless `fetch-depth` gives), a fresh virtual environment standing in for
setup-python / the python:3.11 image, and quyche installed by the repository's own install
step from a wheel of this checkout — offline (PIP_NO_INDEX), so nothing named `quyche` on a
public index can slip in. The `uses:` steps are what the runner does around them: checkout is
the clone, upload-artifact must find its file.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from quyche import __version__
from quyche.scaffold.scaffold import ScaffoldResult
from tests.conftest import ROOT, git

pytestmark = pytest.mark.slow

PR_CONDITION = "github.event_name == 'pull_request'"
MR_RULE = '$CI_PIPELINE_SOURCE == "merge_request_event"'


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this checkout and of everything it depends on (built once per session)."""
    house = tmp_path_factory.mktemp("wheelhouse")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "-w", str(house), str(ROOT)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        message = f"cannot build the wheels: {proc.stderr.strip()[-400:]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert list(house.glob(f"quyche-{__version__}-*.whl"))
    return house


@dataclass
class Runner:
    """A CI machine: a fresh venv first on PATH, the CI's variables, pip offline on the wheelhouse."""

    env: dict[str, str]
    log: list[tuple[str, int, str]]

    def run(self, command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", command], cwd=cwd,
                              env=self.env, capture_output=True, text=True, check=False, timeout=600)
        self.log.append((command, proc.returncode, proc.stdout + proc.stderr))
        return proc


def _runner(tmp_path: Path, wheelhouse: Path, **variables: str) -> Runner:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update({"PATH": f"{env_dir / 'bin'}{os.pathsep}{env['PATH']}", "VIRTUAL_ENV": str(env_dir), "CI": "true",
                "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(wheelhouse), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
                "PIP_NO_COMPILE": "1",  # byte-compiling 20 packages per venv is most of the install time
                "PYTHONNOUSERSITE": "1", **variables})
    return Runner(env, [])


def _source_repo(repos: dict[str, ScaffoldResult], tmp_path: Path) -> Path:
    """The `quyche new` repository, plus a branch `du-thao` that amends one article."""
    src = tmp_path / "src"
    subprocess.run(["git", "clone", "-q", str(repos["phuong"].dest), str(src)], check=True)
    git(src, "checkout", "-q", "-b", "du-thao")
    reg = src / "quy-che-lam-viec.md"
    text = reg.read_text(encoding="utf-8")
    marker = "Quy chế này"
    assert marker in text
    reg.write_text(text.replace(marker, "Quy chế này (sửa đổi)", 1), encoding="utf-8")
    git(src, "commit", "-q", "-am", "Dự thảo sửa đổi")
    git(src, "checkout", "-q", "main")
    return src


def _clone(src: Path, dest: Path, branch: str, *, shallow: bool = False) -> Path:
    """actions/checkout (fetch-depth 0, or 1 when shallow) / GitLab's clone with GIT_DEPTH."""
    depth = ["--depth", "1", "--no-single-branch"] if shallow else []
    subprocess.run(["git", "clone", "-q", *depth, "--branch", branch, f"file://{src}", str(dest)], check=True)
    return dest


def _github_steps(repo: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load((repo / ".github/workflows/quyche.yml").read_text(encoding="utf-8"))
    jobs = data["jobs"]
    assert list(jobs) == ["kiem-tra"]
    steps: list[dict[str, Any]] = jobs["kiem-tra"]["steps"]
    return steps


def _run_github(repo: Path, runner: Runner, event: str) -> list[tuple[str, int, str]]:
    """Each step in order, as Actions does: stop at the first failing step."""
    for step in _github_steps(repo):
        condition = step.get("if")
        assert condition in (None, PR_CONDITION), f"the replay knows no condition {condition!r}"
        if condition == PR_CONDITION and event != "pull_request":
            continue
        uses = step.get("uses", "")
        if uses.startswith(("actions/checkout@", "actions/setup-python@")):
            continue  # the clone and the fresh venv
        if uses.startswith("actions/upload-artifact@"):
            assert (repo / step["with"]["path"]).is_file(), f"nothing to upload at {step['with']['path']}"
            continue
        assert not uses, f"the replay knows no action {uses}"
        if runner.run(step["run"], repo).returncode != 0:
            break
    return runner.log


def _assert_green(log: list[tuple[str, int, str]]) -> None:
    for command, code, output in log:
        assert code == 0, f"{command} → {code}\n{output}"


def _assert_installed_from_the_wheel(runner: Runner, repo: Path) -> None:
    probe = runner.run("python -c 'import quyche, sys; print(quyche.__version__, quyche.__file__)'", repo)
    version, where = probe.stdout.split()
    assert version == __version__ and Path(where).is_relative_to(Path(runner.env["VIRTUAL_ENV"]))


def test_github_push_on_a_full_clone(repos: dict[str, ScaffoldResult], wheelhouse: Path, tmp_path: Path) -> None:
    src = _source_repo(repos, tmp_path)
    repo = _clone(src, tmp_path / "work", "main")
    runner = _runner(tmp_path, wheelhouse, GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="push")
    log = _run_github(repo, runner, "push")
    _assert_green(log)
    assert [c for c, _, _ in log] == ["python .quyche/install-quyche.py", "quyche doctor --ci",
                                      "quyche check --format github", "quyche verify"]
    assert f"Cài quyche: quyche=={__version__}" in log[0][2]
    assert "quy trình được tuân thủ" in log[3][2]
    _assert_installed_from_the_wheel(runner, repo)


def test_github_pull_request_builds_the_comparison_table(repos: dict[str, ScaffoldResult], wheelhouse: Path,
                                                         tmp_path: Path) -> None:
    src = _source_repo(repos, tmp_path)
    repo = _clone(src, tmp_path / "work", "du-thao")
    runner = _runner(tmp_path, wheelhouse, GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="pull_request",
                     GITHUB_BASE_REF="main", GITHUB_HEAD_REF="du-thao")
    log = _run_github(repo, runner, "pull_request")
    _assert_green(log)
    assert log[-1][0].startswith("quyche diff ")
    import docx

    table = docx.Document(str(repo / "bang-so-sanh.docx")).tables[1]
    assert any("(sửa đổi)" in cell.text for row in table.rows for cell in row.cells)


def test_github_on_a_shallow_clone_says_full_history_is_needed(repos: dict[str, ScaffoldResult], wheelhouse: Path,
                                                               tmp_path: Path) -> None:
    src = _source_repo(repos, tmp_path)
    repo = _clone(src, tmp_path / "work", "du-thao", shallow=True)
    assert git(repo, "rev-parse", "--is-shallow-repository").stdout.strip() == "true"
    runner = _runner(tmp_path, wheelhouse, GITHUB_ACTIONS="true", GITHUB_EVENT_NAME="push")
    log = _run_github(repo, runner, "push")
    command, code, output = log[-1]
    assert (command, code) == ("quyche doctor --ci", 1)  # the job stops before check, with the reason
    assert "bản sao nông" in output and "fetch-depth: 0" in output
    verify = runner.run("quyche verify", repo)
    assert verify.returncode == 2 and "Traceback" not in verify.stderr
    assert "một phần lịch sử (bản sao nông)" in verify.stderr and "git fetch --unshallow" in verify.stderr


def test_gitlab_jobs_on_a_merge_request(repos: dict[str, ScaffoldResult], wheelhouse: Path, tmp_path: Path) -> None:
    src = _source_repo(repos, tmp_path)
    repo = _clone(src, tmp_path / "work", "du-thao")
    data = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    runner = _runner(tmp_path, wheelhouse, GITLAB_CI="true", CI_PIPELINE_SOURCE="merge_request_event",
                     CI_MERGE_REQUEST_TARGET_BRANCH_NAME="main", CI_COMMIT_REF_NAME="du-thao")
    jobs = [name for name, job in data.items() if isinstance(job, dict) and "script" in job]
    assert jobs == ["kiem-tra", "bang-so-sanh"]
    for name in jobs:
        rules = [r.get("if") for r in data[name].get("rules", [])]
        assert MR_RULE in rules, f"{name} would not run in a merge-request pipeline"
        for command in [*data["default"]["before_script"], *data[name]["script"]]:
            if runner.run(command, repo).returncode != 0:
                break
    _assert_green(runner.log)
    assert (repo / data["bang-so-sanh"]["artifacts"]["paths"][0]).is_file()
    _assert_installed_from_the_wheel(runner, repo)
