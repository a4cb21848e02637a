"""UNITS.yaml: the units an upper committee oversees, and where each one's repository is.

    units:
      - name: Đảng bộ phường An Hòa
        level: phuong
        repo: ../kho/an-hoa          # a folder (relative to UNITS.yaml) …
      - name: Chi bộ Khu phố 1
        level: chi-bo
        repo: https://git.example.vn/an-hoa/kp1.git   # … or a git URL
        ref: main                    # optional: a branch, tag or commit (default: HEAD)
    report:                          # optional: who issues the DOCX report
      issuer: ĐẢNG ỦY PHƯỜNG AN HÒA
      superior: ĐẢNG BỘ TỈNH KHÁNH HÒA
      place: An Hòa

Safe-loaded; a wrong entry is one Vietnamese line with its file and line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from quyche.errors import ConfigError

MAX_UNITS: Final = 20_000
"""A province has about 3,000 units under it; more is a mistake in the list."""

_URL = re.compile(r"^(?:https?|ssh|git|file)://|^[\w.-]+@[\w.-]+:")


@dataclass(frozen=True, slots=True)
class UnitSpec:
    """One unit as listed."""

    name: str
    level: str
    repo: str
    """A local folder (absolute, resolved against UNITS.yaml) or a git URL."""
    ref: str = "HEAD"

    @property
    def is_url(self) -> bool:
        """Whether the repository is fetched rather than read in place."""
        return bool(_URL.match(self.repo))


@dataclass(frozen=True, slots=True)
class UnitsFile:
    """UNITS.yaml: the units and who reports on them."""

    units: list[UnitSpec]
    issuer: str = ""
    superior: str | None = None
    place: str | None = None


def load_units(path: Path) -> UnitsFile:
    """The units of UNITS.yaml, in the order listed, and the `report:` header."""
    from quyche.config import load_yaml_mapping
    from quyche.fsutil import read_bytes_guarded

    data = load_yaml_mapping(path, read_bytes_guarded(path),
                             not_utf8=ConfigError(path, key="(tệp)", problem="không ở bảng mã UTF-8"),
                             not_mapping=ConfigError(path, key="(gốc)", problem="phải có mục `units:`"))
    items = data.get("units")
    if not isinstance(items, list) or not items:
        raise ConfigError(path, key="units", problem="phải là danh sách đơn vị (name, level, repo)")
    if len(items) > MAX_UNITS:
        raise ConfigError(path, key="units", problem=f"quá {MAX_UNITS} đơn vị")
    out: list[UnitSpec] = []
    seen: set[str] = set()
    for i, item in enumerate(items, 1):
        key = f"units[{i}]"
        if not isinstance(item, dict):
            raise ConfigError(path, key=key, problem="phải có dạng `name:`, `level:`, `repo:`")
        name, level, repo, ref = (item.get(k) for k in ("name", "level", "repo", "ref"))
        for field_name, value in (("name", name), ("level", level), ("repo", repo)):
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(path, key=f"{key}.{field_name}", problem="thiếu hoặc không phải chuỗi")
        if ref is not None and (not isinstance(ref, str) or ref.startswith("-") or not ref.strip()):
            raise ConfigError(path, key=f"{key}.ref", problem="phải là tên nhánh, thẻ hoặc mã commit")
        assert isinstance(name, str) and isinstance(level, str) and isinstance(repo, str)
        if name in seen:
            raise ConfigError(path, key=f"{key}.name", problem=f"đơn vị `{name}` đã có trong danh sách")
        seen.add(name)
        spec = UnitSpec(name.strip(), level.strip(), repo.strip(), (ref or "HEAD").strip())
        if not spec.is_url:
            spec = UnitSpec(spec.name, spec.level, str((path.parent / spec.repo).resolve()), spec.ref)
        out.append(spec)
    report = data.get("report") or {}
    if not isinstance(report, dict) or not all(isinstance(v, str) for v in report.values()):
        raise ConfigError(path, key="report", problem="phải có dạng `issuer:`, `superior:`, `place:` (chuỗi)")
    return UnitsFile(out, report.get("issuer", ""), report.get("superior"), report.get("place"))
