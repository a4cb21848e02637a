"""Bad input through the real command line: one Vietnamese line, exit 2, never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_quyche

GOOD = "---\nkind: quy chế\n---\n\n## Điều 1. Phạm vi\n\nNội dung.\n"


def _nested(count: int) -> bytes:
    lines = ["## Điều 1. Sâu", ""] + [" " * (2 * i) + f"- mức {i}" for i in range(count)]
    return ("\n".join(lines) + "\n").encode()


def _huge(path: Path) -> None:
    with path.open("wb") as fh:  # a sparse 50 MB file: cheap to make, refused before it is read
        fh.write(GOOD.encode())
        fh.truncate(50 * 1024 * 1024)


# name -> (bytes or writer, expected fragments of the one error line, line:col in the message)
CASES: dict[str, tuple[bytes | Callable[[Path], None], tuple[str, ...], str | None]] = {
    "latin1": (GOOD.encode("utf-8") + "Điều 2. Thành lập\n".encode("latin-1", errors="replace"), ("không ở bảng mã UTF-8",), ":8:"),
    "tcvn3": ("§iÒu 1. Ph¹m vi ®iÒu chØnh\n".encode("cp1252"), ("TCVN3", "quyche import"), ":1:1:"),
    "utf16": ("Điều 1. Phạm vi\n".encode("utf-16"), ("UTF-16", "UTF-8"), None),
    "png": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), ("tệp nhị phân", "ảnh"), None),
    "docx": (b"PK\x03\x04" + b"\x00" * 100, ("tệp nhị phân", "quyche import"), None),
    "nul": (GOOD.encode() + b"\x00\x01\x02", ("tệp nhị phân", "NUL"), None),
    "empty": (b"", ("tệp rỗng", "quyche new"), None),
    "blank": (b"\n \n\t\n", ("tệp rỗng",), None),
    "yaml-colon": (b"---\nkind: quy ch\xe1\xba\xbf\nsubject: H\xe1\xbb\x93 s\xc6\xa1: \xc4\x91\xc6\xa1n\n---\n\n## \xc4\x90i\xe1\xbb\x81u 1. A\n",
                   ("YAML", "dấu hai chấm"), ":3:"),
    "yaml-tab": (b"---\nkind: a\n\tnumber: b\n---\n", ("YAML", "Tab"), ":3:1:"),
    "yaml-duplicate": (b"---\nkind: a\nkind: b\n---\n", ("YAML", "`kind` xuất hiện hai lần"), ":3:1:"),
    "yaml-unclosed": (b"---\nkind: a\n\n## \xc4\x90i\xe1\xbb\x81u 1. A\n", ("`---`",), ":1:1:"),
    "yaml-list": (b"---\n- a\n- b\n---\n\n## \xc4\x90i\xe1\xbb\x81u 1. A\n", ("khóa: giá trị",), ":2:1:"),
    "yaml-nested": (("---\nkind: a\nx: " + "[" * 3000 + "]" * 3000 + "\n---\n\n## Điều 1. A\n").encode(),
                    ("YAML", "lồng nhau quá sâu"), ":3:35:"),  # the `[` past 32 levels
    "huge": (_huge, ("quá lớn", "50.0 MB", "giới hạn 20 MB"), None),
    "nested-bullets": (_nested(2000), ("lồng nhau quá sâu",), ":19:"),
}


@pytest.mark.parametrize("command", ["fmt", "outline", "renumber"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_gives_one_line_and_exit_2(tmp_path: Path, command: str, case: str) -> None:
    content, fragments, where = CASES[case]
    path = tmp_path / "quy-che.md"
    if callable(content):
        content(path)
    else:
        path.write_bytes(content)
    before = path.read_bytes() if path.stat().st_size < 1_000_000 else None
    result = run_quyche(command, str(path))
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith(str(path)), lines
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    if where:
        assert lines[0].startswith(str(path) + where), lines[0]
    if command == "outline":
        assert len(lines) == 1 and result.stdout == ""
    if before is not None:
        assert path.read_bytes() == before, "fmt leaves a file it cannot read untouched"
    assert sorted(os.listdir(tmp_path)) == ["quy-che.md"], "no temporary file is left behind"


def test_unknown_front_matter_keys_are_kept_by_fmt(tmp_path: Path) -> None:
    path = tmp_path / "qc.md"
    path.write_text("---\nkind: quy chế\nkhoa_la: 1\ncu_chi: [a, b]\n---\n\n## Điều 1. A\n\nB.\n", encoding="utf-8")
    result = run_quyche("fmt", str(path))
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert "khoa_la: 1\ncu_chi: [a, b]\n" in text
    assert run_quyche("outline", str(path)).returncode == 0


def test_folder_and_missing_file_for_outline(tmp_path: Path) -> None:
    result = run_quyche("outline", str(tmp_path))
    assert result.returncode == 2 and "không phải là một tệp" in result.stderr
    result = run_quyche("outline", str(tmp_path / "khong-co.md"))
    assert result.returncode == 2 and "không tìm thấy tệp" in result.stderr.lower()
