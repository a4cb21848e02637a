"""Where templates live: inside the installed package, or in the source checkout.

The wheel ships the top-level `templates/` folder as `quyche/_templates` (pyproject
force-include); a source checkout (editable install, tests) reads `templates/` directly.
Folders whose name starts with `_` (shared partials, the repository skeleton) are not templates.
"""

from __future__ import annotations

import re
from pathlib import Path

from quyche.errors import TemplateError

TEMPLATE_FILE = "template.yaml"
SHARED_DIR = "_shared"
"""Partials that built-in templates include as `_shared/…`."""
SKELETON_DIR = "_repo"
"""The repository files every `quyche new` writes (README, CI, hooks), rendered like a template."""

_NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,40}")

_PACKAGE = Path(__file__).resolve().parents[1]


def builtin_root(package_dir: Path = _PACKAGE) -> Path:
    """The folder of built-in templates: `quyche/_templates` when installed, else `templates/`."""
    installed = package_dir / "_templates"
    if (installed / SKELETON_DIR).is_dir():
        return installed
    checkout = package_dir.parent / "templates"
    if (checkout / SKELETON_DIR).is_dir():
        return checkout
    raise TemplateError(None, name="(thư mục mẫu)", problem="bộ cài quyche thiếu thư mục mẫu; hãy cài lại quyche")


def builtin_names(root: Path | None = None) -> list[str]:
    """Names of the built-in templates, sorted."""
    base = root or builtin_root()
    return sorted(
        p.name for p in base.iterdir()
        if p.is_dir() and not p.name.startswith(("_", ".")) and (p / TEMPLATE_FILE).is_file()
    )


def is_builtin_name(text: str) -> bool:
    """True when `text` looks like a template name rather than a folder path."""
    return bool(_NAME_RE.fullmatch(text))


def find_template_dir(name_or_path: str, *, cwd: Path | None = None) -> tuple[Path, bool]:
    """(folder, is_builtin) for a template name (`phuong`) or a folder path (a body's own)."""
    if is_builtin_name(name_or_path):
        folder = builtin_root() / name_or_path
        if (folder / TEMPLATE_FILE).is_file():
            return folder, True
        local = (cwd or Path.cwd()) / name_or_path
        if not (local / TEMPLATE_FILE).is_file():
            known = ", ".join(builtin_names())
            raise TemplateError(None, name=name_or_path,
                                problem=f"không có mẫu này. Các mẫu có sẵn: {known} (xem `quyche templates`)")
        return local.resolve(), False
    folder = Path(name_or_path)
    if not folder.is_absolute():
        folder = (cwd or Path.cwd()) / folder
    if not folder.is_dir():
        raise TemplateError(folder, name=name_or_path, problem="không tìm thấy thư mục mẫu")
    if not (folder / TEMPLATE_FILE).is_file():
        raise TemplateError(folder, name=name_or_path, problem=f"thư mục không có tệp {TEMPLATE_FILE}")
    return folder.resolve(), False
