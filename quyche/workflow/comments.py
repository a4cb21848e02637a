"""Comment files (góp ý): one YAML file per commenter under the round folder.

    vong/<id>/gop-y/chi-bo-khu-pho-1.yaml
    commenter: Nguyễn Văn Bình          # who (a person, or the body itself)
    body: Chi bộ Khu phố 1              # which body (cơ quan, đơn vị)
    date: 2026-03-12
    comments:
      - article: Điều 5, khoản 2        # empty or "chung" = a general comment;
                                        # "mới" or "Điều 30 (mới)" = proposes a new article
        text: Đề nghị bổ sung …
        response: tiếp thu              # tiếp thu | tiếp thu một phần | không tiếp thu
        explanation: Đã sửa khoản 2.    # required unless fully accepted

Files are safe-loaded with PyYAML; every comment keeps its line for messages.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import yaml

from quyche.errors import CommentFileError
from quyche.yamlread import load_yaml

COMMENTS_DIR: Final = "gop-y"
Response = Literal["accepted", "partly-accepted", "not-accepted"]

RESPONSES: Final[dict[str, Response]] = {
    "accepted": "accepted",
    "tiếp thu": "accepted",
    "tiep-thu": "accepted",
    "partly-accepted": "partly-accepted",
    "tiếp thu một phần": "partly-accepted",
    "tiep-thu-mot-phan": "partly-accepted",
    "not-accepted": "not-accepted",
    "không tiếp thu": "not-accepted",
    "khong-tiep-thu": "not-accepted",
    "giải trình": "not-accepted",
}
"""Accepted spellings → the response code (Vietnamese words are what users type)."""

RESPONSE_LABELS: Final[dict[Response, str]] = {
    "accepted": "Tiếp thu",
    "partly-accepted": "Tiếp thu một phần",
    "not-accepted": "Không tiếp thu",
}

_ARTICLE = re.compile(r"(?i)\bđiều\s+(\d+)([a-zđ]?)\b")
_CLAUSE = re.compile(r"(?i)\bkhoản\s+(\d+)\b")
_GENERAL = ("", "chung", "góp ý chung", "general")
_NEW = re.compile(r"(?i)(?<!\w)(mới|new)(?!\w)")
NEW_ARTICLE: Final = "Điều mới (đề nghị bổ sung)"
"""How a comment proposing an article the draft does not have is shown in the tables."""


@dataclass(slots=True)
class Comment:
    """One comment and, later, the working group's response."""

    text: str
    reference: str = ""
    """Where it points, as written: "Điều 5, khoản 2"; "" for a general comment."""
    response: Response | None = None
    explanation: str = ""
    line: int = 0

    @property
    def proposes_new(self) -> bool:
        """`article: mới` or `Điều 30 (mới)`: the comment proposes an article the draft lacks."""
        return bool(_NEW.search(unicodedata.normalize("NFC", self.reference)))

    @property
    def shown_reference(self) -> str:
        """The "Điều, khoản" cell: as written, or NEW_ARTICLE for a bare `mới`."""
        if self.proposes_new and not _ARTICLE.search(unicodedata.normalize("NFC", self.reference)):
            return NEW_ARTICLE
        return self.reference

    @property
    def is_general(self) -> bool:
        """A comment on the whole draft rather than on an article."""
        return self.article_key is None and not self.proposes_new

    @property
    def article_key(self) -> tuple[int, str, int] | None:
        """(article number, suffix, clause) for sorting; None for a general comment."""
        ref = unicodedata.normalize("NFC", self.reference)
        if ref.strip().lower() in _GENERAL:
            return None
        m = _ARTICLE.search(ref)
        if not m:
            return None
        c = _CLAUSE.search(ref)
        return int(m.group(1)), m.group(2).lower(), int(c.group(1)) if c else 0

    @property
    def article_number(self) -> str | None:
        """The article it points at as the text numbers it ("5", "3a"); None for a general comment."""
        key = self.article_key
        return None if key is None else f"{key[0]}{key[1]}"

    @property
    def answered(self) -> bool:
        """Responded, with an explanation unless fully accepted."""
        if self.response is None:
            return False
        return self.response == "accepted" or bool(self.explanation.strip())


