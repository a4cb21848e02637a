"""`quyche new` and `quyche templates` through the real CLI (typer's runner, in-process)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from quyche.parse import parse_file
from tests.scaffold.scaffold_helpers import TEMPLATE_NAMES


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, text=True, capture_output=True).stdout


def test_interactive_prompts_ask_in_vietnamese_and_reask_invalid_answers(cli: Any, tmp_path: Path) -> None:
    dest = tmp_path / "an-hoa"
    answers = [
        "",               # unit_name: required, empty -> asked again
        "An Hòa",
        "quận",           # superior_kind: not a choice -> asked again
        "thành phố",
        "Đà Nẵng",
        "2",              # term_number: not Roman -> asked again
        "ii",             # accepted, written upper case
        "2025-2030",      # term_period: wrong form -> asked again
        "2026 - 2031",
        "",               # number: default 01
        "15/7/2025",      # date: wrong form -> asked again
        "2025-07-15",
        "",               # place: default = unit name
        "Nguyễn Văn An",
        "30",             # grassroots_days: above the maximum -> asked again
        "5",
    ]
    result = cli("new", str(dest), "--from-template", "phuong", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Tên phường (không ghi chữ “phường”)" in out
    assert "Nhiệm kỳ * [2025 - 2030]" in out
    assert "`2025-2030` không đúng dạng: hai năm cách nhau bởi ` - `" in out
    assert "{{" not in out
    assert "bắt buộc phải có giá trị" in out
    assert "chỉ nhận một trong: tỉnh, thành phố" in out
    assert "không phải số La Mã" in out
    assert "không phải ngày dạng NĂM-THÁNG-NGÀY" in out
    assert "phải từ 1 đến 15" in out
    assert "Đã tạo kho quy chế" in out and "Traceback" not in out
    fm = parse_file(dest / "quy-che-lam-viec.md").front_matter
    assert fm is not None and fm.term is not None
    assert fm.term.number == "II" and fm.term.period == "2026 - 2031"
    assert fm.superior == "ĐẢNG BỘ THÀNH PHỐ ĐÀ NẴNG" and fm.place == "An Hòa"
    assert fm.distribution[0] == "Ban Thường vụ Thành ủy (để báo cáo),"
    assert "ít nhất 5 ngày làm việc mỗi tháng" in (dest / "quy-che-lam-viec.md").read_text(encoding="utf-8")


def test_xa_prompt_names_the_commune(cli: Any, tmp_path: Path) -> None:
    lines = ["Tân Lập", "", "Đắk Lắk", "", "", "", "2025-09-01", "", "Y Bhăm", ""]
    result = cli("new", str(tmp_path / "x"), "-t", "xa", input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    assert "Tên xã (không ghi chữ “xã”)" in result.output


def test_no_input_fails_clearly_on_a_required_variable_and_leaves_nothing(cli: Any, tmp_path: Path) -> None:
    dest = tmp_path / "repo"
    result = cli("new", str(dest), "--from-template", "phuong", "--no-input", "--set", "unit_name=An Hòa")
    assert result.exit_code == 2
    assert "Biến `superior_name` của mẫu: bắt buộc phải có giá trị" in result.output
    assert "--set superior_name=" in result.output
    assert not dest.exists()


def test_no_input_with_set_and_answers_file(cli: Any, tmp_path: Path) -> None:
    answers = tmp_path / "tra-loi.yaml"
    answers.write_text("unit_name: An Hòa\nsuperior_name: Khánh Hòa\nsigner_name: Nguyễn Văn An\n"
                       "date: 2025-07-15\nnumber: '07'\n", encoding="utf-8")
    dest = tmp_path / "repo"
    result = cli("new", str(dest), "-t", "phuong", "--answers", str(answers), "--set", "number=12", "--no-input")
    assert result.exit_code == 0, result.output
    fm = parse_file(dest / "quy-che-lam-viec.md").front_matter
    assert fm is not None and fm.number == "12-QC/ĐU"  # --set wins over the answers file
    assert fm.issue_date is not None and fm.issue_date.isoformat() == "2025-07-15"


def test_unknown_variable_and_bad_set_syntax_are_refused(cli: Any, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "a"), "-t", "phuong", "--no-input", "--set", "ten_don_vi=An Hòa")
    assert result.exit_code == 2 and "không có biến này" in result.output
    assert "quyche templates show phuong" in result.output
    result = cli("new", str(tmp_path / "b"), "-t", "phuong", "--no-input", "--set", "unit_name")
    assert result.exit_code == 2 and "--set tên=giá trị" in result.output
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_unknown_template_lists_the_known_ones(cli: Any, tmp_path: Path) -> None:
    result = cli("new", str(tmp_path / "a"), "-t", "huyen", "--no-input")
    assert result.exit_code == 2
    assert "Mẫu `huyen`: không có mẫu này" in result.output and "phuong" in result.output
    assert not (tmp_path / "a").exists()


def test_non_empty_folder_refused_without_force(cli: Any, tmp_path: Path) -> None:
    dest = tmp_path / "repo"
    dest.mkdir()
    (dest / "ghi-chu.txt").write_text("của văn phòng\n", encoding="utf-8")
    args = ["new", str(dest), "-t", "chi-bo", "--no-input", "--set", "unit_name=Tổ 3",
            "--set", "superior_name=phường An Hòa", "--set", "signer_name=Lê Hoa", "--set", "place=An Hòa"]
    result = cli(*args)
    assert result.exit_code == 2 and "đã tồn tại" in result.output and "--force" in result.output
    assert sorted(p.name for p in dest.iterdir()) == ["ghi-chu.txt"]
    result = cli(*args, "--force")
    assert result.exit_code == 0, result.output
    assert (dest / "ghi-chu.txt").read_text(encoding="utf-8") == "của văn phòng\n"
    assert "ghi-chu.txt" not in _git(dest, "ls-files")  # only quyche's files are committed
    assert _git(dest, "rev-list", "--count", "HEAD").strip() == "1"


def test_force_into_an_existing_clone_commits_on_top(cli: Any, tmp_path: Path) -> None:
    dest = tmp_path / "clone"
    dest.mkdir()
    _git(dest, "init", "-q")
    (dest / "README.md").write_text("# Kho trống\n", encoding="utf-8")
    _git(dest, "add", "README.md")
    _git(dest, "commit", "-q", "-m", "Initial commit")
    result = cli("new", str(dest), "-t", "chi-bo", "--no-input", "--force", "--set", "unit_name=Tổ 3",
                 "--set", "superior_name=phường An Hòa", "--set", "signer_name=Lê Hoa", "--set", "place=An Hòa")
    assert result.exit_code == 0, result.output
    assert _git(dest, "rev-list", "--count", "HEAD").strip() == "2"
    assert "Quy chế làm việc của Chi bộ Tổ 3" in (dest / "README.md").read_text(encoding="utf-8")


def test_templates_lists_every_template_with_its_model(cli: Any) -> None:
    result = cli("templates")
    assert result.exit_code == 0
    for name in TEMPLATE_NAMES:
        assert name in result.output
    assert "302-QĐ/TW ngày 09/6/2025 của Ban Bí thư" in result.output
    assert "363-QĐ/TW ngày 30/8/2025" in result.output
    data = json.loads(cli("templates", "--format", "json").output)
    assert [t["name"] for t in data["templates"]] == TEMPLATE_NAMES


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_templates_show_json_gives_variables_and_articles(cli: Any, name: str) -> None:
    result = cli("templates", "show", name, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["variables"] and data["articles"]
    for var in data["variables"]:
        assert {"name", "prompt", "default", "required"} <= set(var)
        assert isinstance(var["required"], bool) and (var["default"] is None or isinstance(var["default"], str))
        assert "{{" not in var["prompt"]
    for art in data["articles"]:
        assert set(art) >= {"id", "title"} and art["id"] and art["title"] and "{{" not in art["title"]
    for var in data["variables"]:  # a default never hands a script unrendered Jinja
        assert var["default"] is None or "{{" not in var["default"]
    ids = [a["id"] for a in data["articles"]]
    assert len(ids) == len(set(ids)) and "sua-doi" in ids and "hieu-luc" in ids


def test_templates_show_text(cli: Any) -> None:
    result = cli("templates", "show", "phuong")
    assert result.exit_code == 0
    assert "unit_name (bắt buộc): Tên phường" in result.output
    assert "{#sua-doi}  Rà soát, sửa đổi, bổ sung Quy chế" in result.output
    assert cli("templates", "show", "nope").exit_code == 2
    assert cli("templates", "show", "phuong", "--format", "xml").exit_code == 2


def test_answers_can_be_read_back_from_a_quyche_yaml(cli: Any, tmp_path: Path) -> None:
    first = tmp_path / "mot"
    args = ["-t", "chi-bo", "--no-input", "--set", "unit_name=Tổ 3", "--set", "superior_name=phường An Hòa",
            "--set", "signer_name=Lê Hoa", "--set", "place=An Hòa", "--set", "date=2025-08-01"]
    assert cli("new", str(first), *args).exit_code == 0
    second = tmp_path / "hai"
    result = cli("new", str(second), "-t", "chi-bo", "--no-input", "--answers", str(first / "quyche.yaml"))
    assert result.exit_code == 0, result.output
    assert (second / "quy-che-lam-viec.md").read_bytes() == (first / "quy-che-lam-viec.md").read_bytes()


def test_a_default_that_depends_on_another_answer_is_null_in_json(cli: Any) -> None:
    data = json.loads(cli("templates", "show", "phuong", "--format", "json").output)
    place = next(v for v in data["variables"] if v["name"] == "place")
    assert place["default"] is None and place["default_template"] == "{{ unit_name }}"
    term = next(v for v in data["variables"] if v["name"] == "term_period")
    assert term["default"] == "2025 - 2030" and term["default_template"] is None
