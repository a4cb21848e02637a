"""Matching on small made-up regulations: ids, moves, splits, merges, boilerplate, --map."""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.diff.align import article_infos
from quyche.diff.compare import compare
from quyche.diff.options import load_map
from quyche.errors import MappingFileError, NotARegulation
from quyche.parse import parse_text

LONG_A = ("Văn phòng Đảng ủy tham mưu, giúp việc Ban Thường vụ trong công tác tổng hợp, theo dõi, "
          "đôn đốc việc thực hiện chương trình công tác toàn khóa và hằng năm của cấp ủy")
LONG_B = ("Ủy ban Kiểm tra Đảng ủy giúp Ban Chấp hành kiểm tra, giám sát tổ chức đảng và đảng viên "
          "chấp hành Điều lệ Đảng, nghị quyết, chỉ thị và quy định của Đảng trong toàn Đảng bộ")


def reg(*chapters: tuple[str, list[tuple[str, str, str]]]) -> str:
    """Markdown of chapters holding (number, title, body) articles."""
    out = []
    for heading, articles in chapters:
        out.append(f"# {heading}\n")
        for number, title, body in articles:
            out.append(f"## Điều {number}. {title}\n\n{body}\n")
    return "\n".join(out)


def by_old(text_a: str, text_b: str, **kw: object) -> dict[str, object]:
    result = compare(parse_text(text_a), parse_text(text_b), **kw)  # type: ignore[arg-type]
    return {", ".join(c.old_numbers) or "-" + ", ".join(c.new_numbers): c for c in result.changes}


def test_stable_id_wins_over_a_changed_title_and_text() -> None:
    a = reg(("Chương I. CHUNG", [("1", "Phạm vi {#pham-vi}", LONG_A), ("2", "Đối tượng", LONG_B)]))
    b = reg(("Chương I. CHUNG", [("1", "Đối tượng mới", LONG_B), ("2", "Phạm vi áp dụng {#pham-vi}", "Nội dung khác hẳn.")]))
    changes = by_old(a, b)
    assert changes["1"].new_numbers == ["2"] and changes["1"].method == "id"  # type: ignore[attr-defined]
    assert changes["2"].new_numbers == ["1"] and changes["2"].status == "changed"  # type: ignore[attr-defined]


def test_article_moved_to_another_chapter() -> None:
    a = reg(("Chương I. CHUNG", [("1", "Văn phòng", LONG_A), ("2", "Kiểm tra", LONG_B)]),
            ("Chương II. TỔ CHỨC", [("3", "Hiệu lực", "Quy chế có hiệu lực kể từ ngày ký ban hành.")]))
    b = reg(("Chương I. CHUNG", [("1", "Văn phòng", LONG_A)]),
            ("Chương II. TỔ CHỨC", [("2", "Hiệu lực", "Quy chế có hiệu lực kể từ ngày ký ban hành."),
                                    ("3", "Kiểm tra", LONG_B)]))
    changes = by_old(a, b)
    moved = changes["2"]
    assert moved.new_numbers == ["3"] and moved.moved and moved.status == "unchanged"  # type: ignore[attr-defined]
    assert not changes["1"].moved and not changes["3"].moved  # type: ignore[attr-defined]


def test_split_and_merge_are_detected() -> None:
    a = reg(("Chương I. CHUNG", [("1", "Văn phòng và kiểm tra", LONG_A + ". " + LONG_B + "."),
                                 ("2", "Họp", "Ban Chấp hành họp thường lệ ba tháng một lần, khi cần thì họp bất thường theo triệu tập."),
                                 ("3", "Báo cáo", "Văn phòng tổng hợp báo cáo định kỳ hằng tháng và đột xuất khi có yêu cầu của Thường trực.")]))
    b = reg(("Chương I. CHUNG", [("1", "Văn phòng", LONG_A + "."), ("2", "Kiểm tra", LONG_B + "."),
                                 ("3", "Họp và báo cáo",
                                  "Ban Chấp hành họp thường lệ ba tháng một lần, khi cần thì họp bất thường theo triệu tập. "
                                  "Văn phòng tổng hợp báo cáo định kỳ hằng tháng và đột xuất khi có yêu cầu của Thường trực.")]))
    result = compare(parse_text(a), parse_text(b))
    statuses = {c.status: c for c in result.changes}
    assert statuses["split"].old_numbers == ["1"] and statuses["split"].new_numbers == ["1", "2"]
    assert statuses["merged"].old_numbers == ["2", "3"] and statuses["merged"].new_numbers == ["3"]
    assert result.summary.split == 1 and result.summary.merged == 1
    assert statuses["split"].review and statuses["merged"].review


