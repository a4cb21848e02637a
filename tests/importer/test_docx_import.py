"""Import of Word files made the hard way: numbering.xml, bold-only headings, legacy fonts,
tracked changes, soft breaks, the two-column header and the signing table."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docxgen
import pytest
from docx.enum.text import WD_BREAK

from quyche.errors import ImportFormatError
from quyche.importer import import_file
from quyche.importer.docx import read_docx
from quyche.model.document import Article, Chapter, Clause, Point
from quyche.parse.document import parse_text
from quyche.render.imported import render_import
from quyche.render.markdown import render_markdown


def markdown_of(path: Path) -> str:
    """The Markdown `quyche import` writes for `path`."""
    return render_import(import_file(path))


def _party_doc() -> object:
    doc = docxgen.new()
    docxgen.header_table(
        doc,
        ["ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY XÃ CÔNG HẢI", "*", "Số: 01 -QC/ĐU"],
        ["ĐẢNG CỘNG SẢN VIỆT NAM", "Công Hải, ngày 01 tháng 7 năm 2025"],
    )
    doc.add_paragraph("QUY CHẾ")
    doc.add_paragraph("làm việc của Ban Chấp hành Đảng bộ xã Công Hải, khóa I, nhiệm kỳ 2025 - 2030")
    doc.add_paragraph("- Căn cứ Điều lệ Đảng Cộng sản Việt Nam;")
    doc.add_paragraph("- Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương;")
    doc.add_paragraph("Ban Chấp hành Đảng bộ xã Công Hải ban hành Quy chế làm việc như sau:")
    return doc


def _closing(doc: object) -> None:
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:")
    left.add_paragraph("- Ban Thường vụ Tỉnh ủy (để báo cáo),")
    left.add_paragraph("- Lưu Văn phòng Đảng ủy.")
    right.paragraphs[0].add_run("T/M ĐẢNG ỦY")
    right.add_paragraph("BÍ THƯ")
    right.add_paragraph("(Đã ký)")
    right.add_paragraph("Nguyễn Văn An")


def test_auto_numbering_is_recovered(tmp_path: Path) -> None:
    doc = _party_doc()
    num = docxgen.add_numbering(doc, 90, [("decimal", "Điều %1.", 1), ("decimal", "%2.", 1),
                                          ("lowerLetter", "%3)", 1)], 90)
    heading = docxgen.style_with_numbering(doc, "Dieu Heading", num, 0)  # style-linked numbering
    doc.add_paragraph("Chương I")
    doc.add_paragraph("NHỮNG QUY ĐỊNH CHUNG")
    for title, clauses in (("Phạm vi điều chỉnh", 2), ("Nguyên tắc làm việc", 3)):
        doc.add_paragraph(title, style=heading)
        for k in range(clauses):
            p = doc.add_paragraph(f"Nội dung khoản thứ {k + 1}:")
            docxgen.set_num(p, num, 1)
            if k == 1:
                for letter in ("thứ nhất;", "thứ hai."):
                    q = doc.add_paragraph(f"Điểm {letter}")
                    docxgen.set_num(q, num, 2)
    # A second list that restarts at 5 through a startOverride.
    restart = docxgen.add_numbering(doc, 91, [("decimal", "Điều %1.", 1)], 91, start_override={0: 5})
    p = doc.add_paragraph("Hiệu lực thi hành")
    docxgen.set_num(p, restart, 0)
    doc.add_paragraph("Quy chế này có hiệu lực kể từ ngày ký.")
    _closing(doc)
    path = docxgen.save(doc, tmp_path / "numbered.docx")

    raw = read_docx(path)
    texts = [line.text for line in raw.lines if line.text]
    assert "Điều 1. Phạm vi điều chỉnh" in texts
    assert "2. Nội dung khoản thứ 2:" in texts
    assert "b) Điểm thứ hai." in texts
    assert "Điều 5. Hiệu lực thi hành" in texts  # startOverride
    assert raw.numbered == 1 + 2 + 2 + 1 + 3 + 2 + 1

    result = import_file(path)
    reg = result.regulation
    arts = reg.articles()
    assert [a.number for a in arts] == ["1", "2", "5"]
    assert arts[1].title == "Nguyên tắc làm việc"
    clauses = [c for c in arts[0].children if isinstance(c, Clause)]
    assert [c.number for c in clauses] == ["1", "2"]
    points = [p for p in clauses[1].children if isinstance(p, Point)]
    assert [p.number for p in points] == ["a", "b"]
    assert isinstance(reg.children[0], Chapter) and reg.children[0].title == "NHỮNG QUY ĐỊNH CHUNG"
    fm = reg.front_matter
    assert fm is not None
    assert (fm.superior, fm.issuer, fm.number) == ("ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY XÃ CÔNG HẢI", "01 -QC/ĐU")
    assert fm.place == "Công Hải" and str(fm.date) == "2025-07-01"
    assert (fm.kind, fm.title) == ("quy chế", "QUY CHẾ")
    assert fm.term is not None and (fm.term.number, fm.term.period) == ("I", "2025 - 2030")
    assert fm.legal_bases == ["Căn cứ Điều lệ Đảng Cộng sản Việt Nam;",
                              "Căn cứ Quy định số 294-QĐ/TW, ngày 26/5/2025 của Ban Chấp hành Trung ương;"]
    assert fm.enacting == "Ban Chấp hành Đảng bộ xã Công Hải ban hành Quy chế làm việc như sau:"
    assert fm.signing is not None
    assert (fm.signing.capacity, fm.signing.title, fm.signing.name) == ("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn An")
    assert fm.authority == "Ban Chấp hành"
    assert fm.distribution == ["Ban Thường vụ Tỉnh ủy (để báo cáo),", "Lưu Văn phòng Đảng ủy."]
    assert [p.text for p in reg.closing] == ["(Đã ký)"]
    kept = [n for n in result.report.notes if n.reason == "closing-unplaced"]
    assert [(n.text, n.where) for n in kept] == [("(Đã ký)", "bảng 2, hàng 1, ô 2")]
    # canonical: what `quyche fmt --check` accepts
    assert render_markdown(parse_text(render_import(result)), _yaml(render_import(result))) == render_import(result)


def _yaml(markdown: str) -> str:
    return markdown.split("---\n")[1]


def test_bold_only_title_tracked_changes_soft_breaks_and_spaces(tmp_path: Path) -> None:
    doc = docxgen.new()
    para = doc.add_paragraph()
    para.add_run("Chương I").add_break(WD_BREAK.LINE)
    para.add_run("QUY ĐỊNH CHUNG")
    doc.add_paragraph("Điều 1.")
    doc.add_paragraph().add_run("Phạm vi điều chỉnh").bold = True  # a heading that is only bold
    p = doc.add_paragraph()
    docxgen.tracked(p, "1. Trong thời hạn ", "15 ", "10 ", "ngày làm việc.")
    doc.add_paragraph("2. Kinh\u00a0tế\u2011xã hội và quốc phòng.")
    path = docxgen.save(doc, tmp_path / "bold.docx")

    raw = read_docx(path)
    assert raw.tracked_insertions == 1 and raw.tracked_deletions == 1
    reg = import_file(path).regulation
    chapter = reg.children[0]
    assert isinstance(chapter, Chapter) and chapter.title == "QUY ĐỊNH CHUNG"
    art = reg.articles()[0]
    assert art.title == "Phạm vi điều chỉnh"
    clauses = [c for c in art.children if isinstance(c, Clause)]
    assert clauses[0].text == "Trong thời hạn 10 ngày làm việc."
    assert clauses[1].text == "Kinh tế-xã hội và quốc phòng."


def test_legacy_font_runs_are_converted(tmp_path: Path) -> None:
    doc = docxgen.new()
    r = doc.add_paragraph().add_run("§iÒu 1. Ph¹m vi ®iÒu chØnh")
    docxgen.run_font(r, ".VnTime")
    r = doc.add_paragraph().add_run("ch\u00ad¬ng tr×nh")  # .VnTimeH: lower-case bytes drawn as capitals
    docxgen.run_font(r, ".VnTimeH")
    r = doc.add_paragraph().add_run("1. Quy cheá naøy quy ñònh nguyeân taéc laøm vieäc.")
    docxgen.run_font(r, "VNI-Times")
    doc.add_paragraph("2. Đây là Unicode và giữ nguyên.")
    path = docxgen.save(doc, tmp_path / "legacy.docx")

    raw = read_docx(path)
    texts = [line.text for line in raw.lines if line.text]
    assert texts == ["Điều 1. Phạm vi điều chỉnh", "CHƯƠNG TRÌNH",
                     "1. Quy chế này quy định nguyên tắc làm việc.", "2. Đây là Unicode và giữ nguyên."]
    assert raw.legacy_runs == {"tcvn3": 2, "vni": 1}
    result = import_file(path)
    assert any(n.reason == "legacy-tcvn3" for n in result.report.notes)


def test_id_bookmark_comes_back_as_heading_id(tmp_path: Path) -> None:
    from quyche.importer.docx import decode_bookmark, encode_bookmark

    name = encode_bookmark("pham-vi_2.a")
    assert name is not None and name.replace("_", "").isalnum()
    assert decode_bookmark(name) == "pham-vi_2.a"
    assert encode_bookmark("x" * 60) is None
    doc = docxgen.new()
    p = doc.add_paragraph("Điều 1. Phạm vi")
    p._p.append(docxgen.parse_xml(f'<w:bookmarkStart {docxgen.W_NS} w:id="1" w:name="{name}"/>'))
    doc.add_paragraph("Nội dung.")
    reg = import_file(docxgen.save(doc, tmp_path / "bm.docx")).regulation
    assert isinstance(reg.children[0], Article) and reg.children[0].id == "pham-vi_2.a"


def _ole(tmp_path: Path, name: str, streams: list[str]) -> Path:
    data = bytearray(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    for stream in streams:
        data += stream.encode("utf-16-le") + b"\x00" * 16
    path = tmp_path / name
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(("name", "kind"), [("old.doc", "doc"), ("locked.docx", "encrypted"),
                                            ("broken.docx", "corrupt"), ("empty-zip.docx", "corrupt")])
def test_unreadable_word_files(tmp_path: Path, name: str, kind: str) -> None:
    if name == "old.doc":
        path = _ole(tmp_path, name, ["WordDocument", "1Table"])
    elif name == "locked.docx":
        path = _ole(tmp_path, name, ["EncryptionInfo", "EncryptedPackage"])
    elif name == "broken.docx":
        path = tmp_path / name
        path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    else:
        path = tmp_path / name
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("hello.txt", "no document part")
    with pytest.raises(ImportFormatError) as err:
        import_file(path)
    assert err.value.facts["kind"] == kind


def test_cli_messages_for_bad_word_files(tmp_path: Path, cli: object) -> None:
    path = _ole(tmp_path, "old.doc", ["WordDocument"])
    result = cli("import", str(path), "-o", str(tmp_path / "out.md"))  # type: ignore[operator]
    assert result.exit_code == 2
    assert "Word .doc đời cũ" in result.output and ".docx" in result.output
    locked = _ole(tmp_path, "locked.docx", ["EncryptionInfo"])
    result = cli("import", str(locked), "-o", str(tmp_path / "out.md"))  # type: ignore[operator]
    assert result.exit_code == 2 and "mật khẩu" in result.output
    assert not (tmp_path / "out.md").exists()


def test_tab_layout_roman_chapters_and_letters_past_d(tmp_path: Path) -> None:
    doc = docxgen.new()
    doc.add_paragraph("ĐẢNG BỘ TỈNH KHÁNH HÒA\t\tĐẢNG CỘNG SẢN VIỆT NAM")
    doc.add_paragraph("ĐẢNG ỦY XÃ CÔNG HẢI")
    doc.add_paragraph("*\tCông Hải, ngày 05 tháng 02 năm 2026")
    doc.add_paragraph("Số 03-QC/ĐU")
    doc.add_paragraph("QUY CHẾ")
    doc.add_paragraph("làm việc của Ban Chấp hành")
    num = docxgen.add_numbering(doc, 95, [("upperRoman", "Chương %1", 1), ("decimal", "Điều %2.", 1),
                                          ("lowerLetter", "%3)", 1)], 95, restart={1: 0})
    p = doc.add_paragraph("")
    docxgen.set_num(p, num, 0)
    doc.add_paragraph("NHỮNG QUY ĐỊNH CHUNG")
    p = doc.add_paragraph("Điểm đầu:")
    docxgen.set_num(p, num, 1)
    for k in range(6):
        q = doc.add_paragraph(f"nội dung {k + 1};")
        docxgen.set_num(q, num, 2)
    p = doc.add_paragraph("")
    docxgen.set_num(p, num, 0)
    doc.add_paragraph("TỔ CHỨC THỰC HIỆN")
    p = doc.add_paragraph("Hiệu lực")
    docxgen.set_num(p, num, 1)
    doc.add_paragraph("Quy chế này có hiệu lực kể từ ngày ký.")
    doc.add_paragraph("Nơi nhận:\tT/M ĐẢNG ỦY")
    doc.add_paragraph("- Các chi bộ,\tBÍ THƯ")
    doc.add_paragraph("- Lưu VPĐU.")
    doc.add_paragraph("\tNguyễn Văn Bình")
    path = docxgen.save(doc, tmp_path / "tabs.docx")

    result = import_file(path)
    reg = result.regulation
    assert [(c.number, c.title) for c in reg.chapters()] == [("I", "NHỮNG QUY ĐỊNH CHUNG"),
                                                               ("II", "TỔ CHỨC THỰC HIỆN")]
    arts = reg.articles()
    # lvlRestart 0 on the article level: numbering runs on across chapters
    assert [(a.number, a.title) for a in arts] == [("1", "Điểm đầu:"), ("2", "Hiệu lực")]
    letters = [u.number for u in arts[0].units() if u.kind == "point"]
    assert letters == ["a", "b", "c", "d", "e", "f"]  # what Word shows: its letters have no "đ"
    assert any(n.reason == "word-letters-without-d" for n in result.report.notes)
    fm = reg.front_matter
    assert fm is not None
    assert (fm.superior, fm.issuer, fm.number, str(fm.date)) == (
        "ĐẢNG BỘ TỈNH KHÁNH HÒA", "ĐẢNG ỦY XÃ CÔNG HẢI", "03-QC/ĐU", "2026-02-05")
    assert fm.signing is not None
    assert (fm.signing.capacity, fm.signing.title, fm.signing.name) == ("T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Văn Bình")
    assert fm.distribution == ["Các chi bộ,", "Lưu VPĐU."]


def test_footnotes_are_kept_at_the_end(tmp_path: Path) -> None:
    doc = docxgen.new()
    doc.add_paragraph("Điều 1. Phạm vi")
    p = doc.add_paragraph("1. Theo Hướng dẫn 36-HD/VPTW")
    docxgen.add_footnote(doc, p, 1, "Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng.")
    q = doc.add_paragraph("2. Theo Quy định 399-QĐ/TW")
    docxgen.add_footnote(doc, q, 2, "Quy định năm 2026 về thẩm quyền ban hành văn bản.")
    path = docxgen.save(doc, tmp_path / "notes.docx")
    with zipfile.ZipFile(path) as zf:
        assert "word/footnotes.xml" in zf.namelist()
    raw = read_docx(path)
    texts = [line.text for line in raw.lines if line.text]
    assert texts[1:3] == ["1. Theo Hướng dẫn 36-HD/VPTW[1]", "2. Theo Quy định 399-QĐ/TW[2]"]
    assert texts[3:] == ["[1] Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng.",
                         "[2] Quy định năm 2026 về thẩm quyền ban hành văn bản."]
    result = import_file(path)
    md = render_import(result)
    assert "[2] Quy định năm 2026 về thẩm quyền ban hành văn bản." in md
    assert any(n.reason == "footnotes-appended" for n in result.report.notes)


@pytest.mark.slow
def test_numbering_matches_libreoffice_text_export(tmp_path: Path, soffice: str) -> None:
    """LibreOffice's own text export writes the list labels: an independent oracle."""
    import subprocess

    doc = docxgen.new()
    num = docxgen.add_numbering(doc, 97, [("upperRoman", "Chương %1.", 1), ("decimal", "Điều %2.", 1),
                                          ("decimal", "%3.", 1), ("lowerLetter", "%4)", 1)], 97)
    # (no lvlRestart here: LibreOffice 7.4 ignores lvlRestart="0", which Word honours and the
    # resolver follows — see test_tab_layout_roman_chapters_and_letters_past_d)
    again = docxgen.add_numbering(doc, 98, [("decimal", "Điều %1.", 1)], 98, start_override={0: 20})
    heading = docxgen.style_with_numbering(doc, "Dieu Oracle", num, 1)
    for chapter in range(2):
        p = doc.add_paragraph(f"TIÊU ĐỀ CHƯƠNG {chapter + 1}")
        docxgen.set_num(p, num, 0)
        for art in range(3):
            doc.add_paragraph(f"Tiêu đề điều {art}", style=heading)
            for clause in range(2):
                p = doc.add_paragraph(f"Khoản {clause}")
                docxgen.set_num(p, num, 2)
                for point in range(6):
                    q = doc.add_paragraph(f"Điểm {point}")
                    docxgen.set_num(q, num, 3)
    p = doc.add_paragraph("Điều khởi đầu lại")
    docxgen.set_num(p, again, 0)
    path = docxgen.save(doc, tmp_path / "oracle.docx")
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    oracle = [" ".join(line.split()) for line in (tmp_path / "oracle.txt").read_text(encoding="utf-8-sig").splitlines()
              if line.strip()]
    ours = [line.text for line in read_docx(path).lines if line.text]
    assert len(ours) == 2 * (1 + 3 * (1 + 2 * 7)) + 1
    assert ours == oracle
