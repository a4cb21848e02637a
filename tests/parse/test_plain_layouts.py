"""The plain layouts of texts taken from Word or PDF, each in a small inline text."""

from __future__ import annotations

from textwrap import dedent

from quyche.model import Article, Chapter, Clause, Item, Paragraph, Point, Regulation, Section, Unit
from quyche.parse import parse_text


def parse(text: str) -> Regulation:
    return parse_text(dedent(text).lstrip("\n"))


def shape(reg: Regulation) -> list[tuple[int, str, str]]:
    """(depth, kind, number) of every unit: the tree at a glance."""
    return [(len(parents), node.kind, node.number) for node, parents in reg.walk() if isinstance(node, Unit)]


def test_chapter_with_title_on_the_next_line() -> None:
    reg = parse("""
        Chương I
        NHỮNG QUY ĐỊNH CHUNG
        Điều 1. Phạm vi điều chỉnh
        Quy chế này quy định chế độ làm việc.
    """)
    chapter = reg.chapters()[0]
    assert (chapter.number, chapter.ordinal, chapter.title) == ("I", 1, "NHỮNG QUY ĐỊNH CHUNG")
    assert (chapter.span.line, chapter.span.column) == (1, 1)
    assert reg.articles()[0].title == "Phạm vi điều chỉnh"
    assert shape(reg) == [(0, "chapter", "I"), (1, "article", "1")]


def test_upper_case_chapter_keyword_and_wrapped_upper_title() -> None:
    reg = parse("""
        CHƯƠNG IV
        NHIỆM VỤ, QUYỀN HẠN CỦA BAN CHẤP HÀNH
        VÀ BAN THƯỜNG VỤ
        Điều 9. Nhiệm vụ
    """)
    chapter = reg.chapters()[0]
    assert (chapter.number, chapter.ordinal) == ("IV", 4)
    assert chapter.title == "NHIỆM VỤ, QUYỀN HẠN CỦA BAN CHẤP HÀNH VÀ BAN THƯỜNG VỤ"


def test_article_title_and_text_on_one_line() -> None:
    reg = parse("""
        Điều 1. Phạm vi điều chỉnh: Quy định này áp dụng cho các cơ quan đảng.
        Điều 20. Quy định này thay thế Quy định số 270-QĐ/TW ngày 06/12/2014 của Ban Bí thư về phông lưu trữ.
    """)
    first, second = reg.articles()
    assert first.title == "Phạm vi điều chỉnh"
    lead = first.children[0]
    assert isinstance(lead, Paragraph)
    assert lead.text == "Quy định này áp dụng cho các cơ quan đảng."
    assert (lead.span.line, lead.span.column) == (1, len("Điều 1. Phạm vi điều chỉnh: ") + 1)
    # A one-sentence article has no title, only text.
    assert second.title == ""
    assert second.paragraphs()[0].text.startswith("Quy định này thay thế")


def test_inserted_article_number() -> None:
    reg = parse("""
        Điều 5. Trách nhiệm
        Nội dung.
        Điều 5a. Trách nhiệm bổ sung
        Nội dung bổ sung.
        Điều 6. Hiệu lực
    """)
    numbers = [(a.number, a.ordinal, a.suffix) for a in reg.articles()]
    assert numbers == [("5", 5, ""), ("5a", 5, "a"), ("6", 6, "")]


def test_clauses_written_with_hyphen_and_sub_clauses() -> None:
    reg = parse("""
        Điều 3. Nguyên tắc
        1- Tập trung dân chủ.
        1.1- Tập thể lãnh đạo.
        1.2- Cá nhân phụ trách.
        1.2.1- Người đứng đầu.
        1.3- Công khai.
        2- Công khai, minh bạch.
    """)
    assert shape(reg) == [
        (0, "article", "3"), (1, "clause", "1"), (2, "clause", "1.1"), (2, "clause", "1.2"),
        (3, "clause", "1.2.1"), (2, "clause", "1.3"), (1, "clause", "2"),
    ]
    clause = reg.articles()[0].sub_units()[0]
    assert isinstance(clause, Clause)
    assert (clause.text, clause.ordinal, clause.marker) == ("Tập trung dân chủ.", 1, "1-")


def test_points_in_vietnamese_letter_order() -> None:
    letters = "abcdđeghiklmnopqrstuvxy"
    body = "\n".join(f"{ch}) Nội dung điểm {ch};" for ch in letters)
    reg = parse_text("Điều 1. Điểm\n1. Gồm:\n" + body + "\n")
    points = [u for u in reg.units() if isinstance(u, Point)]
    assert [p.number for p in points] == list(letters)
    assert [p.ordinal for p in points] == list(range(1, len(letters) + 1))
    assert all(p.span.line == i + 3 for i, p in enumerate(points))


