"""The person's input to a comparison: an explicit article mapping and the reasons for changes.

`--map FILE.yaml` pairs old articles with new ones where the guesses would be wrong:

    20: 24          # old Điều 20 is new Điều 24
    9: [9, 10]      # split into two
    33: null        # repealed
    added: [6, 16]  # new articles, whatever they resemble

`--reasons FILE.yaml` gives the "Lý do, thuyết minh" column, keyed by the draft's article
number or id (the current text's for a repealed article). Without it, reasons come from the
messages of the commits that changed the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quyche.config import load_yaml_mapping
from quyche.diff.align import ExplicitMap
from quyche.diff.result import ArticleChange, ArticleInfo
from quyche.diff.revisions import CommitMessage
from quyche.errors import MappingFileError
from quyche.fsutil import read_bytes_guarded


def _load_yaml(path: Path) -> dict[Any, Any]:
    return load_yaml_mapping(
        path, read_bytes_guarded(path),
        not_utf8=MappingFileError(path, key="(tệp)", problem="không ở bảng mã UTF-8"),
        not_mapping=MappingFileError(path, key="(gốc)", problem="phải là các dòng `Điều cũ: Điều mới`"))


def _norm(ref: Any) -> str:
    text = str(ref).strip()
    text = re.sub(r"^(điều|Điều|ĐIỀU)\s+", "", text)
    return text.lower()


def _resolve(ref: Any, side: list[ArticleInfo], path: Path, key: str, which: str) -> int:
    wanted = _norm(ref)
    for a in side:
        if a.id and a.id.lower() == wanted:
            return a.index
    for a in side:
        if a.number.lower() == wanted:
            return a.index
    raise MappingFileError(path, key=key, problem=f"không có Điều {ref} ở bản {which}")


def load_map(path: Path, old: list[ArticleInfo], new: list[ArticleInfo]) -> ExplicitMap:
    """Read a `--map` file into indexes of the two article lists."""
    data = _load_yaml(path)
    out = ExplicitMap()
    for key, value in data.items():
        skey = str(key)
        if skey == "added":
            values = value if isinstance(value, list) else [value]
            out.pairs.append(([], [_resolve(v, new, path, skey, "mới") for v in values]))
            continue
        i = _resolve(key, old, path, skey, "hiện hành")
        if value is None:
            out.pairs.append(([i], []))
        elif isinstance(value, list):
            out.pairs.append(([i], [_resolve(v, new, path, skey, "mới") for v in value]))
        elif isinstance(value, (str, int)):
            out.pairs.append(([i], [_resolve(value, new, path, skey, "mới")]))
        else:
            raise MappingFileError(path, key=skey, problem="giá trị phải là số Điều, danh sách hoặc null")
    # several old articles mapped to the same new one: a merge
    merged: dict[tuple[int, ...], list[int]] = {}
    rest: list[tuple[list[int], list[int]]] = []
    for olds, news in out.pairs:
        if len(olds) == 1 and len(news) == 1:
            merged.setdefault(tuple(news), []).extend(olds)
        else:
            rest.append((olds, news))
    out.pairs = rest + [(sorted(olds), list(news)) for news, olds in merged.items()]
    return out


def load_reasons(path: Path) -> dict[str, str]:
    """Read a `--reasons` file: article number or id → reason text."""
    data = _load_yaml(path)
    out: dict[str, str] = {}
    for key, value in data.items():
        if value is None:
            continue
        if not isinstance(value, (str, int, float)):
            raise MappingFileError(path, key=str(key), problem="lý do phải là một đoạn văn bản")
        out[_norm(key)] = str(value).strip()
    return out


def _keys(articles: list[ArticleInfo]) -> list[str]:
    keys: list[str] = []
    for a in articles:
        if a.id:
            keys.append(a.id.lower())
        keys.append(a.number.lower())
    return keys


def reason_for(change: ArticleChange, reasons: dict[str, str], commits: list[CommitMessage]) -> str | None:
    """The reason text of a change: from the reasons file, else from commit messages."""
    primary = change.new or change.old
    for key in _keys(primary):
        if key in reasons:
            return reasons[key]
    if not commits:
        return None
    # Commit messages speak the draft's numbering; only a repealed article goes by its old one.
    for side in (change.new or change.old,):
        numbers = [a.number for a in side]
        if not numbers:
            continue
        pattern = re.compile(r"Điều\s+(?:" + "|".join(re.escape(n) for n in numbers) + r")(?![\w])", re.I)
        lines: list[str] = []
        for c in commits:
            for line in [c.subject, *c.body.splitlines()]:
                line = line.strip()
                if line and pattern.search(line) and line not in lines and not _is_trailer(line):
                    lines.append(line)
        if lines:
            return "\n".join(lines)
    mentions_any = any(re.search(r"Điều\s+\d", f"{c.subject}\n{c.body}") for c in commits)
    if len(commits) == 1 and not mentions_any:
        text = "\n".join(x for x in (commits[0].subject, commits[0].body) if x)
        text = "\n".join(line for line in text.splitlines() if not _is_trailer(line))
        return text.strip() or None
    return None


def _is_trailer(line: str) -> bool:
    """Machine trailers (Quyche-Step: …, Signed-off-by: …) are not reasons."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9-]*:\s", line)) and not line.startswith("Điều")
