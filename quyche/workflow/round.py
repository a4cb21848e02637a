"""`round start` and `round step`: one signed commit per step, after checking it may be recorded.

The history is the source of truth: a round's recorded steps are the commits carrying its
`Quyche-Round` and `Quyche-Step` trailers. The round folder (`vong/<id>/`) holds what people
write: round.yaml (title, working group, planned dates), the comment files and the documents.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import yaml

from quyche.config import CONFIG_NAME, Config, load_config, load_yaml_mapping
from quyche.errors import (
    BadRoundId,
    BadStepDate,
    FrontMatterUnclosed,
    GitError,
    InputError,
    NoRound,
    NotUtf8,
    RegulationChangeNotAllowed,
    RequirementMissing,
    RoundExists,
    RoundFileError,
    RoundOpen,
    SignerNotAllowed,
    SigningError,
    SigningRequired,
    StepOutOfOrder,
    StepRepeated,
    StepSkipped,
    TagExists,
    UnknownStep,
    UnrelatedChanges,
    UnresolvedConflict,
)
from quyche.fsutil import (
    atomic_write_text,
    clean_folder_on_failure,
    ensure_inside,
    read_bytes_guarded,
)
from quyche.vcs import repo_root, run_git
from quyche.workflow import trailers as T
from quyche.workflow.governance import (
    CONFIG_FILE,
    SIGNERS_FILE,
    GovernedState,
    normalise_regulation_path,
    state_from_blobs,
)
from quyche.workflow.history import CommitRecord, read_blob, read_objects, walk_history
from quyche.workflow.lock import holding_repository_lock
from quyche.workflow.procedure import Procedure, Step, load_procedure
from quyche.workflow.signatures import ALLOWED_SIGNERS

ROUNDS_DIR: Final = "vong"
ROUND_FILE: Final = "round.yaml"
COMPARISON_FILE: Final = "bang-so-sanh.docx"
"""The round's comparison table (quyche.workflow.comparison.TABLE_FILE)."""
MEETING_HOUR: Final = "T12:00:00+07:00"
"""Author time of a step commit: noon, Vietnam time, on the meeting date."""

_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


# --- the workspace -------------------------------------------------------------------------
@dataclass(slots=True)
class Workspace:
    """A regulation repository: its root, settings, procedure and regulation files."""

    root: Path
    config: Config
    procedure: Procedure
    regulations: list[str]
    """Paths of the regulation files, relative to the root, POSIX style, normalised."""
    allowed_signers: bytes | None = None
    """The allowed-signers list in force (a round's, from its start commit); None: the working tree's."""

    def round_dir(self, round_id: str) -> Path:
        """The folder of a round (kept inside the repository)."""
        return ensure_inside(Path(ROUNDS_DIR) / round_id, self.root)


def open_workspace(start: Path) -> Workspace:
    """The repository holding `start`, with its quyche.yaml and procedure."""
    root = repo_root(start)
    config = load_config(root)
    procedure = load_procedure(config.procedure, config.path)
    regs = list(config.regulations)
    if not regs:
        regs = sorted(p.name for p in root.glob("*.md") if not p.name.lower().startswith("readme"))
    return Workspace(root, config, procedure, [n for n in (normalise_regulation_path(r) for r in regs) if n])


def governed_states(ws: Workspace, rounds: list[RoundState]) -> dict[str, GovernedState]:
    """Each round's governed state, read from its start commit (one `git cat-file --batch`)."""
    starts = {r.id: r.records[0].commit for r in rounds if r.records}
    specs = [f"{sha}:{name}" for sha in starts.values() for name in (CONFIG_FILE, SIGNERS_FILE)]
    blobs = read_objects(ws.root, specs)
    return {rid: state_from_blobs(ws.root, blobs.get(f"{sha}:{CONFIG_FILE}"), blobs.get(f"{sha}:{SIGNERS_FILE}"),
                                  ws.regulations) for rid, sha in starts.items()}


