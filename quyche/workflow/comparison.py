"""The round's comparison table (bảng so sánh): made at the draft step, kept in the signed record.

The `du-thao` step writes `vong/<id>/bang-so-sanh.docx` and, beside it, `bang-so-sanh.yaml`,
the record of what the table was made from: the regulation file, its git blob at the round's
start and in the draft, the reasons written on the rows, and the SHA-256 of the DOCX quyche
wrote. Both files are committed with the step, and every later step that may change the text
makes them again when the text or the reasons moved on. `verify` (check_tables) insists, at
every step from the draft on, that the record names the text of that very step and that the
DOCX is the one written with it (its hash); and it makes the table again from the record and
compares what a reader sees for the newest round's final table (REMADE_ROUNDS): a table
edited by hand and hashed again.

The reasons come from round.yaml `reasons:` and `bai-bo:` (quyche.diff.options), never from
commit messages.
"""

from __future__ import annotations

import functools
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

import yaml

from quyche.vcs import run_git
from quyche.workflow.history import CommitRecord, read_blob, read_objects

TABLE_FILE: Final = "bang-so-sanh.docx"
RECORD_FILE: Final = "bang-so-sanh.yaml"
REMADE_ROUNDS: Final = 1
"""verify makes again the final table of this many of the newest rounds (the rest: hash only;
older rounds were checked the same way by the runs of their time). About 0.35 s a table."""
OLD_LABEL: Final = "hiện hành"
NEW_LABEL: Final = "dự thảo"


@functools.lru_cache(maxsize=256)
def _load(text: str) -> Any:
    """Safe YAML with libyaml when present; `verify` reads the same record at many steps.

    Callers only read the result (it is shared between them)."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass(frozen=True, slots=True)
class MadeFrom:
    """What a round's comparison table was made from."""

    regulation: str
    base_commit: str
    base_blob: str
    draft_blob: str
    reasons: dict[str, str]
    table_sha256: str = ""
    """The hash of the DOCX written from this record ("" before it is written)."""

    def to_yaml(self) -> str:
        """The record file's text."""
        data = {"regulation": self.regulation, "base": {"commit": self.base_commit, "blob": self.base_blob},
                "draft": {"blob": self.draft_blob}, "reasons": dict(self.reasons), "table-sha256": self.table_sha256}
        head = (f"# Bảng so sánh {TABLE_FILE} được lập từ các văn bản dưới đây (mã blob git).\n"
                "# quyche tự ghi tệp này ở mỗi bước; đừng sửa tay: `quyche verify` đối chiếu với nó.\n")
        return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)

    @classmethod
    def from_yaml(cls, text: str) -> MadeFrom | None:
        """Read a record file; None when it is not one."""
        try:
            data = _load(text)
        except yaml.YAMLError:
            return None
        if not isinstance(data, dict):
            return None
        base, draft, reasons = data.get("base"), data.get("draft"), data.get("reasons") or {}
        if not isinstance(base, dict) or not isinstance(draft, dict) or not isinstance(reasons, dict):
            return None
        return cls(str(data.get("regulation") or ""), str(base.get("commit") or ""), str(base.get("blob") or ""),
                   str(draft.get("blob") or ""), {str(k): str(v) for k, v in reasons.items()},
                   str(data.get("table-sha256") or ""))

    def same_sources(self, other: MadeFrom) -> bool:
        """Made from the same texts and reasons (whatever the DOCX hash)."""
        return (self.regulation, self.base_commit, self.base_blob, self.draft_blob, self.reasons) == (
            other.regulation, other.base_commit, other.base_blob, other.draft_blob, other.reasons)


def reasons_of(reasons: dict[str, str], repeals: list[tuple[str, str]]) -> dict[str, str]:
    """The round's one source of reasons (round.yaml `reasons:` over `bai-bo:`), keyed the way
    quyche.diff.options.reason_for looks them up."""
    from quyche.diff.options import round_file_reasons

    return round_file_reasons({"bai-bo": [{"article": a, "reason": r} for a, r in repeals], "reasons": reasons})


MISSING_REASONS_SHOWN: Final = 12
"""Articles named in the "no reason yet" line; the rest are counted (a law has hundreds)."""


def missing_reasons_line(articles: list[str], where: str) -> str:
    """One line naming the changed articles that have no written reason, and where to write it."""
    shown = "; ".join(articles[:MISSING_REASONS_SHOWN])
    more = len(articles) - MISSING_REASONS_SHOWN
    if more > 0:
        shown += f" và {more} điều khác"
    return (f"Chưa có lý do cho {len(articles)} điều: {shown} (ô lý do trong bảng so sánh để trống). "
            f"Hãy ghi vào {where}.")


