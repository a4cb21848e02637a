"""Every regular expression of the parser, compiled once.

Anchored, with no nested quantifiers, so a pathological 50 MB line cannot make them backtrack.
Lines reach them already stripped of leading white space and of Markdown heading markers.
"""

from __future__ import annotations

import re
from typing import Final

VI_UPPER: Final = "A-ZĐÀ-ỸẠ-Ỹ"  # ranges cover the Vietnamese capitals (checked by isupper at use)

HEADING_MARK: Final = re.compile(r"(#{1,6})[ \t]+")
"""A Markdown heading marker before the text."""

BLOCKQUOTE: Final = re.compile(r">[ \t]?")

HTML_COMMENT: Final = re.compile(r"<!--(.*?)-->\s*$")

UNIT_ID: Final = re.compile(r"\s*\{#([A-Za-z0-9][A-Za-z0-9_.\-]{0,63})\}\s*$")
"""A stable id at the end of a heading: `{#bch}`."""

PART: Final = re.compile(
    r"(?P<kw>Phần|PHẦN)\s+(?:(?P<th>thứ|THỨ)\s+(?P<words>[^\W\d_]+(?:\s+[^\W\d_]+)?)|(?P<num>[IVXLC]+|\d{1,2})\b)"
    r"\s*(?P<rest>.*)$"
)
CHAPTER: Final = re.compile(r"(?P<kw>Chương|CHƯƠNG)\s+(?P<num>[IVXLC]+|\d{1,3})\b\s*(?P<rest>.*)$")
SECTION: Final = re.compile(r"(?P<kw>Mục|MỤC)\s+(?P<num>\d{1,3}|[IVXLC]+)\b\s*(?P<rest>.*)$")
ROMAN_SECTION: Final = re.compile(r"(?P<num>[IVXLC]{1,6})\s*[-–.]\s+(?P<rest>.+)$")
"""Older Party texts: "I- QUY ĐỊNH CHUNG" in place of chapters."""
ARTICLE: Final = re.compile(r"(?P<kw>[ĐÐ]iều|[ĐÐ]IỀU)\s+(?P<num>\d{1,4}[a-zđ]?)\s*[.:]\s*(?P<rest>.*)$")
ARTICLE_STARTS: Final = ("Điều", "ĐIỀU", "Ðiều", "ÐIỀU")
"""How an article heading begins; Ð (U+00D0, Icelandic eth) is a look-alike of Đ that `check`
reports, and the heading is still read as an article."""
APPENDIX: Final = re.compile(r"(?P<kw>PHỤ LỤC|Phụ lục)(?:\s+(?P<num>[IVXLC]+|\d{1,2}))?\b\s*(?P<rest>.*)$")
CLAUSE: Final = re.compile(r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,3})(?P<sep>\.-|\.|-)(?:\s+(?P<text>.*)|$)")
POINT: Final = re.compile(r"(?P<letter>[a-zđ])\)(?:\s+(?P<text>.*)|$)")
GLUED_CLAUSE: Final = re.compile(r"(?P<num>\d{1,3})\.(?P<text>[^\W\d_].*)$")
"""A typing slip: "11.Thực hiện …", the clause number glued to its text."""
GLUED_POINT: Final = re.compile(r"(?P<letter>[a-zđ])\)(?P<text>[^\W\d_].*)$")
"""A typing slip: "b)Trách nhiệm …"."""
GLUED_NEXT: Final = re.compile(r"(?:\t|[ \u00a0]{2})[ \t\u00a0]*(?P<marker>\d{1,3}\.|[a-zđ]\))(?=[ \t]*\S)")
"""A clause or point glued after a tab or several spaces onto the line of the one before it."""
ITEM: Final = re.compile(r"(?P<marker>[-+•–])\s+(?P<text>\S.*)$")

CONFLICT_MARK: Final = re.compile(r"(<{7}|\|{7}|={7}|>{7})(?:[ \t]+(?P<label>.*))?$")
"""A merge-conflict marker line at the start of a Markdown line, as git writes them (see
ConflictMark); the label after it says whose wording follows."""
CONFLICT_SIDES: Final = {"<": "ours", "|": "base", "=": "theirs", ">": "end"}

TITLE_SEPARATOR: Final = re.compile(r"[.:\-–]\s*")

CLOSING: Final = re.compile(
    r"(?:Nơi nhận\s*:|(?:T/M|K/T|T/L|TM\.|KT\.|TL\.)\s+\S|(?:PHÓ\s+)?CHỦ TỊCH QUỐC HỘI(?:\s|$)"
    r"|(?:Bộ luật|Luật|Nghị quyết) này (?:đã )?được Quốc hội"
    r"|\((?:Đã|đã|ĐÃ)\s+(?:ký|KÝ)(?:\s*(?:,|và|VÀ)\s*(?:đóng|ĐÓNG)\s+(?:dấu|DẤU))?\)$)"
)
"""What starts the closing block: "Nơi nhận:", a signing capacity, the National Assembly's
closing sentence, or a status line "(Đã ký)" / "(Đã ký và đóng dấu)" standing alone."""

