"""`format_text`: idempotent, meaning-preserving, front matter in schema order with comments."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from quyche.errors import InputError
from quyche.model.frontmatter import FRONT_MATTER_KEYS
from quyche.parse import parse_text, read_source
from quyche.render.markdown import format_text
from tests.conftest import CORPUS, ROOT


def _fixtures() -> list[Path]:
    """Every Markdown regulation in the project: examples, templates, test fixtures."""
    found = sorted(ROOT.glob("examples/**/*.md")) + sorted(ROOT.glob("tests/**/*.md"))
    found += sorted(ROOT.glob("templates/**/*.md")) + sorted(ROOT.glob("quyche/**/*.md"))
    return [p for p in found if "Điều" in p.read_text(encoding="utf-8", errors="replace")]


def _corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


def check_canonical(path: Path) -> str:
    text = read_source(path).text
    once = format_text(text, path)
    assert format_text(once, path) == once, "fmt(fmt(x)) == fmt(x)"
    before, after = parse_text(text, path), parse_text(once, path)
    assert after == before, "parse(fmt(x)) == parse(x)"
    assert [c.text for c in after.comments] == [c.text for c in before.comments]
    return once


@pytest.mark.parametrize("path", _fixtures(), ids=lambda p: str(p.relative_to(ROOT)))
def test_fixtures_are_stable_and_equivalent(path: Path) -> None:
    try:
        read_source(path)
        parse_text(read_source(path).text, path)
    except InputError:
        pytest.skip("a bad-input fixture")
    check_canonical(path)


def test_there_are_fixtures() -> None:
    assert any(p.parts[-3:-1] == ("examples", "phuong-an-hoa") for p in _fixtures())


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: p.name[:30])
def test_corpus_plain_to_markdown(path: Path) -> None:
    out = check_canonical(path)
    reg = parse_text(out, path)
    assert reg.layout == "markdown"
    assert "CÔNG BÁO/Số" not in out, "page furniture is dropped"
    original = parse_text(read_source(path).text)
    assert reg.counts() == original.counts()


def test_example_is_already_canonical() -> None:
    path = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"
    assert format_text(read_source(path).text, path) == path.read_text(encoding="utf-8")


MESSY = dedent("""\
    ---
    # Thông tin đầu văn bản
    title: QUY CHẾ  # tên văn bản
    kind: quy chế
    ghi_chu_noi_bo: khóa lạ vẫn được giữ
    signing:
      name: Nguyễn Văn An
      capacity: T/M ĐẢNG ỦY
      title: BÍ THƯ
    number: "01-QC/ĐU"
    subject: làm việc của Ban Chấp hành Đảng bộ phường An Hòa, khóa I, nhiệm kỳ 2025 - 2030, một dòng rất dài không được gấp lại
    legal_bases:
      - Căn cứ Điều lệ Đảng;
      # căn cứ thứ hai
      - Căn cứ Quy định số 294-QĐ/TW;
    date: 2025-07-15
    ---
    # CHƯƠNG I
    NHỮNG QUY ĐỊNH CHUNG
    ## Điều 1. Phạm vi {#pham-vi}
    Nội dung mở đầu
    nối dòng.
    1- Khoản một:
    a) điểm a;
    - ý một
    + ý nhỏ
    <!-- quyche-disable-next-line QC201 -->
    2- Khoản hai theo Điều 9.
    """)


def test_messy_markdown_becomes_canonical() -> None:
    out = format_text(MESSY)
    assert out == dedent("""\
        ---
        # Thông tin đầu văn bản
        kind: quy chế
        number: "01-QC/ĐU"
        date: 2025-07-15
        title: QUY CHẾ  # tên văn bản
        subject: làm việc của Ban Chấp hành Đảng bộ phường An Hòa, khóa I, nhiệm kỳ 2025 - 2030, một dòng rất dài không được gấp lại
        legal_bases:
          - Căn cứ Điều lệ Đảng;
          # căn cứ thứ hai
          - Căn cứ Quy định số 294-QĐ/TW;
        signing:
          capacity: T/M ĐẢNG ỦY
          title: BÍ THƯ
          name: Nguyễn Văn An
        ghi_chu_noi_bo: khóa lạ vẫn được giữ
        ---

        # Chương I

        NHỮNG QUY ĐỊNH CHUNG

        ## Điều 1. Phạm vi {#pham-vi}

        Nội dung mở đầu nối dòng.

        1. Khoản một:

           a) điểm a;

              - ý một

                + ý nhỏ

        <!-- quyche-disable-next-line QC201 -->
        2. Khoản hai theo Điều 9.
        """)
    assert format_text(out) == out
    assert parse_text(out) == parse_text(MESSY)


def test_front_matter_keys_follow_the_schema_order() -> None:
    out = format_text(MESSY)
    keys = [line.split(":")[0] for line in out.split("---")[1].splitlines() if line and line[0].isalpha()]
    known = [k for k in keys if k in FRONT_MATTER_KEYS]
    assert known == sorted(known, key=FRONT_MATTER_KEYS.index)
    assert keys[-1] == "ghi_chu_noi_bo"


@pytest.mark.parametrize("text", [
    "1. Đoạn bắt đầu bằng số",
    "a) Đoạn bắt đầu bằng chữ và ngoặc",
    "- Đoạn bắt đầu bằng gạch",
    "Điều 5. Đoạn giống tiêu đề điều",
    "Chương II",
    "# Đoạn bắt đầu bằng dấu thăng",
    "> Đoạn bắt đầu bằng dấu lớn hơn",
    "\\ Đoạn bắt đầu bằng gạch chéo ngược",
    "---",
    "“Đoạn bắt đầu bằng ngoặc kép” không phải trích dẫn",
])
def test_paragraphs_that_look_like_markers_survive(text: str) -> None:
    from quyche.model import Article, Paragraph, Regulation

    reg = Regulation(children=[Article(number="1", ordinal=1, title="A", children=[Paragraph(text)])])
    from quyche.render.markdown import render_markdown

    out = render_markdown(reg, None)
    again = parse_text(out)
    assert again == reg, out


def test_deep_tree_made_in_code_renders_without_recursion() -> None:
    from quyche.model import Article, Item, Regulation
    from quyche.render.markdown import render_markdown

    top = Item(text="mức 0")
    node = top
    for depth in range(1, 5000):
        child = Item(text=f"mức {depth}")
        node.children.append(child)
        node = child
    out = render_markdown(Regulation(children=[Article(number="1", ordinal=1, title="A", children=[top])]), None)
    assert out.count("mức") == 5000


def test_text_under_sub_clauses_is_never_indented_into_a_code_block() -> None:
    """Points and sub-clauses are not Markdown list items: their children stay within 3 columns
    of the enclosing list item's text, or GitHub would show them as code."""
    out = format_text("Điều 1. A\n1. Khoản:\n1.1- Con:\na) điểm\n- ý\n+ ý nhỏ\nĐoạn sau điểm.\n1.2- Con hai\n")
    assert out == dedent("""\
        # Điều 1. A

        1. Khoản:

           1.1. Con:

              a) điểm

              - ý

                + ý nhỏ

              Đoạn sau điểm.

           1.2. Con hai
        """)


