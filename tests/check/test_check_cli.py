"""`quyche check` through the real command: formats, exit codes, file discovery, no writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from quyche import PROJECT_URL
from tests.conftest import ROOT, git, run_quyche, validate_sarif

FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE = ROOT / "examples" / "phuong-an-hoa"


def _repo(tmp_path: Path, *codes: str) -> Path:
    """A git repository holding the fail.md fixtures of `codes` (named <code>.md) and a clean one."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for code in codes:
        shutil.copy(FIXTURES / "rules" / code / "fail.md", repo / f"{code.lower()}.md")
    shutil.copy(FIXTURES / "rules" / "QC101" / "pass.md", repo / "sach.md")
    return repo


def test_bundled_example_passes_with_zero_findings() -> None:
    proc = run_quyche("check", cwd=EXAMPLE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Đã kiểm tra 1 tệp: không có lỗi nào." in proc.stdout


def test_text_output_exit_1_and_summary(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "QC101", "QC406")
    monkeypatch.chdir(repo)
    result = cli("check", "qc101.md", "qc406.md", "sach.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("qc101.md:33:3: QC101 [lỗi] Số chương không liên tục")
    assert lines[1].startswith("    → Hãy đánh lại số chương")
    assert any(line.startswith("qc406.md:49:") and "QC406 [cảnh báo]" in line for line in lines)
    assert lines[-1] == "Đã kiểm tra 3 tệp: 1 lỗi, 1 cảnh báo, 0 thông tin."
    assert "Traceback" not in result.output


def test_warnings_only_exit_0(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "QC406")
    monkeypatch.chdir(repo)
    assert cli("check", "qc406.md").exit_code == 0


def test_json_fields(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "QC201")
    monkeypatch.chdir(repo)
    result = cli("check", "--format", "json", "qc201.md")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["files"] == 1 and data["summary"] == {"error": 3, "warning": 0, "info": 0}
    first = data["findings"][0]
    assert {"file", "line", "column", "code", "severity", "message", "hint", "rule"} <= set(first)
    assert (first["file"], first["line"], first["code"], first["severity"]) == ("qc201.md", 45, "QC201", "error")
    assert "không trỏ đến đâu" in first["message"]


def test_sarif_is_valid_and_carries_rule_help(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "QC101", "QC406")
    (repo / "hong.md").write_bytes(b"\x00\x01binary")
    monkeypatch.chdir(repo)
    result = cli("check", "--format", "sarif", "qc101.md", "qc406.md", "hong.md")
    assert result.exit_code == 2  # one file is unreadable
    log = json.loads(result.stdout)
    validate_sarif(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    by_id = {r["id"]: r for r in rules}
    assert by_id["QC101"]["name"] == "chapter-sequence"
    assert "### Sai" in by_id["QC101"]["help"]["markdown"] and by_id["QC101"]["defaultConfiguration"]["level"] == "error"
    assert by_id["QC406"]["defaultConfiguration"]["level"] == "warning"
    levels = {r["ruleId"]: r["level"] for r in run["results"]}
    assert levels == {"QC101": "error", "QC406": "warning"}
    res = next(r for r in run["results"] if r["ruleId"] == "QC101")
    assert rules[res["ruleIndex"]]["id"] == "QC101"
    assert by_id["QC101"]["helpUri"] == f"{PROJECT_URL}/blob/main/docs/rules.md#qc101-chapter-sequence"
    assert run["tool"]["driver"]["informationUri"] == PROJECT_URL
    loc = res["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "qc101.md", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 33
    notes = run["invocations"][0]
    assert notes["executionSuccessful"] is False
    assert "tệp nhị phân" in notes["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_schema_rejects_a_broken_log() -> None:
    import jsonschema

    bad = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "q"}},
                                         "results": [{"message": {"text": "x"}, "level": "fatal"}]}]}
    with pytest.raises(jsonschema.ValidationError):
        validate_sarif(bad)
    unencoded = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "q"}}, "results": [
        {"message": {"text": "x"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "quy chế.md"}}}]}]}]}
    with pytest.raises(jsonschema.ValidationError, match="uri-reference"):
        validate_sarif(unencoded)  # the format checker really runs


