"""Every error the core can raise has its own Vietnamese line, and that line says what to do."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import quyche
from quyche import errors as E
from quyche.cli.errors import ExitCode
from quyche.cli.messages import MESSAGES, exit_code_for, message_for


def _all_error_classes() -> list[type[E.QuycheError]]:
    # Import every module first, so subclasses defined outside errors.py are seen too.
    for info in pkgutil.walk_packages(quyche.__path__, "quyche."):
        importlib.import_module(info.name)
    seen: list[type[E.QuycheError]] = []
    stack = [E.QuycheError]
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen


@pytest.mark.parametrize("cls", _all_error_classes(), ids=lambda c: c.__name__)
def test_every_error_class_has_its_own_message(cls: type[E.QuycheError]) -> None:
    assert cls in MESSAGES, f"{cls.__name__} has no Vietnamese message in quyche/cli/messages.py"


@pytest.mark.parametrize("cls", _all_error_classes(), ids=lambda c: c.__name__)
def test_message_is_one_line_with_place_and_no_placeholder_left(cls: type[E.QuycheError]) -> None:
    try:
        exc = cls("quy-che.md", 12, 3)
    except TypeError:  # a class with required facts of its own
        pytest.skip(f"{cls.__name__} needs its own facts")
    text = message_for(exc)
    assert "\n" not in text
    assert "{" not in text and "}" not in text
    assert "Traceback" not in text
    assert exit_code_for(exc) in (ExitCode.FINDINGS, ExitCode.INPUT, ExitCode.INTERNAL)


def test_file_errors_point_at_file_line_column() -> None:
    text = message_for(E.YamlSyntax("quy-che.md", 4, 7, problem="colon"))
    assert text.startswith("quy-che.md:4:7: ")
    assert "ngoặc kép" in text  # says how to fix it
