"""A whole revision round of a scaffolded phường repository, from `quyche new` to the last step.

The draft amends an article, adds one (the ones after it are renumbered), repeals a model
article on the record (`bai-bo:`) and moves one to another chapter; the synthesis step answers
the comments (one proposes a new article) and amends once more. Then every document the round
holds or makes is reopened and read against the round: the reasons, the counts, who submits
to whom, no internal names, and the tool's own text rules (QC4xx). `verify` passes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import isolated_git_env
from tests.workflow.roundkit import allowed_line, git, make_key, ok, run_cli, verify_json

RID = "2026-01"
REG = "quy-che-lam-viec.md"
REASONS = {
    "Điều 2": "Cụ thể hóa Quyết định 302-QĐ/TW về nguyên tắc tập trung dân chủ.",
    "Điều 15": "Bổ sung theo Nghị quyết 57-NQ/TW về chuyển đổi số.",
    "so-ket-tong-ket": "Đưa việc sơ kết, tổng kết về chương tổ chức thực hiện.",
}
REPEAL_REASON = "Đã quy định tại Quy chế làm việc của Ban Thường vụ."
LATE_REASON = "Tiếp thu ý kiến của Văn phòng Đảng ủy về thời hạn ký văn bản."
NEW_ARTICLE = """## Điều 15. Chuyển đổi số trong hoạt động của Đảng ủy {#chuyen-doi-so}

1. Ban Thường vụ chỉ đạo ứng dụng công nghệ thông tin, chuyển đổi số trong lãnh đạo, chỉ đạo, điều hành.

2. Văn phòng Đảng ủy quản lý hệ thống văn bản điện tử và bảo đảm an toàn thông tin.
"""
COMMENTS = {
    "chi-bo-khu-pho-1.yaml": """\
commenter: Trần Thị Bình
body: Chi bộ Khu phố 1
date: 2026-03-05
comments:
  - article: Điều 2, khoản 1
    text: Đề nghị làm rõ "tập thể lãnh đạo" gắn với trách nhiệm cá nhân.
    response: tiếp thu
  - article: chung
    text: Dự thảo cần rà soát lại các căn cứ ban hành.
    response: tiếp thu một phần
    explanation: Đã cập nhật căn cứ Quy định 294-QĐ/TW.
""",
    "van-phong.yaml": """\
commenter: Văn phòng Đảng ủy
date: 2026-03-06
comments:
  - article: mới
    text: Đề nghị bổ sung một điều về ứng dụng trí tuệ nhân tạo.
    response: không tiếp thu
    explanation: Nội dung đã thuộc Điều 15 về chuyển đổi số.
  - article: Điều 16, khoản 1
    text: Đề nghị quy định rõ thời hạn ký văn bản.
    response: tiếp thu
