"""QC5xx: a regulation made from a template keeps the template's required articles and layout.

`quyche new` records in quyche.yaml, under `template.layout`, the template's chapters and
required articles as rendered with the office's answers:

    template:
      name: phuong
      version: 1.0.0
      layout:
        - chapter: NHỮNG QUY ĐỊNH CHUNG
          articles:
            pham-vi: Phạm vi điều chỉnh và đối tượng áp dụng

The rules read that record only, so `check` needs neither the template folder (a body's own
template may not be on the CI machine) nor Jinja, and a regulation is held to the template
version it was made from until it is upgraded. `quyche templates show NAME --format yaml`
prints the block for a quyche.yaml written by hand. Only the files listed under
`regulations:` are checked (all files when the list is empty).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quyche.check.finding import Severity
from quyche.check.registry import CheckContext, Report, rule
from quyche.model.span import Span

if TYPE_CHECKING:
    from quyche.model.document import Article, Chapter, Regulation

_CACHE_KEY = "conformance.layout"
_REPEALS_KEY = "conformance.repeals"
REPEALS_GLOB = "vong/*/round.yaml"
"""Where a revision round documents the repeal of a template article (`bai-bo:` in round.yaml)."""
MAX_ROUND_FILES = 500
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class _Required:
    id: str
    title: str


@dataclass(slots=True)
class _ChapterLayout:
    title: str
    articles: list[_Required] = field(default_factory=list)


@dataclass(slots=True)
class _Loaded:
    name: str
    layout: list[_ChapterLayout] | None
    problem: str = ""


def _norm(text: str) -> str:
    """Titles compare without case, accents' encoding, spacing and end punctuation."""
    text = unicodedata.normalize("NFC", text).casefold()
    return _SPACE.sub(" ", text).strip().rstrip(".:;")


def _applies(ctx: CheckContext) -> bool:
    config = ctx.config
    if config.template is None:
        return False
    if not config.regulations:
        return True
    try:
        here = Path(ctx.path).resolve()
    except OSError:
        return False
    return here in _listed(config.root.resolve(), tuple(config.regulations))


@functools.lru_cache(maxsize=8)
def _listed(root: Path, regulations: tuple[str, ...]) -> frozenset[Path]:
    """The regulations quyche.yaml lists, resolved once per run rather than once per file and
    rule (1,000 listed files made that a million `realpath` calls)."""
    out: set[Path] = set()
    for reg in regulations:
        try:
            out.add((root / reg).resolve())
        except OSError:
            continue
    return frozenset(out)


def _template(ctx: CheckContext) -> _Loaded | None:
    """The template layout this file must follow; None when no template applies to it."""
    return _load(ctx) if _applies(ctx) else None


def _parse_layout(raw: Any) -> list[_ChapterLayout] | None:
    """`template.layout` of quyche.yaml, or None when it is not in the recorded shape."""
    if not isinstance(raw, list) or not raw:
        return None
    chapters: list[_ChapterLayout] = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("chapter"), str):
            return None
        articles = item.get("articles") or {}
        if not isinstance(articles, dict):
            return None
        chapters.append(_ChapterLayout(item["chapter"], [_Required(str(k), str(v)) for k, v in articles.items()]))
    return chapters


def _load(ctx: CheckContext) -> _Loaded:
    """The recorded layout (cached per file's context)."""
    cached = ctx.extra.get(_CACHE_KEY)
    if isinstance(cached, _Loaded):
        return cached
    ref = ctx.config.template
    assert ref is not None
    raw: Any = ctx.config.raw.get("template")
    recorded = raw.get("layout") if isinstance(raw, dict) else None
    layout = _parse_layout(recorded)
    if layout is not None:
        loaded = _Loaded(ref.name, layout)
    elif recorded is None:
        loaded = _Loaded(ref.name, None, "quyche.yaml chưa ghi bố cục của mẫu (mục template.layout)")
    else:
        loaded = _Loaded(ref.name, None, "mục template.layout trong quyche.yaml sai dạng")
    ctx.extra[_CACHE_KEY] = loaded
    return loaded


