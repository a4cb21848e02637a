"""quyche.diff.merge: the unit-level three-way merge behind `quyche template update`."""

from __future__ import annotations

from quyche.diff.merge import diff3, merge_regulations
from quyche.parse import parse_text
from quyche.render.markdown import format_text

BASE = """\
---
kind: quy chế
number: "01-QC/ĐU"
legal_bases:
  - Căn cứ Điều lệ Đảng;
signing:
  name: Nguyễn Văn A
---

# Chương I. QUY ĐỊNH CHUNG

## Điều 1. Phạm vi {#pham-vi}

1. Quy chế này quy định việc A.

2. Quy chế này áp dụng cho B.

## Điều 2. Nguyên tắc {#nguyen-tac}

1. Tập trung dân chủ.

2. Tập thể lãnh đạo.

   a) Cá nhân phụ trách;

   b) Người đứng đầu chịu trách nhiệm.

## Điều 3. Chế độ họp {#hop}

Ban Thường vụ họp mỗi tháng một lần.

# Chương II. TỔ CHỨC THỰC HIỆN

## Điều 4. Hiệu lực {#hieu-luc}

Quy chế có hiệu lực từ ngày ký.
"""


def _ids(text: str) -> list[str | None]:
    return [a.id for a in parse_text(text, "q.md").articles()]


def test_diff3_separates_stable_and_changed_runs() -> None:
    base, ours, theirs = list("abcde"), list("abXde"), list("abcdeY")
    chunks = diff3(base, ours, theirs)
    assert [c[0] for c in chunks] == ["stable", "changed", "stable", "changed"]
    assert chunks[1] == ("changed", (2, 3), (2, 3), (2, 3))
    assert chunks[-1] == ("changed", (5, 5), (5, 5), (5, 6))


def test_untouched_units_take_the_new_wording_and_own_edits_stay() -> None:
    ours = BASE.replace("Tập trung dân chủ.", "Tập trung dân chủ, công khai.")
    theirs = BASE.replace("mỗi tháng một lần", "mỗi tháng hai lần")
    result = merge_regulations(BASE, ours, theirs)
    assert result.conflicts == 0
    assert "Tập trung dân chủ, công khai." in result.text and "mỗi tháng hai lần" in result.text
    actions = {o.id: o.action for o in result.outcomes}
    assert actions["nguyen-tac"] == "ours" and actions["hop"] == "theirs" and actions["pham-vi"] == "unchanged"


def test_different_points_of_one_clause_merge_without_conflict() -> None:
    ours = BASE.replace("a) Cá nhân phụ trách;", "a) Cá nhân được phân công phụ trách;")
    theirs = BASE.replace("b) Người đứng đầu chịu trách nhiệm.", "b) Người đứng đầu chịu trách nhiệm cao nhất.")
    result = merge_regulations(BASE, ours, theirs)
    assert result.conflicts == 0
    assert "Cá nhân được phân công phụ trách" in result.text and "trách nhiệm cao nhất" in result.text
    assert {o.id: o.action for o in result.outcomes}["nguyen-tac"] == "merged"
    assert parse_text(format_text(result.text), "q.md") == parse_text(result.text, "q.md")


def test_the_same_point_changed_twice_is_a_marked_conflict_inside_the_article() -> None:
    ours = BASE.replace("a) Cá nhân phụ trách;", "a) Cá nhân được phân công phụ trách;")
    theirs = BASE.replace("a) Cá nhân phụ trách;", "a) Cá nhân chịu trách nhiệm trước tập thể;")
    result = merge_regulations(BASE, ours, theirs)
    assert result.conflicts == 1
    reg = parse_text(result.text, "q.md")
    assert [m.side for m in reg.conflicts] == ["ours", "theirs", "end"]
    art = next(a for a in reg.articles() if a.id == "nguyen-tac")
    assert art.span.line < reg.conflicts[0].line < reg.conflicts[-1].line <= art.span.end_line + 1
    body = art.body_text()
    assert "được phân công" in body and "trước tập thể" in body
    outcome = next(o for o in result.outcomes if o.id == "nguyen-tac")
    assert outcome.action == "conflict" and "điểm a" in outcome.detail


