"""The canonical Markdown layout that `quyche fmt` writes (black's job for regulations).

One block per paragraph with a blank line between blocks; headings `#` by depth (the part,
chapter and section levels that the document uses, then articles); clauses and points as
Markdown list items, their children indented under them so GitHub and GitLab render the
nesting; bullets `-`, nested ones `+` two spaces further in; quoted text as block quotes; the
closing block (signature, "Nơi nhận") between the body and the appendices; HTML comments
(inline suppressions) kept right above the line they stood above. A paragraph that would read
as something else starts with a backslash. Parsing the output gives back the same model.

`format_text` is the whole of `quyche fmt` for one file: text in, text out, nothing touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from quyche.errors import FormatUnstable, NotARegulation, Unreadable, UnresolvedConflict, YamlSyntax
from quyche.fsutil import read_bytes_guarded
from quyche.model.document import Comment, Node, Paragraph, Regulation, Section, Unit
from quyche.parse.body import ESCAPE, heading_match, needs_escape
from quyche.parse.document import parse_text
from quyche.parse.frontmatter import split_front_matter
from quyche.parse.patterns import ARTICLE, CLOSING, ESCAPE_PREFIXES
from quyche.parse.source import decode_source
from quyche.yamlread import classify

_HEADING_KINDS = ("part", "chapter", "section", "article")


def heading_levels(reg: Regulation) -> dict[str, int]:
    """Markdown heading level per kind: the kinds in use, outermost first, get 1, 2, 3…"""
    used = {u.kind for u in reg.units() if u.kind in _HEADING_KINDS}
    levels: dict[str, int] = {}
    level = 0
    for kind in _HEADING_KINDS:
        if kind in used:
            level += 1
            levels[kind] = level
    levels["appendix"] = 1
    return levels


def heading_line(unit: Unit, level: int) -> str:
    """"## Điều 5. Title {#id}"."""
    if isinstance(unit, Section) and unit.bare_roman:
        text = unit.written_heading()
    else:
        if unit.kind == "appendix":
            head = "Phụ lục" + (f" {unit.number}" if unit.number else "")
        else:
            head = unit.label
        text = f"{head}. {unit.title}" if unit.title else (f"{head}." if unit.kind == "article" else head)
    if unit.id:
        text += f" {{#{unit.id}}}"
    return f"{'#' * level} {text}"


def paragraph_line(para: Paragraph, after_last_heading: bool = False) -> str:
    """A paragraph as one Markdown line: quoted ones as `> …`, ambiguous ones escaped.

    After the last heading, a paragraph that looks like the start of the closing block
    ("(Đã ký)", "Nơi nhận:") is article text only when escaped.
    """
    if para.quoted:
        return f"> {para.text}"
    escape = needs_escape(para.text) or (after_last_heading and CLOSING.match(para.text) is not None)
    return ESCAPE + para.text if escape else para.text


def _last_heading_unit(reg: Regulation) -> Unit | None:
    last = None
    for unit in reg.units():
        if unit.kind in _HEADING_KINDS:
            last = unit
    return last


class _Writer:
    """Lines of the output, with the source's HTML comments put back where they stood."""

    def __init__(self, comments: list[Comment]) -> None:
        self.lines: list[str] = []
        self.comments = sorted(comments, key=lambda c: c.line)
        self.next_comment = 0

    def block(self, text: str, indent: int, line: int = 0) -> None:
        pending: list[Comment] = []
        while self.next_comment < len(self.comments) and line > 0 \
                and self.comments[self.next_comment].line < line:
            pending.append(self.comments[self.next_comment])
            self.next_comment += 1
        if self.lines and self.lines[-1] != "":
            self.lines.append("")
        for comment in pending:  # right above the line, so "disable-next-line" still applies
            self.lines.append(" " * indent + f"<!-- {comment.text} -->")
        self.lines.append(" " * indent + text)

    def rest_of_comments(self) -> None:
        for comment in self.comments[self.next_comment :]:
            if self.lines and self.lines[-1] != "":
                self.lines.append("")
            self.lines.append(f"<!-- {comment.text} -->")
        self.next_comment = len(self.comments)