def _body_start(doc: Regulation) -> Span:
    return Span(max(doc.body_line, 1), 1)


def _index(doc: Regulation) -> tuple[list[Chapter], dict[int, Chapter | None], list[Article]]:
    """Chapters, each article's chapter (by id()), and the articles in order."""
    from quyche.model.document import Article, Chapter

    chapters: list[Chapter] = []
    owner: dict[int, Chapter | None] = {}
    articles: list[Article] = []
    for node, parents in doc.walk():
        if isinstance(node, Chapter):
            chapters.append(node)
        elif isinstance(node, Article):
            articles.append(node)
            owner[id(node)] = next((p for p in reversed(parents) if isinstance(p, Chapter)), None)
    return chapters, owner, articles


def _repeal_key(text: str) -> str:
    """"{#bao-cao}", "#bao-cao", "bao-cao" → "bao-cao"; a title compares like _norm."""
    return _norm(text.strip().removeprefix("{").removesuffix("}").lstrip("#"))


def repealed_articles(root: Path) -> frozenset[str]:
    """Template articles a revision round repealed on the record: `bai-bo:` entries of every
    `vong/<id>/round.yaml` that give both the article (its id, or its title) and a reason."""
    import yaml

    from quyche.errors import QuycheError
    from quyche.fsutil import read_bytes_guarded

    found: set[str] = set()
    for path in sorted(root.glob(REPEALS_GLOB))[:MAX_ROUND_FILES]:
        try:
            data = yaml.safe_load(read_bytes_guarded(path))
        except (QuycheError, yaml.YAMLError, UnicodeDecodeError):
            continue  # a broken round.yaml repeals nothing; `quyche round` reports it
        items = data.get("bai-bo") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and item.get("article") and str(item.get("reason") or "").strip():
                found.add(_repeal_key(str(item["article"])))
    return frozenset(found)


def _repealed(ctx: CheckContext) -> frozenset[str]:
    cached = ctx.extra.get(_REPEALS_KEY)
    if isinstance(cached, frozenset):
        return cached
    found = repealed_articles(ctx.config.root)
    ctx.extra[_REPEALS_KEY] = found
    return found


def _find(articles: list[Article], uid: str, title: str) -> Article | None:
    for art in articles:
        if art.id == uid:
            return art
    wanted = _norm(title)
    for art in articles:
        if _norm(art.title) == wanted:
            return art
    return None