@pytest.mark.parametrize("path", [*_corpus(), ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"],
                         ids=lambda p: p.name[:30])
def test_canonical_markdown_reads_well_on_github(path: Path) -> None:
    """A CommonMark parser (markdown-it, which rich already depends on) sees every heading as a
    heading, every quotation as a block quote, and nothing as a code block."""
    from markdown_it import MarkdownIt

    out = format_text(read_source(path).text, path)
    body = out.split("---\n", 2)[2] if out.startswith("---\n") else out
    tokens = MarkdownIt("commonmark").parse(body)
    types = [t.type for t in tokens]
    assert "code_block" not in types and "fence" not in types
    reg = parse_text(out)
    headings = sum(1 for d in reg.documents() for u in d.units()
                   if u.kind in ("part", "chapter", "section", "article", "appendix"))
    assert types.count("heading_open") == headings
    quoted = sum(1 for d in reg.documents() for n, _ in d.walk() if getattr(n, "quoted", False))
    assert types.count("blockquote_open") == quoted


def test_a_title_line_before_a_chapter_heading_is_not_a_signature() -> None:
    """Found by the fuzz suite: "BÍ THƯ" above "Chương I" was read as a signer (the heading has the
    shape of a name), which ended the document there and made fmt's output read differently."""
    text = ("Điều 1.\nBan Bí thư Trung ương Đảng quy định như sau:\nBÍ THƯ\nChương I\nQUY ĐỊNH CHUNG\n")
    reg = parse_text(text)
    assert reg.closing == [] and reg.attachments == []
    out = format_text(text)
    assert format_text(out) == out
    assert "# Chương I. QUY ĐỊNH CHUNG" in out
