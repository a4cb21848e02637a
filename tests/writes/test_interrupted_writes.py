"""Killed at any moment, a write leaves the old complete file or the new one; faults are one line.

A child process (forked, the CLI already imported) runs `fmt`, `build --docx`, `diff --docx` or
`import -o` in a loop through the real typer app; the parent SIGKILLs it after a random delay and
then inspects the target and the folder. Leftover temporaries of a killed run are swept by the
next write (they carry the dead process's id), so at most the one being written can remain.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quyche.fsutil import TEMP_MARK, atomic_write_text, sweep_stale_temps
from tests.workflow.roundkit import EXAMPLE, REG

KILLS_PER_COMMAND = 30
"""4 commands x 30 = 120 SIGKILLs, each a few hundred milliseconds at most."""
MESSY = (EXAMPLE / REG).read_text(encoding="utf-8").replace("\n\n1. ", "\n\n1.  ")


def _cli(*args: str) -> int:
    from quyche.cli.app import app

    try:
        app(list(args), standalone_mode=False)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _loop(args: list[str], before: Callable[[], None] | None) -> None:
    """The child: write again and again until killed."""
    os.environ["QUYCHE_NO_COLOR"] = "1"
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        while True:
            if before is not None:
                before()
            _cli(*args)


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if TEMP_MARK in p.name)


def _complete_docx(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.testzip() is None and "word/document.xml" in zf.namelist()
    except zipfile.BadZipFile:
        return False


def _kill_many(tmp_path: Path, args: list[str], target: Path, valid: Callable[[Path], bool],
               before: Callable[[], None] | None = None) -> None:
    ctx = multiprocessing.get_context("fork")
    rng = random.Random(12)
    assert _cli(*args) == 0  # warm up (imports) and make the first complete target
    assert valid(target)
    for _ in range(KILLS_PER_COMMAND):
        child = ctx.Process(target=_loop, args=(args, before), daemon=True)
        child.start()
        time.sleep(rng.uniform(0.0, 0.25))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert valid(target), "torn target"
        assert len(_temps(target.parent)) <= 1, _temps(target.parent)
    assert _cli(*args) == 0
    assert valid(target)
    assert _temps(target.parent) == []  # the finished run swept the killed runs' leftovers


def test_killed_fmt_leaves_old_or_new(tmp_path: Path) -> None:
    target = tmp_path / REG
    target.write_text(MESSY, encoding="utf-8")
    assert _cli("fmt", str(target)) == 0
    formatted = target.read_text(encoding="utf-8")

    def reset() -> None:
        atomic_write_text(target, MESSY)

    _kill_many(tmp_path, ["fmt", str(target)], target,
               lambda p: p.read_text(encoding="utf-8") in (MESSY, formatted), before=reset)


def test_killed_build_docx_leaves_old_or_new(tmp_path: Path) -> None:
    out = tmp_path / "out" / "qc.docx"
    out.parent.mkdir()
    _kill_many(tmp_path, ["build", str(EXAMPLE / REG), "--docx", str(out), "--force"], out, _complete_docx)


def test_killed_diff_docx_leaves_old_or_new(tmp_path: Path) -> None:
    new = tmp_path / "moi.md"
    new.write_text((EXAMPLE / REG).read_text(encoding="utf-8").replace("mỗi tháng hai lần", "mỗi tuần một lần"),
                   encoding="utf-8")
    out = tmp_path / "out" / "bang.docx"
    out.parent.mkdir()
    _kill_many(tmp_path, ["diff", str(EXAMPLE / REG), str(new), "--docx", "-o", str(out), "--force"], out,
               _complete_docx)


def test_killed_import_leaves_old_or_new(tmp_path: Path) -> None:
    source = tmp_path / "vb.txt"
    source.write_text("QUY CHẾ\n\nĐiều 1. Phạm vi\n\nQuy chế này quy định.\n\nĐiều 2. Hiệu lực\n\nCó hiệu lực.\n",
                      encoding="utf-8")
    out = tmp_path / "out" / "qc.md"
    out.parent.mkdir()
    assert _cli("import", str(source), "-o", str(out)) == 0
    expected = out.read_text(encoding="utf-8")
    _kill_many(tmp_path, ["import", str(source), "-o", str(out), "--force"], out,
               lambda p: p.read_text(encoding="utf-8") == expected)


def test_leftovers_of_dead_runs_are_swept_and_others_kept(tmp_path: Path) -> None:
    target = tmp_path / "qc.md"
    proc = subprocess.Popen(["sleep", "0"])
    proc.wait()  # a process id that is surely dead now
    dead = tmp_path / f".qc.md{TEMP_MARK}{proc.pid}-abc.tmp"
    alive = tmp_path / f".qc.md{TEMP_MARK}1-abc.tmp"  # pid 1 is alive
    unrelated = tmp_path / ".qc.md.sao-luu"
    for p in (dead, alive, unrelated):
        p.write_text("x", encoding="utf-8")
    assert sweep_stale_temps(target) == [dead]
    atomic_write_text(target, "mới\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, alive.name, unrelated.name])


# --- faults: one line, exit 2 -----------------------------------------------------------------
@contextlib.contextmanager
def _tmpfs(folder: Path, options: str) -> Iterator[Path]:
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no `mount` command to make a read-only or full file system")
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                          text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): {proc.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _one_line_exit_2(*args: str) -> str:
    """The error line (fmt adds its usual count of files on a second line)."""
    from tests.conftest import run_quyche

    result = run_quyche(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "nội bộ" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == (2 if args[0] == "fmt" else 1), result.stderr
    return lines[0]


@pytest.mark.parametrize("command", ["build", "import", "diff"])
def test_read_only_disk_is_one_line(command: str, tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "ro", "size=64k,ro") as folder:
        target = folder / ("x.docx" if command != "import" else "x.md")
        args = {
            "build": ["build", str(EXAMPLE / REG), "--docx", str(target)],
            "import": ["import", str(EXAMPLE / REG), "-o", str(target)],
            "diff": ["diff", str(EXAMPLE / REG), str(EXAMPLE / REG), "--docx", "-o", str(target)],
        }[command]
        line = _one_line_exit_2(*args)
        assert "không ghi được tệp" in line and "Read-only" in line
        assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", ["build", "import", "fmt"])
def test_full_disk_is_one_line_and_keeps_the_old_file(command: str, tmp_path: Path) -> None:
    with _tmpfs(tmp_path / "full", "size=16k") as folder:
        target = folder / ("x.docx" if command == "build" else "x.md")
        old = MESSY[:6000] if command == "fmt" else "cũ\n"
        target.write_text(old, encoding="utf-8")
        filler = folder / "day"
        with contextlib.suppress(OSError), open(filler, "wb") as fh:
            fh.write(b"\0" * (1 << 20))
        args = {
            "build": ["build", str(EXAMPLE / REG), "--docx", str(target), "--force"],
            "import": ["import", str(EXAMPLE / REG), "-o", str(target), "--force"],
            "fmt": ["fmt", str(target)],
        }[command]
        line = _one_line_exit_2(*args)
        assert "không ghi được tệp" in line
        assert target.read_text(encoding="utf-8") == old
        assert sorted(p.name for p in folder.iterdir()) == ["day", "x.docx" if command == "build" else "x.md"]


@pytest.mark.parametrize("command", ["build", "import", "diff"])
def test_a_device_as_the_output_is_refused(command: str, tmp_path: Path) -> None:
    """`-o x.docx` where x.docx is (a link to) /dev/full: refused, the device stays a device."""
    target = tmp_path / ("x.md" if command == "import" else "x.docx")
    os.symlink("/dev/full", target)
    args = {
        "build": ["build", str(EXAMPLE / REG), "--docx", str(target), "--force"],
        "import": ["import", str(EXAMPLE / REG), "-o", str(target), "--force"],
        "diff": ["diff", str(EXAMPLE / REG), str(EXAMPLE / REG), "--docx", "-o", str(target), "--force"],
    }[command]
    line = _one_line_exit_2(*args)
    assert "thiết bị" in line
    assert target.is_symlink() and Path("/dev/full").is_char_device()


def test_a_dangling_symlink_as_the_output_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "qc.md"
    os.symlink(tmp_path / "khong-co" / "qc.md", link)
    line = _one_line_exit_2("import", str(EXAMPLE / REG), "-o", str(link), "--force")
    assert "liên kết" in line
    assert link.is_symlink()
