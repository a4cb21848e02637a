"""The upgrade record works: docs/templates.md section 4, step by step, merges three ways."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from quyche.config import load_config
from tests.scaffold.test_scaffold_hostile import GOOD_REGULATION, make_template


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, text=True, capture_output=True).stdout


def test_template_upgrade_merges_into_the_edited_regulation(cli: Any, tmp_path: Path) -> None:
    v1 = GOOD_REGULATION + "\n## Điều 2. Hiệu lực {#hieu-luc}\n\nCó hiệu lực kể từ ngày ký.\n"
    template = make_template(tmp_path / "mau", {"quy-che-lam-viec.md.jinja": v1})
    repo = tmp_path / "kho"
    assert cli("new", str(repo), "-t", str(template), "--no-input", "--set", "unit_name=Tổ 7").exit_code == 0
    regulation = repo / "quy-che-lam-viec.md"
    # The office edits article 1.
    regulation.write_text(regulation.read_text(encoding="utf-8").replace(
        "Quy chế của Tổ 7.", "Quy chế của Tổ 7, áp dụng cho mọi đảng viên."), encoding="utf-8")
    _git(repo, "commit", "-qam", "Văn phòng sửa Điều 1")
    # The template's next version changes article 2.
    (template / "files" / "quy-che-lam-viec.md.jinja").write_text(
        v1.replace("Có hiệu lực kể từ ngày ký.", "Có hiệu lực kể từ ngày ký, thay thế quy chế trước."),
        encoding="utf-8")
    yaml_path = template / "template.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("0.1.0", "0.2.0"), encoding="utf-8")

    _git(repo, "switch", "-q", "-c", "cap-nhat-mau", "refs/quyche/template-base")
    fresh = tmp_path / "ban-moi"
    result = cli("new", str(fresh), "-t", str(template), "--no-input", "--answers", str(repo / "quyche.yaml"))
    assert result.exit_code == 0, result.output
    for path in fresh.rglob("*"):
        rel = path.relative_to(fresh)
        if rel.parts[0] == ".git" or path.is_dir():
            continue
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, repo / rel)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Mẫu phiên bản mới")
    _git(repo, "switch", "-q", "main")
    _git(repo, "merge", "-q", "--no-edit", "cap-nhat-mau")
    _git(repo, "update-ref", "refs/quyche/template-base", "cap-nhat-mau")

    text = regulation.read_text(encoding="utf-8")
    assert "Quy chế của Tổ 7, áp dụng cho mọi đảng viên." in text  # the office's edit kept
    assert "thay thế quy chế trước." in text                      # the template's change arrived
    config = load_config(repo)
    assert config.template is not None and config.template.version == "0.2.0"
    assert _git(repo, "rev-parse", "refs/quyche/template-base") == _git(repo, "rev-parse", "cap-nhat-mau")