@rule("QC501", "template-required-article", Severity.ERROR)
def required_article(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Quy chế tạo từ mẫu phải giữ các điều bắt buộc của mẫu.

    Vì sao: mẫu của cấp trên quy định những nội dung quy chế phải có (trách nhiệm của tập thể,
    cá nhân, chế độ làm việc, việc sửa đổi quy chế…). Mỗi điều bắt buộc được nhận ra theo mã
    `{#…}` ở cuối tiêu đề, nếu không có mã thì theo tên điều.

    Sai (mẫu `phuong` yêu cầu điều `{#sua-doi}` mà quy chế đã xóa):

        ## Điều 27. Trách nhiệm thi hành {#trach-nhiem-thi-hanh}
        ## Điều 28. Hiệu lực thi hành {#hieu-luc}

    Đúng:

        ## Điều 27. Trách nhiệm thi hành {#trach-nhiem-thi-hanh}
        ## Điều 28. Rà soát, sửa đổi, bổ sung Quy chế {#sua-doi}
        ## Điều 29. Hiệu lực thi hành {#hieu-luc}

    Bãi bỏ một điều của mẫu là một việc phải ghi lại: trong vòng sửa đổi, ghi điều đó (mã
    hoặc tên điều) và lý do vào mục `bai-bo:` của `vong/<mã>/round.yaml`; quy tắc này chấp
    nhận điều đã bãi bỏ như vậy.
    """
    loaded = _template(ctx)
    if loaded is None or loaded.layout is None:
        return
    chapters, _owner, articles = _index(doc)
    by_title = {_norm(c.title): c for c in chapters}
    repealed = _repealed(ctx)
    for chapter in loaded.layout:
        for req in chapter.articles:
            if _find(articles, req.id, req.title) is not None:
                continue
            if _repeal_key(req.id) in repealed or _norm(req.title) in repealed:
                continue
            near = by_title.get(_norm(chapter.title))
            yield Report(
                near.span if near is not None else _body_start(doc),
                f"Thiếu điều bắt buộc của mẫu `{loaded.name}`: “{req.title}” (mã {{#{req.id}}}), "
                f"thuộc chương “{chapter.title}”.",
                f"Khôi phục điều này và giữ mã {{#{req.id}}} ở cuối tiêu đề (nếu đã đổi tên điều, "
                f"chỉ cần thêm lại mã); nếu vòng sửa đổi bãi bỏ điều này, ghi vào round.yaml của vòng: "
                f"`bai-bo: [{{article: {req.id}, reason: …}}]`.",
            )


@rule("QC502", "template-chapter-layout", Severity.WARNING)
def chapter_layout(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Quy chế tạo từ mẫu nên giữ bố cục chương của mẫu.

    Vì sao: khi sửa đổi, bổ sung quy chế, không nên làm thay đổi kết cấu, bố cục; chỉ cập nhật
    nội dung mới. Cảnh báo khi các chương khác tên hoặc khác thứ tự so với mẫu, hoặc khi một
    điều bắt buộc bị chuyển sang chương khác.

    Sai (đổi thứ tự hai chương của mẫu):

        # Chương IV. MỐI QUAN HỆ CÔNG TÁC
        # Chương V. NGUYÊN TẮC, CHẾ ĐỘ LÀM VIỆC

    Đúng:

        # Chương IV. NGUYÊN TẮC, CHẾ ĐỘ LÀM VIỆC
        # Chương V. MỐI QUAN HỆ CÔNG TÁC
    """
    loaded = _template(ctx)
    if loaded is None or loaded.layout is None:
        return
    chapters, owner, articles = _index(doc)
    expected = [c.title for c in loaded.layout]
    actual = [c.title for c in chapters]
    if [_norm(t) for t in expected] != [_norm(t) for t in actual]:
        index = next(
            (i for i, (e, a) in enumerate(zip(expected, actual, strict=False)) if _norm(e) != _norm(a)),
            min(len(expected), len(actual)),
        )
        if index < len(actual):
            span = chapters[index].span
            got = f"chương thứ {index + 1} là “{actual[index]}”"
        else:
            span = chapters[-1].span if chapters else _body_start(doc)
            got = f"quy chế chỉ có {len(actual)} chương"
        want = f"mẫu là “{expected[index]}”" if index < len(expected) else f"mẫu chỉ có {len(expected)} chương"
        yield Report(
            span,
            f"Bố cục chương khác với mẫu `{loaded.name}`: {got}, {want}.",
            "Giữ các chương theo đúng tên và thứ tự của mẫu (xem `quyche templates show "
            f"{loaded.name}`); nội dung mới nên đặt vào chương phù hợp thay vì thêm, bớt chương.",
        )
        return
    for chapter, layout in zip(chapters, loaded.layout, strict=True):
        for req in layout.articles:
            art = _find(articles, req.id, req.title)
            if art is None:
                continue  # QC501 reports it
            home = owner.get(id(art))
            if home is not chapter:
                where = f"chương “{home.title}”" if home is not None else "ngoài các chương"
                yield Report(
                    art.span,
                    f"{art.label} ({{#{req.id}}}) nằm ở {where}; theo mẫu `{loaded.name}` điều này "
                    f"thuộc chương “{chapter.title}”.",
                    "Chuyển điều này về chương của mẫu để giữ bố cục quy chế.",
                )


@rule("QC503", "template-layout-missing", Severity.WARNING)
def template_layout_missing(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """quyche.yaml nêu mẫu thì phải ghi bố cục và các điều bắt buộc của mẫu đó.

    Vì sao: QC501 và QC502 đối chiếu quy chế với mục `template.layout` mà `quyche new` ghi vào
    quyche.yaml; thiếu mục này thì không kiểm tra được sự phù hợp với mẫu.

    Sai (quyche.yaml viết tay):

        template:
          name: phuong

    Đúng (dán khối do `quyche templates show phuong --format yaml` in ra):

        template:
          name: phuong
          version: 1.0.0
          layout:
            - chapter: NHỮNG QUY ĐỊNH CHUNG
              articles:
                pham-vi: Phạm vi điều chỉnh và đối tượng áp dụng
    """
    loaded = _template(ctx)
    if loaded is not None and loaded.layout is None:
        yield Report(
            _body_start(doc),
            f"Không kiểm tra được sự phù hợp với mẫu `{loaded.name}`: {loaded.problem}.",
            f"Chạy `quyche templates show {loaded.name} --format yaml` và dán khối in ra vào mục "
            "`template` của quyche.yaml.",
        )


@rule("QC504", "unresolved-template-conflict", Severity.ERROR)
def unresolved_conflict(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Không được để lại chỗ xung đột khi cập nhật mẫu.

    Vì sao: `quyche template update` đưa lời văn của phiên bản mẫu mới vào quy chế; ở điều,
    khoản mà cả đơn vị và mẫu mới cùng sửa, quyche ghi cả hai cách viết giữa các dòng
    `<<<<<<<`, `=======`, `>>>>>>>` để văn phòng chọn. Quy chế chỉ được trình, ban hành khi mọi
    chỗ như vậy đã được giải quyết: giữ một cách viết (hoặc viết lại), xóa các dòng đánh dấu.

    Sai:

        ## Điều 2. Nguyên tắc làm việc {#nguyen-tac}

        <<<<<<< Bản của đơn vị
        1. Bảo đảm sự lãnh đạo của Đảng, tập thể lãnh đạo, cá nhân phụ trách.
        ======= Mẫu phuong phiên bản 2.0.0
        1. Bảo đảm sự lãnh đạo toàn diện của Đảng.
        >>>>>>> Hết xung đột

    Đúng:

        ## Điều 2. Nguyên tắc làm việc {#nguyen-tac}

        1. Bảo đảm sự lãnh đạo toàn diện của Đảng, tập thể lãnh đạo, cá nhân phụ trách.
    """
    opened: int | None = None
    for mark in doc.conflicts:
        if mark.side == "ours":
            if opened is not None:
                yield _conflict_report(doc, opened, "chưa có dòng `>>>>>>>` đóng lại")
            opened = mark.line
        elif mark.side == "end":
            if opened is None:
                yield _conflict_report(doc, mark.line, "dòng `>>>>>>>` thừa, không có dòng `<<<<<<<` mở trước")
            else:
                yield _conflict_report(doc, opened, "")
            opened = None
        elif opened is None:
            yield _conflict_report(doc, mark.line, "dòng đánh dấu thừa, không nằm trong khối `<<<<<<<` … `>>>>>>>`")
    if opened is not None:
        yield _conflict_report(doc, opened, "chưa có dòng `>>>>>>>` đóng lại")


def _conflict_report(doc: Regulation, line: int, problem: str) -> Report:
    """One conflict, named by the article it stands in (or the next one, when it wraps a heading)."""
    where = ""
    for art in doc.articles():
        if art.span.line > line and where:
            break
        where = f" ở {art.label}" + (f" ({{#{art.id}}})" if art.id else "")
        if art.span.line > line:
            break
    detail = f": {problem}" if problem else ""
    return Report(
        Span(line, 1, line, 8),
        f"Còn chỗ xung đột khi cập nhật mẫu{where}{detail}.",
        "Giữ một cách viết (hoặc viết lại cho hợp), xóa các dòng `<<<<<<<`, `=======`, `>>>>>>>`; "
        "xem danh sách bằng `quyche template update --status`.",
    )
