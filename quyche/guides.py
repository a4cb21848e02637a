"""The user guides (docs/*.md) shipped with quyche, so `quyche help TOPIC` works where it is installed.

The wheel ships the top-level `docs/` folder as `quyche/_docs` (pyproject force-include); a
source checkout reads `docs/` directly. Messages send users to `quyche help format` rather
than to a file path an installed package does not have.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

_PACKAGE: Final = Path(__file__).resolve().parent

TOPICS: Final = {
    "format": ("format.md", "Cách viết tệp quy chế: thông tin đầu văn bản, chương, điều, khoản, điểm"),
    "config": ("config.md", "quyche.yaml: tệp quy chế, quy tắc kiểm tra, trình bày"),
    "rules": ("rules.md", "Các quy tắc của `quyche check` (xem thêm `quyche rules MÃ`)"),
    "diff": ("diff.md", "So sánh hai phiên bản, bảng so sánh, tệp lý do và tệp ghép điều"),
    "renumber": ("renumber.md", "Đánh số lại chương, điều, khoản và sửa các dẫn chiếu theo"),
    "round": ("round.md", "Vòng sửa đổi, bổ sung quy chế, văn bản của vòng và `quyche verify`"),
    "templates": ("templates.md", "Mẫu quy chế, `quyche new` và cập nhật theo phiên bản mới (`quyche template update`)"),
    "import-build": ("import-build.md", "Nhập văn bản cũ (DOCX, văn bản) và dựng văn bản DOCX/PDF"),
    "outline-json": ("outline-json.md", "Dạng JSON của `quyche outline`"),
    "json": ("json.md", "Kết quả `--format json` của mọi lệnh và lược đồ JSON Schema của chúng"),
}
"""Topic → (file in docs/, one-line description)."""


def docs_root(package_dir: Path = _PACKAGE) -> Path | None:
    """`quyche/_docs` when installed, `docs/` in a source checkout, None when neither is there."""
    for folder in (package_dir / "_docs", package_dir.parent / "docs"):
        if (folder / "format.md").is_file():
            return folder
    return None


def guide_text(topic: str) -> str | None:
    """The Markdown text of a topic, or None when the topic or the file is unknown."""
    entry = TOPICS.get(topic)
    root = docs_root()
    if entry is None or root is None:
        return None
    path = root / entry[0]
    return path.read_text(encoding="utf-8") if path.is_file() else None
