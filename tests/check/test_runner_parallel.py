"""The worker processes must not change what `check` reports: same findings, same order, same
unreadable files as one process, on a run large enough to take the parallel path by itself."""

from __future__ import annotations

from pathlib import Path

from quyche.check.runner import PARALLEL_MIN_FILES, run_checks
from quyche.config import Config
from tests.check.helpers import FRONT


def _regulation(i: int) -> str:
    """A file whose findings depend on `i`: a chapter gap, a dangling reference, spaces."""
    chapter2 = "III" if i % 3 == 0 else "II"
    ref = f"khoản {1 + i % 4} Điều {1 + i % 5}"
    trailing = "  " if i % 7 == 0 else ""
    return (
        f"{FRONT}# Chương I. NHỮNG QUY ĐỊNH CHUNG\n\n## Điều 1. Phạm vi điều chỉnh\n\n"
        f"1. Quy chế này quy định chế độ làm việc.{trailing}\n\n2. Thực hiện theo {ref} Quy chế này.\n\n"
        f"# Chương {chapter2}. TỔ CHỨC THỰC HIỆN\n\n## Điều 2. Hiệu lực thi hành\n\n"
        "Quy chế này có hiệu lực kể từ ngày ký.\n"
    )


def test_parallel_run_equals_serial_in_order(tmp_path: Path) -> None:
    paths, unreadable = [], 0
    count = PARALLEL_MIN_FILES + 13
    for i in range(count):
        path = tmp_path / f"quy-che-{i:03d}.md"
        if i % 20 == 7:
            unreadable += 1
            path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # unreadable: a picture
        elif i % 20 == 13:
            unreadable += 1
            path.write_text("---\nkind: [quy chế\n---\n\n## Điều 1. A\n\nB.\n", encoding="utf-8")  # broken YAML
        else:
            path.write_text(_regulation(i), encoding="utf-8")
        paths.append(path)
    config = Config(root=tmp_path)
    serial = run_checks(paths, config, jobs=1)
    parallel = run_checks(paths, config)  # the default takes the worker processes at this size
    assert serial.findings == parallel.findings
    assert len({f.code for f in serial.findings}) >= 3 and len({f.path for f in serial.findings}) > count // 2
    assert [(type(e), e.path, e.line, e.column) for e in serial.failures] == \
        [(type(e), e.path, e.line, e.column) for e in parallel.failures]
    assert len(serial.failures) == unreadable >= 4