def test_boilerplate_articles_pair_in_order() -> None:
    """Near-identical template articles: the order of the neighbours decides."""
    tpl = "Ban {} có trách nhiệm chủ trì, phối hợp với các cơ quan liên quan tổ chức thực hiện nhiệm vụ được giao trong lĩnh vực {}"
    names = [("Tuyên giáo", "tuyên truyền"), ("Tổ chức", "tổ chức"), ("Dân vận", "dân vận"), ("Kiểm tra", "kiểm tra")]
    a_articles = [(str(k + 1), "Trách nhiệm phối hợp", tpl.format(*n) + ".") for k, n in enumerate(names)]
    # every article edited by a word, and one new article inserted at the top
    b_articles = [("1", "Nguyên tắc chung", "Các ban phối hợp chặt chẽ trên tinh thần đoàn kết, thống nhất.")] + [
        (str(k + 2), "Trách nhiệm phối hợp", tpl.format(*n) + " của Đảng ủy.") for k, n in enumerate(names)]
    result = compare(parse_text(reg(("Chương I. X", a_articles))), parse_text(reg(("Chương I. X", b_articles))))
    pairs = {c.old[0].number: c.new[0].number for c in result.changes if c.old and c.new}
    assert pairs == {"1": "2", "2": "3", "3": "4", "4": "5"}
    assert [c.status for c in result.changes if not c.old] == ["added"]


def test_unrelated_new_article_is_not_matched() -> None:
    a = reg(("Chương I. X", [("1", "Văn phòng", LONG_A)]))
    b = reg(("Chương I. X", [("1", "Kiểm tra", LONG_B)]))
    result = compare(parse_text(a), parse_text(b))
    assert sorted(c.status for c in result.changes) == ["added", "removed"]


def test_threshold_decides_a_weak_match() -> None:
    a = reg(("Chương I. X", [("1", "Chế độ họp", "Ban Chấp hành họp thường lệ ba tháng một lần; họp bất thường khi cần.")]))
    b = reg(("Chương I. X", [("1", "Chế độ làm việc", "Ban Thường vụ làm việc hằng tuần vào sáng thứ Hai; họp bất thường khi cần.")]))
    loose = compare(parse_text(a), parse_text(b), threshold=0.2)
    strict = compare(parse_text(a), parse_text(b), threshold=0.9)
    assert [c.status for c in loose.changes] == ["changed"]
    score = loose.changes[0].score
    assert 0.2 < score < 0.9
    near = compare(parse_text(a), parse_text(b), threshold=score - 0.05)
    assert near.changes[0].status == "changed" and near.changes[0].review  # weak: a person confirms
    assert sorted(c.status for c in strict.changes) == ["added", "removed"]


