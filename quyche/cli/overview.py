"""`quyche overview UNITS.yaml`: the state of every unit's regulation, for the upper level.

Exit 0 when every unit was read, 1 when some unit stands out with a flag that needs action
(unreachable, unreadable, failing history, errors, stalled), 2 on bad input.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quyche.cli.errors import ExitCode, fail, handle_errors

if TYPE_CHECKING:
    import datetime as dt

    from quyche.overview.assess import Assessed

FORMATS = ("table", "json", "html", "docx")
_ACTION_FLAGS = {"unreachable", "unreadable", "verify-failed", "check-errors", "stalled"}


def register(app: typer.Typer) -> None:
    """Add the command to the app."""

    @app.command("overview")
    def overview(
        units: Annotated[Path, typer.Argument(metavar="TỆP_ĐƠN_VỊ", help="Tệp YAML liệt kê các đơn vị (name, level, repo, ref).")],
        output_format: str = typer.Option("table", "--format", "-f", help="Dạng kết quả: table, json, html, docx."),
        output: Path | None = typer.Option(None, "--output", "-o", help="Ghi kết quả vào tệp này (bắt buộc với docx).",  # noqa: B008
                                           show_default=False),
        force: bool = typer.Option(False, "--force", help="Cho phép ghi đè tệp kết quả đã có."),
        since: str = typer.Option("", "--since", metavar="NĂM-THÁNG-NGÀY", help="Nêu các đơn vị chưa ban hành bản sửa đổi từ ngày này (NĂM-THÁNG-NGÀY)."),
        stalled_days: int = typer.Option(30, "--stalled-days", min=0, help="Vòng sửa đổi coi là chậm khi quá số ngày này không có bước mới."),
        today: str = typer.Option("", "--today", metavar="NĂM-THÁNG-NGÀY", help="Ngày lập báo cáo (mặc định hôm nay)."),
        cache_dir: Path | None = typer.Option(None, "--cache-dir", help="Thư mục bộ nhớ đệm (bản sao kho, kết quả từng đơn vị); "  # noqa: B008
                                              "mặc định .quyche/cache/overview cạnh tệp danh sách."),
        no_cache: bool = typer.Option(False, "--no-cache", help="Đọc lại mọi đơn vị (vẫn dùng thư mục đệm cho bản sao kho)."),
        jobs: int = typer.Option(0, "--jobs", "-j", min=0, help="Số tiến trình song song (0: theo số lõi)."),
    ) -> None:
        """Tổng hợp tình hình sửa đổi quy chế của các đơn vị trực thuộc: số hiệu, mẫu, lỗi, vòng sửa đổi, ban hành, chữ ký."""
        if output_format not in FORMATS:
            raise fail(f"Dạng kết quả `{output_format}` không có. Hãy chọn một trong: {', '.join(FORMATS)}.")
        if output_format == "docx" and output is None:
            raise fail("Dạng docx cần tệp kết quả: thêm --output bao-cao.docx.")
        with handle_errors():
            code = _run(units, output_format, output, force, _date(since, "--since"), stalled_days,
                        _date(today, "--today"), cache_dir, no_cache, jobs or None)
        raise typer.Exit(int(code))


def _date(text: str, option: str) -> dt.date | None:
    import datetime as dt

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"{option} `{text}` không phải ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2026-01-31.") from None


def _run(units_path: Path, output_format: str, output: Path | None, force: bool, since: dt.date | None,
         stalled_days: int, today: dt.date | None, cache_dir: Path | None, no_cache: bool, jobs: int | None) -> ExitCode:
    import datetime as dt
    import shutil
    import tempfile

    from quyche import errors as E
    from quyche.cli.messages import message_for
    from quyche.overview.as_json import overview_data, to_json
    from quyche.overview.assess import assess, known_template_versions
    from quyche.overview.run import run_overview
    from quyche.overview.units import load_units

    listed = load_units(units_path)
    specs = listed.units
    cache = cache_dir or (units_path.resolve().parent / ".quyche" / "cache" / "overview")
    scratch = None
    if no_cache:  # clones are still kept (fetching is not what --no-cache is about); unit entries are not
        scratch = Path(tempfile.mkdtemp(prefix="quyche-overview-"))
        (scratch / "repos").symlink_to(cache / "repos", target_is_directory=True)
        (cache / "repos").mkdir(parents=True, exist_ok=True)
    try:
        statuses = run_overview(specs, cache=scratch or cache, jobs=jobs)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    _ignore_self(cache)
    day = today or dt.date.today()
    versions = known_template_versions()
    assessed = [assess(s, today=day, since=since, stalled_days=stalled_days, versions=versions) for s in statuses]
    problems: dict[str, str] = {}
    for s in statuses:
        if s.error is not None:
            name, path, line, facts = s.error
            cls = getattr(E, name, E.QuycheError)
            try:
                exc = cls(path, line, None, **facts)
            except TypeError:
                exc = E.QuycheError(path, line, None, **facts)
            problems[s.name] = message_for(exc)
    data = overview_data(assessed, problems, today=day, since=since, stalled_days=stalled_days)
    if output_format == "table":
        _print_table(assessed, problems)
    elif output_format == "json":
        _emit(to_json(data), output, force)
    elif output_format == "html":
        from quyche.overview.as_html import to_html

        _emit(to_html(data), output, force)
    else:
        from quyche.overview.as_docx import write_docx

        assert output is not None
        write_docx(data, output, issuer=listed.issuer, superior=listed.superior, place=listed.place,
                   overwrite=force)
    return ExitCode.FINDINGS if any(_ACTION_FLAGS.intersection(a.flags) for a in assessed) else ExitCode.OK


def _ignore_self(cache: Path) -> None:
    import contextlib

    with contextlib.suppress(OSError):
        if cache.is_dir() and not (cache / ".gitignore").exists():
            (cache / ".gitignore").write_text("*\n", encoding="utf-8")


def _emit(text: str, output: Path | None, force: bool) -> None:
    from quyche.cli.console import out

    if output is None:
        out(text)
        return
    from quyche.fsutil import atomic_write_text

    atomic_write_text(output, text, overwrite=force)


def _print_table(assessed: list[Assessed], problems: dict[str, str]) -> None:
    from rich.table import Table

    from quyche.cli.console import stdout
    from quyche.overview.assess import FLAG_LABELS

    table = Table(title="Tình hình sửa đổi, bổ sung quy chế làm việc", show_lines=False)
    for head in ("Đơn vị", "Cấp", "Số hiệu", "Mẫu", "Lỗi/CB", "Vòng, bước", "Ngày", "Ban hành", "Lịch sử", "Cần chú ý"):
        table.add_column(head)
    for a in assessed:
        s = a.status
        verify = "—" if s.verify_ok is None else ("hợp lệ" if s.verify_ok else "KHÔNG hợp lệ")
        rnd = f"{s.round_id}: {s.current_step}" if s.round_id else "chưa có"
        notes = ", ".join(FLAG_LABELS[f] for f in a.flags)
        if s.name in problems:
            notes += f" ({problems[s.name]})"
        table.add_row(s.name, s.level, s.number or "—",
                      f"{s.template or '—'} {s.template_version or ''}→{a.newest_template}" if s.template else "—",
                      f"{s.findings['error']}/{s.findings['warning']}", rnd,
                      "" if a.days_since_step is None else str(a.days_since_step),
                      f"{s.issued_tag} {s.issued_date}".strip() or "—", verify, notes,
                      style="red" if _ACTION_FLAGS.intersection(a.flags) else None)
    console = stdout()
    if not console.is_terminal:  # a pipe or a CI log: one line a unit rather than 80 folded columns
        console.width = 240
    console.print(table)
