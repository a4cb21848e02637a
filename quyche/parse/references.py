"""Cross-references in the text: "khoản 2 Điều 5", "điểm a khoản 1 Điều 3", "Điều này".

`find_references(text)` returns one `Reference` per target, innermost unit first, with the
line and column of every number, so `check` can resolve them and `diff` can rewrite them when
articles are renumbered. A list ("các khoản 1, 4 và 5 Điều 39") gives one Reference per item;
a qualifier after the list ("… của Quy chế này", "… của Luật Đất đai") applies to all of them.

Pure text work: no model, no I/O. Resolution against a document is the checker's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Final, Literal

from quyche.model.span import Span

RefKind = Literal["chapter", "article", "clause", "point"]
THIS: Final = "này"
"""The number of a relative reference ("khoản này", "Điều này")."""

_RANK: Final[dict[str, int]] = {"point": 0, "clause": 1, "article": 2, "chapter": 3}

_KEYWORDS: Final[dict[str, RefKind]] = {
    "điểm": "point", "Điểm": "point", "ĐIỂM": "point",
    "khoản": "clause", "Khoản": "clause", "KHOẢN": "clause",
    "điều": "article", "Điều": "article", "ĐIỀU": "article",
    "chương": "chapter", "Chương": "chapter", "CHƯƠNG": "chapter",
}  # fmt: skip

_NUM: Final = {
    "point": r"[a-zđ](?![\w/])\)?",
    "clause": r"\d{1,3}(?:\.\d{1,3}){0,3}(?![\w/]|\.\d)",
    "article": r"\d{1,4}[a-zđ]?(?![\w/]|[.,]\d)",
    "chapter": r"[IVXLC]{1,7}(?![\w/])",
}
_NUM_RE: Final = {k: re.compile(v) for k, v in _NUM.items()}
_THIS_RE: Final = re.compile(r"này(?!\w)")

_KEYWORD_RE: Final = re.compile(
    r"(?<![\w])(?P<many>(?:các|Các|hai|ba)\s+)?(?P<kw>[Đđ]iểm|ĐIỂM|[Kk]hoản|KHOẢN|[Đđ]iều|ĐIỀU|[Cc]hương|CHƯƠNG)\s+"
)
_KEYWORD_FAST: Final = re.compile(r"[ĐđKkCc](?:iểm|IỂM|hoản|HOẢN|iều|IỀU|hương|HƯƠNG)\s")
"""Where a keyword may start: a character class first, so the engine skips ahead fast; the
word boundary and a "các" before it are checked by hand."""
_MANY_BEFORE: Final = re.compile(r"(?:các|Các|hai|ba)\s+$")
_LIST_SEP: Final = re.compile(r"\s*(?:,|;)?\s*(?:và|hoặc|đến|tới|,)\s*|\s*[,–-]\s*")
"""Between numbers of one list: ", ", " và ", " hoặc ", " đến ", " - "."""
_CHAIN_GAP: Final = re.compile(r"(?P<comma>\s*,)?\s+(?:của\s+)?")
"""Between chain parts: "khoản 2 Điều 5", "khoản 2, Điều 5", "khoản 2 của Điều 5"."""
_GROUP_SEP: Final = re.compile(r"\s*(?:,\s*(?:và|hoặc)?|và|hoặc|đến|tới)\s+")
"""Between chains of one group: "Điều 4, Điều 5", "khoản 1 và khoản 2 Điều 5"."""

DOCUMENT_KINDS: Final = (
    "Bộ luật", "Luật", "Hiến pháp", "Pháp lệnh", "Nghị quyết", "Nghị định", "Thông tư",
    "Quyết định", "Quy chế", "Quy định", "Chỉ thị", "Hướng dẫn", "Kết luận", "Điều lệ",
    "Thông báo", "Kế hoạch", "Văn bản", "Công ước", "Hiệp định",
)  # fmt: skip
_DOC_RE: Final = re.compile(
    r"(?P<lead>\s*,?\s*(?:của|theo|tại|thuộc|trong)?\s*)(?P<kind>"
    + "|".join(sorted((re.escape(k) for k in DOCUMENT_KINDS), key=len, reverse=True))
    + r")(?P<rest>(?:\s+(?:này|đó|nêu trên))?)(?!\w)"
    + r"|(?P<lead2>\s*,?\s*(?:của\s+)?)(?P<lkind>"
    + "|".join(re.escape(k.lower()) for k in DOCUMENT_KINDS)
    + r")\s+này(?!\w)"
)


@dataclass(slots=True, unsafe_hash=True)
class RefPart:
    """One level of a reference: "khoản 2" is RefPart("clause", "2", line, column).

    A value: never assign to its fields. Not `frozen`, for the reason Span gives (a frozen
    dataclass sets each field through object.__setattr__): `check` builds one or two per
    line of text that refers to something.
    """

    kind: RefKind
    number: str
    """As written ("5a", "II", "đ"), or THIS for "khoản này"."""
    line: int
    column: int
    """1-based position of the number (where a renumbering rewrites it)."""

    @property
    def relative(self) -> bool:
        """True for "khoản này", "Điều này": the unit that contains the reference."""
        return self.number == THIS


@dataclass(slots=True, unsafe_hash=True)
class Reference:
    """A pointer to one unit: its parts innermost first (point, clause, article, chapter).

    A value, like RefPart: never assign to its fields (dataclasses.replace makes a changed copy).
    """

    parts: tuple[RefPart, ...]
    span: Span
    """From the first keyword of the expression to the end of its last number or qualifier."""
    text: str
    """The expression as written (shared by the items of one list)."""
    document: str | None = None
    """The document named after it ("Quy chế này", "Luật Đất đai"); None when unqualified."""
    document_kind: str | None = None
    """Lower-case kind of that document ("quy chế", "luật")."""
    self_document: bool = True
    """True when it points into the text that contains it (unqualified, or "… này")."""
    comma_in_chain: bool = False
    """Written "khoản 2, Điều 5": a comma between the levels of one reference."""
    capitalised: tuple[str, ...] = field(default=())
    """Keywords written capitalised mid-sentence ("Khoản", "Điểm")."""

    def part(self, kind: RefKind) -> RefPart | None:
        """The part of that kind, or None."""
        for p in self.parts:
            if p.kind == kind:
                return p
        return None

    @property
    def target_kind(self) -> RefKind:
        """What it points at: the innermost part's kind."""
        return self.parts[0].kind


