"""Text → model. `parse_text` for a string, `parse_file` for a path (with the input guards)."""

from quyche.parse.document import parse_file, parse_source, parse_text
from quyche.parse.source import Source, decode_source, read_source

__all__ = ["Source", "decode_source", "parse_file", "parse_source", "parse_text", "read_source"]
