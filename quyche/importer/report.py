"""What an import did beyond the plain conversion: what it set aside, kept or converted.

Nothing is dropped silently. Lines the importer could not place are kept in the output and
listed here with their line (or their place in the Word file); page furniture it removed is
listed too, so a person can check both against the original.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Literal

NoteKind = Literal["kept", "removed", "converted", "info"]


@dataclass(slots=True)
class ReportNote:
    """One thing a person may want to check."""

    kind: NoteKind
    line: int | None
    """Line in the text the importer read (after reading a .docx: its line of text)."""
    where: str | None
    """Place in the Word file ("đoạn 12", "bảng 1, hàng 1, ô 2") or None for text input."""
    text: str
    reason: str
    """Machine-readable reason: header-unplaced, closing-unplaced, page-header, stamp, …"""


@dataclass(slots=True)
class ImportReport:
    """The notes of one import and a few counts."""

    source: str
    output: str | None = None
    notes: list[ReportNote] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    """Units of the whole file (every document of it)."""
    documents: list[tuple[str, dict[str, int]]] = field(default_factory=list)
    """(kind, counts) of each document when the file holds more than one (a decision and the
    regulation it issues)."""

    def add(self, kind: NoteKind, line: int | None, where: str | None, text: str, reason: str) -> None:
        """Record a note."""
        self.notes.append(ReportNote(kind, line, where, text, reason))

    def to_json(self) -> str:
        """The report for tools (`--report FILE.json`; quyche/schema/import-report.schema.json)."""
        from quyche.schema import versioned

        data = versioned({"source": self.source, "output": self.output, "counts": self.counts,
                "documents": [{"kind": kind, "counts": counts} for kind, counts in self.documents],
                "notes": [asdict(n) for n in self.notes]})
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
