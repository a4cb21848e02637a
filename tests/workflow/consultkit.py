"""Opinion files made the hard way: python-docx comments, raw WordprocessingML tracked changes,
a filled form, a file whose bookmarks were lost, and LibreOffice round trips."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_consultation(repo: Path, old: str, new: str) -> None:
    """Walk a fresh round in `repo` to the consultation (drafting `old` → `new` in the regulation),
    then make its draft and its form (vong/2026-01/)."""
    from tests.workflow.roundkit import REG, edit, ok

    ok(repo, "round", "start", "Sửa đổi, bổ sung Quy chế làm việc năm 2026", "--id", "2026-01",
       "--date", "2026-02-02", "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng Đảng ủy")
    ok(repo, "round", "step", "bao-cao-thuc-hien", "--date", "2026-02-10")
    ok(repo, "round", "step", "ra-soat-van-ban", "--date", "2026-02-12")
    edit(repo / REG, old, new)
    ok(repo, "round", "step", "du-thao", "--date", "2026-02-20")
    ok(repo, "round", "step", "thuong-truc-cho-y-kien", "--date", "2026-02-25")
    ok(repo, "round", "draft")
    ok(repo, "round", "draft", "--form")


def paragraph_starting(doc: Any, start: str) -> Any:
    """The first body paragraph whose text starts with `start`."""
    for para in doc.paragraphs:
        if para.text.startswith(start):
            return para
    raise AssertionError(f"no paragraph starts with {start!r}")


def add_comments(draft: Path, out: Path, comments: list[tuple[str, str]], author: str) -> Path:
    """Word comments (python-docx 1.2 API) on the paragraphs starting with each prefix."""
    import docx

    doc = docx.Document(str(draft))
    for start, text in comments:
        para = paragraph_starting(doc, start)
        doc.add_comment(para.runs, text=text, author=author, initials="".join(w[0] for w in author.split()))
    doc.save(str(out))
    return out


def track_change(draft: Path, out: Path, changes: list[tuple[str, str, str]], author: str) -> Path:
    """Tracked replacements written as raw w:del / w:ins: (paragraph start, old words, new words)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = docx.Document(str(draft))
    n = 900
    for start, old, new in changes:
        para = paragraph_starting(doc, start)
        run = para.runs[0]
        text = run.text
        assert old in text, (old, text)
        before, after = text.split(old, 1)
        run.text = before
        n += 2
        stamp = f'w:author="{author}" w:date="2026-03-04T09:00:00Z"'
        dele = parse_xml(f'<w:del {nsdecls("w")} w:id="{n}" {stamp}><w:r><w:delText xml:space="preserve">{old}'
                         '</w:delText></w:r></w:del>') if old else None
        ins = parse_xml(f'<w:ins {nsdecls("w")} w:id="{n + 1}" {stamp}><w:r><w:t xml:space="preserve">{new}'
                        '</w:t></w:r></w:ins>') if new else None
        tail = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{after}</w:t></w:r>')
        anchor = run._r
        for el in (dele, ins, tail):
            if el is not None:
                anchor.addnext(el)
                anchor = el
    doc.save(str(out))
    return out


def without_bookmarks(draft: Path, out: Path, comments: list[tuple[str, str]], author: str) -> Path:
    """Text pasted into a new document (no bookmarks, no quyche properties), then commented."""
    import docx

    src = docx.Document(str(draft))
    doc = docx.Document()
    for para in src.paragraphs:
        if para.text.strip():
            doc.add_paragraph(para.text)
    for start, text in comments:
        para = paragraph_starting(doc, start)
        doc.add_comment(para.runs, text=text, author=author)
    doc.save(str(out))
    return out


def fill_form(form: Path, out: Path, unit: str, day: str, rows: dict[str, tuple[str, str]],
              general: list[str]) -> Path:
    """The phiếu góp ý filled in Word: unit, date, some article rows, general opinions."""
    import docx

    doc = docx.Document(str(form))
    who, table, box = doc.tables[1], doc.tables[2], doc.tables[3]
    who.rows[0].cells[1].paragraphs[0].add_run(unit)
    who.rows[1].cells[1].paragraphs[0].add_run(day)
    for row in table.rows[1:]:
        key = row.cells[0].text.strip()
        if key in rows:
            said, wording = rows[key]
            row.cells[2].paragraphs[0].add_run(said)
            if wording:
                row.cells[3].paragraphs[0].add_run(wording)
    for para, text in zip(box.rows[1].cells[0].paragraphs, general, strict=False):
        para.add_run(text)
    doc.save(str(out))
    return out


def move_text(draft: Path, out: Path, source: str, target: str, words: str, author: str) -> Path:
    """A tracked move (w:moveFrom in one paragraph, w:moveTo at the end of another), raw XML."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = docx.Document(str(draft))
    stamp = f'w:author="{author}" w:date="2026-03-04T09:00:00Z"'
    src = paragraph_starting(doc, source).runs[0]
    before, after = src.text.split(words, 1)
    src.text = before
    moved = parse_xml(f'<w:moveFrom {nsdecls("w")} w:id="801" {stamp}><w:r><w:t xml:space="preserve">{words}'
                      '</w:t></w:r></w:moveFrom>')
    tail = parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{after}</w:t></w:r>')
    src._r.addnext(moved)
    moved.addnext(tail)
    dest = paragraph_starting(doc, target)
    dest._p.append(parse_xml(f'<w:moveTo {nsdecls("w")} w:id="802" {stamp}><w:r><w:t xml:space="preserve"> {words}'
                             '</w:t></w:r></w:moveTo>'))
    doc.save(str(out))
    return out


def libreoffice_docx(src: Path, folder: Path) -> Path:
    """The file opened and saved again as .docx by LibreOffice (headless, private profile)."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    assert exe, "LibreOffice (soffice) is needed"
    work = folder / "lo"
    work.mkdir(exist_ok=True)
    copy = work / "in" / src.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(src, copy)
    subprocess.run([exe, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to", "docx",
                    "--outdir", str(work / "out"), str(copy)], check=True, capture_output=True, timeout=180)
    out = work / "out" / src.name
    assert out.is_file()
    return out
