"""`quyche template update`: bring a unit's regulation up to a newer version of its template.

quyche.yaml records the template, its version and the answers given (`quyche new` writes them,
like copier's answers file). The three texts of the merge are:

- base: the recorded version rendered again with the recorded answers (from the template's
  `versions/<version>/` folder; when that version is no longer shipped, the pristine render
  `quyche new` committed at `refs/quyche/template-base`, if it is of that version);
- theirs: the target version rendered with the same answers, asking only what it newly asks;
- ours: the regulation as it stands in the working tree.

The merge itself is quyche.diff.merge (unit by unit). Applying writes the merged regulation and
the `template:` section of quyche.yaml (version, answers, layout) — nothing else of that file —
each atomically; a text with conflicts is written too, marked, and `check` fails (QC504) until
they are resolved. Numbering and references go through one final pass, the renumbering of
`quyche renumber` against the unit's text (`_renumber`); with conflicts left it waits, and
`numbering_findings` says where `quyche renumber` is needed once they are resolved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quyche.config import CONFIG_NAME, Config, load_config
from quyche.diff.merge import MergeLabels, MergeResult, merge_regulations
from quyche.errors import AnswerError, ConfigError, TemplateError, UnresolvedConflict
from quyche.scaffold.answers import Asker, collect_answers
from quyche.scaffold.template import Template, load_template, load_template_version, version_key

if TYPE_CHECKING:
    from quyche.check.registry import Report
    from quyche.model.document import Regulation

_TOP_KEY = re.compile(r"[^\s#-]")


@dataclass(frozen=True, slots=True)
class RecordedTemplate:
    """The `template:` section of a unit's quyche.yaml."""

    name: str
    version: str
    source: str | None
    answers: dict[str, str]


@dataclass(frozen=True, slots=True)
class ConflictSite:
    """One conflict left in a regulation file."""

    path: str
    line: int
    where: str
    """"Điều 5 {#bch}" — the article it stands in."""


@dataclass(slots=True)
class UpdatePlan:
    """Everything an update would do, computed without writing anything."""

    root: Path
    regulation: str
    """The regulation file, relative to the root (POSIX)."""
    old_version: str
    new: Template
    answers: dict[str, str]
    asked: list[str]
    """Variables the new version asks that the recorded answers did not cover."""
    base_text: str
    theirs_text: str
    ours_text: str
    merge: MergeResult
    config_text: str
    base_source: str
    """"render" (the old version rendered again) or "ref" (the pristine commit)."""
    text: str = ""
    """The regulation as the update writes it: the merge, renumbered (when it has no conflict)."""
    renumbered: int = 0
    """Headings and references the renumbering pass changed."""
    numbering: list[Report] = field(default_factory=list)
    """Gaps and repeats left in the article numbers (QC102's findings): with conflicts left, the
    renumbering waits for them to be resolved (`quyche renumber`)."""
    unresolved: list[str] = field(default_factory=list)
    """References the renumbering could not resolve ("Điều 40 (dòng 12)"), left as written."""

    @property
    def changes_text(self) -> bool:
        """True when the updated regulation differs from the current one."""
        return self.text != self.ours_text

    @property
    def label(self) -> str:
        """"mẫu phuong phiên bản 2.0.0 (…)": what the comparison table's reasons cite."""
        return template_label(self.new)


@dataclass(slots=True)
class UpdateStatus:
    """Where a unit stands: its template version, the newest one, the conflicts left."""

    name: str
    version: str
    latest: str | None
    """The newest version the template folder holds (None when it cannot be found)."""
    conflicts: list[ConflictSite] = field(default_factory=list)

    @property
    def up_to_date(self) -> bool:
        """No conflict left and no newer version."""
        return not self.conflicts and (self.latest is None or self.latest == self.version)


def template_label(template: Template) -> str:
    """"mẫu phuong phiên bản 2.0.0 (Quyết định 302-QĐ/TW ngày 09/6/2025)"."""
    model = f" ({template.model.number} ngày {template.model.date})" if template.model else ""
    return f"mẫu {template.name} phiên bản {template.version}{model}"


