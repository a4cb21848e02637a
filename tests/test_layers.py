"""Layers point one way: a module may import only from its own layer or the layers below it.

model ← parse ← (check, diff, importer) ← render ← (scaffold, workflow, commands) ← cli, with the base
utilities (errors, fsutil, config, vcs, discover) under everything. yamlrt writes the model's
front matter, so it sits just above model. Imports inside functions count too: a lazy import
is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

LAYERS: list[set[str]] = [
    {"quyche", "errors", "fsutil", "config", "vcs", "discover", "guides", "yamlread", "schema", "fingerprint"},
    {"model"},
    {"yamlrt"},
    {"parse"},
    {"check", "diff", "importer", "edit"},
    {"render"},
    {"scaffold", "workflow", "commands"},
    {"overview"},
    {"cli", "__main__"},
]


def layer_of(module: str) -> int:
    """quyche.parse.body -> the index of "parse" in LAYERS."""
    parts = module.split(".")
    name = parts[1] if len(parts) > 1 else "quyche"
    for index, names in enumerate(LAYERS):
        if name in names:
            return index
    raise AssertionError(f"{module}: not in any layer; add its package to LAYERS in tests/test_layers.py")


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, module: str) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            out.append((target, node.lineno))
            # `from quyche import model` imports the subpackage
            if target == "quyche":
                out.extend((f"quyche.{alias.name}", node.lineno) for alias in node.names
                           if (ROOT / "quyche" / alias.name).is_dir()
                           or (ROOT / "quyche" / f"{alias.name}.py").is_file())
    return [(name, line) for name, line in out if name == "quyche" or name.startswith("quyche.")]


def test_no_module_imports_up_the_layers() -> None:
    violations = []
    modules = sorted((ROOT / "quyche").rglob("*.py"))
    assert len(modules) > 20
    for path in modules:
        module = module_name(path)
        own = layer_of(module)
        for target, line in imports_of(path, module):
            if target == "quyche":
                continue
            if layer_of(target) > own:
                violations.append(f"{path.relative_to(ROOT)}:{line}: {module} imports {target}")
    assert violations == []


def test_the_checker_sees_a_violation(tmp_path: Path) -> None:
    """The test above can fail: a model module importing the parser is caught."""
    fake = ROOT / "quyche" / "model" / "document.py"
    source = "from quyche.parse import parse_text\n\ndef f():\n    from ..render import markdown\n"
    path = tmp_path / "x.py"
    path.write_text(source, encoding="utf-8")
    found = imports_of(path, module_name(fake))
    assert [(t, layer_of(t) > layer_of("quyche.model.document")) for t, _ in found] == [
        ("quyche.parse", True), ("quyche.render", True)]
