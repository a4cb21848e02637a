"""`quyche verify`: prove from the history that every round followed the procedure.

Rules (each violation names the commit, the rule and its code; the Vietnamese text shows the code):

    QV101 unsigned-step        a step commit carries no signature
    QV102 bad-signature        the signature does not match the commit (the commit was altered)
    QV103 unknown-signer       signed by a key the round's allowed signers do not list
    QV104 signer-not-allowed   the signer may not sign that step (procedure `signers:`)
    QV105 unknown-step         the step name is not in the round's procedure
    QV106 bad-trailers         Quyche-Round / Quyche-Date / Quyche-Previous missing or malformed,
                               or a Quyche-* trailer given twice in one commit
    QV107 step-order           a step repeated, or recorded after a later one
    QV108 step-skipped         a mandatory step is missing before a recorded one
    QV109 date-order           a step dated before the previous step of its round, or a round
                               started before the previous round's last step
    QV110 chain-broken         Quyche-Previous does not name the round's previous step commit
    QV111 regulation-changed   the regulation changed in a step that may not change it, in a
                               commit that is not a step, or by a merge (whatever its parent order)
    QV112 body-changed         the issue step changed more than the front matter
    QV113 tag-missing          the issue step has no tag named after the document number
    QV114 tag-moved            the tag does not point at the issue step commit (or is not annotated)
    QV115 tag-unsigned         the issue tag is not signed by an allowed key
    QV116 governed-changed     a governed file (governance.py) changed in a commit not signed by a
                               key the previous state allowed
    QV117 governed-in-step     a step commit changed a governed file
    QV118 date-future          Quyche-Date is after the day the commit was made
    QV119 author-date          the author date's day differs from Quyche-Date
    QV120 date-backdated       a step or governed change is dated before its parent commit
    QV121 round-overlap        a round started while the previous one was not finished
    QV122 comparison-table     a step from the draft on does not carry the round's comparison table
                               made from the text of that step (comparison.check_tables)

Each round is judged by the governed state in the tree of its start commit (governance.py).
The history before the first round started (the commits every step descends from) is free;
every other commit, whatever its order or parentage, is judged by what it changes relative to
its parents: a merge may only keep the text of the parent that carries the latest step.

Speed: one `git log` for the whole history (no %G?), one `git cat-file --batch` for the step
commits whose verdict is not cached, SSH signatures checked in-process (sshsig.py).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.config import CONFIG_NAME
from quyche.errors import RequirementMissing, ShallowHistory
from quyche.vcs import run_git
from quyche.workflow import trailers as T
from quyche.workflow.governance import (
    CONFIG_FILE,
    SIGNERS_FILE,
    GovernedState,
    RegulationSet,
    config_change_is_governed,
    is_governed_path,
    only_template_changed,
    state_from_blobs,
)
from quyche.workflow.history import CommitRecord, read_objects, walk_history
from quyche.workflow.procedure import Step
from quyche.workflow.round import Workspace, issue_tag_name, split_body, template_followed
from quyche.workflow.signatures import SignatureChecker, tag_signature_status
from quyche.workflow.sshsig import Verdict, parse_allowed_signers, principal_matches, verify_commit

RULE_CODES: Final = {
    "unsigned-step": "QV101", "bad-signature": "QV102", "unknown-signer": "QV103",
    "signer-not-allowed": "QV104", "unknown-step": "QV105", "bad-trailers": "QV106",
    "step-order": "QV107", "step-skipped": "QV108", "date-order": "QV109", "chain-broken": "QV110",
    "regulation-changed": "QV111", "body-changed": "QV112", "tag-missing": "QV113", "tag-moved": "QV114",
    "tag-unsigned": "QV115", "governed-changed": "QV116", "governed-in-step": "QV117",
    "date-future": "QV118", "author-date": "QV119", "date-backdated": "QV120", "round-overlap": "QV121",
    "comparison-table": "QV122",
}
RULES: Final = tuple(RULE_CODES)
MAX_UNRELATED_STEPS: Final = 64
"""Step commits outside the first step's descendants walked to find the free pre-round history;
beyond this many (only a forged history has them) the whole history is judged."""


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule at one commit."""

    rule: str
    commit: str
    round_id: str = ""
    step: str = ""
    facts: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def code(self) -> str:
        """The rule's code (QV1xx), what the Vietnamese text shows."""
        return RULE_CODES.get(self.rule, "QV100")

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"rule": self.rule, "code": self.code, "commit": self.commit, "round": self.round_id or None,
                "step": self.step or None, "facts": self.facts}


