"""The parser against real published texts: counts must equal those in shared/corpus/INDEX.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.parse import parse_file

# file prefix -> (chapters, articles, sections, parts): the figures of INDEX.md
EXPECTED = {
    "LARGE__bo_luat_to_tung_dan_su_2015": (42, 517, 16, 10),
    "PAIR1_new__luat_cong_doan_2024": (6, 37, 2, 0),
    "PAIR1_old__luat_cong_doan_2012": (6, 33, 2, 0),
    "PAIR2_new__luat_dau_tu_2020": (7, 77, 8, 0),
    "PAIR2_old__luat_dau_tu_2014": (7, 76, 10, 0),
    "PAIR3_new__luat_bao_hiem_xa_hoi_2024": (11, 141, 13, 0),
    "PAIR3_old__luat_bao_hiem_xa_hoi_2014": (9, 125, 9, 0),
    "PARTY__quy_che_1147": (5, 21, 0, 0),
    "PARTY__quy_dinh_383": (0, 23, 4, 0),
    "PARTY__quy_dinh_384": (3, 20, 0, 0),
    "luat_ban_hanh_van_ban_qppl_2015": (17, 173, 10, 0),
    "luat_can_bo_cong_chuc_2025": (7, 45, 10, 0),
    "xa_conghai_quy_dinh_van_phong_dang_uy_2025": (4, 13, 0, 0),
}


def _file(corpus: Path, prefix: str) -> Path:
    matches = sorted(corpus.glob(prefix + "*.txt"))
    assert len(matches) == 1, f"expected one corpus file for {prefix}, found {matches}"
    return matches[0]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_counts_match_index(corpus: Path, prefix: str) -> None:
    reg = parse_file(_file(corpus, prefix))
    counts = reg.total_counts()
    chapters, articles, sections, parts = EXPECTED[prefix]
    assert (counts["chapters"], counts["articles"], counts["sections"], counts["parts"]) == (
        chapters, articles, sections, parts)


def test_every_corpus_file_is_covered(corpus: Path) -> None:
    names = [p.name for p in corpus.glob("*.txt")]
    for name in names:
        assert any(name.startswith(prefix) for prefix in EXPECTED), f"{name} has no expected counts"


def test_decision_and_attached_regulation_are_counted_apart(corpus: Path) -> None:
    """1147-QĐ/BTGDVTW: the decision's Điều 1–3, then the attached Quy chế's 5 Chương, 18 Điều."""
    reg = parse_file(_file(corpus, "PARTY__quy_che_1147"))
    assert [d.document_kind() for d in reg.documents()] == ["quyết định", "quy chế"]
    assert (reg.counts()["chapters"], reg.counts()["articles"]) == (0, 3)
    attached = reg.attachments[0]
    assert (attached.counts()["chapters"], attached.counts()["articles"]) == (5, 18)
    assert [a.number for a in attached.articles()][:2] == ["1", "2"]
    assert reg.closing[-1].text == "Ngô Đông Hải"  # the decision's signer stays with the decision
