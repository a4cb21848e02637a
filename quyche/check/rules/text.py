"""QC4xx: the characters themselves: Unicode form, look-alikes, legacy fonts, quotes, spaces.

Each rule first asks a cheap question of the whole text (`str.isascii()`, `in`) and scans line
by line only when the answer is yes, the way ruff's RUF001 returns early on ASCII text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from typing import Final

from quyche.check.finding import Severity
from quyche.check.index import line_starts, lines_of
from quyche.check.registry import CheckContext, Report, rule
from quyche.model.document import Regulation
from quyche.model.span import Span

_RARE: Final = re.compile("[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db-\u00df"
                           "\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb-\u00ff\u0189\u0256\u0400-\u04ff]")
"""Characters Vietnamese text never needs: Latin-1 symbols and letters outside Vietnamese,
African D, Cyrillic. One search over the text tells QC402 and QC403 whether to look closer."""


def _has_rare(ctx: CheckContext) -> bool:
    cached = ctx.extra.get("rare_chars")
    if not isinstance(cached, bool):
        text = ctx.source.text
        cached = not text.isascii() and _RARE.search(text) is not None
        ctx.extra["rare_chars"] = cached
    return cached


def _pos(ctx: CheckContext, offset: int) -> tuple[int, int]:
    starts = line_starts(ctx)
    i = bisect.bisect_right(starts, offset) - 1
    return i + 1, offset - starts[i] + 1


@rule("QC401", "not-nfc", Severity.ERROR)
def not_nfc(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Chữ tiếng Việt không ở dạng Unicode dựng sẵn (NFC).

    ### Vì sao
    Cùng một chữ "ệ" có thể lưu thành một ký tự (dựng sẵn, NFC) hoặc chữ "e" cộng các dấu rời
    (tổ hợp, NFD, hay gặp khi chép từ macOS hoặc một số bộ gõ). Hai cách trông giống hệt nhau
    nhưng tìm kiếm, so sánh, sắp xếp đều coi là khác nhau. quyche đọc văn bản ở dạng NFC; dòng
    bị báo cần lưu lại ở dạng dựng sẵn (`quyche fmt` làm việc này).

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chê\u0301 độ làm việc.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    original, text = ctx.source.original, ctx.source.text
    if original is text or original == text:
        return
    olines = original.split("\n")
    nlines = text.split("\n")
    for i, (a, b) in enumerate(zip(olines, nlines, strict=False)):
        if a == b:
            continue
        col = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        yield Report(Span(i + 1, col + 1), "Dòng có chữ viết ở dạng Unicode tổ hợp (NFD), không phải dạng dựng sẵn (NFC).",
                     "Hãy chạy `quyche fmt` cho tệp này, hoặc lưu lại bằng bộ gõ Unicode dựng sẵn.")


_LOOKALIKES: Final = {
    "\u00d0": ("Ð", "Đ (U+0110)", "chữ Eth của tiếng Iceland (U+00D0)"),
    "\u00f0": ("ð", "đ (U+0111)", "chữ eth của tiếng Iceland (U+00F0)"),
    "\u0189": ("Ɖ", "Đ (U+0110)", "chữ D châu Phi (U+0189)"),
    "\u0256": ("ɖ", "đ (U+0111)", "chữ d châu Phi (U+0256)"),
}
_LOOKALIKE_RE: Final = re.compile("[" + "".join(_LOOKALIKES) + "]")
_CYRILLIC: Final = re.compile("[\u0400-\u04ff]")
_CYRILLIC_IN_LATIN: Final = re.compile(r"(?<=[A-Za-zÀ-ỹ])[\u0400-\u04ff]|[\u0400-\u04ff](?=[A-Za-zÀ-ỹ])")


@rule("QC402", "lookalike-letter", Severity.ERROR)
def lookalike_letter(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Chữ trông giống chữ tiếng Việt nhưng là ký tự khác (Ð thay cho Đ).

    ### Vì sao
    "Ð" (U+00D0, chữ của tiếng Iceland) trông y hệt "Đ" (U+0110) nhưng là ký tự khác: tìm
    "Đảng" sẽ không thấy "Ðảng", kiểm tra chính tả và sắp xếp đều sai. Lỗi này hay đến từ
    bảng mã cũ hoặc từ bộ gõ. Chữ Kirin chen giữa chữ Latinh cũng bị báo.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc của \u00d0ảng ủy.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc của Đảng ủy.
    ```
    """
    text = ctx.source.text
    if not _has_rare(ctx):
        return
    for m in _LOOKALIKE_RE.finditer(text):
        line, col = _pos(ctx, m.start())
        char, right, what = _LOOKALIKES[m.group()]
        yield Report(Span(line, col, line, col + 1), f"Ký tự \"{char}\" là {what}, không phải chữ {right} của tiếng Việt.",
                     f"Hãy gõ lại bằng chữ {right}.")
    if not _CYRILLIC.search(text):
        return
    for m in _CYRILLIC_IN_LATIN.finditer(text):
        line, col = _pos(ctx, m.start())
        yield Report(Span(line, col, line, col + 1), f"Chữ Kirin \"{m.group()}\" (U+{ord(m.group()):04X}) lẫn trong chữ Latinh.",
                     "Hãy gõ lại chữ này bằng bộ gõ tiếng Việt.")