@dataclass(slots=True)
class VerifyResult:
    """Everything `verify` found."""

    commits: int = 0
    steps: int = 0
    rounds: int = 0
    signatures_checked: int = 0
    tags: dict[str, str] = field(default_factory=dict)
    """tag name → commit it points at."""
    violations: list[Violation] = field(default_factory=list)
    issued: dict[str, str] = field(default_factory=dict)
    """round id → `name@version` of the template its issued regulation followed ("" when none),
    read from quyche.yaml at the issue step."""

    @property
    def ok(self) -> bool:
        """No violation."""
        return not self.violations


@dataclass(slots=True)
class _RoundWalk:
    state: GovernedState
    round_id: str = ""
    last_index: int = -1
    last_commit: str = T.NO_PREVIOUS
    last_date: str = ""
    issue_commit: str = ""
    issue_step: str = ""


@dataclass(slots=True)
class _Pending:
    """Changes decided after one batch read of the file versions involved."""

    front_only: list[tuple[CommitRecord, str, str, str]] = field(default_factory=list)
    merges: list[tuple[CommitRecord, list[str], list[str]]] = field(default_factory=list)
    """(merge, paths to compare, the parents carrying the latest step)."""
    governed: list[tuple[CommitRecord, list[str], str]] = field(default_factory=list)
    """(commit, governed paths it changes, the parent whose state is in force)."""


