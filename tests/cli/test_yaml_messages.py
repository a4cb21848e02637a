"""A broken YAML file (quyche.yaml, a comment file) is named as a YAML file, with the problem in Vietnamese."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, run_quyche

EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"


@pytest.mark.parametrize(("yaml_text", "where", "problem"), [
    # an unclosed bracket is shown where it opened, with what to add
    ("regulations: [a\n", "1:14", "danh sách mở bằng `[` ở đây thiếu dấu `]` đóng (hoặc thiếu dấu phẩy giữa hai mục). Hãy thêm dấu `]`"),
    ("a: {b: 1\n", "1:4", "khối mở bằng `{` ở đây thiếu dấu `}` đóng (hoặc thiếu dấu phẩy giữa hai mục). Hãy thêm dấu `}`"),
    ("procedure:\n  steps:\n    - a\n  - b\n", "4:3", "thụt lề không đều (các khóa, các mục `-` cùng cấp phải thẳng lề nhau) "
     "hoặc có chữ thừa sau giá trị. Hãy thụt lề các dòng cùng cấp bằng cùng số dấu cách"),
])
def test_broken_quyche_yaml(tmp_path: Path, yaml_text: str, where: str, problem: str) -> None:
    (tmp_path / "quy-che.md").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "quyche.yaml").write_text(yaml_text, encoding="utf-8")
    result = run_quyche("check", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'quyche.yaml'}:{where}: tệp YAML bị lỗi: {problem}."


def test_broken_front_matter_is_still_called_front_matter(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("kind:", "kind: a: b\nx:", 1)
    (tmp_path / "qc.md").write_text(text, encoding="utf-8")
    result = run_quyche("outline", str(tmp_path / "qc.md"))
    assert result.returncode == 2
    assert ": phần thông tin đầu văn bản (YAML) bị lỗi: " in result.stderr
