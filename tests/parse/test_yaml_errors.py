"""Every YAML mistake is one Vietnamese line at file:line:column, whichever PyYAML loader reads it.

PyYAML releases word their errors differently (6.0.4's C loader reports deep nesting as a
ScannerError, 6.0.3's overflowed the stack; the pure-Python loader, used where libyaml is
missing, words nearly every message differently), so each case runs through both loaders
in-process and must land on the same problem and place.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from quyche import yamlread
from quyche.cli.messages import message_for
from quyche.errors import YamlSyntax
from quyche.parse.frontmatter import load_front_matter
from tests.conftest import run_quyche

LOADERS = [
    pytest.param(False, id="libyaml", marks=pytest.mark.skipif(yamlread.C_LOADER is None, reason="no libyaml")),
    pytest.param(True, id="pure-python"),
]


def _laughs(levels: int = 8) -> str:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n"
    return text


# name -> (front-matter YAML (starts on line 2 of the file), problem code, "line:column")
CASES: dict[str, tuple[str, str, str]] = {
    "tab-indent": ("kind: a\n\tnumber: b\n", "tab", "3:1"),
    "tab-list": ("a:\n\t- b\n", "tab", "3:1"),
    "colon-in-value": ("kind: a\nsubject: Hồ sơ: đơn\n", "colon", "3:15"),
    "unclosed-bracket": ("a: [b, c\nd: e\n", "unclosed-bracket", "2:4"),
    "unclosed-brace": ("a: {b: c\nd: e\n", "unclosed-brace", "2:4"),
    "unclosed-double-quote": ('a: "bc\nd: e\n', "unclosed-quote", "2:4"),
    "unclosed-single-quote": ("a: 'bc\nd: e\n", "unclosed-quote", "2:4"),
    "bad-indent": ("a:\n  b: c\n d: e\n", "indent", "4:2"),
    "text-after-quote": ('a: "b" c\n', "indent", "2:8"),
    "list-indent": ("a:\n  - b\n  c: d\n", "indent-list", "4:3"),
    "list-then-key": ("- a\nb: c\n", "indent-list", "3:1"),
    "nested-flow": ("x: " + "[" * 3000 + "]" * 3000 + "\n", "nested", "2:35"),
    "nested-block": ("".join(" " * i + "a:\n" for i in range(200)), "nested", "34:33"),
    "nested-just-over": ("x: " + "[" * 40 + "]" * 40 + "\n", "nested", "2:35"),
    "reserved-at": ("a: @b\n", "reserved-char", "2:4"),
    "reserved-backtick": ("a: `b`\n", "reserved-char", "2:4"),
    "second-document": ("a: 1\n---\nb: 2\n", "extra-document", "3:1"),
    "after-document-end": ("a: b\n...\nc: d\n", "extra-document", "4:1"),
    "undefined-alias": ("a: *b\n", "alias", "2:4"),
    "billion-laughs": (_laughs(), "alias", "3:10"),
    "alias-as-key": ("&a x: *a\n", "alias", "2:7"),
    "flow-sequence-key": ("kind: a\n[a]: b\n", "complex-key", "3:1"),
    "flow-mapping-key": ("{a: 1}: b\n", "complex-key", "2:1"),
    "duplicate-key": ("kind: a\nkind: b\n", "duplicate", "3:1"),
    "unknown-tag": ("a: !foo b\n", "unknown-tag", "2:4"),
    "python-tag": ("a: !!python/object:os.system b\n", "unsafe-tag", "2:4"),
    "bad-binary": ("a: !!binary abc\n", "bad-binary", "2:4"),
    "huge-int": ("a: !!int 1" + "0" * 5000 + "\n", "bad-value", "2:4"),
    "missing-value": ("a: [b,, c]\n", "missing-value", "2:7"),
    "bom-inside": ("kind: a\n\ufeffnumber: b\n", "bom", "3:1"),
    "bom-first": ("\ufeffkind: a\n", "bom", "2:1"),
    "control-char": ("tên: Hồ sơ\nx: ab\x07c\n", "control-char", "3:6"),
    "too-many-keys": ("".join(f"k{i}: v\n" for i in range(yamlread.FRONT_MATTER_MAX_ITEMS + 1)), "too-many-items", "2:1"),
    "too-long": ("subject: " + "x" * yamlread.FRONT_MATTER_MAX_CHARS + "\n", "too-long", "2:1"),
}


@pytest.mark.parametrize("pure_python", LOADERS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_each_mistake_has_its_kind_and_place_with_either_loader(case: str, pure_python: bool) -> None:
    text, problem, where = CASES[case]
    with pytest.raises(YamlSyntax) as info:
        load_front_matter(text, 2, "quy-che.md", pure_python=pure_python)
    exc = info.value
    assert (exc.facts["problem"], f"{exc.line}:{exc.column}") == (problem, where)
    message = message_for(exc)
    assert message.startswith(f"quy-che.md:{where}: ") and "\n" not in message
    # Vietnamese, with a fix, and no English text from PyYAML
    assert "Hãy" in message
    assert not re.search(r"\b(found|expected|while|scanning|parsing|cannot|token)\b", message), message


def test_a_problem_without_its_own_text_still_reads_vietnamese() -> None:
    message = message_for(YamlSyntax("quyche.yaml", 2, 3, problem="some new upstream wording"))
    assert message.startswith("quyche.yaml:2:3: tệp YAML bị lỗi: viết sai cú pháp YAML.")


@pytest.mark.parametrize("pure_python", LOADERS)
def test_deep_but_allowed_nesting_and_anchors_without_aliases_load(pure_python: bool) -> None:
    text = "x: " + "[" * (yamlread.MAX_DEPTH - 1) + "1" + "]" * (yamlread.MAX_DEPTH - 1) + "\nkind: &k quy chế\n"
    loaded = yamlread.load_yaml(text, "f.yaml", pure_python=pure_python)
    assert loaded.data["kind"] == "quy chế"


@pytest.mark.parametrize("pure_python", LOADERS)
def test_nesting_that_overflows_the_composer_is_still_one_place(pure_python: bool) -> None:
    """1,500 levels: PyYAML's composers recurse (RecursionError) or libyaml stops at 1,000."""
    text = "".join(" " * (2 * i) + "a:\n" for i in range(1500))
    with pytest.raises(YamlSyntax) as info:
        yamlread.load_yaml(text, "quyche.yaml", pure_python=pure_python)
    assert (info.value.facts["problem"], info.value.line, info.value.column) == ("nested", 33, 65)


