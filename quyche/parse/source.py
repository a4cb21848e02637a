"""Bytes → text: encoding, binary and size guards, NFC, line endings.

Read a file once, decode once, normalise once. `Source.original` keeps the text as written
(before NFC) so the text rules can report what normalisation would hide.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from quyche.errors import BinaryFile, EmptyFile, NotUtf8, Unreadable
from quyche.fsutil import read_bytes_guarded

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "zip"),
    (b"\xd0\xcf\x11\xe0", "doc"),
    (b"%PDF", "pdf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"{\\rtf", "rtf"),
)


@dataclass(frozen=True, slots=True)
class Source:
    """A decoded text file."""

    path: Path | None
    text: str
    """NFC, LF line endings, no BOM: what the parser reads."""
    original: str
    """As decoded (LF line endings), before NFC: what the text rules inspect."""

    @property
    def lines(self) -> list[str]:
        """The NFC text split into lines."""
        return self.text.split("\n")


def _legacy_guess(data: bytes) -> str | None:
    """A hint for the error message: does this look like TCVN3 or VNI bytes?"""
    try:
        text = data.decode("cp1252", errors="ignore")
    except LookupError:  # pragma: no cover
        return None
    if any(s in text for s in ("§iÒu", "Ch­¬ng", "ViÖt", "®")):
        return "tcvn3"
    if any(s in text for s in ("Ñieàu", "Vieät", "Chöông", "ñ")):
        return "vni"
    return None


def decode_source(data: bytes, path: Path | None = None) -> Source:
    """Decode UTF-8 bytes, refusing binaries and other encodings with the place of the problem."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryFile(path, kind=kind)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotUtf8(path, 1, 1, guess="utf16")
    if b"\x00" in data[:65536] or b"\x00" in data:
        raise BinaryFile(path, kind="nul")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        original = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        head = data[: exc.start]
        line = head.count(b"\n") + 1
        column = len(head[head.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise NotUtf8(path, line, column, guess=_legacy_guess(data)) from None
    if "\r" in original:
        original = original.replace("\r\n", "\n").replace("\r", "\n")
    if not original.strip():
        raise EmptyFile(path)
    text = unicodedata.normalize("NFC", original)
    return Source(path, text, original)


def read_source(path: Path) -> Source:
    """Read and decode a file with every input guard."""
    try:
        data = read_bytes_guarded(Path(path))
    except OSError as exc:  # permission denied, I/O error: the guards above only stat
        raise Unreadable(path, problem=exc.strerror or type(exc).__name__) from None
    return decode_source(data, Path(path))
