"""quyche.yaml: the regulation repository's settings, read into a dataclass.

Sections: `unit` (who the regulation belongs to), `regulations` (the files), `template` (what
`quyche new` made it from, for conformance and later upgrades), `quyche` (the quyche release
the repository is pinned to and how CI installs it), `check` (rule selection),
`layout` (DOCX page settings) and `procedure` (revision-round steps; quyche/workflow reads it).
Unknown sections are kept in `raw` for the modules that own them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quyche.errors import ConfigError, QuycheError

CONFIG_NAME = "quyche.yaml"


@dataclass(slots=True)
class TemplateRef:
    """The template a regulation came from."""

    name: str
    version: str = ""
    source: str | None = None
    """A folder path for a body's own template; None for a built-in one."""


@dataclass(slots=True)
class QuychePin:
    """The `quyche:` section: which quyche made the repository and how its CI installs it.

    `install` is one pip requirement (`quyche==0.1.0`, `quyche @ git+https://…@v0.1.0`, a wheel
    URL); the generated CI reads it from here, so an office's IT changes the source in one place.
    """

    version: str = ""
    install: str = ""


@dataclass(slots=True)
class CheckConfig:
    """Rule selection: codes or prefixes ("QC4"); the most specific wins, ignore wins ties."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    since: str | None = None
    """Earlier version (a git revision) QC205 compares references with: `check --since`, or
    the start of the open round. Not read from quyche.yaml."""


@dataclass(slots=True)
class Config:
    """A repository's quyche.yaml (all defaults when there is none)."""

    root: Path
    path: Path | None = None
    unit_name: str | None = None
    level: str | None = None
    regulations: list[str] = field(default_factory=list)
    template: TemplateRef | None = None
    pin: QuychePin | None = None
    """The `quyche:` section; None when the repository does not record one."""
    check: CheckConfig = field(default_factory=CheckConfig)
    layout: dict[str, Any] = field(default_factory=dict)
    procedure: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding quyche.yaml or .git."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file() or (folder / ".git").exists():
            return folder
    return None


def _str_list(value: Any, key: str, path: Path) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(path, key=key, problem="phải là một danh sách chuỗi")
    return list(value)


def load_yaml_mapping(path: Path, data: bytes, *, not_utf8: QuycheError,
                      not_mapping: QuycheError) -> dict[Any, Any]:
    """Safe-load a YAML file that must be a mapping (an empty file is {}).

    Shared by every YAML file a user hands us (quyche.yaml, --map/--reasons, --answers): the
    caller names its own errors for bad bytes and a wrong shape; a syntax error is YamlSyntax
    with the line and column (quyche.yamlread).
    """
    from quyche.yamlread import load_yaml

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise not_utf8 from None
    loaded = load_yaml(text, path).data
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise not_mapping
    return loaded


def _pin(raw: Any, path: Path) -> QuychePin | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or any(isinstance(raw.get(k), dict | list) for k in ("version", "install")):
        raise ConfigError(path, key="quyche", problem='phải có dạng `version: 0.1.0` và `install: "quyche==0.1.0"`')
    return QuychePin(str(raw.get("version") or "").strip(), str(raw.get("install") or "").strip())


def config_root(start: Path) -> Path:
    """The folder whose quyche.yaml `load_config(start)` reads (where it would be)."""
    return find_root(start) or (start if start.is_dir() else start.parent)


def load_config(start: Path, *, memo: Path | None = None) -> Config:
    """Read quyche.yaml at or above `start`; defaults when there is none. `memo`: a folder
    remembering the file's data between runs (see MEMO_NAME)."""
    root = config_root(start)
    path = root / CONFIG_NAME
    if not path.is_file():
        return Config(root=root)
    return config_from_bytes(root, path, path.read_bytes(), memo=memo)


_LAST_READ: dict[tuple[Path, bytes], dict[Any, Any]] = {}
"""The last quyche.yaml read (its path and bytes → the data): `check` asks for the
repository's configuration three times (its own, then discovery twice), and a 1,000-file
`regulations:` list takes milliseconds to read each time. Copies go out: callers may change them."""

