"""A small regulation in two versions and real git repositories holding them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import git

FRONT = """---
kind: quy chế
number: 01-QC/ĐU
date: 2025-07-15
place: An Hòa
superior: ĐẢNG BỘ TỈNH KHÁNH HÒA
issuer: ĐẢNG ỦY PHƯỜNG AN HÒA
authority: Ban Chấp hành
title: QUY CHẾ
subject: làm việc của Ban Chấp hành Đảng bộ phường An Hòa, khóa I, nhiệm kỳ 2025 - 2030
---
"""

V1 = FRONT + """
# Chương I. NHỮNG QUY ĐỊNH CHUNG

## Điều 1. Phạm vi điều chỉnh

Quy chế này quy định nguyên tắc, chế độ làm việc và mối quan hệ công tác của Ban Chấp hành Đảng bộ phường.

## Điều 2. Nguyên tắc làm việc

1. Bảo đảm nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách.

2. Mỗi việc chỉ giao cho một người chủ trì và chịu trách nhiệm chính.

# Chương II. NHIỆM VỤ, QUYỀN HẠN

## Điều 3. Nhiệm vụ của Ban Chấp hành

1. Lãnh đạo thực hiện nghị quyết đại hội Đảng bộ phường.

2. Quyết định những vấn đề sau:

   a) Chương trình làm việc toàn khóa;

   b) Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội hằng năm.

## Điều 4. Chế độ họp

Ban Chấp hành họp thường lệ ba tháng một lần, họp bất thường khi cần.

## Điều 5. Chế độ báo cáo

Văn phòng Đảng ủy tổng hợp báo cáo định kỳ hằng tháng gửi Thường trực Đảng ủy.

# Chương III. ĐIỀU KHOẢN THI HÀNH

## Điều 6. Hiệu lực thi hành

Quy chế này có hiệu lực kể từ ngày ký.
"""

# v2: Điều 2 khoản 1 reworded; new Điều 3 inserted (everything after shifts by one);
# Điều 3 → 4 with point b) edited; Điều 4 → 5 unchanged; Điều 5 (báo cáo) repealed; Điều 6 kept.
V2 = FRONT + """
# Chương I. NHỮNG QUY ĐỊNH CHUNG

## Điều 1. Phạm vi điều chỉnh

Quy chế này quy định nguyên tắc, chế độ làm việc và mối quan hệ công tác của Ban Chấp hành Đảng bộ phường.

## Điều 2. Nguyên tắc làm việc

1. Bảo đảm nghiêm nguyên tắc tập trung dân chủ, tập thể lãnh đạo, cá nhân phụ trách.

2. Mỗi việc chỉ giao cho một người chủ trì và chịu trách nhiệm chính.

## Điều 3. Chuyển đổi số

Các cơ quan tham mưu ứng dụng công nghệ thông tin, số hóa hồ sơ và văn bản điện tử trong hoạt động.

# Chương II. NHIỆM VỤ, QUYỀN HẠN

## Điều 4. Nhiệm vụ của Ban Chấp hành

1. Lãnh đạo thực hiện nghị quyết đại hội Đảng bộ phường.

2. Quyết định những vấn đề sau:

   a) Chương trình làm việc toàn khóa;

   b) Nghị quyết về nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh hằng năm.

## Điều 5. Chế độ họp

Ban Chấp hành họp thường lệ ba tháng một lần, họp bất thường khi cần.

# Chương III. ĐIỀU KHOẢN THI HÀNH

## Điều 6. Hiệu lực thi hành

Quy chế này có hiệu lực kể từ ngày ký.
"""

NAME = "quy-che-lam-viec.md"


def commit_all(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag:
        git(repo, "tag", tag)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with V1 tagged v1 and V2 tagged v2; the test runs inside it."""
    root = tmp_path / "kho"
    root.mkdir()
    git(root, "init", "-q")
    (root / "quyche.yaml").write_text(f"regulations:\n  - {NAME}\n", encoding="utf-8")
    (root / NAME).write_text(V1, encoding="utf-8")
    commit_all(root, "Ban hành quy chế", "v1")
    (root / NAME).write_text(V2, encoding="utf-8")
    commit_all(root, "Dự thảo sửa đổi\n\nĐiều 2: nhấn mạnh tính nghiêm của nguyên tắc.\n"
                     "Điều 3: bổ sung quy định về chuyển đổi số theo Nghị quyết 57-NQ/TW.", "v2")
    monkeypatch.chdir(root)
    return root
