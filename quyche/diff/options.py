"""The person's input to a comparison: an explicit article mapping and the reasons for changes.

`--map FILE.yaml` pairs old articles with new ones where the guesses would be wrong:

    20: 24          # old Điều 20 is new Điều 24
    9: [9, 10]      # split into two
    33: null        # repealed
    added: [6, 16]  # new articles, whatever they resemble

`--reasons FILE.yaml` gives the "Lý do, thuyết minh" column, keyed by the draft's article
number or id (the current text's for a repealed article), or a round's round.yaml. Commit
messages are never used as reasons.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from quyche.config import load_yaml_mapping
from quyche.diff.align import ExplicitMap
from quyche.diff.result import ArticleChange, ArticleInfo
from quyche.errors import MappingFileError
from quyche.fsutil import read_bytes_guarded


def _load_yaml(path: Path) -> dict[Any, Any]:
    return load_yaml_mapping(
        path, read_bytes_guarded(path),
        not_utf8=MappingFileError(path, key="(tệp)", problem="không ở bảng mã UTF-8"),
        not_mapping=MappingFileError(path, key="(gốc)", problem="phải là các dòng `Điều cũ: Điều mới`"))


def _norm(ref: Any) -> str:
    """"Điều 5" → "5"; "{#bao-cao}" → "bao-cao"."""
    text = str(ref).strip()
    text = re.sub(r"^(điều|Điều|ĐIỀU)\s+", "", text)
    text = text.removeprefix("{").removesuffix("}").lstrip("#")
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


ROUND_KEYS = frozenset({"id", "title", "working_group", "planned", "reasons", "bai-bo"})
"""The keys of a round's round.yaml: such a file given to --reasons is read for its `reasons:`."""


def load_reasons(path: Path) -> dict[str, str]:
    """Read a `--reasons` file: article number or id → reason text.

    A round's round.yaml is accepted too: its `reasons:` (and the reasons of its `bai-bo:`
    repeals) are the round's one source of reasons.
    """
    data = _load_yaml(path)
    if "reasons" in data or set(map(str, data)) & ROUND_KEYS >= {"id", "title"}:
        section = data.get("reasons") or {}
        if not isinstance(section, dict):
            raise MappingFileError(path, key="reasons", problem="phải là các dòng `Điều N: lý do`")
        return round_file_reasons(data)
    return _reasons_from(data, path)


def round_file_reasons(data: dict[Any, Any]) -> dict[str, str]:
    """The reasons of a round.yaml's data: `bai-bo:` (article → reason), then `reasons:` over them."""
    raw: dict[Any, Any] = {}
    for item in data.get("bai-bo") or []:
        if isinstance(item, dict) and item.get("article") is not None and item.get("reason"):
            raw[item["article"]] = item["reason"]
    section = data.get("reasons") or {}
    if isinstance(section, dict):
        raw.update(section)
    return _reasons_from(raw, None)


def _reasons_from(data: dict[Any, Any], path: Path | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in data.items():
        if value is None:
            continue
        if not isinstance(value, (str, int, float)):
            if path is None:
                continue
            raise MappingFileError(path, key=str(key), problem="lý do phải là một đoạn văn bản")
        text = str(value).strip()
        if text:
            out[_norm(unicodedata.normalize("NFC", str(key)))] = text
    return out


def normalise_reasons(reasons: dict[str, str]) -> dict[str, str]:
    """round.yaml's `reasons:` ("Điều 5", "5", an article id) keyed the way reason_for looks them up."""
    return _reasons_from(dict(reasons), None)


def _keys(articles: list[ArticleInfo]) -> list[str]:
    keys: list[str] = []
    for a in articles:
        if a.id:
            keys.append(a.id.lower())
        keys.append(a.number.lower())
    return keys


def reason_for(change: ArticleChange, reasons: dict[str, str]) -> str | None:
    """The written reason of a change (by the draft's number or id; the current text's for a
    repealed article), or None: a commit message is never taken as a reason."""
    primary = change.new or change.old
    for key in _keys(primary):
        if key in reasons:
            return reasons[key]
    return None
