"""The canonical Markdown layout that `quyche fmt` writes (black's job for regulations).

One block per paragraph with a blank line between blocks; headings `#` by depth (part and
chapter levels that the document uses, then sections, then articles); clauses as Markdown
ordered items, points and bullets indented under them so GitHub and GitLab render the nesting;
quoted text as block quotes. Parsing the output gives back the same model.
"""

from __future__ import annotations

from quyche.model.document import Item, Paragraph, Regulation, Unit

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
    if unit.kind == "appendix":
        head = "Phụ lục" + (f" {unit.number}" if unit.number else "")
    else:
        head = unit.label
    text = f"{head}. {unit.title}" if unit.title else (f"{head}." if unit.kind == "article" else head)
    if unit.id:
        text += f" {{#{unit.id}}}"
    return f"{'#' * level} {text}"


def _block(lines: list[str], text: str, indent: int) -> None:
    if lines and lines[-1] != "":
        lines.append("")
    lines.append(" " * indent + text)


def _write_children(children: list, lines: list[str], indent: int, levels: dict[str, int], parent: Unit | None) -> None:
    for node in children:
        if isinstance(node, Paragraph):
            if node.quoted:
                _block(lines, "> " + node.text, indent)
            else:
                _block(lines, node.text, indent)
            continue
        unit: Unit = node
        if unit.kind in levels and unit.kind in (*_HEADING_KINDS, "appendix"):
            _block(lines, heading_line(unit, levels[unit.kind]), 0)
            _write_children(unit.children, lines, 0, levels, unit)
        elif unit.kind == "clause":
            marker = f"{unit.number}."
            _block(lines, f"{marker} {unit.text}".rstrip(), indent)
            _write_children(unit.children, lines, indent + len(marker) + 1, levels, unit)
        elif unit.kind == "point":
            marker = f"{unit.number})"
            _block(lines, f"{marker} {unit.text}".rstrip(), indent)
            _write_children(unit.children, lines, indent + len(marker) + 1, levels, unit)
        else:  # item
            marker = "+" if isinstance(parent, Item) else "-"
            _block(lines, f"{marker} {unit.text}", indent)
            _write_children(unit.children, lines, indent + 2, levels, unit)


def render_body(reg: Regulation) -> str:
    """The body (and closing block) in canonical Markdown, ending with one newline."""
    lines: list[str] = []
    levels = heading_levels(reg)
    # The closing block (signature, "Nơi nhận") stands between the body and the appendices.
    split = len(reg.children)
    while split and isinstance(reg.children[split - 1], Unit) and reg.children[split - 1].kind == "appendix":
        split -= 1
    _write_children(reg.children[:split], lines, 0, levels, None)
    for para in reg.closing:
        _block(lines, para.text, 0)
    _write_children(reg.children[split:], lines, 0, levels, None)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(reg: Regulation, front_matter_yaml: str | None) -> str:
    """A whole file: `---` front matter `---`, a blank line, the body."""
    body = render_body(reg)
    if front_matter_yaml is None:
        return body
    yaml_text = front_matter_yaml.rstrip("\n")
    return f"---\n{yaml_text}\n---\n\n{body}"
