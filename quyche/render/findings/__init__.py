"""Findings in the four output formats of `quyche check`: text, json, sarif, github.

Each formatter is a small module taking plain records (findings, the rule registry, the files
that could not be read) and returning a string; nothing here prints or exits.
"""

from __future__ import annotations

from typing import Final

FORMATS: Final = ("text", "json", "sarif", "github")

SEVERITY_LABELS: Final = {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}
"""How the text output names each severity."""
