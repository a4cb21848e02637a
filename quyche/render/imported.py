"""The Markdown that `quyche import` writes: an imported model in canonical form.

Text taken from Word or PDF reaches the model in plain layout; its first Markdown rendering can
still read back slightly differently (a joined line, an escaped marker), so it is rendered again
until parsing gives the same text, which is what `quyche fmt --check` will demand of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quyche.importer import FRONT_MATTER_COMMENT
from quyche.parse.document import parse_text
from quyche.render.markdown import render_markdown

if TYPE_CHECKING:
    from quyche.importer import ImportResult


def render_import(result: ImportResult) -> str:
    """Canonical Markdown of an import, rendered until parsing it gives the same text (fmt --check)."""
    from quyche.yamlrt import front_matter_to_yaml  # ruamel: only when something is imported

    reg = result.regulation
    yaml_text = result.front_matter_yaml
    if yaml_text is None and reg.front_matter is not None:
        yaml_text = front_matter_to_yaml(reg.front_matter, FRONT_MATTER_COMMENT)
    markdown = render_markdown(reg, yaml_text)
    for _ in range(3):
        again = render_markdown(parse_text(markdown), yaml_text)
        if again == markdown:
            break
        markdown = again
    return markdown
