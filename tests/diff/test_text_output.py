"""The terminal view: colours on a terminal, plain markers elsewhere; safe file names."""

from __future__ import annotations

import io

from rich.console import Console

from quyche.commands.diff import safe_name
from quyche.diff.compare import compare
from quyche.parse import parse_text
from quyche.render.diffout.text import build, print_rich, to_plain
from tests.diff.conftest import V1, V2


def test_rich_output_strikes_red_and_bolds_green() -> None:
    result = compare(parse_text(V1), parse_text(V2), old_label="v1", new_label="v2")
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=200)
    print_rich(build(result), console)
    out = buffer.getvalue()
    assert "\x1b[1;32mnghiêm\x1b[0m" in out          # bold green
    assert "\x1b[9;31mĐiều 5. Chế độ báo cáo" in out  # struck red (the repealed article)
    assert "[-" not in out and "{+" not in out


def test_plain_output_uses_markers_and_lists_renumbered_only() -> None:
    result = compare(parse_text(V1), parse_text(V2), old_label="v1", new_label="v2")
    text = to_plain(build(result))
    assert "{+nghiêm+}" in text
    assert "Chỉ đánh số lại, nội dung giữ nguyên: Điều 4→5" in text
    assert "── Điều 4 → Điều 5" not in text  # not repeated as a change without --all
    assert "── Điều 4 → Điều 5 · giữ nguyên · đánh số lại" in to_plain(build(result, show_all=True))


def test_safe_file_names() -> None:
    assert safe_name("v1") == "v1"
    assert safe_name("dự thảo/lần 2") == "du-thao-lan-2"
    assert safe_name("Đợt 1: góp ý") == "Dot-1-gop-y"
    assert safe_name("../..") == "ban"
