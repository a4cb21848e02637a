"""Every YAML file a user hands quyche is read here, the same way for every command.

Front matter, quyche.yaml, round.yaml, comment files, answers and template.yaml all go through
`load_yaml`: PyYAML's safe loader (libyaml's C loader when installed, else the pure-Python one),
plus the rules that plain PyYAML lacks and that make every command agree on the same text:

- duplicate keys, keys that are lists or mappings (`[a]: b`) and aliases (`*name`, the billion
  laughs) are refused at their place; unknown and `!!python/…` tags are refused, never run;
- nesting, item count and size are capped (named limits below), so a reader is linear in its input;
- a U+FEFF (byte order mark) anywhere but the very start of a whole file is refused: the two
  loaders disagree about it, and it is invisible;
- every error, whatever the loader or the PyYAML release, becomes YamlSyntax with the file's
  line and column and a problem *code* chosen by the kind of error (its class, its context and
  the character at its mark), never by one English message text that a new release may reword.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quyche.errors import YamlSyntax

MAX_DEPTH = 32
"""Lists and mappings nested deeper than this are refused (a regulation's needs are 3)."""
FRONT_MATTER_MAX_ITEMS = 1000
"""Keys and list items in one front matter (the schema has about 20 keys)."""
FRONT_MATTER_MAX_CHARS = 64 * 1024
"""Characters in one front matter: `fmt` rewrites it with ruamel, ~8 µs a character."""
BOM = "\ufeff"
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
"""What YAML 1.1 readers refuse (PyYAML's Reader.NON_PRINTABLE)."""

_HAS_LIBYAML = hasattr(yaml, "CSafeLoader")


@dataclass(frozen=True, slots=True)
class YamlLimits:
    """Caps for one kind of YAML text; None means no cap beyond the file-size limit."""

    max_depth: int = MAX_DEPTH
    max_items: int | None = None
    max_chars: int | None = None


WHOLE_FILE = YamlLimits()
FRONT_MATTER = YamlLimits(max_items=FRONT_MATTER_MAX_ITEMS, max_chars=FRONT_MATTER_MAX_CHARS)


@dataclass(frozen=True, slots=True)
class LoadedYaml:
    """The constructed data and the node tree it came from (for key positions)."""

    data: Any
    node: yaml.Node | None


class _Refused(Exception):
    """A rule of ours broken at a node: (problem code, 0-based line, 0-based column, facts)."""

    def __init__(self, problem: str, mark: Any, **facts: Any) -> None:
        super().__init__(problem)
        self.problem, self.mark, self.facts = problem, mark, facts


class _RulesMixin:
    """Construction rules shared by the C and the pure-Python loader."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused("complex-key", key_node.start_mark)
            if key_node.value in seen:
                raise _Refused("duplicate", key_node.start_mark, key=str(key_node.value))
            seen.add(key_node.value)
        return super().construct_mapping(node, deep=True)  # type: ignore[misc]

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """An impossible date ("2025-02-30") stays text, for `check` to report, not a crash."""
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[attr-defined]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """A value its tag cannot hold (`!!float abc`, `!!binary x`, a 5,000-digit `!!int`)."""
        try:
            return super().construct_object(node, deep=deep)  # type: ignore[misc]
        except (ValueError, TypeError, AttributeError, OverflowError):
            raise _Refused("bad-value", node.start_mark) from None
        except yaml.constructor.ConstructorError as exc:
            if "base64" in str(exc.problem):  # `!!binary` with text that is not base64
                raise _Refused("bad-binary", node.start_mark) from None
            raise

    def construct_undefined(self, node: yaml.Node) -> Any:
        """Unknown tags are refused; `!!python/…` ones by name, as unsafe (never executed)."""
        unsafe = str(node.tag).startswith("tag:yaml.org,2002:python/")
        raise _Refused("unsafe-tag" if unsafe else "unknown-tag", node.start_mark)


def _loader_class(base: type) -> type:
    cls: type = type(f"Quyche{base.__name__}", (_RulesMixin, base), {})
    cls.add_constructor("tag:yaml.org,2002:timestamp", cls.construct_yaml_timestamp)  # type: ignore[attr-defined]
    cls.add_constructor(None, cls.construct_undefined)  # type: ignore[attr-defined]
    return cls


PURE_LOADER = _loader_class(yaml.SafeLoader)
C_LOADER = _loader_class(yaml.CSafeLoader) if _HAS_LIBYAML else None


def _check_tree(root: yaml.Node, limits: YamlLimits) -> None:
    """Aliases, depth and item count, in one pass that visits each node once.

    PyYAML composes `*name` as the anchored node itself, so an alias shows as a node met twice;
    walking by identity keeps the walk linear even for a billion laughs.
    """
    seen: set[int] = set()
    items = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise _Refused("alias", None)
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            continue
        if depth > limits.max_depth:
            raise _Refused("nested", node.start_mark, limit=limits.max_depth)
        if isinstance(node, yaml.MappingNode):
            items += len(node.value)
            for key, value in node.value:
                stack.append((value, depth + 1))
                stack.append((key, depth + 1))
        else:
            items += len(node.value)
            stack.extend((item, depth + 1) for item in node.value)
        if limits.max_items is not None and items > limits.max_items:
            raise _Refused("too-many-items", node.start_mark, limit=limits.max_items)


def _locate(text: str, max_depth: int) -> Any:
    """The mark of the first alias or of the first collection past `max_depth`, from events.

    Events come from the pure-Python parser, which is iterative and scans no further ahead
    than it must (libyaml's scanner may hit its own nesting limit first), so every loader
    points at the same place; only ever run on the error path.
    """
    try:
        parser = PURE_LOADER(text)
    except yaml.YAMLError:  # characters the Python reader refuses (libyaml took them)
        return None
    depth = 0
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                if depth > max_depth:
                    return event.start_mark
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        return exc.problem_mark
    except RecursionError:
        return None
    finally:
        parser.dispose()
    return None


_SCANNER_KINDS = (  # (words of the context or problem, code): checked in order
    ("nesting depth", "nested"),
    ("tab", "tab"),
    ("mapping values are not allowed", "colon"),
    ("escape", "bad-escape"),
    ("directive", "directive"),
    ("alias", "alias"),
    ("anchor", "alias"),
    ("tag", "unknown-tag"),
    ("block scalar", "block-scalar"),
    ("simple key", "missing-colon"),
)
_PARSER_KINDS = (
    ("flow sequence", "unclosed-bracket"),
    ("flow mapping", "unclosed-brace"),
    ("document start", "extra-document"),
    ("block collection", "indent-list"),
    ("block mapping", "indent"),
    ("node content", "missing-value"),
)


def classify(exc: Any, text: str) -> tuple[str, Any, dict[str, Any]]:
    """(problem code, mark to show, facts) for a PyYAML or ruamel.yaml error.

    Decided by the error's class and context and the character at its mark; the problem words
    are only a hint, so a reworded message in a new release still lands on a kind (or on the
    generic "syntax", which is still one Vietnamese line).
    """
    kind = type(exc).__name__
    context = str(getattr(exc, "context", None) or "")
    problem = str(getattr(exc, "problem", None) or "")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    words = f"{context} {problem}".lower()
    char = _char_at(text, mark)
    if kind == "ScannerError":
        if "quoted scalar" in words and "end of stream" in words:
            return "unclosed-quote", exc.context_mark or mark, {}
        if char == "\t" or re.search(r"\btab\b", words):
            return "tab", mark, {}
        if "cannot start any token" in words:
            return ("reserved-char" if char and char in "@`" else "bad-char"), mark, {"char": char or "?"}
        for needle, code in _SCANNER_KINDS:
            if needle in words:
                return code, mark, {}
    elif kind == "ParserError":
        for needle, code in _PARSER_KINDS:
            if needle in words:
                # an unclosed `[` or `{` is shown where it opened, not where the parser gave up
                opened = code in ("unclosed-bracket", "unclosed-brace") and exc.context_mark
                return code, opened or mark, {}
    elif kind == "ComposerError":
        if "alias" in words or "anchor" in words:
            return "alias", mark, {}
        if "document" in words:
            return "extra-document", mark, {}
    elif kind == "ConstructorError":
        if "unhashable" in words:
            return "complex-key", mark, {}
        if "base64" in words:
            return "bad-binary", mark, {}
        if problem in ("unsafe-tag", "unknown-tag", "bad-value", "bad-binary"):
            return problem, mark, {}
        if "constructor for the tag" in words:
            return ("unsafe-tag" if "python/" in words else "unknown-tag"), mark, {}
        return "bad-value", mark, {}
    return "syntax", mark, {}


def _char_at(text: str, mark: Any) -> str | None:
    index = getattr(mark, "index", None)
    if isinstance(index, int) and 0 <= index < len(text):
        return text[index]
    if mark is None:
        return None
    lines = text.split("\n", mark.line + 1)
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return None


def _line_col(text: str, index: int) -> tuple[int, int]:
    """0-based (line, column) of a character index."""
    line = text.count("\n", 0, index)
    return line, index - (text.rfind("\n", 0, index) + 1)


def _syntax(path: Path | str | None, first_line: int, problem: str, line0: int | None, col0: int | None,
            **facts: Any) -> YamlSyntax:
    if line0 is None:
        return YamlSyntax(path, first_line, 1, problem=problem, **facts)
    return YamlSyntax(path, line0 + first_line, (col0 or 0) + 1, problem=problem, **facts)


def _mark_error(path: Path | str | None, first_line: int, problem: str, mark: Any,
                **facts: Any) -> YamlSyntax:
    if mark is None:
        return _syntax(path, first_line, problem, None, None, **facts)
    return _syntax(path, first_line, problem, mark.line, mark.column, **facts)


def load_yaml(text: str, path: Path | str | None = None, *, first_line: int = 1,
              limits: YamlLimits = WHOLE_FILE, pure_python: bool = False) -> LoadedYaml:
    """Load one YAML document safely; every failure is YamlSyntax at the file's line:column.

    `first_line` is the file's 1-based line of the text's first line (2 for front matter).
    `pure_python` forces PyYAML's Python loader (as on machines without libyaml).
    """
    if text.startswith(BOM) and first_line == 1:
        text = text[1:]  # Notepad's byte order mark at the start of a whole file
    bom = text.find(BOM)
    if bom >= 0:
        line0, col0 = _line_col(text, bom)
        raise _syntax(path, first_line, "bom", line0, col0)
    if limits.max_chars is not None and len(text) > limits.max_chars:
        raise _syntax(path, first_line, "too-long", None, None, limit=limits.max_chars)
    loader_cls = PURE_LOADER if pure_python or C_LOADER is None else C_LOADER
    try:
        loader = loader_cls(text)  # the pure-Python reader checks the characters here
        try:
            node = loader.get_single_node()
            if node is not None:
                _check_tree(node, limits)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except _Refused as refused:
        mark = refused.mark
        if refused.problem == "alias":
            mark = _locate(text, limits.max_depth)
        raise _mark_error(path, first_line, refused.problem, mark, **refused.facts) from None
    except RecursionError:  # 6.0.3's C composer and the Python one recurse per nesting level
        mark = _locate(text, limits.max_depth)
        raise _mark_error(path, first_line, "nested", mark, limit=limits.max_depth) from None
    except yaml.reader.ReaderError as exc:  # a control character
        found = _NOT_PRINTABLE.search(text)  # libyaml's `position` counts bytes, not characters
        index = found.start() if found else exc.position
        line0, col0 = _line_col(text, index)
        code = ord(text[index]) if index < len(text) else exc.character
        raise _syntax(path, first_line, "control-char", line0, col0, code=f"U+{code:04X}") from None
    except yaml.MarkedYAMLError as exc:
        problem, mark, facts = classify(exc, text)
        if problem == "nested":
            mark = _locate(text, limits.max_depth) or mark
            facts = {"limit": limits.max_depth}
        raise _mark_error(path, first_line, problem, mark, **facts) from None
    except yaml.YAMLError:
        raise _syntax(path, first_line, "syntax", None, None) from None
    return LoadedYaml(data, node)
