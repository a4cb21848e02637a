"""The findings cache of `quyche check` (quyche/check/cache.py), on real files and a real git
history: an unchanged file is not checked again, any change of an input rechecks exactly what
it touches, a damaged cache is only a miss. `CheckRun.checked` lists the files really checked,
`CheckRun.hashed` the files whose stat signature did not answer and were read and hashed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from quyche.check.cache import INDEX_PREFIX, MAX_INDEXES, RACY_NS, ROUND_FILES, FindingsCache
from quyche.check.runner import CheckRun, run_checks
from quyche.commands.check_baseline import MEMO_NAME, open_round_start, remembered_round_start
from quyche.config import MEMO_NAME as MEMO_YAML
from quyche.config import load_config
from tests.check.helpers import FRONT
from tests.conftest import ROOT, git, run_quyche
from tests.workflow.roundkit import REG, plain_repo, run_cli

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


def _check(repo: Path, paths: list[Path], cache: Path, *, racy_ns: int | None = None) -> CheckRun:
    config = load_config(repo)
    store: Path | FindingsCache = cache
    if racy_ns is not None:  # trust the stat signature of files written a moment ago
        store = FindingsCache.open(cache, config, racy_ns=racy_ns)
    return run_checks(paths, config, jobs=1, cache_dir=store)


def _run(repo: Path, paths: list[Path], cache: Path, **kw: int) -> tuple[list[str], list[tuple[str, int, str]]]:
    run = _check(repo, paths, cache, **kw)
    return [Path(p).name for p in run.checked], [(Path(f.path).name, f.span.line, f.code) for f in run.findings]


def _index(cache: Path, part: str = "files") -> dict[str, list[object]]:
    (found,) = cache.glob(f"{INDEX_PREFIX}*.json")
    entries = json.loads(found.read_text(encoding="utf-8"))[part]
    assert isinstance(entries, dict)
    return entries


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
    assert sorted(p.name for p in cache.iterdir() if not p.name.startswith(INDEX_PREFIX)) == [".gitignore"]
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_an_edit_keeping_size_and_times_is_caught_by_the_racy_window(tmp_path: Path) -> None:
    """A file changed within RACY_NS of the run keeps no stat signature: a rewrite of the same
    size in the same clock tick (here: the old mtime put back) is read and rechecked."""
    repo, paths = _repo(tmp_path, files=1)
    cache = tmp_path / "cache"
    _run(repo, paths, cache)
    entry = _index(cache)[str(paths[0])]
    assert entry[:4] == [None, None, None, None]  # written a moment ago: not trusted
    st = paths[0].stat()
    paths[0].write_text(FRONT + BODY.replace("Điều 9", "Điều 2"), encoding="utf-8")  # same size
    os.utime(paths[0], ns=(st.st_atime_ns, st.st_mtime_ns))
    assert paths[0].stat().st_size == st.st_size
    run = _check(repo, paths, cache)
    assert run.hashed == 1 and [Path(p).name for p in run.checked] == ["qc-0.md"]
    assert all(f.code != "QC201" for f in run.findings)


def test_touch_without_change_is_a_hit_and_the_new_signature_is_recorded(tmp_path: Path) -> None:
    repo, paths = _repo(tmp_path)
    cache = tmp_path / "cache"
    _run(repo, paths, cache, racy_ns=0)
    run = _check(repo, paths, cache, racy_ns=0)
    assert (run.checked, run.hashed, run.cached) == ([], 0, 3)  # the stat signature answered
    st = paths[2].stat()
    os.utime(paths[2], ns=(st.st_atime_ns, st.st_mtime_ns - 5_000_000_000))  # touched: other times
    run = _check(repo, paths, cache, racy_ns=0)
    assert (run.checked, run.hashed) == ([], 1)  # read and hashed: same bytes, a hit
    run = _check(repo, paths, cache, racy_ns=0)
    assert (run.checked, run.hashed) == ([], 0)  # the new signature was recorded


def test_checkout_restoring_the_same_bytes_is_a_hit(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho")
    path = repo / REG
    cache = tmp_path / "cache"
    first = _check(repo, [path], cache, racy_ns=0)
    assert first.checked == [str(path)]
    git(repo, "checkout", "-q", "-b", "sua")
    path.write_text(path.read_text(encoding="utf-8") + "\nMột câu thêm.\n", encoding="utf-8")
    git(repo, "commit", "-qam", "thêm một câu")
    git(repo, "checkout", "-q", "-")  # back: the same bytes again, new times
    again = _check(repo, [path], cache, racy_ns=0)
    assert again.checked == [] and again.hashed == 1
    assert again.findings == first.findings
    assert _check(repo, [path], cache, racy_ns=0).hashed == 0  # the new times were recorded
    git(repo, "checkout", "-q", "sua")
    assert _check(repo, [path], cache, racy_ns=0).checked == [str(path)]  # never seen
    git(repo, "checkout", "-q", "-")
    assert _check(repo, [path], cache, racy_ns=0).checked == []  # both versions are remembered
    git(repo, "checkout", "-q", "sua")
    assert _check(repo, [path], cache, racy_ns=0).checked == []


@pytest.mark.parametrize("racy_ns", [0, RACY_NS], ids=["stat-answers", "hashed"])
def test_a_new_path_with_the_same_content_is_checked(tmp_path: Path, racy_ns: int) -> None:
    """Findings name their file (and QC501 reads whether quyche.yaml lists it): a file moved
    or shown under another path is a miss."""
    repo, paths = _repo(tmp_path, files=1)
    cache = tmp_path / "cache"
    _run(repo, paths, cache, racy_ns=racy_ns)
    moved = repo / "qc-moi.md"
    paths[0].rename(moved)
    checked, found = _run(repo, [moved], cache, racy_ns=racy_ns)
    assert checked == ["qc-moi.md"] and {name for name, _l, _c in found} == {"qc-moi.md"}
    assert _check(repo, [moved], cache, racy_ns=racy_ns).checked == []
    relative = Path(os.path.relpath(moved))
    run = _check(repo, [relative], cache, racy_ns=racy_ns)
    assert run.checked == [str(relative)]  # another shown path: the findings name it
    assert {f.path for f in run.findings} == {str(relative)}
    assert _check(repo, [relative], cache, racy_ns=racy_ns).checked == []
    again = _check(repo, [moved], cache, racy_ns=racy_ns)  # its result is still there
    assert again.checked == [] and {f.path for f in again.findings} == {str(moved)}


def test_configuration_version_and_round_files_invalidate(tmp_path: Path) -> None:
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
    assert FindingsCache.open(cache, config).lookup(paths[0])[0] is not None
    older = FindingsCache.open(cache, config, version="0.0.1")
    assert older.lookup(paths[0])[0] is None  # another version of quyche: a miss
    config.check.select = ["QC2"]  # `--select` on the command line
    assert FindingsCache.open(cache, config).lookup(paths[0])[0] is None
    # QC5xx reads the repeals of revision rounds besides the file itself
    (repo / "vong" / "vong-1").mkdir(parents=True)
    (repo / "vong" / "vong-1" / "round.yaml").write_text("bai-bo: []\n", encoding="utf-8")
    assert len(_run(repo, paths, cache)[0]) == 3
    assert _run(repo, paths, cache)[0] == []
    (repo / "vong" / "vong-1" / "round.yaml").write_text("bai-bo:\n  - article: pham-vi\n    reason: gộp\n",
                                                         encoding="utf-8")
    assert len(_run(repo, paths, cache)[0]) == 3


def test_round_files_are_the_ones_conformance_reads() -> None:
    from quyche.check.rules.conformance import REPEALS_GLOB

    assert ROUND_FILES == REPEALS_GLOB


def test_damaged_index_and_entries_are_misses_not_errors(tmp_path: Path) -> None:
    repo, paths = _repo(tmp_path)
    cache = tmp_path / "cache"
    _, cold = _run(repo, paths, cache)
    (index,) = cache.glob(f"{INDEX_PREFIX}*.json")
    data = json.loads(index.read_text(encoding="utf-8"))
    files, results = data["files"], data["results"]
    results[files[str(paths[0])][-1]][-1] = [[1, 2, 3]]  # a finding of the wrong shape
    files[str(paths[1])] = "rác"
    files[str(paths[2])][-1] = "0" * 64  # a result that is not there
    index.write_text(json.dumps(data), encoding="utf-8")
    checked, found = _run(repo, paths, cache)
    assert checked == ["qc-0.md"] and found == cold  # the others: the same bytes' results
    assert _run(repo, paths, cache)[0] == []  # rewritten whole
    for garbage in (b"\x00garbage{", b"[]", b'{"key": "x"}', b"[" * 100_000):
        index.write_bytes(garbage)
        checked, found = _run(repo, paths, cache)
        assert len(checked) == 3 and found == cold
        assert _run(repo, paths, cache)[0] == []


def test_the_cache_is_bounded(tmp_path: Path) -> None:
    repo, paths = _repo(tmp_path, files=6)
    cache = tmp_path / "cache"
    config = load_config(repo)
    store = FindingsCache.open(cache, config)
    for p in paths:
        _found, probe = store.lookup(p)
        assert probe is not None
        store.store(probe, [])
    store.save(limit=4)
    assert len(_index(cache)) == 4 and len(_index(cache, "results")) == 4
    # the indexes of other configurations: the most recent MAX_INDEXES stay
    for i in range(MAX_INDEXES + 3):
        config.check.ignore = [f"QC{i:03d}"]
        run_checks(paths[:1], config, jobs=1, cache_dir=cache)
    assert len(list(cache.glob(f"{INDEX_PREFIX}*.json"))) == MAX_INDEXES


def test_two_runs_at_once_leave_a_readable_cache(tmp_path: Path) -> None:
    repo, _paths = _repo(tmp_path, files=60)
    cache = tmp_path / "cache"
    cmd = [sys.executable, "-m", "quyche", "check", "--format", "json", "--cache-dir", str(cache)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    expected = run_quyche("check", "--format", "json", "--no-cache", cwd=repo).stdout
    for _round in range(3):
        procs = [subprocess.Popen(cmd, cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        outs = [p.communicate() for p in procs]
        assert [p.returncode for p in procs] == [1, 1], [err for _out, err in outs]
        assert [out for out, _err in outs] == [expected, expected]
        assert len(_index(cache)) == 60  # one whole index: the last writer's
        for p in repo.glob("qc-1*.md"):  # some files change between the rounds
            p.write_text(p.read_text(encoding="utf-8") + f"\nVòng {_round}.\n", encoding="utf-8")
        expected = run_quyche("check", "--format", "json", "--no-cache", cwd=repo).stdout
    assert not [p.name for p in cache.iterdir() if p.suffix == ".tmp"]


@pytest.mark.parametrize("racy_ns", [0, RACY_NS], ids=["stat-answers", "hashed"])
def test_since_keys_on_the_files_own_earlier_blob(tmp_path: Path, racy_ns: int) -> None:
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
        store = FindingsCache.open(cache, config, racy_ns=racy_ns)
        return sorted(Path(p).name for p in run_checks(paths, config, jobs=1, cache_dir=store).checked)

    assert checked("v1") == ["phu-luc.md", REG]
    assert checked("v1") == []
    assert checked("v2") == [REG]  # the appendix is the same blob at v1 and v2
    assert checked("v2") == []
    assert checked(None) == ["phu-luc.md", REG]  # no baseline: QC205 does not run, another index


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
    assert fourth.stdout == first.stdout and list(mine.glob(f"{INDEX_PREFIX}*.json"))


def _imported(repo: Path, *args: str) -> set[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "quyche", "check", *args], cwd=repo, env=env,
                          capture_output=True, text=True, check=False)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_a_warm_run_imports_neither_the_parser_nor_the_rules(tmp_path: Path) -> None:
    repo, _paths = _repo(tmp_path)
    # -X importtime does not list modules imported by importlib.import_module (the rule modules
    # themselves): the rules are seen through quyche.check.index, which they import
    cold = _imported(repo, "--format", "json")
    assert {"quyche.parse.body", "quyche.check.index"} <= cold
    assert "yaml" in _imported(repo, "--format", "json")  # the cache folder exists now: quyche.yaml's data goes in
    for fmt in ("json", "text", "github"):
        warm = _imported(repo, "--format", fmt)
        assert not {m for m in warm if m.startswith(("quyche.parse", "quyche.check.index", "quyche.check.rules.",
                                                     "quyche.workflow", "quyche.model.document", "yaml"))}, fmt
    assert "quyche.check.index" in _imported(repo, "--format", "sarif")  # SARIF lists every rule


def test_the_open_rounds_start_is_remembered_per_commit(tmp_path: Path) -> None:
    repo = plain_repo(tmp_path / "kho", "procedure:\n  signing: optional\n")
    folder = tmp_path / "cache"
    folder.mkdir()
    assert remembered_round_start(repo, folder) is None  # no round yet
    code, out = run_cli(repo, "round", "start", "Vòng 1", "--date", "2026-02-02", "--no-sign",
                        "--member", "Nguyễn Văn An=Tổ trưởng")
    assert code == 0, out
    start = git(repo, "rev-parse", "HEAD").stdout.strip()
    assert open_round_start(repo) == start
    assert remembered_round_start(repo, folder) == start  # a new commit: computed again
    assert json.loads((folder / MEMO_NAME).read_text(encoding="utf-8"))["start"] == start
    assert remembered_round_start(repo, folder) == start  # from the memo
    (repo / "ghi-chu.md").write_text("Ghi chú.\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "ghi chú")
    assert remembered_round_start(repo, folder) == start  # another commit, the same open round
    assert remembered_round_start(tmp_path / "khong-phai-kho", folder) is None


def test_quyche_yaml_is_remembered_by_its_bytes(tmp_path: Path) -> None:
    """A warm run takes quyche.yaml's data from the cache folder (no YAML reader); any edit of
    the file is read again, and data JSON cannot hold exactly (a date) is never remembered."""
    repo, _paths = _repo(tmp_path)
    memo = repo / ".quyche" / "cache" / "check" / MEMO_YAML
    first = run_quyche("check", "--format", "json", cwd=repo)
    assert first.returncode == 1 and '"QC201"' in first.stdout
    run_quyche("check", "--format", "json", cwd=repo)
    assert json.loads(memo.read_text(encoding="utf-8"))["data"] == {"unit": {"name": "Đảng ủy phường An Hòa"}}
    assert "yaml" not in _imported(repo, "--format", "json")
    (repo / "quyche.yaml").write_text("unit:\n  name: Đảng ủy phường An Hòa\ncheck:\n  ignore: [QC201]\n",
                                      encoding="utf-8")
    second = run_quyche("check", "--format", "json", cwd=repo)
    assert second.returncode == 0 and '"QC201"' not in second.stdout
    assert json.loads(memo.read_text(encoding="utf-8"))["data"]["check"] == {"ignore": ["QC201"]}
    (repo / "quyche.yaml").write_text("unit:\n  name: [không đóng\n", encoding="utf-8")
    broken = run_quyche("check", "--format", "json", cwd=repo)
    assert broken.returncode == 2 and "quyche.yaml" in broken.stderr  # read again, not the memo
    memo.unlink()
    (repo / "quyche.yaml").write_text("unit:\n  name: Đảng ủy\n  since: 2020-01-01\n", encoding="utf-8")
    for _ in range(2):
        assert run_quyche("check", "--format", "json", cwd=repo).returncode == 1
    assert not memo.exists()