_Where = Callable[[int], tuple[int, int]]


@dataclass(slots=True)
class _Chain:
    parts: list[list[RefPart]]  # per level: the listed numbers, innermost level first
    start: int
    end: int
    comma: bool = False
    caps: list[str] = field(default_factory=list)


_PROSE_BEFORE: Final = re.compile(
    r"(?:thời|địa|quan|đặc|ưu|nhược|trọng|giao|tụ|khởi|xuất|Thời|Địa|Quan|Đặc|điều|Điều)\s+$"
)


def _prose_before(text: str, pos: int) -> bool:
    """"thời điểm này", "địa điểm này", "điều khoản này": words, not references."""
    return bool(_PROSE_BEFORE.search(text, max(0, pos - 12), pos))


def _sentence_start(text: str, pos: int) -> bool:
    """Is `pos` at the start of a sentence (or of a list item / clause text)?"""
    before = text[:pos].rstrip()
    if not before:
        return True
    if before[-1] in ".!?:;“\"(" or (before[-1] == ")" and len(before) <= 3):
        return True
    # "1. Khoản …", "a) Điểm …", "- Khoản …": a marker opens the line
    stripped = before.lstrip()
    return bool(re.fullmatch(r"(?:#{1,6}|[-+•]|\d{1,3}(?:\.\d{1,3})*[.\-]|[a-zđ]\))", stripped))


def _read_numbers(text: str, pos: int, kind: RefKind, plural: bool) -> tuple[list[tuple[str, int]], int] | None:
    """Numbers after a keyword at `pos`: [(number, offset)], end offset; None when none."""
    m = _THIS_RE.match(text, pos)
    if m:
        return [(THIS, pos)], m.end()
    rx = _NUM_RE[kind]
    m = rx.match(text, pos)
    if not m:
        return None
    nums = [(m.group().rstrip(")"), pos)]
    end = m.end()
    while True:
        sep = _LIST_SEP.match(text, end)
        if not sep or sep.end() == end:
            break
        nxt = rx.match(text, sep.end())
        if not nxt:
            break
        # "Điều 4, 5" lists need a plural or a conjunction to be a list: "khoản 2, Điều 5" is not.
        sep_text = sep.group()
        if not plural and "," in sep_text and "và" not in sep_text and "hoặc" not in sep_text \
                and "đến" not in sep_text and len(nums) == 1 and kind != "point":
            break
        nums.append((nxt.group().rstrip(")"), sep.end()))
        end = nxt.end()
    return nums, end


def _line_starts(text: str) -> list[int]:
    starts = [0]
    idx = text.find("\n")
    while idx >= 0:
        starts.append(idx + 1)
        idx = text.find("\n", idx + 1)
    return starts


def find_references(text: str, line: int = 1, column: int = 1) -> list[Reference]:
    """Every reference in `text`; `line`/`column` give the position of text[0] in its file.

    Lines after the first start at column 1. Lower-case "điều này" is prose ("this matter"),
    not a reference; "Điều này" is.
    """
    return _find(text, line, column, fast=True)