def verify_repository(ws: Workspace, *, allowed_signers: Path | None = None, use_cache: bool = True,
                      rev: str = "HEAD", history: list[CommitRecord] | None = None) -> VerifyResult:
    """Walk the history of `rev` and report every violation of the procedure (`history`: that
    walk, when the caller made it already)."""
    if run_git(ws.root, "rev-parse", "--is-shallow-repository", check=False).stdout.strip() == "true":
        raise ShallowHistory(ws.root)
    if history is None:
        history = walk_history(ws.root, rev)
    result = VerifyResult(commits=len(history))
    if not history:
        return result
    trusted = _read_trusted(allowed_signers)
    steps = [c for c in history if c.is_step]
    free = _pre_round(history, steps)
    latest = _latest_step(history)
    states = _round_states(ws, history[-1].sha, steps)
    regs = RegulationSet.of(ws.regulations)
    for st in states.values():
        regs = regs | RegulationSet.of(st.regulations)
    verdicts, checkers = _step_verdicts(ws.root, steps, states, trusted, use_cache)
    result.signatures_checked = len(steps)
    result.steps = len(steps)
    walks: dict[str, _RoundWalk] = {}
    pending = _Pending()
    times = {c.sha: c.committer_time for c in history}
    previous_round: _RoundWalk | None = None
    for commit in history:
        if commit.sha in free:
            continue
        changed_regs = [f for f in commit.files if f in regs]
        changed_gov = [f for f in commit.files if is_governed_path(f)]
        if not commit.is_step:
            if len(commit.parents) > 1:
                main = _main_parents(commit, latest)
                if changed_regs or changed_gov:
                    pending.merges.append((commit, changed_regs + changed_gov, main))
            elif changed_regs:
                result.violations.append(Violation("regulation-changed", commit.sha, facts={
                    "paths": changed_regs, "subject": commit.subject, "reason": "not-a-step"}))
            if changed_gov and len(commit.parents) <= 1:
                pending.governed.append((commit, changed_gov, commit.parents[0] if commit.parents else ""))
            continue
        rid = commit.round_id
        walk = walks.get(rid)
        if walk is None:
            walk = walks[rid] = _RoundWalk(states[rid], rid)
            if previous_round is not None:
                _check_new_round(result, commit, previous_round)
            previous_round = walk
        proc = walk.state.procedure
        _check_signature(result, commit, verdicts[commit.sha], proc.signing_required, proc.by_name.get(commit.step))
        _check_trailers(result, commit, times)
        step = proc.by_name.get(commit.step)
        if changed_gov and not (step is not None and step.changes == "text"
                                and _template_section_only(ws.root, commit, changed_gov)):
            result.violations.append(Violation("governed-in-step", commit.sha, rid, commit.step,
                                               {"paths": changed_gov}))
        if step is None:
            result.violations.append(Violation("unknown-step", commit.sha, rid, commit.step,
                                               {"known": [s.name for s in proc.steps]}))
            continue
        _check_order(result, commit, step, walk)
        if changed_regs:
            if step.changes == "none":
                result.violations.append(Violation("regulation-changed", commit.sha, rid, step.name, {
                    "paths": changed_regs, "reason": "step"}))
            elif step.changes == "front-matter":
                parent = commit.parents[0] if commit.parents else ""
                pending.front_only.extend((commit, step.name, rel, parent) for rel in changed_regs)
        if step.tag:
            walk.issue_commit, walk.issue_step = commit.sha, step.name
    result.rounds = len(walks)
    blobs = _decide_pending(ws, result, pending, walks, trusted, times)
    result.issued = _issued_templates(walks, blobs)
    _check_tags(ws, result, walks, checkers, trusted, {c.sha for c in history}, blobs)
    result.violations.extend(comparison_table_violations(ws, history))
    for checker in checkers.values():
        checker.save_cache()
    return result


def _template_section_only(root: Path, commit: CommitRecord, changed_gov: list[str]) -> bool:
    """A drafting step may move the draft to a new template version (`quyche template update`),
    signed as part of the step."""
    if changed_gov != [CONFIG_FILE] or len(commit.parents) != 1:
        return False
    before_spec, after_spec = f"{commit.parents[0]}:{CONFIG_FILE}", f"{commit.sha}:{CONFIG_FILE}"
    blobs = read_objects(root, [before_spec, after_spec])
    return only_template_changed(blobs.get(before_spec), blobs.get(after_spec))


