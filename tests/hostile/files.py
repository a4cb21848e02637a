"""Hostile input files, made by small generators (the big ones are never checked in).

Each case says what a careless or hostile file looks like and the one Vietnamese line quyche
must answer with: the fragment that line must hold and the exit code. `tests/hostile/
test_hostile_files.py` runs every case through the real CLI in a child process with memory and
CPU limits (tests/hostile/harness.py), so a hang or a blow-up fails the test instead of the CI.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@dataclass(frozen=True)
class Case:
    """One hostile file: its name, how to make it, the command, the answer expected."""

    name: str
    filename: str
    make: Callable[[], bytes]
    command: str
    """`import`, `check`, `fmt`, `outline` (the file is the last argument)."""
    exit_code: int
    fragment: str
    """A piece of the one line quyche must print (stderr, or stdout for findings)."""


def docx(body: str, numbering: str | None = None, styles: str | None = None, *,
         method: int = zipfile.ZIP_DEFLATED, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx: document.xml around `body` (w:p elements), optional numbering/styles."""
    parts = {
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>'.encode(),
    }
    if numbering is not None:
        parts["word/numbering.xml"] = f'<?xml version="1.0"?><w:numbering {W_NS}>{numbering}</w:numbering>'.encode()
    if styles is not None:
        parts["word/styles.xml"] = f'<?xml version="1.0"?><w:styles {W_NS}>{styles}</w:styles>'.encode()
    parts.update(extra or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def para(text: str, num: tuple[str, str] | None = None, style: str | None = None) -> str:
    """A w:p with optional numPr (numId, ilvl as written) and style."""
    ppr = ""
    if num or style:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num:
            inner += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t>{text}</w:t></w:r></w:p>"


BODY = para("QUY CHẾ") + para("Điều 1. Phạm vi") + para("Quy chế này quy định.")


def numbered(level: str, *, override: str = "", paragraphs: int = 3, ilvl: str = "0") -> bytes:
    """A docx whose list level (w:lvl inner XML) is `level`, used by `paragraphs` paragraphs."""
    numbering = (f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">{level}</w:lvl></w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="1"/>{override}</w:num>')
    body = BODY + "".join(para(f"nội dung {i}", ("1", ilvl)) for i in range(paragraphs))
    return docx(body, numbering)


def _level(start: str = "1", fmt: str = "decimal", text: str = "%1.", restart: str | None = None) -> str:
    out = f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
    if restart is not None:
        out += f'<w:lvlRestart w:val="{restart}"/>'
    return out


def corrupt_deflate() -> bytes:
    """A docx whose document.xml deflate stream is garbage (zlib.error while reading)."""
    data = bytearray(docx(BODY + para("x" * 2000)))
    name = b"word/document.xml"
    at = data.index(name) + len(name)  # the local header's name; the data follows
    for i in range(at + 40, at + 80):
        data[i] ^= 0x5A
    return bytes(data)


def with_method(method_id: int) -> bytes:
    """A docx whose document.xml claims compression method `method_id` (LZMA 14, unknown 99)."""
    data = bytearray(docx(BODY, method=zipfile.ZIP_STORED))
    for sig, offset in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        start = 0
        while (i := data.find(sig, start)) >= 0:
            name_len = struct.unpack_from("<H", data, i + (26 if sig == b"PK\x03\x04" else 28))[0]
            name_at = i + (30 if sig == b"PK\x03\x04" else 46)
            if bytes(data[name_at:name_at + name_len]) == b"word/document.xml":
                struct.pack_into("<H", data, i + offset, method_id)
            start = i + 4
    return bytes(data)


def zip_bomb(size: int) -> bytes:
    """An honest zip bomb: document.xml really unpacks to `size` bytes of spaces."""
    head = f'<?xml version="1.0"?><w:document {W_NS}><w:body>'.encode()
    tail = b"</w:body></w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)
            fh.write(tail)
    return buf.getvalue()


def lying_bomb(size: int) -> bytes:
    """A zip bomb whose headers declare 1 KB for `size` bytes of data."""
    head = f'<?xml version="1.0"?><w:document {W_NS}><w:body>'.encode()
    raw = head + b" " * size + b"</w:body></w:document>"
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = comp.compress(raw) + comp.flush()
    crc = zlib.crc32(raw)
    name = b"word/document.xml"
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(body), 1024, len(name), 0) + name
    central = struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(body), 1024,
                          len(name), 0, 0, 0, 0, 0, 0) + name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), len(local) + len(body), 0)
    return local + body + central + end


def xml_doc(prolog: str, body: str) -> bytes:
    """A docx whose document.xml has `prolog` (a DOCTYPE) before the root."""
    xml = f'<?xml version="1.0"?>{prolog}<w:document {W_NS}><w:body>{body}</w:body></w:document>'
    return docx("", extra={"word/document.xml": xml.encode()})


LAUGHS = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">' for i in range(10))
REGULATION = "# QUY CHẾ\n\n## Điều 1. Phạm vi\n\nQuy chế này quy định.\n"


def text(body: str) -> Callable[[], bytes]:
    return lambda: body.encode("utf-8")


CORRUPT = "hỏng"
NUMBERING = "đánh số của Word"

