"""The published JSON Schema of the front matter agrees with the parser and the fixtures."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from quyche.errors import InputError
from quyche.model.frontmatter import FRONT_MATTER_KEYS, SCHEMA_PATH, SIGNING_KEYS, TERM_KEYS
from quyche.parse import parse_text, read_source
from quyche.parse.frontmatter import split_front_matter
from tests.conftest import ROOT

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _front_matters() -> list[Path]:
    paths = sorted(ROOT.glob("examples/**/*.md")) + sorted(ROOT.glob("tests/**/*.md"))
    paths += sorted(ROOT.glob("templates/**/*.md"))
    return [p for p in paths if p.read_bytes().startswith(b"---")]


def test_schema_is_valid_draft_2020_12_and_shipped_in_the_package() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA_PATH.is_relative_to(ROOT / "quyche")


def test_schema_keys_match_the_model_in_canonical_order() -> None:
    assert tuple(SCHEMA["properties"]) == FRONT_MATTER_KEYS
    assert tuple(SCHEMA["properties"]["term"]["properties"]) == TERM_KEYS
    assert tuple(SCHEMA["properties"]["signing"]["properties"]) == SIGNING_KEYS
    assert set(SCHEMA["required"]) <= set(FRONT_MATTER_KEYS)


def test_every_key_has_a_vietnamese_title_and_description() -> None:
    def walk(props: dict[str, Any]) -> None:
        for key, spec in props.items():
            assert any(ord(ch) > 127 for ch in spec["title"]), key
            if key not in ("name",):
                assert any(ord(ch) > 127 for ch in spec["description"]), key
            walk(spec.get("properties", {}))

    walk(SCHEMA["properties"])


def test_the_example_validates_without_error() -> None:
    text = (ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md").read_text(encoding="utf-8")
    yaml_text, _, _ = split_front_matter(text)
    assert yaml_text is not None
    assert list(VALIDATOR.iter_errors(_jsonable(yaml.safe_load(yaml_text)))) == []


@pytest.mark.parametrize("path", _front_matters(), ids=lambda p: str(p.relative_to(ROOT)))
def test_schema_and_parser_agree_on_every_fixture(path: Path) -> None:
    """What the schema rejects, the parser flags too (unknown key, missing key, wrong type)."""
    try:
        reg = parse_text(read_source(path).text, path)
    except InputError:
        pytest.skip("a bad-input fixture")
    fm = reg.front_matter
    assert fm is not None
    yaml_text, _, _ = split_front_matter(read_source(path).text)
    data = _jsonable(yaml.safe_load(yaml_text or "") or {})
    for error in VALIDATOR.iter_errors(data):
        where = ".".join(str(p) for p in error.absolute_path)
        if error.validator == "additionalProperties":
            for key in error.instance:
                if key not in (SCHEMA["properties"] if not where else SCHEMA["properties"][where]["properties"]):
                    assert (f"{where}.{key}" if where else key) in fm.extra, error.message
        elif error.validator == "required":
            missing = error.message.split("'")[1]
            assert getattr(fm, missing) in (None, [], ""), error.message
        else:
            assert where in fm.type_errors or where.rsplit(".", 1)[0] in fm.type_errors, error.message


def test_wrong_types_are_reported_by_both() -> None:
    text = "---\nkind: quy chế\nlegal_bases: Căn cứ Điều lệ Đảng\nsigning: T/M ĐẢNG ỦY\nla: 1\n---\n\n## Điều 1. A\n"
    fm = parse_text(text).front_matter
    assert fm is not None
    assert fm.type_errors == {"legal_bases": "array", "signing": "object"}
    assert fm.extra == {"la": 1}
    errors = {(".".join(map(str, e.absolute_path)), e.validator) for e in VALIDATOR.iter_errors(
        yaml.safe_load(split_front_matter(text)[0] or ""))}
    assert {("legal_bases", "type"), ("signing", "type"), ("", "additionalProperties"), ("", "required")} == errors
