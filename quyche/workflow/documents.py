"""The documents of a round: gather the facts (round.yaml, comments, history, the two texts)
and hand plain rows to the DOCX writers in quyche/render/docx.

    comments    → vong/<id>/bang-tong-hop-y-kien.docx   (bảng tổng hợp, tiếp thu, giải trình)
    submission  → vong/<id>/to-trinh.docx               (tờ trình, from a sandboxed Jinja template)
    proposals   → vong/<id>/bieu-tong-hop-de-nghi.docx  (biểu tổng hợp nội dung đề nghị sửa đổi)

The documents agree with each other and with the comparison table: the reasons come from
round.yaml `reasons:` and `bai-bo:` only (quyche.workflow.comparison.reasons_of), and they show
the round as it stood when the tờ trình goes to its meeting (the submission step, by default
`ban-chap-hanh-thong-qua`): made again after the round, they list no later step. The tờ trình is
submitted by the body quyche.yaml `submission:` names (the Ban Thường vụ to the Ban Chấp hành by
default). No file name, folder or round id appears in the text; people's text goes through
quyche.render.typography (curly quotes, one stop).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from quyche.errors import TemplateError, UnsafeTemplate
from quyche.fsutil import ensure_inside
from quyche.model.frontmatter import FrontMatter, SigningBlock
from quyche.workflow.history import read_blob
from quyche.workflow.round import (
    ROUND_FILE,
    RoundInfo,
    RoundState,
    StepRecord,
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
SUBMISSION_STEP: Final = "ban-chap-hanh-thong-qua"
"""The meeting the tờ trình goes to, unless quyche.yaml `submission: {step: …}` names another."""


@dataclass(frozen=True, slots=True)
class Submission:
    """Who submits the tờ trình to whom, and at which step (quyche.yaml `submission:`)."""

    by: str = "Ban Thường vụ"
    to: str = ""
    """Empty: the regulation's authority (front matter `authority:`), else "Ban Chấp hành"."""
    signer: str = "BÍ THƯ"
    signer_name: str = ""
    step: str = SUBMISSION_STEP

    @classmethod
    def from_config(cls, raw: Any) -> Submission:
        """Read quyche.yaml `submission:` (missing keys keep the defaults)."""
        data = raw.get("submission") if isinstance(raw, dict) else None
        if not isinstance(data, dict):
            return cls()
        keys = {"by": "by", "to": "to", "signer": "signer", "signer_name": "signer_name", "step": "step"}
        values = {attr: str(data[key]).strip() for key, attr in keys.items() if data.get(key)}
        return cls(**values)


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
    submission: Submission
    records: list[StepRecord]
    """The steps the documents speak of: those before the submission step."""


def gather(ws: Workspace, state: RoundState) -> RoundFacts:
    """Read round.yaml and the regulation before the round and as it stood for the submission.

    Once the round has recorded the submission step, the text is the one of the last step before
    it (not the working tree, which may already carry the issue number): a document made again
    after the round shows the state it was made for.
    """
    from quyche.parse import parse_text

    submission = Submission.from_config(ws.config.raw)
    rel = ws.regulations[0] if ws.regulations else ""
    records = list(state.records)
    names = [r.step for r in records]
    current: str | None = None
    if submission.step in names:
        records = records[: names.index(submission.step)]
        if records and rel:
            current = read_blob(ws.root, records[-1].commit, rel)
    if current is None:
        path = ws.root / rel
        current = path.read_text(encoding="utf-8") if rel and path.is_file() else ""
    base = read_blob(ws.root, state.records[0].commit, rel) if state.records and rel else None
    base = current if base is None else base
    info = load_round_info(ws.round_dir(state.id) / ROUND_FILE, state.id)
    front = parse_text(current, rel).front_matter if current else None
    base_front = parse_text(base, rel).front_matter if base else None
    return RoundFacts(ws, state, info, base, current, front, base_front, submission, records)


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
        blank_year=_year_of(facts),
    )


def _year_of(facts: RoundFacts) -> int | None:
    """The year of the round's latest step the documents speak of: printed after the date blanks."""
    dates = [r.date for r in facts.records if r.date[:4].isdigit()]
    return int(dates[-1][:4]) if dates else None


def regulation_name(fm: FrontMatter | None) -> str:
    """"quy chế làm việc của Ban Chấp hành …" for use inside a sentence."""
    if fm is None or not fm.title:
        return "quy chế làm việc"
    title = fm.title.strip().lower()
    return f"{title} {fm.subject.strip()}" if fm.subject else title


def _reasons(info: RoundInfo) -> dict[str, str]:
    from quyche.workflow.comparison import reasons_of

    return reasons_of(info.reasons, [(r.article, r.reason) for r in info.repeals])


