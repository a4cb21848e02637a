"""template.yaml → dataclasses: what a template is, what it asks, what it requires.

A template folder holds `template.yaml` and `files/`: the current version. Earlier versions,
kept so that a regulation made from one can be rendered again exactly and brought up to date
(`quyche template update`), are whole template folders under `versions/<version>/`, each
with its own `template.yaml`, `files/` and, for built-in ones, a `_shared/` snapshot of the
partials it included. Only `*.jinja` files are rendered (the
suffix is dropped); everything else is copied as is. `base: <built-in name>` inherits the
base's variables, layout and files, so `xa` and `dac-khu` reuse the text of `phuong`
and only change constants such as the unit kind. The YAML is untrusted: safe-loaded, every
field type-checked, with the problem named in Vietnamese.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quyche.errors import AnswerError, TemplateError, UnsafeTemplate, YamlSyntax
from quyche.scaffold.locate import SHARED_DIR, TEMPLATE_FILE, builtin_root
from quyche.yamlread import load_yaml

VARIABLE_TYPES = ("text", "date", "integer", "roman")
MAX_ANSWER_LENGTH = 500
"""Answers are names, dates and short phrases; a longer one is a mistake (and keeps regexes cheap)."""

RESERVED_NAMES = frozenset({
    "today", "quyche_version", "template_name", "template_version", "regulation_file",
    "chapter", "article", "ref", "range", "dict", "namespace", "lipsum", "cycler", "joiner",
})
"""Names quyche puts in every template's context; a variable or constant may not hide them."""
_VAR_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")
_ARTICLE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-]{0,31}")
VERSIONS_DIR = "versions"
"""Earlier versions of a template: `versions/<version>/` under its folder."""
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")


@dataclass(frozen=True, slots=True)
class ModelRef:
    """The central model regulation a template follows (a fact: number, date, issuer)."""

    number: str
    date: str
    issuer: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Variable:
    """One question the template asks."""

    name: str
    prompt: str
    default: str | None = None
    """May use Jinja over earlier answers, e.g. `{{ unit_name }}`."""
    required: bool = False
    type: str = "text"
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    help: str = ""
    """Vietnamese: what a valid answer looks like (shown when one is refused)."""

    def validate(self, value: str) -> str:
        """The cleaned answer, or AnswerError saying what is wrong."""
        value = value.strip()
        if len(value) > MAX_ANSWER_LENGTH:
            raise AnswerError(None, name=self.name, problem=f"câu trả lời dài quá {MAX_ANSWER_LENGTH} ký tự")
        if not value:
            if self.required:
                raise AnswerError(None, name=self.name, problem="bắt buộc phải có giá trị" + self._hint())
            return value
        if self.choices and value not in self.choices:
            raise AnswerError(None, name=self.name, problem="chỉ nhận một trong: " + ", ".join(self.choices))
        if self.type == "date":
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                raise AnswerError(None, name=self.name,
                                  problem=f"`{value}` không phải ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2025-10-15") from None
        elif self.type == "integer":
            if not value.isdigit():
                raise AnswerError(None, name=self.name, problem=f"`{value}` không phải số nguyên")
            number = int(value)
            if (self.minimum is not None and number < self.minimum) or (
                self.maximum is not None and number > self.maximum
            ):
                raise AnswerError(None, name=self.name,
                                  problem=f"phải từ {self.minimum} đến {self.maximum}, nhận được {number}")
        elif self.type == "roman":
            value = value.upper()
            if not _ROMAN.fullmatch(value):
                raise AnswerError(None, name=self.name, problem=f"`{value}` không phải số La Mã (ví dụ I, II, XV)")
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise AnswerError(None, name=self.name, problem=f"`{value}` không đúng dạng" + self._hint())
        return value

    def _hint(self) -> str:
        return f": {self.help}" if self.help else ""


@dataclass(frozen=True, slots=True)
class RequiredArticle:
    """An article a regulation made from the template must keep."""

    id: str
    title: str
    chapter: str


