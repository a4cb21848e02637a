"""`quyche verify`: prove from the history that every round followed the procedure.

Rules (each violation names the commit and the rule):

    unsigned-step        a step commit carries no signature
    bad-signature        the signature does not match the commit (the commit was altered)
    unknown-signer       signed by a key that is not in .quyche/allowed_signers (or the GPG keyring)
    signer-not-allowed   the signer may not sign that step (procedure `signers:`)
    unknown-step         the step name is not in the procedure
    bad-trailers         Quyche-Round / Quyche-Date / Quyche-Previous missing or malformed
    step-order           a step repeated, or recorded after a later one
    step-skipped         a mandatory step is missing before a recorded one
    date-order           a step dated before the previous step of its round
    chain-broken         Quyche-Previous does not name the round's previous step commit:
                         an earlier step was amended, rebased or dropped
    regulation-changed   the regulation changed in a step that may not change it, or in a
                         commit that is not a step after the first round started
    signers-changed      .quyche/allowed_signers changed (after the first round started) in a
                         commit not signed by a key the previous version allowed
    body-changed         the issue step changed more than the front matter
    tag-missing          the issue step has no tag named after the document number
    tag-moved            the tag does not point at the issue step commit (or is not annotated)
    tag-unsigned         the issue tag is not signed by an allowed key (when signing is required)
    comparison-table     a step from the draft on does not carry the round's comparison table
                         made from the text of that step (comparison.check_tables)

What commits that are not steps may touch: anything except the regulation files, once the
first round has started (before that, the history that created the regulation is free). Comment
files, documents and settings may be committed between steps.

Speed: one `git log` for the whole history (no %G?), one `git cat-file --batch` for the step
commits whose verdict is not cached, SSH signatures checked in-process (sshsig.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.config import CONFIG_NAME
from quyche.errors import RequirementMissing, ShallowHistory
from quyche.vcs import run_git
from quyche.workflow import trailers as T
from quyche.workflow.history import CommitRecord, read_objects, walk_history
from quyche.workflow.round import Workspace, issue_tag_name, split_body, template_followed
from quyche.workflow.signatures import ALLOWED_SIGNERS, SignatureChecker, tag_signature_status
from quyche.workflow.sshsig import parse_allowed_signers, principal_matches, verify_commit

RULES: Final = (
    "unsigned-step", "bad-signature", "unknown-signer", "signer-not-allowed", "unknown-step",
    "bad-trailers", "step-order", "step-skipped", "date-order", "chain-broken",
    "regulation-changed", "body-changed", "tag-missing", "tag-moved", "tag-unsigned", "signers-changed",
    "comparison-table",
)


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule at one commit."""

    rule: str
    commit: str
    round_id: str = ""
    step: str = ""
    facts: dict[str, Any] = field(default_factory=dict, hash=False)

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {"rule": self.rule, "commit": self.commit, "round": self.round_id or None,
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
    last_index: int = -1
    last_commit: str = T.NO_PREVIOUS
    last_date: str = ""
    issue_commit: str = ""
    issue_step: str = ""


def verify_repository(ws: Workspace, *, allowed_signers: Path | None = None, use_cache: bool = True,
                      rev: str = "HEAD") -> VerifyResult:
    """Walk the history of `rev` and report every violation of the procedure."""
    if run_git(ws.root, "rev-parse", "--is-shallow-repository", check=False).stdout.strip() == "true":
        raise ShallowHistory(ws.root)
    history = walk_history(ws.root, rev)
    result = VerifyResult(commits=len(history))
    proc = ws.procedure
    regs = set(ws.regulations)
    steps = [c for c in history if c.is_step]
    checker = SignatureChecker(ws.root, allowed_signers, use_cache)
    verdicts = checker.verdicts([c.sha for c in steps])
    result.signatures_checked = len(steps)
    result.steps = len(steps)
    walks: dict[str, _RoundWalk] = {}
    front_only: list[tuple[CommitRecord, str, str, str]] = []
    merges: list[tuple[CommitRecord, list[str]]] = []
    signer_changes: list[CommitRecord] = []
    signers_rel = ALLOWED_SIGNERS.as_posix()
    started = False
    for commit in history:
        changed_regs = [f for f in commit.files if f in regs]
        if started and signers_rel in commit.files:
            signer_changes.append(commit)
        if not commit.is_step:
            if started and changed_regs and len(commit.parents) > 1:
                merges.append((commit, changed_regs))  # decided below: a merge may bring, not make, edits
            elif started and changed_regs:
                result.violations.append(Violation("regulation-changed", commit.sha, facts={
                    "paths": changed_regs, "subject": commit.subject, "reason": "not-a-step"}))
            continue
        started = True
        rid = commit.round_id
        walk = walks.setdefault(rid, _RoundWalk())
        _check_signature(result, commit, verdicts[commit.sha], proc.signing_required,
                         proc.by_name.get(commit.step))
        step = proc.by_name.get(commit.step)
        if not rid or not commit.date or not commit.previous:
            missing = [k for k, v in ((T.ROUND, rid), (T.DATE, commit.date), (T.PREVIOUS, commit.previous)) if not v]
            result.violations.append(Violation("bad-trailers", commit.sha, rid, commit.step, {"missing": missing}))
        if step is None:
            result.violations.append(Violation("unknown-step", commit.sha, rid, commit.step, {}))
            continue
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
        if commit.date:
            try:
                dt.date.fromisoformat(commit.date)
            except ValueError:
                result.violations.append(Violation("bad-trailers", commit.sha, rid, step.name, {"date": commit.date}))
            else:
                if walk.last_date and commit.date < walk.last_date:
                    result.violations.append(Violation("date-order", commit.sha, rid, step.name, {
                        "date": commit.date, "previous": walk.last_date}))
        if changed_regs:
            if step.changes == "none":
                result.violations.append(Violation("regulation-changed", commit.sha, rid, step.name, {
                    "paths": changed_regs, "reason": "step"}))
            elif step.changes == "front-matter":
                parent = commit.parents[0] if commit.parents else ""
                front_only.extend((commit, step.name, rel, parent) for rel in changed_regs)
        if step.tag:
            walk.issue_commit, walk.issue_step = commit.sha, step.name
        if index > walk.last_index:
            walk.last_index = index
        walk.last_commit = commit.sha
        if commit.date and commit.date >= walk.last_date:
            walk.last_date = commit.date
    result.rounds = len(walks)
    # every file version the remaining rules read, in one `git cat-file --batch`
    specs = [f"{c.sha}:{rel}" for c, _, rel, _ in front_only]
    specs += [f"{p}:{rel}" for _, _, rel, p in front_only if p]
    if ws.regulations:
        specs += [f"{w.issue_commit}:{ws.regulations[0]}" for w in walks.values() if w.issue_commit]
    specs += [f"{spec}:{rel}" for c, rels in merges for rel in rels for spec in (c.sha, *c.parents)]
    specs += [f"{w.issue_commit}:{CONFIG_NAME}" for w in walks.values() if w.issue_commit]
    blobs = {k: v.decode("utf-8", "replace") for k, v in read_objects(ws.root, specs).items()}
    result.issued = _issued_templates(walks, blobs)
    for commit, rels in merges:
        made = [rel for rel in rels
                if blobs.get(f"{commit.sha}:{rel}") not in {blobs.get(f"{p}:{rel}") for p in commit.parents}]
        if made:
            result.violations.append(Violation("regulation-changed", commit.sha, facts={
                "paths": made, "subject": commit.subject, "reason": "not-a-step"}))
    for commit, step_name, rel, parent in front_only:
        now = blobs.get(f"{commit.sha}:{rel}", "")
        before = blobs.get(f"{parent}:{rel}", "") if parent else ""
        if split_body(now)[1] != split_body(before)[1]:
            result.violations.append(Violation("body-changed", commit.sha, commit.round_id, step_name,
                                               {"paths": [rel]}))
    _check_signer_changes(ws, result, signer_changes, signers_rel)
    _check_tags(ws, result, walks, checker, {c.sha for c in history}, blobs)
    result.violations.extend(comparison_table_violations(ws, history))
    checker.save_cache()
    return result


def _check_signature(result: VerifyResult, commit: CommitRecord, verdict: Any, required: bool,
                     step: Any) -> None:
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


def _check_signer_changes(ws: Workspace, result: VerifyResult, commits: list[CommitRecord], rel: str) -> None:
    """Who may sign is changed only by someone the previous list already trusted."""
    if not commits:
        return
    specs = [f"{c.parents[0]}:{rel}" for c in commits if c.parents]
    objects = read_objects(ws.root, [c.sha for c in commits] + specs)
    git_checked: list[CommitRecord] = []
    for commit in commits:
        before = objects.get(f"{commit.parents[0]}:{rel}", b"") if commit.parents else b""
        verdict = verify_commit(objects.get(commit.sha, b""), parse_allowed_signers(before.decode("utf-8", "replace")))
        if verdict.status == "E":
            git_checked.append(commit)  # a GPG signature: the keyring decides
        elif verdict.status != "G":
            result.violations.append(Violation("signers-changed", commit.sha, facts={
                "subject": commit.subject, "status": verdict.status}))
    if git_checked:
        proc = run_git(ws.root, "log", "--no-walk=unsorted", "--format=%H %G?", *[c.sha for c in git_checked],
                       check=False)
        good = {line.split()[0] for line in proc.stdout.splitlines() if line.endswith(" G")}
        for commit in git_checked:
            if commit.sha not in good:
                result.violations.append(Violation("signers-changed", commit.sha, facts={
                    "subject": commit.subject, "status": "E"}))


def _check_tags(ws: Workspace, result: VerifyResult, walks: dict[str, _RoundWalk],
                checker: SignatureChecker, reachable: set[str], blobs: dict[str, str]) -> None:
    issued = [(rid, w) for rid, w in walks.items() if w.issue_commit]
    if not issued:
        return
    refs = _tag_refs(ws.root)
    tag_objects: dict[str, str] = {}
    for rid, walk in issued:
        text = blobs.get(f"{walk.issue_commit}:{ws.regulations[0]}") if ws.regulations else None
        try:
            name = issue_tag_name(ws, None, text or "")
        except RequirementMissing:  # no usable number in the issued text
            result.violations.append(Violation("tag-missing", walk.issue_commit, rid, walk.issue_step,
                                               {"tag": None}))
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
        tag_objects[name] = obj
    if not tag_objects or not ws.procedure.signing_required:
        return
    raws = read_objects(ws.root, list(tag_objects.values()))
    for name, obj in tag_objects.items():
        verdict = tag_signature_status(ws.root, raws.get(obj, b""), checker.signers, name)
        if verdict.status != "G":
            result.violations.append(Violation("tag-unsigned", result.tags[name], "", "", {
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
