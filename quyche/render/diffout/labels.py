"""Vietnamese words for what a comparison reports, shared by every output."""

from __future__ import annotations

from typing import Final

from quyche.diff.result import ArticleChange, Summary

STATUS_TEXT: Final = {
    "unchanged": "giữ nguyên",
    "changed": "sửa đổi",
    "added": "bổ sung",
    "removed": "bãi bỏ",
    "split": "tách",
    "merged": "gộp",
}

SUMMARY_ITEMS: Final = (
    ("unchanged", "giữ nguyên"),
    ("changed", "sửa đổi"),
    ("added", "bổ sung"),
    ("removed", "bãi bỏ"),
    ("renumbered", "đánh số lại"),
    ("moved", "chuyển chương"),
    ("split", "tách"),
    ("merged", "gộp"),
)


def summary_line(s: Summary) -> str:
    """"Điều: giữ nguyên 3 · sửa đổi 2 · …"."""
    parts = [f"{text} {getattr(s, key)}" for key, text in SUMMARY_ITEMS]
    return "Điều: " + " · ".join(parts)


def change_title(c: ArticleChange) -> str:
    """"Điều 20 → Điều 24 · sửa đổi · đánh số lại · chuyển chương"."""
    bits = [c.key, STATUS_TEXT[c.status]]
    if c.renumbered and c.status in ("unchanged", "changed"):
        bits.append("đánh số lại")
    if c.moved:
        bits.append("chuyển chương")
    if c.old and c.new:
        bits.append(f"độ giống {c.score:.2f}")
    if c.review:
        bits.append("CẦN XEM LẠI việc ghép Điều")
    return " · ".join(bits)