CASES: list[Case] = [
    # --- Word numbering values (were internal errors or minutes of work) ---
    Case("ilvl-not-integer", "a.docx", lambda: numbered(_level(), ilvl="x"), "import", 2, "ilvl"),
    Case("ilvl-past-levels", "a.docx", lambda: numbered(_level(), ilvl="12"), "import", 2, "ilvl"),
    Case("start-not-integer", "a.docx", lambda: numbered(_level(start="abc")), "import", 2, NUMBERING),
    Case("start-5000-digits", "a.docx", lambda: numbered(_level(start="9" * 5000)), "import", 2, NUMBERING),
    Case("lvlrestart-not-integer", "a.docx", lambda: numbered(_level(restart="z")), "import", 2, "lvlRestart"),
    Case("override-ilvl-not-integer", "a.docx",
         lambda: numbered(_level(), override='<w:lvlOverride w:ilvl="q"><w:startOverride w:val="2"/></w:lvlOverride>'),
         "import", 2, "ilvl"),
    Case("override-start-huge", "a.docx",
         lambda: numbered(_level(), override='<w:lvlOverride w:ilvl="0"><w:startOverride w:val="99999999"/></w:lvlOverride>'),
         "import", 2, "MAX_LIST_START"),
    Case("style-ilvl-not-integer", "a.docx",
         lambda: docx(BODY + para("x", style="L"),
                      '<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">' + _level() + '</w:lvl></w:abstractNum>'
                      '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
                      '<w:style w:styleId="L"><w:pPr><w:numPr><w:ilvl w:val="one"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'),
         "import", 2, "ilvl"),
    Case("upper-roman-start-1e11", "a.docx", lambda: numbered(_level(start="100000000000", fmt="upperRoman")),
         "import", 2, "MAX_LIST_START"),
    Case("lower-letter-start-3e9", "a.docx", lambda: numbered(_level(start="3000000000", fmt="lowerLetter")),
         "import", 2, "MAX_LIST_START"),
    Case("lvltext-20000-placeholders", "a.docx", lambda: numbered(_level(text="%1" * 20000)),
         "import", 2, "MAX_LEVEL_TEXT"),
    Case("million-line-breaks", "a.docx", lambda: docx(BODY + "<w:p><w:r>" + "<w:br/>" * 1_000_000 + "</w:r></w:p>"),
         "import", 2, "MAX_LINE_BREAKS"),
    # --- broken and hostile zips ---
    Case("corrupt-deflate", "a.docx", corrupt_deflate, "import", 2, CORRUPT),
    Case("lzma-method", "a.docx", lambda: with_method(14), "import", 2, CORRUPT),
    Case("unknown-method", "a.docx", lambda: with_method(99), "import", 2, CORRUPT),
    Case("zip-bomb-honest", "a.docx", lambda: zip_bomb(48 << 20), "import", 2, "quá lớn"),
    Case("zip-bomb-lying-header", "a.docx", lambda: lying_bomb(48 << 20), "import", 2, ""),
    Case("not-a-zip", "a.docx", lambda: b"PK\x03\x04" + b"\x00" * 100, "import", 2, CORRUPT),
    # --- XML attacks: entities are never fetched nor expanded into gigabytes ---
    Case("xxe-file", "a.docx",
         lambda: xml_doc('<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', para("Điều 1. &x;")), "import", -1, ""),
    Case("xxe-parameter", "a.docx",
         lambda: xml_doc('<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>', BODY), "import", -1, ""),
    Case("billion-laughs-xml", "a.docx", lambda: xml_doc(f"<!DOCTYPE d [{LAUGHS}]>", para("Điều 1. &l9;")),
         "import", -1, ""),
    Case("deep-xml", "a.docx", lambda: xml_doc("", "<w:sdt><w:sdtContent>" * 5000 + BODY + "</w:sdtContent></w:sdt>" * 5000),
         "import", -1, ""),
    # --- text files ---
    Case("nul-bytes", "a.md", text(REGULATION + "\x00" * 10), "check", 2, "nhị phân"),
    Case("invalid-utf8", "a.md", lambda: REGULATION.encode() + b"\xff\xfe\xfa", "check", 2, "UTF-8"),
    Case("utf16-bom", "a.md", lambda: "\ufeff".encode("utf-16-le") + REGULATION.encode("utf-16-le"), "check", 2, "UTF-16"),
    Case("cr-only", "a.md", text(REGULATION.replace("\n", "\r")), "outline", -1, ""),
    Case("10k-char-line", "a.md", text(REGULATION + "x" * 10_000 + "\n"), "check", -1, ""),
    Case("100k-articles", "a.md",
         text("".join(f"## Điều {i}. Tiêu đề\n\nNội dung.\n\n" for i in range(1, 100_001))), "outline", 0, ""),
    Case("deep-bullets", "a.md", text(REGULATION + "".join("  " * i + "- mục\n" for i in range(300))), "check", -1, ""),
    Case("huge-article-number", "a.md", text("## Điều " + "9" * 5000 + ". X\n\nNội dung.\n"), "check", -1, ""),
    Case("reference-list-8000", "a.md", text(REGULATION + "Theo " + "khoản 1 Điều 2, " * 8000 + ".\n"), "check", 1, "QC201"),
    Case("dangling-references-10k", "a.md",
         text(REGULATION + "\n".join(f"Theo khoản 3 Điều {i + 5}.\n" for i in range(10_000))), "check", 1, "QC201"),
    Case("long-markdown-block", "a.md",
         text(REGULATION + "\n".join(f"{i}. khoản rất dài " + "nội dung " * 10 for i in range(1, 40_001)) + "\n"),
         "outline", -1, ""),
]
"""exit_code -1: any of 0, 1, 2 (the file is odd, not necessarily wrong); the harness still
requires no traceback, at most a few lines on stderr, and the limits."""
