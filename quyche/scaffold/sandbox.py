"""Jinja for untrusted templates: a sandbox, strict variables, a loader that cannot leave.

Templates come from anyone (a body's own folder, a download), so:

- ImmutableSandboxedEnvironment: no `__class__`/`__globals__`/`mro` walks, no mutation of
  lists and dicts, `range` capped; a SecurityError becomes UnsafeTemplate.
- StrictUndefined: a misspelt variable is an error, never an empty hole in a regulation.
- autoescape off: the output is Markdown and YAML, not HTML.
- The loader reads only from the template's `files/` folders and quyche's own `_shared/`;
  `..` segments are refused by Jinja, symlinks leaving a folder by us.
- Bounded work (the limits below): every loop iteration and call spends one step of
  a per-file budget (nested `range(100000)` loops stop after MAX_STEPS), every rendered piece
  counts against MAX_RENDERED_CHARS (also inside `{% set %}` blocks and macros), and every
  string or list an operator, filter or method makes is sized *before* it is made
  (`'x' * 1000000000` is refused, not computed). So a template cannot hang or fill memory.

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
from jinja2 import nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.visitor import NodeTransformer

from quyche.errors import TemplateError, UnsafeTemplate
from quyche.model.numbering import to_roman

if TYPE_CHECKING:
    from quyche.scaffold.template import Template

MAX_OUTPUT_CHARS = 5_000_000
"""Largest text one template file may render to (a 700-article code is ~0.8 MB)."""
MAX_VALUE_CHARS = MAX_OUTPUT_CHARS
"""Longest string (or list) an expression may make on the way."""
MAX_RENDERED_CHARS = 4 * MAX_OUTPUT_CHARS
"""Characters rendered in all, counting text captured by `{% set %}` blocks and macros."""
MAX_STEPS = 50_000
"""Loop iterations plus calls while rendering one file (built-in templates use under a hundred)."""
MAX_INT_ARGUMENT = 100_000
"""Largest number passed to a filter or method (widths, counts): `center(10**9)` is refused."""
_GUARD_LOOP = "_quyche_loop"
_GUARD_OUT = "_quyche_out"
_GUARD_VALUE = "_quyche_value"
_WIDE_FORMAT = re.compile(r"%[-+ #0]*(?:\*|\d{6,})|%[-+ #0]*\d*\.(?:\*|\d{6,})|\{[^{}]*\d{6,}[^{}]*\}")
"""A %-format or str.format spec with a width or precision of a million or more (or `*`)."""


class _TooMuch(Exception):
    """A template went over one of the limits above (facts in args: what went over)."""


def _length(value: object) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple | dict) else 0


def _check_value(value: object) -> object:
    if _length(value) > MAX_VALUE_CHARS:
        raise _TooMuch(f"tạo ra chuỗi hoặc danh sách quá dài (hơn {MAX_VALUE_CHARS} phần tử, giới hạn MAX_VALUE_CHARS)")
    return value


def _check_arguments(name: str, obj: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse a call whose result would be huge, before making it."""
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_INT_ARGUMENT:
            shown = str(arg) if arg.bit_length() < 64 else f"{str(arg)[:12]}… ({len(str(arg))} chữ số)"
            raise _TooMuch(f"gọi `{name}` với số quá lớn ({shown}; giới hạn MAX_INT_ARGUMENT = {MAX_INT_ARGUMENT})")
        if isinstance(arg, str) and name in ("format", "format_map") and _WIDE_FORMAT.search(arg):
            raise _TooMuch(f"gọi `{name}` với độ rộng quá lớn")
    if isinstance(obj, str) and name in ("format", "format_map") and _WIDE_FORMAT.search(obj):
        raise _TooMuch(f"gọi `{name}` với độ rộng quá lớn")
    predicted = 0
    if name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        base = obj if isinstance(obj, str) else kwargs.get("s", "")
        if isinstance(base, str):
            hits = len(base) + 1 if not args[0] else base.count(args[0])
            predicted = len(base) + hits * len(args[1])
    elif name == "join" and args and isinstance(args[0], list | tuple):
        predicted = sum(_length(x) if isinstance(x, str) else 20 for x in args[0])
        predicted += len(args[0]) * (len(obj) if isinstance(obj, str) else 0)
    if predicted > MAX_VALUE_CHARS:
        raise _TooMuch(f"`{name}` sẽ tạo ra chuỗi quá dài (hơn {MAX_VALUE_CHARS} ký tự)")


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Size `left <op> right` before computing it."""
    numbers = (int, float)
    if operator == "*":
        seq, count = (left, right) if isinstance(right, int) else (right, left)
        if _length(seq) and isinstance(count, int) and _length(seq) * count > MAX_VALUE_CHARS:
            raise _TooMuch(f"phép nhân tạo ra chuỗi quá dài (hơn {MAX_VALUE_CHARS} ký tự)")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > 4096:
            raise _TooMuch("phép nhân tạo ra số quá lớn")
    elif operator == "**":
        if isinstance(left, numbers) and isinstance(right, numbers) and abs(left) > 1 and right > 256:
            raise _TooMuch("phép lũy thừa tạo ra số quá lớn (số mũ tối đa 256)")
    elif operator == "+":
        if _length(left) + _length(right) > MAX_VALUE_CHARS:
            raise _TooMuch(f"phép cộng chuỗi tạo ra chuỗi quá dài (hơn {MAX_VALUE_CHARS} ký tự)")
    elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
        raise _TooMuch("định dạng `%` với độ rộng quá lớn")


class _BoundedSandbox(ImmutableSandboxedEnvironment):
    """The sandbox with a work budget: steps, rendered characters, sizes checked beforehand."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.steps = 0
        self.rendered = 0
        self.globals[_GUARD_LOOP] = self._loop
        self.globals[_GUARD_OUT] = self._out
        self.globals[_GUARD_VALUE] = _check_value

    def reset_budget(self) -> None:
        """Start a new file's budget."""
        self.steps = 0
        self.rendered = 0

    def _step(self) -> None:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise _TooMuch(f"chạy quá nhiều vòng lặp hoặc lời gọi (hơn {MAX_STEPS}, giới hạn MAX_STEPS)")

    def _loop(self, iterable: Any) -> Any:
        for item in iterable:
            self._step()
            yield item

    def _out(self, value: Any) -> Any:
        self.rendered += len(value) if isinstance(value, str) else 20
        if self.rendered > MAX_RENDERED_CHARS:
            raise _TooMuch(f"sinh ra văn bản quá lớn (hơn {MAX_RENDERED_CHARS} ký tự kể cả phần gán vào biến)")
        return value

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        """Parse, then route loops, output and `~` through the budget checks."""
        tree = super()._parse(source, name, filename)
        result = _Guards().visit(tree)
        assert isinstance(result, nodes.Template)
        return result

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        _check_binop(operator, left, right)
        return _check_value(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """`'{:>999999999}'.format` is refused when it is looked up (Jinja wraps it here)."""
        owner = getattr(value, "__self__", None)
        if getattr(value, "__name__", "") in ("format", "format_map") and isinstance(owner, str):
            _check_arguments("format", owner, (), {})
        return super().wrap_str_format(value)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if __obj is _check_value or getattr(__obj, "__self__", None) is __self:
            return __obj(*args)  # our own guards, added by _Guards (kwargs: Jinja's _loop_vars)
        __self._step()
        name = getattr(__obj, "__name__", "")
        _check_arguments(name, getattr(__obj, "__self__", None), args, kwargs)
        return _check_value(super().call(__context, __obj, *args, **kwargs))


def _guard(fn: str, node: nodes.Node) -> nodes.Expr:
    return nodes.Call(nodes.Name(fn, "load", lineno=node.lineno), [node], [], None, None, lineno=node.lineno)


class _Guards(NodeTransformer):
    """Wrap each loop's iterable, each piece of output and each `~` in a budget check."""

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _guard(_GUARD_LOOP, node.iter)
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        self.generic_visit(node)
        node.nodes = [_guard(_GUARD_OUT, nodes.Const(n.data, lineno=n.lineno) if isinstance(n, nodes.TemplateData) else n)
                      for n in node.nodes]
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _guard(_GUARD_VALUE, node)


def _guarded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose arguments and result are sized like a method call's."""
    import functools

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        positional = [a for a in args if not isinstance(a, jinja2.runtime.Context | jinja2.Environment)
                      and not hasattr(a, "environment")]
        if name == "join" and positional and not isinstance(positional[0], str):
            items = list(positional[0])
            _check_arguments("join", positional[1] if len(positional) > 1 else "", (items,), {})
            args = tuple(items if a is positional[0] else a for a in args)
        elif name == "replace" and len(positional) >= 3:
            _check_arguments("replace", positional[0], tuple(positional[1:3]), {})
        _check_arguments(name, positional[0] if positional else None, tuple(positional[1:]), kwargs)
        return _check_value(func(*args, **kwargs))

    return wrapper


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
    env = _BoundedSandbox(
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
    env.filters = {name: _guarded_filter(name, func) for name, func in env.filters.items()}
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
    if isinstance(exc, _TooMuch):
        return UnsafeTemplate(None, name=template_name, problem=f"{what} {exc.args[0]}")
    if isinstance(exc, MemoryError):
        return UnsafeTemplate(None, name=template_name, problem=f"{what} cần quá nhiều bộ nhớ")
    if isinstance(exc, RecursionError):
        return TemplateError(None, name=template_name, problem=f"{what} tự gọi lại chính nó (include vòng tròn)")
    return TemplateError(None, name=template_name, problem=f"{what} lỗi khi dựng: {type(exc).__name__}: {exc}")


def _generate(tpl: jinja2.Template, context: Mapping[str, Any], template_name: str, what: str) -> str:
    chunks: list[str] = []
    size = 0
    if isinstance(tpl.environment, _BoundedSandbox):
        tpl.environment.reset_budget()
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
