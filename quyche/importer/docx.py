"""Read a .docx as lines of text in document order, the way Word shows it.

python-docx's `paragraph.text` drops tracked insertions and its `style.name` costs a millisecond
a call (TECH-NOTES §6), so the parts are read with lxml straight from the zip: paragraphs and
table cells in order, the accepted view of tracked changes (w:ins kept, w:del dropped), the
list labels Word generates from numbering.xml ("Điều 1.", "1.", "a)") that are not in the text,
soft line breaks as new lines, non-breaking spaces and hyphens as plain ones, and runs typed in
legacy fonts (.VnTime, VNI-Times) converted to Unicode by their font name.
"""

from __future__ import annotations

import lzma
import re
import unicodedata
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.errors import ImportFormatError, LimitExceeded, TooLarge
from quyche.importer import legacy
from quyche.importer.header import split_columns
from quyche.importer.text import INLINE_SPACES

W: Final = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNPACKED: Final = 200 * 1024 * 1024
"""Largest unpacked word/ part size read (the 517-article code is about 1.5 MB of XML)."""
MAX_XML_PART: Final = 32 * 1024 * 1024
"""Largest XML part read (document.xml, numbering.xml …): 20x the largest real code. Checked on
the size the zip declares and again while unpacking, since a crafted header can lie."""
MAX_LIST_START: Final = 32767
"""Largest list counter start Word's own dialog accepts; higher values are refused."""
MAX_LEVEL_TEXT: Final = 255
"""Longest list label pattern (w:lvlText) read; Word's dialog stops far below."""
MAX_LINE_BREAKS: Final = 200_000
"""Most line breaks (w:br, w:cr) in one document: the largest real code has a few hundred."""
_READ_ERRORS: Final = (zipfile.BadZipFile, OSError, EOFError, RuntimeError, zlib.error, lzma.LZMAError,
                       NotImplementedError, ValueError)
"""What reading a broken or unsupported zip member raises (bad deflate data, an unknown
compression method, a truncated member)."""
_MC_FALLBACK: Final = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ARTICLE_ONLY: Final = re.compile(r"(?:Điều|ĐIỀU)\s+\d{1,4}[a-zđ]?\s*[.:]?\s*$")


@dataclass(slots=True)
class DocxLine:
    """One line of the document: a paragraph, or one line of a paragraph with soft breaks."""

    text: str
    where: str
    """Where a person finds it in Word: "đoạn 12", "bảng 1, hàng 1, ô 2"."""
    bold: bool = False
    """Every letter of the paragraph is bold (a heading typed without a heading style)."""
    paragraph: int = 0
    """Serial number of the Word paragraph (lines of one paragraph share it)."""


@dataclass(slots=True)
class DocxText:
    """What reading a .docx gave: the lines and notes for the import report."""

    lines: list[DocxLine]
    legacy_runs: Counter[str] = field(default_factory=Counter)
    """Runs converted from a legacy encoding, by encoding."""
    numbered: int = 0
    """Paragraphs whose list label Word generates (Điều 1., 1., a))."""
    tracked_insertions: int = 0
    tracked_deletions: int = 0
    tables: int = 0
    bold_headings: int = 0
    footnotes: int = 0
    word_letter_e: int = 0
    """Word letter lists reaching "e)": Word's lowerLetter has no "đ" (a b c d e …)."""


BOOKMARK_PREFIX: Final = "_qc"
"""Hidden bookmarks (Word hides names starting with "_") carrying a heading's {#id}."""
_ID: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


def encode_bookmark(uid: str) -> str | None:
    """A Word bookmark name for an id: letters, digits and "_" only, at most 40 characters."""
    name = BOOKMARK_PREFIX + "".join(ch if ch.isascii() and ch.isalnum() else f"_{ord(ch):02x}" for ch in uid)
    return name if len(name) <= 40 else None


def decode_bookmark(name: str) -> str | None:
    """The id a bookmark name carries, or None when it is not one of ours."""
    if not name.startswith(BOOKMARK_PREFIX):
        return None
    uid = re.sub(r"_([0-9a-f]{2})", lambda m: chr(int(m.group(1), 16)), name[len(BOOKMARK_PREFIX) :])
    return uid if _ID.fullmatch(uid) else None