def in_force(ws: Workspace, governed: GovernedState | None) -> Workspace:
    """The workspace under a round's rules: its procedure, regulation list and signers, not today's edits."""
    if governed is None:
        return ws
    return replace(ws, procedure=governed.procedure, regulations=governed.regulations or ws.regulations,
                   allowed_signers=governed.signers)


# --- round.yaml --------------------------------------------------------------------------
@dataclass(slots=True)
class Member:
    """A member of the working group (tổ công tác)."""

    name: str
    role: str = ""
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Repeal:
    """A documented repeal: the article (its id or title) and why."""

    article: str
    reason: str


@dataclass(slots=True)
class RoundInfo:
    """What round.yaml says about a round."""

    id: str
    title: str
    working_group: list[Member] = field(default_factory=list)
    planned: dict[str, str] = field(default_factory=dict)
    """step name → planned date (YYYY-MM-DD)."""
    reasons: dict[str, str] = field(default_factory=dict)
    """"Điều 5" → why it is amended (the Lý do column of the proposals table and the tờ trình)."""
    repeals: list[Repeal] = field(default_factory=list)
    """`bai-bo:`: template articles the round repeals, each with its reason (QC501 accepts them)."""

    def to_yaml(self) -> str:
        """The file text (PyYAML, Vietnamese kept readable)."""
        data: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "working_group": [
                {k: v for k, v in (("name", m.name), ("role", m.role), ("unit", m.unit)) if v}
                for m in self.working_group
            ],
            "planned": dict(self.planned),
            "reasons": dict(self.reasons),
            "bai-bo": [{"article": r.article, "reason": r.reason} for r in self.repeals],
        }
        head = "# Vòng sửa đổi, bổ sung quy chế. Xem `quyche help round`.\n"
        return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


def load_round_info(path: Path, round_id: str) -> RoundInfo:
    """Read round.yaml; a missing file gives an empty RoundInfo, a broken one an error.

    A broken file must not read as "no working group": the documents would silently lose it.
    """
    if not path.is_file():
        return RoundInfo(round_id, "")
    data = load_yaml_mapping(path, read_bytes_guarded(path), not_utf8=NotUtf8(path),
                             not_mapping=RoundFileError(path, 1, 1))
    members = []
    for item in data.get("working_group") or []:
        if isinstance(item, dict) and item.get("name"):
            members.append(Member(str(item["name"]), str(item.get("role") or ""), str(item.get("unit") or "")))
        elif isinstance(item, str) and item.strip():
            members.append(Member(item.strip()))
    planned = data.get("planned") or {}
    reasons = data.get("reasons") or {}
    repeals = [Repeal(str(item["article"]), str(item.get("reason") or ""))
               for item in (data.get("bai-bo") or []) if isinstance(item, dict) and item.get("article")]
    return RoundInfo(
        str(data.get("id") or round_id),
        str(data.get("title") or ""),
        members,
        {str(k): str(v) for k, v in planned.items()} if isinstance(planned, dict) else {},
        {str(k): str(v) for k, v in reasons.items() if v is not None} if isinstance(reasons, dict) else {},
        repeals,
    )


# --- rounds from the history ---------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class StepRecord:
    """A recorded step: the commit that carries it."""

    round_id: str
    step: str
    commit: str
    date: str
    previous: str


@dataclass(slots=True)
class RoundState:
    """A round as the history shows it."""

    id: str
    records: list[StepRecord] = field(default_factory=list)

    def record(self, step: str) -> StepRecord | None:
        """The commit of a step, if recorded."""
        for rec in self.records:
            if rec.step == step:
                return rec
        return None

    @property
    def last(self) -> StepRecord | None:
        """The latest recorded step."""
        return self.records[-1] if self.records else None

    def last_index(self, procedure: Procedure) -> int:
        """Procedure position of the latest recorded known step (-1 when none)."""
        best = -1
        for rec in self.records:
            if rec.step in procedure.by_name:
                best = max(best, procedure.index(rec.step))
        return best

    def finished(self, procedure: Procedure) -> bool:
        """Whether no step remains to record."""
        return self.last_index(procedure) >= len(procedure.steps) - 1

    def next_step(self, procedure: Procedure) -> Step | None:
        """The next step in order (optional ones included)."""
        i = self.last_index(procedure) + 1
        return procedure.steps[i] if i < len(procedure.steps) else None


