"""Consultation through Word, end to end in a real signed round: `round draft [--form]`, opinion
files made with python-docx, raw WordprocessingML and LibreOffice, `round comments import`."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import isolated_git_env
from tests.workflow import consultkit as K
from tests.workflow.roundkit import REG, edit, git, init_repo, make_key, ok, run_cli

ROUND = Path("vong") / "2026-01"


@pytest.fixture(scope="module")
def open_round(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A repository whose round has its draft and is about to collect opinions."""
    base = tmp_path_factory.mktemp("consult")
    with pytest.MonkeyPatch.context() as mp:
        (base / "home").mkdir()
        isolated_git_env(base / "home", mp)
        keys = {n: make_key(base, n) for n in ("vanphong", "bithu")}
        repo = base / "repo"
        init_repo(repo, keys)
        K.open_consultation(repo, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả, rõ thẩm quyền")
        yield repo


@pytest.fixture
def repo(open_round: Path, tmp_path: Path) -> Path:
    """A private copy of the open round."""
    dest = tmp_path / "copy"
    shutil.copytree(open_round, dest, symlinks=True)
    git(dest, "config", "gpg.ssh.allowedSignersFile", str(dest / ".quyche" / "allowed_signers"))
    return dest


def _bookmarks(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml").decode()
    return re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml)


def _marked_runs(path: Path) -> list[tuple[str, str]]:
    """(text, "bold" | "strike") of every marked run in the document's tables."""
    import docx

    out = []
    for table in docx.Document(str(path)).tables:
        for row in table.rows:
            for cell in row.cells:
                for para in cell.paragraphs:
                    for run in para.runs:
                        if run.font.strike:
                            out.append((run.text.strip(), "strike"))
                        elif run.bold:
                            out.append((run.text.strip(), "bold"))
    return out


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_draft_has_a_bookmark_per_article_clause_point_and_its_origin(open_round: Path) -> None:
    from quyche.parse import parse_file
    from quyche.workflow.anchors import draft_anchors

    draft = open_round / ROUND / "du-thao-lay-y-kien.docx"
    names = _bookmarks(draft)
    anchors = draft_anchors(parse_file(open_round / REG))
    ours = [n for n in names if n.startswith("qc_")]
    assert sorted(ours) == sorted(a.bookmark for a in anchors.anchors.values())
    kinds = {a.reference.count(",") for a in anchors.anchors.values()}
    assert kinds == {0, 1, 2}  # articles, clauses and points
    assert len(ours) == len(set(ours))
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", n) for n in ours)
    with zipfile.ZipFile(draft) as zf:
        custom = zf.read("docProps/custom.xml").decode()
        assert "custom-properties+xml" in zf.read("[Content_Types].xml").decode()
    head = git(open_round, "rev-parse", "HEAD").strip()
    assert "<vt:lpwstr>2026-01</vt:lpwstr>" in custom and head in custom
    import docx

    text = "\n".join(p.text for p in docx.Document(str(draft)).paragraphs)
    assert "2. Phân công nhiệm vụ theo tinh thần “5 rõ”" in text and "rõ thẩm quyền" in text


def test_draft_and_form_are_reproducible_and_valid_ooxml(repo: Path, tmp_path: Path) -> None:
    from openxml_audit import OpenXmlValidator

    for args, name in ((("round", "draft"), "du-thao-lay-y-kien.docx"), (("round", "draft", "--form"), "phieu-gop-y.docx")):
        again = tmp_path / f"again-{name}"
        ok(repo, *args, "-o", str(again))
        first = repo / ROUND / name
        with zipfile.ZipFile(first) as a, zipfile.ZipFile(again) as b:
            assert a.namelist() == b.namelist()
            for part in a.namelist():
                assert a.read(part) == b.read(part), part
        assert first.read_bytes() == again.read_bytes()  # zip dates too: a remade draft is no change
        errors = OpenXmlValidator(max_errors=50).validate(str(first)).errors
        assert [e.description for e in errors] == [], name


def test_form_has_a_row_per_article(open_round: Path) -> None:
    import docx

    from quyche.parse import parse_file

    doc = docx.Document(str(open_round / ROUND / "phieu-gop-y.docx"))
    table = doc.tables[2]
    assert [c.text for c in table.rows[0].cells] == ["Điều", "Tóm tắt nội dung dự thảo", "Ý kiến góp ý", "Đề xuất sửa"]
    numbers = [a.number for a in parse_file(open_round / REG).articles()]
    assert [r.cells[0].text for r in table.rows[1:]] == [f"Điều {n}" for n in numbers]
    assert "Ý kiến chung" in doc.tables[3].rows[0].cells[0].text


def test_five_opinion_files_import_anchored_and_the_round_goes_on(repo: Path, tmp_path: Path) -> None:
    draft = repo / ROUND / "du-thao-lay-y-kien.docx"
    form = repo / ROUND / "phieu-gop-y.docx"
    one = K.add_comments(draft, tmp_path / "chi-bo-1.docx", [
        ("2. Phân công nhiệm vụ", "Đề nghị bổ sung “rõ sản phẩm”."),
        ("b) Nghị quyết về nhiệm vụ", "Nên ghi rõ nghị quyết chuyên đề."),
        ("Điều 3. Nhiệm vụ", "Điều này cần sắp xếp lại."),
    ], "Trần Thị Bình")
    two = K.without_bookmarks(draft, tmp_path / "ubkt.docx", [
        ("2. Quy chế này áp dụng", "Đề nghị bổ sung các ban xây dựng Đảng."),
        ("QUY CHẾ", "Trình bày tên loại văn bản cho đúng."),
    ], "Ủy ban Kiểm tra")
    three = K.track_change(draft, tmp_path / "vp.docx", [
        ("1. Bảo đảm nguyên tắc", "nguyên tắc tập trung dân chủ", "và thực hiện nghiêm nguyên tắc tập trung dân chủ"),
    ], "Lê Văn Cường")
    four = K.fill_form(form, tmp_path / "phieu.docx", "Chi bộ Khu phố 3", "06/03/2026",
                       {"Điều 5": ("Bổ sung nhiệm vụ chuẩn bị hội nghị.", "Thường trực chuẩn bị nội dung hội nghị.")},
                       ["Dự thảo cần thống nhất cách viết hoa."])
    five = K.libreoffice_docx(K.add_comments(draft, tmp_path / "chi-bo-2.docx", [
        ("1. Quy chế này quy định", "Phạm vi nên nêu cả Ủy ban Kiểm tra."),
    ], "Nguyễn Văn Dũng"), tmp_path)

    ok(repo, "round", "comments", "import", str(one), "--from", "Chi bộ Khu phố 1", "--date", "2026-03-05")
    out = ok(repo, "round", "comments", "import", str(two), "--from", "Ủy ban Kiểm tra Đảng ủy")
    assert "góp ý chung" in out and "QUY CHẾ" in out
    ok(repo, "round", "comments", "import", str(three))
    ok(repo, "round", "comments", "import", str(four))
    ok(repo, "round", "comments", "import", str(five), "--from", "Chi bộ Khu phố 2")

    gop_y = repo / ROUND / "gop-y"
    c1 = _load(gop_y / "chi-bo-khu-pho-1.yaml")
    assert c1["body"] == "Chi bộ Khu phố 1" and c1["commenter"] == "Trần Thị Bình" and str(c1["date"]) == "2026-03-05"
    assert [c["article"] for c in c1["comments"]] == ["Điều 2, khoản 2", "Điều 3, khoản 2, điểm b", "Điều 3"]
    c2 = _load(gop_y / "uy-ban-kiem-tra-dang-uy.yaml")
    assert [c["article"] for c in c2["comments"]] == ["Điều 1, khoản 2", "chung"]
    assert "«QUY CHẾ»" in c2["comments"][1]["where"]
    c3 = _load(gop_y / "le-van-cuong.yaml")
    (change,) = c3["comments"]
    assert change["article"] == "Điều 2, khoản 1"
    assert change["text"] == ("Đề nghị sửa «nguyên tắc tập trung dân chủ» thành "
                              "«và thực hiện nghiêm nguyên tắc tập trung dân chủ».")
    assert change["current"].startswith("1. Bảo đảm nguyên tắc tập trung dân chủ, tập thể")
    assert change["proposed"].startswith("1. Bảo đảm và thực hiện nghiêm nguyên tắc tập trung dân chủ, tập thể")
    c4 = _load(gop_y / "chi-bo-khu-pho-3.yaml")
    assert str(c4["date"]) == "2026-03-06"
    assert [(c["article"], c.get("proposed")) for c in c4["comments"]] == [
        ("Điều 5", "Thường trực chuẩn bị nội dung hội nghị."), ("chung", None)]
    c5 = _load(gop_y / "chi-bo-khu-pho-2.yaml")
    assert [c["article"] for c in c5["comments"]] == ["Điều 1, khoản 1"]

    before = {p.name: p.read_bytes() for p in gop_y.iterdir()}
    for f, who in ((one, "Chi bộ Khu phố 1"), (two, "Ủy ban Kiểm tra Đảng ủy"), (five, "Chi bộ Khu phố 2")):
        assert "không có ý kiến mới" in ok(repo, "round", "comments", "import", str(f), "--from", who)
    ok(repo, "round", "comments", "import", str(three), str(four))
    assert {p.name: p.read_bytes() for p in gop_y.iterdir()} == before

    code, out = run_cli(repo, "round", "comments")
    assert code == 1 and "9 ý kiến của 5 cơ quan" in out

    ok(repo, "round", "report", "comments")
    import docx

    report = docx.Document(str(repo / ROUND / "bang-tong-hop-y-kien.docx"))
    cells = "\n".join(c.text for t in report.tables for r in t.rows for c in r.cells)
    for text in ("rõ sản phẩm", "nghị quyết chuyên đề", "các ban xây dựng Đảng", "Trình bày tên loại",
                 "thống nhất cách viết hoa", "Thường trực chuẩn bị nội dung hội nghị", "Ủy ban Kiểm tra."):
        assert text in cells, text
    assert "Bảo đảm và thực hiện nghiêm nguyên tắc" in cells  # the proposed wording beside the draft's
    marked = _marked_runs(repo / ROUND / "bang-tong-hop-y-kien.docx")
    assert ("và thực hiện nghiêm", "bold") in marked

    ok(repo, "round", "report", "proposals")
    proposals = docx.Document(str(repo / ROUND / "bieu-tong-hop-de-nghi.docx"))
    rows = [[c.text for c in r.cells] for t in proposals.tables for r in t.rows]
    mine = [r for r in rows if r[1].startswith("Điều 2, khoản 1")]
    assert mine and mine[0][2].startswith("1. Bảo đảm nguyên tắc") and "thực hiện nghiêm" in mine[0][3]
    assert any(r[1].startswith("Điều 5") and r[3] == "Thường trực chuẩn bị nội dung hội nghị." for r in rows)

    ok(repo, "round", "step", "lay-y-kien", "--date", "2026-03-08")
    for path in gop_y.iterdir():  # the office answers every opinion
        data = _load(path)
        for item in data["comments"]:
            item["response"] = "tiếp thu"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run_cli(repo, "round", "comments")[0] == 0
    edit(repo / REG, "Bảo đảm nguyên tắc tập trung dân chủ", "Bảo đảm và thực hiện nghiêm nguyên tắc tập trung dân chủ")
    ok(repo, "round", "step", "tong-hop-tiep-thu", "--date", "2026-03-15")


def test_office_responses_are_kept_and_a_second_file_adds_only_new(repo: Path, tmp_path: Path) -> None:
    draft = repo / ROUND / "du-thao-lay-y-kien.docx"
    first = K.add_comments(draft, tmp_path / "a.docx", [("2. Phân công nhiệm vụ", "Ý kiến một.")], "A")
    ok(repo, "round", "comments", "import", str(first), "--from", "Chi bộ Khu phố 1")
    path = repo / ROUND / "gop-y" / "chi-bo-khu-pho-1.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "    response: không tiếp thu  # văn phòng ghi\n"
                    "    explanation: Đã quy định ở Điều 6.\n", encoding="utf-8")
    second = K.add_comments(draft, tmp_path / "b.docx", [("2. Phân công nhiệm vụ", "Ý kiến một."),
                                                         ("Điều 4. Nhiệm vụ", "Ý kiến hai.")], "A")
    out = ok(repo, "round", "comments", "import", str(second), "--from", "Chi bộ Khu phố 1")
    assert "đã thêm vào 1 ý kiến" in out
    text = path.read_text(encoding="utf-8")
    assert "response: không tiếp thu  # văn phòng ghi" in text
    data = _load(path)
    assert [c["text"] for c in data["comments"]] == ["Ý kiến một.", "Ý kiến hai."]
    assert data["comments"][0]["explanation"] == "Đã quy định ở Điều 6."