# --- opening ----------------------------------------------------------------------------------
def open_docx(path: Path) -> zipfile.ZipFile:
    """Open the package, telling a .doc, a password-protected file and a broken one apart."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ImportFormatError(path, kind="corrupt", problem=str(exc)) from None
    if head.startswith(_OLE_MAGIC):
        data = path.read_bytes()
        # An encrypted OOXML file is an OLE compound file holding "EncryptionInfo" and
        # "EncryptedPackage" streams (names in UTF-16LE in the directory).
        if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
            raise ImportFormatError(path, kind="encrypted")
        raise ImportFormatError(path, kind="doc")
    try:
        zf = zipfile.ZipFile(path)
        if "word/document.xml" not in zf.namelist():
            raise ImportFormatError(path, kind="corrupt")
        # A zip bomb: refuse parts that unpack to more than quyche will ever read.
        unpacked = sum(info.file_size for info in zf.infolist() if info.filename.startswith("word/"))
        if unpacked > MAX_UNPACKED:
            raise TooLarge(path, size=unpacked, limit=MAX_UNPACKED)
        for info in zf.infolist():
            if info.filename.endswith(".xml") and info.file_size > MAX_XML_PART:
                raise TooLarge(path, size=info.file_size, limit=MAX_XML_PART)
        return zf
    except (zipfile.BadZipFile, OSError):
        raise ImportFormatError(path, kind="corrupt") from None


def _xml(zf: zipfile.ZipFile, name: str, path: Path) -> Any | None:
    from lxml import etree

    try:
        with zf.open(name) as member:
            data = member.read(MAX_XML_PART + 1)  # never more, whatever the header says
    except KeyError:
        return None
    except _READ_ERRORS:
        raise ImportFormatError(path, kind="corrupt") from None
    if len(data) > MAX_XML_PART:
        raise TooLarge(path, size=len(data), limit=MAX_XML_PART)
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise ImportFormatError(path, kind="corrupt") from None


_INT: Final = re.compile(r"[+-]?\d{1,9}")


def _int(el: Any | None, attr: str, default: int, path: Path | None, what: str, limit: int) -> int:
    """An integer attribute of a numbering element, refused when it is not one or is too big.

    Word writes small numbers here; anything else is a hand-made or corrupted file, and a
    value of 10^11 would make Roman numerals or letters run for minutes.
    """
    if el is None:
        return default
    raw = el.get(W + attr)
    if raw is None:
        return default
    raw = raw.strip()
    if not _INT.fullmatch(raw):
        raise LimitExceeded(path, what=f"giá trị {what} trong phần đánh số của Word", value=f"`{raw[:20]}`",
                            limit=f"số nguyên đến {limit}", name="MAX_LIST_START")
    value = int(raw)
    if abs(value) > limit:
        raise LimitExceeded(path, what=f"giá trị {what} trong phần đánh số của Word", value=value,
                            limit=limit, name="MAX_LIST_START")
    return value


def _on(el: Any | None) -> bool:
    """A w:b / w:numPr-style toggle: present and not val=0/false/off."""
    if el is None:
        return False
    return el.get(W + "val", "true") not in ("0", "false", "off", "none")


# --- styles -------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Style:
    based_on: str | None = None
    num: tuple[str, int] | None = None
    num_off: bool = False
    bold: bool | None = None
    font: str | None = None


class _Styles:
    """Paragraph and character styles with basedOn chains resolved once (never style.name)."""

    def __init__(self, root: Any | None, path: Path | None = None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default_font: str | None = None
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}rFonts")
        if defaults is not None:
            self.default_font = defaults.get(W + "ascii") or defaults.get(W + "hAnsi")
        for st in root.iter(W + "style"):
            sid = st.get(W + "styleId")
            if not sid:
                continue
            s = _Style()
            based = st.find(W + "basedOn")
            s.based_on = based.get(W + "val") if based is not None else None
            numpr = st.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                num_id = numpr.find(W + "numId")
                ilvl = numpr.find(W + "ilvl")
                if num_id is not None:
                    nid = num_id.get(W + "val", "0")
                    if nid == "0":
                        s.num_off = True
                    else:
                        s.num = (nid, _level_index(ilvl, path))
            rpr = st.find(W + "rPr")
            if rpr is not None:
                b = rpr.find(W + "b")
                if b is not None:
                    s.bold = _on(b)
                fonts = rpr.find(W + "rFonts")
                if fonts is not None:
                    s.font = fonts.get(W + "ascii") or fonts.get(W + "hAnsi")
            self.styles[sid] = s
        self._cache: dict[tuple[str, str], Any] = {}

    def _chain(self, sid: str | None) -> list[_Style]:
        out: list[_Style] = []
        seen: set[str] = set()
        while sid and sid in self.styles and sid not in seen and len(out) < 20:
            seen.add(sid)
            out.append(self.styles[sid])
            sid = self.styles[sid].based_on
        return out

    def num(self, sid: str | None) -> tuple[str, int] | None:
        for s in self._chain(sid):
            if s.num_off:
                return None
            if s.num:
                return s.num
        return None

    def bold(self, sid: str | None) -> bool:
        for s in self._chain(sid):
            if s.bold is not None:
                return s.bold
        return False

    def font(self, sid: str | None) -> str | None:
        for s in self._chain(sid):
            if s.font:
                return s.font
        return None


# --- numbering ----------------------------------------------------------------------------------
@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"


class _Numbering:
    """abstractNum levels, num → abstractNum with lvlOverride/startOverride, and the counters."""

    def __init__(self, root: Any | None, styles: _Styles, path: Path | None = None) -> None:
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, str] = {}
        self.overrides: dict[str, dict[int, _Level | int]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.seen_nums: set[str] = set()
        self.letter_e = 0
        self.styles = styles
        if root is None:
            return
        style_links: dict[str, str] = {}
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId", "")
            self.abstract[aid] = {_level_index(lvl, path, "ilvl"): _read_level(lvl, path) for lvl in an.findall(W + "lvl")}
            link = an.find(W + "numStyleLink")
            if link is not None:
                style_links[aid] = link.get(W + "val", "")
        for num in root.iter(W + "num"):
            nid = num.get(W + "numId", "")
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            self.nums[nid] = ref.get(W + "val", "")
            ov: dict[int, _Level | int] = {}
            for lo in num.findall(W + "lvlOverride"):
                ilvl = _level_index(lo, path, "ilvl")
                lvl = lo.find(W + "lvl")
                so = lo.find(W + "startOverride")
                if lvl is not None:
                    ov[ilvl] = _read_level(lvl, path)
                elif so is not None:
                    ov[ilvl] = _int(so, "val", 1, path, "startOverride", MAX_LIST_START)
            if ov:
                self.overrides[nid] = ov
        # numStyleLink: the abstractNum takes its levels from the one the style's num points at.
        for aid, style_id in style_links.items():
            target = styles.num(style_id)
            if target and target[0] in self.nums and self.nums[target[0]] != aid:
                self.abstract[aid] = self.abstract.get(self.nums[target[0]], self.abstract[aid])

    def level(self, nid: str, ilvl: int) -> _Level | None:
        ov = self.overrides.get(nid, {}).get(ilvl)
        if isinstance(ov, _Level):
            return ov
        aid = self.nums.get(nid)
        if aid is None:
            return None
        return self.abstract.get(aid, {}).get(ilvl)

    def label(self, nid: str, ilvl: int) -> str | None:
        """The label Word shows for the next paragraph of list `nid` at level `ilvl`."""
        aid = self.nums.get(nid)
        lvl = self.level(nid, ilvl)
        if aid is None or lvl is None:
            return None
        counters = self.counters.setdefault(aid, [None] * 9)
        if nid not in self.seen_nums:
            self.seen_nums.add(nid)
            for lv, ov in self.overrides.get(nid, {}).items():
                if isinstance(ov, int) and 0 <= lv < 9:
                    counters[lv] = ov - 1
        current = counters[ilvl]
        counters[ilvl] = (lvl.start if current is None else current + 1)
        for deeper in range(ilvl + 1, 9):
            dl = self.level(nid, deeper)
            # lvlRestart n (1-based): restart only after level n or above; 0: never restart.
            if dl is None or dl.restart is None or 0 <= ilvl <= dl.restart:
                counters[deeper] = None
        if lvl.fmt == "none":
            return ""
        if lvl.fmt == "bullet":
            return "+" if lvl.text.strip() == "+" else "-"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            if not 0 <= k < 9:
                return ""
            other = self.level(nid, k)
            value = counters[k]
            if value is None:
                value = other.start if other else 1
            fmt = "decimal" if lvl.legal else (other.fmt if other else "decimal")
            if fmt == "lowerLetter" and value == 5 and k == ilvl:
                self.letter_e += 1
            return format_number(value, fmt)

        return re.sub(r"%(\d)", sub, lvl.text)


_LEVELS: Final = 9
"""Word lists have levels 0–8."""


def _level_index(el: Any | None, path: Path | None, attr: str = "val") -> int:
    """A list level: `<w:ilvl w:val>` or the `w:ilvl` attribute of w:lvl / w:lvlOverride, 0–8."""
    value = _int(el, attr, 0, path, "ilvl", 99)
    if not 0 <= value < _LEVELS:
        raise LimitExceeded(path, what="mức danh sách (ilvl) trong phần đánh số của Word", value=value,
                            limit=_LEVELS - 1, name="ilvl 0–8")
    return value


def _read_level(lvl: Any, path: Path | None = None) -> _Level:
    out = _Level()
    start = lvl.find(W + "start")
    if start is not None:
        out.start = _int(start, "val", 1, path, "start", MAX_LIST_START)
    fmt = lvl.find(W + "numFmt")
    if fmt is not None:
        out.fmt = fmt.get(W + "val", "decimal")
    text = lvl.find(W + "lvlText")
    if text is not None:
        out.text = text.get(W + "val", "")
        if len(out.text) > MAX_LEVEL_TEXT:
            raise LimitExceeded(path, what="mẫu nhãn danh sách (lvlText) trong phần đánh số của Word",
                                value=f"{len(out.text)} ký tự", limit=MAX_LEVEL_TEXT, name="MAX_LEVEL_TEXT")
    restart = lvl.find(W + "lvlRestart")
    if restart is not None:
        out.restart = _int(restart, "val", 0, path, "lvlRestart", _LEVELS) - 1
    out.legal = _on(lvl.find(W + "isLgl")) if lvl.find(W + "isLgl") is not None else False
    suff = lvl.find(W + "suff")
    if suff is not None:
        out.suffix = suff.get(W + "val", "tab")
    return out


_ROMAN: Final = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                 (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def format_number(value: int, fmt: str) -> str:
    """A counter in Word's number format (decimal, decimalZero, lower/upperLetter, …Roman)."""
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        if value <= 0 or value > 26 * 20:
            return str(value)  # Word repeats the letter (aa, bbb …); past 20 repeats, a number
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        if value <= 0:
            return str(value)
        out, v = "", value
        for amount, letters in _ROMAN:
            while v >= amount:
                out += letters
                v -= amount
        return out.upper() if fmt == "upperRoman" else out
    return str(value)