def rounds_from_history(history: list[CommitRecord]) -> list[RoundState]:
    """Rounds in the order they started, with their step commits in history order."""
    rounds: dict[str, RoundState] = {}
    for rec in history:
        if not rec.is_step or not rec.round_id:
            continue
        state = rounds.setdefault(rec.round_id, RoundState(rec.round_id))
        state.records.append(StepRecord(rec.round_id, rec.step, rec.sha, rec.date, rec.previous))
    return list(rounds.values())


def _first_open(ws: Workspace, rounds: list[RoundState]) -> RoundState | None:
    """The latest started round not finished under the procedure in force when it started."""
    states = governed_states(ws, rounds)
    for state in reversed(rounds):
        if not state.finished(in_force(ws, states.get(state.id)).procedure):
            return state
    return None


def find_round(ws: Workspace, round_id: str | None = None,
               history: list[CommitRecord] | None = None) -> RoundState:
    """The named round, or the open one (the latest started and not finished)."""
    rounds = rounds_from_history(history if history is not None else walk_history(ws.root))
    if round_id:
        for state in rounds:
            if state.id == round_id:
                return state
        raise NoRound(None, round_id=round_id)
    found = _first_open(ws, rounds)
    if found is None:
        raise NoRound(None)
    return found


def latest_round(ws: Workspace, history: list[CommitRecord] | None = None) -> RoundState:
    """The open round, or else the last one (for status and reports)."""
    rounds = rounds_from_history(history if history is not None else walk_history(ws.root))
    found = _first_open(ws, rounds)
    if found is not None:
        return found
    if rounds:
        return rounds[-1]
    raise NoRound(None)


# --- dates ---------------------------------------------------------------------------------
def parse_date(value: str, previous: str | None = None, today: dt.date | None = None) -> dt.date:
    """A meeting date: ISO YYYY-MM-DD (or DD/MM/YYYY), not in the future, not before the last step."""
    text = value.strip()
    day: dt.date | None = None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
            break
        except ValueError:
            continue
    if day is None:
        raise BadStepDate(None, value=value, problem="format")
    if day > (today or dt.date.today()):
        raise BadStepDate(None, value=value, problem="future")
    if previous:
        try:
            prev = dt.date.fromisoformat(previous)
        except ValueError:
            prev = None
        if prev is not None and day < prev:
            raise BadStepDate(None, value=value, problem="before-previous", previous=previous)
    return day


# --- working tree ------------------------------------------------------------------------
def changed_paths(root: Path) -> list[str]:
    """Paths with uncommitted changes (staged, unstaged or untracked), relative to the root."""
    proc = run_git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all")
    out: list[str] = []
    entries = proc.stdout.split("\0")
    i = 0
    while i < len(entries):
        entry = entries[i]
        i += 1
        if len(entry) < 4:
            continue
        out.append(entry[3:])
        if entry[0] in "RC":  # a rename is followed by its source path
            out.append(entries[i])
            i += 1
    return out


def split_body(text: str) -> tuple[str, str]:
    """(front matter YAML, body) of a regulation's text."""
    from quyche.parse.frontmatter import split_front_matter

    try:
        yaml_text, body_index, _ = split_front_matter(text)
    except FrontMatterUnclosed:  # compare the whole text
        return "", text
    lines = text.split("\n")
    return yaml_text or "", "\n".join(lines[body_index:])


