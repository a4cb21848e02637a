"""`check` over the real texts of shared/corpus: the known defects are found, nothing else is an error.

Every error below was looked at in the source text; each is a real slip of the published text
(or of its conversion), not a false positive. A new error here means a rule got worse, or a
parser change moved something: look at the text before updating the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from quyche.check.finding import Severity
from quyche.check.runner import run_checks
from quyche.config import Config

KNOWN_ERRORS = {
    # chapters run I, II, III, V (INDEX.md: "a real chapter-numbering gap")
    "xa_conghai_quy_dinh_van_phong_dang_uy_2025": {("QC101", 107)},
    # Điều 162 khoản 1 is written "1 Trường hợp" (no period), so the article starts at khoản 2;
    # Điều 470 khoản 2 has points a–đ, yet line 132 cites "điểm e khoản 2 Điều 470".
    "LARGE__bo_luat_to_tung_dan_su_2015": {("QC103", 1007), ("QC201", 132)},
    # Điều 30 and 31 are headings without text in this vbpl copy.
    "PAIR1_old__luat_cong_doan_2012": {("QC105", 297), ("QC105", 299)},
    # a Wingdings bullet came out of the PDF text layer as "ð" (U+00F0) on nine lines.
    "PAIR2_old__luat_dau_tu_2014": {("QC402", n) for n in (1952, 1953, 1954, 1955, 1957, 1958, 1959, 1960, 1961)},
    # Điều 10 khoản 1 lists points a b c d e f: no "đ", and an "f".
    "PARTY__quy_che_1147": {("QC104", 199), ("QC104", 201)},
}


_CACHE: dict[str, dict[str, list]] = {}  # type: ignore[type-arg]


@pytest.fixture
def corpus_run(corpus: Path) -> dict[str, list]:  # type: ignore[type-arg]
    """Findings per corpus file, computed once for the module."""
    if "run" in _CACHE:
        return _CACHE["run"]
    files = sorted(corpus.glob("*.txt"))
    run = run_checks(files, Config(root=corpus), jobs=1)
    assert run.failures == [], [str(f) for f in run.failures]
    by_file: dict[str, list] = {}  # type: ignore[type-arg]
    for path in files:
        by_file[path.name] = [f for f in run.findings if Path(f.path).name == path.name]
    _CACHE["run"] = by_file
    return by_file


def _prefix(name: str) -> str | None:
    return next((p for p in KNOWN_ERRORS if name.startswith(p)), None)


def test_every_corpus_text_is_checked_and_errors_are_the_known_defects(corpus_run: dict[str, list]) -> None:  # type: ignore[type-arg]
    for name, findings in corpus_run.items():
        errors = {(f.code, f.span.line) for f in findings if f.severity == Severity.ERROR}
        prefix = _prefix(name)
        expected = KNOWN_ERRORS[prefix] if prefix else set()
        assert errors == expected, f"{name}: {sorted(errors)}"


def test_chapter_gap_is_reported_with_what_is_missing(corpus_run: dict[str, list]) -> None:  # type: ignore[type-arg]
    name = next(n for n in corpus_run if n.startswith("xa_conghai"))
    gap = [f for f in corpus_run[name] if f.code == "QC101"]
    assert len(gap) == 1
    assert "sau Chương III là Chương V, thiếu Chương IV" in gap[0].message


def test_decision_then_regulation_is_two_article_sequences(corpus_run: dict[str, list]) -> None:  # type: ignore[type-arg]
    name = next(n for n in corpus_run if n.startswith("PARTY__quy_che_1147"))
    codes = {f.code for f in corpus_run[name]}
    assert "QC102" not in codes and "QC201" not in codes and "QC202" not in codes


def test_style_warnings_on_party_texts(corpus_run: dict[str, list]) -> None:  # type: ignore[type-arg]
    name = next(n for n in corpus_run if n.startswith("PARTY__quy_dinh_384"))
    found = {(f.code, f.span.line) for f in corpus_run[name]}
    assert ("QC203", 229) in found and ("QC204", 229) in found  # "Điểm a, Khoản 1 Điều này"
    name = next(n for n in corpus_run if n.startswith("PARTY__quy_che_1147"))
    assert ("QC203", 113) in {(f.code, f.span.line) for f in corpus_run[name]}  # "khoản 4, Điều 4"


@pytest.mark.parametrize("prefix", ["PARTY__quy_che_1147", "PARTY__quy_dinh_383", "PARTY__quy_dinh_384",
                                    "luat_ban_hanh", "luat_can_bo", "PAIR1_new", "PAIR3_old"])
def test_imported_corpus_has_no_false_self_reference_nor_party_rule_on_a_law(corpus: Path, prefix: str) -> None:
    """After `import` the texts carry front matter: a law gets no Party format finding (QC3xx),
    the regulation attached to decision 1147 no "Quy chế này" complaint (QC202), and the
    central Party documents (T/M BAN BÍ THƯ over the name alone) no false QC301/QC307."""
    from quyche.check.runner import check_source
    from quyche.importer import import_file
    from quyche.parse.source import Source
    from quyche.render.imported import render_import

    path = next(corpus.glob(prefix + "*.txt"))
    md = render_import(import_file(path))
    findings = check_source(Source(path=path.with_suffix(".md"), text=md, original=md), Config(root=corpus))
    assert not [(f.code, f.span.line) for f in findings if f.code == "QC202" or f.code.startswith("QC3")]
