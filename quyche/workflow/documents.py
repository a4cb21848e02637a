"""The documents of a round: gather the facts (round.yaml, comments, history, the two texts)
and hand plain rows to the DOCX writers in quyche/render/docx.

    comments    → vong/<id>/bang-tong-hop-y-kien.docx   (bảng tổng hợp, tiếp thu, giải trình)
    submission  → vong/<id>/to-trinh.docx               (tờ trình, from a sandboxed Jinja template)
    proposals   → vong/<id>/bieu-tong-hop-de-nghi.docx  (biểu tổng hợp nội dung đề nghị sửa đổi)
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from quyche.errors import TemplateError, UnsafeTemplate
from quyche.fsutil import ensure_inside
from quyche.model.frontmatter import FrontMatter, SigningBlock
from quyche.workflow.history import read_blob
from quyche.workflow.round import (
    COMPARISON_FILE,
    ROUND_FILE,
    RoundInfo,
    RoundState,
    Workspace,
    load_round_info,
)

OUTPUTS: Final = {
    "comments": "bang-tong-hop-y-kien.docx",
    "submission": "to-trinh.docx",
    "proposals": "bieu-tong-hop-de-nghi.docx",
}
TEMPLATE_NAME: Final = "to-trinh.md.jinja"
USER_TEMPLATE: Final = Path("templates") / "_documents" / TEMPLATE_NAME
"""A body's own tờ trình template inside its regulation repository, used instead of the built-in one."""
_REF = re.compile(r"(?i)điều\s+(\d+[a-zđ]?)")


@dataclass(slots=True)
class RoundFacts:
    """Everything the three documents draw on."""

    ws: Workspace
    state: RoundState
    info: RoundInfo
    base_text: str
    current_text: str
    front: FrontMatter | None
    base_front: FrontMatter | None


def gather(ws: Workspace, state: RoundState) -> RoundFacts:
    """Read round.yaml and the regulation before the round and now."""
    from quyche.parse import parse_text

    rel = ws.regulations[0] if ws.regulations else ""
    path = ws.root / rel
    current = path.read_text(encoding="utf-8") if rel and path.is_file() else ""
    base = read_blob(ws.root, state.records[0].commit, rel) if state.records and rel else None
    base = current if base is None else base
    info = load_round_info(ws.round_dir(state.id) / ROUND_FILE, state.id)
    front = parse_text(current, rel).front_matter if current else None
    base_front = parse_text(base, rel).front_matter if base else None
    return RoundFacts(ws, state, info, base, current, front, base_front)


def _leader(info: RoundInfo) -> Any:
    for member in info.working_group:
        if "trưởng" in member.role.lower():
            return member
    return info.working_group[0] if info.working_group else None


def _working_group_signing(info: RoundInfo) -> SigningBlock:
    leader = _leader(info)
    return SigningBlock(capacity="T/M TỔ CÔNG TÁC", title="TỔ TRƯỞNG", name=leader.name if leader else None)


def _header(facts: RoundFacts, kind_code: str | None = None) -> Any:
    from quyche.render.docx.base import HeaderInfo

    fm = facts.front
    number = None
    if kind_code and fm is not None and fm.document_number is not None:
        number = f"    -{kind_code}/{fm.document_number.issuer}"
    return HeaderInfo(
        issuer=(fm.issuer if fm and fm.issuer else facts.ws.config.unit_name or "").strip(),
        superior=fm.superior if fm else None,
        number=number,
        place=fm.place if fm else None,
        date=None,
    )


def regulation_name(fm: FrontMatter | None) -> str:
    """"quy chế làm việc của Ban Chấp hành …" for use inside a sentence."""
    if fm is None or not fm.title:
        return "quy chế làm việc"
    title = fm.title.strip().lower()
    return f"{title} {fm.subject.strip()}" if fm.subject else title


def _reasons(info: RoundInfo) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, reason in info.reasons.items():
        m = _REF.search(unicodedata.normalize("NFC", key))
        if m:
            out[m.group(1).lower()] = reason
    return out


def default_output(ws: Workspace, state: RoundState, kind: str) -> Path:
    """Where a document goes when no -o is given: the round folder."""
    return ws.round_dir(state.id) / OUTPUTS[kind]


@dataclass(frozen=True, slots=True)
class Written:
    """A document written, and what the user should know about it (reasons not yet written…)."""

    path: Path
    notes: tuple[str, ...] = ()


def write_report(ws: Workspace, state: RoundState, kind: str, output: Path | None = None,
                 *, overwrite: bool = False) -> Written:
    """Write one of the round's documents."""
    facts = gather(ws, state)
    target = Path(output) if output is not None else default_output(ws, state, kind)
    if output is None:
        target = ensure_inside(target, ws.root)
    if kind == "comments":
        return Written(_comments(facts, target, overwrite))
    if kind == "proposals":
        return Written(_proposals(facts, target, overwrite))
    if kind == "submission":
        return Written(_submission(facts, target, overwrite))
    raise ValueError(kind)


def _distribution(facts: RoundFacts) -> list[str]:
    return ["Thường trực cấp ủy (để báo cáo),", "Lưu Tổ công tác."]