@dataclass(slots=True)
class CommentFile:
    """What one commenter sent."""

    path: Path
    commenter: str
    body: str = ""
    date: dt.date | None = None
    comments: list[Comment] = field(default_factory=list)

    @property
    def source(self) -> str:
        """The "Cơ quan, đơn vị, cá nhân góp ý" column."""
        if self.body and self.commenter and self.body != self.commenter:
            return f"{self.commenter} ({self.body})"
        return self.body or self.commenter


def _text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def load_comment_file(path: Path) -> CommentFile:
    """Read one commenter's file; CommentFileError / YamlSyntax with the line when malformed."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CommentFileError(path, problem="encoding") from None
    loaded = load_yaml(text, path)  # one parse: the node tree gives each comment its line
    data, node = loaded.data, loaded.node
    if not isinstance(data, dict):
        raise CommentFileError(path, 1, problem="not-mapping")
    commenter = _text(data.get("commenter"))
    body = _text(data.get("body"))
    if not commenter and not body:
        raise CommentFileError(path, 1, problem="no-commenter")
    date = data.get("date")
    items = data.get("comments") or []
    if not isinstance(items, list):
        raise CommentFileError(path, 1, problem="comments-not-list")
    seq_nodes: list[Any] = []
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if getattr(k, "value", None) == "comments" and isinstance(v, yaml.SequenceNode):
                seq_nodes = v.value
    out = CommentFile(path, commenter, body, date if isinstance(date, dt.date) else None)
    for i, item in enumerate(items):
        line = seq_nodes[i].start_mark.line + 1 if i < len(seq_nodes) else 0
        if isinstance(item, str):
            item = {"text": item}
        if not isinstance(item, dict) or not _text(item.get("text")):
            raise CommentFileError(path, line, problem="no-text")
        raw_resp = _text(item.get("response")).lower()
        response: Response | None = None
        if raw_resp:
            response = RESPONSES.get(raw_resp)
            if response is None:
                raise CommentFileError(path, line, problem="bad-response", value=raw_resp)
        out.comments.append(Comment(
            text=_text(item.get("text")),
            reference=_text(item.get("article")),
            response=response,
            explanation=_text(item.get("explanation")),
            line=line,
        ))
    return out


def load_comments(round_dir: Path) -> list[CommentFile]:
    """All comment files of a round, by file name."""
    folder = round_dir / COMMENTS_DIR
    if not folder.is_dir():
        return []
    return [load_comment_file(p) for p in sorted(folder.glob("*.y*ml")) if p.is_file()]


def unanswered(files: list[CommentFile]) -> list[tuple[CommentFile, Comment]]:
    """Comments still lacking a response (or the explanation a non-acceptance needs)."""
    return [(f, c) for f in files for c in f.comments if not c.answered]


def article_numbers(paths: list[Path]) -> set[str]:
    """The article numbers ("5", "3a") of the regulation files as they stand now (the draft); a
    decision file counts by the regulation it issues."""
    from quyche.parse import parse_file

    numbers: set[str] = set()
    for path in paths:
        if path.is_file():
            numbers.update(a.number.lower() for a in parse_file(path).principal().articles())
    return numbers


def unknown_articles(files: list[CommentFile], numbers: set[str]) -> list[tuple[CommentFile, Comment]]:
    """Comments pointing at an article the draft does not have ("Điều 99"): a typo or a stale
    number. A comment marked as proposing a new article (`mới`) is not one."""
    return [(f, c) for f in files for c in f.comments
            if c.article_number is not None and c.article_number not in numbers and not c.proposes_new]


def ordered(files: list[CommentFile]) -> list[tuple[CommentFile, Comment]]:
    """General comments first, then by article and clause; ties keep file order."""
    pairs = [(f, c) for f in files for c in f.comments]
    general = [p for p in pairs if p[1].is_general]
    specific = [p for p in pairs if not p[1].is_general]
    specific.sort(key=lambda p: (p[1].proposes_new, p[1].article_key or (0, "", 0)))
    return general + specific


def totals(files: list[CommentFile]) -> dict[str, int]:
    """Counts for the end of the synthesis table."""
    pairs = [c for f in files for c in f.comments]
    return {
        "commenters": len(files),
        "comments": len(pairs),
        "accepted": sum(1 for c in pairs if c.response == "accepted"),
        "partly-accepted": sum(1 for c in pairs if c.response == "partly-accepted"),
        "not-accepted": sum(1 for c in pairs if c.response == "not-accepted"),
        "unanswered": sum(1 for c in pairs if not c.answered),
    }