def test_sarif_uris_are_encoded_and_relative_to_the_repository_root(tmp_path: Path) -> None:
    """A Vietnamese file name with a space, in a sub-folder with its own quyche.yaml (issue 10)."""
    repo = _repo(tmp_path, "QC101")
    regs = repo / "van ban"
    regs.mkdir()
    shutil.copy(FIXTURES / "rules" / "QC101" / "fail.md", regs / "quy chế 2026.md")
    (regs / "quyche.yaml").write_text("regulations:\n  - quy chế 2026.md\n", encoding="utf-8")
    text = run_quyche("check", "van ban/quy chế 2026.md", cwd=repo)
    assert text.returncode == 1 and text.stdout.startswith("van ban/quy chế 2026.md:33:")
    proc = run_quyche("check", "--format", "sarif", "van ban", "qc101.md", cwd=repo)
    assert proc.returncode == 1, proc.stderr
    log = json.loads(proc.stdout)
    validate_sarif(log)
    run = log["runs"][0]
    artifacts = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"]]
    assert {a["uri"] for a in artifacts} == {"van%20ban/quy%20ch%E1%BA%BF%202026.md", "qc101.md"}
    assert all(a["uriBaseId"] == "%SRCROOT%" for a in artifacts)
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"
    prints = [r["partialFingerprints"]["quycheFinding/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)
    # from a sub-folder the URIs stay relative to the repository root, where GitHub looks
    inner = json.loads(run_quyche("check", "--format", "sarif", "quy chế 2026.md", cwd=regs).stdout)
    inner_uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in inner["runs"][0]["results"]}
    assert inner_uris == {"van%20ban/quy%20ch%E1%BA%BF%202026.md"}
    # fingerprints do not move with the line
    again = json.loads(run_quyche("check", "--format", "sarif", "quy chế 2026.md", cwd=regs).stdout)
    before = [r["partialFingerprints"] for r in again["runs"][0]["results"]]
    body = (regs / "quy chế 2026.md").read_text(encoding="utf-8")
    (regs / "quy chế 2026.md").write_text(body.replace("\n## ", "\nMột đoạn thêm.\n\n## ", 1), encoding="utf-8")
    moved = json.loads(run_quyche("check", "--format", "sarif", "quy chế 2026.md", cwd=regs).stdout)
    assert [r["partialFingerprints"] for r in moved["runs"][0]["results"]] == before


def test_github_annotations(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "QC101", "QC406")
    monkeypatch.chdir(repo)
    result = cli("check", "--format", "github", "qc101.md", "qc406.md")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=qc101.md,line=33,col=3,title=QC101::Số chương")
    assert "%0AHãy đánh lại" in lines[0]
    assert lines[1].startswith("::warning file=qc406.md,line=49,")


def test_default_files_from_quyche_yaml_and_discovery(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "QC101")
    (repo / "README.md").write_text("# Hướng dẫn\n\n## Điều 1. Ví dụ\n\nKhông phải quy chế.\n", encoding="utf-8")
    (repo / "docs").mkdir()
    (repo / "docs" / "vi-du.md").write_text("# Ví dụ\n\n```markdown\n## Điều 1. A\n```\n", encoding="utf-8")
    (repo / "node_modules").mkdir()
    shutil.copy(repo / "qc101.md", repo / "node_modules" / "x.md")
    monkeypatch.chdir(repo)
    result = cli("check", "--format", "json")
    files = {f["file"] for f in json.loads(result.stdout)["findings"]}
    assert json.loads(result.stdout)["files"] == 2 and files == {"qc101.md"}
    (repo / "quyche.yaml").write_text("regulations:\n  - sach.md\n", encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 0 and "Đã kiểm tra 1 tệp" in result.stdout
    (repo / "quyche.yaml").write_text("regulations:\n  - khong-co.md\n", encoding="utf-8")
    result = cli("check")
    assert result.exit_code == 2 and "khong-co.md" in result.stderr and "không tìm thấy" in result.stderr


def test_folder_argument_and_nothing_found(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "QC101")
    monkeypatch.chdir(tmp_path)
    assert cli("check", "repo").exit_code == 1
    empty = tmp_path / "rong"
    empty.mkdir()
    (empty / ".git").mkdir()
    monkeypatch.chdir(empty)
    result = cli("check")
    assert result.exit_code == 2 and "Không tìm thấy tệp quy chế nào" in result.stderr
    del repo


def test_bad_arguments_exit_2(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path)
    monkeypatch.chdir(repo)
    result = cli("check", "--format", "xml", "sach.md")
    assert result.exit_code == 2 and "Dạng kết quả `xml` không có" in result.stderr
    result = cli("check", "--select", "E501", "sach.md")
    assert result.exit_code == 2 and "Mã quy tắc `E501` không hợp lệ" in result.stderr
    result = cli("check", "khong-co.md", "sach.md")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "khong-co.md" in result.stderr


def test_select_and_ignore_options(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path, "QC101", "QC406")
    monkeypatch.chdir(repo)
    assert cli("check", "--ignore", "QC1", "qc101.md").exit_code == 0
    result = cli("check", "--select", "QC4", "-f", "json", "qc101.md", "qc406.md")
    assert {f["code"] for f in json.loads(result.stdout)["findings"]} == {"QC406"}


def test_broken_quyche_yaml_exit_2(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _repo(tmp_path)
    (repo / "quyche.yaml").write_text("check:\n  severity:\n    QC101: rat-nang\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    result = cli("check", "sach.md")
    assert result.exit_code == 2 and "quyche.yaml" in result.stderr and "check.severity.QC101" in result.stderr


def test_check_never_writes(tmp_path: Path) -> None:
    """Nothing but its own cache folder (.quyche/cache, ignored by git) is written."""
    repo = _repo(tmp_path, "QC101", "QC401", "QC407")
    cache = repo / ".quyche" / "cache"

    def files() -> dict[Path, tuple[bytes, int]]:
        return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in repo.rglob("*")
                if p.is_file() and cache not in p.parents}

    before = files()
    for fmt in ("text", "json", "sarif", "github"):
        proc = run_quyche("check", "--format", fmt, cwd=repo)
        assert proc.returncode == 1, proc.stderr
    assert files() == before


def test_parallel_run_equals_serial(tmp_path: Path) -> None:
    repo = _repo(tmp_path, "QC101", "QC201", "QC404", "QC303")
    serial = run_quyche("check", "-f", "json", "-j", "1", cwd=repo)
    parallel = run_quyche("check", "-f", "json", "-j", "2", cwd=repo)
    assert serial.returncode == parallel.returncode == 1
    assert json.loads(serial.stdout) == json.loads(parallel.stdout)


def test_github_annotations_name_files_from_the_repository_root(tmp_path: Path) -> None:
    """Run from a sub-folder (by name, and by discovery through quyche.yaml at the root): every
    `file=` is the path GitHub knows, from the repository root, never absolute nor `../`."""
    repo = _repo(tmp_path, "QC101")
    regs = repo / "van ban"
    regs.mkdir()
    shutil.copy(FIXTURES / "rules" / "QC406" / "fail.md", regs / "quy chế, 2026.md")
    (repo / "quyche.yaml").write_text("regulations:\n  - qc101.md\n  - van ban/quy chế, 2026.md\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "quy chế")
    named = run_quyche("check", "--format", "github", "quy chế, 2026.md", cwd=regs)
    assert named.returncode == 0, named.stderr  # QC406 is a warning
    assert named.stdout.startswith("::warning file=van ban/quy chế%2C 2026.md,line=49,")
    found = run_quyche("check", "--format", "github", cwd=regs / ".." / "van ban")
    files = sorted(line.split("file=", 1)[1].split(",", 1)[0] for line in found.stdout.splitlines())
    assert found.returncode == 1 and files == ["qc101.md", "van ban/quy chế%2C 2026.md"], found.stdout + found.stderr
    sarif = json.loads(run_quyche("check", "--format", "sarif", cwd=regs).stdout)
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"])
    assert uris == ["qc101.md", "van%20ban/quy%20ch%E1%BA%BF%2C%202026.md"]
    # outside any repository the path stays as given
    outside = tmp_path / "ngoai"
    outside.mkdir()
    shutil.copy(FIXTURES / "rules" / "QC101" / "fail.md", outside / "qc.md")
    alone = run_quyche("check", "--format", "github", "qc.md", cwd=outside)
    assert alone.stdout.startswith("::error file=qc.md,line=33,")
