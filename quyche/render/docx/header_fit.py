"""Fitting a body's name into the header column without breaking it in the middle of a name.

Word wraps "ĐẢNG ỦY PHƯỜNG PHÚC LỢI" wherever the column ends ("… PHÚC / LỢI"). A name too
wide for the column is broken before the administrative level ("ĐẢNG ỦY / PHƯỜNG PHÚC LỢI"),
which keeps the unit's name whole, as offices write it by hand; a part still too wide is set
a point or two smaller (never under MIN_PT).
"""

from __future__ import annotations

from typing import Final

LEVEL_WORDS: Final = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "ĐẶC KHU", "PHƯỜNG", "XÃ", "QUẬN", "HUYỆN", "TỈNH")
"""Where a unit's own name begins: the line may break just before one of these."""
MIN_PT: Final = 12.0
SAFETY: Final = 0.95
"""Share of the column a line may fill by the width estimate (Word and LibreOffice differ a little)."""

_ROMAN: Final = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611,
                                                     889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722,
                                                     722, 611), strict=True))
_BOLD: Final = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667,
                                                    944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722,
                                                    722, 667), strict=True))
"""Times Roman / Times Bold capital widths in 1/1000 em (Adobe's metrics, which Times New Roman
and Liberation Serif share); a Vietnamese capital is as wide as its base letter."""


def _width(text: str, size_pt: float, bold: bool) -> float:
    """Printed width in mm of a line of capitals."""
    import unicodedata

    table = _BOLD if bold else _ROMAN
    units = 0
    for ch in text:
        base = unicodedata.normalize("NFD", ch.replace("Đ", "D").replace("đ", "d"))[:1].upper()
        units += table.get(base, 250 if ch.isspace() else 600)
    return units / 1000 * size_pt * 0.3528


def _shrunk(text: str, size_pt: float, bold: bool, room: float) -> float:
    size = size_pt
    while size > MIN_PT and _width(text, size, bold) > room:
        size -= 0.5
    return size


def fit_name(name: str, column_mm: float, size_pt: float, *, bold: bool) -> list[tuple[str, float]]:
    """The lines (text, font size) that show `name` in a column `column_mm` wide."""
    room = column_mm * SAFETY
    if _width(name, size_pt, bold) <= room:
        return [(name, size_pt)]
    words = name.split()
    cuts = []
    for i in range(1, len(words)):
        rest = " ".join(words[i:])
        if any(rest.startswith(level + " ") for level in LEVEL_WORDS):  # a level, then a name
            cuts.append(i)
    if not cuts:  # no level word: the most even break between words
        cuts = sorted(range(1, len(words)),
                      key=lambda i: abs(_width(" ".join(words[:i]), size_pt, bold)
                                        - _width(" ".join(words[i:]), size_pt, bold)))[:1]
    if not cuts:  # one long word: smaller type is all that is left
        return [(name, _shrunk(name, size_pt, bold, room))]
    fitting = [i for i in cuts if all(_width(" ".join(part), size_pt, bold) <= room
                                      for part in (words[:i], words[i:]))]
    cut = (fitting or cuts)[0]
    parts = [" ".join(words[:cut]), " ".join(words[cut:])]
    return [(part, _shrunk(part, size_pt, bold, room)) for part in parts]
