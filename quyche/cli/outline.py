"""`quyche outline FILE`: the table of contents and the counts of every kind of unit."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from quyche.cli.errors import handle_errors

if TYPE_CHECKING:
    from quyche.model.outline import OutlineEntry


class OutlineFormat(StrEnum):
    """Output formats of `outline`."""

    text = "text"
    json = "json"


COUNT_LABELS = (
    ("parts", "Phần"), ("chapters", "Chương"), ("sections", "Mục"), ("articles", "Điều"),
    ("clauses", "Khoản"), ("points", "Điểm"), ("items", "Gạch đầu dòng"),
    ("appendices", "Phụ lục"), ("paragraphs", "Đoạn không đánh số"),
)  # fmt: skip


def _tree(path: Path, heading: str, entries: list[OutlineEntry]) -> Any:
    from rich.text import Text
    from rich.tree import Tree

    label = Text(str(path), style="bold")
    if heading:
        label.append(f"  {heading}", style="")
    root = Tree(label)
    parents: list[Any] = [root]
    for entry in entries:
        roman_section = entry.kind == "section" and not entry.number.isdigit()
        head = f"{entry.number}-" if roman_section else entry.label
        label = Text(f"{head}. {entry.title}" if entry.title and not roman_section else
                     f"{head} {entry.title}".rstrip(), style=_STYLES.get(entry.kind, ""))
        anchor = f" {{#{entry.id}}}" if entry.id else ""
        extra = f", {entry.clauses} khoản" if entry.clauses else ""
        label.append(f"{anchor}  (dòng {entry.line}{extra})", style="dim")
        del parents[entry.depth + 1 :]
        parents.append(parents[-1].add(label))
    return root


_STYLES = {"part": "bold magenta", "chapter": "bold cyan", "section": "cyan", "appendix": "yellow"}


def _table(counts: dict[str, int], which: str = "") -> Any:
    from rich.table import Table

    # A long title would wrap to the table's width: name the document on a line of its own.
    table = Table(title=None if which else "Số lượng đơn vị", title_justify="left", show_header=True)
    table.add_column("Loại")
    table.add_column("Số lượng", justify="right")
    for key, label in COUNT_LABELS:
        table.add_row(label, str(counts[key]))
    return table


def register(app: typer.Typer) -> None:
    """Add the `outline` command."""

    @app.command("outline")
    def outline(
        file: Annotated[Path, typer.Argument(help="Tệp quy chế (.md, hoặc văn bản .txt).", show_default=False)],
        fmt: Annotated[OutlineFormat, typer.Option(
            "--format", "-f", help="text: cây mục lục dễ đọc; json: cho công cụ khác (xem `quyche help outline-json`).",
        )] = OutlineFormat.text,
    ) -> None:
        """Mục lục: các phần, chương, mục, điều với số, tên, dòng; và số lượng từng loại đơn vị."""
        with handle_errors():
            from quyche.model.outline import outline_dict, outline_entries
            from quyche.parse import parse_file

            reg = parse_file(file)
            if fmt is OutlineFormat.json:
                import json

                typer.echo(json.dumps(outline_dict(reg, str(file)), ensure_ascii=False, indent=2))
                return
            from quyche.model.outline import document_heading

            shown = [(doc, document_heading(doc), outline_entries(doc)) for doc in reg.documents()]
        from quyche.cli.console import stdout

        console = stdout()
        if not console.is_terminal:  # a pipe or a file: one entry per line, never wrapped at 80 columns
            from rich.console import Console

            console = Console(highlight=False, width=100_000, color_system=None)
        for k, (doc, heading, entries) in enumerate(shown):
            # A decision and the regulation it issues: one tree and one table each, named.
            which = ((doc.document_kind() or "văn bản").capitalize() + (" kèm theo" if k else "")) \
                if len(shown) > 1 else ""
            if k:
                console.print()
                heading = f"(kèm theo, từ dòng {doc.body_line}) {heading}"
            console.print(_tree(file, heading, entries), soft_wrap=False)
            console.print()
            if which:
                console.print(f"Số lượng đơn vị — {which}", soft_wrap=True, highlight=False)
            console.print(_table(doc.counts(), which), soft_wrap=False)
