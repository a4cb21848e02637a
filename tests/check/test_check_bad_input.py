"""Input `check` cannot read: one Vietnamese line with the place and the fix, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.check.helpers import FRONT


def _run(cli: Any, path: Path) -> Any:
    result = cli("check", str(path))
    assert "Traceback" not in result.output
    return result


def _one_line(result: Any) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_not_utf8(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "latin.md"
    path.write_bytes("## Điều 1. Phạm vi\n\nQuy chế này.\n".encode() + b"caf\xe9\n")
    result = _run(cli, path)
    assert result.exit_code == 2
    line = _one_line(result)
    assert line.startswith(f"{path}:4:4: ") and "không ở bảng mã UTF-8" in line and "lưu lại" in line


def test_tcvn3_bytes_are_named(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "tcvn3.md"
    path.write_bytes(b"\xa7i\xd2u 1. Ph\xb9m vi \xae\xd8\xd2u ch\xd6nh\n")
    result = _run(cli, path)
    assert result.exit_code == 2 and "TCVN3" in _one_line(result)


@pytest.mark.parametrize(("data", "words"), [
    (b"PK\x03\x04\x14\x00rest", "tệp nén hoặc tệp Word .docx"),
    (b"%PDF-1.7\n", "tệp PDF"),
    (b"## \xc4\x90i\xe1\xbb\x81u 1. A\n\x00\x00", "có ký tự NUL"),
])
def test_binary(cli: Any, tmp_path: Path, data: bytes, words: str) -> None:
    path = tmp_path / "nhi-phan.md"
    path.write_bytes(data)
    result = _run(cli, path)
    assert result.exit_code == 2 and words in _one_line(result)


def test_empty(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "rong.md"
    path.write_text("  \n\n", encoding="utf-8")
    result = _run(cli, path)
    assert result.exit_code == 2 and "tệp rỗng" in _one_line(result)


def test_broken_yaml_says_line_and_column(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "yaml.md"
    path.write_text("---\nkind: quy chế\nsubject: Hồ sơ gồm: đơn, tờ khai\n---\n\n## Điều 1. A\n\nB.\n", encoding="utf-8")
    result = _run(cli, path)
    assert result.exit_code == 2
    line = _one_line(result)
    assert line.startswith(f"{path}:3:") and "dấu hai chấm" in line and "ngoặc kép" in line


def test_unclosed_front_matter(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "mo.md"
    path.write_text("---\nkind: quy chế\n\n## Điều 1. A\n\nB.\n", encoding="utf-8")
    result = _run(cli, path)
    assert result.exit_code == 2 and "không có dòng `---` đóng lại" in _one_line(result)


def test_unknown_front_matter_key_is_a_finding_with_its_line(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "khoa.md"
    path.write_text(FRONT.replace("place: An Hòa\n", "place: An Hòa\nnguoi_ky: X\n") + "## Điều 1. A\n\nB.\n",
                    encoding="utf-8")
    result = _run(cli, path)
    assert result.exit_code == 0
    assert f"{path}:6:1: QC302 [cảnh báo] Khóa `nguoi_ky`" in result.stdout


def test_huge_file(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "lon.md"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("## Điều 1. A\n\n")
        line = "Nội dung rất dài của quy chế, lặp lại nhiều lần cho đủ kích thước. " * 4 + "\n"
        for _ in range(30 * 1024 * 1024 // len(line.encode()) + 1):
            fh.write(line)
    assert path.stat().st_size > 30 * 1024 * 1024
    result = _run(cli, path)
    assert result.exit_code == 2 and "tệp quá lớn" in _one_line(result)


def test_thousands_of_nested_bullets(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "sau.md"
    lines = [FRONT + "## Điều 1. Phạm vi", ""]
    for depth in range(3000):
        lines.append("  " * depth + ("- mục" if depth % 2 == 0 else "+ ý"))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(cli, path)
    assert result.exit_code == 2
    line = _one_line(result)
    assert line.startswith(f"{path}:") and "lồng nhau quá sâu" in line and "Hãy giảm" in line


def test_unreadable_file_does_not_stop_the_others(cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "hong.md"
    bad.write_bytes(b"\xff\xfe\x00x")
    good = tmp_path / "tot.md"
    good.write_text("---\nkind: quy chế\nnumber: 01 -QC/ĐU\n---\n\n## Điều 1. A\n\nB.\n", encoding="utf-8")
    result = cli("check", "-f", "json", str(bad), str(good))
    assert result.exit_code == 2
    import json

    data = json.loads(result.stdout)
    assert {f["code"] for f in data["findings"]} >= {"QC303"}
    assert data["unreadable"][0]["file"] == str(bad) and "UTF-16" in data["unreadable"][0]["message"]
