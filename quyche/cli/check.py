"""`quyche check [PATHS]`: lint regulation files; never writes to them.

Exit 0 when there is no error, 1 when there are errors, 2 when a file cannot be read or the
arguments are wrong (cli/errors.py ExitCode).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quyche.cli.errors import ExitCode, fail, handle_errors

if TYPE_CHECKING:
    from quyche.check.finding import Finding

_FORMAT_HELP = "Dạng kết quả: text (cho người đọc), json, sarif (GitHub code scanning), github (chú thích trong GitHub Actions)."


def register(app: typer.Typer) -> None:
    """Add the command to the app."""

    @app.command("check")
    def check(
        paths: Annotated[list[Path] | None, typer.Argument(
            help="Tệp hoặc thư mục cần kiểm tra; mặc định: mọi tệp quy chế của kho.", show_default=False)] = None,
        output_format: str = typer.Option("text", "--format", "-f", help=_FORMAT_HELP),
        select: str = typer.Option("", "--select", help="Chỉ chạy các quy tắc này (mã hoặc tiền tố, cách nhau bằng dấu phẩy: QC1,QC201)."),
        ignore: str = typer.Option("", "--ignore", help="Bỏ qua các quy tắc này (mã hoặc tiền tố, cách nhau bằng dấu phẩy)."),
        jobs: int = typer.Option(0, "--jobs", "-j", help="Số tiến trình song song (0: tự chọn theo số tệp).", min=0),
        since: str = typer.Option("", "--since", help="So dẫn chiếu với phiên bản này (thẻ, nhánh, mã commit) để tìm dẫn chiếu "
                                  "chưa sửa theo khi Điều đổi số (QC205). Mặc định: đầu vòng sửa đổi đang mở, nếu có."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Không dùng bộ nhớ đệm kết quả: kiểm tra lại mọi tệp."),
        cache_dir: Path | None = typer.Option(None, "--cache-dir", help="Thư mục bộ nhớ đệm kết quả "  # noqa: B008
                                              "(mặc định .quyche/cache/check trong kho)."),
    ) -> None:
        """Kiểm tra quy chế: cấu trúc, dẫn chiếu, thông tin đầu văn bản, chữ viết. Không sửa tệp."""
        from quyche.render.findings import FORMATS

        if output_format not in FORMATS:
            raise fail(f"Dạng kết quả `{output_format}` không có. Hãy chọn một trong: {', '.join(FORMATS)}.")
        with handle_errors():
            code = _run(paths or [], output_format, select, ignore, jobs or None, since,
                        use_cache=not no_cache, cache_dir=cache_dir)
        raise typer.Exit(int(code))


def _cache_folder(config_root: Path, use_cache: bool, cache_dir: Path | None) -> Path | None:
    """Where the findings cache lives: `--cache-dir`, else .quyche/cache/check of the
    repository; none for loose files outside any repository (nothing is written there)."""
    if not use_cache or cache_dir is not None:
        return cache_dir if use_cache else None
    from quyche.check.cache import DEFAULT_FOLDER
    from quyche.config import CONFIG_NAME

    if (config_root / CONFIG_NAME).is_file() or (config_root / ".git").exists():
        return config_root / DEFAULT_FOLDER
    return None


def _codes(text: str) -> list[str]:
    return [c.strip().upper() for c in text.split(",") if c.strip()]


def _baseline(config_root: Path, since: str, cache_folder: Path | None) -> str | None:
    """The revision QC205 compares with: `--since` (checked now, so a typo is one error line
    and exit 2), else the first commit of the open revision round (remembered in the cache
    folder: quyche/commands/check_baseline.py), else None."""
    if since:
        from quyche.vcs import repo_root, resolve_revision

        resolve_revision(repo_root(config_root), since)
        return since
    from quyche.commands.check_baseline import remembered_round_start

    return remembered_round_start(config_root, cache_folder)


def _run(paths: list[Path], output_format: str, select: str, ignore: str, jobs: int | None,
         since: str = "", *, use_cache: bool = True, cache_dir: Path | None = None) -> ExitCode:
    import re

    from quyche import errors as E
    from quyche.check.runner import run_checks
    from quyche.cli.console import err, out
    from quyche.config import config_root, load_config
    from quyche.discover import file_identity, find_regulations

    for code in (*_codes(select), *_codes(ignore)):
        if not re.fullmatch(r"QC\d{0,3}", code):
            raise fail(f"Mã quy tắc `{code}` không hợp lệ. Mã có dạng QC101 hoặc tiền tố như QC1; xem `quyche rules`.")
    start = paths[0] if paths else Path.cwd()
    folder = _cache_folder(config_root(start), use_cache, cache_dir)
    config = load_config(start, memo=folder)
    if select:
        config.check.select = _codes(select)
    if ignore:
        config.check.ignore = [*config.check.ignore, *_codes(ignore)]
    config.check.since = _baseline(config.root, since, folder)
    files: list[Path] = []
    missing: list[E.QuycheError] = []
    if not paths:
        files = find_regulations(cwd=Path.cwd())
        if not files:
            raise fail(f"Không tìm thấy tệp quy chế nào trong {config.root}. Hãy chỉ ra tệp cần kiểm tra: "
                       "`quyche check quy-che.md`, hoặc liệt kê tệp ở mục `regulations` của quyche.yaml.")
    seen: set[object] = set()
    for p in paths:
        try:
            found = find_regulations([p])
        except E.FileMissing as exc:  # report it, and still check the other paths
            missing.append(exc)
            continue
        for f in found:
            key = file_identity(f)
            if key not in seen:
                seen.add(key)
                files.append(f)
    run = run_checks(files, config, jobs=jobs, cache_dir=folder)
    failures = [*missing, *run.failures]
    run.findings = [_relative(f) for f in run.findings]
    unreadable: list[tuple[str, str]] = []
    if failures:
        from quyche.cli.messages import message_for

        for failure in failures:
            err(message_for(failure))
        unreadable = [(str(f.path or ""), message_for(f)) for f in failures]
    if output_format == "text":
        _print_text(run.findings, len(files), len(failures))
    elif output_format == "json":
        from quyche.render.findings.as_json import to_json

        out(to_json(run.findings, len(files), [{"file": p, "message": m} for p, m in unreadable]))
    elif output_format == "sarif":
        from quyche.check.registry import RULES
        from quyche.check.rules import load_rules
        from quyche.render.findings.as_sarif import to_sarif
        from quyche.render.findings.paths import repository_root

        load_rules()  # a run whose files all came from the cache has not loaded them

        out(to_sarif(run.findings, RULES, repository_root(Path.cwd()), unreadable))
    else:
        from quyche.render.findings.as_github import to_github
        from quyche.render.findings.paths import repository_root

        text = to_github(run.findings, repository_root(Path.cwd()))
        if text:
            out(text)
    if failures:
        return ExitCode.INPUT
    if any(f.severity.value == "error" for f in run.findings):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _relative(finding: Finding) -> Finding:
    """Show paths relative to the current folder when they lie inside it."""
    import dataclasses
    import os

    path = finding.path
    if os.path.isabs(path):
        try:
            rel = os.path.relpath(path)
        except ValueError:
            return finding
        if not rel.startswith(".."):
            return dataclasses.replace(finding, path=rel)
    return finding


def _print_text(findings: list[Finding], files: int, unreadable: int) -> None:
    import os

    from quyche.cli.console import stdout
    from quyche.render.findings.as_text import hint_line, summary

    console = stdout()
    if os.environ.get("QUYCHE_NO_COLOR") or os.environ.get("NO_COLOR"):
        console.no_color = True
    from rich.text import Text

    styles = {"error": "bold red", "warning": "yellow", "info": "cyan"}
    from quyche.render.findings import SEVERITY_LABELS

    if not console.is_terminal:  # a pipe or CI log: plain lines, without rich's ~1 ms per line
        import sys

        write = sys.stdout.write
        for f in findings:
            write(f"{f.path}:{f.span.line}:{f.span.column}: {f.code} [{SEVERITY_LABELS[f.severity.value]}] "
                  f"{f.message}\n")
            hint = hint_line(f)
            if hint:
                write(hint + "\n")
        write(summary(findings, files, unreadable) + "\n")
        return
    for f in findings:
        line = Text.assemble(
            (f"{f.path}:{f.span.line}:{f.span.column}:", "bold"), " ",
            (f.code, styles[f.severity.value]), " ",
            (f"[{SEVERITY_LABELS[f.severity.value]}]", styles[f.severity.value]), " ",
            f.message,
        )
        console.print(line)
        hint = hint_line(f)
        if hint:
            console.print(Text(hint, style="dim"))
    console.print(Text(summary(findings, files, unreadable), style="bold"))