def test_a_byte_order_mark_opening_a_whole_file_is_accepted() -> None:
    assert yamlread.load_yaml("\ufeffunit: {name: A}\n", "quyche.yaml").data == {"unit": {"name": "A"}}


def test_each_loader_is_really_the_one_named() -> None:
    """The in-process cases above mean something only if the two loaders really differ."""
    assert issubclass(yamlread.PURE_LOADER, yaml.SafeLoader)
    if yamlread.C_LOADER is not None:
        assert issubclass(yamlread.C_LOADER, yaml.CSafeLoader)
        assert not issubclass(yamlread.C_LOADER, yaml.SafeLoader)


BODY = "\n## Điều 1. Phạm vi\n\nNội dung.\n"


@pytest.mark.parametrize(
    ("name", "front", "where", "fragment"),
    [
        ("laughs", "kind: quy chế\n" + _laughs(), ":4:10:", "bí danh"),
        ("flow-key", "kind: quy chế\n[a]: b\n", ":3:1:", "tên khóa là một danh sách"),
        ("bom", "kind: quy chế\n\ufeffnumber: 01-QC/ĐU\n", ":3:1:", "BOM"),
        ("keys", "kind: quy chế\n" + "".join(f"k{i}: v\n" for i in range(1500)), ":2:1:", "quá nhiều khóa"),
        ("100k-keys", "kind: quy chế\n" + "".join(f"k{i}: v\n" for i in range(100_000)), ":2:1:", "dài quá giới hạn"),
        ("long-string", "kind: quy chế\nsubject: " + "x" * 5_000_000 + "\n", ":2:1:", "dài quá giới hạn"),
        ("tab", "kind: quy chế\n\tnumber: 01\n", ":3:1:", "Tab"),
    ],
)
def test_every_command_reads_front_matter_the_same_way(tmp_path: Path, name: str, front: str, where: str,
                                                       fragment: str) -> None:
    """Issue 12's hostile front matter: one line, the same place, in check, outline, fmt and import."""
    path = tmp_path / "quy-che.md"
    text = f"---\n{front}---\n{BODY}"
    path.write_text(text, encoding="utf-8")
    for args in (["check"], ["outline"], ["fmt", "--check"], ["fmt"], ["import", "-o", str(tmp_path / "out.md")]):
        result = run_quyche(*args, "quy-che.md", cwd=tmp_path)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and "nội bộ" not in result.stderr
        first = result.stderr.strip().splitlines()[0]
        assert first.startswith("quy-che.md" + where) and fragment in first, (args, first)
    assert path.read_text(encoding="utf-8") == text
    assert not (tmp_path / "out.md").exists()


def test_whole_yaml_files_use_the_same_reading(tmp_path: Path) -> None:
    """quyche.yaml and a round's comment file: same kinds, the file's own line numbers."""
    (tmp_path / "quyche.yaml").write_text("unit:\n  name: A\n\tlevel: x\n", encoding="utf-8")
    (tmp_path / "quy-che.md").write_text(f"---\nkind: quy chế\n---\n{BODY}", encoding="utf-8")
    result = run_quyche("check", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"{tmp_path / 'quyche.yaml'}:3:1: tệp YAML bị lỗi: có ký tự Tab"), result.stderr

    from quyche.workflow.comments import load_comment_file

    comments = tmp_path / "gop-y.yaml"
    comments.write_text("commenter: &c Chi bộ 1\nbody: *c\n", encoding="utf-8")
    with pytest.raises(YamlSyntax) as info:
        load_comment_file(comments)
    assert (info.value.line, info.value.column, info.value.facts["problem"]) == (2, 7, "alias")