def test_roman_sections_in_place_of_chapters() -> None:
    reg = parse("""
        QUY ĐỊNH
        VỀ PHÔNG LƯU TRỮ
        I- QUY ĐỊNH CHUNG
        Điều 1. Phạm vi
        Nội dung.
        II- TỔ CHỨC THỰC HIỆN
        Điều 2. Hiệu lực
        Quy định này có hiệu lực từ ngày ký.
    """)
    sections = [u for u in reg.units() if isinstance(u, Section)]
    assert [(s.number, s.ordinal, s.title) for s in sections] == [
        ("I", 1, "QUY ĐỊNH CHUNG"), ("II", 2, "TỔ CHỨC THỰC HIỆN")]
    assert shape(reg) == [(0, "section", "I"), (1, "article", "1"), (0, "section", "II"), (1, "article", "2")]
    assert [p.text for p in reg.children if isinstance(p, Paragraph)] == ["QUY ĐỊNH", "VỀ PHÔNG LƯU TRỮ"]


def test_quoted_article_inside_an_amending_article_is_not_a_heading() -> None:
    reg = parse("""
        Điều 75. Sửa đổi, bổ sung một số luật
        1. Sửa đổi Điều 50 như sau:
        “Điều 50. Thẩm quyền cho phép chuyển nhượng
        1. Nội dung khoản một.
        2. Nội dung khoản hai.”
        2. Luật này có hiệu lực.
        Điều 76. Hiệu lực thi hành
    """)
    assert [a.number for a in reg.articles()] == ["75", "76"]
    first = reg.articles()[0].sub_units()[0]
    quoted = first.paragraphs()
    assert [p.quoted for p in quoted] == [True, True, True]
    assert quoted[0].text == "“Điều 50. Thẩm quyền cho phép chuyển nhượng"
    assert quoted[2].text.endswith("hai.”")
    # The quotation closed: the next clause is a clause again.
    assert [c.number for c in reg.articles()[0].sub_units()] == ["1", "2"]


WRAPPED = """\
Điều 11. Quyền của Công đoàn
1. Công đoàn có quyền tham gia với cơ quan nhà nước xây dựng chính sách, pháp luật
về lao động, việc làm, tiền lương, bảo hiểm theo quy định tại khoản 2 của
Điều 12 của Luật Tổ chức Quốc hội và các văn bản pháp luật khác có liên quan đến
người lao động.
2. Công đoàn đại diện cho người lao động trong quan hệ lao động theo quy định tại
Điều 7 và Điều 8 của Luật này; tham gia thương lượng tập thể với người sử dụng
lao động.
Điều 12. Trách nhiệm của Công đoàn
Công đoàn tuyên truyền, vận động người lao động thực hiện chủ trương của Đảng,
chính sách, pháp luật của Nhà nước.
"""


def test_wrapped_lines_starting_with_a_reference_are_joined_not_headings() -> None:
    reg = parse_text(WRAPPED)
    assert [a.number for a in reg.articles()] == ["11", "12"]
    clauses = reg.articles()[0].sub_units()
    assert [c.number for c in clauses] == ["1", "2"]
    assert clauses[0].text == (
        "Công đoàn có quyền tham gia với cơ quan nhà nước xây dựng chính sách, pháp luật về lao động, "
        "việc làm, tiền lương, bảo hiểm theo quy định tại khoản 2 của Điều 12 của Luật Tổ chức Quốc hội và các văn bản pháp luật khác "
        "có liên quan đến người lao động.")
    assert clauses[1].text.startswith("Công đoàn đại diện")
    assert "Điều 7 và Điều 8 của Luật này" in clauses[1].text
    assert (clauses[1].span.line, clauses[1].span.end_line) == (6, 8)
    assert reg.articles()[1].span.line == 9


def test_wrapped_article_title_is_joined() -> None:
    text = WRAPPED.replace("Điều 12. Trách nhiệm của Công đoàn",
                           "Điều 12. Việc gia nhập Công đoàn Việt Nam của tổ chức của người lao động\ntại doanh nghiệp")
    reg = parse_text(text)
    assert reg.articles()[1].title == "Việc gia nhập Công đoàn Việt Nam của tổ chức của người lao động tại doanh nghiệp"


def test_bullets_dash_and_plus() -> None:
    reg = parse("""
        Điều 4. Chế độ làm việc
        Thường trực có nhiệm vụ:
        - Chủ trì công việc hằng ngày;
        + Giải quyết việc đột xuất;
        + Chuẩn bị hội nghị;
        - Báo cáo Ban Thường vụ.
    """)
    assert shape(reg) == [(0, "article", "4"), (1, "item", ""), (2, "item", ""), (2, "item", ""), (1, "item", "")]
    items = [u for u in reg.units() if isinstance(u, Item)]
    assert [i.marker for i in items] == ["-", "+", "+", "-"]


def test_every_unit_keeps_line_and_column() -> None:
    text = "Chương I\nCHUNG\n  Điều 1. Phạm vi\n\t1. Khoản một;\n    a) Điểm a.\n"
    reg = parse_text(text)
    where = {u.kind: (u.span.line, u.span.column) for u in reg.units()}
    assert where == {"chapter": (1, 1), "article": (3, 3), "clause": (4, 2), "point": (5, 5)}


