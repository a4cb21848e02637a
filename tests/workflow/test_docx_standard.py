"""Every DOCX quyche writes passes the OOXML validator, and the same input gives the same bytes.

Writers: `build` (with and without the draft mark), `diff --docx`, the round's comparison
table (written by the du-thao step), and each `round report`. The validator is openxml-audit
(the Open XML SDK's schemas and Word's app-compat rules, in Python); a negative control proves
it sees the fault this suite guards against (w:pBdr after w:jc).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from tests.workflow.roundkit import REG, RoundRepo, ok

WRITERS = ("build", "build-draft", "diff", "round-comparison", "comments", "submission", "proposals")
ISSUER = "ĐẢNG ỦY PHƯỜNG AN HÒA"
"""The example's front matter `issuer`: every document names it as author and company."""
CORE_NS = {"dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
           "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"}


def _write(repo: RoundRepo, writer: str, out: Path) -> Path:
    path = repo.path
    base = next(iter(repo.commits.values()))  # the round's first step: the text before the round
    if writer == "build":
        ok(path, "build", REG, "--docx", str(out))
    elif writer == "build-draft":
        ok(path, "build", REG, "--docx", str(out), "--draft-date", "2026-02-20")
    elif writer == "diff":
        ok(path, "diff", base, "HEAD", "--docx", "-o", str(out))
    elif writer == "round-comparison":
        from quyche.workflow.comparison import TABLE_FILE, write_round_comparison
        from quyche.workflow.round import open_workspace

        folder = out.with_suffix("")  # a round folder of its own, with the round's round.yaml (reasons)
        folder.mkdir()
        shutil.copy(path / "vong" / "2026-01" / "round.yaml", folder / "round.yaml")
        write_round_comparison(open_workspace(path), base, folder)
        (folder / TABLE_FILE).rename(out)
    else:
        ok(path, "round", "report", writer, "-o", str(out))
    assert out.is_file()
    return out


def _problems(path: Path) -> list[str]:
    from openxml_audit import OpenXmlValidator

    result = OpenXmlValidator(max_errors=50).validate(str(path))
    return [f"{e.description} @ {getattr(e, 'path', '')}" for e in result.errors]


@pytest.mark.parametrize("writer", WRITERS)
def test_valid_ooxml_and_byte_identical(round_repo: RoundRepo, writer: str, tmp_path: Path) -> None:
    first = _write(round_repo, writer, tmp_path / "mot.docx")
    assert _problems(first) == []
    second = _write(round_repo, writer, tmp_path / "hai.docx")
    assert first.read_bytes() == second.read_bytes()

    with zipfile.ZipFile(first) as zf:
        assert {(i.date_time, i.create_system) for i in zf.infolist()} == {((1980, 1, 1, 0, 0, 0), 3)}
        assert zf.testzip() is None
        names = zf.namelist()
        assert "word/stylesWithEffects.xml" not in names and "docProps/thumbnail.jpeg" not in names
        core = etree.fromstring(zf.read("docProps/core.xml"))
        app = etree.fromstring(zf.read("docProps/app.xml"))
    assert core.findtext("dc:creator", namespaces=CORE_NS) == ISSUER
    assert core.findtext("cp:lastModifiedBy", namespaces=CORE_NS) == ISSUER
    assert app.findtext("{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Company") == ISSUER
    created = core.findtext("dcterms:created", namespaces=CORE_NS)
    # the document's own date (issue date of the text, the draft date), or none: never the clock
    expected = {"build": "2026-04-05T00:00:00Z", "build-draft": "2026-02-20T00:00:00Z",
                "diff": "2026-04-05T00:00:00Z", "round-comparison": "2026-04-05T00:00:00Z"}.get(writer)
    assert created == expected
    assert core.findtext("dcterms:modified", namespaces=CORE_NS) == expected


def test_regenerated_round_report_is_not_a_change_for_git(tampered: RoundRepo) -> None:
    """A report committed in the round folder and made again later leaves `git status` clean."""
    from tests.workflow.roundkit import git

    ok(tampered.path, "round", "report", "comments")
    git(tampered.path, "add", "-A")
    git(tampered.path, "commit", "-q", "--no-gpg-sign", "-m", "báo cáo")
    ok(tampered.path, "round", "report", "comments", "--force")
    assert git(tampered.path, "status", "--porcelain") == ""


def test_the_validator_sees_a_border_after_the_alignment(tmp_path: Path) -> None:
    """Negative control: the hand-appended w:pBdr every writer used to emit is reported."""
    from docx.oxml import OxmlElement

    from quyche.render.docx import base

    doc = base.new_document()
    para = base.add_text(doc, "ĐẢNG CỘNG SẢN VIỆT NAM", align="center")
    good = tmp_path / "dung.docx"
    base.rule_below(para, 40, 100)
    base.save_docx(doc, good)
    assert _problems(good) == []

    para._p.pPr.append(OxmlElement("w:pBdr"))  # a second border, out of place: after w:jc
    bad = tmp_path / "sai.docx"
    base.save_docx(doc, bad)
    assert any("pBdr" in p for p in _problems(bad))


LAYOUTS = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "layouts").glob("*.txt"))


@pytest.mark.parametrize("source", LAYOUTS, ids=[p.stem for p in LAYOUTS])
def test_every_layout_builds_valid_and_reproducible(source: Path, tmp_path: Path) -> None:
    """Decisions with an attached regulation, State documents, drafts, copy blocks: the same holds."""
    from tests.conftest import run_quyche

    md = tmp_path / "van-ban.md"
    assert run_quyche("import", str(source), "-o", str(md)).returncode == 0
    for name in ("mot.docx", "hai.docx"):
        proc = run_quyche("build", str(md), "--docx", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "mot.docx").read_bytes() == (tmp_path / "hai.docx").read_bytes()
    assert _problems(tmp_path / "mot.docx") == []
