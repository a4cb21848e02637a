"""Word habits with `quyche diff`: the table's file name where a version is expected, a .docx without --docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(("args", "expected"), [
    (("v1", "v2", "--docx", "bang.docx"),
     "`bang.docx` không phải phiên bản hay tệp quy chế để so sánh. Tên tệp bảng so sánh ghi sau -o, "
     "ví dụ: quyche diff v1 v2 --docx -o bang.docx"),
    (("v1", "v2", "-o", "bang.docx"),
     "bang.docx: muốn có bảng so sánh dạng Word, hãy thêm --docx: quyche diff v1 v2 --docx -o bang.docx"),
    (("v1", "v2", "--docx", "-o", "bang.txt"),
     "bang.txt: bảng so sánh (--docx) phải ghi vào tệp có đuôi .docx, ví dụ -o bang-so-sanh.docx."),
])
def test_wrong_target_is_refused_with_the_right_command(repo: Path, cli: Any, args: tuple[str, ...],
                                                         expected: str) -> None:
    before = sorted(p.name for p in repo.iterdir())
    result = cli("diff", *args)
    assert result.exit_code == 2
    assert result.output.strip() == expected
    assert sorted(p.name for p in repo.iterdir()) == before


def test_the_suggested_command_works(repo: Path, cli: Any) -> None:
    result = cli("diff", "v1", "v2", "--docx", "-o", "bang.docx")
    assert result.exit_code == 0, result.output
    assert (repo / "bang.docx").stat().st_size > 0
