"""Help screens and usage errors read in Vietnamese, through the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_quyche

ENGLISH = ("Usage:", "Show this message", "Error:", "Missing argument", "No such", "[required]",
           "Options:", "Arguments:", "Commands:", "Try '", "<str>", "<path>", "{dest}", "Got unexpected")


@pytest.mark.parametrize("args", [("--help",), ("new", "--help"), ("round", "step", "-h"), ("diff", "-h"),
                                  ("templates", "show", "-h"), ("round", "report", "-h")])
def test_help_screens_have_no_english_scaffolding(args: tuple[str, ...]) -> None:
    result = run_quyche(*args)
    assert result.returncode == 0, result.stderr
    assert "Cách dùng:" in result.stdout
    assert "Xem hướng dẫn này rồi thoát." in result.stdout
    assert not [word for word in ENGLISH if word in result.stdout], result.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (("nonexist",), "Không có lệnh `nonexist`. Xem `quyche --help`."),
    (("chek",), "Không có lệnh `chek`. Có phải ý bạn là `check`? Xem `quyche --help`."),
    (("diff",), "Thiếu đối số A. Xem `quyche diff --help`."),
    (("check", "--bogus"), "Không có tùy chọn --bogus. Có phải ý bạn là --jobs? Xem `quyche check --help`."),
    (("outline", "--format"), "Tùy chọn --format cần có giá trị đi kèm. Xem `quyche outline --help`."),
    (("check", "--jobs", "x"), "Giá trị không hợp lệ cho --jobs / -j: `x` không phải là một số. "
                               "Xem `quyche check --help`."),
    (("diff", "a", "b", "c", "d"), "Thừa đối số: d. Xem `quyche diff --help`."),
    (("round", "step"), "Thiếu đối số BƯỚC. Xem `quyche round step --help`."),
])
def test_usage_errors_are_one_vietnamese_line(args: tuple[str, ...], expected: str) -> None:
    result = run_quyche(*args)
    assert result.returncode == 2
    assert result.stderr.strip() == expected
    assert result.stdout == ""


def test_new_stops_cleanly_when_answers_run_out(tmp_path: Path) -> None:
    result = run_quyche("new", str(tmp_path / "kho"), "-t", "phuong", input_text="An Hòa\n")
    assert result.returncode == 2
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("Đã dừng: chưa nhận được câu trả lời"), result.stderr
    assert "Lỗi nội bộ" not in result.stderr and "Abort" not in result.stderr
    assert not (tmp_path / "kho").exists()


def test_option_values_are_named_in_vietnamese() -> None:
    help_text = run_quyche("round", "start", "--help").stdout
    for term in ("--id MÃ_VÒNG", "--date NĂM-THÁNG-NGÀY", "--member THÀNH_VIÊN", "--plan BƯỚC=NGÀY",
                 "-m, --message GHI_CHÚ"):
        assert term in help_text, term
    assert "VĂN_BẢN" not in help_text
    diff_help = run_quyche("diff", "--help").stdout
    assert "-o, --output TỆP" in diff_help and "-f, --format DẠNG" in diff_help