def _missing_reasons(facts: RoundFacts, changes: list[Any]) -> tuple[str, ...]:
    """The line telling which changed articles have no written reason, if any."""
    reasons = _reasons(facts.info)
    missing = [c.reference.split(",")[0] for c in changes if not c.reason(reasons)]
    if not missing:
        return ()
    from quyche.workflow.comparison import missing_reasons_line

    where = f"mục `reasons:` (điều bãi bỏ: `bai-bo:`) của vong/{facts.state.id}/{ROUND_FILE}"
    return (missing_reasons_line(missing, where),)


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
        return Written(_proposals(facts, target, overwrite), _missing_reasons(facts, _changes(facts).rows))
    if kind == "submission":
        return Written(_submission(facts, target, overwrite), _missing_reasons(facts, _changes(facts).rows))
    raise ValueError(kind)


def _distribution(facts: RoundFacts) -> list[str]:
    return ["Thường trực cấp ủy (để báo cáo),", "Lưu Tổ công tác."]


def _comments(facts: RoundFacts, target: Path, overwrite: bool) -> Path:
    from quyche.render.docx.comments_report import CommentRow, write_comments_report
    from quyche.render.typography import tidy
    from quyche.workflow.comments import RESPONSE_LABELS, load_comments, ordered, totals

    files = load_comments(facts.ws.round_dir(facts.state.id))
    general: list[CommentRow] = []
    specific: list[CommentRow] = []
    for f, c in ordered(files):
        response = ""
        if c.response is not None:
            label = RESPONSE_LABELS[c.response]
            response = tidy(f"{label}. {c.explanation}".strip() if c.explanation else f"{label}.")
        row = CommentRow(c.shown_reference if not c.is_general else "", tidy(c.text), tidy(f.source), response,
                         c.current, c.proposed, c.where)
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


def _changes(facts: RoundFacts) -> Any:
    from quyche.workflow.changes import round_changes

    return round_changes(facts.base_text, facts.current_text, facts.ws.regulations[0] if facts.ws.regulations else None)


def _proposals(facts: RoundFacts, target: Path, overwrite: bool) -> Path:
    from quyche.render.docx.proposals import ProposalRow, write_proposals
    from quyche.render.typography import tidy
    from quyche.workflow.changes import KIND_LABELS

    reasons = _reasons(facts.info)
    rows = [ProposalRow(c.reference, KIND_LABELS[c.kind], c.old_text, c.new_text, tidy(c.reason(reasons)))
            for c in _changes(facts).rows]
    return write_proposals(
        target, header=_header(facts), subject=f"{regulation_name(facts.base_front)}", rows=rows,
        signing=_working_group_signing(facts.info), distribution=_distribution(facts),
        layout_config=facts.ws.config.layout, overwrite=overwrite, opinions=_proposed_by_commenters(facts),
    )


def _proposed_by_commenters(facts: RoundFacts) -> list[Any]:
    """Wording proposed by those consulted (imported tracked changes, the form's last column),
    in the order of the synthesis table; the response, when given, as the reason column."""
    from quyche.render.docx.proposals import ProposalRow
    from quyche.render.typography import tidy
    from quyche.workflow.comments import RESPONSE_LABELS, load_comments, ordered

    rows = []
    for f, c in ordered(load_comments(facts.ws.round_dir(facts.state.id))):
        if not c.proposed:
            continue
        answer = f"{RESPONSE_LABELS[c.response]}. {c.explanation}".strip() if c.response else ""
        rows.append(ProposalRow(c.shown_reference or "Chung", f"Đề nghị của {tidy(f.source)}", c.current,
                                c.proposed, tidy(answer)))
    return rows


def _vn_date(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


_LABELLED_NUMBER: Final = re.compile(r"(?P<label>[^\d:]*?\bsố)\s*:?\s*(?P<number>\S.*)", re.IGNORECASE)
_YEAR_MONTH_TEXT: Final = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d{1,2}))?")


def number_phrase(number: str) -> str:
    """The regulation's number inside a sentence: "số 05-QC/ĐU" for a Party number (with or
    without its "Số:"), "Luật số 92/2015/QH13" for a State number that carries its own label
    ("Luật số: 92/2015/QH13"), never "số Luật số: …"."""
    text = " ".join(number.split())
    m = _LABELLED_NUMBER.fullmatch(text)
    if m is None:
        return f"số {text}"
    label = m["label"].strip()
    return f"số {m['number']}" if label.lower() == "số" else f"{label} {m['number']}"