@dataclass(frozen=True, slots=True)
class ChapterLayout:
    """One chapter of the template's layout and the ids of its articles."""

    title: str
    articles: tuple[RequiredArticle, ...]


@dataclass(slots=True)
class Template:
    """A parsed template.yaml (with its base merged in)."""

    name: str
    description: str
    version: str
    path: Path
    builtin: bool
    model: ModelRef | None = None
    level: str = ""
    """The unit level written to quyche.yaml (phuong, xa, chi-bo …)."""
    regulation_file: str = "quy-che-lam-viec.md"
    variables: list[Variable] = field(default_factory=list)
    constants: dict[str, str] = field(default_factory=dict)
    layout: list[ChapterLayout] = field(default_factory=list)
    file_roots: list[Path] = field(default_factory=list)
    """`files/` folders, own first, then the base's: the first one holding a path wins."""
    base: str | None = None
    versions: tuple[str, ...] = ()
    """Every version this folder can render, oldest first (the current one last)."""
    shared_dir: Path | None = None
    """The `_shared/` partials of an earlier version (None: quyche's current ones)."""
    home: Path | None = None
    """The template's own folder when this is an earlier version (`path` is then versions/<v>/)."""

    @property
    def articles(self) -> list[RequiredArticle]:
        """Every required article, in layout order."""
        return [a for chapter in self.layout for a in chapter.articles]

    def variable(self, name: str) -> Variable | None:
        """The variable called `name`, if the template asks it."""
        for var in self.variables:
            if var.name == name:
                return var
        return None


def _fail(template: str, problem: str, path: Path | None = None) -> TemplateError:
    return TemplateError(path, name=template, problem=problem)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters (terminal escapes among them) a template's text may not carry to a screen."""


def _str(data: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise _fail(where, f"template.yaml thiếu khóa `{key}`")
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise _fail(where, f"khóa `{key}` trong template.yaml phải là một chuỗi")
    return _CONTROL.sub("", str(value))


def _variable(item: Any, where: str) -> Variable:
    if not isinstance(item, dict):
        raise _fail(where, "mỗi mục của `variables` phải có dạng `name:`, `prompt:`")
    name = _str(item, "name", where, required=True)
    if not _VAR_NAME.fullmatch(name):
        raise _fail(where, f"tên biến `{name}` chỉ được dùng chữ thường không dấu, số và dấu gạch dưới")
    if name in RESERVED_NAMES:
        raise _fail(where, f"tên biến `{name}` trùng với tên quyche dành riêng; hãy đặt tên khác")
    vtype = _str(item, "type", where) or "text"
    if vtype not in VARIABLE_TYPES:
        raise _fail(where, f"biến `{name}`: kiểu `{vtype}` không hợp lệ (chỉ nhận {', '.join(VARIABLE_TYPES)})")
    pattern = _str(item, "pattern", where) or None
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise _fail(where, f"biến `{name}`: biểu thức `pattern` sai ({exc})") from None
    choices = item.get("choices") or []
    if not isinstance(choices, list) or not all(isinstance(c, str | int) for c in choices):
        raise _fail(where, f"biến `{name}`: `choices` phải là danh sách chuỗi")
    default = item.get("default")
    if isinstance(default, dt.date):
        default = default.isoformat()
    if default is not None and not isinstance(default, str | int):
        raise _fail(where, f"biến `{name}`: `default` phải là một chuỗi")
    bounds: list[int | None] = []
    for key in ("min", "max"):
        value = item.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise _fail(where, f"biến `{name}`: `{key}` phải là số nguyên")
        bounds.append(value)
    return Variable(
        name=name,
        prompt=_str(item, "prompt", where) or name,
        default=None if default is None else str(default),
        required=bool(item.get("required", False)),
        type=vtype,
        pattern=pattern,
        choices=tuple(str(c) for c in choices),
        minimum=bounds[0],
        maximum=bounds[1],
        help=_str(item, "help", where),
    )


def _layout(items: Any, where: str) -> list[ChapterLayout]:
    if not isinstance(items, list):
        raise _fail(where, "`layout` phải là danh sách chương, mỗi chương có `chapter:` và `articles:`")
    chapters: list[ChapterLayout] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict):
            raise _fail(where, "mỗi chương của `layout` phải có `chapter:` và `articles:`")
        title = _str(item, "chapter", where, required=True)
        arts: list[RequiredArticle] = []
        for art in item.get("articles") or []:
            if not isinstance(art, dict):
                raise _fail(where, f"chương `{title}`: mỗi điều phải có `id:` và `title:`")
            aid = _str(art, "id", where, required=True)
            if not _ARTICLE_ID.fullmatch(aid) or aid in seen:
                raise _fail(where, f"mã điều `{aid}` không hợp lệ hoặc bị trùng")
            seen.add(aid)
            arts.append(RequiredArticle(aid, _str(art, "title", where, required=True), title))
        chapters.append(ChapterLayout(title, tuple(arts)))
    return chapters


