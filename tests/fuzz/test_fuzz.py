"""Property-based fuzzing of every reader: no exception escapes, exit codes only 0, 1 or 2.

Mutated real texts (tests/fuzz/mutations.py) go through the same core functions the commands
call: parse, check, fmt, outline, import (.txt, .md and .docx) and diff. Any exception that is
not one of quyche's own input errors, or that the CLI would turn into exit 3 (an internal error,
FormatUnstable included), fails. A sample also runs through the real CLI in a child process
under memory and CPU limits (tests/hostile/harness.py), which catches hangs and blow-ups.

The budget is fixed (derandomize: the same cases on every run); QUYCHE_FUZZ_SCALE multiplies
it for the longer run described in bench/FUZZ.md.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quyche.cli.errors import ExitCode
from quyche.cli.messages import exit_code_for, message_for
from quyche.errors import QuycheError
from tests.fuzz.mutations import mutated
from tests.hostile.files import docx, para
from tests.hostile.harness import assert_one_line, run_limited

SCALE = float(os.environ.get("QUYCHE_FUZZ_SCALE", "1"))
RANDOM = os.environ.get("QUYCHE_FUZZ_RANDOM") == "1"
"""The long run may draw new cases each time; CI always draws the same ones."""


def budget(examples: int) -> settings:
    return settings(max_examples=int(examples * SCALE), derandomize=not RANDOM, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much], print_blob=True)


def answered(action: Callable[[], object]) -> int:
    """Run `action` the way the CLI would: 0, or the exit code its error maps to (never 3)."""
    try:
        action()
    except QuycheError as exc:
        code = exit_code_for(exc)
        assert code in (ExitCode.FINDINGS, ExitCode.INPUT), f"exit {int(code)}: {exc}"
        message = message_for(exc)
        assert message and "\n" not in message.strip(), message
        return int(code)
    except (RecursionError, MemoryError):
        return int(ExitCode.INPUT)  # handle_errors answers these with one line
    return 0


def _config() -> object:
    from quyche.config import load_config

    return load_config(Path(tempfile.gettempdir()))


CONFIG = _config()


@budget(700)
@given(mutated())
def test_parse_and_fmt(text: str) -> None:
    from quyche.parse.source import decode_source
    from quyche.render.markdown import format_text

    def run() -> None:
        source = decode_source(text.encode("utf-8"), Path("f.md"))
        formatted = format_text(source.text, "f.md")
        assert format_text(formatted, "f.md") == formatted  # fmt settles in one run

    answered(run)


@budget(500)
@given(mutated())
def test_check(text: str) -> None:
    from quyche.check.runner import check_source
    from quyche.parse.source import decode_source

    answered(lambda: check_source(decode_source(text.encode("utf-8"), Path("f.md")), CONFIG))  # type: ignore[arg-type]


@budget(300)
@given(mutated())
def test_outline(text: str) -> None:
    from quyche.model.outline import outline_dict, outline_entries
    from quyche.parse.document import parse_text

    def run() -> None:
        reg = parse_text(text, "f.md")
        outline_entries(reg)
        outline_dict(reg, "f.md")

    answered(run)


@budget(250)
@given(mutated(), st.sampled_from([".txt", ".md"]))
def test_import_text(text: str, suffix: str) -> None:
    from quyche.importer import import_file
    from quyche.render.imported import render_import

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"vb{suffix}"
        path.write_text(text, encoding="utf-8")
        answered(lambda: render_import(import_file(path)))


@budget(200)
@given(mutated())
def test_import_docx(text: str) -> None:
    from xml.sax.saxutils import escape

    from quyche.importer import import_file
    from quyche.render.imported import render_import

    body = "".join(para(escape("".join(ch for ch in line if ch >= " " or ch == "\t")))
                   for line in text.splitlines()[:400])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vb.docx"
        path.write_bytes(docx(body))
        answered(lambda: render_import(import_file(path)))


@budget(200)
@given(mutated(), mutated())
def test_diff(old: str, new: str) -> None:
    from quyche.diff.compare import compare
    from quyche.parse.document import parse_text
    from quyche.render.diffout.text import build, to_plain

    def run() -> None:
        to_plain(build(compare(parse_text(old, "cu.md"), parse_text(new, "moi.md"))))

    answered(run)


SAMPLE = 12
"""Cases run through the real CLI in a limited child process (each costs ~0.5 s)."""


@pytest.mark.parametrize("command", ["check", "fmt", "outline", "import"])
def test_cli_sample_under_limits(command: str, tmp_path: Path) -> None:
    texts: list[str] = []

    @settings(max_examples=SAMPLE // 4, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(mutated())
    def collect(text: str) -> None:
        texts.append(text)

    collect()
    for k, text in enumerate(texts):
        path = tmp_path / f"vb{k}.md"
        path.write_text(text, encoding="utf-8")
        args = [command, str(path)] + (["-o", str(tmp_path / f"ra{k}.md")] if command == "import" else [])
        assert_one_line(run_limited(args, tmp_path))
