"""File discovery shared by `check` and `fmt`: quyche.yaml lists, sniffing, skipped folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.discover import find_regulations, looks_like_regulation
from quyche.errors import FileMissing, NoRegulationRoot
from tests.conftest import git

REG = "---\nkind: quy chế\n---\n\n## Điều 1. Phạm vi\n\nNội dung.\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_sniffing_takes_regulations_and_skips_other_markdown(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    a = _write(tmp_path / "quy-che.md", REG)
    b = _write(tmp_path / "sub" / "quy-dinh.md", "# Quy định\n\n## Điều 1. X\n\nY.\n")
    _write(tmp_path / "README.md", "# Hướng dẫn\n\nĐiều 1 của quy chế...\n")
    _write(tmp_path / ".hidden" / "x.md", REG)
    _write(tmp_path / "node_modules" / "y.md", REG)
    _write(tmp_path / "notes.txt", REG)
    assert find_regulations(cwd=tmp_path) == [a.relative_to(tmp_path), b.relative_to(tmp_path)]
    assert not looks_like_regulation(tmp_path / "README.md")


def test_config_list_wins_and_missing_listed_file_is_an_error(tmp_path: Path) -> None:
    _write(tmp_path / "quy-che.md", REG)
    other = _write(tmp_path / "khac.md", REG)
    _write(tmp_path / "quyche.yaml", "regulations:\n  - khac.md\n")
    assert find_regulations(cwd=tmp_path) == [Path("khac.md")]
    assert find_regulations([tmp_path], cwd=tmp_path.parent) == [other.relative_to(tmp_path.parent)]
    _write(tmp_path / "quyche.yaml", "regulations:\n  - mat.md\n")
    with pytest.raises(FileMissing):
        find_regulations(cwd=tmp_path)


def test_explicit_files_are_taken_as_given_without_repeats(tmp_path: Path) -> None:
    f = _write(tmp_path / "van-ban.txt", "Điều 1. X\n")
    assert find_regulations([f, f, tmp_path / "van-ban.txt"]) == [f]
    with pytest.raises(FileMissing):
        find_regulations([tmp_path / "khong-co.md"])


def test_glob_in_config(tmp_path: Path) -> None:
    _write(tmp_path / "qc" / "a.md", REG)
    _write(tmp_path / "qc" / "b.md", REG)
    _write(tmp_path / "quyche.yaml", "regulations:\n  - qc/*.md\n")
    assert find_regulations(cwd=tmp_path) == [Path("qc/a.md"), Path("qc/b.md")]


def test_readme_and_fenced_examples_are_not_regulations(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    reg = _write(tmp_path / "quy-che.md", REG)
    _write(tmp_path / "README.md", "# Kho quy chế\n\n## Điều 1. Ví dụ\n\nKhông phải quy chế.\n")
    _write(tmp_path / "docs" / "vi-du.md", "# Ví dụ\n\n```markdown\n## Điều 1. A\n```\n")
    assert find_regulations(cwd=tmp_path) == [reg.relative_to(tmp_path)]
    assert looks_like_regulation(_write(tmp_path / "b.md", "```\nx\n```\n\n## Điều 2. B\n\nC.\n"))


def test_no_path_outside_any_repository_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "quy-che.md", REG)
    with pytest.raises(NoRegulationRoot):
        find_regulations(cwd=tmp_path)
    assert find_regulations([tmp_path], cwd=tmp_path) == [Path("quy-che.md")]  # a named folder is fine
