"""The steps of a revision round and what each one needs.

The default follows seed 004 (the procedure a Party committee office follows to amend its
working regulation) in its order. A body overrides it in quyche.yaml:

    procedure:
      signing: required          # or "optional": then `round step --no-sign` is allowed
      signers: [vanphong@…]      # default signers of every step (principals of allowed_signers)
      steps:                     # the list, in order; omit a step to drop it
        - thanh-lap-to-cong-tac  # a default step as it is
        - name: bao-cao-thuc-hien
          title: Báo cáo sơ kết thực hiện quy chế   # rename
          mandatory: false
        - name: hop-chi-bo       # a new step needs a title
          title: Họp chi bộ cho ý kiến
          requires: [meeting-date]
          changes: none          # none | text | front-matter
          signers: [bithu@…]
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final, Literal

from quyche.errors import ConfigError

Changes = Literal["none", "text", "front-matter"]
"""What a step may change in the regulation: nothing, anything, or only the front matter."""

REQUIREMENTS: Final = {
    "working-group": "round.yaml lists the working group (name and role of each member)",
    "regulation-changed": "the regulation differs from the text at the round start and parses",
    "comparison-table": "the comparison table is written into the round folder",
    "comments-answered": "every comment has a response (and an explanation when not accepted)",
    "meeting-date": "the meeting date is given with --date",
    "issue-number": "the front matter has the document number and the issue date",
}
"""Known requirement codes; a step's `requires` may only name these."""


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the procedure."""

    name: str
    """ASCII slug used in the `Quyche-Step` trailer."""
    title: str
    """Vietnamese title shown to users."""
    mandatory: bool = True
    signers: tuple[str, ...] = ()
    """Principal patterns allowed to sign; empty = anyone in allowed_signers."""
    requires: tuple[str, ...] = ()
    changes: Changes = "none"
    tag: bool = False
    """Whether recording the step makes the signed annotated issue tag."""


DEFAULT_STEPS: Final = (
    Step("thanh-lap-to-cong-tac", "Thành lập tổ công tác", requires=("working-group",)),
    Step("bao-cao-thuc-hien", "Báo cáo tổ chức thực hiện quy chế"),
    Step("ra-soat-van-ban", "Rà soát văn bản mới của Trung ương và cấp trên"),
    Step("du-thao", "Dự thảo quy chế sửa đổi, bổ sung (toàn văn và bảng so sánh)",
         requires=("regulation-changed", "comparison-table"), changes="text"),
    Step("thuong-truc-cho-y-kien", "Thường trực cấp ủy cho ý kiến về dự thảo",
         requires=("meeting-date",), changes="text"),
    Step("lay-y-kien", "Lấy ý kiến cấp ủy viên, tổ chức đảng trực thuộc"),
    Step("tong-hop-tiep-thu", "Tổng hợp, tiếp thu, giải trình ý kiến góp ý",
         requires=("comments-answered",), changes="text"),
    Step("thuong-truc", "Hội nghị Thường trực cấp ủy thông qua", requires=("meeting-date",), changes="text"),
    Step("ban-thuong-vu", "Hội nghị Ban Thường vụ cho ý kiến", requires=("meeting-date",), changes="text"),
    Step("ban-chap-hanh-thong-qua", "Hội nghị Ban Chấp hành xem xét, thông qua",
         requires=("meeting-date",), changes="text"),
    Step("ban-hanh", "Ban hành quy chế", requires=("issue-number",), changes="front-matter", tag=True),
    Step("giai-the-to-cong-tac", "Giải thể tổ công tác"),
)


@dataclass(frozen=True, slots=True)
class Procedure:
    """The ordered steps and the signing policy."""

    steps: tuple[Step, ...] = DEFAULT_STEPS
    signing_required: bool = True
    by_name: dict[str, Step] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        self.by_name.update({s.name: s for s in self.steps})

    def index(self, name: str) -> int:
        """Position of a step (ValueError when unknown)."""
        for i, step in enumerate(self.steps):
            if step.name == name:
                return i
        raise ValueError(name)

    def skipped_between(self, after: int, before: int) -> list[Step]:
        """Mandatory steps strictly between two positions (-1 = before the first)."""
        return [s for s in self.steps[after + 1 : before] if s.mandatory]

    @property
    def first(self) -> Step:
        """The step `round start` records."""
        return self.steps[0]


def _str_tuple(value: Any, key: str, path: Path | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ConfigError(path, key=key, problem="phải là một danh sách chuỗi")


def _slug_ok(name: str) -> bool:
    return bool(name) and name.isascii() and all(c.isalnum() or c == "-" for c in name) and name[0].isalnum()


def load_procedure(raw: dict[str, Any] | None, path: Path | None = None) -> Procedure:
    """Build the procedure from quyche.yaml's `procedure:` mapping (defaults when empty)."""
    raw = raw or {}
    if not isinstance(raw, dict):
        raise ConfigError(path, key="procedure", problem="phải có dạng `steps:`, `signing:`")
    signing = str(raw.get("signing", "required")).strip().lower()
    if signing not in ("required", "optional"):
        raise ConfigError(path, key="procedure.signing", problem="chỉ nhận required hoặc optional")
    default_signers = _str_tuple(raw.get("signers"), "procedure.signers", path)
    defaults = {s.name: s for s in DEFAULT_STEPS}
    items = raw.get("steps")
    if items is None:
        steps = [replace(s, signers=default_signers) if default_signers else s for s in DEFAULT_STEPS]
        return Procedure(tuple(steps), signing == "required")
    if not isinstance(items, list) or not items:
        raise ConfigError(path, key="procedure.steps", problem="phải là danh sách các bước, ít nhất một bước")
    steps = []
    seen: set[str] = set()
    for i, item in enumerate(items):
        key = f"procedure.steps[{i}]"
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ConfigError(path, key=key, problem="mỗi bước phải là tên bước hoặc có `name:`")
        name = item["name"].strip()
        if not _slug_ok(name):
            raise ConfigError(path, key=key, problem=f"tên bước `{name}` chỉ được gồm chữ không dấu, số và dấu -")
        if name in seen:
            raise ConfigError(path, key=key, problem=f"bước `{name}` xuất hiện hai lần")
        seen.add(name)
        unknown = set(item) - {"name", "title", "mandatory", "signers", "requires", "changes", "tag"}
        if unknown:
            raise ConfigError(path, key=key, problem=f"không biết khóa {', '.join(sorted(unknown))}")
        base = defaults.get(name)
        if base is None:
            if not isinstance(item.get("title"), str):
                raise ConfigError(path, key=key, problem=f"bước mới `{name}` cần có `title:`")
            base = Step(name, item["title"])
        requires = _str_tuple(item["requires"], f"{key}.requires", path) if "requires" in item else base.requires
        bad = [r for r in requires if r not in REQUIREMENTS]
        if bad:
            raise ConfigError(path, key=f"{key}.requires",
                              problem=f"không biết yêu cầu {', '.join(bad)} (có: {', '.join(REQUIREMENTS)})")
        changes = item.get("changes", base.changes)
        if changes not in ("none", "text", "front-matter"):
            raise ConfigError(path, key=f"{key}.changes", problem="chỉ nhận none, text hoặc front-matter")
        signers = _str_tuple(item["signers"], f"{key}.signers", path) if "signers" in item else (
            base.signers or default_signers)
        steps.append(Step(
            name=name,
            title=str(item.get("title", base.title)),
            mandatory=bool(item.get("mandatory", base.mandatory)),
            signers=signers,
            requires=requires,
            changes=changes,
            tag=bool(item.get("tag", base.tag)),
        ))
    return Procedure(tuple(steps), signing == "required")
