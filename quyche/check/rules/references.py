"""QC2xx: cross-references ("khoản 2 Điều 5 Quy chế này") must point at something that exists."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Final

from quyche.check.finding import Severity
from quyche.check.index import DocIndex, Place, get_index, line_starts, lines_of
from quyche.check.registry import CheckContext, Report, rule
from quyche.model.document import Clause, Paragraph, Point, Regulation, Unit
from quyche.model.span import Span
from quyche.parse.references import Reference, find_references

_AMENDING: Final = re.compile(r"(?i)(sửa đổi|bổ sung|bãi bỏ|thay thế|thay cụm từ)")
_SELF_NAMES: Final = ("Bộ luật", "Luật", "Quy chế", "Quy định", "Nghị định", "Điều lệ", "Hướng dẫn", "Thông tư",
                      "Chỉ thị", "Quyết định")
_SELF_NAME_BEFORE: Final = re.compile(
    "(" + "|".join(rf"{name[0]}(?<!\w{name[0]}){re.escape(name[1:])}" for name in _SELF_NAMES) + r") này(?!\w)"
)
"""Searched in the few characters before each " này" of the text. "Quyết định này" counts only
inside a document attached to a decision: elsewhere it may name a decision just mentioned.
Each name's first letter comes before the test that no letter precedes it, so the regex engine
stops only at those letters."""


_MARKER_START: Final = re.compile(r"(?:#|[-+•>]\s|\d{1,3}(?:\.\d{1,3})*[.\-]\s|[a-zđ]\)\s|(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC)\s+\S+[.:]?\s*$|<!--)")


_HEADING_PREFIX: Final = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]+)?(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC)[ \t]+[\dIVXLC]+[a-zđ]?[ \t]*[.:\-–]?[ \t]*"
)
_DIGITS = "0123456789"
_LETTERS = "abcdđeghiklmnopqrstuvxy"
_KEYWORDS: Final = (
    ("iều ", (("Điều ", _DIGITS + "n"), ("điều ", _DIGITS))),
    ("hoản ", (("khoản ", _DIGITS + "n"), ("Khoản ", _DIGITS + "n"))),
    ("iểm ", (("điểm ", _LETTERS), ("Điểm ", _LETTERS))),
    ("hương ", (("Chương ", "IVXLCn"), ("chương ", "IVXLCn"))),
    ("IỀU ", (("ĐIỀU ", _DIGITS),)),
    ("HOẢN ", (("KHOẢN ", _DIGITS),)),
    ("HƯƠNG ", (("CHƯƠNG ", "IVXLC"),)),
)
"""Per cheap tail test, the keywords and the characters that may follow them in a reference."""


def _at_heading(text: str, i: int) -> bool:
    """Is the keyword at `i` the start of a heading line ("## Điều 5.", "Chương II")?"""
    k = i - 1
    while k >= 0 and text[k] in " \t#":
        k -= 1
    if k >= 0 and text[k] != "\n":
        return False
    m = _HEADING_PREFIX.match(text, k + 1)
    if m is None:
        return False
    end = m.end()
    return end >= len(text) or text[end - 1] in ".:-– \t" or text[end] == "\n"


_FOLLOW: Final = {word.strip(): follow for _tail, words in _KEYWORDS for word, follow in words}
_CANDIDATES: Final = tuple(
    (next(c for c in tail if not c.isascii()),
     re.compile(re.escape(tail) + "(?=[" + "".join(sorted({c for _word, follow in words for c in follow})) + "])"))
    for tail, words in _KEYWORDS
)
"""Per keyword tail: a letter it holds ("ề" of "iều "), and the tail before a character that may
follow its keywords ("iều 5", "hoản n", "hương I"). A pattern that opens with fixed text is
searched as fast as str.find; one pattern for all the keywords opens with a character class
("[ĐđKkCc]…") and stopped at every "c", "k", "đ" of the text, twice as slow. The letter is looked
for first (str's `in` for one character is faster still): "IỀU " is rarely there to search for."""


def _candidate_lines(ctx: CheckContext, first: int) -> list[int]:
    """Lines holding a reference keyword followed by what a reference needs (a number, a
    letter, "này"), in order."""
    text = ctx.source.text
    starts = line_starts(ctx)
    found: set[int] = set()
    for letter, pattern in _CANDIDATES:
        if letter not in text:
            continue
        for m in pattern.finditer(text, 1):  # the keyword's first letter stands before its tail
            i, j = m.start() - 1, m.end()
            follow = _FOLLOW.get(text[i : j - 1])
            if follow is None or text[j] not in follow:
                continue  # "Kiều 5", "kiểm tra": a word that merely ends like a keyword
            if i > 0 and text[i - 1].isalnum():
                continue
            line = bisect.bisect_right(starts, i)
            if line in found or line < first or not ctx.covers(line) or _at_heading(text, i):
                continue
            found.add(line)
    return sorted(found)


@dataclass(slots=True)
class _Found:
    ref: Reference
    place: Place
    line: int


def _references(doc: Regulation, ctx: CheckContext) -> list[_Found]:
    """Every reference in the document's own text, with the units around it (cached)."""
    cached = ctx.extra.get("references")
    if isinstance(cached, list):
        return cached
    index = get_index(doc, ctx)
    out: list[_Found] = []
    lines = lines_of(ctx)
    comment_lines = {c.line for c in doc.comments}
    spill_line, spill_col = 0, 0  # a reference wrapped onto this line was already read
    n = len(lines)
    for lineno in _candidate_lines(ctx, doc.body_line):
        text = lines[lineno - 1]
        if lineno in index.skip_lines or lineno in comment_lines:
            continue
        offset = 0
        head = _HEADING_PREFIX.match(text)
        if head:  # "## Điều 5. Title": the heading names the article, it does not refer to it
            offset = head.end()
        # Hard-wrapped text: read the start of the next line too, so "… khoản 1 và khoản 2" /
        # "Điều 54 của Luật này" stays one reference.
        joined = text[offset:]
        nxt = lines[lineno] if lineno < n else ""
        if nxt.strip() and not _MARKER_START.match(nxt.lstrip()) and lineno + 1 not in index.skip_lines:
            joined = joined + "\n" + nxt[:160]
        refs = find_references(joined, lineno, offset + 1)
        if not refs:
            continue
        place = index.place(lineno)
        for r in refs:
            if r.span.line != lineno:
                continue
            if lineno == spill_line and r.span.column < spill_col:
                continue
            out.append(_Found(r, place, lineno))
            if r.span.end_line > lineno:
                spill_line, spill_col = r.span.end_line, r.span.end_column
    ctx.extra["references"] = out
    return out


def _is_amending(unit: Unit | None) -> bool:
    """An article or clause that amends another text: its references point into that text."""
    if unit is None:
        return False
    head = unit.title or unit.text
    if not head and unit.children:
        first = unit.children[0]
        head = getattr(first, "text", "") or getattr(first, "title", "")
    return bool(_AMENDING.search(head[:200])) and (" của " in head or "Luật" in head or "như sau" in head)


def _resolve(found: _Found, index: DocIndex) -> str | None:
    """None when the reference resolves; else what is missing, in Vietnamese."""
    ref, place = found.ref, found.place
    block = place.block
    art_part = ref.part("article")
    clause_part = ref.part("clause")
    point_part = ref.part("point")
    chapter_part = ref.part("chapter")
    if chapter_part is not None and art_part is None:
        if chapter_part.relative:
            return None  # outside a chapter "Chương này" is prose ("this chapter" of another text)
        if not any(ch.number.upper() == chapter_part.number for ch in index.chapters):
            return f"văn bản không có Chương {chapter_part.number}"
        return None
    article: Unit | None
    if art_part is not None:
        if art_part.relative:
            article = place.article
            if article is None:
                return None  # "Điều này cho thấy …" outside an article is prose, not a reference
        else:
            if block is None:
                return f"văn bản không có Điều {art_part.number}"
            article = block.by_number.get(art_part.number.lower())
            if article is None:
                return f"văn bản không có Điều {art_part.number}"
    else:
        article = place.article
        if article is None:
            return None  # "khoản 2" outside any article: nothing to resolve against
    clause: Unit | None = None
    if clause_part is not None:
        if clause_part.relative:
            clause = place.clause
            if clause is None:
                return None  # "các khoản này" (these sums) outside a clause: prose
        else:
            found_clause = _child(article, Clause, clause_part.number, index)
            clause = found_clause if isinstance(found_clause, Unit) else None
            if clause is None:
                return f"{article.label} không có khoản {clause_part.number}"
    if point_part is not None:
        if point_part.relative:
            return None
        holder = clause if clause is not None else (place.clause if art_part is None else article)
        if holder is None:
            holder = article
        if _child(holder, Point, point_part.number, index) is None \
                and _child(holder, Paragraph, point_part.number, index) is None:
            where = f"khoản {holder.number} {article.label}" if isinstance(holder, Clause) else article.label
            return f"{where} không có điểm {point_part.number}"
    return None


def _retry_with_later(found: _Found, found_list: list[_Found], i: int, index: DocIndex) -> str | None:
    """"điểm c và trường hợp … các điểm d, đ khoản 1 Điều 217": a bare "điểm c" shares the
    outer levels of a later reference in the same sentence. None when that makes it resolve."""
    ref = found.ref
    top = ref.parts[-1]
    first = _resolve(found, index)
    for later in found_list[i + 1 : i + 12]:
        if later.line != found.line and later.line != found.ref.span.end_line:
            break
        kinds = [p.kind for p in later.ref.parts]
        if top.kind not in kinds or later.ref.part("article") is None:
            continue
        parts = ref.parts + later.ref.parts[kinds.index(top.kind) + 1 :]
        retry = _Found(replace(ref, parts=parts, document=later.ref.document,
                               self_document=later.ref.self_document), found.place, found.line)
        if not retry.ref.self_document or _resolve(retry, index) is None:
            return None
        break
    return first


def _child(unit: Unit, cls: type[Unit] | type[Paragraph], number: str, index: DocIndex) -> Unit | Paragraph | None:
    """The clause or point `number` under `unit` (looking through items and other wrappers).

    `cls` Paragraph: points written "e." instead of "e)" stay paragraphs, and a reference to
    them still holds. Each unit's table is built once per document (DocIndex.numbered).
    """
    key = (id(unit), cls)
    table = index.numbered.get(key)
    if table is None:
        table = index.numbered[key] = {}
        if cls is Paragraph:
            for c in unit.children:
                if isinstance(c, Paragraph):
                    for sep in ".)":
                        k = c.text.find(sep, 0, 8)
                        if k > 0:
                            table.setdefault(c.text[:k], c)  # type: ignore[arg-type]
        else:
            stack = list(unit.children)  # the same order the one-off scan used
            while stack:
                node = stack.pop()
                if isinstance(node, Unit) and isinstance(node, cls):
                    table.setdefault(node.number, node)
                elif isinstance(node, Unit) and not isinstance(node, (Clause, Point)):
                    stack.extend(node.children)
    return table.get(number)


def _once_per_place(doc: Regulation, ctx: CheckContext, wanted: Callable[[Reference], bool]) -> Iterator[_Found]:
    """The references `wanted` picks, one per place: a list ("khoản 1, 2 Điều 5") expands into
    several references that share a span, and the writing fault is reported once."""
    seen: set[tuple[int, int]] = set()
    for found in _references(doc, ctx):
        key = (found.ref.span.line, found.ref.span.column)
        if key not in seen and wanted(found.ref):
            seen.add(key)
            yield found


MAX_QUOTE_CHARS: Final = 120
"""Longest reference quoted in a message: a list of 1,000 references is one reference text,
and quoting all of it in each of its 1,000 findings made the output quadratic."""


def _flat(text: str) -> str:
    """The reference as one line, cut at MAX_QUOTE_CHARS with "…"."""
    flat = " ".join(text[: MAX_QUOTE_CHARS * 2].split())
    return flat if len(flat) <= MAX_QUOTE_CHARS and len(text) <= MAX_QUOTE_CHARS * 2 else flat[:MAX_QUOTE_CHARS] + "…"


def _span(found: _Found) -> Span:
    first = found.ref.parts[0]
    return Span(found.ref.span.line, found.ref.span.column, found.ref.span.end_line, found.ref.span.end_column) \
        if first.line != found.ref.span.line else Span(first.line, found.ref.span.column, first.line,
                                                        found.ref.span.end_column)


@rule("QC201", "unresolved-reference", Severity.ERROR)
def unresolved_reference(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Dẫn chiếu đến điều, khoản, điểm, chương không có trong văn bản.

    ### Vì sao
    "khoản 3 Điều 5 Quy chế này" phải chỉ đến một khoản có thật. Sau mỗi lần thêm, bớt, đánh
    lại số điều, các dẫn chiếu cũ thường bị sai. Dẫn chiếu không ghi tên văn bản hoặc ghi
    "… Quy chế này" được dò trong chính văn bản; "khoản này", "Điều này" tính theo khoản, điều
    chứa nó. Dẫn chiếu đến văn bản khác ("Điều 12 của Luật Tổ chức …", "Điều lệ Đảng") không
    được dò.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    1. Quy chế này quy định chế độ làm việc.

    2. Việc sửa đổi Quy chế thực hiện theo khoản 3 Điều 2 Quy chế này.

    ## Điều 2. Sửa đổi Quy chế

    1. Ban Chấp hành quyết định việc sửa đổi, bổ sung Quy chế.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    1. Quy chế này quy định chế độ làm việc.

    2. Việc sửa đổi Quy chế thực hiện theo khoản 1 Điều 2 Quy chế này.

    ## Điều 2. Sửa đổi Quy chế

    1. Ban Chấp hành quyết định việc sửa đổi, bổ sung Quy chế.
    ```
    """
    index = get_index(doc, ctx)
    found_list = _references(doc, ctx)
    for i, found in enumerate(found_list):
        ref = found.ref
        if not ref.self_document:
            continue
        if ref.document is None and (_is_amending(found.place.article) or _is_amending(found.place.clause)):
            continue  # "Sửa đổi khoản 2 Điều 50 như sau" points into the amended law
        problem = _resolve(found, index)
        if problem and ref.part("article") is None:
            problem = _retry_with_later(found, found_list, i, index)
        if problem:
            yield Report(_span(found), f"Dẫn chiếu \"{_flat(ref.text)}\" không trỏ đến đâu: {problem}.",
                         "Hãy sửa số điều, khoản, điểm cho đúng; nếu đây là dẫn chiếu đến văn bản khác, "
                         "hãy ghi rõ tên văn bản đó (\"… của Luật …\").")


def _document_kind(doc: Regulation, index: DocIndex, line: int) -> str | None:
    place = index.place(line)
    if place.block is not None:
        return place.block.kind
    return None


@rule("QC202", "wrong-self-reference", Severity.ERROR)
def wrong_self_reference(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Văn bản tự gọi mình sai loại ("Quy định này" trong một quy chế).

    ### Vì sao
    Khi soạn quy chế dựa trên một quy định (hoặc ngược lại), cụm "Quy định này" hay bị giữ
    nguyên. Loại văn bản lấy từ khóa `kind` của phần thông tin đầu văn bản, nếu không có thì
    từ dòng tên loại văn bản (QUY CHẾ, QUY ĐỊNH …) trước điều đầu tiên. Tệp có quyết định và
    quy chế ban hành kèm theo được xét từng văn bản: "Quyết định này" đúng trong quyết định và
    sai trong quy chế kèm theo, "Quy chế này" ngược lại.

    ### Sai
    ```markdown
    ---
    kind: quy chế
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy định này quy định chế độ làm việc của Ban Chấp hành.
    ```

    ### Đúng
    ```markdown
    ---
    kind: quy chế
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc của Ban Chấp hành.
    ```
    """
    index = get_index(doc, ctx)
    text = ctx.source.text
    starts = line_starts(ctx)
    comment_lines = {c.line for c in doc.comments}
    i = text.find(" này")
    while i >= 0:
        m = _SELF_NAME_BEFORE.search(text, max(0, i - 12), i + 4)
        lineno = bisect.bisect_right(starts, i)
        if m and lineno >= doc.body_line and ctx.covers(lineno) and lineno not in index.skip_lines \
                and lineno not in comment_lines:
            kind = _document_kind(doc, index, lineno)
            named = m.group(1).lower()
            if named == "quyết định" and not doc.attached:
                pass
            elif kind is not None and named != kind and not (kind == "bộ luật" and named == "luật"):
                col = m.start() - starts[lineno - 1] + 1
                yield Report(Span(lineno, col, lineno, col + len(m.group())),
                             f"Văn bản là {kind} nhưng tự gọi là \"{m.group()}\".",
                             f"Hãy sửa thành \"{kind[:1].upper() + kind[1:]} này\".")
        i = text.find(" này", i + 4)


@rule("QC203", "reference-comma", Severity.WARNING)
def reference_comma(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Dấu phẩy chen giữa các bậc của một dẫn chiếu ("khoản 2, Điều 5").

    ### Vì sao
    "khoản 2, Điều 5" đọc thành hai thứ: khoản 2 (của điều đang đọc) và Điều 5. Viết liền
    "khoản 2 Điều 5" như Luật Ban hành văn bản quy phạm pháp luật và Hướng dẫn 36-HD/VPTW.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    1. Quy chế này quy định chế độ làm việc.

    2. Thực hiện theo khoản 1, Điều 1 Quy chế này.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    1. Quy chế này quy định chế độ làm việc.

    2. Thực hiện theo khoản 1 Điều 1 Quy chế này.
    ```
    """
    for found in _once_per_place(doc, ctx, lambda ref: ref.comma_in_chain):
        ref = found.ref
        yield Report(_span(found), f"Dẫn chiếu \"{_flat(ref.text)}\" có dấu phẩy giữa các bậc.",
                     f"Hãy viết liền, không dấu phẩy: \"{_flat(ref.text).replace(', ', ' ')}\".")


@rule("QC204", "reference-capitalised", Severity.WARNING)
def reference_capitalised(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """"Khoản", "Điểm" viết hoa giữa câu.

    ### Vì sao
    Trong dẫn chiếu, "khoản" và "điểm" viết thường ("theo khoản 2 Điều 5"); chỉ "Điều",
    "Chương", "Mục", "Phần" viết hoa.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    1. Quy chế này quy định chế độ làm việc.

    2. Thực hiện theo Khoản 1 Điều 1 Quy chế này.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    1. Quy chế này quy định chế độ làm việc.

    2. Thực hiện theo khoản 1 Điều 1 Quy chế này.
    ```
    """
    for found in _once_per_place(doc, ctx, lambda ref: bool(ref.capitalised)):
        ref = found.ref
        words = ", ".join(f"\"{w}\"" for w in ref.capitalised)
        yield Report(_span(found), f"Viết hoa {words} giữa câu trong dẫn chiếu \"{_flat(ref.text)}\".",
                     "Hãy viết thường: \"khoản\", \"điểm\".")



def own_references(doc: Regulation, ctx: CheckContext) -> list[tuple[Reference, Place]]:
    """The references into the document itself, with the units around each, as QC201 reads
    them: references to other texts and those of an amending article ("Sửa đổi khoản 2
    Điều 50 như sau", which point into the amended law) left out. `renumber` rewrites these
    and the stale-reference rule compares them between versions."""
    out: list[tuple[Reference, Place]] = []
    for found in _references(doc, ctx):
        ref = found.ref
        if not ref.self_document:
            continue
        if ref.document is None and (_is_amending(found.place.article) or _is_amending(found.place.clause)):
            continue
        out.append((ref, found.place))
    return out