# --- signing ------------------------------------------------------------------------------
def signing_principals(ws: Workspace) -> tuple[str, tuple[str, ...] | None] | None:
    """(key description, its principals in allowed_signers or None) for an SSH signing setup.

    None when git signs with GPG (checked afterwards by `verify`) or no key is configured.
    """
    fmt = run_git(ws.root, "config", "--get", "gpg.format", check=False).stdout.strip()
    if fmt != "ssh":
        return None
    key = run_git(ws.root, "config", "--get", "user.signingkey", check=False).stdout.strip()
    if not key:
        return None
    if key.startswith("key::"):
        pub = key[5:]
    else:
        path = Path(key).expanduser()
        if not path.is_absolute():
            path = ws.root / path
        candidates = [path] if path.suffix == ".pub" else [path.with_name(path.name + ".pub"), path]
        pub = ""
        for cand in candidates:
            try:
                text = cand.read_text(encoding="utf-8", errors="replace").strip()
            except OSError:
                continue
            if text.startswith(("ssh-", "ecdsa-", "sk-")):
                pub = text
                break
        if not pub and path.is_file():
            proc = subprocess.run(["ssh-keygen", "-y", "-f", str(path)], capture_output=True, text=True, check=False)
            pub = proc.stdout.strip() if proc.returncode == 0 else ""
        if not pub:
            return None
    from quyche.workflow.sshsig import parse_allowed_signers, principal_for_public_key

    if ws.allowed_signers is not None:
        signers = parse_allowed_signers(ws.allowed_signers.decode("utf-8", "replace"))
    else:
        try:
            signers = parse_allowed_signers((ws.root / ALLOWED_SIGNERS).read_text(encoding="utf-8"))
        except OSError:
            raise RequirementMissing(None, step="", requirement="allowed-signers",
                                     detail=str(ALLOWED_SIGNERS)) from None
    parts = pub.split()
    label = parts[2] if len(parts) > 2 else (parts[1][:16] + "…" if len(parts) > 1 else pub)
    return label, principal_for_public_key(pub, signers)


def _check_signer(ws: Workspace, step: Step) -> None:
    found = signing_principals(ws)
    if found is None:
        return
    label, principals = found
    if principals is None:
        raise SignerNotAllowed(None, step=step.name, principal=f"{label}, chưa có trong {ALLOWED_SIGNERS}",
                               allowed=list(step.signers))
    if step.signers:
        from quyche.workflow.sshsig import principal_matches

        if not any(principal_matches(p, step.signers) for p in principals):
            raise SignerNotAllowed(None, step=step.name, principal=", ".join(principals), allowed=list(step.signers))


# --- requirements --------------------------------------------------------------------------
def _validate_regulation(ws: Workspace, rel: str, step: Step, base: str) -> None:
    """The draft must parse (InputError otherwise) and have no `quyche check` error, stale
    references against the round's start (`base`, QC205) included."""
    from dataclasses import replace

    from quyche.check.finding import Severity
    from quyche.check.runner import check_file

    config = replace(ws.config, check=replace(ws.config.check, since=base))
    errors = [f for f in check_file(ws.root / rel, config) if f.severity == Severity.ERROR]
    if errors:
        first = errors[0]
        where = f"{first.path}:{first.span.line}:{first.span.column}"
        raise RequirementMissing(None, step=step.name, requirement="regulation-invalid",
                                 detail=f"{len(errors)} lỗi; lỗi đầu tiên ở {where}: {first.code} {first.message}")


