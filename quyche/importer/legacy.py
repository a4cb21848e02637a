"""Legacy Vietnamese 8-bit encodings (TCVN3/ABC and VNI-Windows) to Unicode NFC.

Before Unicode, Vietnamese Word files were typed in fonts that draw Vietnamese letters in
place of Latin-1 ones: TCVN3 (.VnTime, one byte per letter, lower case only; the "H" fonts
such as .VnTimeH draw every letter as a capital) and VNI (VNI-Times, a base letter followed by
a mark byte). Read as Unicode, that text is mojibake ("§iÒu 1", "Ñieàu 1"). The tables below
are written from the encodings' definitions (TCVN 5712:1993 VN3; VNI-Windows); Python has no
codec for either. The run's font name is the strongest evidence; for plain text, `detect`
converts with each table and keeps a clear winner measured by valid Vietnamese syllables.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

Encoding = Literal["tcvn3", "vni"]

# --- TCVN3 (ABC): one code point (the Latin-1 byte) per letter --------------------------------
_TCVN3_PAIRS: Final = (
    "\u00a1Ă \u00a2Â \u00a3Ê \u00a4Ô \u00a5Ơ \u00a6Ư \u00a7Đ "
    "\u00a8ă \u00a9â \u00aaê \u00abô \u00acơ \u00adư \u00aeđ "
    "\u00b5à \u00b6ả \u00b7ã \u00b8á \u00b9ạ "
    "\u00bbằ \u00bcẳ \u00bdẵ \u00beắ \u00c6ặ "
    "\u00c7ầ \u00c8ẩ \u00c9ẫ \u00caấ \u00cbậ "
    "\u00ccè \u00ceẻ \u00cfẽ \u00d0é \u00d1ẹ "
    "\u00d2ề \u00d3ể \u00d4ễ \u00d5ế \u00d6ệ "
    "\u00d7ì \u00d8ỉ \u00dcĩ \u00ddí \u00deị "
    "\u00dfò \u00e1ỏ \u00e2õ \u00e3ó \u00e4ọ "
    "\u00e5ồ \u00e6ổ \u00e7ỗ \u00e8ố \u00e9ộ "
    "\u00eaờ \u00ebở \u00ecỡ \u00edớ \u00eeợ "
    "\u00efù \u00f1ủ \u00f2ũ \u00f3ú \u00f4ụ "
    "\u00f5ừ \u00f6ử \u00f7ữ \u00f8ứ \u00f9ự "
    "\u00faỳ \u00fbỷ \u00fcỹ \u00fdý \u00feỵ"
)
TCVN3_TABLE: Final[dict[int, str]] = {ord(p[0]): p[1] for p in _TCVN3_PAIRS.split()}

# --- VNI-Windows: base letter + mark byte; a few letters are single bytes ----------------------
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
_VNI_MARKS_LOWER: Final = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRC, "á": _CIRC + _ACUTE, "à": _CIRC + _GRAVE, "å": _CIRC + _HOOK, "ã": _CIRC + _TILDE,
    "ä": _CIRC + _DOT, "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK,
    "ü": _BREVE + _TILDE, "ë": _BREVE + _DOT,
}  # fmt: skip
VNI_MARKS: Final[dict[str, str]] = {**_VNI_MARKS_LOWER, **{k.upper(): v for k, v in _VNI_MARKS_LOWER.items()}}
VNI_SINGLE: Final[dict[str, str]] = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "æ": "ỉ", "Æ": "Ỉ", "ó": "ĩ", "Ó": "Ĩ", "ò": "ị", "Ò": "Ị", "î": "ỵ", "Î": "Ỵ",
}  # fmt: skip
_VNI_BASES: Final = frozenset("aeouyAEOUYôöÔÖ")
_TONE_ONLY: Final = frozenset((_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT))


def tcvn3_to_unicode(text: str, *, capitals: bool = False) -> str:
    """TCVN3 text (as Latin-1 code points) to NFC; `capitals` for the .Vn…H fonts."""
    out = text.translate(TCVN3_TABLE)
    if capitals:
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def vni_to_unicode(text: str) -> str:
    """VNI-Windows text (as Latin-1 code points) to NFC."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if ch in _VNI_BASES and nxt in VNI_MARKS:
            marks = VNI_MARKS[nxt]
            base = VNI_SINGLE.get(ch, ch)
            if ch in "ôöÔÖ" and marks not in _TONE_ONLY:
                out.append(base)  # ơ/ư take a tone only; leave the next byte to its own turn
                i += 1
                continue
            if ch in "uyUYiI" and marks not in _TONE_ONLY:
                out.append(ch)
                i += 1
                continue
            if _BREVE in marks and ch not in "aA":
                out.append(ch)
                i += 1
                continue
            composed = unicodedata.normalize("NFC", base + marks)
            out.append(composed)
            i += 2
            continue
        out.append(VNI_SINGLE.get(ch, ch))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def convert(text: str, encoding: Encoding, *, capitals: bool = False) -> str:
    """Convert legacy text to Unicode NFC."""
    if encoding == "tcvn3":
        return tcvn3_to_unicode(text, capitals=capitals)
    return vni_to_unicode(text)