def _find(text: str, line: int, column: int, fast: bool) -> list[Reference]:
    """find_references; `fast` reads the plain "khoản 2 Điều 5 Quy chế này" with one regex
    (tests check it gives what the general reader gives)."""
    first = _KEYWORD_FAST.search(text)
    if first is None:
        return []
    starts = _line_starts(text) if "\n" in text else [0]

    def where(offset: int) -> tuple[int, int]:
        if len(starts) == 1:
            return line, column + offset
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return line + lo, (column if lo == 0 else 1) + offset - starts[lo]

    out: list[Reference] = []
    pos = first.start()
    n = len(text)
    while pos < n:
        m = _KEYWORD_FAST.search(text, pos)
        if not m:
            break
        start = m.start()
        if text[start : m.end() - 1] not in _KEYWORDS or (
                start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_")):
            pos = m.end()  # "kiểm tra", "phương án": a word that merely ends like a keyword
            continue
        many = _MANY_BEFORE.search(text, max(0, start - 5), start)
        if many and (many.start() == 0 or not text[many.start() - 1].isalnum()):
            start = many.start()
        elif fast:
            simple = _simple_reference(text, start, where)
            if simple is not None:
                out.append(simple[0])
                pos = simple[1]
                continue
        group = _read_group(text, start, where)
        if group is None:
            pos = m.end()
            continue
        chains, end = group
        # Qualifier after the group: "của Quy chế này", "Luật Đất đai", "Điều lệ Đảng".
        document = kind = None
        own = True
        dm = _DOC_RE.match(text, end)
        if dm and dm.group("lkind"):
            kind = dm.group("lkind")
            document = f"{kind} {THIS}"
            end = dm.end()
        elif dm and dm.group("kind"):
            kind = dm.group("kind").lower()
            rest = dm.group("rest").strip()
            tail = text[dm.end() :]
            if rest == THIS:
                document = f"{dm.group('kind')} {THIS}"
                end = dm.end()
            else:
                own = False
                name_end = _name_end(tail)
                document = (dm.group("kind") + tail[:name_end]).strip()
                end = dm.end() + name_end
        elif _OTHER_DOC_AFTER.match(text, end):
            own = False
            document = "(văn bản khác)"
        sl, sc = where(start)
        el, ec = where(end)
        span = Span(sl, sc, el, ec)
        expr = text[start:end]
        for chain in chains:
            for parts in _expand(chain.parts):
                out.append(Reference(
                    parts=tuple(parts), span=span, text=expr, document=document,
                    document_kind=kind, self_document=own, comma_in_chain=chain.comma,
                    capitalised=tuple(chain.caps),
                ))
        pos = max(end, m.end())
    return out


_OTHER_DOC_AFTER: Final = re.compile(r"\s*(?:của|Bộ|Luật)\s+(?:[A-ZĐ][\w]*|luật|bộ luật|văn bản)")

def _embedded(rx: re.Pattern[str]) -> str:
    """The pattern of `rx` with its groups unnamed, to be embedded in another pattern."""
    return re.sub(r"\(\?P<\w+>", "(?:", rx.pattern)


_SIMPLE: Final = re.compile(
    # The chain, taken as a whole the way a plain match takes it (atomic: no other reading of
    # it is tried when a check below fails).
    r"(?>(?:điểm (?P<pn>[a-zđ]) )?(?:khoản (?P<kn>\d{1,3}) )?Điều (?P<an>" + _NUM["article"] + r"|này(?!\w))"
    # not the first item of a list of articles ("Điều 4, 5")
    r"(?!(?>" + _embedded(_LIST_SEP) + ")" + _NUM["article"] + ")"
    r"(?: (?:của )?(?P<doc>" + "|".join(sorted((re.escape(k) for k in DOCUMENT_KINDS), key=len, reverse=True))
    + r") này(?!\w))?)"
    # nothing continues it: no further level or chain ("… Điều 5 và khoản 2 Điều 6") …
    + r"(?!(?:(?>" + _embedded(_CHAIN_GAP) + ")|(?>" + _embedded(_GROUP_SEP) + "))" + _embedded(_KEYWORD_RE) + ")"
    # … and, unless "… Quy chế này" closed it, no other document is named after it.
    + r"(?(doc)|(?!" + _embedded(_DOC_RE) + ")(?!" + _embedded(_OTHER_DOC_AFTER) + "))"
)
"""The common case: one chain of lower-case levels up to "Điều", maybe "… Quy chế này", that
nothing continues. The checks of the general reader are look-aheads here, so one match says it
(each `(?>…)` takes its part's first match, as a separate `match` call would)."""
_SIMPLE_LEVELS: Final[tuple[tuple[str, RefKind], ...]] = (("pn", "point"), ("kn", "clause"), ("an", "article"))


def _simple_reference(text: str, start: int, where: _Where) -> tuple[Reference, int] | None:
    """The reference at `start` when it is a plain chain that nothing continues; else None
    (the general reader takes over: lists, commas, capitals, other documents)."""
    m = _SIMPLE.match(text, start)
    if m is None:
        return None
    if m.group("an") == THIS and _prose_before(text, m.start("an") - len("Điều ")):
        return None
    end = m.end()
    parts = []
    for group, kind in _SIMPLE_LEVELS:
        number = m.group(group)
        if number is not None:
            ln, col = where(m.start(group))
            parts.append(RefPart(kind, number, ln, col))
    sl, sc = where(start)
    el, ec = where(end)
    doc = m.group("doc")
    ref = Reference(
        tuple(parts), Span(sl, sc, el, ec), text[start:end],
        f"{doc} {THIS}" if doc else None, doc.lower() if doc else None,
    )
    return ref, end


def _name_end(tail: str) -> int:
    """How far the name of another document runs: to the next punctuation or clause word."""
    m = re.search(r"[,;.:()“”\"]|\s(?:và|hoặc|thì|được|phải|quy định|để|khi|theo)(?=\s|$)", tail)
    end = m.start() if m else len(tail)
    return min(end, 120)


def _expand(levels: list[list[RefPart]]) -> list[list[RefPart]]:
    """[[k1, k4, k5], [Đ39]] → [[k1, Đ39], [k4, Đ39], [k5, Đ39]] (lists only at one level)."""
    out: list[list[RefPart]] = [[]]
    for options in levels:
        out = [[*prefix, opt] for prefix in out for opt in options]
    return out


def _read_chain(text: str, start: int, where: _Where) -> _Chain | None:
    """One chain "điểm a khoản 1 Điều 3" starting at a keyword at `start`."""
    levels: list[list[RefPart]] = []
    pos = start
    comma = False
    caps: list[str] = []
    last_rank = -1
    chain_end = start
    while True:
        m = _KEYWORD_RE.match(text, pos)
        if not m:
            break
        kw = m.group("kw")
        kind = _KEYWORDS.get(kw)
        if kind is None:
            break
        rank = _RANK[kind]
        if rank <= last_rank:
            break
        # prose, not references: lower-case "điều này", "chương này" mean "this matter"
        plural = bool(m.group("many"))
        nums = _read_numbers(text, m.end(), kind, plural)
        if nums is None:
            break
        values, end = nums
        if values[0][0] == THIS and (kw in ("điều", "chương") or _prose_before(text, m.start())):
            break
        if kw[0].isupper() and kind in ("point", "clause") and not kw.isupper() \
                and not _sentence_start(text, m.start()):
            caps.append(kw)
        parts = []
        for value, off in values:
            ln, col = where(off)
            parts.append(RefPart(kind, value, ln, col))
        levels.append(parts)
        last_rank = rank
        chain_end = end
        gap = _CHAIN_GAP.match(text, end)
        if not gap:
            break
        nxt = _KEYWORD_RE.match(text, gap.end())
        if not nxt or nxt.group("many"):
            break
        nkind = _KEYWORDS.get(nxt.group("kw"))
        if nkind is None or _RANK[nkind] <= rank:
            break
        if gap.group("comma"):
            comma = True
        pos = gap.end()
    if not levels:
        return None
    return _Chain(levels, start, chain_end, comma, caps)


def _read_group(text: str, start: int, where: _Where) -> tuple[list[_Chain], int] | None:
    """Chains joined by ", " / "và": "Điều 4, Điều 5", "khoản 1 và khoản 2 Điều 5"."""
    first = _read_chain(text, start, where)
    if first is None:
        return None
    chains = [first]
    end = first.end
    while True:
        sep = _GROUP_SEP.match(text, end)
        if not sep:
            break
        if not _KEYWORD_RE.match(text, sep.end()):
            break
        nxt = _read_chain(text, sep.end(), where)
        if nxt is None:
            break
        chains.append(nxt)
        end = nxt.end
    # A chain without its outer levels borrows them from the next chain of the group whose
    # innermost level is of the same kind: "khoản 1 và khoản 2 Điều 5" → both in Điều 5.
    for i in range(len(chains) - 2, -1, -1):
        cur, nxt_chain = chains[i], chains[i + 1]
        top = cur.parts[-1][0].kind
        kinds = [level[0].kind for level in nxt_chain.parts]
        if top in kinds:
            cur.parts = cur.parts + nxt_chain.parts[kinds.index(top) + 1 :]
    return chains, end
