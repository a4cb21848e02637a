"""Jinja for untrusted templates: a sandbox, strict variables, a loader that cannot leave.

Templates come from anyone (a body's own folder, a download), so:

- ImmutableSandboxedEnvironment: no `__class__`/`__globals__`/`mro` walks, no mutation of
  lists and dicts, `range` capped; a SecurityError becomes UnsafeTemplate.
- StrictUndefined: a misspelt variable is an error, never an empty hole in a regulation.
- autoescape off: the output is Markdown and YAML, not HTML.
- The loader reads only from the template's `files/` folders and quyche's own `_shared/`;
  `..` segments are refused by Jinja, symlinks leaving a folder by us.
- Output is counted while it is generated: a template cannot fill the disk.

Helpers `chapter()`, `article()` and `ref()` number chapters and articles while rendering, so a
text shared by several templates (with optional articles) stays numbered 1..n and its
cross-references ("Điều 30 Quy chế này") always point at the right article.
"""

from __future__ import annotations

import json
import re
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from quyche.errors import TemplateError, UnsafeTemplate
from quyche.model.numbering import to_roman

if TYPE_CHECKING:
    from quyche.scaffold.template import Template

MAX_OUTPUT_CHARS = 5_000_000
"""Largest text one template file may render to (a 700-article code is ~0.8 MB)."""


class _FolderLoader(jinja2.BaseLoader):
    """Load `name` from the first root holding it; `_shared/…` from quyche's partials."""

    def __init__(self, roots: list[Path], shared: Path | None, template_name: str) -> None:
        self.roots = [r.resolve() for r in roots]
        self.shared = shared.resolve() if shared is not None else None
        self.template_name = template_name

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        pieces = jinja2.loaders.split_template_path(template)  # refuses `..` segments
        if pieces and pieces[0] == "_shared" and self.shared is not None:
            search = [(self.shared, pieces[1:])]
        else:
            search = [(root, pieces) for root in self.roots]
        for root, parts in search:
            if not parts:
                continue
            candidate = root.joinpath(*parts)
            if not candidate.is_file():
                continue
            real = candidate.resolve()
            if not real.is_relative_to(root):
                raise UnsafeTemplate(None, name=self.template_name,
                                     problem=f"tệp `{template}` là liên kết trỏ ra ngoài thư mục mẫu")
            try:
                text = real.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise TemplateError(candidate, name=self.template_name,
                                    problem=f"tệp `{template}` không ở bảng mã UTF-8") from None
            return text, str(candidate), lambda: True
        raise jinja2.TemplateNotFound(template)


class Numbering:
    """Chapter and article numbers given out in document order, and references to them."""

    def __init__(self, known: Mapping[str, int] | None = None) -> None:
        self.chapters = 0
        self.articles = 0
        self.ids: dict[str, int] = {}
        self.known = dict(known or {})
        self.forward = False
        """True when a ref() pointed at an article not numbered yet (a second pass fixes it)."""
        self.missing: set[str] = set()

    def chapter(self, title: str, level: int = 1) -> str:
        """`# Chương IV. TITLE`."""
        self.chapters += 1
        return f"{'#' * level} Chương {to_roman(self.chapters)}. {title}"

    def article(self, uid: str, title: str, level: int = 2) -> str:
        """`## Điều 12. Title {#id}`; remembers id → number for ref()."""
        self.articles += 1
        self.ids[uid] = self.articles
        return f"{'#' * level} Điều {self.articles}. {title} {{#{uid}}}"

    def ref(self, uid: str) -> str:
        """`Điều 12` for the article with id `uid`, wherever it stands."""
        number = self.ids.get(uid) or self.known.get(uid)
        if number is None:
            self.forward = True
            self.missing.add(uid)
            return "Điều ?"
        return f"Điều {number}"


