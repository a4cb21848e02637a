"""YAML values that PyYAML reads but ruamel's round-trip loader used to construct (and crash on).

fmt only reorders front-matter keys: every value must come out exactly as the user wrote it,
or the file is refused with one Vietnamese line (exit 2) — never an internal error (exit 3).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.errors import YamlSyntax
from quyche.render.markdown import format_text
from quyche.yamlrt import canonical_front_matter
from tests.conftest import run_quyche

BODY = "\n# Điều 1. Phạm vi\n\nNội dung.\n"

# Values kept as written: impossible dates and times, odd timestamps, big and odd numbers.
KEPT = [
    "2025-02-30",
    "2025-13-01",
    "2025-2-3",
    "2025-02-30 10:00:00",
    "2025-02-30T99:99:99",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5",
    "99999999999999999999999999999",
    "0o17",
    "0x1F",
    "1_000",
    "1.50",
    "1e3",
    ".nan",
    "-.inf",
]


@pytest.mark.parametrize("value", KEPT)
def test_value_kept_as_written(value: str) -> None:
    text = f"---\nkind: quy chế\nnumber: 01-QC/ĐU\ndate: {value}\n---\n{BODY}"
    assert format_text(text, "x.md") == text


def test_keys_reordered_values_untouched() -> None:
    yaml_text = "date: 2025-02-30\nkind: quy chế\nextra: 2001-12-14t21:59:43.10-05:00\n"
    assert canonical_front_matter(yaml_text) == "kind: quy chế\ndate: 2025-02-30\nextra: 2001-12-14t21:59:43.10-05:00\n"


# (value, fragment of the Vietnamese message)
REFUSED = [
    ("!!python/object:os.system x", "!!python/"),
    ('!!python/object/apply:os.system ["echo hi"]', "!!python/"),
    ("!!python/name:os.system ''", "!!python/"),
    ("!!float abc", "không hợp với kiểu"),
    ("!!int abc", "không hợp với kiểu"),
    ("!!timestamp x", "không hợp với kiểu"),
    ("!!binary abc", "base64"),
    ("!foo bar", "thẻ kiểu lạ"),
]


@pytest.mark.parametrize(("value", "fragment"), REFUSED)
def test_bad_tag_refused_with_place(tmp_path: Path, value: str, fragment: str) -> None:
    path = tmp_path / "quy-che.md"
    text = f"---\nkind: quy chế\ndate: {value}\n---\n{BODY}"
    path.write_text(text, encoding="utf-8")
    marker = tmp_path / "pwned"
    if "os.system" in value:  # had it been executed, this file would exist
        text = text.replace("echo hi", f"touch {marker}")
        path.write_text(text, encoding="utf-8")
    for command in ("fmt", "outline"):
        result = run_quyche(command, str(path), cwd=tmp_path)
        assert result.returncode == 2, result.stderr
        lines = [ln for ln in result.stderr.splitlines() if "quy-che.md:" in ln]
        assert len(lines) == 1 and "quy-che.md:3:7:" in lines[0] and fragment in lines[0], result.stderr
        assert "Traceback" not in result.stderr
    assert path.read_text(encoding="utf-8") == text
    assert not marker.exists()


@pytest.mark.parametrize("value", ["!!python/object:os.system x", "!!python/name:os.system ''"])
def test_round_trip_loader_refuses_python_tags_itself(value: str) -> None:
    """Defence in depth: yamlrt also reads text the safe parser has not seen (import)."""
    from quyche.render.markdown import _canonical_yaml

    with pytest.raises(YamlSyntax) as info:
        _canonical_yaml(f"kind: a\ndate: {value}\n", "x.md", 2)
    assert (info.value.line, info.value.facts["problem"]) == (3, "unsafe-tag")


def test_fmt_cli_impossible_date(tmp_path: Path) -> None:
    path = tmp_path / "quy-che.md"
    text = f"---\nnumber: 01-QC/ĐU\nkind: quy chế\ndate: 2025-02-30\n---\n{BODY}"
    path.write_text(text, encoding="utf-8")
    result = run_quyche("fmt", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert path.read_text(encoding="utf-8") == f"---\nkind: quy chế\nnumber: 01-QC/ĐU\ndate: 2025-02-30\n---\n{BODY}"
