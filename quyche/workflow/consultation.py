"""Consultation through Word: send the draft out (`round draft`), read the answers back
(`round comments import`) into the round's gop-y YAML files.

Reading back refuses a file made from another draft text (it names the commit it came from;
--force takes it anyway, placing what still matches), and a document that is not a draft of
this regulation. Writing adds only opinions the unit's file does not hold yet (same place, same
text, same proposed wording), so importing a file twice changes nothing and what the office has
typed into the file (`response:`, `explanation:`, its comments) is kept as it was.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.errors import DraftMismatch, OpinionFileError
from quyche.fsutil import atomic_write_text, ensure_inside
from quyche.vcs import run_git
from quyche.workflow.anchors import DraftAnchors, draft_anchors, normalise
from quyche.workflow.comments import COMMENTS_DIR, load_comment_file
from quyche.workflow.history import read_blob
from quyche.workflow.opinions import Opinion, OpinionDocument, read_opinions
from quyche.workflow.round import RoundState, Workspace

DRAFT_FILE: Final = "du-thao-lay-y-kien.docx"
FORM_FILE: Final = "phieu-gop-y.docx"
MIN_MATCHED: Final = 3
"""Paragraphs of the draft a file without quyche's properties must contain to be taken as a draft."""


@dataclass(frozen=True, slots=True)
class Draft:
    """The draft a round sends out: the text at the round's last step."""

    regulation: str
    commit: str
    blob: str
    text: str

    def anchors(self) -> DraftAnchors:
        from quyche.parse import parse_text

        return draft_anchors(parse_text(self.text, self.regulation))


def current_draft(ws: Workspace, state: RoundState) -> Draft:
    """The regulation as the round's latest recorded step holds it."""
    rel = ws.regulations[0] if ws.regulations else ""
    commit = state.last.commit if state.last else run_git(ws.root, "rev-parse", "HEAD").stdout.strip()
    text = read_blob(ws.root, commit, rel) if rel else None
    if text is None:
        raise OpinionFileError(ws.root / rel, problem="no-draft", value=rel)
    blob = run_git(ws.root, "rev-parse", f"{commit}:{rel}").stdout.strip()
    return Draft(rel, commit, blob, text)


def write_draft(ws: Workspace, state: RoundState, *, form: bool, output: Path | None,
                overwrite: bool) -> Path:
    """The draft for comments (or, with `form`, the phiếu góp ý) of the round's current text."""
    import datetime as dt

    from quyche.parse import parse_text
    from quyche.render.docx import base, consultation
    from quyche.workflow.documents import regulation_name

    draft = current_draft(ws, state)
    reg = parse_text(draft.text, draft.regulation)
    anchors = draft_anchors(reg)
    day = dt.date.fromisoformat(state.last.date) if state.last and state.last.date else dt.date(2000, 1, 1)
    kind = "phieu-gop-y" if form else "du-thao"
    stamp = consultation.DraftStamp(draft.regulation, state.id, draft.commit, draft.blob, kind, day)
    target = output if output is not None else ensure_inside(
        ws.round_dir(state.id) / (FORM_FILE if form else DRAFT_FILE), ws.root)
    layout = base.PageLayout.from_config(ws.config.layout)
    if not form:
        doc = consultation.build_draft(reg, anchors.unit_bookmarks, stamp, layout)
        return consultation.save(doc, target, overwrite=overwrite)
    fm = reg.front_matter
    header = base.HeaderInfo(issuer=(fm.issuer if fm and fm.issuer else ws.config.unit_name or "").strip(),
                             superior=fm.superior if fm else None, number=None,
                             place=fm.place if fm else None, date=None, blank_year=day.year)
    rows = []
    for article in reg.principal().articles():  # comments speak of the regulation a decision issues
        key = anchors.articles.get(article.number.lower())
        if key is not None:
            rows.append(consultation.FormRow(f"Điều {article.number}",
                                             consultation.summary_of(article.title, article.body_text()),
                                             key.bookmark))
    doc = consultation.build_form(header, f"vào dự thảo {regulation_name(reg.principal().front_matter or fm)}",
                                  rows, stamp, ws.config.layout)
    return consultation.save(doc, target, overwrite=overwrite)


# --- reading back --------------------------------------------------------------------------
def slug(name: str) -> str:
    """"Chi bộ Khu phố 1" → "chi-bo-khu-pho-1" (the gop-y file name)."""
    folded = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:60] or "gop-y"


@dataclass(slots=True)
class Imported:
    """What importing did to one unit's file."""

    path: Path
    unit: str
    added: int = 0
    present: int = 0
    general: list[Opinion] = field(default_factory=list)
    """Opinions that could not be placed on a unit (listed with where they stood)."""
    created: bool = False


def check_document(doc: OpinionDocument, draft: Draft, state: RoundState, *, force: bool) -> None:
    """Refuse another regulation's or round's document, or one made from another draft text."""
    props = doc.properties
    if props.get("quyche-regulation") or props.get("quyche-round"):
        if props.get("quyche-regulation", draft.regulation) != draft.regulation or \
                props.get("quyche-round", state.id) != state.id:
            raise OpinionFileError(doc.path, problem="other-round",
                                   value=f"{props.get('quyche-regulation', '?')}, vòng {props.get('quyche-round', '?')}")
        if props.get("quyche-text") != draft.blob and not force:
            raise DraftMismatch(doc.path, commit=props.get("quyche-commit", "?")[:10], current=draft.commit[:10])
        return
    if doc.matched_paragraphs < MIN_MATCHED and not doc.form_unit:
        raise OpinionFileError(doc.path, problem="not-draft", value=draft.regulation)


