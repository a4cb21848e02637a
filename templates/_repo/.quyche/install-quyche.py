"""Cài quyche cho CI theo mục `quyche.install` của quyche.yaml (tệp do `quyche new` tạo).

Chạy trước khi có quyche, nên chỉ cần Python 3: đọc quyche.yaml (bằng PyYAML nếu máy có, nếu
không thì đọc thẳng mục `quyche:`), rồi chạy `python -m pip install <install>`. Đổi nguồn cài
(kho gói nội bộ, địa chỉ git có thẻ phiên bản, tệp wheel) bằng cách sửa dòng `install:` trong
quyche.yaml, không sửa tệp này hay các tệp CI. Tùy chọn của pip (PIP_INDEX_URL, …) đặt bằng biến
môi trường trong cấu hình CI. Xem docs/ci.md của quyche.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

CONFIG = Path("quyche.yaml")


def _unquote(value: str) -> str:
    value = value.strip()
    if value[:1] in ("'", '"'):
        end = value.find(value[0], 1)
        return value[1:end] if end > 0 else value[1:]
    return re.sub(r"\s+#.*$", "", value).strip()


def read_section(text: str) -> dict[str, str]:
    """The `quyche:` mapping of quyche.yaml as strings ({} when there is none)."""
    try:
        import yaml
    except ImportError:
        yaml = None
    if yaml is not None:
        data = yaml.safe_load(text)
        section = data.get("quyche") if isinstance(data, dict) else None
        return {str(k): str(v) for k, v in section.items() if v is not None} if isinstance(section, dict) else {}
    section: dict[str, str] = {}
    inside = False
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            inside = re.sub(r"\s+#.*$", "", line).strip() == "quyche:"
            continue
        match = re.match(r"\s+([A-Za-z_]+):\s*(.*)$", line) if inside else None
        if match:
            section[match.group(1)] = _unquote(match.group(2))
    return section


def main() -> int:
    if not CONFIG.is_file():
        print("Không thấy quyche.yaml: hãy chạy lệnh này ở thư mục gốc của kho quy chế.", file=sys.stderr)
        return 2
    spec = read_section(CONFIG.read_text(encoding="utf-8")).get("install", "").strip()
    if not spec:
        print("quyche.yaml chưa có mục `quyche.install` (quyche cài từ đâu). Hãy thêm, ví dụ:\n"
              "quyche:\n  version: 0.1.0\n  install: \"quyche==0.1.0\"", file=sys.stderr)
        return 2
    if spec.startswith("-") or "\n" in spec:
        print(f"quyche.yaml, mục quyche.install: `{spec}` phải là một yêu cầu cài đặt của pip, không phải "
              "tùy chọn; tùy chọn của pip đặt bằng biến môi trường (PIP_INDEX_URL, …).", file=sys.stderr)
        return 2
    print(f"Cài quyche: {spec}", flush=True)
    return subprocess.call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", spec])


if __name__ == "__main__":
    sys.exit(main())