def _read_trusted(path: Path | None) -> bytes | None:
    """The allowed-signers list CI passes in from a trusted branch (it overrides the repository's)."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        from quyche.errors import FileMissing

        raise FileMissing(path) from None


def _pre_round(history: list[CommitRecord], steps: list[CommitRecord]) -> set[str]:
    """Commits every step descends from: the history that made the regulation, judged by nobody.

    A commit on a branch forked before the first round is not free, however it is merged back.
    Linear in the history unless steps sit on unrelated branches (each such step costs one walk).
    """
    if not steps:
        return {c.sha for c in history}
    parents = {c.sha: c.parents for c in history}
    children: dict[str, list[str]] = defaultdict(list)
    for c in history:
        for p in c.parents:
            children[p].append(c.sha)

    def walk(start: str, links: dict[str, Any]) -> set[str]:
        seen: set[str] = set()
        todo = list(links.get(start, ()))
        while todo:
            sha = todo.pop()
            if sha not in seen:
                seen.add(sha)
                todo.extend(links.get(sha, ()))
        return seen

    first = steps[0].sha
    free = walk(first, parents)
    after = walk(first, children) | {first}
    walks = 0
    for step in steps[1:]:
        if step.sha in after:
            continue
        walks += 1
        if walks > MAX_UNRELATED_STEPS:  # a history built to be slow: judge all of it instead
            return set()
        free &= walk(step.sha, parents)
        after |= walk(step.sha, children) | {step.sha}  # its descendants narrow nothing further
    return free


def _latest_step(history: list[CommitRecord]) -> dict[str, int]:
    """Commit → position (in the oldest-first walk) of the latest step it contains (-1: none)."""
    out: dict[str, int] = {}
    for i, c in enumerate(history):
        best = max((out.get(p, -1) for p in c.parents), default=-1)
        out[c.sha] = i if c.is_step else best
    return out


def _main_parents(commit: CommitRecord, latest: dict[str, int]) -> list[str]:
    """The parents carrying the most advanced step: the state in force, whatever the parent order."""
    best = max(latest.get(p, -1) for p in commit.parents)
    return [p for p in commit.parents if latest.get(p, -1) == best]


def _round_states(ws: Workspace, head: str, steps: list[CommitRecord]) -> dict[str, GovernedState]:
    """Each round's governed state: the tree of the round's first step commit (and `head`'s for "")."""
    starts: dict[str, str] = {}
    for c in steps:
        starts.setdefault(c.round_id, c.sha)
    starts.setdefault("", head)
    specs = [f"{sha}:{name}" for sha in starts.values() for name in (CONFIG_FILE, SIGNERS_FILE)]
    blobs = read_objects(ws.root, specs)
    fallback = list(ws.regulations)
    cached: dict[tuple[bytes | None, bytes | None], GovernedState] = {}
    out: dict[str, GovernedState] = {}
    for rid, sha in starts.items():
        key = (blobs.get(f"{sha}:{CONFIG_FILE}"), blobs.get(f"{sha}:{SIGNERS_FILE}"))
        if key not in cached:  # rounds share a state until a governed file changes
            cached[key] = state_from_blobs(ws.root, key[0], key[1], fallback)
        out[rid] = cached[key]
    return out


def _step_verdicts(root: Path, steps: list[CommitRecord], states: dict[str, GovernedState],
                   trusted: bytes | None, use_cache: bool) -> tuple[dict[str, Verdict], dict[bytes, SignatureChecker]]:
    """Each step's verdict under its round's allowed signers (or the trusted list)."""
    groups: dict[bytes, list[str]] = defaultdict(list)
    for c in steps:
        groups[trusted if trusted is not None else states.get(c.round_id, states[""]).signers].append(c.sha)
    checkers: dict[bytes, SignatureChecker] = {}
    verdicts: dict[str, Verdict] = {}
    for signers, shas in groups.items():
        checkers[signers] = SignatureChecker(root, use_cache=use_cache, signers_bytes=signers)
        verdicts.update(checkers[signers].verdicts(shas))
    return verdicts, checkers


def _check_signature(result: VerifyResult, commit: CommitRecord, verdict: Verdict, required: bool,
                     step: Step | None) -> None:
    status = verdict.status
    base = (commit.sha, commit.round_id, commit.step)
    if status == "N":
        if required:
            result.violations.append(Violation("unsigned-step", *base, {}))
        return
    if status == "B":
        result.violations.append(Violation("bad-signature", *base, {"key": verdict.fingerprint}))
        return
    if status != "G":
        result.violations.append(Violation("unknown-signer", *base, {"key": verdict.fingerprint}))
        return
    if step is not None and step.signers and not any(principal_matches(p, step.signers)
                                                      for p in verdict.principals):
        result.violations.append(Violation("signer-not-allowed", *base, {
            "principal": verdict.principal, "allowed": list(step.signers)}))


def _check_trailers(result: VerifyResult, commit: CommitRecord, times: dict[str, int]) -> None:
    """The facts a step states about itself: present, given once, and dated as it was made."""
    rid, base = commit.round_id, (commit.sha, commit.round_id, commit.step)
    if not rid or not commit.date or not commit.previous:
        missing = [k for k, v in ((T.ROUND, rid), (T.DATE, commit.date), (T.PREVIOUS, commit.previous)) if not v]
        result.violations.append(Violation("bad-trailers", *base, {"missing": missing}))
    if commit.repeated:
        result.violations.append(Violation("bad-trailers", *base, {"repeated": list(commit.repeated)}))
    if any(times.get(p, 0) > commit.committer_time for p in commit.parents):
        result.violations.append(Violation("date-backdated", *base, {"committed": commit.committer_day}))
    if not commit.date:
        return
    try:
        dt.date.fromisoformat(commit.date)
    except ValueError:
        result.violations.append(Violation("bad-trailers", *base, {"date": commit.date}))
        return
    if commit.committer_day and commit.date > commit.committer_day:
        result.violations.append(Violation("date-future", *base, {"date": commit.date,
                                                                   "committed": commit.committer_day}))
    if commit.author_day and commit.author_day != commit.date:
        result.violations.append(Violation("author-date", *base, {"date": commit.date,
                                                                   "authored": commit.author_day}))


def _check_new_round(result: VerifyResult, commit: CommitRecord, previous: _RoundWalk) -> None:
    """A round starts after the previous one is finished (as `round start` insists) and dated after it."""
    base = (commit.sha, commit.round_id, commit.step)
    if previous.last_index < len(previous.state.procedure.steps) - 1:
        result.violations.append(Violation("round-overlap", *base, {
            "previous_round": previous.round_id,
            "next": previous.state.procedure.steps[previous.last_index + 1].name}))
    if commit.date and previous.last_date and commit.date < previous.last_date:
        result.violations.append(Violation("date-order", *base, {
            "date": commit.date, "previous": previous.last_date, "new_round": True}))


def _check_order(result: VerifyResult, commit: CommitRecord, step: Step, walk: _RoundWalk) -> None:
    proc, rid = walk.state.procedure, commit.round_id
    index = proc.index(step.name)
    if index <= walk.last_index:
        result.violations.append(Violation("step-order", commit.sha, rid, step.name, {
            "last": proc.steps[walk.last_index].name, "repeated": index == walk.last_index}))
    else:
        skipped = proc.skipped_between(walk.last_index, index)
        if skipped:
            result.violations.append(Violation("step-skipped", commit.sha, rid, step.name,
                                               {"missing": [s.name for s in skipped]}))
    if commit.previous and commit.previous != walk.last_commit:
        result.violations.append(Violation("chain-broken", commit.sha, rid, step.name, {
            "expected": walk.last_commit, "found": commit.previous}))
    if commit.date and walk.last_date and commit.date < walk.last_date:
        result.violations.append(Violation("date-order", commit.sha, rid, step.name, {
            "date": commit.date, "previous": walk.last_date}))
    walk.last_index = max(walk.last_index, index)
    walk.last_commit = commit.sha
    if commit.date and commit.date >= walk.last_date:
        walk.last_date = commit.date


def _decide_pending(ws: Workspace, result: VerifyResult, pending: _Pending, walks: dict[str, _RoundWalk],
                    trusted: bytes | None, times: dict[str, int]) -> dict[str, str]:
    """Read every file version the remaining rules need in one batch, then decide them."""
    specs = [f"{c.sha}:{rel}" for c, _, rel, _ in pending.front_only]
    specs += [f"{p}:{rel}" for _, _, rel, p in pending.front_only if p]
    specs += [f"{w.issue_commit}:{w.state.regulations[0]}" for w in walks.values()
              if w.issue_commit and w.state.regulations]
    specs += [f"{spec}:{rel}" for c, rels, main in pending.merges for rel in rels for spec in (c.sha, *main)]
    specs += [f"{spec}:{CONFIG_FILE}" for c, rels, parent in pending.governed if CONFIG_FILE in rels
              for spec in (c.sha, parent) if spec]
    specs += [f"{w.issue_commit}:{CONFIG_FILE}" for w in walks.values() if w.issue_commit]
    raw = read_objects(ws.root, specs)
    blobs = {k: v.decode("utf-8", "replace") for k, v in raw.items()}
    for commit, rels, main in pending.merges:
        made = [rel for rel in rels if raw.get(f"{commit.sha}:{rel}") not in {raw.get(f"{p}:{rel}") for p in main}]
        made_regs = [rel for rel in made if not is_governed_path(rel)]
        if made_regs:
            result.violations.append(Violation("regulation-changed", commit.sha, facts={
                "paths": made_regs, "subject": commit.subject, "reason": "merge"}))
        made_gov = [rel for rel in made if is_governed_path(rel)]
        if made_gov:  # its quyche.yaml versions were read with the merge's paths above
            pending.governed.append((commit, made_gov, main[0]))
    for commit, step_name, rel, parent in pending.front_only:
        now = blobs.get(f"{commit.sha}:{rel}", "")
        before = blobs.get(f"{parent}:{rel}", "") if parent else ""
        if split_body(now)[1] != split_body(before)[1]:
            result.violations.append(Violation("body-changed", commit.sha, commit.round_id, step_name,
                                               {"paths": [rel]}))
    _check_governed_changes(ws, result, pending.governed, raw, trusted, times)
    return blobs


def _check_governed_changes(ws: Workspace, result: VerifyResult, changes: list[tuple[CommitRecord, list[str], str]],
                            raw: dict[str, bytes], trusted: bytes | None, times: dict[str, int]) -> None:
    """A governed file changes only in a commit signed by a key the previous state allowed.

    The signature is checked at the commit's own time (`valid-before`), so that time may not go
    back before its parents': a retired key cannot sign by backdating.
    """
    todo: list[tuple[CommitRecord, list[str], str]] = []
    for commit, rels, parent in changes:
        if CONFIG_FILE in rels and not config_change_is_governed(raw.get(f"{parent}:{CONFIG_FILE}") if parent else None,
                                                                raw.get(f"{commit.sha}:{CONFIG_FILE}")):
            rels = [r for r in rels if r != CONFIG_FILE]  # only `check:` changed
        if not rels:
            continue
        todo.append((commit, rels, parent))
        if any(times.get(p, 0) > commit.committer_time for p in commit.parents):
            result.violations.append(Violation("date-backdated", commit.sha, facts={
                "committed": commit.committer_day, "subject": commit.subject, "paths": rels}))
    if not todo:
        return
    objects = read_objects(ws.root, [c.sha for c, _, _ in todo] + [f"{p}:{SIGNERS_FILE}" for _, _, p in todo if p])
    trusted_list = parse_allowed_signers(trusted.decode("utf-8", "replace")) if trusted is not None else None
    git_checked: list[tuple[CommitRecord, list[str], str]] = []
    for commit, rels, parent in todo:
        before = objects.get(f"{parent}:{SIGNERS_FILE}", b"") if parent else b""
        body = objects.get(commit.sha, b"")
        verdict = verify_commit(body, parse_allowed_signers(before.decode("utf-8", "replace")))
        if verdict.status == "G" and trusted_list is not None:
            verdict = verify_commit(body, trusted_list)
        if verdict.status == "E":
            git_checked.append((commit, rels, parent))  # a GPG signature: the keyring decides
        elif verdict.status != "G":
            result.violations.append(Violation("governed-changed", commit.sha, facts={
                "paths": rels, "subject": commit.subject, "status": verdict.status}))
    if git_checked:
        proc = run_git(ws.root, "log", "--no-walk=unsorted", "--format=%H %G?", *[c.sha for c, _, _ in git_checked],
                       check=False)
        good = {line.split()[0] for line in proc.stdout.splitlines() if line.endswith(" G")}
        for commit, rels, _ in git_checked:
            if commit.sha not in good:
                result.violations.append(Violation("governed-changed", commit.sha, facts={
                    "paths": rels, "subject": commit.subject, "status": "E"}))


def _check_tags(ws: Workspace, result: VerifyResult, walks: dict[str, _RoundWalk],
                checkers: dict[bytes, SignatureChecker], trusted: bytes | None, reachable: set[str],
                blobs: dict[str, str]) -> None:
    issued = [(rid, w) for rid, w in walks.items() if w.issue_commit]
    if not issued:
        return
    refs = _tag_refs(ws.root)
    signed: list[tuple[str, str, _RoundWalk]] = []
    for rid, walk in issued:
        regs = walk.state.regulations
        text = blobs.get(f"{walk.issue_commit}:{regs[0]}") if regs else None
        try:
            name = issue_tag_name(ws, None, text or "")
        except RequirementMissing as exc:  # no usable number in the issued text
            result.violations.append(Violation("tag-missing", walk.issue_commit, rid, walk.issue_step,
                                               {"tag": None, "lacking": exc.facts.get("detail", ""),
                                                "paths": regs[:1]}))
            continue
        ref = refs.get(name)
        if ref is None:
            result.violations.append(Violation("tag-missing", walk.issue_commit, rid, walk.issue_step, {"tag": name}))
            continue
        obj, obj_type, target = ref
        result.tags[name] = target
        if obj_type != "tag" or target != walk.issue_commit:
            result.violations.append(Violation("tag-moved", target or obj, rid, walk.issue_step, {
                "tag": name, "expected": walk.issue_commit, "found": target,
                "annotated": obj_type == "tag", "in_history": target in reachable}))
            continue
        if walk.state.procedure.signing_required:
            signed.append((name, obj, walk))
    if not signed:
        return
    raws = read_objects(ws.root, [obj for _, obj, _ in signed])
    for name, obj, walk in signed:
        signers = trusted if trusted is not None else walk.state.signers
        checker = checkers.get(signers) or SignatureChecker(ws.root, use_cache=False, signers_bytes=signers)
        verdict = tag_signature_status(ws.root, raws.get(obj, b""), checker.signers, name)
        if verdict.status != "G":
            result.violations.append(Violation("tag-unsigned", result.tags[name], "", walk.issue_step, {
                "tag": name, "status": verdict.status}))


def _issued_templates(walks: dict[str, _RoundWalk], blobs: dict[str, str]) -> dict[str, str]:
    """Which template version each issued regulation followed (quyche.yaml at the issue step)."""
    from quyche.errors import YamlSyntax
    from quyche.yamlread import load_yaml

    out: dict[str, str] = {}
    for rid, walk in walks.items():
        if not walk.issue_commit:
            continue
        try:
            raw = load_yaml(blobs.get(f"{walk.issue_commit}:{CONFIG_NAME}", "") or "", CONFIG_NAME).data
        except YamlSyntax:  # a broken quyche.yaml at that commit names no template
            raw = None
        out[rid] = template_followed(raw) if isinstance(raw, dict) else ""
    return out


def _tag_refs(root: Path) -> dict[str, tuple[str, str, str]]:
    """tag name → (object id, object type, peeled commit id)."""
    proc = run_git(root, "for-each-ref", "--format=%(refname:short)%1f%(objectname)%1f%(objecttype)%1f%(*objectname)",
                   "refs/tags")
    out: dict[str, tuple[str, str, str]] = {}
    for line in proc.stdout.splitlines():
        parts = line.split("\x1f")
        if len(parts) == 4:
            name, obj, kind, peeled = parts
            out[name] = (obj, kind, peeled or obj)
    return out


def comparison_table_violations(ws: Workspace, history: list[CommitRecord]) -> list[Violation]:
    """The `comparison-table` rule: each step carries the table its text gives (comparison.py)."""
    from quyche.workflow.comparison import check_tables

    return [Violation("comparison-table", p.commit, p.round_id, p.step, {"problem": p.problem})
            for p in check_tables(ws, history)]
