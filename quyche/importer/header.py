"""The header block and the closing block of an imported text → FrontMatter.

Texts taken from Word or PDF carry the Party (or State) header as lines: the issuing body and
its superior, the star, the number, the party line, place and date, the document kind and its
subject, the legal bases and the enacting sentence; and at the end the distribution list and
the signing block. This module recognises each of those lines and leaves every line it cannot
place to the caller, which keeps it in the body and reports it: nothing is dropped except the
lines the builder prints by itself (the party line, the star, rules).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Final

from quyche.model.frontmatter import FrontMatter, SigningBlock, Term
from quyche.parse import patterns as P

PARTY_LINE: Final = "ĐẢNG CỘNG SẢN VIỆT NAM"

_RULE: Final = re.compile(r"[-_=~.*…–—\s]{3,}")
_STAR: Final = re.compile(r"\*(?:\s*\*)*")
_NUMBER: Final = re.compile(r"(?P<label>(?:[^\W\d_]+\s+){0,3}?)(?:[Ss]ố|SỐ)\s*:?\s*(?P<num>\S.{0,60})")
_DATE: Final = re.compile(
    r"(?:(?P<place>[^,]{1,60}?)\s*,\s*)?ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*\.?"
)
_DATE_BLANK: Final = re.compile(
    r"(?:(?P<place>[^,]{1,60}?)\s*,\s*)?ngày[\s.…_]*tháng[\s.…_]*năm[\s.…_]*(?:20(?:\d\d)?[\s.…_]*)?"
)
"""A date left blank to fill in by hand: "ngày      tháng      năm 20   " (or "năm 2026" on a draft)."""
_NUMBER_LABEL: Final = re.compile(r"(?:[Ss]ố|SỐ)\s*:?")
_NUMBER_SERIES: Final = re.compile(r"(?:[Ss]ố|SỐ)\s*:?[\s.…_]*(?P<series>[-–/]\s*[^\W\d_][\w\-/.]{0,30})")
"""A draft's number with the serial left blank: "Số:      -QC/ĐU", "Số:        /QĐ-BQLDA"."""
_DATE_MONTH: Final = re.compile(
    r"(?:(?P<place>[^,]{1,60}?)\s*,\s*)?ngày[\s.…_]*tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})\s*\.?"
)
"""A draft's date with the day left blank: "Hà Nội, ngày      tháng 7 năm 2025"."""
_STATE_SLOGAN: Final = re.compile(r"Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.IGNORECASE)
_NUMBER_BLANK: Final = re.compile(r"(?:[Ss]ố|SỐ)\s*:?[\s.…_]*[-–]?[\s.…_]*(?:/[\s.…_]*)?")
_DATE_START: Final = re.compile(r"(?:[^,]{1,60},\s*)?ngày\b")
_KIND_WORDS: Final = tuple(sorted(
    ["QUY CHẾ", "QUY ĐỊNH", "QUYẾT ĐỊNH", "HƯỚNG DẪN", "NGHỊ QUYẾT", "CHỈ THỊ", "KẾT LUẬN",
     "THÔNG BÁO", "BÁO CÁO", "KẾ HOẠCH", "CHƯƠNG TRÌNH", "TỜ TRÌNH", "ĐIỀU LỆ", "BỘ LUẬT",
     "LUẬT", "PHÁP LỆNH", "NGHỊ ĐỊNH", "THÔNG TƯ", "QUY TRÌNH"], key=len, reverse=True))  # fmt: skip
_BASIS: Final = re.compile(r"(?:[-–+•]\s*)?(?P<text>(?:Căn cứ|Xét|Thực hiện|Theo đề nghị)\b.*)")
_ENACTING: Final = re.compile(
    r".*(?:như sau\s*:?|\bQUYẾT ĐỊNH\s*:?|\bQUY ĐỊNH\s*:?|\bban hành\b.*[.:]|:)\s*$"
)
_BODY_START_WORDS: Final = (
    "ĐẢNG BỘ", "ĐẢNG ỦY", "ĐẢNG UỶ", "BAN ", "CHI BỘ", "ĐẢNG ĐOÀN", "BAN CÁN SỰ", "TỈNH ỦY",
    "TỈNH UỶ", "THÀNH ỦY", "THÀNH UỶ", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "VĂN PHÒNG", "ỦY BAN",
    "UỶ BAN", "QUỐC HỘI", "CHÍNH PHỦ", "BỘ ", "TRUNG TÂM", "HỘI ĐỒNG", "CÔNG ĐOÀN", "ĐOÀN ",
    "HỌC VIỆN", "TRƯỜNG", "SỞ ", "TÒA ÁN", "VIỆN ", "CƠ QUAN", "ĐẠI HỘI",
)
"""Words that open the name of a body; an upper-case line without them continues a name."""
_STATE_MOTTO: Final = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_CAPACITY: Final = re.compile(r"(?:T/M|K/T|T/L|TM\.|KT\.|TL\.|Q\.|TUQ\.)\s*\S.*")
_NAME: Final = re.compile(r"(?:[A-ZĐÀ-Ỹ][^\s\d]*\s+){1,5}[A-ZĐÀ-Ỹ][^\s\d]*")
_TERM: Final = re.compile(r"\bkhó?a\s+(?P<num>[IVXLC]+|\d{1,3})\b(?:\s*,\s*nhiệm kỳ\s+(?P<period>\d{4}\s*[-–]\s*\d{4}))?",
                          re.IGNORECASE)
_PERIOD_ONLY: Final = re.compile(r"\bnhiệm kỳ\s+(?P<period>\d{4}\s*[-–]\s*\d{4})", re.IGNORECASE)
_ITEM_JOIN: Final = re.compile(r"(?<=[,;.])\s+[-–+•]\s+(?=[A-ZĐÀ-Ỹ])")
_ISSUED_WITH: Final = re.compile(r"[(\[]?\s*(?P<text>[Bb]an hành kèm theo\b[^)\]]*)[)\]]?\s*\.?")
""""(Ban hành kèm theo Quyết định số … của …)" under an attached document's title."""
_AUTHORITY_LINE: Final = re.compile(
    r"(?:PHÓ\s+)?(?:BỘ TRƯỞNG|THỦ TƯỚNG|CHỦ TỊCH|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|TRƯỞNG BAN|CHÁNH ÁN|VIỆN TRƯỞNG"
    r"|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|HỘI ĐỒNG NHÂN DÂN|QUỐC HỘI|CHÍNH PHỦ|BAN THƯỜNG VỤ|BAN CHẤP HÀNH"
    r"|BAN BÍ THƯ|BỘ CHÍNH TRỊ)\b"
)
"""The line naming who enacts ("BỘ TRƯỞNG BỘ TÀI CHÍNH"), between the subject and the bases."""
_DISTRIBUTION: Final = re.compile(r"Nơi nhận\s*:?\s*(?P<rest>.*)")


@dataclass(slots=True)
class Line:
    """One line of the imported text with its 1-based line number in the source."""

    number: int
    text: str


@dataclass(slots=True)
class HeaderResult:
    """What the header and closing blocks gave: front matter and the lines not placed."""

    front_matter: FrontMatter
    leftovers: list[Line] = field(default_factory=list)
    """Header lines kept as body paragraphs, in order."""


_COLUMN_RIGHT: Final = re.compile(
    r"(?:T/M|K/T|T/L|TM\.|KT\.|TL\.)\s.*|ĐẢNG CỘNG SẢN VIỆT NAM|[^,]{1,60},\s*ngày\b.*|ngày\s.*"
)


def split_columns(line: str) -> list[str]:
    """A header or signing line laid out with tabs or runs of spaces instead of a table → its two columns.

    "ĐẢNG ỦY XÃ A<tab><tab>ĐẢNG CỘNG SẢN VIỆT NAM", "Nơi nhận:<tab>T/M ĐẢNG ỦY",
    "- Lưu VPĐU.<tab>BÍ THƯ". Only when the right-hand part is a header or signing line (or
    capitals after a left part in capitals or a list item), so "Điều 1.<tab>Phạm vi" stays whole.
    """
    if "\t" not in line and "    " not in line:
        return [line]
    parts = [p.strip() for p in re.split(r"\t+| {4,}", line.strip()) if p.strip()]
    if len(parts) != 2:
        return [line]
    left, right = parts
    if _NUMBER_LABEL.fullmatch(left) and right[:1] in "-–/":
        return [f"{left} {right}"]  # "Số:      -QC/ĐU": a draft's number with the serial blank
    letters = [c for c in right if c.isalpha()]
    right_upper = bool(letters) and all(c.isupper() for c in letters)
    left_letters = [c for c in left if c.isalpha()]
    left_upper = bool(left_letters) and all(c.isupper() for c in left_letters)
    left_name = left_upper and len(left.split()) >= 2  # not "I." of "I.<tab>QUY ĐỊNH CHUNG"
    if _COLUMN_RIGHT.fullmatch(right) or (right_upper and (left_name or left.startswith(("-", "Nơi nhận", "Số")))):
        return [left, right]
    return [line]


def is_upper(text: str) -> bool:
    """All letters capitals (and at least one letter)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _opens_body_name(text: str) -> bool:
    up = text.upper()
    return up.startswith(_BODY_START_WORDS)


def parse_date(text: str) -> tuple[str | None, dt.date | None] | None:
    """"Công Hải, ngày 01 tháng 7 năm 2025" → ("Công Hải", 2025-07-01); None when not a date line."""
    m = _DATE.fullmatch(text.strip())
    if not m:
        return None
    try:
        date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    except ValueError:
        return None
    place = m.group("place")
    return (place.strip() if place else None), date


def kind_of(text: str) -> tuple[str, str] | None:
    """(kind keyword as written, the rest) when an upper-case line names a document kind."""
    if not is_upper(text):
        return None
    for word in _KIND_WORDS:
        if text == word or text.startswith(word + " "):
            return text[: len(word)], text[len(word) :].strip()
    return None


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip() if a else b


def continues(prev: str, text: str) -> bool:
    """A hard-wrapped continuation: starts in lower case, or follows a long unfinished line."""
    if not prev:
        return False
    if text[:1].islower():
        return True
    return len(prev) >= 55 and prev[-1] not in ".;:!?”\")…,"


def parse_header(lines: list[Line]) -> HeaderResult:
    """Read the header lines (everything before the first heading) into front matter."""
    fm = FrontMatter()
    leftovers: list[Line] = []
    names: list[str] = []  # bodies on the left of the header, in order
    stage = "top"  # top → after number/date → kind → subject → bases → done
    subject_parts: list[str] = []
    i = 0
    items = [Line(ln.number, part) for ln in lines if ln.text.strip() for part in split_columns(ln.text)]
    n = len(items)
    while i < n:
        line = items[i]
        text = " ".join(line.text.split())
        i += 1
        if stage == "done":
            leftovers.append(line)
            continue
        if _RULE.fullmatch(text) and not _STAR.fullmatch(text):
            if stage == "subject":
                stage = "bases"
            continue
        if stage == "top" and _STAR.fullmatch(text):
            continue  # the Party star under the issuing body: the builder prints it
        if stage == "top":
            if text.upper() == PARTY_LINE or (text.upper() in ("ĐẢNG CỘNG SẢN", "VIỆT NAM") and _party_split(items, i - 1)):
                if text.upper() == "ĐẢNG CỘNG SẢN" and i < n and items[i].text.strip().upper() == "VIỆT NAM":
                    i += 1
                continue
            if fm.number is None and _NUMBER_BLANK.fullmatch(text):
                continue
            series = _NUMBER_SERIES.fullmatch(text) if fm.number is None else None
            if series:  # a draft: "Số:      -QC/ĐU" → the series, the serial left to fill in
                fm.number = series.group("series")
                continue
            if fm.date is None and _DATE_BLANK.fullmatch(text):
                blank = _DATE_BLANK.fullmatch(text)
                if blank and blank.group("place"):
                    fm.place = blank.group("place").strip()
                continue
            month = _DATE_MONTH.fullmatch(text) if fm.date is None else None
            if month:  # a draft: "…, ngày      tháng 7 năm 2025" → place, month and year kept
                if month.group("place"):
                    fm.place = month.group("place").strip(" .…_")
                fm.date = f"{int(month.group('y')):04d}-{int(month.group('m')):02d}"
                continue
            if P.DRAFT_MARK.fullmatch(text):
                leftovers.append(line)
                continue
            if text.upper() in _STATE_MOTTO or _STATE_SLOGAN.fullmatch(text):
                continue  # the State motto and slogan: not part of the issuer; the builder prints them
            m = _NUMBER.fullmatch(text)
            if m and fm.number is None and any(c.isdigit() for c in m.group("num")) and _number_label_ok(m.group("label")):
                # A State number keeps its label as written ("Luật số: 80/2015/QH13"); a Party
                # number is stored without "Số" ("01-QC/ĐU"), stray spaces kept for `check`.
                fm.number = text if m.group("label").strip() else m.group("num").strip()
                continue
            if fm.date is None and _DATE_START.match(text):
                joined = text
                j = i
                while parse_date(joined) is None and j < n and j - i < 2 and len(joined) < 80:
                    joined = _join(joined, " ".join(items[j].text.split()))
                    j += 1
                got = parse_date(joined)
                if got is not None:
                    fm.place, fm.date = got
                    i = j
                    continue
            kind = kind_of(text)
            if kind is not None and (fm.number or fm.date or names or not _later_kind(items, i)):
                fm.title, rest = kind
                fm.kind = fm.title.lower()
                if rest:
                    subject_parts.append(rest)
                stage = "subject"
                continue
            if is_upper(text) and text.upper() not in _STATE_MOTTO and len(text) <= 80 \
                    and not _BASIS.fullmatch(text):
                if names and not _opens_body_name(text):
                    names[-1] = _join(names[-1], text)
                else:
                    names.append(text)
                continue
            if _BASIS.fullmatch(text) or (_ENACTING.fullmatch(text) and fm.kind):
                stage = "bases"
                i -= 1
                continue
            leftovers.append(line)
            continue
        if stage in ("subject", "bases") and fm.issued_with is None and _ISSUED_WITH.fullmatch(text):
            fm.issued_with = _ISSUED_WITH.fullmatch(text).group("text").strip()  # type: ignore[union-attr]
            stage = "bases"
            continue
        if stage == "subject":
            if _BASIS.fullmatch(text):
                stage = "bases"
                i -= 1
                continue
            if text.startswith("(") or (subject_parts and _ENACTING.fullmatch(text) and not is_upper(text)):
                stage = "bases"
                i -= 1
                continue
            if subject_parts and is_upper(text) and _AUTHORITY_LINE.match(text):
                # "BỘ TRƯỞNG BỘ TÀI CHÍNH", "ỦY BAN NHÂN DÂN TỈNH …" under a subject in capitals:
                # who enacts, not more of the subject; kept as a paragraph before the bases.
                leftovers.append(line)
                stage = "bases"
                continue
            if not subject_parts or is_upper(text) == is_upper(subject_parts[-1]) or text[:1].islower():
                subject_parts.append(text)
                continue
            stage = "bases"
            i -= 1
            continue
        if stage == "bases":
            m = _BASIS.fullmatch(text)
            if m:
                fm.legal_bases.append(m.group("text"))
                continue
            if fm.legal_bases and continues(fm.legal_bases[-1], text) and not _ENACTING.fullmatch(text):
                fm.legal_bases[-1] = _join(fm.legal_bases[-1], text)
                continue
            if fm.enacting is None and _ENACTING.fullmatch(text):
                fm.enacting = text
                stage = "enacted"
                continue
            if fm.enacting is None and fm.legal_bases and not text.startswith("("):
                fm.enacting = text
                stage = "enacted"
                continue
            leftovers.append(line)
            continue
        if stage == "enacted":
            if fm.enacting and continues(fm.enacting, text) and not leftovers:
                fm.enacting = _join(fm.enacting, text)
                continue
            stage = "done"
            leftovers.append(line)
            continue
    if len(names) >= 2:
        fm.superior = " ".join(names[:-1])
        fm.issuer = names[-1]
    elif names:
        fm.issuer = names[0]
    if subject_parts:
        fm.subject = " ".join(subject_parts)
        fm.term = _term_of(fm.subject)
    return HeaderResult(fm, leftovers)


def _party_split(items: list[Line], idx: int) -> bool:
    """"ĐẢNG CỘNG SẢN" / "VIỆT NAM" on two lines (a narrow header cell)."""
    text = items[idx].text.strip().upper()
    if text == "ĐẢNG CỘNG SẢN":
        return idx + 1 < len(items) and items[idx + 1].text.strip().upper() == "VIỆT NAM"
    if text == "VIỆT NAM":
        return idx > 0 and items[idx - 1].text.strip().upper() == "ĐẢNG CỘNG SẢN"
    return False


def _number_label_ok(label: str) -> bool:
    words = label.split()
    return all(w[:1].isupper() for w in words) and len(words) <= 3


def _later_kind(items: list[Line], i: int) -> bool:
    """Is there another kind line coming (so this one is a body's name such as "BAN …")?"""
    return any(kind_of(" ".join(x.text.split())) for x in items[i : i + 4])


def _term_of(subject: str) -> Term | None:
    m = _TERM.search(subject)
    if m:
        period = m.group("period")
        return Term(number=m.group("num"), period=" ".join(period.split()) if period else None)
    m2 = _PERIOD_ONLY.search(subject)
    if m2:
        return Term(period=" ".join(m2.group("period").split()))
    return None


_AUTHORITY_OF_CAPACITY: Final = {
    "T/M ĐẢNG ỦY": "Ban Chấp hành",
    "T/M ĐẢNG UỶ": "Ban Chấp hành",
    "T/M BAN CHẤP HÀNH": "Ban Chấp hành",
    "T/M BAN THƯỜNG VỤ": "Ban Thường vụ",
    "T/M BAN BÍ THƯ": "Ban Bí thư",
    "T/M BỘ CHÍNH TRỊ": "Bộ Chính trị",
    "T/M CHI BỘ": "Chi bộ",
    "T/M CHI ỦY": "Chi ủy",
}


def parse_closing(lines: list[Line], fm: FrontMatter) -> list[Line]:
    """Take the distribution list and the signing block out of the closing lines.

    Returns the lines left in the closing block ("Luật này đã được … thông qua", "(Đã ký)").
    """
    items = [Line(ln.number, part) for ln in lines if ln.text.strip() for part in split_columns(ln.text)]
    left: list[Line] = []
    signing = SigningBlock()
    in_distribution = False
    seen_distribution = False
    sign_started = False
    distribution: list[str] = []
    name_idx = _name_index(items)
    for idx, line in enumerate(items):
        text = " ".join(line.text.split())
        m = _DISTRIBUTION.fullmatch(text)
        if m and not distribution and not in_distribution:
            in_distribution = seen_distribution = True
            rest = m.group("rest").strip()
            if rest:
                distribution.append(rest.lstrip("-–+• ").strip())
            continue
        if idx == name_idx:
            signing.name = text
            in_distribution = False
            continue
        if _CAPACITY.fullmatch(text) and is_upper(text) and signing.capacity is None:
            signing.capacity = text
            in_distribution = False
            sign_started = True
            continue
        if _CAPACITY.fullmatch(text) and is_upper(text) and signing.title is None and signing.name is None \
                and "\n" not in (signing.capacity or ""):
            # "TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH" / "PHÓ CHỦ TỊCH": both capacities, on two lines
            signing.capacity = f"{signing.capacity}\n{text}"
            continue
        if seen_distribution and text[:1] in "-–+•" and not in_distribution:
            distribution.append(text.lstrip("-–+• ").strip())  # a tab layout interleaves the columns
            continue
        if in_distribution and distribution and text[:1].islower():
            distribution[-1] = _join(distribution[-1], text)  # a hard-wrapped item
            continue
        if in_distribution and (text[:1] in "-–+•" or not is_upper(text)):
            distribution.append(text.lstrip("-–+• ").strip() if text[:1] in "-–+•" else text)
            continue
        in_distribution = False
        if is_upper(text) and signing.title is None and len(text) <= 60 and not text.startswith("(") \
                and (sign_started or idx + 1 < len(items)):
            signing.title = text
            sign_started = True
            continue
        if is_upper(text) and signing.title and "\n" not in signing.title and signing.name is None \
                and idx + 1 == name_idx and len(text) <= 60 and not text.startswith("("):
            signing.title = f"{signing.title}\n{text}"  # "TRƯỞNG BAN" / "PHÓ THỦ TƯỚNG": both lines
            continue
        left.append(line)
    if distribution:
        # Hard-wrapped text may have joined two items: "…ở Trung ương, - Các đảng ủy …".
        fm.distribution = [part for item in distribution for part in _ITEM_JOIN.split(item) if part]
    if signing.capacity or signing.title or signing.name:
        fm.signing = signing
        if signing.capacity:
            fm.authority = authority_of(signing.capacity)
    return left


def authority_of(capacity: str) -> str | None:
    """Who issues, read from "T/M …": a "… ỦY" (đảng ủy, tỉnh ủy, thành ủy …) is its Ban Chấp hành."""
    cap = " ".join(capacity.split()).upper().replace("UỶ", "ỦY")
    if cap in _AUTHORITY_OF_CAPACITY:
        return _AUTHORITY_OF_CAPACITY[cap]
    if cap.startswith("T/M ") and cap.endswith(" ỦY") and cap != "T/M CHI ỦY":
        return "Ban Chấp hành"
    return None


def _name_index(items: list[Line]) -> int | None:
    """The signer's name: the last line, in Title Case, after a capacity or a title line."""
    if not items:
        return None
    idx = len(items) - 1
    text = " ".join(items[idx].text.split())
    if not _NAME.fullmatch(text) or is_upper(text):
        return None
    if not any(is_upper(" ".join(x.text.split())) for x in items[:idx]):
        return None
    return idx