def round_reasons(round_file_text: str | None) -> dict[str, str]:
    """The reasons of a round.yaml's text (none for a missing or broken file)."""
    from quyche.diff.options import round_file_reasons

    try:
        data = _load(round_file_text) if round_file_text else None
    except yaml.YAMLError:
        return {}
    return round_file_reasons(data) if isinstance(data, dict) else {}


def blob_of_file(root: Path, path: Path) -> str:
    """The git blob id the file would have if committed now."""
    return run_git(root, "hash-object", "--", str(path)).stdout.strip()


def blob_at(root: Path, rev: str, rel: str) -> str:
    """The blob id of a file at a commit ("" when it is not there)."""
    proc = run_git(root, "rev-parse", "--verify", "--quiet", f"{rev}:{rel}", check=False)
    return proc.stdout.strip() if proc.returncode == 0 else ""


def build_round_table(old_text: str, new_text: str, rel: str, reasons: dict[str, str]) -> Any:
    """The table (quyche.render.docx.comparison.ComparisonTable) of the round's two texts."""
    from quyche.diff.compare import compare
    from quyche.diff.options import reason_for
    from quyche.parse import parse_text
    from quyche.render.docx.comparison import build_table

    result = compare(parse_text(old_text, rel), parse_text(new_text, rel), old_label=OLD_LABEL, new_label=NEW_LABEL)
    return build_table(result, [reason_for(change, reasons) for change in result.changes]), result


def _write(table: Any, config_layout: Any, out: Path) -> Path:
    from quyche.render.docx.base import landscape_layout
    from quyche.render.docx.comparison import write_comparison_docx

    # the same page as `quyche diff --docx` gives: the repository's margins, the table's font size
    layout = landscape_layout(config_layout, margins_only=True)
    return write_comparison_docx(table, out, overwrite=True, layout=layout)


def current_record(ws: Any, base_commit: str, round_dir: Path) -> MadeFrom:
    """What the table would be made from now: the base text, the working draft, round.yaml's reasons."""
    rel: str = ws.regulations[0]
    round_file = round_dir / "round.yaml"
    reasons = round_reasons(round_file.read_text(encoding="utf-8") if round_file.is_file() else None)
    return MadeFrom(rel, base_commit, blob_at(ws.root, base_commit, rel), blob_of_file(ws.root, ws.root / rel), reasons)


def sha256(data: bytes) -> str:
    """Hex SHA-256 of a file's bytes."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def is_current(round_dir: Path, wanted: MadeFrom) -> bool:
    """Whether the table in the round folder was made from `wanted` and not edited since."""
    record_path, table = round_dir / RECORD_FILE, round_dir / TABLE_FILE
    if not table.is_file() or not record_path.is_file():
        return False
    record = MadeFrom.from_yaml(record_path.read_text(encoding="utf-8"))
    return record is not None and record.same_sources(wanted) and record.table_sha256 == sha256(table.read_bytes())


def write_round_comparison(ws: Any, base_commit: str, round_dir: Path) -> list[str]:
    """Make the table of the draft against the round's base text, and its record; returns the
    articles listed without a written reason ("Điều 8", "Điều 5 (bãi bỏ)")."""
    from quyche.diff.options import reason_for
    from quyche.fsutil import atomic_write_text

    record = current_record(ws, base_commit, round_dir)
    rel = record.regulation
    old_text = read_blob(ws.root, base_commit, rel) or ""
    new_text = (ws.root / rel).read_text(encoding="utf-8")
    table, result = build_round_table(old_text, new_text, rel, record.reasons)
    written = _write(table, ws.config.layout, round_dir / TABLE_FILE)
    record = replace(record, table_sha256=sha256(written.read_bytes()))
    atomic_write_text(round_dir / RECORD_FILE, record.to_yaml())
    return [c.key for c in result.changes
            if (c.status != "unchanged" or c.moved) and reason_for(c, record.reasons) is None]


# --- verify -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TableProblem:
    """A step whose committed table is not the one its text gives."""

    commit: str
    round_id: str
    step: str
    problem: str
    """"missing" (no table or record), "record" (made from another text), "content" (edited)."""


def table_content(docx: bytes) -> list[tuple[str, ...]]:
    """What a reader sees in a comparison table: every cell's runs with their marks, row by row."""
    import io

    from docx import Document

    doc = Document(io.BytesIO(docx))
    rows: list[tuple[str, ...]] = []
    for table in doc.tables[1:]:  # the first table is the Party header
        for row in table.rows:
            cells = []
            for cell in row.cells:
                runs = []
                for para in cell.paragraphs:
                    for run in para.runs:
                        if run.text:
                            runs.append(f"{run.text}|{int(bool(run.bold))}{int(bool(run.font.strike))}")
                    runs.append("¶")
                cells.append("".join(runs))
            rows.append(tuple(cells))
    return rows


