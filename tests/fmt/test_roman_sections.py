"""Older Party texts number sections "I- QUY ĐỊNH CHUNG" in place of chapters: quyche keeps
that numbering everywhere (Markdown, DOCX, import) and never adds the word "Mục"."""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.importer import import_file
from quyche.parse import parse_text
from quyche.render.docx.fulltext import build_document, write_fulltext
from quyche.render.imported import render_import
from quyche.render.markdown import format_text
from tests.conftest import CORPUS

DOC = "I- QUY ĐỊNH CHUNG\nĐiều 1. Phạm vi\nNội dung.\nII. TỔ CHỨC THỰC HIỆN\nĐiều 2. Hiệu lực\nNội dung.\n"
CANONICAL = ("# I- QUY ĐỊNH CHUNG\n\n## Điều 1. Phạm vi\n\nNội dung.\n\n"
             "# II- TỔ CHỨC THỰC HIỆN\n\n## Điều 2. Hiệu lực\n\nNội dung.\n")


def test_markdown_keeps_the_roman_numbering() -> None:
    assert format_text(DOC) == CANONICAL
    reg = parse_text(CANONICAL)
    sections = [u for u in reg.units() if u.kind == "section"]
    assert [(s.number, s.title, s.heading_text()) for s in sections] == [
        ("I", "QUY ĐỊNH CHUNG", "I- QUY ĐỊNH CHUNG"), ("II", "TỔ CHỨC THỰC HIỆN", "II- TỔ CHỨC THỰC HIỆN")]
    assert reg == parse_text(DOC)
    # "# I. TITLE" (dot) is read as the same section
    assert parse_text(CANONICAL.replace("# I- ", "# I. ")) == reg


def test_muc_sections_keep_their_word() -> None:
    text = "# Chương I. CHUNG\n\n## Mục 1. TỔ CHỨC\n\n### Điều 1. A\n\nB.\n"
    assert format_text(text) == text


def test_docx_heading_and_import_keep_the_roman_numbering(tmp_path: Path) -> None:
    reg = parse_text(CANONICAL)
    doc = build_document(reg)
    texts = [p.text for p in doc.paragraphs]
    assert "I- QUY ĐỊNH CHUNG" in texts and not any("Mục" in t for t in texts)
    out = write_fulltext(reg, tmp_path / "qc.docx")
    back = import_file(out)
    assert "Mục" not in render_import(back)
    assert [u.heading_text() for u in back.regulation.units() if u.kind == "section"] == [
        "I- QUY ĐỊNH CHUNG", "II- TỔ CHỨC THỰC HIỆN"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared/corpus is not available")
def test_party_383_sections() -> None:
    path = next(CORPUS.glob("PARTY__quy_dinh_383*.txt"))
    out = format_text(path.read_text(encoding="utf-8"), path)
    heads = [line for line in out.split("\n") if line.startswith("# ")]
    assert heads[:2] == ["# I- QUY ĐỊNH CHUNG", "# II- QUẢN LÝ TÀI LIỆU LƯU TRỮ VÀ CƠ SỞ DỮ LIỆU TÀI LIỆU LƯU TRỮ"]
    assert "Mục" not in "\n".join(heads)