def recorded_template(config: Config) -> RecordedTemplate:
    """The template, version and answers quyche.yaml records; ConfigError when it does not."""
    raw = config.raw.get("template")
    where = config.path or Path(CONFIG_NAME)
    if not isinstance(raw, dict) or not raw.get("name") or not raw.get("version"):
        raise ConfigError(where, key="template",
                          problem="không ghi mẫu gốc (`name:`, `version:`), nên không cập nhật theo mẫu được. "
                                  "Kho tạo bằng `quyche new` mới có mục này")
    answers = raw.get("answers") or {}
    if not isinstance(answers, dict):
        raise ConfigError(where, key="template.answers", problem="phải gồm các dòng `tên_biến: giá trị`")
    source = raw.get("source")
    return RecordedTemplate(str(raw["name"]), str(raw["version"]), str(source) if source else None,
                            {str(k): "" if v is None else str(v) for k, v in answers.items()})


def template_folder(config: Config, recorded: RecordedTemplate) -> tuple[Path, bool]:
    """(folder, builtin) of the template a unit records: a built-in name or its `source:` path."""
    from quyche.scaffold.locate import find_template_dir

    if recorded.source is None:
        return find_template_dir(recorded.name, cwd=config.root)
    folder = Path(recorded.source)
    if not folder.is_absolute():
        folder = config.root / folder
    return find_template_dir(str(folder), cwd=config.root)


def render_regulation(template: Template, answers: dict[str, str], env: Any = None) -> str:
    """The regulation file of `template` rendered with `answers` (as `quyche new` writes it)."""
    from quyche.parse.source import decode_source
    from quyche.scaffold.scaffold import render_regulation_file

    return decode_source(render_regulation_file(template, answers, env=env)).text


def _valid_recorded(template: Template, answers: Mapping[str, str]) -> dict[str, str]:
    """The recorded answers the new version still asks, and still accepts."""
    out: dict[str, str] = {}
    for var in template.variables:
        if var.name in answers:
            try:
                out[var.name] = var.validate(answers[var.name])
            except AnswerError:
                continue  # the question changed: ask it again
    return out


def _base_text(config: Config, folder: Path, builtin: bool, recorded: RecordedTemplate,
               regulation: str) -> tuple[str, str, str]:
    """(old version, base text, where it came from)."""
    from quyche.scaffold.scaffold import BASE_REF

    try:
        old = load_template_version(folder, recorded.version, builtin=builtin)
    except TemplateError:
        old = None
    if old is not None:
        # the answers exactly as recorded: the base is what `new` rendered with them
        return old.version, render_regulation(old, dict(recorded.answers)), "render"
    text = _pristine_at_ref(config.root, BASE_REF, regulation, recorded)
    if text is None:
        raise TemplateError(None, name=recorded.name,
                            problem=f"không còn phiên bản `{recorded.version}` để dựng lại bản gốc "
                                    f"(thư mục mẫu không có versions/{recorded.version}/). Hãy cài bản quyche "
                                    "có phiên bản này hoặc lấy ref refs/quyche/template-base từ kho gốc")
    return recorded.version, text, "ref"


def _latest(folder: Path, builtin: bool) -> str:
    return load_template(folder, builtin=builtin).version


def _pristine_at_ref(root: Path, ref: str, regulation: str, recorded: RecordedTemplate) -> str | None:
    """The regulation at the pristine-render commit, when that commit is of the recorded version."""
    from quyche.vcs import run_git
    from quyche.workflow import trailers as T

    # both forms `quyche new` has written: "name@version", or the name and a version trailer
    fields = "%x00".join(f"%(trailers:key={key},valueonly,separator=%x1d)"
                         for key in (T.TEMPLATE, T.OLD_TEMPLATE_VERSION))
    message = run_git(root, "log", "-1", f"--format={fields}", ref, check=False)
    if message.returncode != 0:
        return None
    value, _, old_version = message.stdout.partition("\0")
    if T.read_template(T.first_value(value), T.first_value(old_version))[1] != recorded.version:
        return None
    blob = run_git(root, "cat-file", "blob", f"{ref}:{regulation}", check=False)
    return blob.stdout if blob.returncode == 0 else None


def _regulation_file(config: Config) -> str:
    return config.regulations[0] if config.regulations else "quy-che-lam-viec.md"


