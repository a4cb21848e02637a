"""What an unchanged unit is keyed on (one `git show-ref`) agrees with `git rev-parse` for every
way a unit's ref can be given, and the one `git cat-file --batch` reader stays in step."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from quyche.errors import RevisionError
from quyche.overview.status import locate
from quyche.vcs import ObjectReader, open_reader
from quyche.workflow.history import read_objects
from tests.workflow.roundkit import git


def _peeled(repo: Path, target: str) -> str:
    return git(repo, "rev-parse", "--verify", f"{target}^{{commit}}").strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two commits on main, an annotated tag v1 on the first, a light tag on the second, a
    branch `x` and a tag `x` on different commits (git reads the tag first)."""
    repo = tmp_path / "kho"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    for n in (1, 2):
        (repo / "a.md").write_text(f"{n}\n", encoding="utf-8")
        git(repo, "add", "a.md")
        git(repo, "commit", "-qm", f"c{n}")
        if n == 1:
            git(repo, "tag", "-a", "-m", "một", "v1")
            git(repo, "tag", "x")
    git(repo, "tag", "nhe")
    git(repo, "branch", "x")
    return repo


@pytest.mark.parametrize("ref", ["HEAD", "main", "refs/heads/main", "v1", "x", "heads/main", "main~1", "v1^{}",
                                 "nhe"])
def test_the_keyed_object_is_the_commit_git_reads(repo: Path, ref: str) -> None:
    target, tags = locate(repo, ref)
    assert _peeled(repo, target) == _peeled(repo, ref)
    assert [line.split()[1] for line in tags.splitlines()] == ["refs/tags/nhe", "refs/tags/v1", "refs/tags/x"]


def test_packed_refs_detached_head_and_full_ids(repo: Path) -> None:
    first = _peeled(repo, "main~1")
    git(repo, "pack-refs", "--all")
    assert _peeled(repo, locate(repo, "main")[0]) == _peeled(repo, "main")
    git(repo, "checkout", "-q", "--detach", first)
    assert locate(repo, "HEAD")[0] == first
    assert locate(repo, first)[0] == first


def test_a_new_tag_changes_the_key_and_a_missing_ref_is_a_revision_error(repo: Path) -> None:
    before = locate(repo, "HEAD")
    git(repo, "tag", "-a", "-m", "hai", "v2")
    after = locate(repo, "HEAD")
    assert after[0] == before[0] and after[1] != before[1]
    with pytest.raises(RevisionError):
        locate(repo, "khong-co")
    empty = repo.parent / "rong"
    git(repo.parent, "init", "-q", str(empty))
    with pytest.raises(RevisionError):
        locate(empty, "HEAD")


def test_a_bare_mirror_reads_its_own_head(repo: Path) -> None:
    mirror = repo.parent / "guong.git"
    git(repo.parent, "clone", "-q", "--mirror", str(repo), str(mirror))
    assert locate(mirror, "HEAD")[0] == _peeled(repo, "HEAD")
    assert _peeled(mirror, locate(mirror, "x")[0]) == _peeled(repo, "x")


def test_one_reader_answers_in_step_and_read_objects_uses_it(repo: Path) -> None:
    head = _peeled(repo, "HEAD")
    with ObjectReader(repo) as reader:
        assert open_reader(repo) is reader
        assert reader.read(f"{head}:a.md") is not None
        assert reader.read(f"{head}:khong-co.md") is None
        assert reader.read("dòng\nmới") is None
        assert reader.read(f"{head}:a.md", limit=1) is None  # too large: skipped, and the next answer lines up
        found = reader.read(f"{head}:a.md")
        assert found is not None and found[1:] == ("blob", b"2\n")
        assert read_objects(repo, [f"{head}:a.md", "khong-co"]) == {f"{head}:a.md": b"2\n"}
    assert open_reader(repo) is None
    assert reader.read(f"{head}:a.md") is None  # closed
    assert read_objects(repo, [f"{head}:a.md"]) == {f"{head}:a.md": b"2\n"}  # one-off again


def test_the_reader_survives_git_ending(repo: Path) -> None:
    with ObjectReader(repo) as reader:
        assert reader._proc is not None
        reader._proc.kill()
        reader._proc.wait()
        assert reader.read("HEAD") is None
        assert reader.read("HEAD") is None
    assert subprocess.run(["git", "-C", str(repo), "status"], capture_output=True, check=False).returncode == 0


def test_without_settings_the_regulation_is_found_in_the_top_tree(tmp_path: Path) -> None:
    """No quyche.yaml: the first top-level .md that is not a README (as `git ls-tree` lists them),
    whatever its name; folders and their files are not candidates."""
    import shutil

    from quyche.overview.status import collect
    from quyche.overview.units import UnitSpec
    from tests.workflow.roundkit import EXAMPLE, REG

    repo = tmp_path / "kho"
    (repo / "a thư mục.md").mkdir(parents=True)
    (repo / "a thư mục.md" / "x.md").write_text("không phải văn bản\n", encoding="utf-8")
    shutil.copy(EXAMPLE / REG, repo / "quy chế làm việc.md")
    (repo / "README.md").write_text("Đọc tôi\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "hiện hành")
    listed = git(repo, "-c", "core.quotePath=false", "ls-tree", "--name-only", "HEAD").splitlines()
    assert listed == ["README.md", "a thư mục.md", "quy chế làm việc.md"]
    status = collect(UnitSpec("A", "chi-bo", str(repo)), None, "test")
    assert status.error is None and status.number and status.commit == _peeled(repo, "HEAD")
