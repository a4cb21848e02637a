"""`quyche build`: the official full text of a regulation as DOCX (and PDF through LibreOffice)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from quyche.cli.errors import ExitCode, handle_errors


def convert_to_pdf(docx: Path, pdf: Path, *, overwrite: bool) -> Path:
    """DOCX → PDF with LibreOffice headless in a private profile; written atomically."""
    import shutil
    import subprocess
    import tempfile

    from quyche.errors import ConversionFailed, ToolMissing
    from quyche.fsutil import atomic_output

    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise ToolMissing(tool="soffice")
    with tempfile.TemporaryDirectory(prefix="quyche-pdf-") as tmp, atomic_output(pdf, overwrite=overwrite) as target:
        work = Path(tmp)
        src = work / "van-ban.docx"
        shutil.copyfile(docx, src)
        try:
            proc = subprocess.run(
                [exe, f"-env:UserInstallation=file://{work / 'profile'}", "--headless", "--convert-to", "pdf",
                 "--outdir", str(work), str(src)],
                capture_output=True, text=True, timeout=300, check=False,
            )
        except subprocess.TimeoutExpired:
            raise ConversionFailed(docx, tool="soffice", stderr="quá thời gian 300 giây") from None
        produced = work / "van-ban.pdf"
        if proc.returncode != 0 or not produced.is_file():
            raise ConversionFailed(docx, tool="soffice", stderr=(proc.stderr or proc.stdout).strip()[:200])
        shutil.copyfile(produced, target)
    return pdf


def run_build(source: Path, docx_out: Path | None, *, pdf_out: Path | None, draft: bool, force: bool,
              draft_date: dt.date | None = None) -> int:
    """Parse `source` and write the full-text DOCX and/or PDF (the DOCX goes to a temporary folder
    when only the PDF is asked for)."""
    import tempfile

    if docx_out is None:
        with tempfile.TemporaryDirectory(prefix="quyche-build-") as tmp:
            return _build(source, Path(tmp) / "van-ban.docx", pdf_out=pdf_out, draft=draft, force=force,
                          draft_date=draft_date, keep_docx=False)
    return _build(source, docx_out, pdf_out=pdf_out, draft=draft, force=force, draft_date=draft_date,
                  keep_docx=True)


def _build(source: Path, docx_out: Path, *, pdf_out: Path | None, draft: bool, force: bool,
           draft_date: dt.date | None, keep_docx: bool) -> int:
    from quyche.cli.console import err
    from quyche.config import load_config
    from quyche.errors import NotARegulation, OutputExists
    from quyche.parse import parse_file
    from quyche.render.docx.base import PageLayout
    from quyche.render.docx.fulltext import write_fulltext

    for target in (docx_out, pdf_out):
        if target is not None and target.exists() and not force:
            raise OutputExists(target)
    reg = parse_file(source)
    if not reg.total_counts()["articles"]:
        raise NotARegulation(source)
    config = load_config(source.resolve().parent)
    layout = PageLayout.from_config(config.layout)
    when = (draft_date or dt.date.today()) if draft or draft_date else None
    write_fulltext(reg, docx_out, layout=layout, draft=when, overwrite=force)
    if keep_docx:
        err(f"Đã tạo {docx_out} ({reg.total_counts()['articles']} điều).")
    if pdf_out is not None:
        convert_to_pdf(docx_out, pdf_out, overwrite=force)
        err(f"Đã tạo {pdf_out}." if keep_docx else f"Đã tạo {pdf_out} ({reg.total_counts()['articles']} điều).")
    return int(ExitCode.OK)


def register(app: typer.Typer) -> None:
    """Add `build` to the application."""

    @app.command("build")
    def build_command(
        source: Annotated[Path, typer.Argument(metavar="TỆP", help="Tệp quy chế (.md).")],
        docx: Annotated[Path | None, typer.Option(
            "--docx", metavar="TỆP", help="Tệp Word (.docx) sẽ tạo: toàn văn theo thể thức Hướng dẫn 36-HD/VPTW.")] = None,
        pdf: Annotated[Path | None, typer.Option(
            "--pdf", metavar="TỆP", help="Tệp PDF sẽ tạo (cần LibreOffice); dùng một mình hoặc cùng --docx.")] = None,
        draft: Annotated[bool, typer.Option("--draft", help="Ghi dấu \"DỰ THẢO\" và ngày hôm nay ở đầu mỗi trang.")] = False,
        draft_date: Annotated[str | None, typer.Option(
            "--draft-date", metavar="NĂM-THÁNG-NGÀY", help="Ngày ghi cạnh dấu \"DỰ THẢO\" (mặc định: hôm nay); kéo theo --draft.",
        )] = None,
        force: Annotated[bool, typer.Option("--force", help="Ghi đè nếu tệp đích đã có.")] = False,
    ) -> None:
        """Tạo toàn văn quy chế dạng Word (.docx) theo thể thức văn bản của Đảng; --pdf để có thêm PDF."""
        from quyche.cli.errors import fail

        if docx is None and pdf is None:
            raise fail("Hãy chỉ ra tệp cần tạo: --docx quy-che.docx, --pdf quy-che.pdf, hoặc cả hai.")
        for target, suffix in ((docx, ".docx"), (pdf, ".pdf")):
            if target is not None and target.suffix.lower() != suffix:
                raise fail(f"{target}: tệp tạo bằng --{suffix[1:]} phải có đuôi {suffix}, "
                           f"ví dụ --{suffix[1:]} quy-che{suffix}.")
        when = None
        if draft_date is not None:
            try:
                when = dt.date.fromisoformat(draft_date)
            except ValueError:
                raise fail(f"Ngày `{draft_date}` không hợp lệ. Hãy ghi theo dạng năm-tháng-ngày, ví dụ 2026-03-15.") from None
        with handle_errors():
            code = run_build(source, docx, pdf_out=pdf, draft=draft, force=force, draft_date=when)
        raise typer.Exit(code)