def _blob_ids(root: Path, specs: list[str]) -> dict[str, str]:
    """`commit:path` → blob id, for all specs in one `git cat-file --batch-check`."""
    if not specs:
        return {}
    proc = run_git(root, "cat-file", "--batch-check=%(objectname) %(objecttype)", input_text="\n".join(specs) + "\n")
    out: dict[str, str] = {}
    for spec, line in zip(specs, proc.stdout.splitlines(), strict=False):
        parts = line.split()
        if len(parts) == 2 and parts[1] == "blob":
            out[spec] = parts[0]
    return out


def check_tables(ws: Any, history: list[CommitRecord]) -> list[TableProblem]:
    """Every step from the one that made the round's table on: the table committed there must be
    the one its record gives, and at a step that may change the text, the record must name the
    text of that step and the round's base text."""
    rel = ws.regulations[0] if ws.regulations else ""
    proc = ws.procedure
    makers = {s.name for s in proc.steps if "comparison-table" in s.requires}
    if not rel or not makers:
        return []
    started: dict[str, str] = {}
    made: set[str] = set()
    due: list[tuple[CommitRecord, Any]] = []
    for commit in history:
        if not commit.is_step or not commit.round_id:
            continue
        started.setdefault(commit.round_id, commit.sha)
        step = proc.by_name.get(commit.step)
        if step is None:
            continue
        if step.name in makers:
            made.add(commit.round_id)
        if commit.round_id in made:
            due.append((commit, step))
    if not due:
        return []
    # what every rule below reads, in two git calls
    def specs_of(commit: CommitRecord) -> tuple[str, str, str, str]:
        folder = f"{commit.sha}:vong/{commit.round_id}"
        return (f"{folder}/{TABLE_FILE}", f"{folder}/{RECORD_FILE}", f"{folder}/round.yaml", f"{commit.sha}:{rel}")

    wanted = [spec for commit, _ in due for spec in specs_of(commit)[:3]]
    objects = read_objects(ws.root, wanted)
    ids = _blob_ids(ws.root, [spec for commit, _ in due for spec in specs_of(commit)[::3]]
                    + [f"{sha}:{rel}" for sha in set(started.values())])
    problems: list[TableProblem] = []
    last_of_round: dict[str, tuple[CommitRecord, Any, MadeFrom, bytes]] = {}
    for commit, step in due:
        table_spec, record_spec, round_spec, text_spec = specs_of(commit)
        rid = commit.round_id
        docx, record_bytes = objects.get(table_spec), objects.get(record_spec)
        record = MadeFrom.from_yaml(record_bytes.decode("utf-8", "replace")) if record_bytes else None
        if docx is None or record is None:
            problems.append(TableProblem(commit.sha, rid, step.name, "missing"))
            continue
        round_text = objects.get(round_spec)
        if step.changes == "text" and (
                record.regulation != rel or record.base_commit != started[rid]
                or record.base_blob != ids.get(f"{started[rid]}:{rel}")
                or record.draft_blob != ids.get(text_spec)
                or record.reasons != round_reasons(round_text.decode("utf-8", "replace") if round_text else None)):
            problems.append(TableProblem(commit.sha, rid, step.name, "record"))
            continue
        if record.table_sha256 != sha256(docx):
            problems.append(TableProblem(commit.sha, rid, step.name, "content"))
            continue
        last_of_round[rid] = (commit, step, record, docx)
    # a table edited by hand and hashed again: only making it again shows it
    for commit, step, record, docx in list(last_of_round.values())[-REMADE_ROUNDS:]:
        if not _same_as_made(ws, record, docx):
            problems.append(TableProblem(commit.sha, commit.round_id, step.name, "content"))
    return problems


def _same_as_made(ws: Any, record: MadeFrom, docx: bytes) -> bool:
    """Whether `docx` says what the table made from `record` says."""
    import zipfile

    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    blobs = read_objects(ws.root, [record.base_blob, record.draft_blob])
    if record.base_blob not in blobs or record.draft_blob not in blobs:
        return False
    old_text = blobs[record.base_blob].decode("utf-8", "replace")
    new_text = blobs[record.draft_blob].decode("utf-8", "replace")
    table, _ = build_round_table(old_text, new_text, record.regulation, record.reasons)
    with tempfile.TemporaryDirectory(prefix="quyche-verify-") as tmp:
        fresh = _write(table, ws.config.layout, Path(tmp) / TABLE_FILE).read_bytes()
    try:
        committed = table_content(docx)
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError, XMLSyntaxError):
        return False  # not a DOCX: not the table
    return table_content(fresh) == committed
