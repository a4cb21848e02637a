"""The procedure cannot be rewritten from inside, history shape does not matter, dates cannot be bent.

Every case is verified twice: with the repository's own allowed signers and with the trusted list
a CI job passes in (`--allowed-signers`); both must find the same rule. Every text line must name
what it talks about (no empty names, no English rule ids in brackets).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.workflow.roundkit import (
    REG,
    RoundRepo,
    allowed_line,
    edit,
    git,
    manual_step,
    run_cli,
    use_key,
)

SIGNERS = ".quyche/allowed_signers"
EMPTY_NAMES = re.compile(r"``|bước\s+,|ngày\s+[,)]|\(\s*\)|\[[a-z]+(?:-[a-z]+)+\]")


def _trusted(repo: RoundRepo, folder: Path) -> Path:
    """The allowed-signers list as CI keeps it on a trusted branch (the round's own)."""
    path = folder / "trusted_signers"
    path.write_text(git(repo.path, "show", f"{repo.commits['thanh-lap-to-cong-tac']}:{SIGNERS}"), encoding="utf-8")
    return path


def verify_twice(repo: RoundRepo, folder: Path) -> list[dict[str, Any]]:
    """Violations found without and with a trusted list: the same rules, exit 1 both times."""
    found: list[list[tuple[str, str]]] = []
    first: list[dict[str, Any]] = []
    for extra in ([], ["--allowed-signers", str(_trusted(repo, folder))]):
        code, out = run_cli(repo.path, "verify", "--format", "json", *extra)
        assert code == 1, out
        data = json.loads(out)
        found.append(sorted((v["rule"], v["commit"]) for v in data["violations"]))
        first = first or data["violations"]
        code, text = run_cli(repo.path, "verify", *extra)
        assert code == 1 and "Traceback" not in text
        assert not EMPTY_NAMES.search(text), text
        assert all(re.match(r"^[0-9a-f]{10}: QV1\d\d ", line) for line in text.splitlines()[:-1]), text
    assert found[0] == found[1]
    return first


def rules(found: list[dict[str, Any]], rule: str) -> list[dict[str, Any]]:
    """The violations of one rule."""
    return [v for v in found if v["rule"] == rule]


def _reset(repo: RoundRepo, step: str) -> None:
    git(repo.path, "reset", "-q", "--hard", repo.commits[step])


def _head(repo: RoundRepo) -> str:
    return git(repo.path, "rev-parse", "HEAD").strip()


def _commit_all(repo: RoundRepo, message: str, *, key: Path | None = None) -> str:
    if key is not None:
        use_key(repo.path, key)
    git(repo.path, "add", "-A")
    git(repo.path, "commit", "-q", "-S" if key is not None else "--no-gpg-sign", "-m", message)
    return _head(repo)


# --- governed files --------------------------------------------------------------------------
def test_unsigned_procedure_edit_mid_round_is_caught_and_not_obeyed(tampered: RoundRepo, tmp_path: Path) -> None:
    _reset(tampered, "lay-y-kien")
    config = tampered.path / "quyche.yaml"
    edit(config, "  signing: required\n", "  signing: optional\n")
    edit(config, "    - name: ban-chap-hanh-thong-qua\n      signers: [bithu@example.vn]\n", "")
    sha = _commit_all(tampered, "đơn giản hóa quy trình")
    # `round step` keeps the rules fixed when the round started
    code, out = run_cli(tampered.path, "round", "step", "tong-hop-tiep-thu", "--no-sign")
    assert code == 1 and "--no-sign" in out, out
    unsigned = manual_step(tampered.path, "tong-hop-tiep-thu", tampered.commits["lay-y-kien"], "2026-03-15",
                           sign=False)
    found = verify_twice(tampered, tmp_path)
    gov = rules(found, "governed-changed")
    assert [(v["commit"], v["facts"]["paths"], v["facts"]["status"]) for v in gov] == [(sha, ["quyche.yaml"], "N")]
    assert [v["commit"] for v in rules(found, "unsigned-step")] == [unsigned]  # judged by the round's rules
    _, text = run_cli(tampered.path, "verify")
    assert f"{sha[:10]}: QV116 commit \"đơn giản hóa quy trình\" sửa tệp quản trị quy trình `quyche.yaml`" in text


def _change_governed_file(repo: RoundRepo, rel: str) -> None:
    path = repo.path / rel
    if rel == "quyche.yaml":
        edit(path, "  signing: required\n", "  signing: optional\n")
    elif rel == SIGNERS:
        path.write_text(path.read_text(encoding="utf-8") + allowed_line("la@example.vn", repo.keys["outsider"]),
                        encoding="utf-8")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Tờ trình của {{ unit }}\n", encoding="utf-8")


@pytest.mark.parametrize("rel", ["quyche.yaml", SIGNERS, "templates/_documents/to-trinh.md.jinja"])
@pytest.mark.parametrize("how", ["unsigned", "foreign-key", "in-a-step"])
def test_each_governed_file_changed_each_way_mid_round(tampered: RoundRepo, tmp_path: Path, rel: str,
                                                       how: str) -> None:
    _reset(tampered, "lay-y-kien")
    _change_governed_file(tampered, rel)
    if how == "in-a-step":
        sha = manual_step(tampered.path, "tong-hop-tiep-thu", tampered.commits["lay-y-kien"], "2026-03-15",
                          key=tampered.keys["vanphong"])
    else:
        sha = _commit_all(tampered, "sửa tệp quản trị",
                          key=tampered.keys["outsider"] if how == "foreign-key" else None)
    found = verify_twice(tampered, tmp_path)
    if how == "in-a-step":
        got = [(v["commit"], v["step"], v["facts"]["paths"]) for v in rules(found, "governed-in-step")]
        assert got == [(sha, "tong-hop-tiep-thu", [rel])]
        assert rules(found, "governed-changed") == []  # a signed step; the rule broken is the step's
    else:
        got = [(v["commit"], v["facts"]["paths"], v["facts"]["status"]) for v in rules(found, "governed-changed")]
        assert got == [(sha, [rel], "N" if how == "unsigned" else "U")]
    _, text = run_cli(tampered.path, "verify")
    code = "QV117" if how == "in-a-step" else "QV116"
    assert f"{sha[:10]}: {code} " in text and f"`{rel}`" in text, text


def test_signed_governed_change_is_allowed_and_waits_for_the_next_round(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    edit(tampered.path / "quyche.yaml", "  signing: required\n", "  signing: optional\n")
    edit(tampered.path / "quyche.yaml", "procedure:\n", "check:\n  ignore: [QC402]\nprocedure:\n")
    edit(tampered.path / "quyche.yaml", "    - name: ban-chap-hanh-thong-qua\n      signers: [bithu@example.vn]\n", "")
    _commit_all(tampered, "cho phép không ký từ vòng sau", key=tampered.keys["bithu"])
    code, out = run_cli(tampered.path, "verify")
    assert code == 0, out
    code, out = run_cli(tampered.path, "round", "step", "tong-hop-tiep-thu", "--no-sign")
    assert code == 1 and "--no-sign" in out
    status = json.loads(run_cli(tampered.path, "round", "status", "--format", "json")[1])
    assert "ban-chap-hanh-thong-qua" in [s["name"] for s in status["steps"]]  # the round's own procedure


def test_key_added_mid_round_signs_only_from_the_next_round(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    signers = tampered.path / SIGNERS
    signers.write_text(signers.read_text(encoding="utf-8") + allowed_line("moi@example.vn", tampered.keys["outsider"]),
                       encoding="utf-8")
    _commit_all(tampered, "thêm khóa của đồng chí mới", key=tampered.keys["bithu"])
    use_key(tampered.path, tampered.keys["outsider"])
    code, out = run_cli(tampered.path, "round", "step", "thuong-truc", "--date", "2026-03-20")
    assert code == 1 and "chưa có trong .quyche/allowed_signers" in out, out
    assert run_cli(tampered.path, "verify")[0] == 0  # the signed change itself is fine


def test_check_section_is_not_governed(tampered: RoundRepo) -> None:
    edit(tampered.path / "quyche.yaml", "procedure:\n", "check:\n  ignore: [QC402]\nprocedure:\n")
    _commit_all(tampered, "bỏ qua QC402")
    code, out = run_cli(tampered.path, "verify")
    assert code == 0, out


def test_retargeted_regulation_list_does_not_hide_the_regulation(tampered: RoundRepo, tmp_path: Path) -> None:
    (tampered.path / "khac.md").write_text("# Ghi chú\n", encoding="utf-8")
    edit(tampered.path / "quyche.yaml", "  - quy-che-lam-viec.md\n", "  - khac.md\n")
    retarget = _commit_all(tampered, "đổi danh sách quy chế")
    edit(tampered.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    plain = _commit_all(tampered, "sửa chính tả")
    found = verify_twice(tampered, tmp_path)
    assert [v["commit"] for v in rules(found, "governed-changed")] == [retarget]
    # the file the new list names is a regulation from then on; the old one stays one
    assert [(v["commit"], v["facts"]["paths"]) for v in rules(found, "regulation-changed")] == [
        (retarget, ["khac.md"]), (plain, [REG])]


def test_dotted_regulation_path_does_not_hide_the_regulation(tampered: RoundRepo, tmp_path: Path) -> None:
    edit(tampered.path / "quyche.yaml", "  - quy-che-lam-viec.md\n", "  - ./quy-che-lam-viec.md\n")
    _commit_all(tampered, "ghi đường dẫn có ./", key=tampered.keys["bithu"])
    edit(tampered.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    plain = _commit_all(tampered, "sửa chính tả")
    found = verify_twice(tampered, tmp_path)
    assert [(v["commit"], v["facts"]["paths"]) for v in rules(found, "regulation-changed")] == [(plain, [REG])]
    assert rules(found, "governed-changed") == []
    code, out = run_cli(tampered.path, "check", "--format", "json")
    assert code in (0, 1) and "Traceback" not in out, out
    assert json.loads(out)["files"] == 1, out  # the regulation is checked, once


# --- history shape ---------------------------------------------------------------------------
def _side_branch_before_the_round(repo: RoundRepo) -> str:
    """A branch forked before the first round with an unsigned regulation edit; its commit id."""
    base = git(repo.path, "rev-parse", f"{repo.commits['thanh-lap-to-cong-tac']}^").strip()
    git(repo.path, "checkout", "-q", "-b", "side", base)
    edit(repo.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    return _commit_all(repo, "sửa trước khi có vòng")


def test_pre_round_side_branch_merged_as_first_parent(tampered: RoundRepo, tmp_path: Path) -> None:
    side = _side_branch_before_the_round(tampered)
    git(tampered.path, "merge", "-q", "--no-edit", "-X", "ours", "main")
    git(tampered.path, "checkout", "-q", "main")
    git(tampered.path, "merge", "-q", "--ff-only", "side")
    found = verify_twice(tampered, tmp_path)
    assert side in {v["commit"] for v in rules(found, "regulation-changed")}


def test_pre_round_side_branch_merged_by_a_hosting_service(tampered: RoundRepo, tmp_path: Path) -> None:
    side = _side_branch_before_the_round(tampered)
    git(tampered.path, "checkout", "-q", "main")
    git(tampered.path, "merge", "-q", "--no-ff", "-m", "Merge pull request #7 from side", "side")
    found = verify_twice(tampered, tmp_path)
    assert side in {v["commit"] for v in rules(found, "regulation-changed")}


def test_merge_keeping_the_old_text_over_the_steps(tampered: RoundRepo, tmp_path: Path) -> None:
    base = git(tampered.path, "rev-parse", f"{tampered.commits['thanh-lap-to-cong-tac']}^").strip()
    git(tampered.path, "checkout", "-q", "-b", "side", base)
    (tampered.path / "ghi-chu.txt").write_text("ghi chú\n", encoding="utf-8")
    _commit_all(tampered, "ghi chú")
    git(tampered.path, "merge", "-q", "--no-edit", "-s", "ours", "main")  # the approved text is dropped
    merge = _head(tampered)
    git(tampered.path, "checkout", "-q", "main")
    git(tampered.path, "merge", "-q", "--ff-only", "side")
    found = verify_twice(tampered, tmp_path)
    changed = rules(found, "regulation-changed")
    assert [(v["commit"], v["facts"]["reason"]) for v in changed] == [(merge, "merge")]


# --- dates -----------------------------------------------------------------------------------
def test_step_dated_after_the_day_it_was_committed(tampered: RoundRepo, tmp_path: Path) -> None:
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    _reset(tampered, "ban-chap-hanh-thong-qua")
    git(tampered.path, "tag", "-d", tampered.tag)
    edit(tampered.path / REG, "number: 01-QC/ĐU", "number: 02-QC/ĐU")
    edit(tampered.path / REG, "date: 2025-07-15", f"date: {tomorrow}")
    sha = manual_step(tampered.path, "ban-hanh", tampered.commits["ban-chap-hanh-thong-qua"], tomorrow,
                      key=tampered.keys["bithu"])
    git(tampered.path, "tag", "-s", "-m", "Ban hành", f"02-QC-DU-{tomorrow[:4]}", sha)
    found = verify_twice(tampered, tmp_path)
    assert [(v["commit"], v["facts"]["date"]) for v in rules(found, "date-future")] == [(sha, tomorrow)]


def test_new_round_dated_before_the_previous_issue(tampered: RoundRepo, tmp_path: Path) -> None:
    (tampered.path / "vong" / "2026-02").mkdir()
    (tampered.path / "vong" / "2026-02" / "round.yaml").write_text(
        "id: 2026-02\ntitle: Vòng hai\nworking_group: [Nguyễn Văn An]\n", encoding="utf-8")
    sha = manual_step(tampered.path, "thanh-lap-to-cong-tac", "none", "2026-03-01", round_id="2026-02",
                      key=tampered.keys["vanphong"])
    found = verify_twice(tampered, tmp_path)
    order = rules(found, "date-order")
    assert [(v["commit"], v["facts"]["previous"], v["facts"]["new_round"]) for v in order] == [
        (sha, "2026-04-10", True)]


def test_new_round_started_while_one_is_open(tampered: RoundRepo, tmp_path: Path) -> None:
    _reset(tampered, "ban-thuong-vu")
    (tampered.path / "vong" / "2026-02").mkdir()
    (tampered.path / "vong" / "2026-02" / "round.yaml").write_text("id: 2026-02\ntitle: Vòng hai\n", encoding="utf-8")
    sha = manual_step(tampered.path, "thanh-lap-to-cong-tac", "none", "2026-03-26", round_id="2026-02",
                      key=tampered.keys["vanphong"])
    found = verify_twice(tampered, tmp_path)
    overlap = rules(found, "round-overlap")
    assert [(v["commit"], v["facts"]["previous_round"], v["facts"]["next"]) for v in overlap] == [
        (sha, "2026-01", "ban-chap-hanh-thong-qua")]
    _, text = run_cli(tampered.path, "verify")
    assert "QV121 vòng `2026-02`, vòng này bắt đầu khi vòng `2026-01` chưa xong" in text, text


def test_author_date_differs_from_the_step_date(tampered: RoundRepo, tmp_path: Path) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    use_key(tampered.path, tampered.keys["vanphong"])
    git(tampered.path, "commit", "-q", "--allow-empty", "-S", "--date=2026-03-02T12:00:00+07:00",
        "-m", "Vòng 2026-01: thuong-truc", "--trailer", "Quyche-Round: 2026-01", "--trailer",
        "Quyche-Step: thuong-truc", "--trailer", "Quyche-Date: 2026-03-20",
        "--trailer", f"Quyche-Previous: {tampered.commits['tong-hop-tiep-thu']}")
    sha = _head(tampered)
    found = verify_twice(tampered, tmp_path)
    assert [(v["commit"], v["facts"]["authored"]) for v in rules(found, "author-date")] == [(sha, "2026-03-02")]


def test_repeated_step_trailer(tampered: RoundRepo, tmp_path: Path) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    use_key(tampered.path, tampered.keys["vanphong"])
    git(tampered.path, "commit", "-q", "--allow-empty", "-S", "--date=2026-03-20T12:00:00+07:00",
        "-m", "Vòng 2026-01: thuong-truc", "--trailer", "Quyche-Round: 2026-01", "--trailer",
        "Quyche-Step: thuong-truc", "--trailer", "Quyche-Step: ban-thuong-vu", "--trailer", "Quyche-Date: 2026-03-20",
        "--trailer", f"Quyche-Previous: {tampered.commits['tong-hop-tiep-thu']}")
    sha = _head(tampered)
    found = verify_twice(tampered, tmp_path)
    bad = rules(found, "bad-trailers")
    assert [(v["commit"], v["facts"]["repeated"]) for v in bad] == [(sha, ["Quyche-Step"])]


def test_retired_key_with_a_backdated_committer_date(tampered: RoundRepo, tmp_path: Path) -> None:
    repo = tampered.path
    today = dt.date.today()
    signers = repo / SIGNERS
    text = signers.read_text(encoding="utf-8").replace(
        'vanphong@example.vn namespaces="git"', f'vanphong@example.vn valid-before="{today:%Y%m%d}",namespaces="git"')
    signers.write_text(text, encoding="utf-8")
    _commit_all(tampered, "đồng chí văn phòng thôi nhiệm vụ ký", key=tampered.keys["bithu"])
    # the retired key signs a new round, the commit dated before its retirement
    (repo / "vong" / "2026-02").mkdir()
    (repo / "vong" / "2026-02" / "round.yaml").write_text("id: 2026-02\ntitle: Vòng hai\n", encoding="utf-8")
    back = (today - dt.timedelta(days=3)).isoformat()
    use_key(repo, tampered.keys["vanphong"])
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-S", f"--date={back}T12:00:00+07:00", "-m", "Vòng 2026-02: thanh-lap-to-cong-tac",
        "--trailer", "Quyche-Round: 2026-02", "--trailer", "Quyche-Step: thanh-lap-to-cong-tac",
        "--trailer", f"Quyche-Date: {back}", "--trailer", "Quyche-Previous: none",
        env={"GIT_COMMITTER_DATE": f"{back}T12:00:00+07:00"})
    sha = _head(tampered)
    assert git(repo, "log", "-1", "--format=%G?").strip() == "G"  # the backdated signature looks valid to git
    found = verify_twice(tampered, tmp_path)
    assert [v["commit"] for v in rules(found, "date-backdated")] == [sha]


def test_retired_key_restoring_itself_with_a_backdated_commit(tampered: RoundRepo, tmp_path: Path) -> None:
    repo = tampered.path
    today = dt.date.today()
    signers = repo / SIGNERS
    original = signers.read_text(encoding="utf-8")
    signers.write_text(original.replace('vanphong@example.vn namespaces="git"',
                                        f'vanphong@example.vn valid-before="{today:%Y%m%d}",namespaces="git"'),
                       encoding="utf-8")
    _commit_all(tampered, "thôi khóa văn phòng", key=tampered.keys["bithu"])
    signers.write_text(original, encoding="utf-8")
    back = f"{(today - dt.timedelta(days=2)).isoformat()}T09:00:00+07:00"
    use_key(repo, tampered.keys["vanphong"])
    git(repo, "commit", "-q", "-S", "-am", "khôi phục khóa", f"--date={back}", env={"GIT_COMMITTER_DATE": back})
    sha = _head(tampered)
    found = verify_twice(tampered, tmp_path)
    backdated = rules(found, "date-backdated")
    assert [(v["commit"], v["facts"]["paths"]) for v in backdated] == [(sha, [SIGNERS])]
    _, text = run_cli(repo, "verify")
    assert f"{sha[:10]}: QV120 commit \"khôi phục khóa\" (sửa tệp quản trị `{SIGNERS}`)" in text, text


# --- forgeries -------------------------------------------------------------------------------
def _write_commit(repo: Path, raw: str) -> str:
    return subprocess.run(["git", "hash-object", "-t", "commit", "-w", "--stdin"], cwd=repo, input=raw.encode(),
                          capture_output=True, check=True).stdout.decode().strip()


def _signature_block(raw: str) -> str:
    start = raw.index("gpgsig ")
    end = raw.index("-----END SSH SIGNATURE-----", start) + len("-----END SSH SIGNATURE-----\n")
    return raw[start:end]


def test_signature_copied_from_another_commit(tampered: RoundRepo, tmp_path: Path) -> None:
    repo = tampered.path
    _reset(tampered, "tong-hop-tiep-thu")
    sha = manual_step(repo, "thuong-truc", tampered.commits["tong-hop-tiep-thu"], "2026-03-20", sign=False)
    raw = git(repo, "cat-file", "commit", sha)
    donor = git(repo, "cat-file", "commit", tampered.commits["thuong-truc"])
    header, _, body = raw.partition("\n\n")
    forged = _write_commit(repo, header + "\n" + _signature_block(donor) + "\n" + body)
    git(repo, "update-ref", "refs/heads/main", forged)
    found = verify_twice(tampered, tmp_path)
    assert [v["commit"] for v in rules(found, "bad-signature")] == [forged]


def test_signature_kept_under_a_changed_tree(tampered: RoundRepo, tmp_path: Path) -> None:
    repo = tampered.path
    _reset(tampered, "ban-thuong-vu")
    raw = git(repo, "cat-file", "commit", "HEAD")
    edit(repo / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    git(repo, "add", "-A")
    tree = git(repo, "write-tree").strip()
    forged = _write_commit(repo, re.sub(r"^tree [0-9a-f]+", f"tree {tree}", raw, count=1))
    git(repo, "reset", "-q", "--hard", forged)
    found = verify_twice(tampered, tmp_path)
    assert [v["commit"] for v in rules(found, "bad-signature")] == [forged]


def test_lying_previous_trailer_skipping_a_step(tampered: RoundRepo, tmp_path: Path) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    sha = manual_step(tampered.path, "thuong-truc", tampered.commits["lay-y-kien"], "2026-03-20",
                      key=tampered.keys["vanphong"])
    found = verify_twice(tampered, tmp_path)
    broken = rules(found, "chain-broken")
    assert [(v["commit"], v["facts"]["found"]) for v in broken] == [(sha, tampered.commits["lay-y-kien"])]


def test_trailer_hidden_in_the_body_is_not_a_step(tampered: RoundRepo, tmp_path: Path) -> None:
    _reset(tampered, "lay-y-kien")
    edit(tampered.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    git(tampered.path, "commit", "-qam", "Vòng 2026-01: tong-hop-tiep-thu\n\nQuyche-Step: tong-hop-tiep-thu\n\n"
        "Ghi chú: đã họp.", "--no-gpg-sign")
    sha = _head(tampered)
    found = verify_twice(tampered, tmp_path)
    assert [(v["commit"], v["facts"]["reason"]) for v in rules(found, "regulation-changed")] == [(sha, "not-a-step")]


def test_homoglyph_step_name(tampered: RoundRepo, tmp_path: Path) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    sha = manual_step(tampered.path, "thuong-tr\u0443c", tampered.commits["tong-hop-tiep-thu"], "2026-03-20",
                      key=tampered.keys["vanphong"])
    found = verify_twice(tampered, tmp_path)
    assert [v["commit"] for v in rules(found, "unknown-step")] == [sha]
    _, text = run_cli(tampered.path, "verify")
    assert "`thuong-tr\\u0443c` (có ký tự không phải chữ Latin không dấu: U+0443 CYRILLIC SMALL LETTER U)" in text


def test_replace_refs_do_not_swap_the_history(tampered: RoundRepo) -> None:
    repo = tampered.path
    target = tampered.commits["ban-thuong-vu"]
    raw = git(repo, "cat-file", "commit", target)
    fake = _write_commit(repo, raw.replace("Quyche-Date: 2026-03-25", "Quyche-Date: 2026-03-24"))
    git(repo, "replace", target, fake)
    assert "2026-03-24" in git(repo, "log", "-1", "--format=%B", target)  # plain git shows the fake
    code, out = run_cli(repo, "verify")
    assert code == 0, out


@pytest.mark.parametrize("depth", ["1", "5"])
def test_shallow_clones_are_refused(round_repo: RoundRepo, tmp_path: Path, depth: str) -> None:
    dest = tmp_path / "shallow"
    git(round_repo.path, "clone", "-q", "--depth", depth, f"file://{round_repo.path}", str(dest))
    code, out = run_cli(dest, "verify")
    assert code == 2 and "fetch-depth: 0" in out


# --- messages name what they talk about --------------------------------------------------------
def test_round_messages_never_show_empty_or_lookalike_names(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    code, out = run_cli(tampered.path, "round", "step", "thuong-tr\u0443c")
    assert code == 2 and "`thuong-tr\\u0443c`" in out, out
    code, out = run_cli(tampered.path, "round", "step", "")
    assert code == 2 and out.startswith("Tên bước trống. Hãy ghi tên bước") and "``" not in out, out
    # a step committed by hand without a date: status says so instead of "ngày ,"
    git(tampered.path, "commit", "-q", "--allow-empty", "-S", "-m", "Vòng 2026-01: thuong-truc",
        "--trailer", "Quyche-Round: 2026-01", "--trailer", "Quyche-Step: thuong-truc",
        "--trailer", f"Quyche-Previous: {tampered.commits['tong-hop-tiep-thu']}")
    code, out = run_cli(tampered.path, "round", "status")
    assert code == 0 and "ngày (không ghi ngày), commit" in out and "ngày ," not in out, out
    code, out = run_cli(tampered.path, "verify")
    assert code == 1 and "thiếu `Quyche-Date`" in out and not EMPTY_NAMES.search(out), out


def test_tag_missing_names_what_the_issued_text_lacks(tampered: RoundRepo, tmp_path: Path) -> None:
    _reset(tampered, "ban-chap-hanh-thong-qua")
    git(tampered.path, "tag", "-d", tampered.tag)
    edit(tampered.path / REG, "number: 01-QC/ĐU\n", "")
    sha = manual_step(tampered.path, "ban-hanh", tampered.commits["ban-chap-hanh-thong-qua"], "2026-04-05",
                      key=tampered.keys["bithu"])
    found = verify_twice(tampered, tmp_path)
    assert [(v["commit"], v["facts"]["tag"]) for v in rules(found, "tag-missing")] == [(sha, None)]
    _, text = run_cli(tampered.path, "verify")
    assert "thẻ phiên bản ``" not in text and f"`{REG}`" in text, text


def test_docs_list_every_rule_code() -> None:
    from quyche.cli.verify import RULE_HELP, RULE_TEXT
    from quyche.workflow.verify import RULE_CODES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "round.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| (QV\d{3}) \| `([a-z-]+)` \|", docs, re.M))
    assert table == {code: rule for rule, code in RULE_CODES.items()}
    assert set(RULE_TEXT) == set(RULE_HELP) == set(RULE_CODES)


def test_governance_helpers() -> None:
    from quyche.workflow.governance import (
        RegulationSet,
        config_change_is_governed,
        is_governed_path,
        normalise_regulation_path,
    )

    assert normalise_regulation_path("./quy-che.md") == normalise_regulation_path("a/../quy-che.md") == "quy-che.md"
    assert normalise_regulation_path(".\\\\quy-che.md") == "quy-che.md"
    regs = RegulationSet.of(["./quy-che.md", "phu-luc/*.md"])
    assert "quy-che.md" in regs and "phu-luc/01.md" in regs and "ghi-chu.md" not in regs
    assert is_governed_path(".quyche/allowed_signers") and is_governed_path("templates/_documents/a.jinja")
    assert not is_governed_path("templates/khac.md") and not is_governed_path("vong/2026-01/round.yaml")
    base = b"unit: {name: A}\nprocedure: {signing: required}\n"
    assert not config_change_is_governed(base, base + b"check: {ignore: [QC402]}\n")
    assert config_change_is_governed(base, base.replace(b"required", b"optional"))
    assert config_change_is_governed(base, b"procedure: [\n")  # unreadable counts as a governed edit
    assert config_change_is_governed(None, base)


def test_missing_trusted_list_is_a_bad_argument(round_repo: RoundRepo, tmp_path: Path) -> None:
    code, out = run_cli(round_repo.path, "verify", "--allowed-signers", str(tmp_path / "khong-co"))
    assert code == 2 and "khong-co" in out and "không tìm thấy" in out, out