def _check_requirements(ws: Workspace, state: RoundState | None, step: Step, round_dir: Path,
                        date_given: bool, day: dt.date) -> list[str]:
    """Refuse the step when one of its requirements is not met; returns the articles the table it
    made lists without a reason."""
    missing_reasons: list[str] = []
    for req in step.requires:
        if req == "working-group":
            info = load_round_info(round_dir / ROUND_FILE, round_dir.name)
            if not info.working_group:
                raise RequirementMissing(None, step=step.name, requirement=req,
                                         detail=f"{ROUNDS_DIR}/{round_dir.name}/{ROUND_FILE}")
        elif req == "regulation-changed":
            base = state.records[0].commit if state and state.records else "HEAD"
            changed = []
            for rel in ws.regulations:
                path = ws.root / rel
                now = path.read_text(encoding="utf-8") if path.is_file() else None
                if now != read_blob(ws.root, base, rel):
                    changed.append(rel)
            if not changed:
                raise RequirementMissing(None, step=step.name, requirement=req)
            for rel in changed:
                if (ws.root / rel).is_file():
                    _validate_regulation(ws, rel, step, base)
        elif req == "comparison-table":
            if state is not None:  # after the draft was found to parse, above
                missing_reasons.extend(refresh_table(ws, state, step, round_dir) or [])
            if not (round_dir / COMPARISON_FILE).is_file():
                raise RequirementMissing(None, step=step.name, requirement=req,
                                         detail=f"{ROUNDS_DIR}/{round_dir.name}/{COMPARISON_FILE}")
        elif req == "comments-answered":
            from quyche.workflow.comments import load_comments, unanswered

            missing = unanswered(load_comments(round_dir))
            if missing:
                raise RequirementMissing(None, step=step.name, requirement=req, detail=len(missing))
        elif req == "meeting-date":
            if not date_given:
                raise RequirementMissing(None, step=step.name, requirement=req)
        elif req == "issue-number":
            check_issue_front_matter(ws, state, step, day)
    return missing_reasons


def check_issue_front_matter(ws: Workspace, state: RoundState | None, step: Step, day: dt.date) -> None:
    """What the issue step issues: a new Party number and the issue date of this very step.

    A revised regulation is issued under a new number written in by the office, dated the day it
    is issued; the tag and the official DOCX are made from these keys, so an unchanged number or
    a stale date would issue the text under the old identity.
    """
    from quyche.model.frontmatter import DocumentNumber
    from quyche.parse import parse_text

    rel = ws.regulations[0] if ws.regulations else ""
    path = ws.root / rel
    text = path.read_text(encoding="utf-8") if rel and path.is_file() else ""
    fm = parse_text(text, rel).front_matter
    expected = day.isoformat()

    def refuse(requirement: str, **facts: Any) -> RequirementMissing:
        return RequirementMissing(None, step=step.name, requirement=requirement, file=rel, expected=expected, **facts)

    raw_number = (fm.number or "").strip() if fm else ""
    if not raw_number:
        raise refuse("issue-number-missing")
    number = DocumentNumber.from_text(raw_number)
    if number is None or number.has_stray_spaces or str(number) != raw_number:
        raise refuse("issue-number-form", value=raw_number)
    base_text = read_blob(ws.root, state.records[0].commit, rel) if state and state.records else None
    if base_text is not None:
        try:
            base_fm = parse_text(base_text, rel).front_matter
        except InputError:  # an unreadable base text has no number to compare with
            base_fm = None
        base_number = base_fm.document_number if base_fm else None
        if base_number is not None and str(base_number) == str(number):
            raise refuse("issue-number-unchanged", value=raw_number)
    if fm is None or fm.date is None or (isinstance(fm.date, str) and not fm.date.strip()):
        raise refuse("issue-date-missing")
    if fm.issue_date is None:
        raise refuse("issue-date-invalid", value=str(fm.date))
    issued = fm.issue_date.isoformat()
    approved = state.last if state and state.last else None
    if approved is not None and approved.date and issued < approved.date:
        raise refuse("issue-date-early", value=issued,
                     detail=f"{issued} trước ngày {approved.date} của bước `{approved.step}`")
    if issued != expected:
        raise refuse("issue-date-mismatch", value=issued)


