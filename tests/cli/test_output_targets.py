"""A folder where a file is to be written (and a file where `new` makes a folder): one line, even with --force."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ROOT, run_quyche

EXAMPLE = ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md"
FOLDER_LINE = "{}: đây là một thư mục, không ghi tệp đè lên được (kể cả với --force). Hãy ghi đường dẫn có cả tên tệp ở cuối."


def _only_line(result: object) -> str:
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1, lines
    return lines[0]


def test_build_import_diff_into_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "bang.docx"
    folder.mkdir()
    for args in (("build", str(EXAMPLE), "--docx", str(folder), "--force"),
                 ("import", str(EXAMPLE), "-o", str(folder), "--force"),
                 ("diff", str(EXAMPLE), str(EXAMPLE), "-o", str(tmp_path), "--force")):
        result = run_quyche(*args)
        assert result.returncode == 2, args
        target = folder if args[0] != "diff" else tmp_path
        assert _only_line(result) == FOLDER_LINE.format(target), args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bang.docx"]  # no temporary file left
    assert list(folder.iterdir()) == []


def test_new_into_a_file_even_with_force(tmp_path: Path) -> None:
    dest = tmp_path / "kho"
    dest.write_text("x", encoding="utf-8")
    result = run_quyche("new", str(dest), "-t", "phuong", "--no-input", "--force", "--set", "unit_name=An Hòa",
                        "--set", "superior_name=Khánh Hòa", "--set", "signer_name=Nguyễn Văn A")
    assert result.returncode == 2
    assert _only_line(result) == f"{dest}: đây là một tệp, không phải thư mục. Hãy chỉ ra một thư mục mới hoặc thư mục trống."
    assert dest.read_text(encoding="utf-8") == "x"
