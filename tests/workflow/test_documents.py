"""The round's documents: real DOCX files reopened and read cell by cell; one LibreOffice render."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import docx_to_pdf, pdf_text
from tests.workflow.roundkit import RoundRepo, git, run_cli


def _report(repo: RoundRepo, kind: str, *extra: str) -> Path:
    code, out = run_cli(repo.path, "round", "report", kind, *extra)
    assert code == 0, out
    path = Path(out.strip().splitlines()[0].removeprefix("Đã lập ").strip())
    assert path.is_file()
    return path


def _rows(path: Path, table: int = 1) -> list[list[str]]:
    import docx

    doc = docx.Document(str(path))
    return [[c.text for c in row.cells] for row in doc.tables[table].rows]


def _fonts(path: Path) -> set[str]:
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(path))
    fonts = set()
    for el in doc.element.body.iter(qn("w:rFonts")):
        for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            value = el.get(qn(slot))
            if value:
                fonts.add(value)
    return fonts


def test_comment_synthesis_table(tampered: RoundRepo) -> None:
    path = _report(tampered, "comments")
    assert path == tampered.path / "vong" / "2026-01" / "bang-tong-hop-y-kien.docx"
    rows = _rows(path)
    assert rows[0] == ["STT", "Điều, khoản", "Nội dung góp ý", "Cơ quan, đơn vị, cá nhân góp ý", "Tiếp thu, giải trình"]
    assert rows[1][0] == "I. GÓP Ý CHUNG"
    assert rows[2] == ["1", "Chung", "Dự thảo cần rà soát lại các căn cứ ban hành.", "Trần Thị Bình (Chi bộ Khu phố 1)",
                       "Tiếp thu một phần. Đã cập nhật căn cứ Quy định 294-QĐ/TW."]
    assert rows[3][0] == "II. GÓP Ý VÀO CÁC ĐIỀU, KHOẢN CỤ THỂ"
    # by article: Điều 1 before Điều 2
    assert rows[4][:2] == ["2", "Điều 1"] and rows[4][3] == "Ủy ban Kiểm tra Đảng ủy"
    assert rows[4][4] == "Không tiếp thu. Cần mở rộng cho các cơ quan tham mưu."
    assert rows[5][:2] == ["3", "Điều 2, khoản 2"] and rows[5][4] == "Tiếp thu."
    assert rows[-1][0].startswith("Tổng cộng: 3 ý kiến của 2 cơ quan, đơn vị, cá nhân; tiếp thu 1, tiếp thu một phần 1")
    import docx

    doc = docx.Document(str(path))
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape
    header_row = doc.tables[1].rows[0]._tr
    assert header_row.xpath("./w:trPr/w:tblHeader")
    assert _fonts(path) == {"Times New Roman"}
    # the working group leader signs
    closing = [c.text for c in doc.tables[-1].rows[0].cells]
    assert "T/M TỔ CÔNG TÁC" in closing[1] and "Nguyễn Văn An" in closing[1]
    # refuses to overwrite without --force
    code, out = run_cli(tampered.path, "round", "report", "comments")
    assert code == 2 and "--force" in out
    assert run_cli(tampered.path, "round", "report", "comments", "--force")[0] == 0


def test_proposals_table_lists_changed_articles_with_reasons(tampered: RoundRepo) -> None:
    round_yaml = tampered.path / "vong" / "2026-01" / "round.yaml"
    kept = [ln for ln in round_yaml.read_text(encoding="utf-8").splitlines(keepends=True)
            if not ln.startswith("reasons:")]  # a key may appear only once
    round_yaml.write_text("".join(kept) + "reasons:\n  Điều 2: Cụ thể hóa Quyết định 302-QĐ/TW.\n", encoding="utf-8")
    path = _report(tampered, "proposals", "-o", str(tampered.path / "bieu.docx"))
    rows = _rows(path)
    assert rows[0][2:] == ["Quy định hiện hành", "Nội dung đề nghị sửa đổi, bổ sung", "Lý do, căn cứ"]
    assert len(rows) == 3
    assert rows[1][0] == "1"
    assert rows[1][1] == "Điều 2, khoản 1, 2\n(Sửa đổi, bổ sung)"
    assert "rõ kết quả." in rows[1][2] and "rõ thẩm quyền" not in rows[1][2]
    assert "rõ kết quả, rõ thẩm quyền." in rows[1][3]
    assert rows[1][4] == "Cụ thể hóa Quyết định 302-QĐ/TW."
    assert rows[2][0] == "Tổng số: 1 nội dung đề nghị sửa đổi, bổ sung."


def test_submission_from_the_template(tampered: RoundRepo) -> None:
    import docx

    path = _report(tampered, "submission")
    doc = docx.Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "TỜ TRÌNH" in text
    assert "về việc sửa đổi, bổ sung quy chế làm việc của Ban Chấp hành Đảng bộ phường An Hòa" in text
    assert "Kính gửi: Ban Chấp hành Đảng bộ phường An Hòa" in text
    assert "(số 01-QC/ĐU, ngày 15/07/2025)" in text
    assert "- Điều 2, khoản 1, 2 (Điều 2. Nguyên tắc làm việc): sửa đổi, bổ sung." in text
    assert "- Lấy ý kiến cấp ủy viên, tổ chức đảng trực thuộc: ngày 01/03/2026." in text
    assert "3 ý kiến góp ý của 2 cơ quan, đơn vị, cá nhân" in text
    header = "\n".join(c.text for c in doc.tables[0].rows[0].cells)
    assert "-TTr/ĐU" in header
    # submitted by the Ban Thường vụ to the Ban Chấp hành, as the procedure says
    assert "Ban Thường vụ kính trình Ban Chấp hành xem xét, thông qua" in text
    closing = "\n".join(c.text for c in doc.tables[-1].rows[0].cells)
    assert "T/M BAN THƯỜNG VỤ\nBÍ THƯ" in closing and "TỔ CÔNG TÁC" not in closing
    # made after the round, it keeps the state of the meeting it goes to: no later step is listed
    assert "- Hội nghị Ban Thường vụ cho ý kiến: ngày 25/03/2026." in text
    for later in ("Hội nghị Ban Chấp hành xem xét", "Ban hành quy chế:", "Giải thể tổ công tác"):
        assert later not in text
    # no internal names: round id, file or folder names
    for internal in ("2026-01", ".docx", "vong/", "round.yaml"):
        assert internal not in text
    code, out = run_cli(tampered.path, "round", "report", "submission", "--force")
    assert code == 0
    assert "Chưa có lý do cho 1 điều: Điều 2 (ô lý do" in out and "vong/2026-01/round.yaml" in out


def test_body_template_overrides_and_sandbox(tampered: RoundRepo) -> None:
    folder = tampered.path / "templates" / "_documents"
    folder.mkdir(parents=True)
    (folder / "to-trinh.md.jinja").write_text("> Kính gửi: {{ authority }}\n\nVòng {{ round.id }}.\n", encoding="utf-8")
    import docx

    path = _report(tampered, "submission", "-o", str(tampered.path / "tt.docx"))
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Vòng 2026-01." in text and "I. SỰ CẦN THIẾT" not in text
    (folder / "to-trinh.md.jinja").write_text("{{ round.__class__.__mro__ }}\n", encoding="utf-8")
    code, out = run_cli(tampered.path, "round", "report", "submission", "-o", str(tampered.path / "tt2.docx"))
    assert code == 2 and "không an toàn" in out
    assert not (tampered.path / "tt2.docx").exists()


def test_comments_file_errors_are_one_line(tampered: RoundRepo) -> None:
    bad = tampered.path / "vong" / "2026-01" / "gop-y" / "sai.yaml"
    bad.write_text("commenter: A\ncomments:\n  - text: x\n    response: đồng ý\n", encoding="utf-8")
    code, out = run_cli(tampered.path, "round", "comments")
    assert code == 2
    assert "sai.yaml:3: tệp góp ý không đúng mẫu: `response: đồng ý` không hợp lệ" in out
    bad.write_text("commenter: A\ncomments: [\n", encoding="utf-8")
    code, out = run_cli(tampered.path, "round", "comments")
    assert code == 2 and "sai.yaml:" in out and "Traceback" not in out
    git(tampered.path, "status")


@pytest.mark.slow
def test_documents_render_in_libreoffice(tampered: RoundRepo, soffice: str, tmp_path: Path) -> None:
    texts = {}
    for kind in ("comments", "submission"):
        pdf = docx_to_pdf(soffice, _report(tampered, kind), tmp_path)
        texts[kind] = pdf_text(pdf)
    assert "BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý" in texts["comments"]
    assert "Tiếp thu một phần. Đã cập nhật căn cứ Quy" in texts["comments"]
    assert "TỜ TRÌNH" in texts["submission"] and "IV. ĐỀ NGHỊ" in texts["submission"]


def test_missing_reasons_line_names_a_dozen_and_counts_the_rest() -> None:
    from quyche.workflow.comparison import MISSING_REASONS_SHOWN, missing_reasons_line

    articles = [f"Điều {n}" for n in range(1, 162)]
    line = missing_reasons_line(articles, "mục `reasons:`")
    assert "\n" not in line
    assert line.startswith("Chưa có lý do cho 161 điều: Điều 1; Điều 2;")
    assert f"Điều {MISSING_REASONS_SHOWN} và {161 - MISSING_REASONS_SHOWN} điều khác (ô lý do" in line
    assert f"Điều {MISSING_REASONS_SHOWN + 1};" not in line
    assert line.endswith("Hãy ghi vào mục `reasons:`.")


@pytest.mark.parametrize(("number", "date", "expected"), [
    ("05-QC/ĐU", "2015-06-25", "(số 05-QC/ĐU, ngày 25/06/2015) là cơ sở"),
    ("Luật số: 92/2015/QH13", "2015", "(Luật số 92/2015/QH13, năm 2015) là cơ sở"),
    ("Số: 05-QC/ĐU", "2015-07", "(số 05-QC/ĐU, tháng 7 năm 2015) là cơ sở"),
    (None, "2015", "(ban hành năm 2015) là cơ sở"),
])
def test_submission_names_the_current_regulation_by_its_number_and_date(
        tmp_path: Path, number: str | None, date: str, expected: str) -> None:
    """The tờ trình's "(số …, ngày …)" after the current regulation's name: a Party number, a State
    number with its own label, a full date, a draft's month and year, a year alone."""
    import docx

    from tests.workflow.roundkit import REG, init_repo, make_key

    keys = {n: make_key(tmp_path, n) for n in ("vanphong", "bithu")}
    repo = tmp_path / "repo"
    init_repo(repo, keys)
    text = (repo / REG).read_text(encoding="utf-8")
    text = text.replace("number: 01-QC/ĐU\n", f"number: \"{number}\"\n" if number else "")
    (repo / REG).write_text(text.replace("date: 2025-07-15\n", f"date: {date}\n"), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "số, ngày của quy chế hiện hành")
    code, out = run_cli(repo, "round", "start", "Sửa đổi, bổ sung Quy chế làm việc", "--date", "2026-02-02",
                        "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng Đảng ủy")
    assert code == 0, out
    path = _report(RoundRepo(repo, keys), "submission", "-o", str(tmp_path / "to-trinh.docx"))
    body = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert expected in body, body
    assert "số Luật số" not in body and "số Số" not in body and "ngày năm" not in body
