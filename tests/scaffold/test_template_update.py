"""`quyche template update`: a unit made from version 1 of a template is brought to version 2.

The fixture template tests/fixtures/templates/mau-phuong ships both versions: 1.0.0 (under
versions/, the text of the built-in `phuong`) and 2.0.0, which rewords clause 3 of the article
on the People's Committee, adds an article on the police, repeals the one on the People's
Council, moves the one on subordinate branches, asks a new question (`police_meetings`) and
changes another (`superior_kind` gains a choice).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from quyche.config import load_config
from quyche.parse import parse_text
from tests.conftest import ROOT, git
from tests.scaffold.scaffold_helpers import SAMPLE_ANSWERS, TEMPLATE_NAMES

FIXTURE = ROOT / "tests" / "fixtures" / "templates" / "mau-phuong"
ANSWERS = ["--set", "unit_name=An Hòa", "--set", "superior_name=Khánh Hòa", "--set", "signer_name=Nguyễn Văn An"]

UBND_3_V1 = "3. Định kỳ hằng quý, Ban Thường vụ làm việc với tập thể lãnh đạo Ủy ban nhân dân để nghe báo cáo và cho ý kiến chỉ đạo."
UBND_3_V2 = ("3. Định kỳ sáu tháng, Ban Thường vụ làm việc với tập thể lãnh đạo Ủy ban nhân dân để nghe báo cáo, "
             "cho ý kiến chỉ đạo và đánh giá kết quả thực hiện.")
UBND_3_UNIT = UBND_3_V1.replace("hằng quý", "hằng tháng")
OWN_EDITS = {  # two articles only the unit changes
    "4. Công khai, minh bạch trong lãnh đạo, chỉ đạo;": "4. Công khai, minh bạch, kịp thời trong lãnh đạo, chỉ đạo;",
    "2. Mỗi năm ít nhất một lần, Ban Thường vụ làm việc với Ủy ban Mặt trận":
        "2. Mỗi năm ít nhất hai lần, Ban Thường vụ làm việc với Ủy ban Mặt trận",
}


def _scaffold_v1(cli: Any, tmp_path: Path) -> Path:
    repo = tmp_path / "kho"
    result = cli("new", str(repo), "-t", str(FIXTURE), "--template-version", "1.0.0", "--no-input", *ANSWERS)
    assert result.exit_code == 0, result.output
    return repo


def _edit(repo: Path, edits: dict[str, str]) -> None:
    path = repo / "quy-che-lam-viec.md"
    text = path.read_text(encoding="utf-8")
    for old, new in edits.items():
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    git(repo, "commit", "-qam", "Văn phòng sửa quy chế")


def _article(text: str, uid: str) -> str:
    reg = parse_text(text, "q.md")
    art = next(a for a in reg.articles() if a.id == uid)
    return art.full_text()


def test_fixture_ships_two_versions(cli: Any) -> None:
    result = cli("templates", "show", str(FIXTURE), "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert data["version"] == "2.0.0"
    assert data["versions"] == ["1.0.0", "2.0.0"]
    assert data["model"]["number"] == "302-QĐ/TW"


def test_update_to_v2_merges_article_by_article(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _scaffold_v1(cli, tmp_path)
    assert load_config(repo).raw["template"]["version"] == "1.0.0"
    _edit(repo, {UBND_3_V1: UBND_3_UNIT, **OWN_EDITS})
    monkeypatch.chdir(repo)

    # Non-interactive without the new answer: one clear line, nothing written.
    before = (repo / "quy-che-lam-viec.md").read_text(encoding="utf-8")
    refused = cli("template", "update", "--no-input")
    assert refused.exit_code == 2
    assert "police_meetings" in refused.output and "Traceback" not in refused.output
    assert (repo / "quy-che-lam-viec.md").read_text(encoding="utf-8") == before

    result = cli("template", "update", "--no-input", "--set", "police_meetings=3")
    assert result.exit_code == 1, result.output  # a conflict is left
    assert "xung đột" in result.output
    text = (repo / "quy-che-lam-viec.md").read_text(encoding="utf-8")
    reg = parse_text(text, "q.md")
    ids = [a.id for a in reg.articles()]
    # v2's untouched changes are in: added, repealed, moved
    assert "quan-he-cong-an" in ids and "quan-he-hdnd" not in ids
    assert "ít nhất 3 lần" in _article(text, "quan-he-cong-an")
    assert ids.index("quan-he-truc-thuoc") == ids.index("quan-he-cap-tren") + 1
    # the unit's own edits are kept
    for edited in OWN_EDITS.values():
        assert edited in text
    # the overlapping article holds both wordings, marked
    ubnd = _article(text, "quan-he-ubnd")
    assert UBND_3_UNIT in ubnd and UBND_3_V2 in ubnd
    assert "<<<<<<< Bản của đơn vị" in text and "======= Mẫu mau-phuong phiên bản 2.0.0" in text
    assert [m.side for m in reg.conflicts] == ["ours", "theirs", "end"]
    # quyche.yaml: version, the new answer, the new layout; nothing else of the file changed
    config = load_config(repo)
    assert config.raw["template"]["version"] == "2.0.0"
    assert config.raw["template"]["answers"]["police_meetings"] == "3"
    layout_ids = [k for c in config.raw["template"]["layout"] for k in c["articles"]]
    assert "quan-he-cong-an" in layout_ids and "quan-he-hdnd" not in layout_ids
    assert config.raw["unit"] == {"name": "Đảng bộ phường An Hòa", "level": "phuong"}

    # check reports the conflict, status lists it, fmt refuses to lay it out
    checked = cli("check")
    assert checked.exit_code == 1
    assert "QC504" in checked.output and "Điều 23" in checked.output
    assert "QC103" not in checked.output  # the two wordings of clause 3 are one finding, not two
    status = cli("template", "update", "--status")
    assert status.exit_code == 1 and "quy-che-lam-viec.md:" in status.output and "quan-he-ubnd" in status.output
    assert cli("fmt", "--check", "quy-che-lam-viec.md").exit_code == 2

    # resolve: keep the template's wording
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("<<<<<<<"))
    mid = next(i for i, line in enumerate(lines) if line.startswith("======="))
    end = next(i for i, line in enumerate(lines) if line.startswith(">>>>>>>"))
    resolved = lines[:start] + lines[mid + 1 : end] + lines[end + 1 :]
    (repo / "quy-che-lam-viec.md").write_text("\n".join(resolved), encoding="utf-8")
    checked = cli("check")
    assert checked.exit_code == 0, checked.output
    status = cli("template", "update", "--status")
    assert status.exit_code == 0 and "Đã cập nhật" in status.output


def test_edits_in_other_clauses_of_the_same_article_merge_cleanly(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _scaffold_v1(cli, tmp_path)
    clause_1 = "1. Ban Chấp hành, Ban Thường vụ lãnh đạo Ủy ban nhân dân phường về chủ trương"
    _edit(repo, {clause_1: clause_1.replace("lãnh đạo", "lãnh đạo toàn diện")})
    monkeypatch.chdir(repo)
    result = cli("template", "update", "--no-input", "--set", "police_meetings=2")
    assert result.exit_code == 0, result.output
    ubnd = _article((repo / "quy-che-lam-viec.md").read_text(encoding="utf-8"), "quan-he-ubnd")
    assert "lãnh đạo toàn diện Ủy ban nhân dân" in ubnd and UBND_3_V2 in ubnd
    assert cli("check").exit_code == 0


def test_dry_run_writes_nothing_but_the_comparison_table(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    repo = _scaffold_v1(cli, tmp_path)
    monkeypatch.chdir(repo)
    out = tmp_path / "cap-nhat.docx"
    result = cli("template", "update", "--dry-run", "--no-input", "--set", "police_meetings=2", "--docx", str(out))
    assert result.exit_code == 0, result.output
    assert "Quan hệ với Công an phường: mẫu mới bổ sung" in result.output
    assert "Quan hệ với Hội đồng nhân dân: mẫu mới bãi bỏ" in result.output
    assert git(repo, "status", "--porcelain").stdout == ""
    rows = [[c.text for c in row.cells] for table in docx.Document(str(out)).tables for row in table.rows]
    reasons = [row[-1] for row in rows if row[0].isdigit()]
    assert reasons and all("Theo mẫu mau-phuong phiên bản 2.0.0" in r for r in reasons), reasons
    assert any("Công an" in row[2] for row in rows if len(row) == 4)


def test_an_answer_the_new_version_no_longer_accepts_is_asked_again(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "kho"
    assert cli("new", str(repo), "-t", str(FIXTURE), "--template-version", "1.0.0", "--no-input",
               *ANSWERS).exit_code == 0
    monkeypatch.chdir(repo)
    # interactive: only the new question is asked
    result = cli("template", "update", input="4\n")
    assert result.exit_code == 0, result.output
    assert "Số lần Ban Thường vụ làm việc với Công an" in result.output
    assert "Tên phường" not in result.output
    assert "police_meetings=4" in result.output


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_builtin_template_updated_to_itself_changes_nothing(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    repo = tmp_path / name
    sets = [arg for key, value in SAMPLE_ANSWERS[name].items() for arg in ("--set", f"{key}={value}")]
    assert cli("new", str(repo), "-t", name, "--no-input", *sets).exit_code == 0
    # an office edit must survive too
    path = repo / "quy-che-lam-viec.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Quy chế này", "Quy chế này (đã sửa)", 1), encoding="utf-8")
    git(repo, "commit", "-qam", "sửa")
    monkeypatch.chdir(repo)
    result = cli("template", "update", "--no-input")
    assert result.exit_code == 0, result.output
    assert "không có gì để cập nhật" in result.output
    assert git(repo, "status", "--porcelain").stdout == ""


def test_merge_of_base_into_itself_keeps_every_byte(repos: dict[str, Any]) -> None:
    """Not the shortcut: ours differs from base, theirs == base must return ours exactly,
    and the block-by-block path with theirs == ours gives the same text back."""
    from quyche.diff.merge import merge_regulations

    for result in repos.values():
        text = (result.dest / result.regulation).read_text(encoding="utf-8")
        edited = text.replace("Quy chế này", "Quy chế này (đã sửa)", 1)
        assert merge_regulations(text, edited, text).text == edited
        merged = merge_regulations(text, edited, edited)
        assert merged.text == edited and merged.conflicts == 0


@pytest.mark.parametrize("trailers", ["name@version", "old two trailers", "other version"])
def test_update_without_the_old_version_uses_the_pristine_commit(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, trailers: str) -> None:
    """A template edited in place (no versions/ kept): the base comes from refs/quyche/template-base,
    whose commit names the template `Quyche-Template: name@version` (what `new` writes), or the
    name and `Quyche-Template-Version` (what earlier versions wrote); a commit of another version
    is not taken as the base."""
    import shutil

    from quyche.scaffold.scaffold import BASE_REF

    template = tmp_path / "mau"
    shutil.copytree(FIXTURE / "versions" / "1.0.0", template)
    repo = tmp_path / "kho"
    assert cli("new", str(repo), "-t", str(template), "--no-input", *ANSWERS).exit_code == 0
    first = git(repo, "log", "-1", "--format=%B", BASE_REF).stdout
    name = git(repo, "log", "-1", "--format=%(trailers:key=Quyche-Template,valueonly)", BASE_REF).stdout.strip()
    assert name.endswith("@1.0.0") and "Quyche-Template-Version" not in first
    if trailers != "name@version":
        old = {"old two trailers": f"Quyche-Template: {name.split('@')[0]}\nQuyche-Template-Version: 1.0.0",
               "other version": f"Quyche-Template: {name.split('@')[0]}\nQuyche-Template-Version: 0.9.0"}[trailers]
        git(repo, "commit", "-q", "--amend", "-m", first.split("\n\n")[0] + "\n\n" + old)
        git(repo, "update-ref", BASE_REF, "HEAD")
    _edit(repo, OWN_EDITS)
    (template / "template.yaml").write_text((FIXTURE / "template.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    shutil.copytree(FIXTURE / "files", template / "files")
    monkeypatch.chdir(repo)
    result = cli("template", "update", "--no-input", "--set", "police_meetings=2")
    if trailers == "other version":
        assert result.exit_code == 2 and "refs/quyche/template-base" in result.output, result.output
        return
    assert result.exit_code == 0, result.output
    text = (repo / "quy-che-lam-viec.md").read_text(encoding="utf-8")
    assert UBND_3_V2 in text and all(e in text for e in OWN_EDITS.values())


def test_no_template_recorded_is_one_line(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "quyche.yaml").write_text("unit:\n  name: Chi bộ 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("template", "update")
    assert result.exit_code == 2
    assert "quyche.yaml" in result.output and "template" in result.output and "Traceback" not in result.output


def test_unknown_target_version_names_the_known_ones(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _scaffold_v1(cli, tmp_path)
    monkeypatch.chdir(repo)
    result = cli("template", "update", "--to", "9.9.9", "--no-input")
    assert result.exit_code == 2
    assert "9.9.9" in result.output and "1.0.0, 2.0.0" in result.output


def _round_ready(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A unit on version 1.0.0 with a three-step procedure, signatures optional; cwd inside it."""
    repo = _scaffold_v1(cli, tmp_path)
    with (repo / "quyche.yaml").open("a", encoding="utf-8") as fh:
        fh.write("procedure:\n  signing: optional\n  steps:\n    - thanh-lap-to-cong-tac\n    - du-thao\n    - ban-hanh\n")
    git(repo, "commit", "-qam", "Quy trình rút gọn")
    monkeypatch.chdir(repo)
    return repo


