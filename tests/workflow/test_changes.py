"""Article-level changes of a round: what the proposals table and the tờ trình list."""

from __future__ import annotations

import re

from quyche.workflow import changes
from tests.workflow.roundkit import EXAMPLE, REG

TEXT = (EXAMPLE / REG).read_text(encoding="utf-8")


def _renumbered_draft() -> str:
    """A new Điều 3 inserted; the old 3–9 become 4–10; old Điều 6 (now 7) also amended."""
    def bump(m: re.Match[str]) -> str:
        n = int(m.group(1))
        return f"## Điều {n + 1}." if n >= 3 else m.group(0)

    draft = re.sub(r"^## Điều (\d+)\.", bump, TEXT, flags=re.M)
    new_article = ("## Điều 3. Giải thích từ ngữ\n\nTrong Quy chế này, \"cấp ủy\" là Ban Chấp hành Đảng bộ "
                   "phường An Hòa; \"Thường trực\" gồm Bí thư và các Phó Bí thư.\n\n")
    draft = draft.replace("## Điều 4. Nhiệm vụ, quyền hạn của Ban Chấp hành", new_article
                          + "## Điều 4. Nhiệm vụ, quyền hạn của Ban Chấp hành", 1)
    return draft


def test_amended_clause_by_number() -> None:
    draft = TEXT.replace("rõ kết quả.", "rõ kết quả, rõ thẩm quyền.")
    found = changes.article_changes(TEXT, draft, REG)
    assert [(c.kind, c.reference) for c in found] == [("amended", "Điều 2, khoản 2")]
    assert "rõ thẩm quyền" in found[0].new_text and "rõ thẩm quyền" not in found[0].old_text


def test_repealed_article() -> None:
    start = TEXT.index("## Điều 7.")
    end = TEXT.index("## Điều 8.")
    found = changes.article_changes(TEXT, TEXT[:start] + TEXT[end:], REG)
    assert ("repealed", "Điều 7") in [(c.kind, c.reference) for c in found]


def test_inserted_article_with_renumbering() -> None:
    found = changes.article_changes(TEXT, _renumbered_draft(), REG)
    kinds = [(c.kind, c.reference) for c in found]
    assert kinds[0] == ("added", "Điều 3")
    # renumbering alone is not a proposed change
    assert all(c.kind != "amended" or c.old_number != c.number for c in found)
    assert len(found) == 1


def test_amended_and_renumbered_article() -> None:
    draft = _renumbered_draft().replace("Ban Thường vụ họp thường lệ mỗi tháng hai lần.",
                                        "Ban Thường vụ họp thường lệ mỗi tháng hai lần, họp bất thường khi cần.")
    found = changes.article_changes(TEXT, draft, REG)
    assert [(c.kind, c.reference) for c in found] == [
        ("added", "Điều 3"),
        ("amended", "Điều 7 (Điều 6 hiện hành), khoản 2"),
    ]