def test_a_repealed_article_the_unit_edited_is_a_conflict_and_an_untouched_one_goes() -> None:
    theirs = BASE.replace("## Điều 3. Chế độ họp {#hop}\n\nBan Thường vụ họp mỗi tháng một lần.\n\n", "")
    theirs = theirs.replace("## Điều 4. Hiệu lực", "## Điều 3. Hiệu lực")
    gone = merge_regulations(BASE, BASE.replace("Tập trung dân chủ.", "Dân chủ."), theirs)
    assert "hop" not in _ids(gone.text) and gone.conflicts == 0
    assert "## Điều 3. Hiệu lực" in gone.text  # the unit's untouched article takes the new number
    kept = merge_regulations(BASE, BASE.replace("mỗi tháng một lần", "mỗi tháng hai lần"), theirs)
    assert kept.conflicts == 1 and "(bãi bỏ phần này)" in kept.text and "mỗi tháng hai lần" in kept.text


def test_an_article_the_unit_removed_stays_removed_unless_the_template_changed_it() -> None:
    ours = BASE.replace("## Điều 3. Chế độ họp {#hop}\n\nBan Thường vụ họp mỗi tháng một lần.\n\n", "")
    same = merge_regulations(BASE, ours, BASE.replace("Quy chế này quy định việc A.", "Quy chế này quy định việc A1."))
    assert "hop" not in _ids(same.text) and same.conflicts == 0 and "việc A1." in same.text
    changed = merge_regulations(BASE, ours, BASE.replace("mỗi tháng một lần", "mỗi tuần một lần"))
    assert changed.conflicts == 1 and "(đã bỏ phần này)" in changed.text


def test_an_article_the_unit_added_stays_where_the_unit_put_it() -> None:
    added = "## Điều 2a. Giao ban {#giao-ban}\n\nThường trực giao ban hằng tuần.\n\n"
    ours = BASE.replace("## Điều 3. Chế độ họp", added + "## Điều 3. Chế độ họp")
    theirs = BASE.replace("Quy chế có hiệu lực từ ngày ký.", "Quy chế có hiệu lực từ ngày ký ban hành.")
    result = merge_regulations(BASE, ours, theirs)
    assert _ids(result.text) == ["pham-vi", "nguyen-tac", "giao-ban", "hop", "hieu-luc"]
    assert "từ ngày ký ban hành" in result.text


def test_the_template_moving_an_article_moves_it() -> None:
    art3 = "## Điều 3. Chế độ họp {#hop}\n\nBan Thường vụ họp mỗi tháng một lần.\n\n"
    theirs = BASE.replace(art3, "").replace("# Chương II.", art3 + "# Chương II.")  # same place: a no-op
    theirs = theirs.replace(art3, "")
    theirs = theirs.replace("## Điều 1. Phạm vi", art3.replace("Điều 3", "Điều 1") + "## Điều 1. Phạm vi")
    result = merge_regulations(BASE, BASE.replace("Tập thể lãnh đạo.", "Tập thể lãnh đạo, quyết định."), theirs)
    assert _ids(result.text) == ["hop", "pham-vi", "nguyen-tac", "hieu-luc"]
    assert {o.id: o.action for o in result.outcomes}["hop"] == "moved"
    assert "Tập thể lãnh đạo, quyết định." in result.text


def test_front_matter_merges_line_by_line() -> None:
    ours = BASE.replace("name: Nguyễn Văn A", "name: Trần Văn B")
    theirs = BASE.replace("  - Căn cứ Điều lệ Đảng;", "  - Căn cứ Điều lệ Đảng;\n  - Căn cứ Quy định 294-QĐ/TW;")
    result = merge_regulations(BASE, ours, theirs)
    front = parse_text(result.text, "q.md").front_matter
    assert front is not None and front.signing is not None
    assert front.signing.name == "Trần Văn B" and len(front.legal_bases) == 2


def test_theirs_equal_to_base_returns_ours_byte_for_byte() -> None:
    ours = BASE.replace("Tập trung dân chủ.", "Tập   trung dân chủ.\n") + "\n\n"
    assert merge_regulations(BASE, ours, BASE).text == ours


