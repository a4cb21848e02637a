"""`quyche overview` over real unit repositories in mixed states (tests/overview/kit.py): each
state shows right in the JSON (checked against its schema), the terminal table, the DOCX report
(reopened) and the HTML page; the per-unit cache recomputes only the unit that changed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from quyche.overview.run import run_overview
from quyche.overview.units import load_units
from tests.conftest import run_quyche
from tests.overview.kit import TODAY
from tests.test_json_schemas import validate_output
from tests.workflow.roundkit import REG, edit, git

EXPECTED = {
    "never": ["never-revised"],
    "stalled": ["stalled"],
    "issued": [],
    "tampered": ["verify-failed"],
    "failing": ["never-revised", "check-errors"],
    "old-template": ["never-revised", "old-template"],
    "unreachable": ["unreachable"],
}


def _overview(units_file: Path, *args: str) -> Any:
    return run_quyche("overview", str(units_file), "--today", TODAY, "--cache-dir",
                      str(units_file.parent / "cache"), *args, cwd=units_file.parent)


def test_json_tells_every_state_and_follows_its_schema(units: tuple[Path, dict[str, Path]]) -> None:
    path, repos = units
    proc = _overview(path, "--format", "json", "--since", "2026-01-01")
    assert proc.returncode == 1, proc.stderr  # some units need action
    data = validate_output("overview", proc.stdout)
    by_name = {u["name"]: u for u in data["units"]}
    not_since = {"never", "stalled", "failing", "old-template"}  # nothing issued since 2026-01-01
    for name, flags in EXPECTED.items():
        expected = {*flags, "not-revised-since"} if name in not_since else set(flags)
        assert set(by_name[name]["flags"]) == expected, name
    assert by_name["stalled"]["round"] == {"id": "2026-01", "open": True, "step": "lay-y-kien",
                                           "last_step_date": "2026-03-01", "days_since": 92}
    assert by_name["issued"]["issued"] == {"tag": "02-QC-DU-2026", "date": "2026-04-05"}
    assert by_name["issued"]["verify"] == {"ok": True, "violations": [], "steps": 12}
    assert by_name["issued"]["regulation"]["number"] == "02-QC/ĐU"
    assert by_name["tampered"]["verify"]["violations"] == ["regulation-changed"]
    assert by_name["failing"]["findings"]["error"] == 1
    assert by_name["old-template"]["template"] == {"name": "phuong", "version": "0.9.0", "newest": "1.0.0"}
    assert by_name["unreachable"]["reachable"] is False and "git" in by_name["unreachable"]["problem"]
    assert data["summary"]["units"] == 7 and data["summary"]["never-revised"] == 3
    # the units were read from git objects: their working trees were never touched
    assert git(repos["stalled"], "status", "--porcelain") == ""


def test_terminal_table_marks_each_unit(units: tuple[Path, dict[str, Path]]) -> None:
    path, _repos = units
    proc = _overview(path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = {line.split("│")[1].strip(): line for line in proc.stdout.splitlines() if line.count("│") > 5}
    assert "Vòng sửa đổi bị chậm" in lines["stalled"] and "lay-y-kien" in lines["stalled"]
    assert "Lịch sử không hợp lệ" in lines["tampered"] and "KHÔNG hợp lệ" in lines["tampered"]
    assert "02-QC-DU-2026" in lines["issued"] and "hợp lệ" in lines["issued"]
    assert "Văn bản còn lỗi" in lines["failing"] and "Mẫu cũ" in lines["old-template"]
    assert "Không truy cập được kho" in lines["unreachable"] and "Chưa sửa đổi lần nào" in lines["never"]


def test_docx_report_in_the_party_layout(units: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    import docx

    path, _repos = units
    out = tmp_path / "bao-cao.docx"
    proc = _overview(path, "--format", "docx", "--output", str(out))
    assert proc.returncode == 1, proc.stderr
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO TÌNH HÌNH SỬA ĐỔI, BỔ SUNG QUY CHẾ LÀM VIỆC CỦA CÁC CẤP ỦY TRỰC THUỘC" in text.upper()
    header = "\n".join(c.text for c in doc.tables[0]._cells)
    assert "ĐẢNG ỦY PHƯỜNG AN HÒA" in header and "ĐẢNG CỘNG SẢN VIỆT NAM" in header
    rows = {r.cells[1].text.split(" (")[0]: r for r in doc.tables[1].rows if len(r.cells) == 9 and r.cells[0].text.isdigit()}
    assert set(rows) == set(EXPECTED)
    assert "lay-y-kien" in rows["stalled"].cells[5].text and "Vòng sửa đổi bị chậm" in rows["stalled"].cells[8].text
    assert rows["issued"].cells[8].text == "Bình thường" and "02-QC-DU-2026" in rows["issued"].cells[6].text
    assert rows["tampered"].cells[7].text.startswith("Không hợp lệ")
    assert "1 lỗi" in rows["failing"].cells[4].text and "0.9.0" in rows["old-template"].cells[3].text
    assert "Không truy cập được kho" in rows["unreachable"].cells[8].text
    assert _overview(path, "--format", "docx", "--output", str(out)).returncode == 2  # never overwrites unasked


def test_html_page_is_self_contained(units: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    path, _repos = units
    out = tmp_path / "bao-cao.html"
    assert _overview(path, "--format", "html", "--output", str(out)).returncode == 1
    page = out.read_text(encoding="utf-8")
    assert "http://" not in page.replace("http-equiv", "") and "https://" not in page and "src=" not in page
    for name, flags in EXPECTED.items():
        assert f'data-flags="{" ".join(flags)}"' in page, name


def test_an_unchanged_unit_comes_from_the_cache(units: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    path, repos = units
    specs = load_units(path).units
    cache = tmp_path / "cache"
    first = run_overview(specs, cache=cache, jobs=1)
    assert not any(s.from_cache for s in first)
    again = run_overview(specs, cache=cache, jobs=2)
    reachable = [s for s in again if s.reachable]
    assert all(s.from_cache for s in reachable) and len(reachable) == 6
    assert [s.to_dict() | {"from_cache": False} for s in again] == [s.to_dict() for s in first]
    edit(repos["never"] / REG, "rõ trách nhiệm, rõ kết quả", "rõ trách nhiệm, rõ kết quả theo Điều 98 Quy chế này")
    git(repos["never"], "commit", "-qam", "dẫn chiếu sai")
    try:
        third = {s.name: s for s in run_overview(specs, cache=cache, jobs=1)}
        assert [n for n, s in third.items() if s.reachable and not s.from_cache] == ["never"]
        assert third["never"].findings["error"] == 1
    finally:
        git(repos["never"], "reset", "-q", "--hard", "HEAD~1")


@pytest.mark.parametrize(("text", "needle"), [
    ("units: []\n", "units"),
    ("units:\n  - name: A\n    level: xa\n", "units[1].repo"),
    ("units:\n  - name: A\n    level: xa\n    repo: a\n    ref: --upload-pack=x\n", "units[1].ref"),
    ("units: [\n", "UNITS.yaml:2:1"),
])
def test_bad_units_file_is_one_line_and_exit_2(tmp_path: Path, text: str, needle: str) -> None:
    path = tmp_path / "UNITS.yaml"
    path.write_text(text, encoding="utf-8")
    proc = run_quyche("overview", str(path), cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and needle in proc.stderr, proc.stderr


def test_fifty_units_in_mixed_states_in_all_four_outputs(units: tuple[Path, dict[str, Path]], tmp_path: Path) -> None:
    """The done-when: 48 copies of the six states plus two unreachable units. Copies share
    commits, so most come from the per-unit cache: each must still carry its own name."""
    import docx

    _path, repos = units
    lines = ["units:"]
    expected: dict[str, list[str]] = {}
    for i in range(48):
        state = list(repos)[i % 6]
        name = f"Đơn vị {i:02d} {state}"
        lines += [f"  - name: {name}", f"    level: {'chi-bo' if i % 2 else 'dang-uy-co-so'}", f"    repo: {repos[state]}"]
        expected[name] = EXPECTED[state]
    for i in (48, 49):
        lines += [f"  - name: Đơn vị {i}", "    level: chi-bo", f"    repo: file://{tmp_path}/khong-co-{i}.git"]
        expected[f"Đơn vị {i}"] = ["unreachable"]
    big = tmp_path / "UNITS.yaml"
    big.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data = json.loads(_overview(big, "-f", "json").stdout)
    assert {u["name"]: u["flags"] for u in data["units"]} == expected
    assert data["summary"] == {"units": 50, "unreachable": 2, "unreadable": 0, "never-revised": 24,
                                    "not-revised-since": 0, "stalled": 8, "verify-failed": 8, "check-errors": 8,
                                    "old-template": 8}
    table = _overview(big).stdout
    for name, flags in expected.items():
        row = next(line for line in table.splitlines() if f"│ {name} " in line)
        assert ("Vòng sửa đổi bị chậm" in row) == ("stalled" in flags), name
        assert ("Lịch sử không hợp lệ" in row) == ("verify-failed" in flags), name
    page = tmp_path / "p.html"
    _overview(big, "-f", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert html.count("<tr data-level=") == 50 and html.count('data-flags="stalled"') == 8
    report = tmp_path / "r.docx"
    _overview(big, "-f", "docx", "-o", str(report))
    rows = [r for r in docx.Document(str(report)).tables[1].rows if r.cells[0].text.isdigit()]
    assert len(rows) == 50
    assert sum("Vòng sửa đổi bị chậm" in r.cells[8].text for r in rows) == 8
    assert sum(r.cells[8].text == "Bình thường" for r in rows) == 8
