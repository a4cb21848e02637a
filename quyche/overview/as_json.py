"""The overview as JSON (schema: quyche/schema/overview.schema.json, docs/overview.md)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from quyche.overview.assess import FLAGS, Assessed

SCHEMA_NAME = "overview.schema.json"


def unit_data(a: Assessed, problem: str | None) -> dict[str, Any]:
    """One unit as the JSON, HTML and DOCX outputs show it."""
    s = a.status
    return {
        "name": s.name,
        "level": s.level,
        "repo": s.repo,
        "ref": s.ref,
        "commit": s.commit or None,
        "reachable": s.reachable,
        "problem": problem,
        "regulation": {"number": s.number or None, "date": s.date or None, "issuer": s.issuer or None},
        "template": {"name": s.template or None, "version": s.template_version or None, "newest": a.newest_template},
        "findings": dict(s.findings),
        "round": {"id": s.round_id or None, "open": s.round_open, "step": s.current_step or None,
                  "last_step_date": s.last_step_date or None, "days_since": a.days_since_step},
        "issued": {"tag": s.issued_tag or None, "date": s.issued_date or None},
        "verify": {"ok": s.verify_ok, "violations": list(s.violations), "steps": s.signed_steps},
        "flags": list(a.flags),
    }


def overview_data(units: Sequence[Assessed], problems: Mapping[str, str], *, today: dt.date,
                  since: dt.date | None, stalled_days: int) -> dict[str, Any]:
    """The whole report as plain data."""
    from quyche import __version__
    from quyche.schema import versioned

    return versioned({
        "tool": "quyche",
        "quyche_version": __version__,
        "generated": today.isoformat(),
        "options": {"since": since.isoformat() if since else None, "stalled_days": stalled_days},
        "summary": {"units": len(units), **{f: sum(1 for a in units if f in a.flags) for f in FLAGS}},
        "units": [unit_data(a, problems.get(a.status.name)) for a in units],
    })


def to_json(data: Mapping[str, Any]) -> str:
    """Indented UTF-8 JSON."""
    return json.dumps(data, ensure_ascii=False, indent=2)
