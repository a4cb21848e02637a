"""What `quyche import` says about a TCVN3 (.VnTime) text file."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_quyche

BODY = ("Chương I\n\nNhững quy định chung\n\nĐiều 1. Phạm vi điều chỉnh\n\n"
        "1. Quy chế này quy định trách nhiệm của Ban Chấp hành.\n\n2. Áp dụng đối với các đồng chí ủy viên.\n\n"
        "Điều 2. Hiệu lực\n\nQuy chế có hiệu lực từ ngày ký.\n")


def test_tcvn3_text_is_converted_and_said_once(tmp_path: Path) -> None:
    from quyche.importer.legacy import TCVN3_TABLE

    to_tcvn3 = {unicode: chr(byte) for byte, unicode in TCVN3_TABLE.items()}
    source = tmp_path / "cu.txt"
    source.write_bytes("".join(to_tcvn3.get(ch, ch) for ch in BODY).encode("latin-1"))
    result = run_quyche("import", str(source), "-o", str(tmp_path / "moi.md"))
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == f"{source}: đã chuyển từ bảng mã TCVN3 (ABC) sang Unicode."
    assert lines[1].startswith(f"Đã nhập {source} → {tmp_path / 'moi.md'}: 1 chương, 2 điều, 2 khoản")
    assert "## Điều 1. Phạm vi điều chỉnh" in (tmp_path / "moi.md").read_text(encoding="utf-8")