# --- paragraphs -----------------------------------------------------------------------------
class _Reader:
    def __init__(self, zf: zipfile.ZipFile, path: Path) -> None:
        self.path = path
        self.styles = _Styles(_xml(zf, "word/styles.xml", path), path)
        self.numbering = _Numbering(_xml(zf, "word/numbering.xml", path), self.styles, path)
        self.breaks = 0
        self.doc = _xml(zf, "word/document.xml", path)
        self.footnotes = _notes(_xml(zf, "word/footnotes.xml", path), "footnote")
        self.endnotes = _notes(_xml(zf, "word/endnotes.xml", path), "endnote")
        self.footnotes_used: list[str] = []
        """Footnote and endnote texts in the order their references appear."""
        self.out = DocxText(lines=[])
        self.paragraph_no = 0
        self.table_no = 0
        self.serial = 0

    def run(self) -> DocxText:
        body = self.doc.find(W + "body") if self.doc is not None else None
        if body is None:
            raise ImportFormatError(self.path, kind="corrupt")
        self._block(body, None)
        # Footnotes are kept, numbered as Word shows them, after the text ("[1] …").
        for k, note_text in enumerate(self.footnotes_used, start=1):
            self.serial += 1
            text = _clean(note_text).replace("\n", " ").strip()
            self.out.lines.append(DocxLine(f"[{k}] {text}", f"chú thích {k}", False, self.serial))
        self.out.footnotes = len(self.footnotes_used)
        self._join_split_headings()
        self.out.word_letter_e = self.numbering.letter_e
        return self.out

    def _block(self, parent: Any, cell_where: str | None) -> None:
        for child in parent:
            tag = child.tag
            if tag == W + "p":
                self.paragraph_no += 1
                where = cell_where or f"đoạn {self.paragraph_no}"
                self._paragraph(child, where)
            elif tag == W + "tbl":
                self.table_no += 1
                self.out.tables += 1
                self._table(child, self.table_no)
            elif tag in (W + "sdt", W + "customXml", W + "ins", W + "smartTag"):
                content = child.find(W + "sdtContent") if tag == W + "sdt" else child
                if content is not None:
                    self._block(content, cell_where)

    def _table(self, tbl: Any, number: int) -> None:
        for r, tr in enumerate(tbl.iter(W + "tr"), start=1):
            if tr.getparent() is not tbl and tr.getparent().tag != W + "sdtContent":
                continue
            for c, tc in enumerate(tr.findall(W + "tc"), start=1):
                self._block(tc, f"bảng {number}, hàng {r}, ô {c}")

    def _paragraph(self, p: Any, where: str) -> None:
        ppr = p.find(W + "pPr")
        style_id = None
        numpr = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style_id = ps.get(W + "val") if ps is not None else None
            numpr = ppr.find(W + "numPr")
            if ppr.find(f"{W}rPr/{W}del") is not None and not self._has_text(p):
                return  # a paragraph deleted with tracked changes
        text, has_bold, has_plain = self._runs(p, style_id)
        label = None
        num = None
        if numpr is not None:
            nid_el = numpr.find(W + "numId")
            ilvl_el = numpr.find(W + "ilvl")
            if nid_el is not None:
                nid = nid_el.get(W + "val", "0")
                num = None if nid == "0" else (nid, _level_index(ilvl_el, self.path))
            elif ilvl_el is not None:
                base = self.styles.num(style_id)
                num = (base[0], _level_index(ilvl_el, self.path)) if base else None
        else:
            num = self.styles.num(style_id)
        if num is not None:
            label = self.numbering.label(*num)
            if label:
                self.out.numbered += 1
        if label:
            text = f"{label} {text.lstrip()}" if text.strip() else label
        text = "\n".join(part for chunk in text.split("\n") for part in split_columns(chunk))
        text = _clean(text)
        for bm in p.iter(W + "bookmarkStart"):
            uid = decode_bookmark(bm.get(W + "name", ""))
            if uid and text.strip():
                first, sep, rest = text.partition("\n")
                text = f"{first} {{#{uid}}}{sep}{rest}"
                break
        bold = bool(has_bold) and not has_plain
        parts = text.split("\n")
        self.serial += 1
        for part in parts:
            self.out.lines.append(DocxLine(part.strip(), where, bold, self.serial))

    def _has_text(self, p: Any) -> bool:
        return any(t.text for t in p.iter(W + "t"))

    def _runs(self, p: Any, style_id: str | None) -> tuple[str, int, int]:
        """Accepted text of a paragraph; then 1/0: has bold letters, has letters not bold."""
        pieces: list[str] = []
        bold_chars = all_chars = 0
        para_bold = self.styles.bold(style_id)
        para_font = self.styles.font(style_id) or self.styles.default_font
        for r in p.iter(W + "r"):
            if _inside(r, p, _MC_FALLBACK):
                continue  # the same text box again, for readers without DrawingML
            if _inside_deleted(r, p):
                if any(True for _ in r.iter(W + "delText")):
                    self.out.tracked_deletions += 1
                continue
            if _inside(r, p, W + "ins"):
                self.out.tracked_insertions += 1
            rpr = r.find(W + "rPr")
            bold = para_bold
            font = para_font
            if rpr is not None:
                rstyle = rpr.find(W + "rStyle")
                if rstyle is not None:
                    sid = rstyle.get(W + "val")
                    if self.styles.bold(sid):
                        bold = True
                    font = self.styles.font(sid) or font
                b = rpr.find(W + "b")
                if b is not None:
                    bold = _on(b)
                fonts = rpr.find(W + "rFonts")
                if fonts is not None:
                    font = fonts.get(W + "ascii") or fonts.get(W + "hAnsi") or font
            run_text: list[str] = []
            for el in r:
                tag = el.tag
                if tag == W + "t":
                    run_text.append(el.text or "")
                elif tag == W + "tab":
                    run_text.append("\t")
                elif tag in (W + "br", W + "cr"):
                    self.breaks += 1
                    if self.breaks > MAX_LINE_BREAKS:
                        raise LimitExceeded(self.path, what="số lần xuống dòng (w:br) trong văn bản Word",
                                            value=f"hơn {MAX_LINE_BREAKS}", limit=MAX_LINE_BREAKS,
                                            name="MAX_LINE_BREAKS")
                    run_text.append("\n")
                elif tag == W + "noBreakHyphen":
                    run_text.append("-")
                elif tag in (W + "footnoteReference", W + "endnoteReference"):
                    notes = self.footnotes if tag == W + "footnoteReference" else self.endnotes
                    note_text = notes.get(el.get(W + "id", ""))
                    if note_text is not None:
                        self.footnotes_used.append(note_text)
                        run_text.append(f"[{len(self.footnotes_used)}]")
                elif tag == W + "sym":
                    char = el.get(W + "char", "")
                    if char.upper() in ("F02D", "002D"):
                        run_text.append("-")
            chunk = "".join(run_text)
            if not chunk:
                continue
            enc = legacy.encoding_of_font(font)
            if enc is not None and not legacy.has_unicode_vietnamese(chunk):
                chunk = legacy.convert(chunk, enc[0], capitals=enc[1])
                self.out.legacy_runs[enc[0]] += 1
            # Bold-only test without counting every letter: a run decides only when not bold.
            if bold:
                if not bold_chars and any(c.isalnum() for c in chunk):
                    bold_chars = 1
            elif all_chars == 0 and any(c.isalnum() for c in chunk):
                all_chars = 1
            pieces.append(chunk)
        return "".join(pieces), bold_chars, all_chars

    def _join_split_headings(self) -> None:
        """"Điều 5." alone followed by a bold-only line: the bold line is the article's title."""
        lines = self.out.lines
        out: list[DocxLine] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and nxt.bold and nxt.text and _ARTICLE_ONLY.fullmatch(line.text) \
                    and not nxt.text[:1].isdigit():
                head = line.text.rstrip()
                if not head.endswith((".", ":")):
                    head += "."
                out.append(DocxLine(f"{head} {nxt.text}", line.where, True, line.paragraph))
                self.out.bold_headings += 1
                i += 2
                continue
            out.append(line)
            i += 1
        self.out.lines = out