def _read_yaml(folder: Path, name: str) -> dict[str, Any]:
    path = folder / TEMPLATE_FILE
    try:
        data = load_yaml(path.read_text(encoding="utf-8"), path).data
    except FileNotFoundError:
        raise _fail(name, f"thư mục mẫu không có tệp {TEMPLATE_FILE}", folder) from None
    except UnicodeDecodeError:
        raise _fail(name, f"{TEMPLATE_FILE} không ở bảng mã UTF-8", path) from None
    except YamlSyntax as exc:
        raise _fail(name, f"{TEMPLATE_FILE} có lỗi YAML (dòng {exc.line})", path) from None
    if not isinstance(data, dict):
        raise _fail(name, f"{TEMPLATE_FILE} phải gồm các dòng `khóa: giá trị`", path)
    return data


def load_template(folder: Path, *, builtin: bool = False, _depth: int = 0) -> Template:
    """Read a template folder (and its base, for `base: <built-in name>`)."""
    folder = Path(folder)
    data = _read_yaml(folder, folder.name)
    name = _str(data, "name", "(không tên)", required=True)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,40}", name):
        raise _fail(folder.name[:40], "tên mẫu (`name`) chỉ gồm chữ thường không dấu, số và dấu gạch ngang")
    base_spec = _str(data, "base", name) or None
    base_name = base_spec.partition("@")[0] if base_spec else None
    base: Template | None = None
    if base_spec is not None and base_name is not None:
        # A base is always a built-in template named by name (`phuong`, or `phuong@1.0.0` for
        # an earlier version): a template cannot reach into arbitrary folders through it.
        base_dir = builtin_root() / base_name
        if _depth > 3 or not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,40}", base_name) \
                or not (base_dir / TEMPLATE_FILE).is_file():
            raise _fail(name, f"`base: {base_spec}` phải là tên một mẫu có sẵn (xem `quyche templates`)")
        base_version = base_spec.partition("@")[2]
        base = (load_template_version(base_dir, base_version, builtin=True, _depth=_depth + 1) if base_version
                else load_template(base_dir, builtin=True, _depth=_depth + 1))
    model_data = data.get("model")
    model = base.model if base else None
    if model_data is not None:
        if not isinstance(model_data, dict):
            raise _fail(name, "`model` phải có `number:`, `date:`, `issuer:`")
        model = ModelRef(
            _str(model_data, "number", name, required=True),
            _str(model_data, "date", name, required=True),
            _str(model_data, "issuer", name, required=True),
            _str(model_data, "title", name),
        )
    variables = list(base.variables) if base else []
    raw_vars = data.get("variables")
    if raw_vars is not None:
        if not isinstance(raw_vars, list):
            raise _fail(name, "`variables` phải là một danh sách")
        own = [_variable(v, name) for v in raw_vars]
        names = [v.name for v in own]
        if len(set(names)) != len(names):
            raise _fail(name, "`variables` có tên biến bị trùng")
        # Own definitions replace the base's by name, in place; new ones go after.
        by_name = {v.name: v for v in own}
        variables = [by_name.pop(v.name, v) for v in variables] + [v for v in own if v.name in by_name]
    constants = dict(base.constants) if base else {}
    raw_consts = data.get("constants") or {}
    if not isinstance(raw_consts, dict):
        raise _fail(name, "`constants` phải gồm các dòng `khóa: giá trị`")
    for key, value in raw_consts.items():
        if not isinstance(key, str) or not _VAR_NAME.fullmatch(key) or isinstance(value, dict | list) \
                or key in RESERVED_NAMES:
            raise _fail(name, f"hằng `{key}` không hợp lệ (tên chữ thường không dấu, không trùng tên dành riêng)")
        constants[key] = "" if value is None else str(value)
    clash = set(constants) & {v.name for v in variables}
    if clash:
        raise _fail(name, f"`{sorted(clash)[0]}` vừa là biến vừa là hằng")
    layout = _layout(data["layout"], name) if "layout" in data else (list(base.layout) if base else [])
    own_files = folder / "files"
    roots = ([own_files] if own_files.is_dir() else []) + (base.file_roots if base else [])
    if not roots:
        raise _fail(name, "thư mục mẫu không có thư mục `files/`", folder)
    regulation_file = _str(data, "regulation", name) or (base.regulation_file if base else "quy-che-lam-viec.md")
    version = _str(data, "version", name, required=True)
    if not _VERSION.fullmatch(version):
        raise _fail(name, f"phiên bản `{version}` không hợp lệ (chỉ gồm chữ, số, dấu chấm, dấu gạch ngang)")
    return Template(
        name=name,
        description=_str(data, "description", name) or (base.description if base else ""),
        version=version,
        path=folder,
        builtin=builtin,
        model=model,
        level=_str(data, "level", name) or (base.level if base else name),
        regulation_file=regulation_file,
        variables=variables,
        constants=constants,
        layout=layout,
        file_roots=roots,
        base=base_spec,
        versions=tuple(sorted({version, *_older_versions(folder)}, key=version_key)),
        shared_dir=base.shared_dir if base is not None else None,
    )


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Order versions as people read them: 1.2.0 < 1.10.0 < 2.0.0."""
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in re.split(r"[.\-]", version))


def _older_versions(folder: Path) -> list[str]:
    root = folder / VERSIONS_DIR
    if not root.is_dir():
        return []
    return [p.name for p in root.iterdir()
            if p.is_dir() and _VERSION.fullmatch(p.name) and (p / TEMPLATE_FILE).is_file()]


def load_template_version(folder: Path, version: str, *, builtin: bool = False, _depth: int = 0) -> Template:
    """The template of `folder` as it was at `version` (the current one, or one under versions/).

    An earlier version is a whole template folder; its `_shared/` (when it has one) replaces
    quyche's partials, so an old version renders exactly as it did even after they changed.
    """
    current = load_template(folder, builtin=builtin, _depth=_depth)
    if version == current.version:
        return current
    older = folder / VERSIONS_DIR / version
    if not _VERSION.fullmatch(version) or not (older / TEMPLATE_FILE).is_file():
        raise _fail(current.name, f"không có phiên bản `{version}` (các phiên bản có: {', '.join(current.versions)})")
    if not older.resolve().is_relative_to(folder.resolve()):
        raise UnsafeTemplate(None, name=current.name,
                             problem=f"thư mục `{VERSIONS_DIR}/{version}` là liên kết (symlink) trỏ ra ngoài thư mục mẫu")
    template = load_template(older, builtin=builtin, _depth=_depth)
    if template.name != current.name or template.version != version:
        raise _fail(current.name, f"{VERSIONS_DIR}/{version}/{TEMPLATE_FILE} phải ghi `name: {current.name}` "
                                  f"và `version: {version}`", older)
    shared = older / SHARED_DIR
    template.versions = current.versions
    template.home = folder
    if shared.is_dir():
        template.shared_dir = shared
    return template


def layout_data(layout: list[ChapterLayout]) -> list[dict[str, Any]]:
    """The layout as quyche.yaml records it under `template.layout` (what QC501/QC502 read)."""
    return [{"chapter": c.title, "articles": {a.id: a.title for a in c.articles}} for c in layout]