MEMO_NAME = "quyche-yaml.json"
"""In a memo folder (the check cache's): quyche.yaml's data as JSON, keyed by its bytes and
quyche's code. A warm `check` then neither imports nor runs the YAML reader (~30 ms)."""


def _read_mapping(path: Path, raw: bytes, memo: Path | None = None) -> dict[Any, Any]:
    import copy

    key = (path, raw)
    data = _LAST_READ.get(key)
    if data is None:
        data = _remembered(memo, raw) if memo is not None else None
        if data is None:
            data = load_yaml_mapping(path, raw,
                                     not_utf8=ConfigError(path, key="(tệp)", problem="không ở bảng mã UTF-8"),
                                     not_mapping=ConfigError(path, key="(gốc)",
                                                             problem="phải là các dòng `khóa: giá trị`"))
            if memo is not None:
                _remember(memo, raw, data)
        _LAST_READ.clear()
        _LAST_READ[key] = data
    return copy.deepcopy(data)


def _memo_key(raw: bytes) -> str:
    import hashlib

    from quyche.fingerprint import code_version

    return hashlib.sha256(code_version().encode() + b"\0" + raw).hexdigest()


def _remembered(memo: Path, raw: bytes) -> dict[Any, Any] | None:
    import json

    try:
        stored = json.loads((memo / MEMO_NAME).read_bytes())
    except (OSError, ValueError, RecursionError):
        return None
    if isinstance(stored, dict) and stored.get("key") == _memo_key(raw) and isinstance(stored.get("data"), dict):
        return stored["data"]
    return None


def _remember(memo: Path, raw: bytes, data: dict[Any, Any]) -> None:
    """Store the data when JSON gives it back exactly (no dates, no number keys), into the
    folder once it exists (the cache makes it); never failing the command."""
    import contextlib
    import json

    try:
        text = json.dumps({"key": _memo_key(raw), "data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return
    if json.loads(text)["data"] != data or not memo.is_dir():
        return
    from quyche.fsutil import atomic_write_bytes

    with contextlib.suppress(OSError, QuycheError):
        atomic_write_bytes(memo / MEMO_NAME, text.encode("utf-8"))


def config_from_bytes(root: Path, path: Path, raw: bytes, *, memo: Path | None = None) -> Config:
    """Read quyche.yaml's content (from the working tree, or a git object for `verify` and `overview`)."""
    data = _read_mapping(path, raw, memo)
    unit = data.get("unit") or {}
    if not isinstance(unit, dict):
        raise ConfigError(path, key="unit", problem="phải có dạng `name:` và `level:`")
    tpl = data.get("template")
    template = None
    if isinstance(tpl, dict) and tpl.get("name"):
        template = TemplateRef(str(tpl["name"]), str(tpl.get("version", "")), tpl.get("source"))
    elif tpl is not None and not isinstance(tpl, dict):
        raise ConfigError(path, key="template", problem="phải có dạng `name:` và `version:`")
    pin = _pin(data.get("quyche"), path)
    chk = data.get("check") or {}
    if not isinstance(chk, dict):
        raise ConfigError(path, key="check", problem="phải có dạng `select:`, `ignore:`, `severity:`")
    severity = chk.get("severity") or {}
    if not isinstance(severity, dict):
        raise ConfigError(path, key="check.severity", problem="phải có dạng `QC402: info`")
    for code, level in severity.items():
        if str(level) not in ("error", "warning", "info", "off"):
            raise ConfigError(path, key=f"check.severity.{code}", problem="chỉ nhận error, warning, info hoặc off")
    regs = data.get("regulations", data.get("regulation"))
    return Config(
        root=root,
        path=path,
        unit_name=unit.get("name"),
        level=unit.get("level"),
        regulations=_str_list(regs, "regulations", path),
        template=template,
        pin=pin,
        check=CheckConfig(
            select=_str_list(chk.get("select"), "check.select", path),
            ignore=_str_list(chk.get("ignore"), "check.ignore", path),
            severity={str(k): str(v) for k, v in severity.items()},
        ),
        layout=data.get("layout") or {},
        procedure=data.get("procedure") or {},
        raw=data,
    )
