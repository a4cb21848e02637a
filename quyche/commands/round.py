"""`quyche round …`: each subcommand as one function returning what to print.

start/step record a step (quyche.workflow.round), status/log read the history, comments checks
the comment files, report writes a round document (quyche.workflow.documents).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from quyche.commands import Outcome
from quyche.schema import versioned

SIGNATURE_TEXT: Final = {
    "G": "chữ ký hợp lệ",
    "U": "khóa ký không có trong danh sách được phép",
    "B": "chữ ký SAI (commit đã bị sửa)",
    "N": "không có chữ ký",
    "E": "không kiểm tra được chữ ký",
}


def _done_lines(recorded: Any, ws: Any) -> list[str]:
    from quyche.errors import NoRound
    from quyche.workflow.round import find_round, governed_states, in_force

    rec = recorded.record
    sig = "có chữ ký số" if recorded.signed else "KHÔNG có chữ ký số"
    lines = [f"Đã ghi bước `{rec.step}` ({recorded.step.title}) của vòng {rec.round_id}, ngày {rec.date}: "
             f"commit {rec.commit[:10]}, {sig}."]
    for made in recorded.made:
        lines.append(f"Đã lập và ghi vào bước: {made}")
    if recorded.unexplained:
        from quyche.workflow.comparison import missing_reasons_line

        lines.append(missing_reasons_line(list(recorded.unexplained),
                                          f"mục `reasons:` (điều bãi bỏ: `bai-bo:`) của vong/{rec.round_id}/"
                                          "round.yaml; bước sau có sửa quy chế sẽ lập lại bảng"))
    if recorded.tag:
        lines.append(f"Đã gắn thẻ phiên bản `{recorded.tag}` cho văn bản ban hành.")
    try:
        state = find_round(ws)
    except NoRound:  # the step just recorded finished the round
        lines.append("Vòng sửa đổi đã hoàn thành. Chạy `quyche verify` để kiểm tra toàn bộ quy trình.")
    else:
        nxt = state.next_step(in_force(ws, governed_states(ws, [state]).get(state.id)).procedure)
        if nxt is not None:
            date = " --date NĂM-THÁNG-NGÀY" if "meeting-date" in nxt.requires else ""
            lines.append(f"Bước tiếp theo: `{nxt.name}` ({nxt.title}): quyche round step {nxt.name}{date}")
    return lines


def start(cwd: Path, title: str, *, round_id: str | None, date: str | None, members: list[Any],
          planned: dict[str, str], message: str | None, sign: bool) -> Outcome:
    """Open a round and record its first step."""
    from quyche.workflow.round import open_workspace, start_round

    ws = open_workspace(cwd)
    recorded = start_round(ws, title, round_id=round_id, date=date, members=members,
                           planned=planned, message=message, sign=sign)
    return Outcome([f"Đã mở vòng sửa đổi {recorded.record.round_id}: {title}", *_done_lines(recorded, ws)])


def step(cwd: Path, name: str, *, date: str | None, message: str | None, sign: bool) -> Outcome:
    """Record the next step of the open round."""
    from quyche.workflow.round import open_workspace, record_step

    ws = open_workspace(cwd)
    recorded = record_step(ws, name, date=date, message=message, sign=sign)
    return Outcome(_done_lines(recorded, ws))


def _chosen(ws: Any, round_id: str | None) -> Any:
    from quyche.workflow.round import find_round, latest_round

    return latest_round(ws) if round_id is None else find_round(ws, round_id)


def status_data(cwd: Path, round_id: str | None) -> dict[str, Any]:
    """Where a round stands, as plain data (the JSON form of `round status`)."""
    from quyche.workflow.round import (
        ROUND_FILE,
        governed_states,
        in_force,
        load_round_info,
        open_workspace,
    )
    from quyche.workflow.signatures import SignatureChecker

    ws = open_workspace(cwd)
    state = _chosen(ws, round_id)
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


def status(cwd: Path, round_id: str | None, fmt: str) -> Outcome:
    """`round status` as text or JSON."""
    data = status_data(cwd, round_id)
    if fmt == "json":
        return Outcome([json.dumps(versioned(data), ensure_ascii=False, indent=2)])
    done = Outcome()
    done.say(f"Vòng sửa đổi {data['round']}: {data['title']}" + (" (đã hoàn thành)" if data["finished"] else ""))
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
        done.say(line)
    if data["next"]:
        done.say(f"Bước tiếp theo: quyche round step {data['next']} --date NĂM-THÁNG-NGÀY")
    return done


def log(cwd: Path, round_id: str | None, fmt: str) -> Outcome:
    """`round log`: the step commits and their signatures."""
    from quyche.workflow.history import walk_history
    from quyche.workflow.round import open_workspace
    from quyche.workflow.signatures import SignatureChecker

    ws = open_workspace(cwd)
    commits = [c for c in walk_history(ws.root) if c.is_step and (round_id is None or c.round_id == round_id)]
    verdicts = SignatureChecker(ws.root).verdicts([c.sha for c in commits])
    rows: list[dict[str, str]] = [{
        "commit": c.sha, "round": c.round_id, "step": c.step, "date": c.date,
        "signature": verdicts[c.sha].status, "signer": verdicts[c.sha].principal,
        "key": verdicts[c.sha].fingerprint} for c in commits]
    if fmt == "json":
        listed = [{k: (v or None) for k, v in r.items()} for r in rows]
        return Outcome([json.dumps(versioned({"commits": listed}), ensure_ascii=False, indent=2)])
    if not rows:
        return Outcome(["Chưa có bước nào được ghi."])
    done = Outcome()
    for r in rows:
        who = f" ({r['signer']})" if r["signer"] else ""
        done.say(f"{r['commit'][:10]}  {r['date'] or '?':10}  vòng {r['round']}  {r['step']:<24} "
                 f"{r['signature']} {SIGNATURE_TEXT.get(r['signature'], '')}{who}")
    return done


def comments(cwd: Path, round_id: str | None) -> Outcome:
    """`round comments`: unanswered comments and comments naming no article of the draft (exit 1)."""
    from quyche.workflow.comments import (
        article_numbers,
        load_comments,
        totals,
        unanswered,
        unknown_articles,
    )
    from quyche.workflow.round import open_workspace

    ws = open_workspace(cwd)
    state = _chosen(ws, round_id)
    files = load_comments(ws.round_dir(state.id))
    if not files:
        return Outcome([f"Vòng {state.id} chưa có tệp góp ý nào (thư mục vong/{state.id}/gop-y/)."])
    missing = unanswered(files)
    counts = totals(files)
    strays = unknown_articles(files, article_numbers([ws.root / r for r in ws.regulations]))
    done = Outcome()
    for f, c in missing:
        rel = f.path.relative_to(ws.root).as_posix()
        where = c.reference or "góp ý chung"
        need = "chưa có ý kiến tiếp thu, giải trình" if c.response is None else "thiếu giải trình (explanation)"
        snippet = c.text if len(c.text) <= 80 else c.text[:77] + "…"
        done.say(f"{rel}:{c.line}: {f.source} — {where}: \"{snippet}\" — {need}")
    drafts = ", ".join(ws.regulations)
    for f, c in strays:
        rel = f.path.relative_to(ws.root).as_posix()
        done.say(f"{rel}:{c.line}: {f.source} — `article: {c.reference}`: dự thảo hiện tại ({drafts}) không có "
                 f"Điều {c.article_number}. Hãy sửa `article:` thành điều được góp ý (số điều theo dự thảo), "
                 "hoặc ghi `article: mới` nếu ý kiến đề nghị bổ sung điều mới.")
    summary = (f"{counts['comments']} ý kiến của {counts['commenters']} cơ quan, đơn vị, cá nhân; "
               f"{len(missing)} ý kiến chưa được tiếp thu, giải trình")
    if strays:
        summary += f"; {len(strays)} ý kiến ghi điều không có trong dự thảo"
    done.say(summary + ".")
    if missing or strays:
        done.code = 1
    return done


def report(cwd: Path, kind: str, round_id: str | None, output: Path | None, force: bool) -> Outcome:
    """Write one of the round's documents (comments, submission or proposals)."""
    from quyche.workflow.documents import write_report
    from quyche.workflow.round import open_workspace

    ws = open_workspace(cwd)
    state = _chosen(ws, round_id)
    written = write_report(ws, state, kind, output, overwrite=force)
    return Outcome([f"Đã lập {written.path}", *written.notes])


