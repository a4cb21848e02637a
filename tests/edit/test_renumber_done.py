"""The issue's "done when": on every template and corpus text, insert an article at the start
of a chapter, delete one in the middle, move one to another chapter, renumber — then every
reference still points at the unit it pointed at (compared by stable id / title, not number),
check finds no new reference fault, and `renumber --check` is clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from quyche.check.versions import reference_changes
from quyche.edit.renumber import renumber_text
from quyche.parse.document import parse_text
from quyche.parse.source import read_source
from tests.check.helpers import check_text
from tests.conftest import CORPUS
from tests.edit.targets import reference_targets, referenced_heading_lines
from tests.scaffold.scaffold_helpers import TEMPLATE_NAMES, make_repo

_HEADING = re.compile(r"^(?:#{1,6}[ \t]+)?(?:Điều \d+[a-zđ]?[.:]|Chương [IVXLC]+\b|CHƯƠNG [IVXLC]+\b|Mục \d+|MỤC \d+|Phần thứ|PHẦN THỨ)")
_ARTICLE = re.compile(r"^(?:#{1,6}[ \t]+)?Điều (\d+)[a-zđ]?[.:]")
_CHAPTER = re.compile(r"^(?:#{1,6}[ \t]+)?(?:Chương|CHƯƠNG) [IVXLC]+\b")


def _articles(lines: list[str]) -> list[tuple[int, int, int]]:
    """(first line, end line, chapter ordinal) of every article heading at a line start."""
    out = []
    chapter = 0
    heads = [i for i, ln in enumerate(lines) if _HEADING.match(ln)]
    for k, i in enumerate(heads):
        if _CHAPTER.match(lines[i]):
            chapter += 1
        elif _ARTICLE.match(lines[i]):
            end = heads[k + 1] if k + 1 < len(heads) else len(lines)
            out.append((i, end, chapter))
    return out


def edit(text: str, markdown: bool) -> str:
    """Insert an article at a chapter start, delete one in the middle, move one across chapters."""
    lines = text.split("\n")
    arts = _articles(lines)
    chapters = sorted({c for *_, c in arts if c})
    referenced = referenced_heading_lines(text)
    # not a "Điều 1": moving the first article of a text would merge it with the decision before it
    free = [a for a in arts[1:-1] if a[0] not in referenced and a[2]
            and not re.match(r"^(?:#{1,6}[ \t]+)?Điều 1[.:]", lines[a[0]])]
    assert len(free) >= 2, "not enough unreferenced articles to delete and move"
    deleted = free[len(free) // 2]
    moved = next(a for a in free if a[2] != deleted[2] and a != deleted) if len({a[2] for a in free}) > 1 else free[0]
    target_chapter = next(c for c in chapters if c != moved[2])
    first_of = {c: next(a for a in arts if a[2] == c) for c in chapters}
    # insert at the start of the second chapter (or the only one), typed "Điều Na"
    insert_at = first_of[chapters[1] if len(chapters) > 1 else chapters[0]]
    before_num = _ARTICLE.match(lines[insert_at[0]])
    assert before_num is not None
    new_no = f"{max(int(before_num.group(1)) - 1, 0)}a"
    mark = "## " if markdown else ""
    new_article = [f"{mark}Điều {new_no}. Điều mới thêm khi sửa đổi", "", "Nội dung mới.", ""] if markdown else \
        [f"Điều {new_no}. Điều mới thêm khi sửa đổi", "Nội dung mới."]
    pieces: dict[int, list[str]] = {}
    moved_lines = lines[moved[0] : moved[1]]
    if markdown and moved_lines and moved_lines[-1].strip():
        moved_lines = [*moved_lines, ""]
    # paste the moved article before the last article of another chapter
    dest = [a for a in arts if a[2] == target_chapter][-1]
    pieces[dest[0]] = moved_lines
    pieces.setdefault(insert_at[0], [])
    pieces[insert_at[0]] = [*new_article, *pieces[insert_at[0]]]
    skip = set(range(deleted[0], deleted[1])) | set(range(moved[0], moved[1]))
    out: list[str] = []
    for i, line in enumerate(lines):
        out.extend(pieces.get(i, []))
        if i not in skip:
            out.append(line)
    return "\n".join(out)


def _faults(text: str) -> list[str]:
    return [f"{f.code} {f.message}" for f in check_text(text, select=["QC102", "QC201"])]


def _renumber_keeps_every_target(text: str, markdown: bool) -> None:
    edited = edit(text, markdown)
    targets_before, unresolved_before = reference_targets(edited)
    original_targets, _ = reference_targets(text)
    result = renumber_text(edited, "x.md")
    targets_after, unresolved_after = reference_targets(result.after)
    assert not targets_before - targets_after, "a reference now points at another unit"
    # a reference that pointed nowhere is left as written (and reported); the new numbers
    # may give it a target, never take one away from another reference
    assert (targets_after - targets_before).total() == unresolved_before - unresolved_after
    # the edits only remove references (those inside the deleted article): none was re-aimed
    assert not targets_before - original_targets
    assert renumber_text(result.after, "x.md").after == result.after
    # no new reference fault: the real texts have a few of their own, kept as written
    baseline = [f for f in _faults(edited) if f.startswith("QC201")]
    assert len([f for f in _faults(result.after) if f.startswith("QC201")]) <= len(baseline)
    assert not [f for f in _faults(result.after) if f.startswith("QC102")]
    # and against the text before the edits (what QC205 reads): nothing stale, nothing repealed
    changes = reference_changes(parse_text(text), text, parse_text(result.after), result.after)
    assert not [c for c in changes if c.status in ("stale", "repealed")], changes


_REFS = ("Việc thực hiện theo Điều {a}, khoản 1 Điều {b}, các Điều {c}, {d} và {e}, từ Điều {c} đến Điều {e} "
         "và Chương {ch} Quy chế này; khoản 1 Điều này.")


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_edit_and_renumber(name: str, tmp_path: Path) -> None:
    made = make_repo(tmp_path, name)
    path = made.dest / made.regulation
    text = read_source(path).text
    assert not renumber_text(text).changed, "a fresh template is numbered in order"
    # the templates have no cross-references yet: give the first article some, to every level
    lines = text.split("\n")
    arts = _articles(lines)
    numbers = [_ARTICLE.match(lines[a[0]]).group(1) for a in arts]  # type: ignore[union-attr]
    refs = _REFS.format(a=numbers[-1], b=numbers[2], c=numbers[-4], d=numbers[-3], e=numbers[-2], ch="II")
    first_clause = next(i for i in range(arts[0][0], arts[0][1]) if lines[i].startswith("1. "))
    lines[first_clause] = f"{lines[first_clause]} {refs}"
    text = "\n".join(lines)
    assert sum(reference_targets(text)[0].values()) >= 8
    _renumber_keeps_every_target(text, markdown=True)


CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_edit_and_renumber(name: str) -> None:
    text = read_source(CORPUS / name).text
    if len([a for a in _articles(text.split("\n")) if a[2]]) < 4:
        pytest.skip("fewer than four articles inside chapters")
    _renumber_keeps_every_target(text, markdown=False)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_unchanged_texts_change_only_at_real_gaps(name: str) -> None:
    result = renumber_text(read_source(CORPUS / name).text, name)
    assert all(c.reason in ("gap", "inserted") for c in result.changes if c.reason != "shifted"), result.changes
    if result.changed:
        assert result.gaps, "a change that is not a numbering gap"
