"""Front matter: split it from the body, load it safely, map it onto FrontMatter.

Read-only commands load it with PyYAML's C loader (fast, safe); a small subclass records the
line of every key and refuses duplicate keys, which plain PyYAML would silently overwrite.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from quyche.errors import FrontMatterNotMapping, FrontMatterUnclosed, YamlSyntax
from quyche.model.frontmatter import (
    FRONT_MATTER_KEYS,
    SIGNING_KEYS,
    TERM_KEYS,
    FrontMatter,
    SigningBlock,
    Term,
)
from quyche.model.span import Span

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FENCE = "---"


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, column: int) -> None:
        super().__init__(key)
        self.key, self.line, self.column = key, line, column


class _PositionLoader(_BaseLoader):
    """Safe loader that records key positions and refuses duplicate keys."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.positions: dict[str, Span] = {}
        self._path: list[str] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = key_node.value
            if key in seen:
                raise _DuplicateKey(str(key), key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=True)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """An impossible date ("2025-02-30") stays text, for `check` to report, not a crash."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value its tag cannot hold (`!!float abc`, `!!timestamp x`) is a YAML error at its place."""
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, AttributeError, OverflowError):
            raise yaml.constructor.ConstructorError(None, None, "bad-value", node.start_mark) from None

    def construct_undefined(self, node: yaml.Node) -> Any:
        """Unknown tags are refused; `!!python/…` ones by name, as unsafe (never executed)."""
        unsafe = str(node.tag).startswith("tag:yaml.org,2002:python/")
        raise yaml.constructor.ConstructorError(None, None, "unsafe-tag" if unsafe else "unknown-tag", node.start_mark)


_PositionLoader.add_constructor("tag:yaml.org,2002:timestamp", _PositionLoader.construct_yaml_timestamp)
_PositionLoader.add_constructor(None, _PositionLoader.construct_undefined)


def _record_positions(node: yaml.Node, prefix: str, out: dict[str, Span], line_offset: int) -> None:
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value_node in node.value:
        key = f"{prefix}{key_node.value}"
        out[key] = Span(
            key_node.start_mark.line + line_offset,
            key_node.start_mark.column + 1,
            value_node.end_mark.line + line_offset,
            value_node.end_mark.column + 1,
        )
        if isinstance(value_node, yaml.MappingNode):
            _record_positions(value_node, key + ".", out, line_offset)
        elif isinstance(value_node, yaml.SequenceNode):
            for idx, item in enumerate(value_node.value):
                out[f"{key}.{idx}"] = Span(item.start_mark.line + line_offset, item.start_mark.column + 1)


def split_front_matter(text: str) -> tuple[str | None, int, int]:
    """(front matter text or None, first body line index, 1-based line of the YAML's first line).

    The front matter opens with a `---` first line and closes with the next `---` or `...` line.
    """
    if not text.startswith(FENCE):
        return None, 0, 0
    first_nl = text.find("\n")
    if first_nl < 0 or text[:first_nl].rstrip() != FENCE:
        return None, 0, 0
    # Walk line by line from the top: the closing fence is near, and the file may be long.
    start = pos = first_nl + 1
    idx = 1
    while pos <= len(text):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        if text[pos:end].rstrip() in (FENCE, "..."):
            return text[start : max(start, pos - 1)], idx + 1, 2
        pos, idx = end + 1, idx + 1
    raise FrontMatterUnclosed(None, 1, 1)


def load_front_matter(yaml_text: str, first_line: int, path: str | None = None) -> FrontMatter:
    """Load and map the YAML; syntax errors carry the file's line and column."""
    loader = _PositionLoader(yaml_text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except _DuplicateKey as dup:
        raise YamlSyntax(path, dup.line + first_line - 1, dup.column, problem="duplicate", key=dup.key) from None
    except yaml.MarkedYAMLError as exc:
        if (exc.problem or "").startswith("exceeded maximum nesting depth"):  # PyYAML ≥ 6.0.4's own limit
            raise YamlSyntax(path, first_line, 1, problem="nested") from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark else first_line
        col = mark.column + 1 if mark else 1
        raise YamlSyntax(path, line, col, problem=exc.problem or "syntax") from None
    except yaml.YAMLError as exc:
        raise YamlSyntax(path, first_line, 1, problem=str(exc)) from None
    except RecursionError:  # PyYAML composes nested lists and mappings recursively
        raise YamlSyntax(path, first_line, 1, problem="nested") from None
    finally:
        loader.dispose()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterNotMapping(path, first_line, 1)
    spans: dict[str, Span] = {}
    if node is not None:
        _record_positions(node, "", spans, first_line)
    return front_matter_from_mapping(data, spans)


def _text(value: Any, key: str, errors: dict[str, str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        errors[key] = "string"
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def _text_list(value: Any, key: str, errors: dict[str, str]) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors[key] = "array"
        return []
    out = []
    for idx, item in enumerate(value):
        text = _text(item, f"{key}.{idx}", errors)
        if text is not None:
            out.append(text)
    return out


def front_matter_from_mapping(data: dict[str, Any], spans: dict[str, Span] | None = None) -> FrontMatter:
    """Map a loaded YAML mapping onto FrontMatter; unknown keys go to `extra`."""
    errors: dict[str, str] = {}
    fm = FrontMatter(spans=spans or {}, type_errors=errors)
    for key, value in data.items():
        skey = str(key)
        if skey not in FRONT_MATTER_KEYS:
            fm.extra[skey] = value
            continue
        if skey == "date":
            if isinstance(value, dt.datetime):
                fm.date = value.date()
            elif isinstance(value, dt.date):
                fm.date = value
            elif value is not None:
                fm.date = str(value)
        elif skey in ("legal_bases", "distribution"):
            setattr(fm, skey, _text_list(value, skey, errors))
        elif skey == "term":
            fm.term = _sub_block(value, skey, TERM_KEYS, Term, errors, fm.extra)  # type: ignore[assignment]
        elif skey == "signing":
            fm.signing = _sub_block(value, skey, SIGNING_KEYS, SigningBlock, errors, fm.extra)  # type: ignore[assignment]
        else:
            setattr(fm, skey, _text(value, skey, errors))
    return fm


def _sub_block(value: Any, key: str, keys: tuple[str, ...], cls: type, errors: dict[str, str],
               extra: dict[str, Any]) -> object | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        errors[key] = "object"
        return None
    kwargs = {}
    for sub, sub_value in value.items():
        if str(sub) in keys:
            kwargs[str(sub)] = _text(sub_value, f"{key}.{sub}", errors)
        else:
            extra[f"{key}.{sub}"] = sub_value
    return cls(**kwargs)
