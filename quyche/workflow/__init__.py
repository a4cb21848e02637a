"""Revision rounds (vòng sửa đổi, bổ sung) as signed git commits, and `verify` for CI.

procedure.py  the steps of a round and what each needs (quyche.yaml `procedure:`)
trailers.py   the `Quyche-*` commit trailers that carry a step's facts
history.py    one `git log` walk over the history into step records
round.py      `round start` / `round step`: check the requirements, commit signed, tag
comments.py   the comment files (góp ý) and their responses (tiếp thu, giải trình)
sshsig.py     in-process SSHSIG verification of commit signatures
verify.py     the rules `quyche verify` proves over the whole history
"""