def test_a_paragraph_that_looks_like_a_marker_survives_fmt() -> None:
    text = BASE.replace("Ban Thường vụ họp mỗi tháng một lần.", "\\======= không phải dấu xung đột")
    formatted = format_text(text)
    reg = parse_text(formatted, "q.md")
    assert not reg.conflicts
    assert "======= không phải dấu xung đột" in reg.articles()[2].body_text()


def test_numbering_left_by_the_merge_is_reported_for_the_renumber_pass() -> None:
    from quyche.scaffold.update import numbering_findings

    theirs = BASE.replace("## Điều 3. Chế độ họp {#hop}\n\nBan Thường vụ họp mỗi tháng một lần.\n\n", "")
    theirs = theirs.replace("## Điều 4. Hiệu lực", "## Điều 3. Hiệu lực")
    ours = BASE + "\n## Điều 5. Chuyển tiếp {#chuyen-tiep}\n\nQuy chế cũ hết hiệu lực.\n"
    result = merge_regulations(BASE, ours, theirs)
    assert [a.number for a in parse_text(result.text, "q.md").articles()] == ["1", "2", "3", "5"]
    findings = numbering_findings(result.text, "q.md")
    assert findings and "5" in findings[0].message
    assert numbering_findings(theirs, "q.md") == []


def test_a_chapter_the_template_renamed_is_renamed_and_its_articles_merge() -> None:
    theirs = BASE.replace("# Chương II. TỔ CHỨC THỰC HIỆN", "# Chương II. ĐIỀU KHOẢN THI HÀNH")
    ours = BASE.replace("Quy chế có hiệu lực từ ngày ký.", "Quy chế có hiệu lực từ ngày 01/01/2026.")
    result = merge_regulations(BASE, ours, theirs)
    assert "# Chương II. ĐIỀU KHOẢN THI HÀNH" in result.text and "từ ngày 01/01/2026." in result.text
    assert result.conflicts == 0
    assert [o.action for o in result.outcomes if o.kind == "chapter"] == ["unchanged", "theirs"]


def test_the_same_front_matter_line_changed_twice_keeps_the_unit_and_says_so() -> None:
    ours = BASE.replace('number: "01-QC/ĐU"', 'number: "05-QC/ĐU"')
    theirs = BASE.replace('number: "01-QC/ĐU"', 'number: "09-QC/ĐU"')
    result = merge_regulations(BASE, ours, theirs)
    assert 'number: "05-QC/ĐU"' in result.text and result.conflicts == 0
    assert len(result.notes) == 1 and "09-QC/ĐU" in result.notes[0]


def test_an_unchanged_document_merged_three_times_is_stable() -> None:
    ours = BASE.replace("Tập trung dân chủ.", "Tập trung dân chủ, công khai.")
    theirs = BASE.replace("mỗi tháng một lần", "mỗi tháng hai lần")
    once = merge_regulations(BASE, ours, theirs).text
    again = merge_regulations(BASE, once, theirs)  # an update run twice (quyche.yaml not yet written)
    assert again.text == once and again.conflicts == 0


def test_a_closing_block_in_the_body_is_merged_as_its_own_part() -> None:
    base = BASE + "\nT/M ĐẢNG ỦY\n\nBÍ THƯ\n\nNguyễn Văn A\n"
    ours = base.replace("\nNguyễn Văn A\n", "\nTrần Văn B\n")
    theirs = base.replace("Quy chế có hiệu lực từ ngày ký.", "Quy chế có hiệu lực từ ngày ký ban hành.")
    assert parse_text(base, "q.md").closing, "the fixture must have a closing block"
    result = merge_regulations(base, ours, theirs)
    assert "Trần Văn B" in result.text and "từ ngày ký ban hành." in result.text and result.conflicts == 0
    assert {o.kind: o.action for o in result.outcomes}["closing"] == "ours"


def test_a_suppression_comment_the_unit_added_is_kept() -> None:
    comment = "<!-- quyche-disable-next-line QC406 -->"
    ours = BASE.replace("1. Tập trung dân chủ.", f"{comment}\n1. Tập trung dân chủ.")
    theirs = BASE.replace("2. Tập thể lãnh đạo.", "2. Tập thể lãnh đạo, cá nhân phụ trách.")
    result = merge_regulations(BASE, ours, theirs)
    assert comment in result.text and "cá nhân phụ trách." in result.text and result.conflicts == 0