""",
}


@dataclass
class FullRound:
    path: Path
    commits: dict[str, str]
    base: str
    outputs: dict[str, str]


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """(heading line, body lines) of each `## Điều` block; chapter headings are blocks too."""
    out: list[tuple[str, list[str]]] = []
    for line in text.split("\n"):
        if line.startswith("#"):
            out.append((line, []))
        elif out:
            out[-1][1].append(line)
    return out


def _article_id(head: str) -> str:
    m = re.search(r"\{#([^}]+)\}", head)
    return m.group(1) if m else ""


def _draft(text: str) -> str:
    """The du-thao edits: amend Điều 2, add an article after Điều 14, repeal Điều 19 and move
    Điều 20 to the last chapter; then number the articles again and fix "Điều N Quy chế này"."""
    front, sep, body = text.partition("\n---\n")
    assert "trước hết là người đứng đầu." in body
    body = body.replace("trước hết là người đứng đầu.", "trước hết là người đứng đầu cấp ủy.", 1)
    blocks = _blocks(body)
    old_numbers = {_article_id(h): re.search(r"Điều (\d+)", h).group(1) for h, _ in blocks if h.startswith("## ")}  # type: ignore[union-attr]
    moved = next(b for b in blocks if _article_id(b[0]) == "so-ket-tong-ket")
    blocks = [b for b in blocks if _article_id(b[0]) not in ("cong-tac-nghi-phep", "so-ket-tong-ket")]
    at = next(i for i, b in enumerate(blocks) if _article_id(b[0]) == "thong-tin-bao-cao") + 1
    new_head, *new_body = NEW_ARTICLE.split("\n")
    blocks.insert(at, (new_head, ["", *new_body]))
    at = next(i for i, b in enumerate(blocks) if _article_id(b[0]) == "trach-nhiem-thi-hanh")
    blocks.insert(at, moved)
    lines: list[str] = []
    n = 0
    new_numbers: dict[str, str] = {}
    for head, rest in blocks:
        if head.startswith("## Điều"):
            n += 1
            head = re.sub(r"^## Điều \d+\.", f"## Điều {n}.", head)
            new_numbers[_article_id(head)] = str(n)
        lines += [head, *rest]
    renumber = {old_numbers[k]: v for k, v in new_numbers.items() if k in old_numbers}
    new_body_text = re.sub(r"Điều (\d+) Quy chế này", lambda m: f"Điều {renumber.get(m.group(1), m.group(1))} Quy chế này",
                           "\n".join(lines))
    return front + sep + new_body_text


def _edit_round_file(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def full_round(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FullRound]:
    base = tmp_path_factory.mktemp("full-round")
    with pytest.MonkeyPatch.context() as mp:
        (base / "home").mkdir()
        isolated_git_env(base / "home", mp)
        key = make_key(base, "vanphong")
        ok(base, "new", "kho", "-t", "phuong", "--no-input", "--set", "unit_name=Phúc Lợi",
           "--set", "superior_name=Hà Nội", "--set", "signer_name=Nguyễn Văn An", "--set", "date=2025-07-15")
        repo = base / "kho"
        (repo / ".quyche").mkdir(exist_ok=True)
        with (repo / ".quyche" / "allowed_signers").open("a", encoding="utf-8") as f:
            f.write(allowed_line("vanphong@example.vn", key))
        git(repo, "config", "gpg.format", "ssh")
        git(repo, "config", "user.signingkey", str(key) + ".pub")
        git(repo, "config", "gpg.ssh.allowedSignersFile", str(repo / ".quyche" / "allowed_signers"))
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-S", "-m", "Khóa ký của Văn phòng Đảng ủy")
        outputs: dict[str, str] = {}

        ok(repo, "round", "start", "Sửa đổi, bổ sung Quy chế làm việc năm 2026", "--id", RID, "--date", "2026-02-02",
           "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng Đảng ủy", "--member", "Lê Thị Cúc=Thành viên=Ủy ban Kiểm tra")
        ok(repo, "round", "step", "bao-cao-thuc-hien", "--date", "2026-02-10")
        ok(repo, "round", "step", "ra-soat-van-ban", "--date", "2026-02-12")
        reg = repo / REG
        reg.write_text(_draft(reg.read_text(encoding="utf-8")), encoding="utf-8")
        round_file = repo / "vong" / RID / "round.yaml"

        def draft_reasons(data: dict[str, Any]) -> None:
            data["reasons"] = dict(REASONS)
            data["bai-bo"] = [{"article": "cong-tac-nghi-phep", "reason": REPEAL_REASON}]

        _edit_round_file(round_file, draft_reasons)
        outputs["du-thao"] = ok(repo, "round", "step", "du-thao", "--date", "2026-02-20")
        # inside the round, `diff --docx` takes the round's reasons
        base_commit = git(repo, "log", "--format=%H", "--grep", "Quyche-Step: thanh-lap-to-cong-tac").split()[0]
        outputs["diff"] = ok(repo, "diff", base_commit, "HEAD", "--docx", "-o", str(base / "diff-trong-vong.docx"))
        ok(repo, "round", "step", "thuong-truc-cho-y-kien", "--date", "2026-02-25")
        gop_y = repo / "vong" / RID / "gop-y"
        gop_y.mkdir()
        for name, text in COMMENTS.items():
            unanswered = "\n".join(ln for ln in text.split("\n") if not ln.strip().startswith(("response:", "explanation:")))
            (gop_y / name).write_text(unanswered, encoding="utf-8")
        ok(repo, "round", "step", "lay-y-kien", "--date", "2026-03-01")
        outputs["comments-open"] = run_cli(repo, "round", "comments")[1]
        for name, text in COMMENTS.items():
            (gop_y / name).write_text(text, encoding="utf-8")
        text = reg.read_text(encoding="utf-8")
        assert "do Bí thư ký thay mặt tập thể;" in text
        reg.write_text(text.replace("do Bí thư ký thay mặt tập thể;", "do Bí thư ký thay mặt tập thể trong 03 ngày làm việc;"),
                       encoding="utf-8")
        _edit_round_file(round_file, lambda data: data["reasons"].update({"Điều 16": LATE_REASON}))
        outputs["comments"] = ok(repo, "round", "comments")
        outputs["tong-hop-tiep-thu"] = ok(repo, "round", "step", "tong-hop-tiep-thu", "--date", "2026-03-15")
        ok(repo, "round", "step", "thuong-truc", "--date", "2026-03-20")
        ok(repo, "round", "step", "ban-thuong-vu", "--date", "2026-03-25")
        ok(repo, "round", "step", "ban-chap-hanh-thong-qua", "--date", "2026-04-01")
        text = reg.read_text(encoding="utf-8")
        reg.write_text(text.replace('number: "01-QC/ĐU"', "number: 02-QC/ĐU").replace("date: 2025-07-15", "date: 2026-04-05"),
                       encoding="utf-8")
        ok(repo, "round", "step", "ban-hanh", "--date", "2026-04-05")
        ok(repo, "round", "step", "giai-the-to-cong-tac", "--date", "2026-04-10")
        for kind in ("comments", "proposals", "submission"):
            outputs[f"report-{kind}"] = ok(repo, "round", "report", kind)
        commits = {s["name"]: s["commit"] for s in yaml.safe_load(ok(repo, "round", "status", "--format", "json"))["steps"]}
        yield FullRound(repo, commits, base_commit, outputs)


def _doc_text(path: Path) -> list[str]:
    """Every paragraph of a DOCX, in the header table, the body and the tables, in order."""
    import docx

    doc = docx.Document(io.BytesIO(path.read_bytes()))
    out: list[str] = []
    body = doc.element.body
    for child in body.iterchildren():
        if child.tag.endswith("}p"):
            out.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")))
        elif child.tag.endswith("}tbl"):
            for para in child.iter():
                if para.tag.endswith("}p"):
                    out.append("".join(t.text or "" for t in para.iter() if t.tag.endswith("}t")))
    return [line for line in out if line.strip()]


BLANKS = re.compile(r"^Số {3,}-|ngày {3,}tháng {3,}năm")
"""The header's blanks the office fills in by hand ("Số       -TTr/ĐU", "ngày      tháng      năm 20   "):
spaces on purpose, so the space rules (QC406, QC407) do not read those two lines."""


def _rows(path: Path, table: int = 1) -> list[list[str]]:
    import docx

    doc = docx.Document(io.BytesIO(path.read_bytes()))
    return [[c.text for c in row.cells] for row in doc.tables[table].rows]


def _text_rule_findings(lines: list[str], tmp_path: Path) -> list[tuple[str, str]]:
    """The tool's own QC4xx rules over a document's text."""
    from quyche.check.registry import RULES
    from quyche.check.rules import load_rules
    from quyche.check.runner import check_file
    from quyche.config import Config

    load_rules()
    target = tmp_path / "van-ban.md"
    target.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    lines_in = target.read_text(encoding="utf-8").split("\n")
    enabled = {code: rule.severity for code, rule in RULES.items() if code.startswith("QC4")}
    return [(f.code, f.message, lines_in[f.span.line - 1]) for f in check_file(target, Config(root=tmp_path), enabled)]


def _documents(fr: FullRound) -> dict[str, Path]:
    folder = fr.path / "vong" / RID
    return {name: folder / name for name in ("bang-so-sanh.docx", "to-trinh.docx", "bieu-tong-hop-de-nghi.docx",
                                             "bang-tong-hop-y-kien.docx")}


def test_the_round_is_verified(full_round: FullRound) -> None:
    code, data = verify_json(full_round.path)
    assert code == 0, data
    assert data["steps"] == 12 and data["violations"] == []


def test_the_table_is_in_the_signed_record_of_the_text_steps(full_round: FullRound) -> None:
    made_in = git(full_round.path, "log", "--reverse", "--format=%H", "--", f"vong/{RID}/bang-so-sanh.docx").split()
    assert made_in == [full_round.commits["du-thao"], full_round.commits["tong-hop-tiep-thu"]]
    assert f"vong/{RID}/bang-so-sanh.docx" in full_round.outputs["du-thao"]
    # the scaffolded .gitignore keeps only the root's bang-so-sanh*.docx out of the record
    assert git(full_round.path, "check-ignore", "-q", f"vong/{RID}/bang-so-sanh.docx", check=False) == ""
    assert git(full_round.path, "status", "--porcelain", "--", "vong").strip().split("\n") != [""]  # reports are new


def test_the_comparison_table_against_the_round(full_round: FullRound) -> None:
    rows = [r for r in _rows(_documents(full_round)["bang-so-sanh.docx"]) if len(set(r)) > 1][1:]
    by_draft = {r[2].split("\n")[0].split(".")[0]: r for r in rows}
    assert by_draft["Điều 2"][3] == REASONS["Điều 2"]
    assert by_draft["Điều 15"][1] == "(Chưa quy định)" and by_draft["Điều 15"][3] == REASONS["Điều 15"]
    repealed = next(r for r in rows if r[2] == "Bãi bỏ")
    assert repealed[1].startswith("Điều 19. Chế độ đi công tác") and repealed[3] == REPEAL_REASON
    # the amended, renumbered article is marked, then its reason
    assert by_draft["Điều 16"][3] == f"Điều 15 → Điều 16 (đánh số lại).\n{LATE_REASON}"
    # the article moved, unchanged, to the last chapter: listed under it, with its new number
    moved = next(r for r in rows if r[1].startswith("Điều 20. Sơ kết, tổng kết"))
    assert moved[2] == "Giữ nguyên (thành Điều 26)" and moved[3] == REASONS["so-ket-tong-ket"]
    # the article amended only because a reference in it follows the renumbering: no reason
    # written, so the cell stays empty and the step says so
    assert by_draft["Điều 8"][3] == ""
    assert "Chưa có lý do cho 1 điều: Điều 8 (ô lý do" in full_round.outputs["du-thao"]
    # no commit message in any reason cell
    assert not any("Vòng " in r[3] or "Quyche-" in r[3] for r in rows)


def test_diff_inside_the_round_uses_the_round_reasons(full_round: FullRound) -> None:
    assert "Chưa có lý do cho 1 điều: Điều 8 (ô lý do" in full_round.outputs["diff"]
    rows = _rows(full_round.path.parent / "diff-trong-vong.docx")
    reasons = {r[3] for r in rows[1:]}
    assert {REASONS["Điều 2"], REASONS["Điều 15"], REPEAL_REASON} <= reasons
    # and round.yaml is accepted as a --reasons file
    code, out = run_cli(full_round.path, "diff", full_round.base, full_round.commits["du-thao"], "--docx",
                        "-o", str(full_round.path.parent / "diff-reasons.docx"), "--reasons", f"vong/{RID}/round.yaml")
    assert code == 0, out
    assert {r[3] for r in _rows(full_round.path.parent / "diff-reasons.docx")[1:]} >= {REASONS["Điều 2"], REPEAL_REASON}


def test_comments_proposing_a_new_article(full_round: FullRound) -> None:
    assert "ghi điều không có" not in full_round.outputs["comments-open"]
    assert "4 ý kiến chưa được tiếp thu, giải trình" in full_round.outputs["comments-open"]
    assert full_round.outputs["comments"].strip().endswith("0 ý kiến chưa được tiếp thu, giải trình.")
    rows = _rows(_documents(full_round)["bang-tong-hop-y-kien.docx"])
    proposal = next(r for r in rows if "trí tuệ nhân tạo" in r[2])
    assert proposal[1] == "Điều mới (đề nghị bổ sung)"
    assert rows.index(proposal) == len(rows) - 2  # after the comments on articles, before the total
    quoted = next(r for r in rows if "tập thể lãnh đạo" in r[2])
    assert "“tập thể lãnh đạo”" in quoted[2]  # straight quotes become “ ”


def test_the_submission_against_the_round(full_round: FullRound) -> None:
    lines = _doc_text(_documents(full_round)["to-trinh.docx"])
    text = "\n".join(lines)
    assert "Ban Thường vụ kính trình Ban Chấp hành xem xét, thông qua" in text
    assert "Kính gửi: Ban Chấp hành Đảng bộ phường Phúc Lợi" in text
    assert "T/M BAN THƯỜNG VỤ" in text and "Số       -TTr/ĐU" in text
    assert "Phúc Lợi, ngày      tháng      năm 2026" in text  # blanks for the office, the round's year
    summary = next(line for line in lines if line.startswith("Dự thảo sửa đổi, bổ sung"))
    assert summary.startswith("Dự thảo sửa đổi, bổ sung 5 điều (3 điều sửa đổi, bổ sung; 1 điều bổ sung mới; "
                              "1 điều bãi bỏ); ")
    renumbered = int(re.search(r"(\d+) điều được đánh số lại", summary).group(1))  # type: ignore[union-attr]
    assert renumbered >= 10 and "1 điều chuyển sang chương khác" in summary
    assert f"lý do: {REASONS['Điều 2'].rstrip('.')}." in text
    assert f"lý do: {REPEAL_REASON.rstrip('.')}." in text
    assert "4 ý kiến góp ý của 2 cơ quan, đơn vị, cá nhân" in text
    assert "Hội nghị Ban Thường vụ cho ý kiến: ngày 25/03/2026." in text
    for later in ("Ban Chấp hành xem xét, thông qua: ngày", "Ban hành quy chế:", "Giải thể tổ công tác"):
        assert later not in text


def test_proposals_against_the_round(full_round: FullRound) -> None:
    rows = _rows(_documents(full_round)["bieu-tong-hop-de-nghi.docx"])
    reasons = {r[1].split("\n")[0].split(",")[0]: r[4] for r in rows[1:-1]}
    assert reasons["Điều 2"] == REASONS["Điều 2"]
    assert reasons["Điều 15"] == REASONS["Điều 15"]
    assert reasons["Điều 19"] == REPEAL_REASON
    assert reasons["Điều 16 (Điều 15 hiện hành)"] == LATE_REASON
    assert reasons["Điều 8"] == ""  # amended by the renumbering of a reference; no reason written
    assert "Chưa có lý do cho 1 điều: Điều 8 (ô lý do" in full_round.outputs["report-proposals"]


def test_no_internal_names_and_clean_text_in_every_document(full_round: FullRound, tmp_path: Path) -> None:
    for name, path in _documents(full_round).items():
        lines = _doc_text(path)
        text = "\n".join(lines)
        for internal in (RID, ".docx", ".yaml", ".md", "vong/", "gop-y", "Quyche-"):
            assert internal not in text, (name, internal)
        assert _text_rule_findings([line for line in lines if not BLANKS.search(line)], tmp_path) == [], name
        assert sum(1 for line in lines if BLANKS.search(line)) <= 2, name