SIGNER_TITLE: Final = re.compile(
    r"(?:PHÓ\s+)?(?:THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|TRƯỞNG BAN|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|CHỦ TỊCH|CHÁNH VĂN PHÒNG"
    r"|BÍ THƯ|CHỦ NHIỆM|VIỆN TRƯỞNG|HIỆU TRƯỞNG|CỤC TRƯỞNG|VỤ TRƯỞNG|TỔNG CỤC TRƯỞNG|TRƯỞNG PHÒNG)"
)
"""A signer's title alone on its line (state documents sign "BỘ TRƯỞNG" with no "T/M")."""
SIGNER_NAME: Final = re.compile(r"(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]*\.?\s+){1,5}[A-ZĐÀ-Ỹ][a-zđà-ỹ]*")
"""A signer's name in Title Case: "Nguyễn Văn An" (two to six words)."""
KIND_TITLE: Final = re.compile(
    r"(?:QUY CHẾ|QUY ĐỊNH|ĐIỀU LỆ|HƯỚNG DẪN|QUY TRÌNH|NỘI QUY|CHƯƠNG TRÌNH|KẾ HOẠCH)(?:\s+[A-ZĐÀ-Ỹ ,\-]{0,120})?"
)
"""The kind line of a document attached to a decision: "QUY CHẾ" (or "QUY CHẾ LÀM VIỆC")."""
KIND_WORD: Final = re.compile(r"(?:QUY CHẾ|QUY ĐỊNH|ĐIỀU LỆ|HƯỚNG DẪN|QUY TRÌNH|NỘI QUY|CHƯƠNG TRÌNH|KẾ HOẠCH)\s")
ISSUED_WITH: Final = re.compile(r"[(\[]?\s*(?:Ban hành|ban hành)\s+kèm\s+theo\b")
"""The line under an attached document's title: "(Ban hành kèm theo Quyết định số …)"."""
COPY_KIND: Final = re.compile(
    r"(?:SAO LỤC|SAO Y(?:\s+BẢN CHÍNH)?|TRÍCH SAO|Sao lục|Sao y(?:\s+bản chính)?|Trích sao)\s*(?:\(?\s*lần\s+\S+\)?)?"
)
"""The kind line of a copy block after the signature ("SAO LỤC", "Sao y bản chính", "TRÍCH SAO")."""
DRAFT_MARK: Final = re.compile(r"\(?\s*(?:DỰ THẢO|Dự thảo)(?:\s+(?:lần\s+)?\S{1,12})?\s*\)?")
"""The "DỰ THẢO" line in a draft's header (kept as a paragraph; the header rules read it)."""
HEADER_LINE: Final = re.compile(
    r"(?:\*[\s*]*$|(?:Số|SỐ)(?:\s*:\s*|\s+)[\d\-–/.…_]|[^,]{1,60},\s*ngày\b|ngày\s[\d\s.…_]*tháng\b"
    r"|Độc lập\s*[-–]\s*Tự do|CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|ĐẢNG CỘNG SẢN)"
)
"""Lines of a header that are not capitals only: the star, the number, place and date, the motto."""

RULE: Final = re.compile(r"(?:-{3,}|_{3,}|={3,}|[─━]{3,})$")
"""A rule line drawn with dashes or underscores (under a header, above the closing block)."""
PAGE_HEADER: Final = re.compile(r"CÔNG BÁO\s*/\s*Số\b")
PAGE_NUMBER: Final = re.compile(r"\d{1,4}$")
STAMP_START: Final = re.compile(r"(?:Ký bởi|Người ký)\s*:")
"""The first line of an e-signature stamp that the PDF text layer keeps."""
STAMP_LINE: Final = re.compile(r"(?:Email|Cơ quan|Thời gian ký)\s*:")
"""The lines that follow it."""

TERMINAL_PUNCT: Final = frozenset(".;:!?”\")…/")
"""A line ending with one of these ends its paragraph in hard-wrapped text."""

ESCAPE_PREFIXES: Final = ("#", ">", "\\", "<!--", "“", "---", "<<<<<<<", "|||||||", "=======")
"""Paragraph starts that Markdown or the parser would read as something else."""

LEADING_SPACE: Final = " \t\u00a0\u000c\u2000\u2001\u2002\u2003\u2009\u202f\ufeff"

EXPORT_ESCAPE: Final = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
"""A backslash escape Word, Google Docs and pandoc write into exported Markdown: `Điều 1\\.`, `\\-`."""
EXPORT_EMPHASIS: Final = re.compile(r"(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)")
"""Bold around a whole heading line: `**Chương I**`, `**Điều 1\\. Phạm vi**`."""
