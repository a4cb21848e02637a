"""Unit repositories in every state the overview must tell apart, built with the real CLI,
real git and real SSH signing keys (tests/workflow/roundkit.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.workflow.roundkit import (
    QUYCHE_YAML,
    REG,
    edit,
    git,
    init_repo,
    make_key,
    ok,
    plain_repo,
    use_key,
    walk_round,
)

OLD_TEMPLATE = "template:\n  name: phuong\n  version: 0.9.0\n"
TODAY = "2026-06-01"
"""The report date the tests use: the stalled round's last step (2026-03-01) is 92 days old."""


def stalled_round(repo: Path, keys: dict[str, Path]) -> None:
    """A round that stopped at lay-y-kien (collecting comments) on 2026-03-01."""
    init_repo(repo, keys)
    ok(repo, "round", "start", "Sửa đổi Quy chế làm việc năm 2026", "--id", "2026-01", "--date", "2026-02-02",
       "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng Đảng ủy")
    for step, day in (("bao-cao-thuc-hien", "2026-02-10"), ("ra-soat-van-ban", "2026-02-12")):
        ok(repo, "round", "step", step, "--date", day)
    edit(repo / REG, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả, rõ thẩm quyền")
    for step, day in (("du-thao", "2026-02-20"), ("thuong-truc-cho-y-kien", "2026-02-25"), ("lay-y-kien", "2026-03-01")):
        ok(repo, "round", "step", step, "--date", day)


def build_units(base: Path) -> dict[str, Path]:
    """name → repository of: never revised, stalled at lay-y-kien, issued and verified,
    tampered after issue, failing check, old template version."""
    keys = {n: make_key(base, n) for n in ("vanphong", "bithu")}
    out: dict[str, Path] = {}
    out["never"] = plain_repo(base / "never", QUYCHE_YAML)
    stalled = base / "stalled"
    stalled_round(stalled, keys)
    out["stalled"] = stalled
    issued = base / "issued"
    init_repo(issued, keys)
    walk_round(issued, keys)
    out["issued"] = issued
    tampered = base / "tampered"
    shutil.copytree(issued, tampered, symlinks=True)
    git(tampered, "config", "gpg.ssh.allowedSignersFile", str(tampered / ".quyche" / "allowed_signers"))
    use_key(tampered, keys["vanphong"])
    edit(tampered / REG, "Bảo đảm và thực hiện nghiêm", "Bảo đảm")
    git(tampered, "commit", "-q", "--no-gpg-sign", "-am", "sửa thẳng, không qua vòng sửa đổi")
    out["tampered"] = tampered
    failing = plain_repo(base / "failing", QUYCHE_YAML)
    edit(failing / REG, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả theo Điều 99 Quy chế này")
    git(failing, "commit", "-qam", "dẫn chiếu sai")
    out["failing"] = failing
    out["old-template"] = plain_repo(base / "old-template", QUYCHE_YAML + OLD_TEMPLATE)
    return out


def units_yaml(repos: dict[str, Path], extra: str = "") -> str:
    """UNITS.yaml listing the repositories (levels alternate so the filter has work)."""
    lines = ["units:"]
    for i, (name, path) in enumerate(repos.items()):
        level = "chi-bo" if i % 2 else "dang-uy-co-so"
        lines += [f"  - name: {name}", f"    level: {level}", f"    repo: {path}"]
    return "\n".join(lines) + "\n" + extra