def issue_tag_name(ws: Workspace, step: Step | None = None, text: str | None = None) -> str:
    """The tag of the issued text, from the first regulation's number and date."""
    from quyche.parse import parse_text

    rel = ws.regulations[0] if ws.regulations else ""
    if text is None:
        path = ws.root / rel
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
    reg = parse_text(text, rel)
    fm = reg.front_matter
    number = fm.document_number if fm else None
    day = fm.issue_date if fm else None
    if number is None or day is None:
        what = " và ".join(w for w, ok in (("số văn bản (number)", number), ("ngày ban hành (date)", day)) if not ok)
        raise RequirementMissing(None, step=step.name if step else "", requirement="issue-number", detail=what)
    return number.tag_name(day.year)


# --- recording -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Recorded:
    """What `round step` did."""

    record: StepRecord
    step: Step
    tag: str | None = None
    signed: bool = True
    made: tuple[str, ...] = ()
    """Files the step made and committed with it (the comparison table), relative to the root."""
    unexplained: tuple[str, ...] = ()
    """Articles the table made by this step lists without a written reason (empty cells)."""


def template_followed(raw: dict[str, Any]) -> str:
    """`name@version` of the template quyche.yaml records, or ""."""
    tpl = raw.get("template")
    if isinstance(tpl, dict) and tpl.get("name") and tpl.get("version"):
        return f"{tpl['name']}@{tpl['version']}"
    return ""


def _refuse_conflicts(ws: Workspace, paths: list[str]) -> None:
    """A step never records a text with conflicts left by `template update` (QC504)."""
    from quyche.parse.document import parse_text

    for rel in paths:
        path = ws.root / rel
        if not path.is_file():
            continue
        reg = parse_text(path.read_text(encoding="utf-8"), rel)
        if reg.conflicts:
            raise UnresolvedConflict(path, reg.conflicts[0].line, count=sum(m.side == "ours" for m in reg.conflicts))


def _template_section_only(ws: Workspace) -> bool:
    """Did quyche.yaml change in its `template:` section alone (what `template update` writes)?"""
    from quyche.workflow.governance import only_template_changed

    try:
        after = (ws.root / CONFIG_NAME).read_bytes()
    except OSError:
        return False
    before = read_blob(ws.root, "HEAD", CONFIG_NAME)
    return only_template_changed(before.encode("utf-8") if before is not None else None, after)


def _known_step(proc: Procedure, name: str) -> Step:
    step = proc.by_name.get(name)
    if step is None:
        raise UnknownStep(None, step=name, known=[s.name for s in proc.steps])
    return step


