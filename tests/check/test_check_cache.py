"""The findings cache of `quyche check` (quyche/check/cache.py), on real files and a real git
history: an unchanged file is not checked again, any change of an input rechecks exactly what
it touches, a damaged cache is only a miss. `CheckRun.checked` lists the files really checked."""

from __future__ import annotations

import json
from pathlib import Path

from quyche.check.cache import FindingsCache
from quyche.check.runner import enabled_rules, run_checks
from quyche.config import load_config
from tests.check.helpers import FRONT
from tests.conftest import git, run_quyche
from tests.workflow.roundkit import REG, plain_repo

BODY = "# Chương I. QUY ĐỊNH CHUNG\n\n## Điều 1. Phạm vi\n\nTheo Điều 9 Quy chế này.\n\n## Điều 2. Đối tượng\n\nĐảng viên.\n"


def _repo(tmp_path: Path, files: int = 3, yaml: str = "") -> tuple[Path, list[Path]]:
    repo = tmp_path / "kho"
    repo.mkdir()
    paths = []
    for i in range(files):
        p = repo / f"qc-{i}.md"
        p.write_text(FRONT + BODY, encoding="utf-8")
        paths.append(p)
    (repo / "quyche.yaml").write_text(yaml or "unit:\n  name: Đảng ủy phường An Hòa\n", encoding="utf-8")
    return repo, paths


def _run(repo: Path, paths: list[Path], cache: Path | None, **kw: object) -> tuple[list[str], list[tuple[str, int, str]]]:
    run = run_checks(paths, load_config(repo), jobs=1, cache_dir=cache)
    return [Path(p).name for p in run.checked], [(Path(f.path).name, f.span.line, f.code) for f in run.findings]


def test_unchanged_files_come_from_the_cache_and_an_edit_rechecks_only_that_file(tmp_path: Path) -> None:
    repo, paths = _repo(tmp_path)
    cache = tmp_path / "cache"
    checked, cold = _run(repo, paths, cache)
    assert checked == ["qc-0.md", "qc-1.md", "qc-2.md"]
    assert ("qc-1.md", 19, "QC201") in cold  # Điều 9 does not exist
    checked, warm = _run(repo, paths, cache)
    assert checked == [] and warm == cold  # same findings, same order, nothing parsed
    paths[1].write_text(FRONT + BODY.replace("Điều 9", "Điều 2"), encoding="utf-8")
    checked, after = _run(repo, paths, cache)
    assert checked == ["qc-1.md"]
    assert ("qc-1.md", 19, "QC201") not in after and ("qc-0.md", 19, "QC201") in after
    assert [p.name for p in (cache.iterdir())].count(".gitignore") == 1
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_configuration_and_version_changes_invalidate(tmp_path: Path) -> None:
    repo, paths = _repo(tmp_path)
    cache = tmp_path / "cache"
    _run(repo, paths, cache)
    (repo / "quyche.yaml").write_text("check:\n  ignore: [QC201]\n", encoding="utf-8")
    checked, found = _run(repo, paths, cache)
    assert len(checked) == 3 and all(code != "QC201" for _n, _l, code in found)
    (repo / "quyche.yaml").write_text("check:\n  severity:\n    QC201: info\n", encoding="utf-8")
    assert len(_run(repo, paths, cache)[0]) == 3
    assert _run(repo, paths, cache)[0] == []
    config = load_config(repo)
    enabled = enabled_rules(config.check)
    now = FindingsCache.for_run(cache, config, enabled)
    key = now.key(paths[0], paths[0].read_bytes())
    assert now.get(key) is not None
    older = FindingsCache.for_run(cache, config, enabled, version="0.0.1")
    assert older.get(older.key(paths[0], paths[0].read_bytes())) is None  # another version: a miss


def test_damaged_entries_are_misses_not_errors(tmp_path: Path) -> None:
    repo, paths = _repo(tmp_path)
    cache = tmp_path / "cache"
    _, cold = _run(repo, paths, cache)
    entries = sorted(cache.glob("*/*.json"))
    assert len(entries) == 3
    entries[0].write_bytes(b"\x00garbage{")
    entries[1].write_text(json.dumps({"key": "someone else", "findings": []}), encoding="utf-8")
    data = json.loads(entries[2].read_text(encoding="utf-8"))
    data["findings"] = [[1, 2, 3]]
    entries[2].write_text(json.dumps(data), encoding="utf-8")
    checked, found = _run(repo, paths, cache)
    assert len(checked) == 3 and found == cold
    assert _run(repo, paths, cache)[0] == []  # rewritten whole


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    repo, _paths = _repo(tmp_path, files=5)
    cache = tmp_path / "cache"
    config = load_config(repo)
    store = FindingsCache.for_run(cache, config, enabled_rules(config.check))
    for i in range(7):
        store.put(f"{i:02d}" + "ab" * 31, [])
    assert store.prune(limit=4) == 3
    assert len(list(cache.glob("*/*.json"))) == 4


def test_since_keys_on_the_files_own_earlier_blob(tmp_path: Path) -> None:
    """QC205 reads the file at `--since`: the entry is keyed by that blob, so a new baseline
    rechecks only the files whose earlier text differs."""
    repo = plain_repo(tmp_path / "kho")
    other = repo / "phu-luc.md"
    other.write_text(FRONT + BODY, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "phụ lục")
    git(repo, "tag", "v1")
    (repo / REG).write_text((repo / REG).read_text(encoding="utf-8") + "\nThêm một câu.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "sửa quy chế")
    git(repo, "tag", "v2")
    paths = [repo / REG, other]
    cache = tmp_path / "cache"

    def checked(since: str | None) -> list[str]:
        config = load_config(repo)
        config.check.since = since
        return sorted(Path(p).name for p in run_checks(paths, config, jobs=1, cache_dir=cache).checked)

    assert checked("v1") == ["phu-luc.md", REG]
    assert checked("v1") == []
    assert checked("v2") == [REG]  # the appendix is the same blob at v1 and v2
    assert checked("v2") == []
    assert checked(None) == ["phu-luc.md", REG]  # no baseline: QC205 does not run, other entries


def test_cli_writes_the_cache_in_the_repository_ignored_by_git_and_no_cache_bypasses(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    first = run_quyche("check", "--format", "json", cwd=repo)
    folder = repo / ".quyche" / "cache" / "check"
    assert first.returncode in (0, 1) and folder.is_dir(), first.stderr
    assert git(repo, "status", "--porcelain").stdout == ""  # the folder ignores itself
    second = run_quyche("check", "--format", "json", cwd=repo)
    assert second.stdout == first.stdout
    mine = tmp_path / "khac"
    third = run_quyche("check", "--format", "json", "--no-cache", "--cache-dir", str(mine), cwd=repo)
    assert third.stdout == first.stdout and not mine.exists()
    fourth = run_quyche("check", "--format", "json", "--cache-dir", str(mine), cwd=repo)
    assert fourth.stdout == first.stdout and list(mine.glob("*/*.json"))