def _comments(facts: RoundFacts, target: Path, overwrite: bool) -> Path:
    from quyche.render.docx.comments_report import CommentRow, write_comments_report
    from quyche.workflow.comments import RESPONSE_LABELS, load_comments, ordered, totals

    files = load_comments(facts.ws.round_dir(facts.state.id))
    general: list[CommentRow] = []
    specific: list[CommentRow] = []
    for f, c in ordered(files):
        response = ""
        if c.response is not None:
            label = RESPONSE_LABELS[c.response]
            response = f"{label}. {c.explanation}".strip() if c.explanation else f"{label}."
        row = CommentRow(c.reference if not c.is_general else "", c.text, f.source, response)
        (general if c.is_general else specific).append(row)
    t = totals(files)
    summary = (f"Tổng cộng: {t['comments']} ý kiến của {t['commenters']} cơ quan, đơn vị, cá nhân; "
               f"tiếp thu {t['accepted']}, tiếp thu một phần {t['partly-accepted']}, "
               f"không tiếp thu {t['not-accepted']} (có giải trình)")
    summary += f"; chưa tiếp thu, giải trình {t['unanswered']}." if t["unanswered"] else "."
    return write_comments_report(
        target, header=_header(facts), subject=f"vào dự thảo {regulation_name(facts.front)}",
        general=general, specific=specific, totals=summary, signing=_working_group_signing(facts.info),
        distribution=_distribution(facts), layout_config=facts.ws.config.layout, overwrite=overwrite,
    )


def _changes(facts: RoundFacts) -> list[Any]:
    from quyche.workflow.changes import article_changes

    return article_changes(facts.base_text, facts.current_text, facts.ws.regulations[0] if facts.ws.regulations else None)


def _proposals(facts: RoundFacts, target: Path, overwrite: bool) -> Path:
    from quyche.render.docx.proposals import ProposalRow, write_proposals
    from quyche.workflow.changes import KIND_LABELS

    reasons = _reasons(facts.info)
    rows = [ProposalRow(c.reference, KIND_LABELS[c.kind], c.old_text, c.new_text, reasons.get(c.number.lower(), ""))
            for c in _changes(facts)]
    return write_proposals(
        target, header=_header(facts), subject=f"{regulation_name(facts.base_front)}", rows=rows,
        signing=_working_group_signing(facts.info), distribution=_distribution(facts),
        layout_config=facts.ws.config.layout, overwrite=overwrite,
    )


def _vn_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def render_submission_body(facts: RoundFacts) -> str:
    """The tờ trình's body from the (user's or built-in) Jinja template, in a sandbox."""
    from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    from quyche.workflow.changes import KIND_LABELS

    user = facts.ws.root / USER_TEMPLATE
    source = user if user.is_file() else Path(__file__).with_name("templates") / TEMPLATE_NAME
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters["vn_date"] = _vn_date
    env.filters["capfirst"] = lambda s: str(s)[:1].upper() + str(s)[1:]
    fm, base_fm = facts.front, facts.base_front
    changes = _changes(facts)
    reasons = _reasons(facts.info)
    from quyche.workflow.comments import load_comments, totals

    t = totals(load_comments(facts.ws.round_dir(facts.state.id)))
    proc = facts.ws.procedure
    steps_done = [{"name": r.step, "title": proc.by_name[r.step].title if r.step in proc.by_name else r.step,
                   "date": r.date} for r in facts.state.records]
    unit = facts.ws.config.unit_name or (fm.issuer.title() if fm and fm.issuer else "")
    context = {
        "round": {"id": facts.info.id, "title": facts.info.title},
        "unit_name": unit,
        "authority": (fm.authority if fm and fm.authority else "Ban Chấp hành"),
        "regulation": regulation_name(base_fm or fm),
        "current_number": base_fm.number if base_fm else None,
        "current_date": base_fm.issue_date if base_fm else None,
        "changes": [{"reference": c.reference, "label": c.label, "kind": c.kind, "kind_label": KIND_LABELS[c.kind],
                     "reason": reasons.get(c.number.lower(), "")} for c in changes],
        "counts_changes": {k: sum(1 for c in changes if c.kind == k) for k in ("amended", "added", "repealed")},
        "counts": {"comments": t["comments"], "commenters": t["commenters"], "accepted": t["accepted"],
                   "partly": t["partly-accepted"], "rejected": t["not-accepted"]},
        "working_group": [{"name": m.name, "role": m.role, "unit": m.unit} for m in facts.info.working_group],
        "leader": (lambda m: {"name": m.name, "role": m.role} if m else None)(_leader(facts.info)),
        "steps_done": steps_done,
        "comparison_file": COMPARISON_FILE if (facts.ws.round_dir(facts.state.id) / COMPARISON_FILE).is_file() else "",
    }
    name = str(source.relative_to(facts.ws.root)) if source == user else TEMPLATE_NAME
    try:
        template = env.from_string(source.read_text(encoding="utf-8"))
        return template.render(**context)
    except SecurityError as exc:
        raise UnsafeTemplate(source, name=name, problem=str(exc)) from None
    except TemplateSyntaxError as exc:
        raise TemplateError(source, exc.lineno, name=name, problem=exc.message or "cú pháp") from None
    except UndefinedError as exc:
        raise TemplateError(source, name=name, problem=exc.message or "biến không có") from None


def _submission(facts: RoundFacts, target: Path, overwrite: bool) -> Path:
    from quyche.render.docx.submission import write_submission

    body = render_submission_body(facts)
    subject = f"về việc sửa đổi, bổ sung {regulation_name(facts.base_front or facts.front)}"
    return write_submission(
        target, header=_header(facts, "TTr"), subject=subject, body=body,
        signing=_working_group_signing(facts.info), distribution=["Như kính gửi,", "Lưu Tổ công tác."],
        layout_config=facts.ws.config.layout, overwrite=overwrite,
    )
