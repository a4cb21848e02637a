"""fmt on random mixtures of real corpus lines and tricky markers: stable and meaning-preserving.

Each document is either refused with an input error (e.g. no Điều at all) or formatted so that
`fmt(fmt(x)) == fmt(x)` and `parse(fmt(x)) == parse(x)`. A fixed seed keeps the test repeatable;
cases this search once found are listed in REGRESSIONS.
"""

from __future__ import annotations

import random

import pytest

from quyche.errors import InputError
from quyche.parse import parse_text
from quyche.render.markdown import format_text
from tests.conftest import CORPUS

TRICKY = [
    "# Chương I", "## Điều 1. A {#x}", "> “Điều 5. B", "   - x", "  + y", "\\1. z", "<!-- c -->", "---", "",
    "", "Nơi nhận:", "T/M ĐẢNG ỦY", "PHỤ LỤC", "a)", "1.", "- ", "“", "”", "## Điều 2.", "#", ">", "> ",
    "    - a", "      - b", "I- ABC", "Mục 1", "Phần thứ hai", "Phần I", "PHẦN II", "## Điều 3a. C {#c-3}",
    "   1. k", "      a) p", "  - i", "\t+ j", "“x”", "> b”", "Điều 4. T: nội dung", "CHƯƠNG II", "NHIỆM VỤ",
    "1.1- sub", "1.2.1. subsub", "Phụ lục II", "DANH MỤC", "Ký bởi: X", "Email: y", "12",
    "CÔNG BÁO/Số 1/Ngày 2", "<!--x-->", "\\", "  \\- e", "• bullet", "– dash", "CHỦ TỊCH QUỐC HỘI",
]

REGRESSIONS = [  # (document, formatted rather than refused)
    ("Phần I\n“\n", True),
    ("PHẦN THỨ NHẤT\nQUY ĐỊNH\nĐiều 1. A\n", True),
    ("> “Điều 5. B\n## Điều 2.\n\n", False),
    ("## Điều 1. A\nB.\nCHỦ TỊCH QUỐC HỘI\nTrần Thanh Mẫn\n", True),
    ("Điều 1. A\nPHỤ LỤC\nT/M ĐẢNG ỦY\n5. Việc giải quyết\n", True),
    ("Điều 4. T\nd) Dự án\nCHỦ TỊCH QUỐC HỘI\nhiện thủ tục;\n  + y\n", True),
    ("---\n---\n## Điều 1. A\n", True),
    ("---\n\n---\n## Điều 1. A\n", True),
    ("---\n# chỉ ghi chú\n---\n## Điều 1. A\n", True),
    ("Chỉ có đoạn văn\n\nkhông có điều nào.\n", False),
]


def _documents(count: int, seed: int) -> list[str]:
    lines = [line for path in sorted(CORPUS.glob("*.txt")) for line in path.read_text(encoding="utf-8").split("\n")]
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        doc = "\n".join(rng.choice(lines if rng.random() < 0.4 else TRICKY) for _ in range(rng.randint(1, 25))) + "\n"
        docs.append("---\nkind: quy chế\n---\n" + doc if rng.random() < 0.3 else doc)
    return docs


def _check(doc: str) -> bool:
    try:
        once = format_text(doc)
    except InputError:
        return False
    assert format_text(once) == once, doc
    assert parse_text(once) == parse_text(doc), doc
    return True


@pytest.mark.parametrize(("doc", "formatted"), REGRESSIONS)
def test_regressions(doc: str, formatted: bool) -> None:
    assert _check(doc) is formatted


def test_random_documents() -> None:
    if not CORPUS.is_dir():
        pytest.skip("shared/corpus is not available")
    formatted = sum(_check(doc) for doc in _documents(400, seed=20261122))
    assert formatted > 200, "most random documents have a heading and get formatted"