@holding_repository_lock
def record_step(ws: Workspace, step_name: str, *, date: str | None = None, message: str | None = None,
                sign: bool = True, _new_round: str | None = None) -> Recorded:
    """Check everything, then record `step_name` of the open round as one commit."""
    history = walk_history(ws.root)
    if _new_round is not None:
        state = RoundState(_new_round)
    else:
        try:
            state = find_round(ws, history=history)
        except NoRound:  # a bad step name or date is a bad argument (exit 2) whether or not a round is open
            _known_step(ws.procedure, step_name)
            if date:
                parse_date(date)
            raise
        ws = in_force(ws, governed_states(ws, [state]).get(state.id))  # the rules fixed when the round started
    proc = ws.procedure
    step = _known_step(proc, step_name)
    if date:
        parse_date(date)  # a date that is no date; the order against the last step comes below
    done = state.record(step.name)
    if done is not None:
        raise StepRepeated(None, step=step.name, commit=done.commit[:10])
    index = proc.index(step.name)
    last = state.last_index(proc)
    if index < last:
        raise StepOutOfOrder(None, step=step.name, last=proc.steps[last].name)
    skipped = proc.skipped_between(last, index)
    if skipped:
        raise StepSkipped(None, step=step.name, missing=[s.name for s in skipped])
    if not sign and proc.signing_required:
        raise SigningRequired(None, step=step.name)
    previous_date = state.last.date if state.last else None
    day = parse_date(date, previous_date) if date else dt.date.today()
    if not date and previous_date and day.isoformat() < previous_date:
        raise BadStepDate(None, value=day.isoformat(), problem="before-previous", previous=previous_date)
    round_dir = ws.round_dir(state.id)
    round_rel = f"{ROUNDS_DIR}/{state.id}/"

    # what may be committed with the step
    changed = changed_paths(ws.root)
    regs = set(ws.regulations)
    follows = template_followed(ws.config.raw)
    if CONFIG_NAME in changed and any(p in regs for p in changed) and step.changes != "none" \
            and _template_section_only(ws):
        regs.add(CONFIG_NAME)  # `template update` wrote both: the draft now follows the new version
    unrelated = [p for p in changed if p not in regs and not p.startswith(round_rel)]
    if unrelated:
        raise UnrelatedChanges(None, paths=unrelated)
    reg_changed = [p for p in changed if p in regs and p != CONFIG_NAME]
    _refuse_conflicts(ws, reg_changed)
    if reg_changed and step.changes == "none":
        raise RegulationChangeNotAllowed(None, step=step.name, paths=reg_changed, scope="all")
    if reg_changed and step.changes == "front-matter":
        for rel in reg_changed:
            path = ws.root / rel
            now = path.read_text(encoding="utf-8") if path.is_file() else ""
            before = read_blob(ws.root, "HEAD", rel) or ""
            if split_body(now)[1] != split_body(before)[1]:
                raise RegulationChangeNotAllowed(None, step=step.name, paths=[rel], scope="front-matter")

    from quyche.workflow import comparison

    kept = {path: (path.read_bytes() if path.is_file() else None)
            for path in (round_dir / comparison.TABLE_FILE, round_dir / comparison.RECORD_FILE)}
    staged: list[str] = []
    made: list[str] = []
    unexplained: list[str] = []
    try:
        unexplained = _check_requirements(ws, state, step, round_dir, date_given=bool(date), day=day)
        unexplained = refresh_table(ws, state, step, round_dir) or unexplained
        made = [p.relative_to(ws.root).as_posix() for p, kept_bytes in kept.items()
                if p.is_file() and p.read_bytes() != kept_bytes]
        changed = [p for p in changed_paths(ws.root) if p in changed or p.startswith(round_rel)]  # + made files
        tag = None
        if step.tag:
            tag = issue_tag_name(ws, step)
            if run_git(ws.root, "rev-parse", "--verify", "--quiet", f"refs/tags/{tag}", check=False).returncode == 0:
                raise TagExists(None, tag=tag)
        if sign:
            _check_signer(ws, step)

        # the commit
        if changed:
            run_git(ws.root, "add", "-A", "--", *changed)
            staged = changed
        if made:  # the table is committed even where an old .gitignore ignores bang-so-sanh*.docx
            run_git(ws.root, "add", "-f", "--", *made)
            staged = [*staged, *made]
        prev_commit = state.last.commit if state.last else T.NO_PREVIOUS
        trailers = T.StepTrailers(state.id, step.name, day.isoformat(), prev_commit, follows)
        subject = f"Vòng {state.id}: {step.title}"
        msg = subject + (f"\n\n{message.strip()}" if message and message.strip() else "")
        args = ["commit", "-S" if sign else "--no-gpg-sign", "--allow-empty", "--no-verify",
                f"--date={day.isoformat()}{MEETING_HOUR}", "-m", msg, *trailers.as_args()]
        _run_signed(ws.root, args, sign)
    except BaseException:
        if staged:  # a refused or failed commit leaves the index as it found it (the files stay)
            run_git(ws.root, "reset", "-q", "--", *staged, check=False)
        for path, kept_bytes in kept.items():  # a table made for a step that was not recorded is stale
            if kept_bytes is None:
                path.unlink(missing_ok=True)
            elif path.read_bytes() != kept_bytes:
                path.write_bytes(kept_bytes)
        raise
    sha = run_git(ws.root, "rev-parse", "HEAD").stdout.strip()
    if tag:
        tag_args = ["tag", "-a", "-s" if sign else "--no-sign", "-m", f"Ban hành {tag} (vòng {state.id})", tag, sha]
        _run_signed(ws.root, tag_args, sign)
    record = StepRecord(state.id, step.name, sha, day.isoformat(), prev_commit)
    return Recorded(record, step, tag, sign, tuple(made), tuple(unexplained))


