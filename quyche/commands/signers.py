"""`quyche signers …`: each subcommand as one function returning what to print.

The list and the step permissions are governed files (quyche.workflow.governance): every change
ends with the signed commit the user must make for it to count.
"""

from __future__ import annotations

import json
from pathlib import Path

from quyche.commands import Outcome


def _commit_hint(paths: list[str], message: str) -> list[str]:
    return ["Các tệp này thuộc quy trình: thay đổi chỉ có hiệu lực khi được commit có chữ ký của một khóa "
            "đã có trong danh sách, và áp dụng từ vòng sửa đổi sau. Hãy chạy:",
            f"    git add {' '.join(paths)}", f"    git commit -S -m \"{message}\""]


def add(cwd: Path, email: str, key: Path, steps: list[str]) -> Outcome:
    """Add a signer's public key (and, with steps, limit those steps to the signers named)."""
    from quyche.workflow.round import open_workspace
    from quyche.workflow.signers import add_signer

    names = [s.strip() for value in steps for s in value.split(",") if s.strip()]
    change = add_signer(open_workspace(cwd), email, key, names)
    allowed = f" (được ký các bước: {', '.join(names)})" if names else ""
    return Outcome([f"Đã thêm khóa của {change.principal}{allowed}.",
                    *_commit_hint(change.paths, f"Thêm khóa ký của {change.principal}")])


def retire(cwd: Path, email: str, date: str) -> Outcome:
    """Keep a signer's keys only for signatures made before `date`."""
    from quyche.workflow.round import open_workspace
    from quyche.workflow.signers import retire_signer

    change = retire_signer(open_workspace(cwd), email, date)
    return Outcome([f"Khóa của {change.principal} chỉ còn giá trị với chữ ký trước ngày {change.detail}; "
                    "các bước đã ký trước đó vẫn được kiểm tra.",
                    *_commit_hint(change.paths, f"Thôi cho {change.principal} ký từ {change.detail}")])


def list_(cwd: Path, fmt: str) -> Outcome:
    """Every signer, key, end of validity and the steps each may sign."""
    from quyche.workflow.round import open_workspace
    from quyche.workflow.signers import list_signers

    ws = open_workspace(cwd)
    rows = list_signers(ws)
    if fmt == "json":
        return Outcome([json.dumps([{"principals": list(r.principals), "key_type": r.key_type,
                                     "fingerprint": r.fingerprint, "valid_before": r.valid_before or None,
                                     "steps": list(r.steps), "line": r.line} for r in rows],
                                   ensure_ascii=False, indent=2)])
    if not rows:
        return Outcome(["Chưa có khóa nào được phép ký. Thêm bằng: quyche signers add EMAIL ~/.ssh/quyche.pub"])
    every = len(ws.procedure.steps)
    done = Outcome()
    for r in rows:
        until = f", hết hiệu lực từ {r.valid_before}" if r.valid_before else ""
        steps = "mọi bước" if len(r.steps) == every else (", ".join(r.steps) or "không bước nào")
        done.say(f"{', '.join(r.principals)}  {r.key_type} {r.fingerprint}{until}\n    được ký: {steps}")
    return done