def date_phrase(value: dt.date | str | None) -> str | None:
    """The regulation's date inside a sentence: "ngày 15/07/2025", "tháng 7 năm 2025" (a draft's
    "2025-07"), "năm 2025" (year only); None when there is no date or it is not one."""
    if isinstance(value, dt.date):
        return f"ngày {_vn_date(value)}"
    m = _YEAR_MONTH_TEXT.fullmatch(str(value or "").strip())
    if m is None:
        return None
    month = int(m["month"]) if m["month"] else 0
    if m["month"] and not 1 <= month <= 12:
        return None
    return f"tháng {month} năm {m['year']}" if month else f"năm {m['year']}"


def issued_phrase(fm: FrontMatter | None) -> str:
    """"số 05-QC/ĐU, ngày 15/07/2025" / "Luật số 92/2015/QH13, năm 2015" / "ban hành tháng 7 năm
    2025" (no number): what the tờ trình puts in brackets after the regulation's name; "" when
    neither is known."""
    if fm is None:
        return ""
    when = date_phrase(fm.date)
    if fm.number and fm.number.strip():
        return number_phrase(fm.number) + (f", {when}" if when else "")
    return f"ban hành {when}" if when else ""


def render_submission_body(facts: RoundFacts) -> str:
    """The tờ trình's body from the (user's or built-in) Jinja template, in a sandbox."""
    from jinja2 import StrictUndefined, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import SandboxedEnvironment

    from quyche.render.typography import tidy, without_end_stop
    from quyche.workflow.changes import KIND_LABELS

    user = facts.ws.root / USER_TEMPLATE
    source = user if user.is_file() else Path(__file__).with_name("templates") / TEMPLATE_NAME
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters["vn_date"] = _vn_date
    env.filters["capfirst"] = lambda s: str(s)[:1].upper() + str(s)[1:]
    env.filters["phrase"] = without_end_stop
    fm, base_fm = facts.front, facts.base_front
    found = _changes(facts)
    changes = found.rows
    reasons = _reasons(facts.info)
    from quyche.workflow.comments import load_comments, totals

    t = totals(load_comments(facts.ws.round_dir(facts.state.id)))
    proc = facts.ws.procedure
    steps_done = [{"name": r.step, "title": proc.by_name[r.step].title if r.step in proc.by_name else r.step,
                   "date": r.date} for r in facts.records]
    unit = facts.ws.config.unit_name or (fm.issuer.title() if fm and fm.issuer else "")
    recipient = facts.submission.to or (fm.authority if fm and fm.authority else "Ban Chấp hành")
    context = {
        "round": {"id": facts.info.id, "title": facts.info.title},  # the id is for file names, not the text
        "unit_name": unit,
        "authority": recipient,
        "submitter": facts.submission.by,
        "regulation": regulation_name(base_fm or fm),
        "current_number": base_fm.number if base_fm else None,
        "current_date": base_fm.issue_date if base_fm else None,
        "current_number_text": number_phrase(base_fm.number) if base_fm and base_fm.number else None,
        "current_date_text": date_phrase(base_fm.date) if base_fm else None,
        "current_issued": issued_phrase(base_fm),
        "changes": [{"reference": c.reference, "label": c.label, "kind": c.kind, "kind_label": KIND_LABELS[c.kind],
                     "reason": c.reason(reasons)} for c in changes],
        "counts_changes": {k: sum(1 for c in changes if c.kind == k) for k in ("amended", "added", "repealed")}
        | {"renumbered": len(found.renumbered), "moved": found.moved},
        "renumbered": [{"old": old, "new": new} for old, new in found.renumbered],
        "counts": {"comments": t["comments"], "commenters": t["commenters"], "accepted": t["accepted"],
                   "partly": t["partly-accepted"], "rejected": t["not-accepted"]},
        "working_group": [{"name": m.name, "role": m.role, "unit": m.unit} for m in facts.info.working_group],
        "leader": (lambda m: {"name": m.name, "role": m.role} if m else None)(_leader(facts.info)),
        "steps_done": steps_done,
    }
    name = str(source.relative_to(facts.ws.root)) if source == user else TEMPLATE_NAME
    try:
        template = env.from_string(source.read_text(encoding="utf-8"))
        return tidy(template.render(**context))
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
    sub = facts.submission
    signing = SigningBlock(capacity=f"T/M {sub.by.upper()}", title=sub.signer, name=sub.signer_name or None)
    return write_submission(
        target, header=_header(facts, "TTr"), subject=subject, body=body, signing=signing,
        distribution=["Như kính gửi,", "Lưu Văn phòng cấp ủy."],
        layout_config=facts.ws.config.layout, overwrite=overwrite,
    )