LIST_INDENT_LIMIT = 3
"""Markdown reads a line indented 4 or more columns past its list item's text as code, so text
that is not itself a list item (points "a)", sub-clauses "1.1.", paragraphs) goes at most 3
columns in from the text of the list item around it."""


def _write_nodes(children: list[Node], out: _Writer, levels: dict[str, int], tail_of: Unit | None = None) -> None:
    """Depth-first without recursion: a deep tree made in code cannot exhaust the stack.

    Each frame keeps the indentation of the children, the column where the text of the
    enclosing Markdown list item starts ("base"), and how deep the bullets are.
    """
    stack: list[tuple[Iterator[Node], int, int, int]] = [(iter(children), 0, 0, 0)]
    tail_depth = 0  # > 0 inside the last heading unit (see paragraph_line)
    while stack:
        nodes, indent, base, item_depth = stack[-1]
        node = next(nodes, None)
        if node is None:
            stack.pop()
            if tail_depth:
                tail_depth -= 1
            continue
        if isinstance(node, Paragraph):
            out.block(paragraph_line(node, tail_depth > 0), indent, node.span.line)
            continue
        unit = node
        if tail_depth:
            tail_depth += 1
        elif unit is tail_of:
            tail_depth = 1
        if unit.kind in _HEADING_KINDS or unit.kind == "appendix":
            out.block(heading_line(unit, levels.get(unit.kind, 1)), 0, unit.span.line)
            stack.append((iter(unit.children), 0, 0, 0))
            continue
        if unit.kind == "item":
            marker = "-" if item_depth == 0 else "+"
        elif unit.kind == "clause":
            marker = f"{unit.number}."
        else:
            marker = f"{unit.number})"
        out.block(f"{marker} {unit.text}".rstrip(), indent, unit.span.line)
        if unit.kind == "item" or (unit.kind == "clause" and unit.number.isdigit()):
            content = indent + len(marker) + 1  # a Markdown list item: "-", "+", "1."
            stack.append((iter(unit.children), content, content, item_depth + 1 if unit.kind == "item" else 0))
        else:
            inner = min(indent + len(marker) + 1, base + LIST_INDENT_LIMIT)
            stack.append((iter(unit.children), inner, base, 0))


def _closing_needs_escape(text: str) -> bool:
    """Closing lines are read as text, except what opens an appendix or a second document."""
    return text.startswith(ESCAPE_PREFIXES) or heading_match(text) is not None \
        or ARTICLE.match(text) is not None


def render_body(reg: Regulation, comments: list[Comment] | None = None) -> str:
    """The body (and closing block) in canonical Markdown, ending with one newline."""
    out = _Writer(reg.comments if comments is None else comments)
    levels = heading_levels(reg)
    # The closing block (signature, "Nơi nhận") stands between the body and the appendices.
    split = len(reg.children)
    while split and isinstance(reg.children[split - 1], Unit) and reg.children[split - 1].kind == "appendix":
        split -= 1
    _write_nodes(reg.children[:split], out, levels, _last_heading_unit(reg))
    for para in (*reg.closing, *reg.copies):
        out.block(ESCAPE + para.text if _closing_needs_escape(para.text) else para.text, 0, para.span.line)
    _write_nodes(reg.children[split:], out, levels)
    out.rest_of_comments()
    return "\n".join(out.lines).rstrip("\n") + "\n"


def render_markdown(reg: Regulation, front_matter_yaml: str | None) -> str:
    """A whole file: `---` front matter `---`, a blank line, the body; then each attached
    document the same way (its own `---` block, which the parser reads as its start)."""
    documents = reg.documents()
    out: list[str] = []
    for k, doc in enumerate(documents):
        end = documents[k + 1].body_line if k + 1 < len(documents) else None
        comments = [c for c in reg.comments if c.line >= doc.body_line and (end is None or c.line < end)] \
            if len(documents) > 1 else reg.comments
        if k == 0:
            comments = [c for c in reg.comments if end is None or c.line < end]
        body = render_body(doc, comments)
        yaml_text = front_matter_yaml if k == 0 else attached_front_matter_yaml(doc)
        if yaml_text is None:
            out.append(body)
            continue
        yaml_text = yaml_text.rstrip("\n")
        out.append(f"---\n{yaml_text}\n---\n\n{body}" if yaml_text.strip() else f"---\n---\n\n{body}")
    return "\n".join(out)


