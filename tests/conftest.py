"""Shared fixtures: a clean git environment, corpus paths."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():  # CI clones the project with shared/ beside it
    CORPUS = Path(os.environ.get("QUYCHE_CORPUS", "/work/shared/corpus"))


@pytest.fixture(autouse=True)
def clean_git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads the developer's git config or writes to $HOME (pre-commit's lesson)."""
    isolated_git_env(tmp_path_factory.mktemp("home"), monkeypatch)
    monkeypatch.setenv("QUYCHE_NO_COLOR", "1")
    yield


def isolated_git_env(home: Path, mp: pytest.MonkeyPatch) -> None:
    """HOME in `home`, no GIT_* or GNUPGHOME from outside, a known git identity, unsigned commits.

    Also for module-scoped fixtures (tests/workflow), which cannot use the autouse fixture.
    """
    for key in list(os.environ):
        if key.startswith("GIT_") or key == "GNUPGHOME":
            mp.delenv(key, raising=False)
    mp.setenv("HOME", str(home))
    mp.setenv("GIT_CONFIG_NOSYSTEM", "1")
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Văn phòng Đảng ủy\n\temail = vanphong@example.vn\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    mp.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the real git in `repo`."""
    return subprocess.run(["git", *args], cwd=repo, check=check, text=True, capture_output=True)


@pytest.fixture
def corpus() -> Path:
    """The shared corpus folder (skips when it is not beside the project)."""
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus is not available")
    return CORPUS


def run_quyche(*args: str, cwd: Path | None = None, input_text: str | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `quyche` command of this checkout (python -m quyche) in a subprocess."""
    import sys

    full_env = dict(os.environ)
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "quyche", *args],
        cwd=cwd, input=input_text, text=True, capture_output=True, env=full_env, check=False,
    )


@pytest.fixture
def cli() -> object:
    """Invoke the typer app in-process: cli("check", "x.md") -> click Result (exit_code, output)."""
    from typer.testing import CliRunner

    from quyche.cli.app import app

    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> object:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def soffice() -> str:
    """The LibreOffice binary; a skip locally when missing, a failure in CI (it must be there)."""
    import shutil

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI; .ci/run installs libreoffice-writer")
        pytest.skip("LibreOffice is not installed")
    return exe


def docx_to_pdf(soffice: str, docx: Path, outdir: Path) -> Path:
    """Convert with LibreOffice headless in a private profile; return the PDF path."""
    profile = outdir / ".lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), str(docx)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = outdir / (docx.stem + ".pdf")
    assert pdf.is_file(), f"LibreOffice produced no PDF for {docx}"
    return pdf


def pdf_text(pdf: Path) -> str:
    """pdftotext -layout of a PDF."""
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdf_pages(pdf: Path) -> int:
    """Number of pages, read by pdfinfo."""
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo printed no page count")


def validate_sarif(log: object) -> None:
    """Validate against the official OASIS SARIF 2.1.0 schema (tests/fixtures/sarif, a copy of
    ../shared/schemas), URI formats included: `uri-reference` is checked by rfc3986-validator."""
    import json

    import jsonschema

    schema = json.loads((ROOT / "tests" / "fixtures" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    assert "uri-reference" in checker.checkers, "install the test extra (rfc3986-validator)"
    jsonschema.Draft4Validator(schema, format_checker=checker).validate(log)