def plan_update(start: Path, *, to: str | None = None, preset: Mapping[str, str] | None = None,
                ask: Asker | None = None) -> UpdatePlan:
    """Compute the update of the unit at `start` to version `to` (the newest by default)."""
    from quyche.parse.source import read_source
    from quyche.scaffold.sandbox import environment_for

    config = load_config(start)
    recorded = recorded_template(config)
    folder, builtin = template_folder(config, recorded)
    regulation = _regulation_file(config)
    ours_path = config.root / regulation
    ours_text = read_source(ours_path).text
    ours_reg = _parse(ours_text, regulation)
    if ours_reg.conflicts:
        raise UnresolvedConflict(ours_path, ours_reg.conflicts[0].line,
                                 count=sum(m.side == "ours" for m in ours_reg.conflicts))
    old_version, base_text, base_source = _base_text(config, folder, builtin, recorded, regulation)
    new = load_template_version(folder, to or _latest(folder, builtin), builtin=builtin)
    if version_key(new.version) < version_key(recorded.version):
        raise TemplateError(None, name=new.name,
                            problem=f"phiên bản `{new.version}` cũ hơn phiên bản đang dùng `{recorded.version}`; "
                                    "chỉ cập nhật lên phiên bản mới hơn")
    given = _valid_recorded(new, recorded.answers)
    given.update(preset or {})
    asked = [v.name for v in new.variables if v.name not in given]
    env = environment_for(new)
    answers = collect_answers(env, new, given, ask)
    theirs_text = render_regulation(new, answers, env)
    merge = merge_regulations(
        base_text, ours_text, theirs_text, path=regulation,
        labels=MergeLabels(theirs=f"Mẫu {new.name} phiên bản {new.version}"),
    )
    text, renumbered, unresolved = _renumber(merge, ours_text, ours_reg, regulation)
    numbering = numbering_findings(text, regulation) if text != ours_text else []
    return UpdatePlan(
        root=config.root, regulation=regulation, old_version=old_version, new=new, answers=answers, asked=asked,
        base_text=base_text, theirs_text=theirs_text, ours_text=ours_text, merge=merge,
        config_text=updated_config_text(config, new, answers), base_source=base_source,
        text=text, renumbered=renumbered, numbering=numbering, unresolved=unresolved,
    )


def _renumber(merge: MergeResult, ours_text: str, ours: Regulation, path: str) -> tuple[str, int, list[str]]:
    """The final pass over the merged text: the numbering `quyche renumber` gives it.

    Articles the new version added or repealed, and the unit's own, leave gaps or repeats; the
    articles the unit kept still cite the numbers they had. Renumbering against the unit's text
    (`earlier`) closes the gaps and points every reference left unchanged since then back at the
    unit it named there. A text with conflicts waits: two wordings of one clause side by side
    would be numbered as two clauses.
    """
    if merge.conflicts or merge.text == ours_text:
        return merge.text, 0, []
    from quyche.edit.renumber import renumber_text

    result = renumber_text(merge.text, path, earlier=ours)
    unresolved = [f"{u.text} (dòng {u.line})" for u in result.unresolved]
    return result.after, len(result.edits), unresolved


def _parse(text: str, path: str) -> Regulation:
    from quyche.parse.document import parse_text

    return parse_text(text, path)


def updated_config_text(config: Config, template: Template, answers: dict[str, str]) -> str:
    """quyche.yaml with only its `template:` section replaced (version, answers, layout)."""
    import yaml

    from quyche.scaffold.answers import resolved_layout
    from quyche.scaffold.template import layout_data

    path = config.path or config.root / CONFIG_NAME
    text = path.read_text(encoding="utf-8")
    raw = config.raw.get("template") if isinstance(config.raw.get("template"), dict) else {}
    assert isinstance(raw, dict)
    section: dict[str, Any] = {"name": template.name, "version": template.version}
    for key in ("source", "base_ref"):
        if raw.get(key):
            section[key] = raw[key]
    section["answers"] = dict(answers)
    section["layout"] = layout_data(resolved_layout(template, answers))
    for key, value in raw.items():  # whatever else the section holds (settings of other tools) stays
        section.setdefault(key, value)
    block = yaml.safe_dump({"template": section}, allow_unicode=True, sort_keys=False, width=4096)
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("template:")), None)
    if start is None:
        return text.rstrip("\n") + "\n" + block
    end = next((i for i in range(start + 1, len(lines)) if _TOP_KEY.match(lines[i][:1] or " ")), len(lines))
    rest = "\n".join(lines[end:])
    return "\n".join(lines[:start]) + ("\n" if start else "") + block + rest


