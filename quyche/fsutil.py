"""Safe file handling: atomic writes, guarded reads, paths kept inside their folder.

Nothing a user wrote may be lost: every write goes to a temporary file in the same folder and
is moved into place with os.replace, so a crash leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from quyche.errors import (
    DanglingLink,
    FileMissing,
    NotAFile,
    OutputExists,
    OutputIsDevice,
    OutputIsFolder,
    TooLarge,
    UnsafePath,
    Unwritable,
)

MAX_INPUT_BYTES = 20 * 1024 * 1024
"""Largest regulation file quyche reads. The largest real code (517 articles) is 0.7 MB."""


def read_bytes_guarded(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a file, refusing folders, missing paths and files over `limit` bytes."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise FileMissing(path) from None
    except OSError as exc:
        raise NotAFile(path, problem=exc.strerror) from None
    if not path.is_file():
        raise NotAFile(path)
    if st.st_size > limit:
        raise TooLarge(path, size=st.st_size, limit=limit)
    return path.read_bytes()


_SPECIAL_KINDS = (
    (stat.S_ISCHR, "một thiết bị ký tự (như /dev/null)"),
    (stat.S_ISBLK, "một thiết bị khối (ổ đĩa)"),
    (stat.S_ISFIFO, "một ống dẫn (FIFO)"),
    (stat.S_ISSOCK, "một socket"),
)


def refuse_special_target(path: Path) -> None:
    """Refuse an output path that is a symlink to nothing, a device, a pipe or a socket.

    os.replace would put a regular file in place of /dev/null (as root) or of the link, and
    mkdir on a dangling link fails with an internal error.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise DanglingLink(path, target=os.readlink(path)) from None
        return
    except OSError:
        return  # the write itself reports it as Unwritable
    for test, kind in _SPECIAL_KINDS:
        if test(st.st_mode):
            raise OutputIsDevice(path, kind=kind)


TEMP_MARK = ".quyche-"
"""Temporary files are named `.NAME.quyche-PID-XXXX.tmp` beside their target, so a later run
can tell its own leftovers (a SIGKILL skips every cleanup) from anything else."""
STALE_AFTER = 24 * 3600
"""A leftover whose process still seems alive is removed anyway after this many seconds."""


def _temp_prefix(path: Path) -> str:
    return f".{path.name}{TEMP_MARK}{os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: alive
    return True


def sweep_stale_temps(path: Path) -> list[Path]:
    """Remove temporaries of `path` left by killed quyche runs (dead pid, or a day old)."""
    import time

    removed: list[Path] = []
    now = time.time()
    try:
        candidates = list(path.parent.glob(f".{glob_escape(path.name)}{TEMP_MARK}*"))
    except OSError:
        return removed
    for leftover in candidates:
        pid_text = leftover.name[len(path.name) + 1 + len(TEMP_MARK) :].split("-", 1)[0]
        try:
            dead = not pid_text.isdigit() or not _pid_alive(int(pid_text)) or int(pid_text) == os.getpid()
            if dead or now - leftover.lstat().st_mtime > STALE_AFTER:
                leftover.unlink()
                removed.append(leftover)
        except OSError:
            continue
    return removed


def glob_escape(name: str) -> str:
    """`name` with glob's special characters taken literally."""
    import glob

    return glob.escape(name)


@contextlib.contextmanager
def _writable(path: Path) -> Iterator[None]:
    """A full or read-only disk, a missing permission: Unwritable (one line), not a traceback."""
    try:
        yield
    except OSError as exc:
        raise Unwritable(path, problem=exc.strerror or type(exc).__name__) from None


def _prepare(path: Path, overwrite: bool) -> None:
    refuse_special_target(path)
    if path.is_dir():
        raise OutputIsFolder(path)
    if not overwrite and path.exists():
        raise OutputExists(path)
    with _writable(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temps(path)


def atomic_write_bytes(path: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write `data` to `path` through a temporary sibling and os.replace."""
    with atomic_output(path, overwrite=overwrite, suffix=".tmp") as tmp, open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def atomic_write_text(path: Path, text: str, *, overwrite: bool = True) -> None:
    """Write UTF-8 text with LF line endings atomically."""
    atomic_write_bytes(path, text.encode("utf-8"), overwrite=overwrite)


@contextlib.contextmanager
def atomic_output(path: Path, *, overwrite: bool = True, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path to write to; move it onto `path` only if the block succeeds.

    For writers that want a file name (python-docx's save, LibreOffice's output); the temporary
    keeps `path`'s suffix unless `suffix` is given. A replaced file keeps its permissions.
    """
    path = Path(path)
    _prepare(path, overwrite)
    with _writable(path):
        fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=suffix or path.suffix or ".tmp",
                                   dir=path.parent)
        os.close(fd)
    try:
        with _writable(path):
            yield Path(tmp)
            mode = 0o644
            with contextlib.suppress(OSError):
                if path.is_file():
                    mode = path.stat().st_mode & 0o7777
            os.chmod(tmp, mode)
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def ensure_inside(path: Path, root: Path) -> Path:
    """Return `path` resolved, or raise UnsafePath when it leaves `root`."""
    root_r = Path(root).resolve()
    full = (root_r / path).resolve() if not Path(path).is_absolute() else Path(path).resolve()
    if full != root_r and not full.is_relative_to(root_r):
        raise UnsafePath(path, root=str(root))
    return full


@contextlib.contextmanager
def clean_folder_on_failure(path: Path) -> Iterator[None]:
    """Remove a folder this operation created if the block raises: no half-made repository."""
    existed = path.exists()
    before = set(path.iterdir()) if existed and path.is_dir() else set()
    try:
        yield
    except BaseException:
        if not existed:
            shutil.rmtree(path, ignore_errors=True)
        elif path.is_dir():
            for child in path.iterdir():
                if child not in before:
                    if child.is_dir() and not child.is_symlink():
                        shutil.rmtree(child, ignore_errors=True)
                    else:
                        with contextlib.suppress(OSError):
                            child.unlink()
        raise