def test_refusals_are_one_clear_line(repo: Path, tmp_path: Path) -> None:
    draft = repo / ROUND / "du-thao-lay-y-kien.docx"
    doc_file = tmp_path / "cu.doc"
    doc_file.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    broken = tmp_path / "hong.docx"
    broken.write_bytes(draft.read_bytes()[:2000])
    locked = tmp_path / "mat-khau.docx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600)
    import docx

    other = docx.Document()
    other.add_paragraph("Báo cáo tổng kết công tác năm.")
    other.add_comment(other.paragraphs[0].runs, text="Sai số liệu.", author="X")
    other.save(str(tmp_path / "khac.docx"))
    elsewhere = tmp_path / "vong-khac.docx"
    with zipfile.ZipFile(draft) as src, zipfile.ZipFile(elsewhere, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "docProps/custom.xml":
                data = data.replace(b"<vt:lpwstr>2026-01</vt:lpwstr>", b"<vt:lpwstr>2025-03</vt:lpwstr>")
            dst.writestr(item, data)
    for path, words in ((doc_file, ".doc đời cũ"), (broken, "bị hỏng"), (locked, "mật khẩu"),
                        (tmp_path / "khac.docx", "không phải dự thảo"), (elsewhere, "vòng 2025-03")):
        code, out = run_cli(repo, "round", "comments", "import", str(path), "--from", "X")
        assert code == 2 and words in out and "Traceback" not in out
        assert len(out.strip().splitlines()) == 1
    assert not (repo / ROUND / "gop-y").exists()


def test_a_file_from_another_draft_is_refused_unless_forced(repo: Path, tmp_path: Path) -> None:
    old = K.add_comments(repo / ROUND / "du-thao-lay-y-kien.docx", tmp_path / "cu.docx",
                         [("2. Phân công nhiệm vụ", "Ý kiến cũ.")], "A")
    made_from = git(repo, "rev-parse", "HEAD").strip()[:10]
    ok(repo, "round", "step", "lay-y-kien", "--date", "2026-03-08")
    edit(repo / REG, "rõ thẩm quyền", "rõ thẩm quyền, rõ sản phẩm")
    ok(repo, "round", "step", "tong-hop-tiep-thu", "--date", "2026-03-15")
    code, out = run_cli(repo, "round", "comments", "import", str(old), "--from", "Chi bộ Khu phố 1")
    assert code == 1 and made_from in out and "--force" in out and len(out.strip().splitlines()) == 1
    assert not (repo / ROUND / "gop-y").exists()
    ok(repo, "round", "comments", "import", str(old), "--from", "Chi bộ Khu phố 1", "--force")
    data = _load(repo / ROUND / "gop-y" / "chi-bo-khu-pho-1.yaml")
    assert [c["article"] for c in data["comments"]] == ["Điều 2, khoản 2"]


def test_bookmark_names_are_word_safe_and_distinct() -> None:
    from quyche.workflow.anchors import bookmark_name

    keys = ["bch", "bch.k2.a", "bch.k2.đ", "dieu-5", "dieu_5", "x" * 60, "x" * 61, "a-b", "a_b", "a.b"]
    names = [bookmark_name(k) for k in keys]
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", n) for n in names)


def test_tracked_changes_and_a_form_saved_by_libreoffice_still_import(repo: Path, tmp_path: Path) -> None:
    draft = repo / ROUND / "du-thao-lay-y-kien.docx"
    changed = K.libreoffice_docx(K.track_change(draft, tmp_path / "vp.docx", [
        ("2. Phân công nhiệm vụ", "rõ thời gian", "rõ thời hạn"),
        ("a) Chương trình làm việc", "toàn khóa ", ""),
    ], "Lê Văn Cường"), tmp_path)
    form = K.libreoffice_docx(K.fill_form(repo / ROUND / "phieu-gop-y.docx", tmp_path / "phieu.docx",
                                          "Chi bộ Khu phố 4", "2026-03-07",
                                          {"Điều 1": ("Thu hẹp phạm vi.", "")}, []), tmp_path)
    ok(repo, "round", "comments", "import", str(changed), str(form))
    c = _load(repo / ROUND / "gop-y" / "le-van-cuong.yaml")
    assert [(x["article"], x["text"]) for x in c["comments"]] == [
        ("Điều 2, khoản 2", "Đề nghị sửa «rõ thời gian» thành «rõ thời hạn»."),
        ("Điều 3, khoản 2, điểm a", "Đề nghị bỏ «toàn khóa»."),
    ]
    assert "rõ thời hạn, rõ trách nhiệm" in c["comments"][0]["proposed"]
    f = _load(repo / ROUND / "gop-y" / "chi-bo-khu-pho-4.yaml")
    assert [(x["article"], x["text"]) for x in f["comments"]] == [("Điều 1", "Thu hẹp phạm vi.")]
    assert str(f["date"]) == "2026-03-07"


def test_a_tracked_move_is_two_proposals(repo: Path, tmp_path: Path) -> None:
    moved = K.move_text(repo / ROUND / "du-thao-lay-y-kien.docx", tmp_path / "move.docx",
                        "1. Bảo đảm nguyên tắc", "2. Phân công nhiệm vụ", "tập thể lãnh đạo, ", "Lê Văn Cường")
    ok(repo, "round", "comments", "import", str(moved), "--from", "Văn phòng")
    c = _load(repo / ROUND / "gop-y" / "van-phong.yaml")
    assert [(x["article"], x["text"]) for x in c["comments"]] == [
        ("Điều 2, khoản 1", "Đề nghị chuyển «tập thể lãnh đạo,» đi chỗ khác."),
        ("Điều 2, khoản 2", "Đề nghị chuyển «tập thể lãnh đạo,» về sau «quả, rõ thẩm quyền.»."),
    ]


def test_libreoffice_renders_the_form_and_the_draft(open_round: Path, tmp_path: Path) -> None:
    import subprocess

    from quyche.cli.build import convert_to_pdf

    for name, expected in (("phieu-gop-y.docx", ("PHIẾU GÓP Ý", "Ý kiến góp ý", "Đề xuất sửa", "Điều 9",
                                                  "Ý KIẾN CHUNG VỀ DỰ THẢO", "Cơ quan, đơn vị", "Ngày góp ý:")),
                           ("du-thao-lay-y-kien.docx", ("DỰ THẢO ngày 25/02/2026", "Điều 2. Nguyên tắc làm việc",
                                                        "rõ thẩm quyền"))):
        pdf = convert_to_pdf(open_round / ROUND / name, tmp_path / f"{name}.pdf", overwrite=False)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        for words in expected:
            assert words in text, (name, words)
