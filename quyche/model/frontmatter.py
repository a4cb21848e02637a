"""The front matter: what the printed document's header and footer carry.

Keys are English snake_case (the JSON Schema in quyche/schema/front-matter.schema.json gives
each a Vietnamese description for editors); `FRONT_MATTER_KEYS` is the canonical order that
`quyche fmt` writes them in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.model.span import Span

FRONT_MATTER_KEYS: Final = (
    "kind",
    "number",
    "date",
    "place",
    "superior",
    "issuer",
    "authority",
    "title",
    "subject",
    "issued_with",
    "term",
    "legal_bases",
    "enacting",
    "signing",
    "distribution",
)
SCHEMA_PATH: Final = Path(__file__).resolve().parents[1] / "schema" / "front-matter.schema.json"
"""The JSON Schema (draft 2020-12) of the front matter, shipped in the package for editors and CI."""

TERM_KEYS: Final = ("number", "period")
SIGNING_KEYS: Final = ("capacity", "title", "name")

KIND_CODES: Final = {
    "quy chế": "QC",
    "quy định": "QĐ",
    "quyết định": "QĐ",
    "hướng dẫn": "HD",
    "nghị quyết": "NQ",
    "chỉ thị": "CT",
    "kết luận": "KL",
    "thông báo": "TB",
    "báo cáo": "BC",
    "kế hoạch": "KH",
    "chương trình": "CTr",
    "tờ trình": "TTr",
    "điều lệ": "ĐL",
}
"""Document kind → the kind code in its number (Hướng dẫn 36-HD/VPTW)."""

_NUMBER_RE: Final = re.compile(
    r"^(?:Số\s*:?\s*)?(?P<serial>\d{1,4})(?P<space1>\s*)-(?P<space2>\s*)(?P<code>[A-Za-zĐđ]{1,5})"
    r"(?P<space3>\s*)/(?P<space4>\s*)(?P<issuer>[A-Za-zĐđ0-9\-]{1,20})$"
)


STATE_KINDS: Final = frozenset(("luật", "bộ luật", "pháp lệnh", "nghị định", "thông tư", "thông tư liên tịch"))
"""Kinds only the State issues."""
STATE_BODIES: Final = ("QUỐC HỘI", "CHÍNH PHỦ", "THỦ TƯỚNG", "BỘ ", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "UBND",
                       "HỘI ĐỒNG NHÂN DÂN", "SỞ ", "TÒA ÁN", "VIỆN KIỂM SÁT", "BAN QUẢN LÝ", "KIỂM TOÁN NHÀ NƯỚC")
"""How a State body's name begins in the header."""
_PARTY_NUMBER: Final = re.compile(r"(?:^|\s)\d*\s*-\s*[A-Za-zĐđ]{1,6}\s*/")
_STATE_NUMBER: Final = re.compile(r"(?:^|\s|:)\d*\s*/\s*(?:\d{4}\s*/)?[A-Za-zĐđ0-9]")
_YEAR_MONTH: Final = re.compile(r"\d{4}-\d{1,2}")


@dataclass(frozen=True, slots=True)
class DocumentNumber:
    """A Party document number "01-QC/ĐU": serial, kind code, issuer code."""

    serial: str
    code: str
    issuer: str
    has_stray_spaces: bool = False

    @classmethod
    def from_text(cls, text: str) -> DocumentNumber | None:
        """Read "01-QC/ĐU", "Số 01-QC/ĐU", "Số: 01 -QC/ĐU"; None when not a Party number."""
        m = _NUMBER_RE.match(text.strip())
        if not m:
            return None
        spaces = any(m.group(g) for g in ("space1", "space2", "space3", "space4"))
        return cls(m.group("serial"), m.group("code"), m.group("issuer"), spaces)

    def __str__(self) -> str:
        return f"{self.serial}-{self.code}/{self.issuer}"

    def tag_name(self, year: int | None) -> str:
        """A git tag for the issued text: "01-QC-DU-2026" (ASCII: Đ → D)."""
        base = f"{self.serial}-{self.code}-{self.issuer}".replace("Đ", "D").replace("đ", "d")
        return f"{base}-{year}" if year else base


@dataclass(slots=True)
class Term:
    """khóa and nhiệm kỳ: "I", "2025 - 2030"."""

    number: str | None = None
    period: str | None = None


@dataclass(slots=True)
class SigningBlock:
    """T/M ĐẢNG ỦY / BÍ THƯ / the name."""

    capacity: str | None = None
    title: str | None = None
    name: str | None = None


@dataclass(slots=True)
class FrontMatter:
    """Header and footer facts of a regulation. Missing keys are None or empty."""

    kind: str | None = None
    number: str | None = None
    date: dt.date | str | None = None
    """A date when the YAML holds a real one; the raw text when it does not (a rule reports it)."""
    place: str | None = None
    superior: str | None = None
    issuer: str | None = None
    authority: str | None = None
    title: str | None = None
    subject: str | None = None
    issued_with: str | None = None
    """Under an attached document's title: "Ban hành kèm theo Quyết định số … của …"."""
    term: Term | None = None
    legal_bases: list[str] = field(default_factory=list)
    enacting: str | None = None
    signing: SigningBlock | None = None
    distribution: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys the format does not know; `check` reports them."""
    spans: dict[str, Span] = field(default_factory=dict, compare=False)
    """Where each key stands ("term.period" for nested ones)."""
    type_errors: dict[str, str] = field(default_factory=dict, compare=False)
    """key → the JSON-Schema type expected where the YAML held something else."""

    @property
    def document_number(self) -> DocumentNumber | None:
        """The parsed number, or None when missing or not in Party form."""
        return DocumentNumber.from_text(self.number) if self.number else None

    @property
    def is_state(self) -> bool:
        """A State document (a law, a ministry's decision): its number is written "125/QĐ-BTC" or
        "80/2015/QH13", its kind is a law's, or a State body issues it. Party format rules
        (Hướng dẫn 36-HD/VPTW) do not apply to it."""
        if self.number and _PARTY_NUMBER.search(self.number):
            return False
        if self.number and _STATE_NUMBER.search(self.number):
            return True
        if (self.kind or "").strip().lower() in STATE_KINDS:
            return True
        issuer = " ".join((self.issuer or "").upper().split())
        if issuer.startswith(STATE_BODIES):
            return True
        capacity = (self.signing.capacity or "") if self.signing else ""
        return capacity.upper().startswith(("TM. ", "KT. ", "TL. ", "Q. ", "TUQ. "))

    @property
    def serial_blank(self) -> bool:
        """The number is a draft's, its serial left to fill in: "-QC/ĐU", "/QĐ-BQLDA"."""
        return bool(self.number) and self.number.strip()[:1] in "-–/"  # type: ignore[union-attr]

    @property
    def day_blank(self) -> bool:
        """The date is a draft's, its day left to fill in: "2025-07" (month and year known)."""
        return isinstance(self.date, str) and _YEAR_MONTH.fullmatch(self.date.strip()) is not None

    @property
    def issue_date(self) -> dt.date | None:
        """The issue date when it is a real date."""
        return self.date if isinstance(self.date, dt.date) else None

    def span_of(self, key: str) -> Span | None:
        """Position of `key` (or of its parent key) in the file."""
        while key:
            if key in self.spans:
                return self.spans[key]
            key = key.rpartition(".")[0]
        return None
