"""Small helpers for the check tests: run the checker on a string the way the CLI does."""

from __future__ import annotations

from pathlib import Path

from quyche.check.finding import Finding
from quyche.check.runner import check_source
from quyche.config import CheckConfig, Config
from quyche.parse.source import decode_source

FRONT = """\
---
kind: quy chế
number: 01-QC/ĐU
date: 2025-07-15
place: An Hòa
issuer: ĐẢNG ỦY PHƯỜNG AN HÒA
authority: Ban Chấp hành
subject: làm việc của Ban Chấp hành Đảng bộ phường An Hòa
signing:
  capacity: T/M ĐẢNG ỦY
  title: BÍ THƯ
  name: Nguyễn Văn An
---

"""


def check_text(text: str, *, select: list[str] | None = None, ignore: list[str] | None = None,
               severity: dict[str, str] | None = None, root: Path | None = None) -> list[Finding]:
    """Findings for `text` (bytes as a file would hold them), with an optional rule selection."""
    config = Config(root=root or Path("."), check=CheckConfig(select or [], ignore or [], severity or {}))
    return check_source(decode_source(text.encode("utf-8")), config)


def codes(findings: list[Finding]) -> list[str]:
    """The codes in order."""
    return [f.code for f in findings]


def of(findings: list[Finding], code: str) -> list[Finding]:
    """Only the findings of one rule."""
    return [f for f in findings if f.code == code]
