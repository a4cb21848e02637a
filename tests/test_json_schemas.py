"""Every `--format json` output validates against the JSON Schema shipped in quyche/schema/.

The outputs come from the real command in real files and repositories; the round outputs
(round status, round log, verify) are validated in tests/workflow/test_json_outputs.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from quyche.scaffold.locate import builtin_names
from quyche.schema import FORMAT_KEY, FORMAT_VERSION, OUTPUT_SCHEMAS, SCHEMA_DIR
from tests.conftest import ROOT, run_quyche

EXAMPLE = ROOT / "examples" / "phuong-an-hoa"


def validate_output(name: str, text: str) -> dict[str, Any]:
    """Parse a command's stdout and validate it against its shipped schema; returns the data."""
    data = json.loads(text)
    schema = json.loads((SCHEMA_DIR / OUTPUT_SCHEMAS[name]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert next(iter(data)) == FORMAT_KEY and data[FORMAT_KEY] == FORMAT_VERSION
    return data


@pytest.mark.parametrize("name", sorted(OUTPUT_SCHEMAS))
def test_each_schema_is_a_valid_schema_and_documented(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / OUTPUT_SCHEMAS[name]).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"][FORMAT_KEY] == {"const": FORMAT_VERSION, "description": schema["properties"][FORMAT_KEY]["description"]}
    assert f"quyche/schema/{OUTPUT_SCHEMAS[name]}" in (ROOT / "docs" / "json.md").read_text(encoding="utf-8")


def test_schemas_ship_in_the_wheel_folder() -> None:
    assert SCHEMA_DIR == ROOT / "quyche" / "schema"  # packaged with quyche (pyproject: packages = ["quyche"])


def test_outline(tmp_path: Path) -> None:
    proc = run_quyche("outline", "quy-che-lam-viec.md", "--format", "json", cwd=EXAMPLE)
    data = validate_output("outline", proc.stdout)
    assert data["counts"]["articles"] == 9 and data["units"][1]["clauses"] == 2


def test_check_with_findings_and_an_unreadable_file(tmp_path: Path) -> None:
    shutil.copy(ROOT / "tests" / "fixtures" / "rules" / "QC101" / "fail.md", tmp_path / "qc101.md")
    (tmp_path / "hong.md").write_bytes(b"\x00\x01")
    proc = run_quyche("check", "--format", "json", "qc101.md", "hong.md", cwd=tmp_path)
    assert proc.returncode == 2
    data = validate_output("check", proc.stdout)
    assert data["findings"] and data["unreadable"][0]["file"] == "hong.md"
    clean = validate_output("check", run_quyche("check", "--format", "json", cwd=EXAMPLE).stdout)
    assert clean["findings"] == []


def test_templates_list() -> None:
    data = validate_output("templates", run_quyche("templates", "--format", "json").stdout)
    assert [t["name"] for t in data["templates"]] == builtin_names()


@pytest.mark.parametrize("name", builtin_names())
def test_templates_show(name: str) -> None:
    data = validate_output("templates-show", run_quyche("templates", "show", name, "--format", "json").stdout)
    assert data["name"] == name and data["articles"]


def test_a_wrong_document_is_rejected() -> None:
    """The schemas are strict enough to catch a renamed key or a wrong version."""
    good = json.loads(run_quyche("outline", "quy-che-lam-viec.md", "--format", "json", cwd=EXAMPLE).stdout)
    schema = json.loads((SCHEMA_DIR / OUTPUT_SCHEMAS["outline"]).read_text(encoding="utf-8"))
    for bad in ({**good, FORMAT_KEY: 2}, {k: v for k, v in good.items() if k != "units"},
                {**good, "units": [{**good["units"][0], "line": "33"}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft202012Validator(schema).validate(bad)