def _notes(root: Any | None, kind: str) -> dict[str, str]:
    """Footnote (or endnote) id → its text; the separator notes Word keeps are skipped."""
    out: dict[str, str] = {}
    if root is None:
        return out
    for note in root.iter(W + kind):
        if note.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        paragraphs = []
        for p in note.iter(W + "p"):
            paragraphs.append("".join(t.text or "" for t in p.iter(W + "t") if not _inside_deleted(t, p)))
        out[note.get(W + "id", "")] = " ".join(x.strip() for x in paragraphs if x.strip())
    return out


def _inside(el: Any, stop: Any, tag: str) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _inside_deleted(r: Any, p: Any) -> bool:
    parent = r.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (W + "del", W + "moveFrom"):
            return True
        parent = parent.getparent()
    return False


_SPACES: Final = str.maketrans({**INLINE_SPACES, "\t": " ", "\u000b": "\n", "\u000c": "\n"})


def _clean(text: str) -> str:
    """NFC, plain spaces and hyphens (spaces inside the text are kept as typed)."""
    return unicodedata.normalize("NFC", text.translate(_SPACES))


def read_docx(path: Path) -> DocxText:
    """Read a .docx into lines; raises ImportFormatError for .doc, encrypted or broken files."""
    zf = open_docx(path)
    with zf:
        result = _Reader(zf, path).run()
    # A document typed in a legacy font whose font name was lost (pasted as plain text):
    # when nothing in it is Unicode Vietnamese, try the text tables on the whole document.
    if not result.legacy_runs:
        sample = "\n".join(line.text for line in result.lines)
        enc = legacy.detect(sample)
        if enc is not None:
            for line in result.lines:
                line.text = legacy.convert(line.text, enc)
            result.legacy_runs[enc] += len(result.lines)
    for line in result.lines:
        if "\u00ad" in line.text:  # a soft hyphen (after the tables: TCVN3 uses that byte for ư)
            line.text = line.text.replace("\u00ad", "")
    return result
