"""`quyche round …`: start a revision round, record its steps, see where it stands, make its documents."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from quyche.cli.errors import ExitCode, fail, handle_errors
from quyche.cli.localise import QuycheTyper

SIGNATURE_TEXT = {
    "G": "chữ ký hợp lệ",
    "U": "khóa ký không có trong danh sách được phép",
    "B": "chữ ký SAI (commit đã bị sửa)",
    "N": "không có chữ ký",
    "E": "không kiểm tra được chữ ký",
}

round_app = QuycheTyper(
    name="round",
    help="Vòng sửa đổi, bổ sung quy chế: mỗi bước là một commit có chữ ký số.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
report_app = QuycheTyper(name="report", help="Lập văn bản của vòng sửa đổi (DOCX).", no_args_is_help=True,
                         rich_markup_mode=None)
round_app.add_typer(report_app)


def register(app: typer.Typer) -> None:
    """Add `round` and its subcommands to the application."""
    app.add_typer(round_app)


def _parse_members(values: list[str]) -> list[Any]:
    from quyche.workflow.round import Member

    members = []
    for value in values:
        parts = [p.strip() for p in value.split("=")]
        if not parts[0]:
            raise fail(f"--member `{value}`: thiếu họ tên. Ghi theo dạng \"Họ tên=Nhiệm vụ=Đơn vị\".")
        members.append(Member(parts[0], parts[1] if len(parts) > 1 else "", parts[2] if len(parts) > 2 else ""))
    return members


def _parse_plans(values: list[str]) -> dict[str, str]:
    plans: dict[str, str] = {}
    for value in values:
        step, sep, day = value.partition("=")
        if not sep or not step.strip() or not day.strip():
            raise fail(f"--plan `{value}`: ghi theo dạng TÊN-BƯỚC=NĂM-THÁNG-NGÀY, ví dụ du-thao=2026-03-01.")
        plans[step.strip()] = day.strip()
    return plans


def _done_line(recorded: Any, ws: Any) -> str:
    from quyche.errors import NoRound
    from quyche.workflow.round import find_round, governed_states, in_force

    rec = recorded.record
    sig = "có chữ ký số" if recorded.signed else "KHÔNG có chữ ký số"
    lines = [f"Đã ghi bước `{rec.step}` ({recorded.step.title}) của vòng {rec.round_id}, ngày {rec.date}: "
             f"commit {rec.commit[:10]}, {sig}."]
    if recorded.tag:
        lines.append(f"Đã gắn thẻ phiên bản `{recorded.tag}` cho văn bản ban hành.")
    try:
        state = find_round(ws)
    except NoRound:  # the step just recorded finished the round
        lines.append("Vòng sửa đổi đã hoàn thành. Chạy `quyche verify` để kiểm tra toàn bộ quy trình.")
    else:
        nxt = state.next_step(in_force(ws, governed_states(ws, [state]).get(state.id)).procedure)
        if nxt is not None:
            lines.append(f"Bước tiếp theo: `{nxt.name}` ({nxt.title}): quyche round step {nxt.name}")
    return "\n".join(lines)


@round_app.command("start")
def start(
    title: str = typer.Argument(..., help="Tên vòng sửa đổi, ví dụ \"Sửa đổi, bổ sung Quy chế làm việc năm 2026\"."),
    round_id: str | None = typer.Option(None, "--id", help="Mã vòng (mặc định NĂM-STT, ví dụ 2026-01)."),
    date: str | None = typer.Option(None, "--date", help="Ngày quyết định thành lập tổ công tác (NĂM-THÁNG-NGÀY)."),
    member: list[str] = typer.Option([], "--member", help="Thành viên tổ công tác: \"Họ tên=Nhiệm vụ=Đơn vị\" (nhắc lại cho từng người)."),  # noqa: B008
    plan: list[str] = typer.Option([], "--plan", help="Ngày dự kiến của một bước: TÊN-BƯỚC=NĂM-THÁNG-NGÀY."),  # noqa: B008
    message: str | None = typer.Option(None, "-m", "--message", help="Ghi chú thêm vào commit."),
    no_sign: bool = typer.Option(False, "--no-sign", help="Không ký số (chỉ khi quy trình cho phép)."),
) -> None:
    """Mở vòng sửa đổi: tạo thư mục vong/<mã>/round.yaml và ghi bước đầu tiên."""
    from quyche.cli.console import out

    with handle_errors():
        from quyche.workflow.round import open_workspace, start_round

        ws = open_workspace(Path.cwd())
        recorded = start_round(ws, title, round_id=round_id, date=date, members=_parse_members(member),
                               planned=_parse_plans(plan), message=message, sign=not no_sign)
        out(f"Đã mở vòng sửa đổi {recorded.record.round_id}: {title}")
        out(_done_line(recorded, ws))


@round_app.command("step")
def step(
    name: str = typer.Argument(..., help="Tên bước (xem `quyche round status`)."),
    date: str | None = typer.Option(None, "--date", help="Ngày họp / ngày thực hiện bước (NĂM-THÁNG-NGÀY); mặc định hôm nay."),
    message: str | None = typer.Option(None, "-m", "--message", help="Ghi chú thêm vào commit."),
    no_sign: bool = typer.Option(False, "--no-sign", help="Không ký số (chỉ khi quy trình cho phép)."),
) -> None:
    """Ghi bước tiếp theo của vòng sửa đổi thành một commit có chữ ký số."""
    from quyche.cli.console import out

    with handle_errors():
        from quyche.workflow.round import open_workspace, record_step

        ws = open_workspace(Path.cwd())
        recorded = record_step(ws, name, date=date, message=message, sign=not no_sign)
        out(_done_line(recorded, ws))


def _status_data(round_id: str | None) -> dict[str, Any]:
    from quyche.workflow.round import (
        ROUND_FILE,
        governed_states,
        in_force,
        latest_round,
        load_round_info,
        open_workspace,
    )
    from quyche.workflow.signatures import SignatureChecker

    ws = open_workspace(Path.cwd())
    state = latest_round(ws) if round_id is None else _named(ws, round_id)
    ws = in_force(ws, governed_states(ws, [state]).get(state.id))  # the round's own procedure and signers
    info = load_round_info(ws.round_dir(state.id) / ROUND_FILE, state.id)
    verdicts = SignatureChecker(ws.root, signers_bytes=ws.allowed_signers).verdicts([r.commit for r in state.records])
    nxt = state.next_step(ws.procedure)
    steps = []
    for st in ws.procedure.steps:
        rec = state.record(st.name)
        verdict = verdicts.get(rec.commit) if rec else None
        steps.append({
            "name": st.name,
            "title": st.title,
            "mandatory": st.mandatory,
            "done": rec is not None,
            "current": nxt is not None and nxt.name == st.name,
            "commit": rec.commit if rec else None,
            "date": rec.date if rec else None,
            "planned": info.planned.get(st.name),
            "signer": (verdict.principal or None) if verdict else None,
            "signature": verdict.status if verdict else None,
        })
    return {
        "round": state.id,
        "title": info.title,
        "finished": state.finished(ws.procedure),
        "next": nxt.name if nxt else None,
        "working_group": [{"name": m.name, "role": m.role, "unit": m.unit} for m in info.working_group],
        "steps": steps,
    }


def _named(ws: Any, round_id: str) -> Any:
    from quyche.workflow.round import find_round

    return find_round(ws, round_id)


@round_app.command("status")
def status(
    round_id: str | None = typer.Option(None, "--round", help="Mã vòng (mặc định vòng đang mở hoặc vòng gần nhất)."),
    fmt: str = typer.Option("text", "--format", help="text hoặc json."),
) -> None:
    """Tiến độ của vòng sửa đổi: các bước đã làm, bước tiếp theo, ngày và người ký."""
    from quyche.cli.console import out

    if fmt not in ("text", "json"):
        raise fail(f"--format `{fmt}` không hợp lệ; chỉ nhận text hoặc json.")
    with handle_errors():
        data = _status_data(round_id)
    if fmt == "json":
        out(json.dumps(data, ensure_ascii=False, indent=2))
        return
    out(f"Vòng sửa đổi {data['round']}: {data['title']}" + (" (đã hoàn thành)" if data["finished"] else ""))
    for i, st in enumerate(data["steps"], start=1):
        mark = "[x]" if st["done"] else ("[>]" if st["current"] else "[ ]")
        opt = "" if st["mandatory"] else " (không bắt buộc)"
        line = f"{mark} {i:2}. {st['title']}{opt} — {st['name']}"
        if st["done"]:
            sig = SIGNATURE_TEXT.get(st["signature"] or "E", "")
            who = f", ký bởi {st['signer']}" if st["signer"] else ""
            line += f"\n        ngày {st['date'] or '(không ghi ngày)'}, commit {st['commit'][:10]}, {sig}{who}"
        elif st["planned"]:
            line += f"\n        dự kiến {st['planned']}"
        out(line)
    if data["next"]:
        out(f"Bước tiếp theo: quyche round step {data['next']} --date NĂM-THÁNG-NGÀY")


@round_app.command("log")
def log(
    round_id: str | None = typer.Option(None, "--round", help="Chỉ vòng này (mặc định mọi vòng)."),
    fmt: str = typer.Option("text", "--format", help="text hoặc json."),
) -> None:
    """Các commit ghi bước của vòng sửa đổi, kèm tình trạng chữ ký số."""
    from quyche.cli.console import out

    if fmt not in ("text", "json"):
        raise fail(f"--format `{fmt}` không hợp lệ; chỉ nhận text hoặc json.")
    with handle_errors():
        from quyche.workflow.history import walk_history
        from quyche.workflow.round import open_workspace
        from quyche.workflow.signatures import SignatureChecker

        ws = open_workspace(Path.cwd())
        commits = [c for c in walk_history(ws.root) if c.is_step and (round_id is None or c.round_id == round_id)]
        verdicts = SignatureChecker(ws.root).verdicts([c.sha for c in commits])
    rows: list[dict[str, str]] = [{
        "commit": c.sha, "round": c.round_id, "step": c.step, "date": c.date,
        "signature": verdicts[c.sha].status, "signer": verdicts[c.sha].principal,
        "key": verdicts[c.sha].fingerprint} for c in commits]
    if fmt == "json":
        out(json.dumps([{k: (v or None) for k, v in r.items()} for r in rows], ensure_ascii=False, indent=2))
        return
    if not rows:
        out("Chưa có bước nào được ghi.")
        return
    for r in rows:
        who = f" ({r['signer']})" if r["signer"] else ""
        out(f"{r['commit'][:10]}  {r['date'] or '?':10}  vòng {r['round']}  {r['step']:<24} "
            f"{r['signature']} {SIGNATURE_TEXT.get(r['signature'], '')}{who}")


@round_app.command("comments")
def comments(
    round_id: str | None = typer.Option(None, "--round", help="Mã vòng (mặc định vòng đang mở hoặc gần nhất)."),
) -> None:
    """Liệt kê các ý kiến góp ý chưa có nội dung tiếp thu, giải trình và các ý kiến ghi điều không có trong dự thảo.

    Mã thoát 0 khi mọi ý kiến đã được tiếp thu, giải trình và đều chỉ đúng điều có trong dự thảo;
    1 khi còn ý kiến chưa trả lời hoặc ghi điều không có (để CI dừng lại).
    """
    from quyche.cli.console import out

    with handle_errors():
        from quyche.workflow.comments import (
            article_numbers,
            load_comments,
            totals,
            unanswered,
            unknown_articles,
        )
        from quyche.workflow.round import latest_round, open_workspace

        ws = open_workspace(Path.cwd())
        state = latest_round(ws) if round_id is None else _named(ws, round_id)
        files = load_comments(ws.round_dir(state.id))
        missing = unanswered(files)
        counts = totals(files)
        strays = unknown_articles(files, article_numbers([ws.root / r for r in ws.regulations])) if files else []
    if not files:
        out(f"Vòng {state.id} chưa có tệp góp ý nào (thư mục vong/{state.id}/gop-y/).")
        return
    for f, c in missing:
        rel = f.path.relative_to(ws.root).as_posix()
        where = c.reference or "góp ý chung"
        need = "chưa có ý kiến tiếp thu, giải trình" if c.response is None else "thiếu giải trình (explanation)"
        snippet = c.text if len(c.text) <= 80 else c.text[:77] + "…"
        out(f"{rel}:{c.line}: {f.source} — {where}: \"{snippet}\" — {need}")
    drafts = ", ".join(ws.regulations)
    for f, c in strays:
        rel = f.path.relative_to(ws.root).as_posix()
        out(f"{rel}:{c.line}: {f.source} — `article: {c.reference}`: dự thảo hiện tại ({drafts}) không có "
            f"Điều {c.article_number}. Hãy sửa `article:` thành điều được góp ý (số điều theo dự thảo).")
    summary = (f"{counts['comments']} ý kiến của {counts['commenters']} cơ quan, đơn vị, cá nhân; "
               f"{len(missing)} ý kiến chưa được tiếp thu, giải trình")
    if strays:
        summary += f"; {len(strays)} ý kiến ghi điều không có trong dự thảo"
    out(summary + ".")
    if missing or strays:
        raise typer.Exit(int(ExitCode.FINDINGS))


def _report(kind: str, round_id: str | None, output: Path | None, force: bool) -> None:
    from quyche.cli.console import out

    with handle_errors():
        from quyche.workflow.documents import write_report
        from quyche.workflow.round import latest_round, open_workspace

        ws = open_workspace(Path.cwd())
        state = latest_round(ws) if round_id is None else _named(ws, round_id)
        path = write_report(ws, state, kind, output, overwrite=force)
    out(f"Đã lập {path}")


@report_app.command("comments")
def report_comments(
    round_id: str | None = typer.Option(None, "--round", help="Mã vòng."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Tệp DOCX (mặc định trong thư mục vòng)."),  # noqa: B008
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp đã có."),
) -> None:
    """Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý (DOCX)."""
    _report("comments", round_id, output, force)


@report_app.command("submission")
def report_submission(
    round_id: str | None = typer.Option(None, "--round", help="Mã vòng."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Tệp DOCX (mặc định trong thư mục vòng)."),  # noqa: B008
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp đã có."),
) -> None:
    """Tờ trình đề nghị sửa đổi, bổ sung quy chế (DOCX)."""
    _report("submission", round_id, output, force)


@report_app.command("proposals")
def report_proposals(
    round_id: str | None = typer.Option(None, "--round", help="Mã vòng."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Tệp DOCX (mặc định trong thư mục vòng)."),  # noqa: B008
    force: bool = typer.Option(False, "--force", help="Ghi đè tệp đã có."),
) -> None:
    """Biểu tổng hợp nội dung đề nghị sửa đổi, bổ sung (DOCX)."""
    _report("proposals", round_id, output, force)

