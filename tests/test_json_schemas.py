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


def test_import_report_file(tmp_path: Path) -> None:
    """`import --report`: a decision with its regulation (two documents) from text, then from Word."""
    from quyche.parse import parse_file
    from quyche.render.docx.fulltext import write_fulltext

    fixture = ROOT / "tests" / "fixtures" / "layouts" / "decision_with_regulation.txt"
    stamped = tmp_path / "qd.txt"
    stamped.write_text(fixture.read_text(encoding="utf-8") + "\nKý bởi: Văn phòng Bộ\n", encoding="utf-8")
    proc = run_quyche("import", "qd.txt", "-o", "qd.md", "--report", "bao-cao.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = validate_output("import-report", (tmp_path / "bao-cao.json").read_text(encoding="utf-8"))
    assert [d["kind"] for d in data["documents"]] == ["quyết định", "quy chế"]
    assert data["counts"]["articles"] == 7 and data["output"] == "qd.md"
    assert data["notes"] and all(n["where"] is None for n in data["notes"])
    write_fulltext(parse_file(tmp_path / "qd.md"), tmp_path / "qd.docx")
    proc = run_quyche("import", "qd.docx", "-o", "lai.md", "--report", "lai.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    again = validate_output("import-report", (tmp_path / "lai.json").read_text(encoding="utf-8"))
    assert again["documents"] == data["documents"]


def test_renumber_map_file(tmp_path: Path) -> None:
    """`.quyche/renumber.json`: written versioned; an older map (`"format": 1`) is read and extended."""
    from tests.check.helpers import FRONT

    text = FRONT + "## Điều 1. Một\n\nTheo khoản 2 Điều 2.\n\n## Điều 1a. Mới\n\nA.\n\n## Điều 2. Hai\n\n1. B.\n\n2. C.\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    (tmp_path / "b.md").write_text(text, encoding="utf-8")
    old = {"format": 1, "files": {"cu.md": {"renumbered_at": "2026-03-02T08:15:00+00:00", "units": [
        {"kind": "article", "old": "5a", "new": "6", "old_label": "Điều 5a", "new_label": "Điều 6",
         "id": None, "line": 81, "title": "Chế độ báo cáo", "reason": "inserted"}]}}}
    where = tmp_path / ".quyche" / "renumber.json"
    where.parent.mkdir()
    where.write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    for name in ("a.md", "b.md"):
        proc = run_quyche("renumber", name, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
    data = validate_output("renumber-map", where.read_text(encoding="utf-8"))
    assert "format" not in data and sorted(data["files"]) == ["a.md", "b.md", "cu.md"]
    assert data["files"]["cu.md"] == old["files"]["cu.md"]
    units = data["files"]["a.md"]["units"]
    assert [(u["old_label"], u["new_label"], u["reason"]) for u in units] == [
        ("Điều 1a", "Điều 2", "inserted"), ("Điều 2", "Điều 3", "shifted")]
    assert "Theo khoản 2 Điều 3." in (tmp_path / "a.md").read_text(encoding="utf-8")


def test_renumber_map_from_a_newer_quyche_is_not_overwritten(tmp_path: Path) -> None:
    from tests.check.helpers import FRONT

    text = FRONT + "## Điều 1. Một\n\nA.\n\n## Điều 1a. Mới\n\nB.\n"
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    where = tmp_path / "so.json"
    newer = json.dumps({FORMAT_KEY: 2, "files": {"x.md": {"changes": []}}})
    where.write_text(newer, encoding="utf-8")
    proc = run_quyche("renumber", "a.md", "--map", "so.json", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    line = proc.stderr.strip().splitlines()[-1]
    assert line.startswith("so.json: ") and "phiên bản quyche mới hơn ghi (format_version 2)" in line and "--map" in line
    assert where.read_text(encoding="utf-8") == newer
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == text  # refused before the regulation is touched
    assert "Điều 1a → Điều 2" not in proc.stdout + proc.stderr  # nor a map of a renumbering that did not happen
