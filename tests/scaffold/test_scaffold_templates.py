"""Every built-in template renders into a repository whose regulation is complete and canonical."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import pytest
import yaml

from quyche.config import load_config
from quyche.parse import parse_file
from quyche.parse.frontmatter import split_front_matter
from quyche.render.markdown import render_markdown
from quyche.scaffold.answers import resolved_layout
from quyche.scaffold.locate import builtin_names
from quyche.scaffold.scaffold import BASE_REF, ScaffoldResult
from quyche.yamlrt import canonical_front_matter
from tests.conftest import run_quyche
from tests.scaffold.scaffold_helpers import (
    SAMPLE_ANSWERS,
    TEMPLATE_NAMES,
    builtin,
)


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, text=True, capture_output=True).stdout


def test_every_builtin_template_has_sample_answers() -> None:
    assert builtin_names() == TEMPLATE_NAMES


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_regulation_parses_with_every_required_article(repos: dict[str, ScaffoldResult], name: str) -> None:
    result = repos[name]
    template = builtin(name)
    path = result.dest / template.regulation_file
    text = path.read_text(encoding="utf-8")
    reg = parse_file(path)
    layout = resolved_layout(template, result.answers)
    # Chapters and articles exactly as template.yaml declares them, in order.
    assert [c.title for c in reg.chapters()] == [c.title for c in layout]
    articles = reg.articles()
    assert [(a.id, a.title) for a in articles] == [(a.id, a.title) for c in layout for a in c.articles]
    assert [a.number for a in articles] == [str(i) for i in range(1, len(articles) + 1)]
    for chapter, wanted in zip(reg.chapters(), layout, strict=True):
        assert [a.id for a in chapter.units() if a.kind == "article"] == [a.id for a in wanted.articles]
    # Every article says something: at least one clause or paragraph.
    assert all(a.children for a in articles)
    # Nothing left unrendered, no dangling cross-reference.
    assert "{{" not in text and "{%" not in text and "Điều ?" not in text
    for ref in re.findall(r"Điều (\d+) Quy chế này", text):
        assert 1 <= int(ref) <= len(articles)


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_front_matter_is_filled_from_the_answers(repos: dict[str, ScaffoldResult], name: str) -> None:
    result = repos[name]
    fm = parse_file(result.dest / result.regulation).front_matter
    assert fm is not None
    code = {"chi-bo": "CB", "tinh-uy": "TU"}.get(name, "ĐU")
    assert fm.number == f"01-QC/{code}"
    assert fm.document_number is not None
    assert fm.issue_date is not None and fm.issue_date.isoformat() == "2025-07-15"
    assert fm.signing is not None and fm.signing.name == SAMPLE_ANSWERS[name]["signer_name"]
    assert fm.issuer and fm.issuer == fm.issuer.upper()
    assert fm.term is not None and fm.term.period == "2025 - 2030"
    assert fm.legal_bases and fm.distribution and fm.enacting and fm.subject
    assert fm.extra == {}
    if name == "tinh-uy":
        assert fm.issuer == "THÀNH ỦY" and fm.term.number == "XVII" and fm.signing.capacity == "T/M THÀNH ỦY"


def test_xa_and_dac_khu_reuse_the_phuong_text_with_their_own_unit_kind(repos: dict[str, ScaffoldResult]) -> None:
    texts = {n: (repos[n].dest / "quy-che-lam-viec.md").read_text(encoding="utf-8") for n in ("phuong", "xa", "dac-khu")}
    assert "ĐẢNG ỦY XÃ TÂN LẬP" in texts["xa"] and "Hội đồng nhân dân xã" in texts["xa"]
    assert "ĐẢNG ỦY ĐẶC KHU PHÚ QUỐC" in texts["dac-khu"] and "Ủy ban nhân dân đặc khu" in texts["dac-khu"]
    assert "phường" not in texts["xa"].split("---", 2)[2].replace("xã, phường, đặc khu", "")
    assert not (builtin("xa").path / "files").exists() and not (builtin("dac-khu").path / "files").exists()


def test_phuong_is_complete(repos: dict[str, ScaffoldResult]) -> None:
    reg = parse_file(repos["phuong"].dest / "quy-che-lam-viec.md")
    counts = reg.counts()
    assert 25 <= counts["articles"] <= 35 and counts["clauses"] >= 75 and counts["points"] >= 10
    text = (repos["phuong"].dest / "quy-che-lam-viec.md").read_text(encoding="utf-8")
    for needle in ("5 rõ", "rõ thời hạn", "ít nhất 4 ngày làm việc mỗi tháng đi cơ sở", "bảng so sánh",
                   "Phó Bí thư, Chủ tịch Ủy ban nhân dân", "Ủy ban Mặt trận Tổ quốc"):
        assert needle in text, needle


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_regulation_is_canonical_markdown(repos: dict[str, ScaffoldResult], name: str) -> None:
    """parse → render gives the same bytes: `quyche fmt --check` has nothing to change."""
    path = repos[name].dest / repos[name].regulation
    text = path.read_text(encoding="utf-8")
    yaml_text, _, _ = split_front_matter(text)
    assert yaml_text is not None
    assert render_markdown(parse_file(path), canonical_front_matter(yaml_text)) == text


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_fmt_check_passes(repos: dict[str, ScaffoldResult], name: str) -> None:
    proc = run_quyche("fmt", "--check", repos[name].regulation, cwd=repos[name].dest)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_check_has_no_findings(repos: dict[str, ScaffoldResult], name: str) -> None:
    proc = run_quyche("check", cwd=repos[name].dest)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "QC" not in proc.stdout + proc.stderr


def _workflow_runs(repo: Path) -> list[str]:
    data = yaml.safe_load((repo / ".github/workflows/quyche.yml").read_text(encoding="utf-8"))
    return [step["run"] for job in data["jobs"].values() for step in job["steps"] if "run" in step]


def test_ci_files_run_check_verify_and_build_the_comparison_table(repos: dict[str, ScaffoldResult]) -> None:
    repo = repos["phuong"].dest
    runs = _workflow_runs(repo)
    assert "quyche check --format github" in runs and "quyche verify" in runs
    trusted = [r for r in runs if "--allowed-signers" in r]
    assert trusted and "origin/$GITHUB_BASE_REF:.quyche/allowed_signers" in trusted[0]
    assert any(r.startswith("quyche diff ") and "--docx -o bang-so-sanh.docx" in r for r in runs)
    workflow = yaml.safe_load((repo / ".github/workflows/quyche.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["kiem-tra"]["steps"]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    assert upload and upload[0]["with"]["path"] == "bang-so-sanh.docx" and "pull_request" in upload[0]["if"]
    gitlab = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["kiem-tra"]["script"] == ["quyche doctor --ci", "quyche check", "quyche verify"]
    assert gitlab["bang-so-sanh"]["artifacts"]["paths"] == ["bang-so-sanh.docx"]
    assert "merge_request_event" in gitlab["bang-so-sanh"]["rules"][0]["if"]
    hooks = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    local = hooks["repos"][0]
    assert local["repo"] == "local" and [h["id"] for h in local["hooks"]] == ["quyche-check", "quyche-fmt"]
    assert (repo / ".gitattributes").read_text(encoding="utf-8").count("eol=lf") >= 1
    assert "*.docx binary" in (repo / ".gitattributes").read_text(encoding="utf-8")


def test_ci_check_command_runs_green_locally(repos: dict[str, ScaffoldResult]) -> None:
    repo = repos["phuong"].dest
    command = next(r for r in _workflow_runs(repo) if r.startswith("quyche check"))
    proc = run_quyche(*shlex.split(command)[1:], cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_repository_has_one_commit_with_everything_and_a_template_base(
    repos: dict[str, ScaffoldResult], name: str
) -> None:
    result = repos[name]
    repo = result.dest
    assert _git(repo, "rev-list", "--count", "HEAD").strip() == "1"
    assert _git(repo, "status", "--porcelain", "--untracked-files=all") == ""
    tracked = set(_git(repo, "ls-files").split())
    assert tracked == {".gitattributes", ".github/workflows/quyche.yml", ".gitignore", ".gitlab-ci.yml",
                       ".pre-commit-config.yaml", ".quyche/allowed_signers", ".quyche/install-quyche.py", "README.md",
                       "quy-che-lam-viec.md",
                       "quyche.yaml"}
    assert _git(repo, "rev-parse", BASE_REF).strip() == result.commit == _git(repo, "rev-parse", "HEAD").strip()
    message = _git(repo, "log", "-1", "--format=%B")
    assert f"Quyche-Template: {name}@1.0.0" in message and "Quyche-Template-Version" not in message
    config = load_config(repo)
    assert config.template is not None and config.template.name == name and config.template.version == "1.0.0"
    assert config.regulations == ["quy-che-lam-viec.md"]
    assert config.level == builtin(name).level and config.unit_name
    assert config.raw["template"]["answers"] == result.answers
    readme = (repo / "README.md").read_text(encoding="utf-8")
    for command in ("quyche check", "quyche fmt", "quyche diff v1 v2 --docx", "quyche round start",
                    "quyche round step", "quyche verify"):
        assert command in readme


def test_answers_recorded_in_quyche_yaml_render_the_same_text_again(
    repos: dict[str, ScaffoldResult], tmp_path: Path
) -> None:
    """What a later upgrade needs: the recorded answers reproduce the pristine render."""
    from quyche.scaffold.scaffold import scaffold

    repo = repos["phuong"].dest
    answers = load_config(repo).raw["template"]["answers"]
    again = scaffold(tmp_path / "again", builtin("phuong"), preset=answers, ask=None)
    assert (again.dest / "quy-che-lam-viec.md").read_bytes() == (repo / "quy-che-lam-viec.md").read_bytes()




def test_ci_comparison_table_line_runs_on_a_change(tmp_path: Path) -> None:
    """The pull-request step of the workflow, with the base branch replaced by the parent commit."""
    from tests.scaffold.scaffold_helpers import make_repo

    repo = make_repo(tmp_path, "phuong").dest
    regulation = repo / "quy-che-lam-viec.md"
    regulation.write_text(regulation.read_text(encoding="utf-8").replace(
        "Bảo đảm sự lãnh đạo của Đảng;", "Bảo đảm sự lãnh đạo toàn diện của Đảng;"), encoding="utf-8")
    _git(repo, "commit", "-qam", "Sửa Điều 2")
    command = next(r for r in _workflow_runs(repo) if r.startswith("quyche diff "))
    argv = [a.replace("origin/$GITHUB_BASE_REF", "HEAD~1") for a in shlex.split(command)[1:]]
    proc = run_quyche(*argv, cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (repo / "bang-so-sanh.docx").stat().st_size > 0
    assert _git(repo, "status", "--porcelain") == ""  # the table is ignored, never committed by accident




def test_ci_verify_line_runs_green_on_a_fresh_repository(repos: dict[str, ScaffoldResult]) -> None:
    repo = repos["phuong"].dest
    command = next(r for r in _workflow_runs(repo) if r.startswith("quyche verify"))
    proc = run_quyche(*shlex.split(command)[1:], cwd=repo)
    assert proc.returncode == 0, proc.stdout + proc.stderr