_LEGACY_CHARS: Final = "§¶µ¸¹¨®¬©¤\u00ad¦¡¢¤¥ª¯´¿ÄÅÆÇËÎÏÑÖØÛÜÞßäåæçëîïñöøûüþÿ"
"""Latin-1 characters that Vietnamese Unicode text never uses but TCVN3 (ABC) and VNI fonts
put in place of Vietnamese letters: "§¶ng" is "Đảng" in .VnTime, "Uû ban" is "Ủy ban" in VNI."""
_LEGACY_RE: Final = re.compile("[" + _LEGACY_CHARS + "]")
_WORD_END: Final = re.compile(r"[\s.,;:!?()“”\"]|$")


@rule("QC403", "legacy-encoding", Severity.ERROR)
def legacy_encoding(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Chữ bị lỗi phông do dán từ văn bản gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI.

    ### Vì sao
    Văn bản gõ bằng phông .VnTime (TCVN3) hay VNI-Times khi dán sang Unicode thành chuỗi ký tự
    lạ: "§¶ng" (Đảng), "Uû ban" (Ủy ban), "Ñieàu" (Điều). Người đọc và máy đều không đọc được.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc của Ban Chấp hành §¶ng bộ.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc của Ban Chấp hành Đảng bộ.
    ```
    """
    text = ctx.source.text
    if not _has_rare(ctx):
        return
    last_line = 0
    for m in _LEGACY_RE.finditer(text):
        lo = m.start()
        while lo > 0 and not text[lo - 1].isspace() and m.start() - lo < 30:
            lo -= 1
        end = _WORD_END.search(text, m.end())
        hi = end.start() if end else len(text)
        word = text[lo:hi]
        if not any(c.isalpha() and c not in _LEGACY_CHARS for c in word):
            continue  # "§ 3", a lone symbol: not a word in a legacy font
        if not _legacy_word(word):
            continue  # "Müller": a foreign name, not a mark glued to a vowel
        line, col = _pos(ctx, lo)
        if line == last_line:
            continue
        last_line = line
        yield Report(Span(line, col, line, col + len(word)),
                     f"Chữ \"{word}\" có vẻ là văn bản bảng mã cũ (TCVN3/ABC hoặc VNI) bị lỗi phông.",
                     "Hãy chuyển đoạn này sang Unicode (Unikey: Công cụ chuyển mã, hoặc `quyche import`) rồi dán lại.")


_LEGACY_LETTERS: Final = frozenset("ÄÅÆÇËÎÏÖØÛÜÞßäåæçëîïöøûüþÿ")
_VOWELS: Final = frozenset("aeiouyAEIOUYâêôÂÊÔ")


def _legacy_word(word: str) -> bool:
    """TCVN3 puts symbols inside words ("§¶ng"); VNI puts a mark letter after a vowel ("Uû",
    "Vieät") and writes Đ as Ñ. A foreign letter after a consonant ("Müller") is neither."""
    for i, c in enumerate(word):
        if c in _LEGACY_CHARS and c not in _LEGACY_LETTERS and c not in "Ññ":
            return True
        if c in "Ññ":
            return True
        if c in _LEGACY_LETTERS and i > 0 and word[i - 1] in _VOWELS:
            return True
    return False


# Open syllables ending in oa, oe, uy: "hoá/hóa", "khoẻ/khỏe", "thuỷ/thủy". After "q" the "u"
# belongs to the consonant ("quý"), so those have one spelling only.
_TONED = {"o": "òóỏõọ", "a": "àáảãạ", "e": "èéẻẽẹ", "u": "ùúủũụ", "y": "ỳýỷỹỵ"}
_ONSET: Final = re.compile(r"(?:[bcdđghklmnprstvx]|ch|gh|gi|kh|ng|ngh|nh|ph|th|tr)?", re.IGNORECASE)
_UP = {k: v + v.upper() for k, v in _TONED.items()}
_PAIR_RE: Final = re.compile(
    r"[oOuU" + _UP["o"] + _UP["u"] + r"]"
    r"(?:(?<=[oO])[" + _UP["a"] + _UP["e"] + r"]|(?<=[uU])[" + _UP["y"] + r"]"
    r"|(?<=[" + _UP["o"] + r"])[aeAE]|(?<=[" + _UP["u"] + r"])[yY])(?!\w)"
)
"""An old ("oá", "uỷ") or a new ("óa", "ủy") placement at the end of a word: the first vowel,
then what may follow it. One character class first, so the regex engine skips ahead fast (an
alternation of classes has no such prefix and is tried at every character: 8 times slower on
the 517-article code). A plain first vowel means the old placement; the onset is checked after."""


_NEW_END: Final = re.compile("[" + _UP["o"] + _UP["u"] + r"][aeyAEY](?!\w)")
_OLD_ENDS: Final = tuple((vowel, re.compile(vowel + "[" + _UP["a"] + _UP["e"] + _UP["y"] + r"](?!\w)"))
                         for vowel in "oOuU")
"""Necessary conditions for a new / an old placement. The new one starts with a small character
class of rare letters, so the regex engine skips ahead quickly; the old one starts with "o" or
"u", frequent letters, and is searched once per vowel: a search that opens with a fixed character
runs about twice as fast as one that opens with a class, and "O", "U" are often absent."""


def _tone_words(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, word, is_old) for every open "oa", "oe", "uy" syllable with a tone mark."""
    for m in _PAIR_RE.finditer(text):
        start = m.start()
        lo = start
        while lo > 0 and start - lo < 4 and text[lo - 1].isalpha():
            lo -= 1
        if lo > 0 and text[lo - 1].isalnum():
            continue
        onset = text[lo:start]
        if not _ONSET.fullmatch(onset) or onset[:1] in ("q", "Q"):
            continue
        yield lo, text[lo : m.end()], text[start] in "oOuU"


@rule("QC404", "mixed-tone-placement", Severity.WARNING)
def mixed_tone_placement(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Văn bản dùng lẫn hai kiểu đặt dấu thanh ("hoá" và "hóa").

    ### Vì sao
    Với vần "oa", "oe", "uy" không có phụ âm cuối, có hai kiểu đặt dấu: kiểu cũ "hoá, khoẻ,
    thuỷ" và kiểu mới "hóa, khỏe, thủy". Kiểu nào cũng được, nhưng một văn bản chỉ dùng một
    kiểu; dùng lẫn thì tìm kiếm bỏ sót ("Văn hóa" không tìm thấy "văn hoá"). Quy tắc báo kiểu
    ít dùng hơn trong văn bản, kèm số lần đếm được.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định về công tác văn hóa, xã hội và chuyển đổi số; nhiệm vụ văn hoá cơ sở.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định về công tác văn hóa, xã hội và chuyển đổi số; nhiệm vụ văn hóa cơ sở.
    ```
    """
    text = ctx.source.text
    if text.isascii() or not _NEW_END.search(text) \
            or not any(vowel in text and old.search(text) for vowel, old in _OLD_ENDS):
        return
    old: list[tuple[int, str]] = []
    new: list[tuple[int, str]] = []
    for offset, word, is_old in _tone_words(text):
        (old if is_old else new).append((offset, word))
    if not old or not new:
        return
    minority, majority = (old, new) if len(old) <= len(new) else (new, old)
    style = "kiểu cũ" if minority is old else "kiểu mới"
    other = "kiểu mới" if minority is old else "kiểu cũ"
    sample = ", ".join(sorted({w.lower() for _, w in majority})[:3])
    for offset, word in minority:
        line, col = _pos(ctx, offset)
        fixed = _move_tone(word)
        yield Report(Span(line, col, line, col + len(word)),
                     f"\"{word}\" đặt dấu {style} ({len(minority)} từ), trong khi văn bản chủ yếu đặt dấu {other} "
                     f"({len(majority)} từ: {sample} …).",
                     f"Hãy viết \"{fixed}\" cho thống nhất trong cả văn bản.")


def _move_tone(word: str) -> str:
    """Move the tone mark to the other vowel of the final "oa", "oe", "uy" (both directions)."""
    import unicodedata

    marks = "\u0300\u0301\u0309\u0303\u0323"
    decomposed = unicodedata.normalize("NFD", word)
    tone = next((c for c in decomposed if c in marks), "")
    base = "".join(c for c in decomposed if c not in marks)
    if tone and decomposed.endswith(tone):  # old "hoá" → new "hóa"
        return unicodedata.normalize("NFC", base[:-1] + tone + base[-1:])
    return unicodedata.normalize("NFC", base + tone)  # new "hóa" → old "hoá"


_CODE_SPAN: Final = re.compile(r"`[^`]*`")


@rule("QC405", "straight-quotes", Severity.WARNING)
def straight_quotes(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Trích dẫn dùng dấu nháy thẳng " thay cho nháy kép “ ”.

    ### Vì sao
    Văn bản in dùng dấu ngoặc kép cong “…” cho trích dẫn và tên gọi. Dấu " thẳng là ký tự
    của máy đánh chữ; văn bản có cả hai kiểu trông không đồng nhất khi in. Chỉ phần thân văn
    bản được kiểm tra (phần thông tin đầu văn bản dùng " theo cú pháp YAML).

    ### Sai
    ```markdown
    ## Điều 1. Nguyên tắc làm việc

    Phân công nhiệm vụ theo tinh thần "5 rõ": rõ người, rõ việc.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Nguyên tắc làm việc

    Phân công nhiệm vụ theo tinh thần “5 rõ”: rõ người, rõ việc.
    ```
    """
    text = ctx.source.text
    if '"' not in text:
        return
    lines = lines_of(ctx)
    comment_lines = {c.line for c in doc.comments}
    for lineno in range(doc.body_line, len(lines) + 1):
        line = lines[lineno - 1]
        if '"' not in line or lineno in comment_lines:
            continue
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        col = line.find('"')
        if col < 0:
            continue
        yield Report(Span(lineno, col + 1, lineno, col + 2), "Dấu nháy thẳng \" dùng cho trích dẫn.",
                     "Hãy dùng dấu ngoặc kép “ ” (mở “ và đóng ”).")


_BLANK_BEFORE_NEWLINE: Final = re.compile("\n(?<=[ \t\u00a0]\n)")
"""A line that ends in a blank: one search that stops only at line ends (three `in` tests, one
per blank, each went over the whole text)."""
_TRAILING: Final = re.compile(r"[ \t\u00a0][ \t\u00a0]*$", re.MULTILINE)
"""Not "[ \t\u00a0]+$": a pattern that opens with a repeat is tried at every character."""


@rule("QC406", "double-space", Severity.WARNING)
def double_space(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Hai dấu cách liền nhau giữa các chữ.

    ### Vì sao
    Dấu cách thừa làm văn bản in ra lệch khoảng trắng và làm tìm kiếm cụm từ bỏ sót. Thụt lề
    đầu dòng (để lồng điểm trong khoản) không bị tính.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định  chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    text = ctx.source.text
    lines: Iterator[tuple[int, str]]
    if "\u00a0" in text:
        lines = enumerate(lines_of(ctx), 1)
    elif "  " in text:
        lines = _lines_with_inner_double_space(ctx)
    else:
        return
    for lineno, line in lines:
        if "  " not in line and "\u00a0" not in line:
            continue
        m = _DOUBLE_SPACE.search(line.strip(_BLANK))
        if m is None:
            continue
        col = len(line) - len(line.lstrip(_BLANK)) + m.start() + 1
        yield Report(Span(lineno, col, lineno, col + len(m.group())), f"Có {len(m.group())} dấu cách liền nhau.",
                     "Hãy để một dấu cách giữa hai chữ.")


_DOUBLE_SPACE: Final = re.compile(r"[ \u00a0]{2,}")
_BLANK: Final = " \t\u00a0\u000c"
"""What QC406 strips from both ends of a line before looking for two spaces."""
_BLANK_RUN: Final = re.compile("[" + _BLANK + "]+")
_AFTER_TEXT: Final = re.compile("  (?<=[^ \n]  )")


def _lines_with_inner_double_space(ctx: CheckContext) -> Iterator[tuple[int, str]]:
    """(line number, line) of the lines where two spaces follow some text, found with str.find
    on a text without no-break spaces: most "  " indent a point ("   a) …"), and the line-by-line
    loop cost as much as all the other text rules."""
    text = ctx.source.text
    starts = line_starts(ctx)
    lines = lines_of(ctx)
    if "\t" not in text and "\u000c" not in text:
        # Spaces are then the only blanks: two spaces right after a character that is not one
        # follow some text, and a regex opening with the two spaces passes over the indents.
        m = _AFTER_TEXT.search(text)
        while m is not None:
            lineno = bisect.bisect_right(starts, m.start())
            yield lineno, lines[lineno - 1]
            m = _AFTER_TEXT.search(text, starts[lineno]) if lineno < len(starts) else None
        return
    i = text.find("  ")
    while i >= 0:
        lineno = bisect.bisect_right(starts, i)
        if text[starts[lineno - 1] : i].strip(_BLANK):
            yield lineno, lines[lineno - 1]
            if lineno >= len(starts):
                return
            i = text.find("  ", starts[lineno])
        else:  # the indent of the line: skip all of it (a line of spaces stays linear)
            run = _BLANK_RUN.match(text, i)
            i = text.find("  ", run.end() if run else i + 2)


@rule("QC407", "trailing-space", Severity.WARNING)
def trailing_space(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Dấu cách thừa ở cuối dòng.

    ### Vì sao
    Dấu cách cuối dòng không nhìn thấy nhưng làm mỗi lần sửa văn bản sinh ra thay đổi giả trong
    lịch sử git, và trong Markdown hai dấu cách cuối dòng còn là lệnh xuống dòng.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh\x20\x20\x20

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    text = ctx.source.text
    if not _BLANK_BEFORE_NEWLINE.search(text) and not text.endswith((" ", "\t")):
        return
    for m in _TRAILING.finditer(text):
        line, col = _pos(ctx, m.start())
        yield Report(Span(line, col, line, col + len(m.group())), "Dòng có dấu cách thừa ở cuối.",
                     "Hãy xóa các dấu cách ở cuối dòng (`quyche fmt` làm việc này).")


_DOUBLED_PUNCT: Final = re.compile(r"(?<![.…])\.\.(?![.…])|([,;:!?])\1+|[,;:][.]|(?<![.…])[.][,;:]")
"""".." (not an ellipsis "..."), ",,", ";;", and a comma, semicolon or colon next to a full stop."""
_PUNCT_PAIR: Final = re.compile(r"[.,;:!?][.,;:!?]")
"""Two of these side by side: what every match of _DOUBLED_PUNCT holds. It opens with a character
class, so one pass finds the few lines worth the full pattern, whose opening look-behind the
engine tries at every character (4 ms over a 16 KB text). Not "[.,;:!?]{2}": a pattern that opens
with a repeat gets no such fast first step either (re.DEBUG shows the INFO flags)."""
_AFTER_PUNCT: Final = tuple((mark, re.compile(re.escape(mark) + "(?<=[.,;:!?]" + re.escape(mark) + ")"))
                            for mark in ".,;:!?")
"""Per mark, the mark right after another: searches that open with a fixed character stop only at
that character, three times cheaper together than one pass of _PUNCT_PAIR on a text without
pairs (the usual case); "!", "?", ":" are mostly absent and not searched for at all."""


@rule("QC408", "doubled-punctuation", Severity.WARNING)
def doubled_punctuation(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Dấu câu bị lặp (“..”, “,,”) hoặc dấu phẩy, chấm phẩy đứng sát dấu chấm.

    ### Vì sao
    Dấu câu lặp thường do ghép hai đoạn văn (một câu đã có dấu chấm được đặt trước dấu chấm
    của câu ghép). Văn bản in ra trông cẩu thả. Dấu ba chấm (“...”, “…”) không bị tính.

    ### Sai
    ```markdown
    ## Điều 1. Nguyên tắc làm việc

    Phân công nhiệm vụ theo tinh thần “5 rõ”..
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Nguyên tắc làm việc

    Phân công nhiệm vụ theo tinh thần “5 rõ”.
    ```
    """
    text = ctx.source.text
    if not any(mark in text and after.search(text) for mark, after in _AFTER_PUNCT):
        return
    pair = _PUNCT_PAIR.search(text)
    lines = lines_of(ctx)
    starts = line_starts(ctx)
    comment_lines = {c.line for c in doc.comments}
    while pair is not None:
        lineno = bisect.bisect_right(starts, pair.start())
        pair = _PUNCT_PAIR.search(text, starts[lineno]) if lineno < len(starts) else None
        if lineno < doc.body_line or lineno in comment_lines:
            continue
        line = lines[lineno - 1]
        if "`" in line:
            line = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        m = _DOUBLED_PUNCT.search(line)
        if m is None:
            continue
        yield Report(Span(lineno, m.start() + 1, lineno, m.end() + 1), f"Dấu câu bị lặp: “{m.group()}”.",
                     "Hãy giữ một dấu câu.")