def attached_front_matter_yaml(doc: Regulation) -> str | None:
    """An attached document's front matter block: as written (canonical order), or from the model."""
    if doc.front_matter_yaml is not None:
        return _canonical_yaml(doc.front_matter_yaml, doc.path, doc.body_line)
    if doc.front_matter is None:
        return None
    from quyche.yamlrt import front_matter_to_yaml

    return front_matter_to_yaml(doc.front_matter)


def _canonical_yaml(yaml_text: str, path: str | None, first_line: int) -> str:
    """ruamel's rewrite of YAML that quyche.yamlread already accepted (so errors here are rare)."""
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from quyche.yamlrt import canonical_front_matter

    try:
        return canonical_front_matter(yaml_text)
    except MarkedYAMLError as exc:
        problem, mark, facts = classify(exc, yaml_text)
        line = mark.line + first_line if mark else first_line
        col = mark.column + 1 if mark else 1
        raise YamlSyntax(path, line, col, problem=problem, **facts) from None
    except (YAMLError, RecursionError):
        raise YamlSyntax(path, first_line, 1, problem="syntax") from None


def format_text(text: str, path: str | Path | None = None) -> str:
    """The canonical layout of a regulation's text (NFC, as `Source.text`).

    Raises InputError when the text cannot be parsed, and FormatUnstable when the result would
    not parse back to the same document or would change again on a second run (a quyche bug:
    the caller must then leave the file as it is).
    """
    spath = str(path) if path is not None else None
    reg = parse_text(text, spath)
    if reg.conflicts:
        # The markers are not part of the model: laying the text out would drop them and keep
        # both wordings as if they were one text.
        raise UnresolvedConflict(spath, reg.conflicts[0].line, count=sum(m.side == "ours" for m in reg.conflicts))
    if reg.front_matter is None and not any(u.kind in _HEADING_KINDS or u.kind == "appendix" for u in reg.units()):
        # Text with no front matter and no Điều, Chương, … is not a regulation: there is nothing
        # to lay out, and its Markdown would read back as plain text again.
        raise NotARegulation(spath)
    yaml_text, _body_index, yaml_line = split_front_matter(text)
    fm_yaml = _canonical_yaml(yaml_text, spath, yaml_line) if yaml_text is not None else None
    result = render_markdown(reg, fm_yaml)
    again = parse_text(result, spath)
    if again != reg:
        raise FormatUnstable(spath, _first_difference(reg, again), problem="equivalence")
    if render_markdown(again, fm_yaml) != result:
        raise FormatUnstable(spath, None, problem="stability")
    return result


@dataclass(frozen=True, slots=True)
class FormatResult:
    """One file before and after `quyche fmt`."""

    path: Path
    before: str
    """The text as read (decoded, LF line endings, not yet NFC)."""
    after: str
    changed: bool
    """True when writing `after` would change the file's bytes (text, NFC, CRLF or BOM)."""


def format_file(path: Path) -> FormatResult:
    """Read a file with every input guard and compute its canonical layout; write nothing."""
    try:
        raw = read_bytes_guarded(path)
    except OSError as exc:
        raise Unreadable(path, problem=exc.strerror or type(exc).__name__) from None
    source = decode_source(raw, path)
    after = format_text(source.text, path)
    return FormatResult(path, source.original, after, after.encode("utf-8") != raw)


def _first_difference(a: Regulation, b: Regulation) -> int | None:
    """The source line of the first node that differs (for the error message)."""
    left = [n for n, _ in a.walk()]
    right = [n for n, _ in b.walk()]
    for x, y in zip(left, right, strict=False):
        same = (x.text == y.text) if isinstance(x, Paragraph) and isinstance(y, Paragraph) else (
            type(x) is type(y) and not isinstance(x, Paragraph)
            and (x.number, x.title, x.text, x.id) == (y.number, y.title, y.text, y.id))  # type: ignore[union-attr]
        if not same:
            return x.span.line or None
    return None