def apply_update(plan: UpdatePlan) -> None:
    """Write the merged regulation and the new `template:` section, each atomically.

    The regulation goes first: should quyche.yaml then fail to be written, it still names the old
    version, and running the update again merges the same change once more (every block the text
    already holds reads as "both sides changed alike"); the other order could leave quyche.yaml
    claiming a version whose text never arrived.
    """
    from quyche.fsutil import atomic_write_text

    if plan.changes_text:
        atomic_write_text(plan.root / plan.regulation, plan.text)
    config_path = plan.root / CONFIG_NAME
    if config_path.read_text(encoding="utf-8") != plan.config_text:
        atomic_write_text(config_path, plan.config_text)


def update_status(start: Path) -> UpdateStatus:
    """The unit's template version, the newest available, and the conflicts left to resolve."""
    from quyche.parse.source import read_source

    config = load_config(start)
    recorded = recorded_template(config)
    try:
        folder, builtin = template_folder(config, recorded)
        latest: str | None = _latest(folder, builtin)
    except TemplateError:
        latest = None
    status = UpdateStatus(recorded.name, recorded.version, latest)
    for rel in config.regulations or [_regulation_file(config)]:
        path = config.root / rel
        if not path.is_file():
            continue
        reg = _parse(read_source(path).text, rel)
        articles = reg.articles()
        for mark in reg.conflicts:
            if mark.side != "ours":
                continue
            before = [a for a in articles if a.span.line <= mark.line]
            art = before[-1] if before else (articles[0] if articles else None)
            where = "" if art is None else art.label + (f" {{#{art.id}}}" if art.id else "")
            status.conflicts.append(ConflictSite(rel, mark.line, where))
    return status


def numbering_findings(text: str, path: str) -> list[Report]:
    """Numbering problems of a merged text (gaps, repeats): where the `renumber` pass is needed."""
    from quyche.check.registry import CheckContext
    from quyche.check.rules.structure import article_sequence
    from quyche.config import Config as _Config
    from quyche.parse.source import decode_source

    reg = _parse(text, path)
    ctx = CheckContext(path, decode_source(text.encode("utf-8"), Path(path)), _Config(root=Path(".")))
    return list(article_sequence(reg, ctx))


def write_update_comparison(plan: UpdatePlan, out: Path, *, overwrite: bool = False) -> Path:
    """The comparison table of the update (current text → updated text) as a DOCX, on the page
    `quyche diff --docx` gives (the repository's margins).

    Rows the new version brought say so in the reasons column ("Theo mẫu … phiên bản …");
    rows with a conflict say what is to be chosen.
    """
    from quyche.diff.compare import compare
    from quyche.render.docx.base import landscape_layout
    from quyche.render.docx.comparison import build_table, write_comparison_docx

    result = compare(_parse(plan.ours_text, plan.regulation), _parse(plan.text, plan.regulation),
                     old_label="hiện hành", new_label="sau cập nhật mẫu")
    by_id = {o.id: o for o in plan.merge.outcomes if o.id}
    by_label = {o.label: o for o in plan.merge.outcomes}
    reason_of = {
        "theirs": f"Theo {plan.label}.",
        "moved": f"Theo {plan.label}: chuyển vị trí.",
        "added": f"Theo {plan.label}: điều mới.",
        "removed": f"Theo {plan.label}: bãi bỏ.",
        "merged": f"Theo {plan.label}, giữ phần đơn vị đã sửa.",
        "conflict": f"Xung đột: đơn vị và {plan.label} cùng sửa; cần chọn một cách viết.",
        "same": f"Theo {plan.label} (đơn vị đã sửa như vậy).",
    }
    reasons: list[str | None] = []
    for change in result.changes:
        side = change.new or change.old
        outcome = None
        if side:
            outcome = by_id.get(side[0].id) if side[0].id else by_label.get(side[0].label)
        reasons.append(reason_of.get(outcome.action) if outcome is not None else None)
    layout = landscape_layout(load_config(plan.root).layout, margins_only=True)
    return write_comparison_docx(build_table(result, reasons), out, overwrite=overwrite, layout=layout)