def _run_signed(root: Path, args: list[str], sign: bool) -> None:
    proc = run_git(root, *args, check=False)
    if proc.returncode == 0:
        return
    stderr = (proc.stderr.strip().splitlines() or [""])
    text = " ".join(stderr[-2:])
    if sign and any(w in text.lower() for w in ("sign", "key", "gpg", "ssh", "passphrase")):
        key = run_git(root, "config", "user.signingkey", check=False).stdout.strip()
        raise SigningError(None, stderr=text, key_set=bool(key))
    raise GitError(root, command="git " + " ".join(args[:2]), stderr=text)


def refresh_table(ws: Workspace, state: RoundState, step: Step, round_dir: Path) -> list[str] | None:
    """Make the round's comparison table again when this step must carry it and it is stale.

    The step that requires the table makes it; every later step that may change the text makes
    it again when the text or round.yaml's reasons moved on, so the signed record always holds
    the table of the text it signs. Returns the articles it lists without a reason when it made
    the table (None when the table was current or is not this step's business).
    """
    from quyche.workflow import comparison

    if not state.records or not ws.regulations:
        return None
    makers = [s.name for s in ws.procedure.steps if "comparison-table" in s.requires]
    if "comparison-table" not in step.requires and not (
            step.changes == "text" and any(state.record(name) for name in makers)):
        return None
    base = state.records[0].commit
    if comparison.is_current(round_dir, comparison.current_record(ws, base, round_dir)):
        return None
    return comparison.write_round_comparison(ws, base, round_dir)


def new_round_id(ws: Workspace, today: dt.date | None = None) -> str:
    """`2026-01`, `2026-02`, … the next free id of the year."""
    year = (today or dt.date.today()).year
    folder = ws.root / ROUNDS_DIR
    n = 1
    while (folder / f"{year}-{n:02d}").exists():
        n += 1
    return f"{year}-{n:02d}"


def start_round(ws: Workspace, title: str, *, round_id: str | None = None, date: str | None = None,
                members: list[Member] | None = None, planned: dict[str, str] | None = None,
                message: str | None = None, sign: bool = True) -> Recorded:
    """Create `vong/<id>/round.yaml` and record the first step, or leave nothing behind."""
    history = walk_history(ws.root)
    rounds = rounds_from_history(history)
    states = governed_states(ws, rounds)
    for state in rounds:
        proc = in_force(ws, states.get(state.id)).procedure
        if not state.finished(proc):
            nxt = state.next_step(proc)
            raise RoundOpen(None, round_id=state.id, next_step=nxt.name if nxt else "")
    rid = round_id or new_round_id(ws)
    if not _ID_RE.match(rid):
        raise BadRoundId(None, round_id=rid)
    folder = ws.round_dir(rid)
    if folder.exists() or any(s.id == rid for s in rounds):
        raise RoundExists(None, round_id=rid)
    info = RoundInfo(rid, title.strip(), list(members or []), dict(planned or {}))
    with clean_folder_on_failure(folder.parent):  # also the `vong/` folder when this made it
        folder.mkdir(parents=True)
        atomic_write_text(folder / ROUND_FILE, info.to_yaml())
        return record_step(ws, ws.procedure.first.name, date=date, message=message, sign=sign, _new_round=rid)