def _identity(reference: str, text: str, proposed: str) -> tuple[str, str, str]:
    return normalise(reference).lower(), normalise(text), normalise(proposed)


def _group(doc: OpinionDocument, from_: str | None) -> dict[str, tuple[str, list[Opinion]]]:
    """unit name → (commenter, opinions)."""
    if from_:
        authors = {o.author for o in doc.opinions if o.author}
        commenter = next(iter(authors)) if len(authors) == 1 else from_
        return {from_: (commenter, list(doc.opinions))}
    if doc.form_unit:
        return {doc.form_unit: (doc.form_unit, list(doc.opinions))}
    groups: dict[str, tuple[str, list[Opinion]]] = {}
    for opinion in doc.opinions:
        who = opinion.author.strip() or doc.last_author
        if not who:
            raise OpinionFileError(doc.path, problem="no-author")
        groups.setdefault(who, (who, []))[1].append(opinion)
    return groups


def _item(opinion: Opinion) -> dict[str, str]:
    item = {"article": opinion.reference or "chung", "text": opinion.text}
    if opinion.current:
        item["current"] = opinion.current
    if opinion.proposed:
        item["proposed"] = opinion.proposed
    if opinion.where:
        item["where"] = opinion.where
    return item


_PLAIN_START: Final = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


def _scalar(text: str) -> str:
    """A YAML scalar for a string: plain when it reads back as the same string, else double-quoted
    (JSON's quoting is valid YAML)."""
    import json

    import yaml

    plain = (bool(text) and _PLAIN_START.match(text) is not None and text == text.strip()
             and ": " not in text and " #" not in text and "\n" not in text and not text.endswith(":"))
    if plain:  # "2026", "yes", "null", "1.5" would read back as another type
        plain = yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    return text if plain else json.dumps(text, ensure_ascii=False)


def new_file_text(unit: str, commenter: str, date: str, items: list[dict[str, str]]) -> str:
    """A new unit's gop-y file, written directly (ruamel's emitter took 0.2 s a file)."""
    lines = ["# Ý kiến góp ý nhập từ tệp Word bằng `quyche round comments import`.",
             "# Ghi `response:` (tiếp thu | tiếp thu một phần | không tiếp thu) và `explanation:` cho từng ý kiến.",
             f"commenter: {_scalar(commenter)}", f"body: {_scalar(unit)}"]
    if date:
        lines.append(f"date: {date}")
    lines.append("comments:")
    for item in items:
        first = True
        for key, value in item.items():
            lines.append(f"{'  - ' if first else '    '}{key}: {_scalar(value)}")
            first = False
    return "\n".join(lines) + "\n"


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def merge_into(path: Path, unit: str, commenter: str, date: str, opinions: list[Opinion]) -> Imported:
    """Add to (or create) one unit's gop-y file the opinions it does not hold yet."""
    import datetime as dt
    import io

    result = Imported(path, unit)
    seen: set[tuple[str, str, str]] = set()
    if path.is_file():
        for c in load_comment_file(path).comments:
            seen.add(_identity(c.reference or "chung", c.text, c.proposed))
    new: list[dict[str, str]] = []
    for opinion in opinions:
        ident = _identity(opinion.reference or "chung", opinion.text, opinion.proposed)
        if ident in seen:
            result.present += 1
            continue
        seen.add(ident)
        new.append(_item(opinion))
        if not opinion.reference:
            result.general.append(opinion)
    result.added = len(new)
    if not new:
        return result
    if not path.is_file():
        result.created = True
        atomic_write_text(path, new_file_text(unit, commenter, date, new))
        return result
    yaml = _yaml()  # an existing file: round-trip, so what the office typed stays as it was
    data = yaml.load(path.read_text(encoding="utf-8"))
    items = data.get("comments")
    if items is None:
        data["comments"] = items = []
    items.extend(new)
    if date and not data.get("date"):
        data["date"] = dt.date.fromisoformat(date)
    out = io.StringIO()
    yaml.dump(data, out)
    atomic_write_text(path, out.getvalue())
    return result


def import_opinions(ws: Workspace, state: RoundState, files: list[Path], *, from_: str | None,
                    date: str | None, force: bool) -> list[Imported]:
    """Read every file first (all or nothing on a refusal), then write the units' files."""
    draft = current_draft(ws, state)
    anchors = draft.anchors()
    docs: list[OpinionDocument] = []
    for path in files:  # a .doc, an encrypted or a broken file: told apart by open_docx
        doc = read_opinions(path, anchors)
        check_document(doc, draft, state, force=force)
        docs.append(doc)
    folder = ws.round_dir(state.id) / COMMENTS_DIR
    done: dict[Path, Imported] = {}
    for doc in docs:
        for unit, (commenter, opinions) in _group(doc, from_).items():
            day = date or doc.form_date or max((o.date for o in opinions if o.date), default="")
            target = ensure_inside(folder / f"{slug(unit)}.yaml", ws.root)
            folder.mkdir(parents=True, exist_ok=True)
            got = merge_into(target, unit, commenter, day, opinions)
            prev = done.get(target)
            if prev is not None:
                prev.added += got.added
                prev.present += got.present
                prev.general += got.general
            else:
                done[target] = got
    return list(done.values())