def encoding_of_font(font: str | None) -> tuple[Encoding, bool] | None:
    """(encoding, capitals) for a legacy font name: ".VnTime" → tcvn3, ".VnTimeH" → capitals."""
    if not font:
        return None
    name = font.strip()
    if name.startswith(".Vn") or (name.startswith("Vn") and name[2:3].isupper() and " " not in name):
        stem = name.lstrip(".")
        base = stem.split()[0]
        return "tcvn3", base.endswith("H") and not base.endswith("VnH")
    if name.upper().startswith("VNI-") or name.upper().startswith("VNI "):
        return "vni", False
    return None


# --- detection for text without font information --------------------------------------------
_VI_UNICODE: Final = re.compile("[ăđơưĩũĂĐƠƯĨŨ\u1ea0-\u1ef9]")
"""Vietnamese letters outside Latin-1: legacy text read as Latin-1 never holds them."""
_LEGACY_CHARS: Final = re.compile("[\u00a1-\u00ff]")
_WORD: Final = re.compile(r"[^\W\d_]+")
_SYLLABLE: Final = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnpqrstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})(?:ch|nh|ng|[cmnpt])?"
)


def is_vietnamese_syllable(word: str) -> bool:
    """A rough test: onset, one to three vowels, a coda, at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for c in decomposed if c in _TONE_ONLY)
    if tones > 1:
        return False
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_ONLY))
    return _SYLLABLE.fullmatch(base) is not None


def has_unicode_vietnamese(text: str) -> bool:
    """Does the text already hold Unicode Vietnamese letters?"""
    return _VI_UNICODE.search(text) is not None


def _score(original: str, converted: str) -> float:
    """Share of the words changed by a conversion that became real Vietnamese syllables."""
    good = bad = 0
    for before, after in zip(_WORD.findall(original), _WORD.findall(converted), strict=False):
        if before == after:
            continue
        if is_vietnamese_syllable(after):
            good += 1
        else:
            bad += 1
    return good - 2 * bad


def detect(text: str) -> Encoding | None:
    """The legacy encoding of `text`, or None when it is Unicode or cannot be told apart.

    Trial conversion with both tables; the winner must turn clearly more words into valid
    syllables than it spoils, and beat the other table.
    """
    if has_unicode_vietnamese(text) or not _LEGACY_CHARS.search(text):
        return None
    scores = {enc: _score(text, convert(text, enc)) for enc in ("tcvn3", "vni")}
    best: Encoding = max(scores, key=lambda k: scores[k])  # type: ignore[arg-type]
    other = scores["vni" if best == "tcvn3" else "tcvn3"]
    words = max(1, len(_WORD.findall(text)))
    if scores[best] >= max(2.0, 0.05 * words) and scores[best] > other:
        return best
    return None


def decode_legacy_bytes(data: bytes) -> tuple[str, Encoding] | None:
    """Bytes that are not UTF-8: TCVN3 or VNI text file → (Unicode text, encoding), else None."""
    text = data.decode("latin-1")
    enc = detect(text)
    if enc is None:
        return None
    return convert(text, enc), enc
