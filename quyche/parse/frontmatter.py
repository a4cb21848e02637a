"""Front matter: split it from the body, load it safely, map it onto FrontMatter.

Loading is quyche.yamlread's (PyYAML's C loader, duplicate keys, aliases and sizes refused);
this module records the line of every key and maps the values onto the model.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from quyche.errors import FrontMatterNotMapping, FrontMatterUnclosed
from quyche.model.frontmatter import (
    FRONT_MATTER_KEYS,
    SIGNING_KEYS,
    TERM_KEYS,
    FrontMatter,
    SigningBlock,
    Term,
)
from quyche.model.span import Span
from quyche.yamlread import FRONT_MATTER, load_yaml

FENCE = "---"


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


def load_front_matter(yaml_text: str, first_line: int, path: str | None = None,
                      *, pure_python: bool = False) -> FrontMatter:
    """Load and map the YAML (quyche.yamlread: every command reads it the same way)."""
    loaded = load_yaml(yaml_text, path, first_line=first_line, limits=FRONT_MATTER, pure_python=pure_python)
    data = loaded.data
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise FrontMatterNotMapping(path, first_line, 1)
    spans: dict[str, Span] = {}
    if loaded.node is not None:
        _record_positions(loaded.node, "", spans, first_line)
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