def test_round_records_the_template_version_and_verify_reports_it(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    repo = _round_ready(cli, tmp_path, monkeypatch)
    started = cli("round", "start", "Cập nhật theo mẫu mới", "--no-sign", "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng")
    assert started.exit_code == 0, started.output
    assert cli("template", "update", "--no-input", "--set", "police_meetings=2").exit_code == 0
    # the draft step takes the regulation and quyche.yaml (only its template section changed)
    drafted = cli("round", "step", "du-thao", "--no-sign")
    assert drafted.exit_code == 0, drafted.output
    committed = git(repo, "show", "--name-only", "--format=", "HEAD").stdout.split()
    assert {"quy-che-lam-viec.md", "quyche.yaml"} <= set(committed)
    trailer = git(repo, "log", "-1", "--format=%(trailers:key=Quyche-Template,valueonly)").stdout.strip()
    assert trailer == "mau-phuong@2.0.0"
    path = repo / "quy-che-lam-viec.md"
    path.write_text(path.read_text(encoding="utf-8").replace('number: "01-QC/ĐU"', 'number: "02-QC/ĐU"'), encoding="utf-8")
    issued = cli("round", "step", "ban-hanh", "--no-sign")
    assert issued.exit_code == 0, issued.output
    report = json.loads(cli("verify", "--format", "json").output)
    assert report["ok"] is True
    assert report["issued"] == [{"round": started_round(repo), "template": "mau-phuong@2.0.0"}]


def test_other_settings_changed_with_the_draft_are_still_refused(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _round_ready(cli, tmp_path, monkeypatch)
    assert cli("round", "start", "Vòng 1", "--no-sign", "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng").exit_code == 0
    assert cli("template", "update", "--no-input", "--set", "police_meetings=2").exit_code == 0
    config = repo / "quyche.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("name: Đảng bộ phường An Hòa", "name: Đảng bộ khác"),
                      encoding="utf-8")
    refused = cli("round", "step", "du-thao", "--no-sign")
    assert refused.exit_code != 0
    assert "quyche.yaml" in refused.output


def started_round(repo: Path) -> str:
    """The id of the round the repository holds (one folder under vong/)."""
    return next(p.name for p in (repo / "vong").iterdir() if p.is_dir())


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_every_shipped_version_of_every_builtin_template_renders(name: str) -> None:
    """Versions are kept renderable for years: each one under versions/ still renders and parses."""
    from quyche.scaffold.locate import builtin_root
    from quyche.scaffold.template import load_template, load_template_version
    from quyche.scaffold.update import render_regulation

    folder = builtin_root() / name
    current = load_template(folder, builtin=True)
    assert current.version in current.versions and current.model is not None
    for version in current.versions:
        template = load_template_version(folder, version, builtin=True)
        answers = {**{v.name: v.default or "" for v in template.variables if v.default and "{" not in v.default},
                   "date": "2025-07-15", "place": "An Hòa", **SAMPLE_ANSWERS[name]}
        text = render_regulation(template, answers)
        assert parse_text(text, "q.md").articles(), (name, version)


def test_templates_lists_versions_and_the_model_followed(cli: Any) -> None:
    import json

    listed = json.loads(cli("templates", "--format", "json").output)["templates"]
    assert listed and all(t["version"] in t["versions"] for t in listed)
    phuong = next(t for t in listed if t["name"] == "phuong")
    assert phuong["model"]["number"] == "302-QĐ/TW" and phuong["model"]["date"] == "09/6/2025"
    text = cli("templates", "show", str(FIXTURE)).output
    assert "Các phiên bản: 2.0.0 (trước đó: 1.0.0)" in text


def test_a_version_folder_linking_outside_the_template_is_refused(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    template = tmp_path / "mau"
    shutil.copytree(FIXTURE, template)
    outside = tmp_path / "ngoai"
    shutil.move(str(template / "versions" / "1.0.0"), outside)
    (template / "versions" / "1.0.0").symlink_to(outside, target_is_directory=True)
    result = cli("new", str(tmp_path / "kho"), "-t", str(template), "--template-version", "1.0.0", "--no-input", *ANSWERS)
    assert result.exit_code == 2
    assert "không an toàn" in result.output and not (tmp_path / "kho").exists()


def test_no_step_and_no_docx_while_a_conflict_is_left(cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import docx

    repo = _round_ready(cli, tmp_path, monkeypatch)
    _edit(repo, {UBND_3_V1: UBND_3_UNIT})
    assert cli("round", "start", "Vòng 1", "--no-sign", "--member", "Nguyễn Văn An=Tổ trưởng=Văn phòng").exit_code == 0
    assert cli("template", "update", "--no-input", "--set", "police_meetings=2").exit_code == 1
    head = git(repo, "rev-parse", "HEAD").stdout
    refused = cli("round", "step", "du-thao", "--no-sign")
    assert refused.exit_code == 2 and "xung đột" in refused.output and "Traceback" not in refused.output
    assert git(repo, "rev-parse", "HEAD").stdout == head
    built = cli("build", "quy-che-lam-viec.md", "--docx", str(tmp_path / "qc.docx"))
    assert built.exit_code == 2 and "xung đột" in built.output and not (tmp_path / "qc.docx").exists()
    # resolved by keeping the unit's wording: the step goes through, the DOCX holds one wording
    path = repo / "quy-che-lam-viec.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    mid = next(i for i, line in enumerate(lines) if line.startswith("======="))
    end = next(i for i, line in enumerate(lines) if line.startswith(">>>>>>>"))
    path.write_text("\n".join(line for i, line in enumerate(lines)
                              if not line.startswith("<<<<<<<") and not mid <= i <= end), encoding="utf-8")
    assert cli("round", "step", "du-thao", "--no-sign").exit_code == 0
    assert cli("build", "quy-che-lam-viec.md", "--docx", str(tmp_path / "qc.docx")).exit_code == 0
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "qc.docx")).paragraphs)
    assert "Định kỳ hằng tháng" in text and "Định kỳ sáu tháng" not in text


def test_references_in_the_units_own_wording_follow_the_new_numbering(
        cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Điều 25 (subordinate branches) becomes Điều 22 in 2.0.0, and Điều 25 is then the new
    article on the police: the unit's own sentence citing Điều 25 must now cite Điều 22."""
    repo = _scaffold_v1(cli, tmp_path)
    sentence = "được phổ biến đến chi bộ và đảng viên trong Đảng bộ."
    _edit(repo, {sentence: sentence[:-1] + " theo quy định tại Điều 25 Quy chế này."})
    monkeypatch.chdir(repo)
    result = cli("template", "update", "--no-input", "--set", "police_meetings=2")
    assert result.exit_code == 0, result.output
    text = (repo / "quy-che-lam-viec.md").read_text(encoding="utf-8")
    assert "theo quy định tại Điều 22 Quy chế này." in _article(text, "hieu-luc")
    assert "## Điều 22. Quan hệ với chi bộ, đảng bộ trực thuộc {#quan-he-truc-thuoc}" in text
    assert "sửa dẫn chiếu" in result.output
    assert cli("check").exit_code == 0
