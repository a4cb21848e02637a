"""A decision and the regulation it issues in one file: two documents, each with its own header,
articles from Điều 1, signature and self-reference ("Quyết định này" / "Quy chế này")."""

from __future__ import annotations

from pathlib import Path

from quyche.check.runner import check_source
from quyche.config import Config
from quyche.importer import import_file
from quyche.parse import parse_file
from quyche.parse.document import parse_text
from quyche.parse.source import Source
from quyche.render.docx.fulltext import write_fulltext
from quyche.render.imported import render_import
from quyche.render.markdown import format_text

FIXTURE = Path(__file__).parents[1] / "fixtures" / "layouts" / "decision_with_regulation.txt"


def _qc202(text: str) -> list[int]:
    source = Source(path=Path("qd.txt"), text=text, original=text)
    return [f.span.line for f in check_source(source, Config(root=Path("."))) if f.code == "QC202"]


def test_plain_decision_and_regulation_are_two_documents() -> None:
    reg = parse_file(FIXTURE)
    assert [d.document_kind() for d in reg.documents()] == ["quyết định", "quy chế"]
    assert [a.number for a in reg.articles()] == ["1", "2", "3"]
    attached = reg.attachments[0]
    assert [a.number for a in attached.articles()] == ["1", "2", "3", "4"]
    assert [c.number for c in attached.chapters()] == ["I", "II"]
    # each keeps its own signature: the decision's deputy, the regulation's minister
    assert [p.text for p in reg.closing][-3:] == ["KT. BỘ TRƯỞNG", "THỨ TRƯỞNG", "Nguyễn Văn Bình"]
    assert [p.text for p in attached.closing] == ["BỘ TRƯỞNG", "Nguyễn Văn Thắng"]
    assert attached.attached and not reg.attached


def test_self_reference_follows_the_document_it_stands_in() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    assert _qc202(text) == []  # "Quyết định này" in the decision, "Quy chế này" in the regulation
    wrong = text.replace("theo dõi việc thực hiện Quy chế này.", "theo dõi việc thực hiện Quyết định này.")
    wrong = wrong.replace("Điều 2. Quyết định này có hiệu lực", "Điều 2. Quy chế này có hiệu lực")
    lines = wrong.split("\n")
    assert _qc202(wrong) == [lines.index("Điều 2. Quy chế này có hiệu lực thi hành kể từ ngày ký.") + 1,
                             lines.index("Chánh Văn phòng Bộ theo dõi việc thực hiện Quyết định này.") + 1]


def test_import_keeps_both_documents_and_build_then_import_is_lossless(tmp_path: Path) -> None:
    result = import_file(FIXTURE)
    md = render_import(result)
    assert md.count("\n---\n") >= 2 and "issued_with: Ban hành kèm theo Quyết định số 125/QĐ-BTC" in md
    reg = parse_text(md)
    fm, att = reg.front_matter, reg.attachments[0].front_matter
    assert fm is not None and att is not None
    assert (fm.kind, fm.number, fm.signing and fm.signing.name) == ("quyết định", "125/QĐ-BTC", "Nguyễn Văn Bình")
    assert (att.kind, att.subject, att.signing and att.signing.name) == ("quy chế", "Làm việc của Bộ Tài chính",
                                                                         "Nguyễn Văn Thắng")
    assert format_text(md) == md  # canonical: fmt --check passes
    # build → import → the same two documents
    docx = write_fulltext(reg, tmp_path / "qd.docx")
    again = parse_text(render_import(import_file(docx)))
    assert [[a.full_text() for a in d.articles()] for d in again.documents()] == \
        [[a.full_text() for a in d.articles()] for d in reg.documents()]
    assert again.attachments[0].front_matter is not None
    assert again.attachments[0].front_matter.issued_with == att.issued_with
    assert again.attachments[0].front_matter.signing == att.signing
    assert again.front_matter is not None and again.front_matter.signing == fm.signing


def test_party_decision_with_a_regulation_without_chapters(tmp_path: Path) -> None:
    """Party header repeated over the attached regulation, its subject run on after "QUY CHẾ",
    articles from Điều 1 with no chapter: still two documents, each with its own signer."""
    path = FIXTURE.parent / "party_decision_with_regulation.txt"
    reg = parse_file(path)
    attached = reg.attachments[0]
    assert [a.number for a in reg.articles()] == ["1", "2"]
    assert [a.number for a in attached.articles()] == ["1", "2", "3"]
    assert attached.document_kind() == "quy chế" and reg.document_kind() == "quyết định"
    assert [p.text for p in reg.closing][-1] == "Nguyễn Văn An"
    text = path.read_text(encoding="utf-8")
    assert _qc202(text) == []
    md = render_import(import_file(path))
    att = parse_text(md).attachments[0].front_matter
    assert att is not None and att.subject == "làm việc của Ban Thường vụ Đảng ủy xã Công Hải"
    assert att.issued_with is not None and att.issued_with.startswith("Ban hành kèm theo Quyết định số 12-QĐ/ĐU")
    assert format_text(md) == md


def test_a_markdown_rule_is_not_an_attached_document() -> None:
    text = ("---\nkind: quy chế\n---\n\n## Điều 1. A\n\nB.\n\n---\n# Chương II. X\n\n## Điều 2. C\n\nD.\n\n"
            "---\n\n## Điều 3. E\n\nF.\n")
    reg = parse_text(text)
    assert reg.attachments == [] and [a.number for a in reg.articles()] == ["1", "2", "3"]
