"""Consultation on a file holding a decision and the regulation it issues: both documents are
anchored (bookmarks unique across them), and opinions map back to the regulation's articles,
those on the decision becoming general ones that say where they stood."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.workflow import consultkit as K
from tests.workflow.roundkit import REG, git, init_repo, make_key, ok

ROUND = Path("vong") / "2026-01"
FIXTURE = ROOT / "tests" / "fixtures" / "layouts" / "party_decision_with_regulation.txt"


@pytest.fixture
def decision_round(tmp_path: Path) -> Path:
    """A round on a decision + attached regulation, with its draft and form made."""
    from quyche.importer import import_file
    from quyche.render.imported import render_import

    keys = {n: make_key(tmp_path, n) for n in ("vanphong", "bithu")}
    repo = tmp_path / "repo"
    init_repo(repo, keys)
    (repo / REG).write_text(render_import(import_file(FIXTURE)), encoding="utf-8")
    git(repo, "commit", "-q", "-am", "Quyết định ban hành quy chế hiện hành")
    K.open_consultation(repo, "mỗi tháng một lần", "mỗi tháng hai lần")
    return repo


def test_both_documents_are_anchored_and_opinions_map_back(decision_round: Path, tmp_path: Path) -> None:
    from quyche.parse import parse_file
    from quyche.workflow.anchors import draft_anchors

    repo = decision_round
    draft = repo / ROUND / "du-thao-lay-y-kien.docx"
    with zipfile.ZipFile(draft) as zf:
        xml = zf.read("word/document.xml").decode()
    names = [n for n in re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml) if n.startswith("qc_")]
    ids = re.findall(r'w:bookmarkStart w:id="(\d+)"', xml)
    assert len(names) == len(set(names)) and len(ids) == len(set(ids))
    anchors = draft_anchors(parse_file(repo / REG))
    assert sorted(names) == sorted(a.bookmark for a in anchors.anchors.values())
    # the decision's two articles and the regulation's three articles and two clauses
    assert sorted(a.reference or a.where for a in anchors.anchors.values()) == [
        "Quyết định, Điều 1", "Quyết định, Điều 2", "Điều 1", "Điều 2", "Điều 2, khoản 1", "Điều 2, khoản 2", "Điều 3"]
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{0,39}", n) for n in names)

    commented = K.add_comments(draft, tmp_path / "chi-bo-1.docx", [
        ("2. Khi cần, Bí thư triệu tập", "Nên ghi rõ ai đề nghị họp bất thường."),
        ("Điều 3. Hiệu lực", "Đề nghị ghi ngày hiệu lực cụ thể."),
        ("Ban hành kèm theo Quyết định này", "Tên quy chế trong Quyết định cần viết đủ."),
    ], "Trần Thị Bình")
    changed = K.track_change(draft, tmp_path / "vp.docx", [
        ("1. Ban Thường vụ họp", "hai lần", "ba lần"),
    ], "Lê Văn Cường")
    ok(repo, "round", "comments", "import", str(commented), "--from", "Chi bộ Khu phố 1", "--date", "2026-03-05")
    ok(repo, "round", "comments", "import", str(changed))
    gop_y = repo / ROUND / "gop-y"
    c1 = yaml.safe_load((gop_y / "chi-bo-khu-pho-1.yaml").read_text(encoding="utf-8"))
    got = [(c["article"], c.get("where", "")) for c in c1["comments"]]
    assert got == [("Điều 2, khoản 2", ""), ("Điều 3", ""), ("chung", "chi-bo-1.docx: Quyết định, Điều 1")]
    c2 = yaml.safe_load((gop_y / "le-van-cuong.yaml").read_text(encoding="utf-8"))
    (change,) = c2["comments"]
    assert change["article"] == "Điều 2, khoản 1" and change["text"] == "Đề nghị sửa «hai lần» thành «ba lần»."


def test_form_lists_the_regulation_s_articles(decision_round: Path, tmp_path: Path) -> None:
    import docx

    form = decision_round / ROUND / "phieu-gop-y.docx"
    table = docx.Document(str(form)).tables[2]
    assert [r.cells[0].text for r in table.rows[1:]] == ["Điều 1", "Điều 2", "Điều 3"]
    assert "Chế độ làm việc" in table.rows[2].cells[1].text
    filled = K.fill_form(form, tmp_path / "phieu.docx", "Chi bộ Khu phố 3", "06/03/2026",
                         {"Điều 2": ("Họp mỗi tháng một lần là đủ.", "")}, [])
    ok(decision_round, "round", "comments", "import", str(filled))
    data = yaml.safe_load((decision_round / ROUND / "gop-y" / "chi-bo-khu-pho-3.yaml").read_text(encoding="utf-8"))
    assert [c["article"] for c in data["comments"]] == ["Điều 2"]
