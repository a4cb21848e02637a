"""Package metadata: the licence it claims ships with it, and its URLs agree with the code's."""

from __future__ import annotations

import tomllib

import quyche
from tests.conftest import ROOT


def test_license_file_matches_the_metadata() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "Copyright (c) 2026 quyche developers" in text
    assert project["authors"] == [{"name": "quyche developers"}]
    assert "License :: OSI Approved :: MIT License" not in project["classifiers"]  # PEP 639: not both


def test_project_url_is_the_one_place_rule_docs_point_to() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["urls"]["Homepage"] == quyche.PROJECT_URL
    assert project["urls"]["Source"] == quyche.PROJECT_URL
    assert all(url.startswith(quyche.PROJECT_URL) for url in project["urls"].values())
