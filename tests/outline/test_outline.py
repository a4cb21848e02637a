"""`quyche outline`: the table of contents as text and as the documented JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from quyche.model.outline import COUNT_KEYS, outline_dict
from quyche.parse import parse_file
from tests.conftest import CORPUS, ROOT, run_quyche
from tests.parse.test_corpus_counts import EXPECTED

EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"


def test_json_of_the_example() -> None:
    result = run_quyche("outline", str(EXAMPLE), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format_version"] == 1
    assert data["counts"] == {"parts": 0, "chapters": 4, "sections": 0, "articles": 9, "clauses": 12,
                              "points": 3, "items": 2, "appendices": 0, "paragraphs": 3}
    units = data["units"]
    assert [u["kind"] for u in units[:3]] == ["chapter", "article", "article"]
    assert units[0] == {"kind": "chapter", "number": "I", "ordinal": 1, "title": "NHỮNG QUY ĐỊNH CHUNG",
                        "id": None, "line": 31, "column": 3, "end_line": 43, "depth": 0}
    bch = next(u for u in units if u["id"] == "bch")
    assert (bch["number"], bch["title"], bch["line"], bch["depth"], bch["clauses"]) == (
        "3", "Nhiệm vụ, quyền hạn của Ban Chấp hành", 47, 1, 2)
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    for unit in units:
        assert f"{unit['number']}. {unit['title']}" in lines[unit["line"] - 1]


def test_text_tree_and_counts_in_vietnamese() -> None:
    result = run_quyche("outline", str(EXAMPLE), env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith(f"{EXAMPLE}  Quy chế số 01-QC/ĐU: làm việc của Ban Chấp hành")
    assert "Chương I. NHỮNG QUY ĐỊNH CHUNG" in out
    assert "Điều 3. Nhiệm vụ, quyền hạn của Ban Chấp hành {#bch}  (dòng 47, 2 khoản)" in out
    assert out.index("Chương II.") < out.index("Điều 3.") < out.index("Chương III.")
    assert "Số lượng đơn vị" in out
    rows = {cells[1].strip(): cells[2].strip() for line in out.splitlines()
            if len(cells := line.split("│")) == 4}
    assert rows["Chương"] == "4" and rows["Điều"] == "9" and rows["Khoản"] == "12" and rows["Điểm"] == "3"
    assert rows["Đoạn không đánh số"] == "3"


def test_nesting_depth_in_large() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus is not available")
    (path,) = CORPUS.glob("LARGE__*.txt")
    data = outline_dict(parse_file(path))
    kinds = {(u["kind"], u["depth"]) for u in data["units"]}
    assert ("part", 0) in kinds and ("chapter", 1) in kinds and ("section", 2) in kinds
    assert {d for k, d in kinds if k == "article"} == {2, 3}
    assert [u["number"] for u in data["units"] if u["kind"] == "part"][-1] == "mười"


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_outline_counts_match_the_corpus_index(prefix: str) -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus is not available")
    (path,) = CORPUS.glob(prefix + "*.txt")
    data = outline_dict(parse_file(path), str(path))
    chapters, articles, sections, parts = EXPECTED[prefix]
    counts = data["total_counts"]
    assert (counts["chapters"], counts["articles"], counts["sections"], counts["parts"]) == (
        chapters, articles, sections, parts)
    assert list(counts) == list(COUNT_KEYS) == list(data["counts"])
    units = [u for doc in (data, *data["attachments"]) for u in doc["units"]]
    kinds = [u["kind"] for u in units]
    assert kinds.count("article") == articles and kinds.count("chapter") == chapters
    assert [u["line"] for u in units] == sorted(u["line"] for u in units)


def test_in_process_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "qd.txt"
    path.write_text("I- QUY ĐỊNH CHUNG\nĐiều 1. A\n1. B\na) C\nĐiều 5a. D\n", encoding="utf-8")
    result = cli("outline", str(path), "-f", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(u["kind"], u["number"], u["line"]) for u in data["units"]] == [
        ("section", "I", 1), ("article", "1", 2), ("article", "5a", 5)]
    assert data["layout"] == "plain"


def test_documented_example_matches_the_real_output() -> None:
    """docs/outline-json.md shows the example's output (units cut to two): keep it true."""
    import re

    doc = (ROOT / "docs" / "outline-json.md").read_text(encoding="utf-8")
    shown = json.loads(re.search(r"```json\n(.*?)```", doc, re.S).group(1))  # type: ignore[union-attr]
    real = json.loads(run_quyche("outline", shown["file"], "--format", "json", cwd=ROOT).stdout)
    assert shown["counts"] == real["counts"]
    assert shown["units"] == real["units"][:2]
    assert {k: v for k, v in shown.items() if k != "units"} == {k: v for k, v in real.items() if k != "units"}
