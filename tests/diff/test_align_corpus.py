"""Article matching on real laws (shared/corpus, see INDEX.md).

The PAIR1 mapping below was written by reading the two texts side by side (titles and
bodies of Luật Công đoàn 2012 and 2024), not by running quyche.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from quyche.diff.compare import compare
from quyche.diff.result import DiffResult
from quyche.parse import parse_file

# 2012 article → 2024 article. 2024 Điều 6, 16, 17, 30, 34 are new; 2012 Điều 33 (Quy định chi
# tiết) has no counterpart; 20 and 21 swap places as 24 and 23.
PAIR1_EXPECTED = {
    "1": "1", "2": "2", "3": "3", "4": "4", "5": "5",
    "6": "7",    # Nguyên tắc tổ chức và hoạt động (của Công đoàn Việt Nam)
    "7": "8",    # Hệ thống tổ chức (của Công đoàn Việt Nam)
    "8": "9",    # Hợp tác quốc tế về công đoàn
    "9": "10",   # Những / Các hành vi bị nghiêm cấm
    "10": "11",  # Đại diện, (chăm lo và) bảo vệ quyền, lợi ích …
    "11": "12", "12": "13",
    "13": "14",  # Tham dự các phiên họp … / Tham dự kỳ họp, phiên họp …
    "14": "15",  # Tham gia thanh tra, kiểm tra, giám sát / Tham gia kiểm tra, thanh tra
    "15": "18",  # Tuyên truyền, vận động, giáo dục người lao động
    "16": "19",  # Phát triển đoàn viên công đoàn …
    "17": "20",  # Quyền, trách nhiệm … đối với người lao động ở nơi chưa có …
    "18": "21", "19": "22",
    "20": "24",  # Quan hệ giữa Công đoàn với Nhà nước …
    "21": "23",  # Trách nhiệm của Nhà nước đối với Công đoàn
    "22": "25",  # Trách nhiệm của cơ quan, tổ chức, doanh nghiệp / người sử dụng lao động
    "23": "26", "24": "27", "25": "28", "26": "29",
    "27": "31", "28": "32",
    "29": "33",  # Kiểm tra, (thanh tra, kiểm toán,) giám sát tài chính
    "30": "35", "31": "36",  # bodies empty in the 2012 source: matched by title
    "32": "37",  # Hiệu lực thi hành
}
PAIR1_ADDED = {"6", "16", "17", "30", "34"}
PAIR1_REMOVED = {"33"}


@cache
def _compare(corpus: Path, pair: str) -> DiffResult:
    old = parse_file(next(corpus.glob(f"{pair}_old__*.txt")))
    new = parse_file(next(corpus.glob(f"{pair}_new__*.txt")))
    return compare(old, new, old_label="cũ", new_label="mới")


def _pairs(result: DiffResult) -> dict[str, str]:
    return {c.old[0].number: c.new[0].number for c in result.changes
            if len(c.old) == 1 and len(c.new) == 1}


def test_pair1_every_article_matched_as_read(corpus: Path) -> None:
    result = _compare(corpus, "PAIR1")
    assert _pairs(result) == PAIR1_EXPECTED
    added = {c.new[0].number for c in result.changes if c.status == "added"}
    removed = {c.old[0].number for c in result.changes if c.status == "removed"}
    assert added == PAIR1_ADDED
    assert removed == PAIR1_REMOVED
    assert not [c for c in result.changes if c.status in ("split", "merged")]


def test_pair1_summary_and_order(corpus: Path) -> None:
    result = _compare(corpus, "PAIR1")
    s = result.summary
    assert (s.old_articles, s.new_articles) == (33, 37)
    assert s.added == 5 and s.removed == 1
    assert s.unchanged + s.changed == 32
    assert s.renumbered == sum(1 for o, n in PAIR1_EXPECTED.items() if o != n)
    # the draft's order: new numbers never go down, and the repealed 33 comes after 32 → 37
    news = [int(c.new[0].number) for c in result.changes if c.new]
    assert news == sorted(news) == list(range(1, 38))
    keys = [c.key for c in result.changes]
    assert keys.index("Điều 33 (bãi bỏ)") == keys.index("Điều 32 → Điều 37") + 1


def test_pair1_swap_is_not_a_move_between_chapters(corpus: Path) -> None:
    result = _compare(corpus, "PAIR1")
    swapped = {c.old[0].number: c for c in result.changes if c.old and c.new and c.old[0].number in ("20", "21")}
    assert swapped["20"].new[0].number == "24" and swapped["21"].new[0].number == "23"
    assert not swapped["20"].moved and not swapped["21"].moved
    assert all(c.renumbered for c in swapped.values())


def test_pair1_scores_and_review_flags(corpus: Path) -> None:
    result = _compare(corpus, "PAIR1")
    for c in result.changes:
        assert 0.0 <= c.score <= 1.0
    by_old = {c.old[0].number: c for c in result.changes if c.old and c.new}
    # a nearly identical article scores high and needs no review
    assert by_old["23"].score > 0.8 and not by_old["23"].review
    # 2012 Điều 30 has a heading and no body: matched by title, flagged for a person
    assert by_old["30"].method == "title" and by_old["30"].review


def test_pair1_word_marks_of_a_renamed_article(corpus: Path) -> None:
    result = _compare(corpus, "PAIR1")
    first = result.changes[0]
    assert first.key == "Điều 1" and first.status == "changed"
    assert first.diff is not None
    assert "Việt Nam" in " ".join(first.diff.inserted_words())
    assert first.clauses  # reported down to clause level


@pytest.mark.parametrize(("old", "new"), [
    ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5"), ("6", "6"), ("7", "7"), ("8", "8"),
    ("9", "10"), ("10", "11"), ("28", "27"), ("72", "73"),
])
def test_pair2_known_matches(corpus: Path, old: str, new: str) -> None:
    assert _pairs(_compare(corpus, "PAIR2"))[old] == new


def test_pair2_new_article_9_is_added_and_4_is_reworded(corpus: Path) -> None:
    result = _compare(corpus, "PAIR2")
    added = {c.new[0].number for c in result.changes if c.status == "added"}
    assert "9" in added
    by_new = {c.new[0].number: c for c in result.changes if c.new}
    assert by_new["4"].status == "changed" and by_new["4"].old[0].number == "4"
    assert by_new["10"].old[0].number == "9" and by_new["10"].renumbered
    assert result.summary.new_articles == 77 and result.summary.old_articles == 76


@pytest.mark.parametrize(("old", "new"), [
    ("1", "1"), ("3", "3"), ("5", "5"), ("17", "9"),
    ("123", "141"), ("124", "140"),          # the last two swap places
    ("56", "66"), ("74", "99"),              # "Mức lương hưu hàng tháng": compulsory, voluntary
    ("66", "85"), ("80", "109"),             # "Trợ cấp mai táng": compulsory, voluntary
])
def test_pair3_known_matches(corpus: Path, old: str, new: str) -> None:
    assert _pairs(_compare(corpus, "PAIR3"))[old] == new


def test_pair3_runs_through_with_sensible_counts(corpus: Path) -> None:
    result = _compare(corpus, "PAIR3")
    s = result.summary
    assert (s.old_articles, s.new_articles) == (125, 141)
    # every article is accounted for exactly once on each side
    olds = [a.number for c in result.changes for a in c.old]
    news = [a.number for c in result.changes for a in c.new]
    assert sorted(olds, key=int) == [str(k) for k in range(1, 126)]
    assert sorted(news, key=int) == [str(k) for k in range(1, 142)]
    assert s.chapters_changed >= 2  # 9 → 11 chapters
    removed = {c.old[0].number for c in result.changes if c.status == "removed"}
    assert "125" in removed  # Quy định chi tiết has no counterpart in 2024


TRUTH = Path(__file__).parents[1] / "fixtures" / "diff"


@pytest.mark.parametrize("pair", ["PAIR2", "PAIR3"])
def test_pairing_against_a_truth_map_read_by_hand(corpus: Path, pair: str) -> None:
    """tests/fixtures/diff/pairN_truth.json was written by reading both laws side by side.
    ≥ 98 % of the clear pairs right; a doubtful or removed article paired only with review: true."""
    import json

    truth = json.loads((TRUTH / f"{pair.lower()}_truth.json").read_text(encoding="utf-8"))
    result = _compare(corpus, pair)
    group = {a.number: c for c in result.changes for a in c.old}
    want = {old: [new] for old, new in truth["pairs"].items()} | truth.get("pairs_any", {})
    right = [old for old, news in want.items() if {a.number for a in group[old].new} & set(news)]
    assert len(right) / len(want) >= 0.98, sorted(set(want) - set(right), key=int)
    for old in [*truth["doubtful"], *truth.get("removed", [])]:
        change = group[old]
        assert not change.new or change.review, f"{pair} Điều {old} paired without review"
