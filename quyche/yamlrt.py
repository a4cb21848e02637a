"""Round-trip YAML for front matter that quyche writes: canonical key order, comments kept.

Only commands that write files import this (ruamel.yaml is slow to import and to load);
read-only commands use quyche.parse.frontmatter.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter

from quyche.model.frontmatter import FRONT_MATTER_KEYS, SIGNING_KEYS, TERM_KEYS, FrontMatter


class RawScalar(str):
    """A plain scalar kept exactly as the user wrote it, with the tag it resolved to.

    fmt only reorders keys: it never needs the value, so dates, numbers and timestamps are not
    constructed at all. Constructing them made an impossible date (`2025-02-30`) crash, and
    re-emitting a timestamp changed its spelling.
    """

    tag: str

    def __new__(cls, text: str, tag: str) -> RawScalar:
        obj = super().__new__(cls, text)
        obj.tag = tag
        return obj


_RAW_TAGS = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
UNSAFE_TAG_PREFIX = "tag:yaml.org,2002:python/"


class _KeepTextConstructor(RoundTripConstructor):
    """Round-trip constructor that keeps scalars as text and refuses Python object tags."""

    def construct_raw(self, node: ScalarNode) -> RawScalar:
        return RawScalar(str(node.value), str(node.tag))

    def construct_unknown(self, node: Any) -> Any:
        if str(node.tag).startswith(UNSAFE_TAG_PREFIX):  # never build objects from user text
            raise ConstructorError(None, None, "unsafe-tag", node.start_mark)
        return super().construct_unknown(node)


_KeepTextConstructor.add_constructor(None, _KeepTextConstructor.construct_unknown)
for _tag in _RAW_TAGS:
    _KeepTextConstructor.add_constructor(_tag, _KeepTextConstructor.construct_raw)


class _KeepTextRepresenter(RoundTripRepresenter):
    def represent_raw(self, data: RawScalar) -> ScalarNode:
        # With the tag it had, a plain scalar resolves the same way again and is written plain.
        return self.represent_scalar(data.tag, str(data))


_KeepTextRepresenter.add_representer(RawScalar, _KeepTextRepresenter.represent_raw)


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.Constructor = _KeepTextConstructor
    y.Representer = _KeepTextRepresenter
    y.width = 4096  # never fold long Vietnamese lines: a folded line wrecks git diffs
    y.indent(mapping=2, sequence=4, offset=2)
    y.preserve_quotes = True
    y.allow_unicode = True
    return y


def _reorder(data: CommentedMap, order: tuple[str, ...]) -> CommentedMap:
    """Move known keys into `order` (unknown keys keep their place after them)."""
    known = [k for k in order if k in data]
    rest = [k for k in data if k not in order]
    wanted = known + rest
    if list(data.keys()) == wanted:
        return data
    items = [(k, data[k]) for k in wanted]
    comments = {k: data.ca.items.get(k) for k in wanted}
    for k in list(data.keys()):
        del data[k]
    for k, v in items:
        data[k] = v
        if comments[k] is not None:
            data.ca.items[k] = comments[k]
    return data


def canonical_front_matter(yaml_text: str) -> str:
    """Rewrite front-matter YAML with keys in schema order, keeping comments and quoting."""
    y = _yaml()
    data = y.load(yaml_text)
    if not isinstance(data, CommentedMap):
        return yaml_text
    _reorder(data, FRONT_MATTER_KEYS)
    for key, order in (("term", TERM_KEYS), ("signing", SIGNING_KEYS)):
        if isinstance(data.get(key), CommentedMap):
            _reorder(data[key], order)
    buf = io.StringIO()
    y.dump(data, buf)
    return buf.getvalue()


def front_matter_to_yaml(fm: FrontMatter, comment: str | None = None) -> str:
    """Serialise a FrontMatter (e.g. from `import`) as canonical YAML."""
    data = CommentedMap()
    for key in FRONT_MATTER_KEYS:
        value: Any = getattr(fm, key)
        if value in (None, [], ""):
            continue
        if key == "date" and isinstance(value, dt.date):
            data[key] = value
        elif key in ("term", "signing"):
            sub = CommentedMap()
            for sk in TERM_KEYS if key == "term" else SIGNING_KEYS:
                if getattr(value, sk):
                    sub[sk] = getattr(value, sk)
            if sub:
                data[key] = sub
        elif isinstance(value, list):
            data[key] = CommentedSeq(value)
        else:
            data[key] = value
    for key, value in fm.extra.items():
        if "." not in key:
            data[key] = value
    if comment:
        data.yaml_set_start_comment(comment)
    buf = io.StringIO()
    _yaml().dump(data, buf)
    return buf.getvalue()
