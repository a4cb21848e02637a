"""Exit codes and the one place where core errors become a Vietnamese line."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from enum import IntEnum

import typer

from quyche.errors import QuycheError


class ExitCode(IntEnum):
    """What `quyche` returns to the shell and to CI."""

    OK = 0
    FINDINGS = 1
    """check errors, `fmt --check`, `diff --exit-code`, verify violations."""
    INPUT = 2
    """bad arguments or unreadable input."""
    INTERNAL = 3
    """a bug: one line, the traceback only with QUYCHE_DEBUG=1."""
    INTERRUPTED = 130


def fail(message: str, code: ExitCode = ExitCode.INPUT) -> typer.Exit:
    """Print one error line to stderr and return the Exit to raise."""
    from quyche.cli.console import err

    err(message)
    return typer.Exit(int(code))


def check_format(fmt: str, allowed: tuple[str, ...]) -> None:
    """Refuse a `--format` value the command does not write (one line, exit 2)."""
    if fmt not in allowed:
        raise fail(f"--format `{fmt}` không hợp lệ; chỉ nhận {', '.join(allowed)}.")


@contextlib.contextmanager
def handle_errors() -> Iterator[None]:
    """Turn core errors into one Vietnamese line and an exit code; never a traceback."""
    from quyche.cli.messages import exit_code_for, message_for

    try:
        yield
    except typer.Exit:
        raise
    except QuycheError as exc:
        raise fail(message_for(exc), exit_code_for(exc)) from None
    except KeyboardInterrupt:
        raise fail("Đã dừng theo yêu cầu (Ctrl+C).", ExitCode.INTERRUPTED) from None
    except typer.Abort:  # a question got Ctrl+C or the end of input instead of an answer
        raise fail(
            "Đã dừng: chưa nhận được câu trả lời (Ctrl+C hoặc hết dữ liệu nhập), chưa tạo gì. "
            "Hãy chạy lại, hoặc trả lời trước bằng --set TÊN=GIÁ_TRỊ / --answers cùng --no-input.",
            ExitCode.INPUT,
        ) from None
    except RecursionError:
        raise fail("Văn bản lồng nhau quá sâu để xử lý; hãy kiểm tra lại các mức gạch đầu dòng.", ExitCode.INPUT) from None
    except MemoryError:
        raise fail("Không đủ bộ nhớ để xử lý tệp này; hãy tách văn bản thành các tệp nhỏ hơn.", ExitCode.INPUT) from None
    except Exception as exc:  # a bug: say so in one line
        if os.environ.get("QUYCHE_DEBUG"):
            raise
        print(
            f"Lỗi nội bộ của quyche ({type(exc).__name__}: {exc}). Hãy chạy lại với QUYCHE_DEBUG=1 "
            "và gửi kết quả cho người phụ trách kỹ thuật.",
            file=sys.stderr,
        )
        raise typer.Exit(int(ExitCode.INTERNAL)) from None
