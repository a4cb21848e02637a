"""`quyche renumber [FILE]`: renumber units in document order and keep every reference true."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

import typer

from quyche.cli.errors import ExitCode, handle_errors

if TYPE_CHECKING:
    from quyche.edit.renumber import Renumbering
    from quyche.model.document import Regulation

MAP_FILE: Final = Path(".quyche") / "renumber.json"
"""Where the map old → new goes, relative to the repository root (docs/renumber.md)."""

_REASONS: Final = {
    "inserted": "thêm mới", "duplicate": "trùng số", "gap": "số bị nhảy", "moved": "chuyển chỗ",
    "shifted": "dịch số",
}  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add the `renumber` command."""

    @app.command("renumber")
    def renumber(
        path: Annotated[Path | None, typer.Argument(
            help="Tệp quy chế; mặc định: tệp quy chế duy nhất của kho.", show_default=False, metavar="TỆP")] = None,
        check: Annotated[bool, typer.Option(
            "--check", help="Không sửa tệp; thoát với mã 1 nếu cần đánh lại số.")] = False,
        diff: Annotated[bool, typer.Option("--diff", help="Không sửa tệp; in ra những thay đổi sẽ thực hiện.")] = False,
        since: Annotated[str, typer.Option(
            "--since", help="Phiên bản trước (thẻ, nhánh, mã commit): dẫn chiếu giữ nguyên từ phiên bản đó mà nay chỉ sai "
                            "được trỏ lại đúng đơn vị cũ; số Điều bị trùng được hiểu theo phiên bản đó.")] = "",
        map_out: Annotated[Path | None, typer.Option(
            "--map", help="Ghi bảng số cũ → số mới vào tệp này (mặc định .quyche/renumber.json của kho).")] = None,
    ) -> None:
        """Đánh lại số Phần, Chương, Mục, Điều, khoản, điểm theo thứ tự và sửa mọi dẫn chiếu theo."""
        with handle_errors():
            code = run_renumber(path, check=check, diff=diff, since=since, map_out=map_out)
        raise typer.Exit(int(code))


def run_renumber(path: Path | None, *, check: bool, diff: bool, since: str, map_out: Path | None) -> ExitCode:
    """Renumber one file (or only show what would change); the exit code."""
    from quyche.cli.console import err, out
    from quyche.cli.errors import fail
    from quyche.cli.fmt import unified_diff
    from quyche.config import load_config
    from quyche.discover import find_regulations
    from quyche.edit.renumber import renumber_bytes
    from quyche.edit.renumber_map import map_json, previous_files
    from quyche.errors import Unwritable
    from quyche.fsutil import atomic_write_bytes, atomic_write_text, read_bytes_guarded

    files = find_regulations([path] if path is not None else [], cwd=Path.cwd())
    if len(files) != 1:
        names = ", ".join(str(f) for f in files[:8]) or "không có tệp nào"
        raise fail(f"Hãy chỉ rõ một tệp quy chế cần đánh lại số (tìm thấy: {names}), ví dụ: "
                   "`quyche renumber quy-che-lam-viec.md`.")
    target = files[0]
    data = read_bytes_guarded(target)
    earlier = _earlier(target, since) if since else None
    result, new_data = renumber_bytes(data, target, earlier=earlier)
    for u in result.unresolved:
        what = "không rõ trỏ đến đâu" if u.ambiguous else "không trỏ đến đâu"
        err(f"{target}:{u.line}:{u.column}: dẫn chiếu \"{u.text}\" {what} ({u.problem}); giữ nguyên."
            + (" Hãy sửa số cho khác nhau, hoặc dùng --since để quyche biết số đó trước đây là Điều nào."
               if u.ambiguous else " Hãy sửa dẫn chiếu cho đúng."))
    if not result.changed:
        err(f"{target}: số đã đúng thứ tự, không có gì để đánh lại.")
        return ExitCode.OK
    writing = not (check or diff)
    if writing:  # a map file quyche cannot extend is refused before anything is printed or touched
        root = load_config(target).root
        where = map_out or (root / MAP_FILE)
        previous = previous_files(_read_if_any(where), where)
    text = _map_text(result)
    if diff:
        out(unified_diff(target, data.decode("utf-8-sig", errors="replace"), new_data.decode("utf-8-sig", errors="replace")).rstrip("\n"))
        err(text)
    else:
        out(text)
    if result.gaps:
        err(f"{target}: văn bản có {len(result.gaps)} chỗ số bị nhảy (thiếu số); đánh lại số sẽ lấp các chỗ đó.")
    if not writing:
        err(f"Cần đánh lại số: {target}. Chạy `quyche renumber {target}` để sửa.")
        return ExitCode.FINDINGS if check else ExitCode.OK
    try:
        atomic_write_bytes(target, new_data)
    except OSError as exc:
        raise Unwritable(target, problem=exc.strerror or type(exc).__name__) from None
    where.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(where, map_json(previous, _map_key(target, root), result, dt.datetime.now(dt.UTC)))
    err(f"Đã đánh lại số: {target} ({len(result.changes)} đơn vị, {sum(e.what == 'reference' for e in result.edits)} "
        f"số trong dẫn chiếu). Bảng số cũ → số mới: {where}")
    return ExitCode.OK


def _map_text(result: Renumbering) -> str:
    """"Điều 5a → Điều 6 (thêm mới)", one line a unit."""
    return "\n".join(f"{c.old_label} → {c.new_label} ({_REASONS.get(c.reason, c.reason)})" for c in result.changes)


def _earlier(target: Path, since: str) -> Regulation:
    """The file as it was at revision `since`."""
    from quyche.parse.document import parse_source
    from quyche.parse.source import decode_source
    from quyche.vcs import read_at_revision, repo_root

    repo = repo_root(target)
    relpath = target.resolve().relative_to(repo.resolve()).as_posix()
    return parse_source(decode_source(read_at_revision(repo, since, relpath), target))


def _map_key(target: Path, root: Path) -> str:
    """The file's path relative to the repository root, POSIX style (its key in the map)."""
    try:
        return target.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return target.name


def _read_if_any(where: Path) -> str | None:
    """The map file's text, or None when there is none or it cannot be read (it is then replaced)."""
    try:
        return where.read_text(encoding="utf-8") if where.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None
