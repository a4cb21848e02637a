"""Templates cannot reach outside their folder, hang, or fill memory (issue 12 reproducers)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from quyche.scaffold.template import pattern_problem
from tests.scaffold.test_scaffold_hostile import GOOD_REGULATION, _refused, make_template


def _home_with_secrets(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_ed25519").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n", encoding="utf-8")
    (home / ".netrc").write_text("machine x login a password b\n", encoding="utf-8")
    return home


def test_a_files_folder_linked_out_of_the_template_is_refused(cli: Any, tmp_path: Path) -> None:
    home = _home_with_secrets(tmp_path)
    (home / "quy-che-lam-viec.md.jinja").write_text(GOOD_REGULATION, encoding="utf-8")
    template = make_template(tmp_path / "mau", {})
    for child in sorted((template / "files").iterdir()):
        child.unlink()
    (template / "files").rmdir()
    os.symlink(home, template / "files")
    dest = tmp_path / "repo"
    _refused(cli, template, dest, "không an toàn", "symlink")
    assert not any(p.name in ("id_ed25519", ".netrc") for p in tmp_path.rglob("*") if "home" not in p.parts)


def test_a_template_yaml_linked_out_of_the_template_is_refused(cli: Any, tmp_path: Path) -> None:
    template = make_template(tmp_path / "mau", {})
    outside = tmp_path / "ngoai.yaml"
    (template / "template.yaml").rename(outside)
    os.symlink(outside, template / "template.yaml")
    _refused(cli, template, tmp_path / "repo", "không an toàn", "template.yaml")


@pytest.mark.parametrize(
    ("expression", "needle"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "MAX_STEPS"),
        ("{{ 'x' * 1000000000 }}", "quá dài"),
        ("{{ 'x' * 10 ** 9 }}", "quá dài"),
        ("{{ 2 ** 100000000 }}", "lũy thừa"),
        ("{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "quá dài"),
        ("{% set s = 'x' * 1000000 %}{% set b %}{% for i in range(100000) %}{{ s }}{% endfor %}{% endset %}",
         "quá lớn"),
        ("{{ 'x'|center(1000000000) }}", "MAX_INT_ARGUMENT"),
        ("{{ 'x'.ljust(1000000000) }}", "MAX_INT_ARGUMENT"),
        ("{{ '%999999999s' % 'x' }}", "độ rộng"),
        ("{{ '{:>999999999}'.format('x') }}", "độ rộng"),
        ("{{ ('x' * 100000)|replace('', 'y' * 100) }}", "quá dài"),
        ("{{ ('x' * 1000000).replace('x', 'yyyyyyyyyy') }}", "quá dài"),
        ("{{ (['x' * 1000000] * 100)|join }}", "quá dài"),
        ("{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}", "MAX_STEPS"),
    ],
)
def test_a_template_cannot_hang_or_fill_memory(cli: Any, tmp_path: Path, expression: str, needle: str) -> None:
    template = make_template(tmp_path / "mau", {"quy-che-lam-viec.md.jinja": GOOD_REGULATION + expression + "\n"})
    _refused(cli, template, tmp_path / "repo", "không an toàn", needle)


def test_ordinary_loops_and_filters_still_work(cli: Any, tmp_path: Path) -> None:
    body = "{% for i in range(3) %}{{ ('-' * 3)|center(7) }}{{ i }}{% endfor %}{{ '%5s' % 'a' }}{{ 'a' ~ 'b' }}"
    template = make_template(tmp_path / "mau", {"quy-che-lam-viec.md.jinja": GOOD_REGULATION + body + "\n"})
    dest = tmp_path / "repo"
    result = cli("new", str(dest), "--from-template", str(template), "--no-input")
    assert result.exit_code == 0, result.output
    assert "  ---  0  ---  1  ---  2    aab" in (dest / "quy-che-lam-viec.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a|aa)+$", r"(\w+\s?)*$", r"(a)\1", r"a*a*a*a*b", "x" * 300])
def test_a_catastrophic_pattern_is_refused_when_the_template_is_read(cli: Any, tmp_path: Path, pattern: str) -> None:
    assert pattern_problem(pattern) is not None
    template = make_template(tmp_path / "mau", {})
    yaml_text = (template / "template.yaml").read_text(encoding="utf-8")
    yaml_text = yaml_text.replace("required: true}", f"required: true, pattern: '{pattern}'}}")
    (template / "template.yaml").write_text(yaml_text, encoding="utf-8")
    result = cli("new", str(tmp_path / "repo"), "--from-template", str(template), "--no-input",
                 "--set", "unit_name=" + "a" * 400 + "!")
    assert result.exit_code == 2, result.output
    assert "`pattern`" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("pattern", [r"\d{1,4}", r"\d{4} - \d{4}", r"[A-Za-zÀ-ỹ ]+", r"\d{2}-QC/[A-Z]+", r"(?:ab){2,5}"])
def test_ordinary_patterns_pass(pattern: str) -> None:
    assert pattern_problem(pattern) is None


def test_a_dangling_symlink_as_the_new_folder_is_one_line(cli: Any, tmp_path: Path) -> None:
    template = make_template(tmp_path / "mau", {})
    dest = tmp_path / "repo"
    os.symlink(tmp_path / "khong-co", dest)
    result = cli("new", str(dest), "--from-template", str(template), "--no-input")
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "liên kết" in result.output
    assert not (tmp_path / "khong-co").exists()
