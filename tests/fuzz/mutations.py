"""Mutations of real regulation text, for the fuzz suite (tests/fuzz/test_fuzz.py).

A case is a seed text (the example regulation, slices of the shared corpus) and a list of edits
drawn by hypothesis: lines from a pool of tricky ones inserted, lines deleted, duplicated or
swapped, characters that trip readers (NUL, CR, U+2028, BOM, combining marks, RTL marks) put in,
line endings changed, the text cut short. Shrinking then gives the smallest text that fails.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"
SLICE = 4000
"""Characters taken from each corpus file per seed: enough for chapters, articles, clauses,
points and references, small enough for thousands of cases a minute."""


def seeds() -> list[str]:
    """The example regulation and slices of every corpus text that is present."""
    out = [(ROOT / "examples" / "phuong-an-hoa" / "quy-che-lam-viec.md").read_text(encoding="utf-8")]
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace")
            middle = len(text) // 2
            out += [text[:SLICE], text[middle : middle + SLICE]]
    return out


TRICKY_LINES = [
    "Điều 1.", "## Điều 1.", "# Điều 7.", "Điều 5a. Tiêu đề", "ĐIỀU 3", "Chương I", "CHƯƠNG II", "# Chương I. A",
    "Mục 1", "Phần thứ nhất", "PHẦN I", "1.", "1. khoản", "a)", "đ) điểm", "- ý", "+ ý", "  - ý lồng",
    "Nơi nhận:", "(Đã ký)", "T/M ĐẢNG ỦY", "BÍ THƯ", "Phụ lục", "PHỤ LỤC I", "> trích", "“trích dẫn", "”",
    "---", "title: x", "---", "<!-- quyche: disable QC201 -->", "<!--", "-->", "\\Điều 1.", "\\(Đã ký)",
    "khoản 1 Điều 2, khoản 3 Điều 4 Quy chế này", "điểm a khoản 1 Điều 99", "Điều này", "Chương này",
    "theo Điều 12 của Luật Tổ chức", "{#id}", "## Điều 2. Tên {#dieu-2}", "# ", "#", "####### x", "```", "|a|b|",
    "QUY CHẾ", "QUYẾT ĐỊNH", "1.1. mục", "1.2.3. mục", "I. LA MÃ", "II.", "a.", "1)", "Điều 999999999.",
    "Điều " + "9" * 50 + ".", "x" * 300,
]
ODD_CHARS = ["\x00", "\r", "\r\n", "\u2028", "\u2029", "\ufeff", "\u0301", "\u200b", "\u202e", "\t", "\x0b",
             "\x0c", "\x85", "\ud7ff", "Ð", "Đ", "ð", "#", ":", "{", "}", "`", "\\", "“", "”", "\n\n", " "]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A seed text with 1–6 edits."""
    text = draw(st.sampled_from(SEEDS))
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "char", "endings", "cut", "indent"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "insert":
            lines.insert(i, draw(st.sampled_from(TRICKY_LINES)))
        elif op == "delete" and len(lines) > 1:
            del lines[i : i + draw(st.integers(1, 20))]
        elif op == "duplicate":
            lines[i:i] = lines[i : i + draw(st.integers(1, 10))]
        elif op == "swap" and lines:
            j = draw(st.integers(0, max(0, len(lines) - 1)))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "char" and lines:
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            lines[i] = line[:k] + draw(st.sampled_from(ODD_CHARS)) + line[k:]
        elif op == "indent" and lines:
            lines[i] = " " * draw(st.integers(1, 12)) + lines[i]
        elif op == "cut":
            lines = lines[: i + 1]
    joined = "\n".join(lines)
    if draw(st.booleans()) and draw(st.booleans()):
        joined = joined.replace("\n", draw(st.sampled_from(["\r\n", "\r", "\u2028"])))
    return joined


SEEDS = seeds()
