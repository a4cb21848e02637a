"""The round's comparison table is in the signed record, and `verify` insists it is the table
the text of each step gives (quyche.workflow.comparison)."""

from __future__ import annotations

import io
from pathlib import Path

from tests.workflow.roundkit import (
    REG,
    RoundRepo,
    edit,
    git,
    manual_step,
    ok,
    verify_json,
    violations,
)

TABLE = "vong/2026-01/bang-so-sanh.docx"
RECORD = "vong/2026-01/bang-so-sanh.yaml"


def _reset(repo: RoundRepo, step: str) -> None:
    git(repo.path, "reset", "-q", "--hard", repo.commits[step])


def _cells(path: Path) -> list[list[str]]:
    import docx

    doc = docx.Document(io.BytesIO(path.read_bytes()))
    return [[c.text for c in row.cells] for t in doc.tables[1:] for row in t.rows]


def test_the_record_names_the_texts_the_table_was_made_from(round_repo: RoundRepo) -> None:
    import yaml

    repo = round_repo.path
    record = yaml.safe_load(git(repo, "show", f"{round_repo.commits['tong-hop-tiep-thu']}:{RECORD}"))
    start = round_repo.commits["thanh-lap-to-cong-tac"]
    assert record["regulation"] == REG
    assert record["base"] == {"commit": start, "blob": git(repo, "rev-parse", f"{start}:{REG}").strip()}
    assert record["draft"]["blob"] == git(repo, "rev-parse", f"{round_repo.commits['tong-hop-tiep-thu']}:{REG}").strip()


def test_a_hand_edited_table_is_caught(tampered: RoundRepo) -> None:
    import docx

    _reset(tampered, "thuong-truc")
    table = tampered.path / TABLE
    doc = docx.Document(str(table))
    cell = doc.tables[1].rows[2].cells[2]
    cell.paragraphs[0].runs[0].text = "Nội dung khác hẳn dự thảo"
    doc.save(str(table))
    git(tampered.path, "add", TABLE)
    git(tampered.path, "commit", "-q", "-m", "Sửa tay bảng so sánh")
    sha = manual_step(tampered.path, "ban-thuong-vu", tampered.commits["thuong-truc"], "2026-03-25")
    code, data = verify_json(tampered.path)
    assert code == 1
    found = violations(data, "comparison-table")
    assert [(v["commit"], v["facts"]["problem"]) for v in found] == [(sha, "content")]


def test_a_text_step_without_a_fresh_table_is_caught(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    edit(tampered.path / REG, "Bảo đảm nguyên tắc tập trung dân chủ", "Bảo đảm chặt chẽ nguyên tắc tập trung dân chủ")
    for f in ("chi-bo-khu-pho-1.yaml", "ubkt.yaml"):
        git(tampered.path, "checkout", tampered.commits["tong-hop-tiep-thu"], "--", f"vong/2026-01/gop-y/{f}")
    sha = manual_step(tampered.path, "tong-hop-tiep-thu", tampered.commits["lay-y-kien"], "2026-03-15")
    code, data = verify_json(tampered.path)
    assert code == 1
    assert [(v["commit"], v["facts"]["problem"]) for v in violations(data, "comparison-table")] == [(sha, "record")]


def test_a_draft_step_without_the_table_is_caught(tampered: RoundRepo) -> None:
    _reset(tampered, "ra-soat-van-ban")
    edit(tampered.path / REG, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả, rõ thẩm quyền")
    sha = manual_step(tampered.path, "du-thao", tampered.commits["ra-soat-van-ban"], "2026-02-20")
    code, data = verify_json(tampered.path)
    assert code == 1
    assert [(v["commit"], v["facts"]["problem"]) for v in violations(data, "comparison-table")] == [(sha, "missing")]


def test_a_changed_reason_makes_the_next_text_step_carry_a_new_table(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    round_yaml = tampered.path / "vong" / "2026-01" / "round.yaml"
    round_yaml.write_text(round_yaml.read_text(encoding="utf-8").replace(
        "reasons: {}", "reasons:\n  Điều 2: Cụ thể hóa Quyết định 302-QĐ/TW."), encoding="utf-8")
    out = ok(tampered.path, "round", "step", "thuong-truc", "--date", "2026-03-20")
    assert TABLE in out
    rows = _cells(tampered.path / TABLE)
    assert any(r[3] == "Cụ thể hóa Quyết định 302-QĐ/TW." for r in rows)
    code, data = verify_json(tampered.path)
    assert code == 0, data


def test_a_hand_edited_table_with_its_hash_redone_is_caught(tampered: RoundRepo) -> None:
    import hashlib

    import docx
    import yaml

    _reset(tampered, "thuong-truc")
    table = tampered.path / TABLE
    doc = docx.Document(str(table))
    doc.tables[1].rows[2].cells[3].paragraphs[0].add_run("Lý do thêm tay.")
    doc.save(str(table))
    record_path = tampered.path / RECORD
    record = yaml.safe_load(record_path.read_text(encoding="utf-8"))
    record["table-sha256"] = hashlib.sha256(table.read_bytes()).hexdigest()
    record_path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    git(tampered.path, "add", TABLE, RECORD)
    git(tampered.path, "commit", "-q", "-m", "Sửa tay bảng so sánh và mã băm")
    sha = manual_step(tampered.path, "ban-thuong-vu", tampered.commits["thuong-truc"], "2026-03-25")
    code, data = verify_json(tampered.path)
    assert code == 1
    assert [(v["commit"], v["facts"]["problem"]) for v in violations(data, "comparison-table")] == [(sha, "content")]