def draft(cwd: Path, round_id: str | None, *, form: bool, output: Path | None, force: bool) -> Outcome:
    """`round draft [--form]`: the draft for comments, or the phiếu góp ý."""
    from quyche.workflow.consultation import write_draft
    from quyche.workflow.round import open_workspace

    ws = open_workspace(cwd)
    state = _chosen(ws, round_id)
    written = write_draft(ws, state, form=form, output=output, overwrite=force)
    what = "phiếu góp ý" if form else "dự thảo lấy ý kiến (mỗi điều, khoản, điểm có dấu trang)"
    return Outcome([f"Đã lập {what}: {written}",
                    "Gửi tệp này đi lấy ý kiến; nhận lại thì chạy `quyche round comments import TỆP.docx "
                    "--from \"Tên cơ quan, đơn vị\"`."])


def import_comments(cwd: Path, files: list[Path], *, round_id: str | None, from_: str | None,
                    date: str | None, force: bool) -> Outcome:
    """`round comments import`: Word comments, tracked changes and filled forms → gop-y YAML."""
    from quyche.workflow.consultation import import_opinions
    from quyche.workflow.round import open_workspace

    ws = open_workspace(cwd)
    state = _chosen(ws, round_id)
    results = import_opinions(ws, state, files, from_=from_, date=date, force=force)
    done = Outcome()
    for r in results:
        rel = r.path.relative_to(ws.root).as_posix()
        if r.added:
            verb = "đã tạo" if r.created else "đã thêm vào"
            done.say(f"{rel}: {verb} {r.added} ý kiến của {r.unit}"
                     + (f" ({r.present} ý kiến đã có từ trước)" if r.present else "") + ".")
        else:
            done.say(f"{rel}: không có ý kiến mới ({r.present} ý kiến đã có).")
        for opinion in r.general:
            done.say(f"  không xác định được điều, khoản; ghi là góp ý chung: {opinion.where} — \"{opinion.text[:80]}\"")
    if not results:
        done.say("Không tìm thấy ý kiến nào (bình luận, sửa đổi có theo dõi hay ô phiếu góp ý đã ghi) trong tệp.")
    else:
        done.say("Tiếp theo: ghi `response:` và `explanation:` cho từng ý kiến; xem `quyche round comments`.")
    return done
