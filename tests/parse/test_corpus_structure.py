"""The parser on real published texts, beyond the counts: furniture, wraps, quotes, titles."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from quyche.model import Article, Paragraph, Regulation, Unit
from quyche.parse import parse_file
from tests.conftest import CORPUS

# file prefix -> (Công báo page headers, e-signature stamp lines): INDEX.md's figures
FURNITURE = {
    "PAIR1_new": (25, 0),
    "PAIR2_old": (65, 4),
    "PAIR2_new": (93, 4),
    "PAIR3_old": (51, 4),
    "PAIR3_new": (88, 4),
}


@cache
def load(prefix: str) -> Regulation:
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus is not available")
    (path,) = sorted(CORPUS.glob(prefix + "*.txt"))
    return parse_file(path)


def articles(prefix: str) -> dict[str, Article]:
    return {a.number: a for a in load(prefix).articles()}


def all_text(reg: Regulation) -> list[str]:
    out = []
    for node, _ in reg.walk():
        out.append(node.text)
        if isinstance(node, Unit):
            out.append(node.title)
    out.extend(p.text for p in reg.closing)
    return out


@pytest.mark.parametrize("prefix", sorted(FURNITURE))
def test_page_headers_and_stamps_go_to_furniture_never_into_text(prefix: str) -> None:
    reg = load(prefix)
    headers, stamp = FURNITURE[prefix]
    assert sum(p.text.startswith("CÔNG BÁO/Số") for p in reg.furniture) == headers
    numbers = [int(p.text) for p in reg.furniture if p.text.isdigit()]
    assert len(numbers) == headers
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers))), "page numbers run in sequence"
    assert sum(p.text.startswith(("Ký bởi", "Người ký", "Email", "Cơ quan", "Thời gian ký"))
               for p in reg.furniture) == stamp
    for text in all_text(reg):
        assert "CÔNG BÁO/Số" not in text
        assert "Thời gian ký:" not in text
        assert "thongtinchinhphu@chinhphu.vn" not in text


def test_wrapped_article_title_is_joined_pair1_new() -> None:
    art = articles("PAIR1_new")["6"]
    assert art.title == "Việc gia nhập Công đoàn Việt Nam của tổ chức của người lao động tại doanh nghiệp"
    assert art.paragraphs()[0].text.startswith("Tổ chức của người lao động tại doanh nghiệp được thành lập")


def test_known_titles() -> None:
    assert articles("PAIR1_old")["1"].title == "Công đoàn"
    assert articles("PAIR1_new")["1"].title == "Công đoàn Việt Nam"
    assert articles("LARGE")["1"].title == "Phạm vi điều chỉnh và nhiệm vụ của Bộ luật tố tụng dân sự"
    assert articles("LARGE")["517"].title == "Hiệu lực thi hành"
    assert articles("PAIR2_new")["9"].title == (
        "Ngành, nghề và điều kiện tiếp cận thị trường đối với nhà đầu tư nước ngoài")
    assert articles("PAIR3_new")["141"].title == "Quy định chuyển tiếp"
    law80 = articles("luat_ban_hanh")
    assert law80["71"].title == ("Trình tự Ủy ban thường vụ Quốc hội xem xét, cho ý kiến về dự án luật, "
                                 "dự thảo nghị quyết của Quốc hội")
    assert law80["71"].span.column == 2  # after the NO-BREAK SPACE


def test_hard_wrapped_lines_are_joined_across_a_page_break() -> None:
    clause = articles("PAIR2_old")["4"].sub_units()[1]
    assert clause.text == (
        "Trường hợp có quy định khác nhau giữa Luật này và luật khác về ngành, nghề cấm đầu tư kinh "
        "doanh, ngành, nghề đầu tư kinh doanh có điều kiện, trình tự, thủ tục đầu tư thì thực hiện "
        "theo quy định của Luật này, trừ trình tự, thủ tục đầu tư kinh doanh theo quy định tại Luật "
        "chứng khoán, Luật các tổ chức tín dụng, Luật kinh doanh bảo hiểm và Luật dầu khí.")
    assert (clause.span.line, clause.span.end_line) == (86, 94)


def test_form_feed_line_is_joined_in_law_80() -> None:
    clause = articles("luat_ban_hanh")["172"].sub_units()[3]
    assert "khoản 4 Điều 14 của Luật này được ban hành" in clause.text


def test_quoted_article_in_large_article_516() -> None:
    art = articles("LARGE")["516"]
    first = art.sub_units()[0]
    assert first.text == "Điều 51 được sửa đổi, bổ sung như sau:"
    quoted = first.paragraphs()
    assert [(p.text, p.quoted) for p in quoted] == [
        ("“Điều 51. Thẩm quyền tuyên bố hợp đồng lao động vô hiệu", True),
        ("Tòa án nhân dân có quyền tuyên bố hợp đồng lao động vô hiệu.”", True),
    ]
    assert [c.number for c in art.sub_units()] == ["1", "2"]


def test_quoted_article_in_pair2_new_article_75() -> None:
    art = articles("PAIR2_new")["75"]
    quoted = [n for n, _ in Regulation(children=[art]).walk() if isinstance(n, Paragraph) and n.quoted]
    assert any(p.text.startswith("“Điều 50. Thẩm quyền cho phép chuyển nhượng") for p in quoted)
    assert [a.number for a in load("PAIR2_new").articles()].count("50") == 1


def test_one_sentence_articles_in_party_383() -> None:
    art = articles("PARTY__quy_dinh_383")["20"]
    assert art.title == ""
    assert art.paragraphs()[0].text.startswith("Quy định này thay thế Quy định số 270-QĐ/TW")


def test_two_article_sequences_in_party_1147() -> None:
    reg = load("PARTY__quy_che_1147")
    assert [a.number for a in reg.articles()] == ["1", "2", "3"]
    assert [a.number for a in reg.attachments[0].articles()] == [str(i) for i in range(1, 19)]
    assert [p.text for p in reg.closing][-3:] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Ngô Đông Hải"]
    assert [p.text for p in reg.attachments[0].children[:1]] == ["QUY CHẾ"]  # the attachment's own header


def test_chapter_gap_is_kept_as_written() -> None:
    reg = load("xa_conghai")
    assert [c.number for c in reg.chapters()] == ["I", "II", "III", "V"]
    assert [c.ordinal for c in reg.chapters()] == [1, 2, 3, 5]


def test_appendix_mentions_are_not_appendices_in_pair2() -> None:
    old = [(u.number, u.span.line) for u in load("PAIR2_old").units() if u.kind == "appendix"]
    assert [n for n, _ in old] == ["1", "2", "3", "4"]
    new = [u.number for u in load("PAIR2_new").units() if u.kind == "appendix"]
    assert new == ["", "I", "II", "III", "IV"]


def test_closing_blocks() -> None:
    assert [p.text for p in load("PAIR1_new").closing][-2:] == ["CHỦ TỊCH QUỐC HỘI", "Trần Thanh Mẫn"]
    assert load("PARTY__quy_dinh_383").closing[0].text == "Nơi nhận:"
    assert "T/M BAN BÍ THƯ" in [p.text for p in load("PARTY__quy_dinh_383").closing]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [], ids=lambda p: p.name[:30])
def test_every_heading_span_points_at_its_marker(path: Path) -> None:
    reg = parse_file(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    for unit in reg.units():
        at = lines[unit.span.line - 1][unit.span.column - 1 :]
        if unit.kind == "article":
            assert at.startswith(f"Điều {unit.number}"), (unit.span, at[:40])
        elif unit.kind == "clause":
            assert at.startswith(unit.number), (unit.span, at[:40])
        elif unit.kind == "point":
            assert at.startswith(f"{unit.number})"), (unit.span, at[:40])
        assert unit.span.end_line >= unit.span.line