def test_page_furniture_and_stamp_are_set_aside_and_page_breaks_are_transparent() -> None:
    text = (
        "Điều 3. Giải thích từ ngữ\n"
        "1. Đầu tư kinh doanh là việc nhà đầu tư bỏ vốn đầu tư để thực hiện hoạt động kinh\n"
        "doanh thông qua việc thành lập tổ chức kinh tế; góp vốn, mua cổ phần, phần vốn\n"
        "Ký bởi: Cổng Thông tin điện tử Chính phủ\n"
        "Email: thongtinchinhphu@chinhphu.vn\n"
        "Cơ quan: Văn phòng Chính phủ\n"
        "Thời gian ký: 19.01.2015 08:51:04 +07:00\n"
        "\n"
        "4\n"
        "CÔNG BÁO/Số 1173 + 1174/Ngày 30-12-2014\n"
        "\n"
        "góp của tổ chức kinh tế; đầu tư theo hình thức hợp đồng hoặc thực hiện dự án đầu tư.\n"
        "2. Cơ quan đăng ký đầu tư là cơ quan có thẩm quyền cấp Giấy chứng nhận đăng ký đầu tư.\n"
    )
    reg = parse_text(text)
    assert [p.text for p in reg.furniture] == [
        "Ký bởi: Cổng Thông tin điện tử Chính phủ", "Email: thongtinchinhphu@chinhphu.vn",
        "Cơ quan: Văn phòng Chính phủ", "Thời gian ký: 19.01.2015 08:51:04 +07:00", "4",
        "CÔNG BÁO/Số 1173 + 1174/Ngày 30-12-2014"]
    clauses = reg.articles()[0].sub_units()
    assert [c.number for c in clauses] == ["1", "2"]
    assert clauses[0].text.endswith("góp vốn, mua cổ phần, phần vốn góp của tổ chức kinh tế; đầu tư theo hình "
                                    "thức hợp đồng hoặc thực hiện dự án đầu tư.")


def test_closing_block_and_appendix() -> None:
    reg = parse("""
        Điều 9. Hiệu lực thi hành
        Quy chế này có hiệu lực từ ngày ký.
        Nơi nhận:
        - Các chi bộ trực thuộc,
        - Lưu Văn phòng.
        T/M ĐẢNG ỦY
        BÍ THƯ
        Nguyễn Văn An
        PHỤ LỤC I
        MẪU BÁO CÁO
        1. Tên cơ quan
    """)
    assert [p.text for p in reg.closing] == [
        "Nơi nhận:", "- Các chi bộ trực thuộc,", "- Lưu Văn phòng.", "T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn An"]
    appendix = reg.children[-1]
    assert isinstance(appendix, Unit) and appendix.kind == "appendix"
    assert (appendix.number, appendix.title) == ("I", "MẪU BÁO CÁO")
    assert [p.text for p in appendix.paragraphs()] == ["1. Tên cơ quan"]
    assert isinstance(reg.children[0], Article)


def test_part_with_ordinal_words() -> None:
    reg = parse("""
        Phần thứ nhất
        NHỮNG QUY ĐỊNH CHUNG
        Chương I
        NHIỆM VỤ
        Điều 1. Phạm vi
        Phần thứ mười
        THI HÀNH
        Chương II
        HIỆU LỰC
        Điều 2. Hiệu lực
    """)
    parts = [u for u in reg.units() if u.kind == "part"]
    assert [(p.number, p.ordinal, p.title, p.label) for p in parts] == [
        ("nhất", 1, "NHỮNG QUY ĐỊNH CHUNG", "Phần thứ nhất"), ("mười", 10, "THI HÀNH", "Phần thứ mười")]
    assert isinstance(reg.children[0], Unit) and isinstance(reg.children[0].children[0], Chapter)


def test_text_without_hard_wraps_keeps_one_paragraph_a_line() -> None:
    """In one-paragraph-a-line text a long title line is not joined to the line after it."""
    reg = parse("""
        Điều 516. Sửa đổi, bổ sung một số điều của Bộ luật lao động
        1. Điều 51 được sửa đổi, bổ sung như sau:
        “Điều 51. Thẩm quyền tuyên bố hợp đồng lao động vô hiệu trong mọi trường hợp
        Tòa án nhân dân có quyền tuyên bố hợp đồng lao động vô hiệu.”
        2. Bãi bỏ các điều 223 và 234.
    """)
    quoted = reg.articles()[0].sub_units()[0].paragraphs()
    assert [p.text for p in quoted] == [
        "“Điều 51. Thẩm quyền tuyên bố hợp đồng lao động vô hiệu trong mọi trường hợp",
        "Tòa án nhân dân có quyền tuyên bố hợp đồng lao động vô hiệu.”"]
    assert all(p.quoted for p in quoted)


def test_look_alike_eth_in_article_keyword_still_makes_an_article() -> None:
    reg = parse_text("\u00d0iều 1. Phạm vi\nNội dung.\n## \u00d0iều 2. Hiệu lực\n")
    assert [(a.number, a.title) for a in reg.articles()] == [("1", "Phạm vi"), ("2", "Hiệu lực")]
