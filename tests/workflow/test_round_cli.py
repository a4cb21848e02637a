"""A whole round through the CLI: status, log, comments, and what `round step` refuses."""

from __future__ import annotations

import json
from pathlib import Path

from tests.workflow.roundkit import REG, RoundRepo, edit, git, run_cli, use_key


def _head(repo: RoundRepo) -> str:
    return git(repo.path, "rev-parse", "HEAD").strip()


def _refused(repo: RoundRepo, *args: str) -> str:
    """Run a command that must be refused: exit 1, one Vietnamese line, no new commit."""
    before = _head(repo)
    code, out = run_cli(repo.path, *args)
    assert code == 1, out
    assert "Traceback" not in out
    assert _head(repo) == before
    return out


def _bad_argument(repo: RoundRepo, *args: str) -> str:
    """Run a command with a bad argument: exit 2 (like a usage error), one Vietnamese line, no new commit."""
    before = _head(repo)
    code, out = run_cli(repo.path, *args)
    assert code == 2, out
    assert "Traceback" not in out
    assert _head(repo) == before
    return out


def _reset(repo: RoundRepo, step: str) -> None:
    git(repo.path, "reset", "-q", "--hard", repo.commits[step])


def test_status_json_lists_every_step_in_order(round_repo: RoundRepo) -> None:
    code, out = run_cli(round_repo.path, "round", "status", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["round"] == "2026-01"
    assert data["finished"] is True and data["next"] is None
    names = [s["name"] for s in data["steps"]]
    assert names[0] == "thanh-lap-to-cong-tac" and names[-1] == "giai-the-to-cong-tac"
    assert len(names) == 12
    by_name = {s["name"]: s for s in data["steps"]}
    assert by_name["du-thao"]["date"] == "2026-02-20"
    assert by_name["ban-chap-hanh-thong-qua"]["signer"] == "bithu@example.vn"
    assert by_name["lay-y-kien"]["signer"] == "vanphong@example.vn"
    assert all(s["done"] and len(s["commit"]) == 40 for s in data["steps"])
    assert data["working_group"][0] == {"name": "Nguyễn Văn An", "role": "Tổ trưởng", "unit": "Văn phòng Đảng ủy"}


def test_step_commits_carry_trailers_dates_and_signatures(round_repo: RoundRepo) -> None:
    sha = round_repo.commits["tong-hop-tiep-thu"]
    body = git(round_repo.path, "log", "-1", "--format=%B", sha)
    assert "Quyche-Round: 2026-01" in body
    assert "Quyche-Step: tong-hop-tiep-thu" in body
    assert "Quyche-Date: 2026-03-15" in body
    assert f"Quyche-Previous: {round_repo.commits['lay-y-kien']}" in body
    assert git(round_repo.path, "log", "-1", "--format=%ad", "--date=short", sha).strip() == "2026-03-15"
    # git's own verdict on every step commit
    for commit in round_repo.commits.values():
        assert git(round_repo.path, "log", "-1", "--format=%G?", commit).strip() == "G"
    # the issue tag: annotated, signed, on exactly the issue step commit
    assert git(round_repo.path, "cat-file", "-t", round_repo.tag).strip() == "tag"
    assert git(round_repo.path, "rev-parse", f"{round_repo.tag}^{{commit}}").strip() == round_repo.commits["ban-hanh"]
    assert subprocess_ok(round_repo, "verify-tag", round_repo.tag)


def subprocess_ok(repo: RoundRepo, *args: str) -> bool:
    import subprocess

    return subprocess.run(["git", *args], cwd=repo.path, capture_output=True, check=False).returncode == 0


def test_log_shows_signature_status(round_repo: RoundRepo) -> None:
    code, out = run_cli(round_repo.path, "round", "log", "--format", "json")
    assert code == 0
    rows = json.loads(out)["commits"]
    assert [r["step"] for r in rows][:2] == ["thanh-lap-to-cong-tac", "bao-cao-thuc-hien"]
    assert {r["signature"] for r in rows} == {"G"}
    code, text = run_cli(round_repo.path, "round", "log")
    assert "chữ ký hợp lệ (bithu@example.vn)" in text


def test_round_folder_holds_round_yaml(round_repo: RoundRepo) -> None:
    import yaml

    data = yaml.safe_load((round_repo.path / "vong" / "2026-01" / "round.yaml").read_text(encoding="utf-8"))
    assert data["id"] == "2026-01"
    assert data["title"] == "Sửa đổi, bổ sung Quy chế làm việc năm 2026"
    assert data["working_group"][1] == {"name": "Lê Thị Cúc", "role": "Thành viên", "unit": "Ủy ban Kiểm tra"}
    assert data["planned"] == {"ban-hanh": "2026-04-05"}


def test_no_open_round(tampered: RoundRepo) -> None:
    out = _refused(tampered, "round", "step", "lay-y-kien", "--date", "2026-04-11")
    assert "Chưa có vòng sửa đổi nào đang mở" in out


def test_unknown_step(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    out = _bad_argument(tampered, "round", "step", "hop-bao")
    assert "Không có bước `hop-bao`" in out and "tong-hop-tiep-thu" in out


def test_repeated_step(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    out = _refused(tampered, "round", "step", "du-thao", "--date", "2026-03-02")
    assert "đã được ghi ở commit" in out


def test_skipped_step(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    out = _refused(tampered, "round", "step", "ban-thuong-vu", "--date", "2026-03-02")
    assert "còn thiếu bước bắt buộc `tong-hop-tiep-thu`, `thuong-truc`" in out


def test_unanswered_comments_block_the_synthesis(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    out = _refused(tampered, "round", "step", "tong-hop-tiep-thu", "--date", "2026-03-15")
    assert "còn 3 ý kiến góp ý chưa có nội dung tiếp thu, giải trình" in out
    code, listing = run_cli(tampered.path, "round", "comments")
    assert code == 1, listing  # CI can stop on unanswered comments
    assert "vong/2026-01/gop-y/chi-bo-khu-pho-1.yaml:5: Trần Thị Bình (Chi bộ Khu phố 1) — Điều 2, khoản 2" in listing
    assert "3 ý kiến chưa được tiếp thu, giải trình" in listing


def test_not_accepted_needs_an_explanation(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    git(tampered.path, "reset", "-q", "--soft", "HEAD~1")
    path = tampered.path / "vong" / "2026-01" / "gop-y" / "ubkt.yaml"
    edit(path, "    explanation: Cần mở rộng cho các cơ quan tham mưu.\n", "")
    git(tampered.path, "reset", "-q")
    git(tampered.path, "update-ref", "refs/heads/main", tampered.commits["lay-y-kien"])
    out = _refused(tampered, "round", "step", "tong-hop-tiep-thu", "--date", "2026-03-15")
    assert "còn 1 ý kiến" in out
    code, listing = run_cli(tampered.path, "round", "comments")
    assert code == 1 and "thiếu giải trình" in listing


def test_meeting_date_required(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    out = _refused(tampered, "round", "step", "thuong-truc")
    assert "cần ngày họp" in out and "--date" in out


def test_date_before_previous_step(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    out = _refused(tampered, "round", "step", "thuong-truc", "--date", "2026-03-01")
    assert "trước ngày của bước trước (2026-03-15)" in out


def test_unrelated_changes_refused(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    (tampered.path / "ghi-chu.txt").write_text("nháp", encoding="utf-8")
    out = _refused(tampered, "round", "step", "thuong-truc", "--date", "2026-03-20")
    assert "ghi-chu.txt" in out and "git stash" in out


def test_regulation_change_refused_in_consultation(tampered: RoundRepo) -> None:
    _reset(tampered, "thuong-truc-cho-y-kien")
    edit(tampered.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    out = _refused(tampered, "round", "step", "lay-y-kien", "--date", "2026-03-01")
    assert "Bước `lay-y-kien` không được phép sửa quy chế" in out


def test_issue_step_may_only_change_the_front_matter(tampered: RoundRepo) -> None:
    _reset(tampered, "ban-chap-hanh-thong-qua")
    git(tampered.path, "tag", "-d", tampered.tag)
    use_key(tampered.path, tampered.keys["bithu"])
    edit(tampered.path / REG, "Lãnh đạo thực hiện nghị quyết", "Toàn quyền quyết định nghị quyết")
    out = _refused(tampered, "round", "step", "ban-hanh", "--date", "2026-04-05")
    assert "ngoài phần thông tin đầu văn bản" in out


def test_issue_tag_already_taken(tampered: RoundRepo) -> None:
    _reset(tampered, "ban-chap-hanh-thong-qua")
    use_key(tampered.path, tampered.keys["bithu"])
    edit(tampered.path / REG, "number: 01-QC/ĐU", "number: 02-QC/ĐU")
    edit(tampered.path / REG, "date: 2025-07-15", "date: 2026-04-05")
    out = _refused(tampered, "round", "step", "ban-hanh", "--date", "2026-04-05")
    assert "`02-QC-DU-2026` đã có" in out


def test_no_sign_refused_when_signatures_are_required(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    out = _refused(tampered, "round", "step", "thuong-truc", "--date", "2026-03-20", "--no-sign")
    assert "không dùng được --no-sign" in out


def test_signer_not_allowed_refused(tampered: RoundRepo) -> None:
    _reset(tampered, "ban-thuong-vu")
    use_key(tampered.path, tampered.keys["vanphong"])
    out = _refused(tampered, "round", "step", "ban-chap-hanh-thong-qua", "--date", "2026-04-01")
    assert "vanphong@example.vn" in out and "`bithu@example.vn`" in out


def test_key_missing_from_allowed_signers_refused(tampered: RoundRepo) -> None:
    _reset(tampered, "tong-hop-tiep-thu")
    use_key(tampered.path, tampered.keys["outsider"])
    out = _refused(tampered, "round", "step", "thuong-truc", "--date", "2026-03-20")
    assert "chưa có trong .quyche/allowed_signers" in out


def test_second_round_while_one_is_open(tampered: RoundRepo) -> None:
    _reset(tampered, "lay-y-kien")
    out = _refused(tampered, "round", "start", "Vòng khác")
    assert "Vòng sửa đổi `2026-01` vẫn đang mở (bước tiếp theo: `tong-hop-tiep-thu`)" in out
    assert not (tampered.path / "vong" / "2026-02").exists()


def test_start_refused_leaves_no_folder(tampered: RoundRepo) -> None:
    (tampered.path / "nhap.txt").write_text("x", encoding="utf-8")
    out = _refused(tampered, "round", "start", "Vòng 2", "--member", "A=B")
    assert "nhap.txt" in out
    assert not (tampered.path / "vong" / "2026-02").exists()
    assert not any(p.name.startswith("2026-0") and p.name != "2026-01" for p in (tampered.path / "vong").iterdir())


def test_bad_dates(tampered: RoundRepo) -> None:
    """A date that is not a date is a bad argument (2); a real date the procedure refuses is 1."""
    out = _bad_argument(tampered, "round", "start", "Vòng 2", "--date", "2026-02-30", "--member", "A=B")
    assert "Ngày `2026-02-30` không dùng được" in out
    assert sorted(p.name for p in (tampered.path / "vong").iterdir()) == ["2026-01"]
    _reset(tampered, "tong-hop-tiep-thu")
    for bad in ("2026-13-01", "15.03.2026", "hôm nay"):
        out = _bad_argument(tampered, "round", "step", "thuong-truc", "--date", bad)
        assert f"Ngày `{bad}` không dùng được: không đúng dạng ngày" in out
    out = _refused(tampered, "round", "step", "thuong-truc", "--date", "01/02/3000")
    assert "Ngày `01/02/3000` không dùng được: ngày họp ở tương lai" in out


def test_second_round_after_the_first(tampered: RoundRepo) -> None:
    out = run_cli(tampered.path, "round", "start", "Vòng 2", "--id", "2026-02", "--date", "2026-05-01",
                  "--member", "Nguyễn Văn An=Tổ trưởng")
    assert out[0] == 0, out[1]
    code, status = run_cli(tampered.path, "round", "status", "--format", "json")
    data = json.loads(status)
    assert data["round"] == "2026-02" and data["next"] == "bao-cao-thuc-hien"
    code, verified = run_cli(tampered.path, "verify")
    assert code == 0, verified


def test_draft_needs_a_changed_regulation(tampered: RoundRepo) -> None:
    _reset(tampered, "ra-soat-van-ban")
    out = _refused(tampered, "round", "step", "du-thao", "--date", "2026-02-20")
    assert "quy chế chưa có thay đổi nào so với khi bắt đầu vòng sửa đổi" in out


def test_draft_must_be_readable(tampered: RoundRepo) -> None:
    _reset(tampered, "ra-soat-van-ban")
    reg = tampered.path / REG
    reg.write_text(reg.read_text(encoding="utf-8").replace("\n---\n", "\n", 1), encoding="utf-8")
    before = _head(tampered)
    code, out = run_cli(tampered.path, "round", "step", "du-thao", "--date", "2026-02-20")
    assert code in (1, 2), out
    assert f"{REG}:" in out and "Traceback" not in out
    assert _head(tampered) == before


def test_draft_comparison_table(tampered: RoundRepo) -> None:
    _reset(tampered, "ra-soat-van-ban")
    edit(tampered.path / REG, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả, rõ thẩm quyền")
    table = tampered.path / "vong" / "2026-01" / "bang-so-sanh.docx"
    assert not table.exists()
    code, out = run_cli(tampered.path, "round", "step", "du-thao", "--date", "2026-02-20")
    assert code == 0, out
    assert "vong/2026-01/bang-so-sanh.docx" in git(tampered.path, "show", "--name-only", "--format=", "HEAD")


def test_issue_date_before_the_approval(tampered: RoundRepo) -> None:
    _reset(tampered, "ban-chap-hanh-thong-qua")
    git(tampered.path, "tag", "-d", tampered.tag)
    use_key(tampered.path, tampered.keys["bithu"])
    edit(tampered.path / REG, "number: 01-QC/ĐU", "number: 02-QC/ĐU")
    edit(tampered.path / REG, "date: 2025-07-15", "date: 2026-03-30")
    out = _refused(tampered, "round", "step", "ban-hanh", "--date", "2026-04-05")
    assert "ngày ban hành ở đầu quy chế (2026-03-30 trước ngày 2026-04-01 của bước `ban-chap-hanh-thong-qua`)" in out


def test_issue_needs_number_and_date(tampered: RoundRepo) -> None:
    _reset(tampered, "ban-chap-hanh-thong-qua")
    use_key(tampered.path, tampered.keys["bithu"])
    edit(tampered.path / REG, "number: 01-QC/ĐU\n", "")
    out = _refused(tampered, "round", "step", "ban-hanh", "--date", "2026-04-05")
    assert "đầu quy chế chưa có số văn bản (number)" in out


def test_refused_draft_leaves_no_stale_table(tampered: RoundRepo) -> None:
    _reset(tampered, "ra-soat-van-ban")
    edit(tampered.path / REG, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả, rõ thẩm quyền")
    use_key(tampered.path, tampered.keys["outsider"])
    out = _refused(tampered, "round", "step", "du-thao", "--date", "2026-02-20")
    assert "chưa có trong .quyche/allowed_signers" in out
    assert not (tampered.path / "vong" / "2026-01" / "bang-so-sanh.docx").exists()


def test_draft_table_compares_the_round_base_with_the_draft(round_repo: RoundRepo) -> None:
    import docx

    table = round_repo.path / "vong" / "2026-01" / "bang-so-sanh.docx"
    # made and committed by the draft step, made again by the step that changed the text next
    made_in = git(round_repo.path, "log", "--reverse", "--format=%H", "--", "vong/2026-01/bang-so-sanh.docx").split()
    assert made_in == [round_repo.commits["du-thao"], round_repo.commits["tong-hop-tiep-thu"]]
    for commit in made_in:
        listed = git(round_repo.path, "show", "--name-only", "--format=", commit).split()
        assert {"vong/2026-01/bang-so-sanh.docx", "vong/2026-01/bang-so-sanh.yaml"} <= set(listed)
    doc = docx.Document(str(table))
    cells = [[c.text for c in row.cells] for t in doc.tables[1:] for row in t.rows]
    text = "\n".join(" | ".join(r) for r in cells)
    assert "rõ thẩm quyền" in text and "Điều 2" in text
    assert "thực hiện nghiêm nguyên tắc tập trung dân chủ" in text  # the tong-hop-tiep-thu edit


def test_draft_must_pass_quyche_check(tampered: RoundRepo) -> None:
    _reset(tampered, "ra-soat-van-ban")
    edit(tampered.path / REG, "## Điều 7.", "## Điều 17.")
    out = _refused(tampered, "round", "step", "du-thao", "--date", "2026-02-20")
    assert "dự thảo quy chế còn lỗi" in out and f"{REG}:" in out and "quyche check" in out
    assert not (tampered.path / "vong" / "2026-01" / "bang-so-sanh.docx").exists()


def test_issue_checks_the_number_and_date_it_issues(tampered: RoundRepo) -> None:
    """Issuance refuses the old number, a number not in Party form, a missing/unreal/other date."""
    _reset(tampered, "ban-chap-hanh-thong-qua")
    git(tampered.path, "tag", "-d", tampered.tag)
    use_key(tampered.path, tampered.keys["bithu"])
    reg = tampered.path / REG
    cases = [
        # (number line, date line, what the refusal must say)
        ("number: 01-QC/ĐU", "date: 2026-04-05",
         "`number: 01-QC/ĐU` trong quy-che-lam-viec.md vẫn là số của quy chế khi bắt đầu vòng sửa đổi"),
        ("number: 02/QC-ĐU", "date: 2026-04-05", "`number: 02/QC-ĐU` trong quy-che-lam-viec.md không đúng dạng"),
        ("number: Số 02-QC/ĐU", "date: 2026-04-05", "ví dụ `number: 02-QC/ĐU`"),
        ("number: 02-QC/ĐU", "", "chưa có ngày ban hành. Hãy ghi `date: 2026-04-05`"),
        ("number: 02-QC/ĐU", "date: 2026-02-30",
         "`date: 2026-02-30` trong quy-che-lam-viec.md không phải là ngày có thật. Hãy ghi `date: 2026-04-05`"),
        ("number: 02-QC/ĐU", "date: 2026-04-03",
         "`date: 2026-04-03` trong quy-che-lam-viec.md khác ngày ban hành 2026-04-05 của bước này (--date). "
         "Hãy ghi `date: 2026-04-05`"),
        ("number: 02-QC/ĐU", "date: 2025-07-15", "Hãy ghi `date: 2026-04-05`"),
    ]
    for number, date, expected in cases:
        git(tampered.path, "checkout", "-q", "--", REG)
        edit(reg, "number: 01-QC/ĐU\ndate: 2025-07-15\n", (number + "\n") + (date + "\n" if date else ""))
        out = _refused(tampered, "round", "step", "ban-hanh", "--date", "2026-04-05")
        assert "Chưa đủ điều kiện ghi bước `ban-hanh`" in out and expected in out, (number, date, out)
        assert git(tampered.path, "tag", "--list").strip() == ""
    # the same text with a new number and the step's date is issued
    git(tampered.path, "checkout", "-q", "--", REG)
    edit(reg, "number: 01-QC/ĐU\ndate: 2025-07-15\n", "number: 03-QC/ĐU\ndate: 2026-04-06\n")
    code, out = run_cli(tampered.path, "round", "step", "ban-hanh", "--date", "2026-04-06")
    assert code == 0, out
    assert "03-QC-DU-2026" in out


def test_comments_all_answered_exit_0(round_repo: RoundRepo) -> None:
    code, listing = run_cli(round_repo.path, "round", "comments")
    assert code == 0, listing
    assert "3 ý kiến của 2 cơ quan, đơn vị, cá nhân; 0 ý kiến chưa được tiếp thu, giải trình." in listing


def test_comment_on_an_article_the_draft_lacks(tampered: RoundRepo) -> None:
    """An answered comment on "Điều 99" is flagged with its file:line and fails the listing."""
    path = tampered.path / "vong" / "2026-01" / "gop-y" / "ubkt.yaml"
    edit(path, "  - article: Điều 1\n", "  - article: Điều 99, khoản 2\n")
    code, listing = run_cli(tampered.path, "round", "comments")
    assert code == 1, listing
    assert ("vong/2026-01/gop-y/ubkt.yaml:4: Ủy ban Kiểm tra Đảng ủy — `article: Điều 99, khoản 2`: "
            "dự thảo hiện tại (quy-che-lam-viec.md) không có Điều 99.") in listing
    assert "0 ý kiến chưa được tiếp thu, giải trình; 1 ý kiến ghi điều không có trong dự thảo." in listing
    assert "chi-bo-khu-pho-1.yaml" not in listing  # Điều 2 and the general comment exist / need no article


def test_a_broken_round_yaml_is_reported_not_read_as_empty(tampered: RoundRepo, tmp_path: Path) -> None:
    round_yaml = tampered.path / "vong" / "2026-01" / "round.yaml"
    round_yaml.write_text("id: 2026-01\nworking_group: [Nguyễn Văn A\n", encoding="utf-8")
    code, out = run_cli(tampered.path, "round", "report", "submission", "-o", str(tmp_path / "tt.docx"))
    assert code == 2
    assert "round.yaml:" in out and "tệp YAML bị lỗi" in out and "Traceback" not in out
    assert not (tmp_path / "tt.docx").exists()
    round_yaml.write_text("- chỉ là một danh sách\n", encoding="utf-8")
    code, out = run_cli(tampered.path, "round", "report", "submission", "-o", str(tmp_path / "tt.docx"))
    assert code == 2 and "khóa: giá trị" in out


def test_blank_arguments_are_refused_at_once(round_repo: RoundRepo) -> None:
    """An empty or spaces-only name, id, date, note, round or commenter: exit 2 with one line
    naming the argument and what to write, before the repository is read or written."""
    folders = sorted(p.name for p in (round_repo.path / "vong").iterdir())
    cases = [
        (("round", "start", ""), "Tên vòng sửa đổi trống. Hãy ghi tên vòng trong ngoặc kép"),
        (("round", "start", "   ", "--member", "Nguyễn Văn An=Tổ trưởng"), "Tên vòng sửa đổi trống."),
        (("round", "start", "Vòng mới", "--id", " "), "--id trống. Hãy ghi mã vòng"),
        (("round", "start", "Vòng mới", "--date", ""), "--date trống. Hãy ghi ngày theo dạng NĂM-THÁNG-NGÀY"),
        (("round", "start", "Vòng mới", "-m", "\t"), "--message trống."),
        (("round", "step", ""), "Tên bước trống. Hãy ghi tên bước"),
        (("round", "step", "bao-cao-thuc-hien", "--date", "  "), "--date trống."),
        (("round", "status", "--round", ""), "--round trống. Hãy ghi mã vòng"),
        (("round", "log", "--round", " "), "--round trống."),
        (("round", "comments", "--round", ""), "--round trống."),
        (("round", "comments", "--round", "", "import", "x.docx"), "--round trống."),
        (("round", "comments", "import", "x.docx", "--from", " "), "--from trống. Hãy ghi tên cơ quan"),
        (("round", "comments", "import", "x.docx", "--round", ""), "--round trống."),
        (("round", "comments", "import", "x.docx", "--date", ""), "--date trống."),
        (("round", "report", "comments", "--round", ""), "--round trống."),
        (("round", "report", "submission", "--round", " "), "--round trống."),
        (("round", "draft", "--round", ""), "--round trống."),
    ]
    for args, expected in cases:
        out = _bad_argument(round_repo, *args)
        assert out.strip().count("\n") == 0 and out.startswith(expected), (args, out)
    assert sorted(p.name for p in (round_repo.path / "vong").iterdir()) == folders
    assert git(round_repo.path, "status", "--porcelain").strip() == ""