def test_explicit_map_overrides_the_guess(tmp_path: Path) -> None:
    a = reg(("Chương I. X", [("1", "Văn phòng", LONG_A), ("2", "Kiểm tra", LONG_B)]))
    b = reg(("Chương I. X", [("1", "Văn phòng", LONG_A), ("2", "Kiểm tra", LONG_B)]))
    old, new = parse_text(a), parse_text(b)
    mapping = tmp_path / "map.yaml"
    mapping.write_text("1: 2\nĐiều 2: Điều 1\n", encoding="utf-8")
    explicit = load_map(mapping, article_infos(old), article_infos(new))
    result = compare(old, new, explicit=explicit)
    pairs = {c.old[0].number: (c.new[0].number, c.method) for c in result.changes}
    assert pairs == {"1": ("2", "map"), "2": ("1", "map")}

    mapping.write_text("1: null\nadded: [1]\n", encoding="utf-8")
    result = compare(old, new, explicit=load_map(mapping, article_infos(old), article_infos(new)))
    assert sorted((c.status, c.key) for c in result.changes) == [
        ("added", "Điều 1 (mới)"), ("removed", "Điều 1 (bãi bỏ)"), ("unchanged", "Điều 2")]

    mapping.write_text("9: 1\n", encoding="utf-8")
    with pytest.raises(MappingFileError):
        load_map(mapping, article_infos(old), article_infos(new))


def test_explicit_map_split(tmp_path: Path) -> None:
    old = parse_text(reg(("Chương I. X", [("1", "Chung", LONG_A + ". " + LONG_B)])))
    new = parse_text(reg(("Chương I. X", [("1", "Văn phòng", LONG_A), ("2", "Kiểm tra", LONG_B)])))
    mapping = tmp_path / "map.yaml"
    mapping.write_text("1: [1, 2]\n", encoding="utf-8")
    result = compare(old, new, explicit=load_map(mapping, article_infos(old), article_infos(new)))
    assert [(c.status, c.new_numbers, c.method) for c in result.changes] == [("split", ["1", "2"], "map")]


def test_text_without_articles_is_refused() -> None:
    with pytest.raises(NotARegulation):
        compare(parse_text("Chỉ có một đoạn văn.\n"), parse_text(reg(("Chương I. X", [("1", "A", "b")]))))


def test_rewritten_article_alone_between_matched_neighbours_is_paired_for_review() -> None:
    """Title and wording both rewritten, but it sits where the old one sat: one amendment row,
    flagged for a person, not a silent "Bãi bỏ" + "(Chưa quy định)" pair."""
    first = ("Phạm vi điều chỉnh", "Quy chế này quy định nguyên tắc, chế độ trách nhiệm, lề lối làm việc của Ban Chấp hành.")
    last = ("Hiệu lực thi hành", "Quy chế này có hiệu lực kể từ ngày ký và thay thế các quy định trước đây.")
    a = reg(("Chương I. X", [("1", *first),
                              ("2", "Chế độ họp", "Ban Chấp hành họp thường lệ ba tháng một lần; họp bất thường khi cần thiết."),
                              ("3", *last)]))
    b = reg(("Chương I. X", [("1", *first),
                              ("2", "Hội nghị của cấp ủy", "Cấp ủy họp định kỳ mỗi quý một lần, khi cần thiết thì họp bất thường."),
                              ("3", *last)]))
    result = compare(parse_text(a), parse_text(b))
    middle = [c for c in result.changes if "2" in c.old_numbers or "2" in c.new_numbers]
    assert len(middle) == 1 and middle[0].status == "changed" and middle[0].review
    assert not [c for c in result.changes if c.status in ("added", "removed")]


def test_a_decision_with_its_regulation_is_compared_by_the_regulation() -> None:
    decision = ("---\nkind: quyết định\n---\n\n## Điều 1.\n\nBan hành kèm theo Quyết định này Quy chế làm việc.\n\n"
                "## Điều 2.\n\nQuyết định này có hiệu lực kể từ ngày ký.\n\n---\nkind: quy chế\nsubject: làm việc\n---\n\n")
    old = decision + reg(("Chương I. X", [("1", "Phạm vi", LONG_A), ("2", "Kiểm tra", LONG_B)]))
    new = decision + reg(("Chương I. X", [("1", "Phạm vi", LONG_A), ("2", "Kiểm tra", LONG_B + " hằng năm")]))
    result = compare(parse_text(old), parse_text(new))
    assert [(c.old_numbers, c.status) for c in result.changes] == [(["1"], "unchanged"), (["2"], "changed")]
    assert result.summary.old_articles == 2  # the decision's articles are not compared
