"""What stands out in a unit's status, given today and the options: the flags of the report.

Flags (stable names, used in JSON, HTML filters and the DOCX):

    unreachable        the repository could not be fetched or read
    unreadable         the repository was read but its regulation or settings could not be
    never-revised      no revision round was ever recorded
    not-revised-since  nothing issued since --since (the document date counts when never revised)
    stalled            the open round's last step is older than --stalled-days
    verify-failed      `verify` found a violation (unsigned, tampered or out-of-order history)
    check-errors       `check` reports errors in the regulation
    old-template       the template version is older than the newest quyche ships
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from quyche.overview.status import UnitStatus

FLAGS: Final = ("unreachable", "unreadable", "never-revised", "not-revised-since", "stalled", "verify-failed",
                "check-errors", "old-template")

FLAG_LABELS: Final = {
    "unreachable": "Không truy cập được kho",
    "unreadable": "Không đọc được kho",
    "never-revised": "Chưa sửa đổi lần nào",
    "not-revised-since": "Chưa sửa đổi từ mốc",
    "stalled": "Vòng sửa đổi bị chậm",
    "verify-failed": "Lịch sử không hợp lệ",
    "check-errors": "Văn bản còn lỗi",
    "old-template": "Mẫu cũ",
}
UNKNOWN: Final = "không rõ"


@dataclass(slots=True)
class Assessed:
    """A unit's status with the figures that depend on today and the options."""

    status: UnitStatus
    days_since_step: int | None = None
    newest_template: str = UNKNOWN
    flags: list[str] = field(default_factory=list)


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", text))


def known_template_versions(root: Path | None = None) -> dict[str, str]:
    """Built-in template name → its version (the `version` of its template.yaml)."""
    import yaml

    from quyche.scaffold.locate import builtin_names, builtin_root

    base = root or builtin_root()
    out: dict[str, str] = {}
    for name in builtin_names(base):
        try:
            data = yaml.safe_load((base / name / "template.yaml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and data.get("version") is not None:
            out[name] = str(data["version"])
    return out


def assess(status: UnitStatus, *, today: dt.date, since: dt.date | None, stalled_days: int,
           versions: dict[str, str]) -> Assessed:
    """The flags of one unit."""
    out = Assessed(status)
    flags = out.flags
    if not status.reachable:
        flags.append("unreachable")
        return out
    if status.error is not None:
        flags.append("unreadable")
        return out
    last = _day(status.last_step_date)
    if last is not None:
        out.days_since_step = (today - last).days
    if not status.round_id:
        flags.append("never-revised")
    if since is not None:
        revised = _day(status.issued_date) or _day(status.date)
        if revised is None or revised < since:
            flags.append("not-revised-since")
    if status.round_open and out.days_since_step is not None and out.days_since_step > stalled_days:
        flags.append("stalled")
    if status.verify_ok is False:
        flags.append("verify-failed")
    if status.findings.get("error", 0):
        flags.append("check-errors")
    newest = versions.get(status.template)
    if newest:
        out.newest_template = newest
        if status.template_version and _version_key(status.template_version) < _version_key(newest):
            flags.append("old-template")
    return out
