"""Numbers as Vietnamese regulations write them: Roman chapters, "5a" articles, point letters.

Each helper turns what is written into a value for sequence checks and back, and returns None
for something that is not a valid number of that kind (the checker reports it).
"""

from __future__ import annotations

from typing import Final

POINT_LETTERS: Final = "abcdđeghiklmnopqrstuvxy"
"""Vietnamese alphabetical order of points (điểm): no f, j, w, z; đ follows d."""

_ROMAN: Final = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip
_ROMAN_VALUE: Final = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}

ORDINAL_WORDS: Final = {
    "nhất": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
}  # fmt: skip
"""Words of "Phần thứ nhất" … "Phần thứ mười"; "mười một" and on are composed below."""

_ORDINAL_NAMES: Final = {1: "nhất", 4: "tư"}
_DIGIT_WORDS: Final = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu", 7: "bảy", 8: "tám", 9: "chín"}


def to_roman(value: int) -> str:
    """1 → "I", 14 → "XIV"."""
    if value <= 0:
        raise ValueError(value)
    out = []
    for amount, letters in _ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def from_roman(text: str) -> int | None:
    """"XIV" → 14; None when `text` is not a canonical Roman numeral ("IIII", "VX")."""
    upper = text.upper()
    if not upper or any(ch not in _ROMAN_VALUE for ch in upper):
        return None
    total = 0
    for i, ch in enumerate(upper):
        v = _ROMAN_VALUE[ch]
        if i + 1 < len(upper) and _ROMAN_VALUE[upper[i + 1]] > v:
            total -= v
        else:
            total += v
    if total <= 0 or to_roman(total) != upper:
        return None
    return total


def point_ordinal(letter: str) -> int | None:
    """"a" → 1, "đ" → 5, "e" → 6; None for letters outside the Vietnamese order (f, j, w, z)."""
    idx = POINT_LETTERS.find(letter.lower())
    return idx + 1 if idx >= 0 and len(letter) == 1 else None


def point_letter(ordinal: int) -> str:
    """1 → "a", 5 → "đ"."""
    return POINT_LETTERS[ordinal - 1]


def split_article_number(text: str) -> tuple[int, str] | None:
    """"5" → (5, ""), "5a" → (5, "a"); None when not an article number."""
    digits = ""
    for i, ch in enumerate(text):
        if ch.isdigit():
            digits += ch
        else:
            suffix = text[i:]
            if not digits or not suffix.isalpha() or len(suffix) > 2:
                return None
            return int(digits), suffix.lower()
    return (int(digits), "") if digits else None


def ordinal_from_words(words: str) -> int | None:
    """"nhất" → 1, "mười một" → 11, "hai mươi" → 20; None when not an ordinal."""
    parts = words.lower().split()
    if not parts:
        return None
    if len(parts) == 1:
        return ORDINAL_WORDS.get(parts[0])
    if parts[0] == "mười" and len(parts) == 2:
        unit = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "lăm": 5, "năm": 5, "sáu": 6,
                "bảy": 7, "tám": 8, "chín": 9}.get(parts[1])  # fmt: skip
        return 10 + unit if unit else None
    if len(parts) >= 2 and parts[1] == "mươi":
        tens = ORDINAL_WORDS.get(parts[0])
        if not tens or tens < 2 or tens > 9:
            return None
        if len(parts) == 2:
            return tens * 10
        unit = {"mốt": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "lăm": 5, "sáu": 6, "bảy": 7,
                "tám": 8, "chín": 9}.get(parts[2])  # fmt: skip
        return tens * 10 + unit if unit and len(parts) == 3 else None
    return None


def ordinal_words(value: int) -> str:
    """1 → "nhất", 4 → "tư", 11 → "mười một" (for "Phần thứ …")."""
    if value in _ORDINAL_NAMES:
        return _ORDINAL_NAMES[value]
    if value < 10:
        return _DIGIT_WORDS[value]
    if value == 10:
        return "mười"
    if value < 20:
        return "mười " + ("lăm" if value == 15 else _DIGIT_WORDS[value - 10])
    tens, unit = divmod(value, 10)
    head = _DIGIT_WORDS[tens] + " mươi"
    if not unit:
        return head
    return head + " " + {1: "mốt", 4: "tư", 5: "lăm"}.get(unit, _DIGIT_WORDS[unit])