def make_environment(roots: list[Path], shared: Path | None, template_name: str) -> jinja2.Environment:
    """The sandboxed environment a template renders in."""
    env = ImmutableSandboxedEnvironment(
        loader=_FolderLoader(roots, shared, template_name),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        # `{#id}` ends every article heading of our Markdown; Jinja's own `{# … #}` comments
        # would swallow it, so template comments are written `{## … ##}`.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["yaml"] = yaml_scalar
    return env


_PLAIN_UNSAFE = re.compile(r"""^[\s\-?:,\[\]{}#&*!|>'"%@`]|: |\s#|[:\s]$|^(?:true|false|yes|no|on|off|null|~|[-+.\d].*)$""",
                           re.IGNORECASE)


def yaml_scalar(value: object) -> str:
    """`value` as a YAML scalar: plain when that reads back unchanged, double-quoted otherwise."""
    text = str(value)
    if not text or "\n" in text or '"' in text or "\\" in text or _PLAIN_UNSAFE.search(text):
        return json.dumps(text, ensure_ascii=False)
    return text


def environment_for(template: Template) -> jinja2.Environment:
    """The sandbox a template renders in: its `files/` folders and quyche's `_shared/`."""
    from quyche.scaffold.locate import SHARED_DIR, builtin_root

    shared = template.shared_dir or builtin_root() / SHARED_DIR
    return make_environment(template.file_roots, shared if shared.is_dir() else None, template.name)


def _translate(exc: BaseException, template_name: str, what: str) -> Exception:
    """A Jinja failure as a quyche error naming the file and line."""
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return UnsafeTemplate(None, name=template_name,
                              problem=f"{what} truy cập phần nội bộ của Python ({exc})")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateError(exc.filename or what, exc.lineno, name=template_name,
                             problem=f"lỗi cú pháp Jinja: {exc.message}")
    if isinstance(exc, jinja2.UndefinedError):
        return TemplateError(None, name=template_name, problem=f"{what} dùng biến chưa có giá trị ({exc.message})")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateError(None, name=template_name, problem=f"{what} gọi tệp không có trong mẫu: `{exc.name}`")
    if isinstance(exc, RecursionError):
        return TemplateError(None, name=template_name, problem=f"{what} tự gọi lại chính nó (include vòng tròn)")
    return TemplateError(None, name=template_name, problem=f"{what} lỗi khi dựng: {type(exc).__name__}: {exc}")


def _generate(tpl: jinja2.Template, context: Mapping[str, Any], template_name: str, what: str) -> str:
    chunks: list[str] = []
    size = 0
    for chunk in tpl.generate(dict(context)):
        size += len(chunk)
        if size > MAX_OUTPUT_CHARS:
            raise UnsafeTemplate(None, name=template_name,
                                 problem=f"{what} sinh ra văn bản quá lớn (hơn {MAX_OUTPUT_CHARS} ký tự)")
        chunks.append(chunk)
    return "".join(chunks)


_COMPILED: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, jinja2.Template]] = weakref.WeakKeyDictionary()
"""Compiled short strings per environment: constants are rendered again for every question."""


def render_string(env: jinja2.Environment, source: str, context: Mapping[str, Any],
                  template_name: str, what: str) -> str:
    """Render a short string (a default, a prompt, a file name) in the sandbox."""
    if "{" not in source:
        return source
    try:
        cache = _COMPILED.setdefault(env, {})
        tpl = cache.get(source)
        if tpl is None:
            tpl = cache[source] = env.from_string(source)
        return _generate(tpl, context, template_name, what)
    except (UnsafeTemplate, TemplateError):
        raise
    except Exception as exc:
        raise _translate(exc, template_name, what) from None


def render_file(env: jinja2.Environment, name: str, context: Mapping[str, Any], template_name: str) -> str:
    """Render the template file `name`, numbering articles; two passes when a ref() looks ahead."""
    what = f"tệp `{name}`"
    try:
        tpl = env.get_template(name)
        numbering = Numbering()
        text = _generate(tpl, {**context, **_helpers(numbering)}, template_name, what)
        if numbering.forward:
            second = Numbering(known=numbering.ids)
            text = _generate(tpl, {**context, **_helpers(second)}, template_name, what)
            unknown = sorted(uid for uid in second.missing if uid not in numbering.ids)
            if unknown:
                raise TemplateError(None, name=template_name,
                                    problem=f"{what} dẫn chiếu tới điều không có: ref(\"{unknown[0]}\")")
        return text
    except (UnsafeTemplate, TemplateError):
        raise
    except Exception as exc:
        raise _translate(exc, template_name, what) from None


def _helpers(numbering: Numbering) -> dict[str, Any]:
    return {"chapter": numbering.chapter, "article": numbering.article, "ref": numbering.ref}
