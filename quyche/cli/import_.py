"""`quyche import`: a Word or text file → a regulation in Markdown with front matter."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quyche.cli.errors import ExitCode, handle_errors

if TYPE_CHECKING:
    pass

_REASONS = {
    "header-unplaced": "giữ lại ở đầu phần nội dung (không xếp được vào thông tin đầu văn bản)",
    "closing-unplaced": "giữ lại ở cuối văn bản (không xếp được vào phần ký, nơi nhận)",
    "page-header": "đã bỏ: tiêu đề trang Công báo",
    "page-number": "đã bỏ: số trang",
    "stamp": "đã bỏ: dấu chữ ký số",
    "legacy-tcvn3": "đã chuyển từ bảng mã TCVN3 (ABC) sang Unicode",
    "legacy-vni": "đã chuyển từ bảng mã VNI sang Unicode",
    "tracked-changes-accepted": "đã lấy văn bản theo các thay đổi được theo dõi (chấp nhận tất cả)",
    "word-numbering-resolved": "đã khôi phục số tự động của Word",
    "footnotes-appended": "chú thích cuối trang được giữ lại ở cuối văn bản, đánh dấu [1], [2] …",
    "tables-flattened": "nội dung bảng được chuyển thành các dòng",
    "word-letters-without-d": "danh sách điểm do Word tự đánh chữ a, b, c, d, e (không có đ); hãy kiểm tra lại các điểm từ đ) trở đi",
}


def run_import(source: Path, output: Path, *, force: bool, report_path: Path | None) -> int:
    """Import `source` into `output`; print what was kept or removed."""
    from quyche.cli.console import err
    from quyche.errors import OutputExists
    from quyche.fsutil import atomic_write_text
    from quyche.importer import import_file
    from quyche.render.imported import render_import

    if output.exists() and not force:
        raise OutputExists(output)
    if report_path is not None and report_path.exists() and not force:
        raise OutputExists(report_path)
    result = import_file(source)
    result.report.output = str(output)
    atomic_write_text(output, render_import(result))
    if report_path is not None:
        atomic_write_text(report_path, result.report.to_json())
    removed: dict[str, list[str]] = {}
    for note in result.report.notes:
        place = note.where or (f"dòng {note.line}" if note.line else "")
        if note.kind == "removed":  # page furniture: one summary line per kind (all in --report)
            removed.setdefault(note.reason, []).append(str(note.line) if note.line else place)
            continue
        head = f"{source} ({place}): " if note.where else (f"{source}:{note.line}: " if note.line else f"{source}: ")
        text = note.text if len(note.text) <= 90 else note.text[:87] + "…"
        # an encoding note's text is only the encoding's name, which the reason already says
        detail = f": {text}" if text and not note.reason.startswith("legacy-") else "."
        err(f"{head}{_REASONS.get(note.reason, note.reason)}{detail}")
    for reason, places in removed.items():
        shown = ", ".join(places[:8]) + (", …" if len(places) > 8 else "")
        err(f"{source}: {_REASONS.get(reason, reason)} ({len(places)} dòng: {shown})")
    def figures(counts: dict[str, int]) -> str:
        return (f"{counts.get('chapters', 0)} chương, {counts.get('articles', 0)} điều, "
                f"{counts.get('clauses', 0)} khoản, {counts.get('points', 0)} điểm")

    parts = [f"{kind or 'văn bản'}{' kèm theo' if k else ''}: {figures(counts)}"
             for k, (kind, counts) in enumerate(result.report.documents)]
    what = "; ".join(parts) if parts else figures(result.report.counts)
    err(f"Đã nhập {source} → {output}: {what}. Hãy đọc lại tệp và chạy `quyche check` để kiểm tra.")
    return int(ExitCode.OK)


def register(app: typer.Typer) -> None:
    """Add `import` to the application."""

    @app.command("import")
    def import_command(
        source: Annotated[Path, typer.Argument(metavar="TỆP", help="Tệp cần nhập: .docx, .txt hoặc .md.")],
        output: Annotated[Path, typer.Option("--output", "-o", help="Tệp Markdown sẽ ghi ra (.md).")],
        force: Annotated[bool, typer.Option("--force", help="Ghi đè nếu tệp đích đã có.")] = False,
        report: Annotated[Path | None, typer.Option("--report", help="Ghi báo cáo nhập (JSON) ra tệp này.")] = None,
    ) -> None:
        """Nhập quy chế từ tệp Word (.docx) hoặc văn bản (.txt, .md) thành tệp Markdown của quyche."""
        with handle_errors():
            code = run_import(source, output, force=force, report_path=report)
        raise typer.Exit(code)
