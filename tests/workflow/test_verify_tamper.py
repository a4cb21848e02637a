"""`quyche verify` catches each way of cheating the procedure, naming the rule and the commit."""

from __future__ import annotations

from tests.workflow.roundkit import (
    REG,
    RoundRepo,
    edit,
    git,
    manual_step,
    run_cli,
    use_key,
    verify_json,
    violations,
)


def _reset(repo: RoundRepo, step: str) -> None:
    git(repo.path, "reset", "-q", "--hard", repo.commits[step])


def test_clean_round_is_verified(round_repo: RoundRepo) -> None:
    code, data = verify_json(round_repo.path)
    assert code == 0, data
    assert data["ok"] is True
    assert data["steps"] == 12 and data["rounds"] == 1
    assert data["tags"] == {round_repo.tag: round_repo.commits["ban-hanh"]}
    assert data["violations"] == []


def test_unsigned_step(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    sha = manual_step(tampered.path, "thuong-truc", tampered.commits["tong-hop-tiep-thu"], "2026-03-20", sign=False)
    code, data = verify_json(tampered.path)
    assert code == 1
    found = violations(data, "unsigned-step")
    assert [v["commit"] for v in found] == [sha]
    assert found[0]["step"] == "thuong-truc"
    code, out = run_cli(tampered.path, "verify")
    assert code == 1
    assert f"{sha[:10]}: [unsigned-step]" in out and "không có chữ ký số" in out


def test_key_not_in_allowed_signers(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    sha = manual_step(tampered.path, "thuong-truc", tampered.commits["tong-hop-tiep-thu"], "2026-03-20",
                      key=tampered.keys["outsider"])
    code, data = verify_json(tampered.path)
    assert code == 1
    assert [v["commit"] for v in violations(data, "unknown-signer")] == [sha]
    # git agrees: a good signature from a key nobody allowed
    assert git(tampered.path, "log", "-1", "--format=%G?", sha).strip() == "U"


def test_signer_not_allowed_for_the_step(tampered: RoundRepo) -> None:
    _reset(tampered, "ban-thuong-vu")
    sha = manual_step(tampered.path, "ban-chap-hanh-thong-qua", tampered.commits["ban-thuong-vu"], "2026-04-01",
                      key=tampered.keys["vanphong"])
    code, data = verify_json(tampered.path)
    assert code == 1
    found = violations(data, "signer-not-allowed")
    assert [v["commit"] for v in found] == [sha]
    assert found[0]["facts"]["principal"] == "vanphong@example.vn"
    assert found[0]["facts"]["allowed"] == ["bithu@example.vn"]


def test_step_skipped(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    sha = manual_step(tampered.path, "thuong-truc", tampered.commits["lay-y-kien"], "2026-03-20")
    code, data = verify_json(tampered.path)
    assert code == 1
    found = violations(data, "step-skipped")
    assert [v["commit"] for v in found] == [sha]
    assert found[0]["facts"]["missing"] == ["tong-hop-tiep-thu"]


def test_step_repeated(tampered: RoundRepo) -> None:
    head = tampered.commits["giai-the-to-cong-tac"]
    sha = manual_step(tampered.path, "lay-y-kien", head, "2026-04-11")
    code, data = verify_json(tampered.path)
    assert code == 1
    found = violations(data, "step-order")
    assert [v["commit"] for v in found] == [sha]
    assert found[0]["facts"]["last"] == "giai-the-to-cong-tac"


def test_forged_trailer_breaks_the_signature(tampered: RoundRepo) -> None:
    raw = git(tampered.path, "cat-file", "commit", "HEAD")
    assert "Quyche-Date: 2026-04-10" in raw
    forged = raw.replace("Quyche-Date: 2026-04-10", "Quyche-Date: 2026-04-30")
    import subprocess

    sha = subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=tampered.path,
                         input=forged, text=True, capture_output=True, check=True).stdout.strip()
    git(tampered.path, "update-ref", "refs/heads/main", sha)
    code, data = verify_json(tampered.path)
    assert code == 1
    assert [v["commit"] for v in violations(data, "bad-signature")] == [sha]
    assert git(tampered.path, "log", "-1", "--format=%G?", sha).strip() == "B"


def test_unsigned_commit_claiming_a_step(tampered: RoundRepo) -> None:
    _reset(tampered, "ban-chap-hanh-thong-qua")
    sha = manual_step(tampered.path, "ban-hanh", "none", "2026-04-05", sign=False)
    code, data = verify_json(tampered.path)
    assert code == 1
    assert [v["commit"] for v in violations(data, "unsigned-step")] == [sha]
    assert [v["commit"] for v in violations(data, "chain-broken")] == [sha]


def test_regulation_edit_slipped_into_consultation(tampered: RoundRepo) -> None:
    _reset(tampered, "thuong-truc-cho-y-kien")
    edit(tampered.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    sha = manual_step(tampered.path, "lay-y-kien", tampered.commits["thuong-truc-cho-y-kien"], "2026-03-01")
    code, data = verify_json(tampered.path)
    assert code == 1
    found = violations(data, "regulation-changed")
    assert [v["commit"] for v in found] == [sha]
    assert found[0]["step"] == "lay-y-kien" and found[0]["facts"]["paths"] == [REG]


def test_regulation_edit_in_a_commit_between_steps(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    edit(tampered.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    git(tampered.path, "commit", "-qam", "sửa lỗi chính tả")
    sha = git(tampered.path, "rev-parse", "HEAD").strip()
    code, data = verify_json(tampered.path)
    assert code == 1
    found = violations(data, "regulation-changed")
    assert [v["commit"] for v in found] == [sha]
    assert found[0]["facts"]["reason"] == "not-a-step"


def test_amended_and_resigned_old_step(tampered: RoundRepo) -> None:
    repo = tampered.path
    old = tampered.commits["lay-y-kien"]
    git(repo, "checkout", "-q", "-b", "rewrite", old)
    git(repo, "commit", "-q", "--amend", "-S", "-m", git(repo, "log", "-1", "--format=%B").replace(
        "Vòng 2026-01:", "Vòng 2026-01 (sửa lại):"))
    use_key(repo, tampered.keys["vanphong"])
    git(repo, "cherry-pick", "-S", "--allow-empty", "--keep-redundant-commits", f"{old}..main")
    git(repo, "checkout", "-q", "-B", "main", "rewrite")
    new_synthesis = git(repo, "log", "--format=%H", "--grep=^Quyche-Step: tong-hop-tiep-thu$").strip()
    assert new_synthesis and new_synthesis != tampered.commits["tong-hop-tiep-thu"]
    code, data = verify_json(repo)
    assert code == 1
    found = violations(data, "chain-broken")
    # the first step after the amended one names the old commit; every later rewritten step too
    assert found[0]["commit"] == new_synthesis
    assert found[0]["facts"]["found"] == old
    assert [v["step"] for v in found] == ["tong-hop-tiep-thu", "thuong-truc", "ban-thuong-vu",
                                          "ban-chap-hanh-thong-qua", "ban-hanh", "giai-the-to-cong-tac"]
    # the issue tag still names the text that was really approved, now outside the history
    moved = violations(data, "tag-moved")
    assert moved and moved[0]["facts"]["in_history"] is False


def test_tag_moved_to_another_commit(tampered: RoundRepo) -> None:
    repo = tampered.path
    use_key(repo, tampered.keys["bithu"])
    git(repo, "tag", "-f", "-s", "-m", "Ban hành", tampered.tag, "HEAD")
    code, data = verify_json(repo)
    assert code == 1
    found = violations(data, "tag-moved")
    assert len(found) == 1
    assert found[0]["commit"] == tampered.commits["giai-the-to-cong-tac"]
    assert found[0]["facts"]["expected"] == tampered.commits["ban-hanh"]


def test_lightweight_tag_is_not_accepted(tampered: RoundRepo) -> None:
    repo = tampered.path
    git(repo, "tag", "-d", tampered.tag)
    git(repo, "tag", tampered.tag, tampered.commits["ban-hanh"])
    code, data = verify_json(repo)
    assert code == 1
    assert violations(data, "tag-moved")[0]["facts"]["annotated"] is False


def test_missing_tag(tampered: RoundRepo) -> None:
    git(tampered.path, "tag", "-d", tampered.tag)
    code, data = verify_json(tampered.path)
    assert code == 1
    found = violations(data, "tag-missing")
    assert [v["commit"] for v in found] == [tampered.commits["ban-hanh"]]


def test_issue_step_changing_the_approved_text(tampered: RoundRepo) -> None:
    repo = tampered.path
    _reset(tampered, "ban-chap-hanh-thong-qua")
    git(repo, "tag", "-d", tampered.tag)
    edit(repo / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    sha = manual_step(repo, "ban-hanh", tampered.commits["ban-chap-hanh-thong-qua"], "2026-04-05",
                      key=tampered.keys["bithu"])
    git(repo, "tag", "-s", "-m", "Ban hành", tampered.tag, sha)
    code, data = verify_json(repo)
    assert code == 1
    assert [v["commit"] for v in violations(data, "body-changed")] == [sha]


def test_allowed_signers_option_and_sarif(tampered: RoundRepo, tmp_path: object) -> None:
    from pathlib import Path

    empty = Path(str(tmp_path)) / "nobody"
    empty.write_text("", encoding="utf-8")
    code, out = run_cli(tampered.path, "verify", "--allowed-signers", str(empty), "--format", "sarif")
    assert code == 1
    import json

    sarif = json.loads(out)
    from tests.conftest import validate_sarif

    validate_sarif(sarif)
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"unknown-signer", "tag-unsigned"}
    assert len([r for r in results if r["ruleId"] == "unknown-signer"]) == 12
    uris = {r["ruleId"]: r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"unknown-signer": "vong/2026-01/round.yaml", "tag-unsigned": REG}
    assert all(len(r["properties"]["commit"]) == 40 for r in results)


def _branch_with_draft(repo: RoundRepo) -> None:
    from tests.workflow.roundkit import ok

    _reset(repo, "ra-soat-van-ban")
    git(repo.path, "checkout", "-q", "-b", "draft")
    edit(repo.path / REG, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả, rõ thẩm quyền")
    ok(repo.path, "round", "step", "du-thao", "--date", "2026-02-20")
    git(repo.path, "checkout", "-q", "main")
    (repo.path / "ghi-chu.txt").write_text("ghi chú\n", encoding="utf-8")
    git(repo.path, "add", "-A")
    git(repo.path, "commit", "-qm", "ghi chú")


def test_merge_that_brings_a_step_is_fine(tampered: RoundRepo) -> None:
    _branch_with_draft(tampered)
    git(tampered.path, "merge", "-q", "--no-ff", "-m", "Merge draft", "draft")
    code, data = verify_json(tampered.path)
    assert code == 0, data


def test_merge_that_makes_its_own_edit(tampered: RoundRepo) -> None:
    _branch_with_draft(tampered)
    git(tampered.path, "merge", "-q", "--no-ff", "--no-commit", "draft")
    edit(tampered.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    git(tampered.path, "commit", "-qam", "Merge draft")
    sha = git(tampered.path, "rev-parse", "HEAD").strip()
    code, data = verify_json(tampered.path)
    assert code == 1
    assert [v["commit"] for v in violations(data, "regulation-changed")] == [sha]


def test_shallow_clone_is_refused(round_repo: RoundRepo, tmp_path: object) -> None:
    from pathlib import Path

    dest = Path(str(tmp_path)) / "shallow"
    git(round_repo.path, "clone", "-q", "--depth", "1", f"file://{round_repo.path}", str(dest))
    code, out = run_cli(dest, "verify")
    assert code == 2 and "fetch-depth: 0" in out


def test_key_added_to_allowed_signers_by_an_outsider(tampered: RoundRepo) -> None:
    from tests.workflow.roundkit import allowed_line

    repo = tampered.path
    _reset(tampered, "tong-hop-tiep-thu")
    signers = repo / ".quyche" / "allowed_signers"
    signers.write_text(signers.read_text(encoding="utf-8") + allowed_line("la@example.vn", tampered.keys["outsider"]),
                       encoding="utf-8")
    git(repo, "commit", "-qam", "thêm khóa")
    added = git(repo, "rev-parse", "HEAD").strip()
    manual_step(repo, "thuong-truc", tampered.commits["tong-hop-tiep-thu"], "2026-03-20", key=tampered.keys["outsider"])
    code, data = verify_json(repo)
    assert code == 1
    assert [v["commit"] for v in violations(data, "signers-changed")] == [added]
    assert violations(data, "unknown-signer") == []  # the list at HEAD does name the key


def test_key_added_by_an_allowed_signer(tampered: RoundRepo) -> None:
    from tests.workflow.roundkit import allowed_line

    repo = tampered.path
    signers = repo / ".quyche" / "allowed_signers"
    signers.write_text(signers.read_text(encoding="utf-8") + allowed_line("moi@example.vn", tampered.keys["outsider"]),
                       encoding="utf-8")
    use_key(repo, tampered.keys["vanphong"])
    git(repo, "commit", "-q", "-S", "-am", "thêm khóa của đồng chí mới")
    code, data = verify_json(repo)
    assert code == 0, data
