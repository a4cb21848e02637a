"""QC1xx: the skeleton of the text (chapters, articles, clauses, points, ids)."""

from __future__ import annotations

from collections.abc import Iterator

from quyche.check.finding import Severity
from quyche.check.index import all_units, families, get_index, head_span, lines_of
from quyche.check.registry import CheckContext, Report, rule
from quyche.model.document import Article, Chapter, Clause, Paragraph, Regulation, Unit
from quyche.model.numbering import POINT_LETTERS, split_article_number, to_roman
from quyche.model.span import Span


def _roman(n: int) -> str:
    return to_roman(n) if n > 0 else str(n)


@rule("QC101", "chapter-sequence", Severity.ERROR)
def chapter_sequence(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Số Chương phải liên tục: I, II, III, IV … không thiếu, không lặp.

    ### Vì sao
    Chương được đánh số La Mã liên tục trong toàn văn bản. Thiếu một số (I, II, III, V) hay lặp
    một số làm người đọc tưởng văn bản bị mất một chương, và mọi dẫn chiếu "Chương IV" đều sai.

    ### Sai
    ```markdown
    # Chương I. NHỮNG QUY ĐỊNH CHUNG

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.

    # Chương III. TỔ CHỨC THỰC HIỆN

    ## Điều 2. Hiệu lực thi hành

    Quy chế này có hiệu lực kể từ ngày ký.
    ```

    ### Đúng
    ```markdown
    # Chương I. NHỮNG QUY ĐỊNH CHUNG

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.

    # Chương II. TỔ CHỨC THỰC HIỆN

    ## Điều 2. Hiệu lực thi hành

    Quy chế này có hiệu lực kể từ ngày ký.
    ```
    """
    prev: Chapter | None = None
    for ch in get_index(doc, ctx).chapters:
        if ch.ordinal is None:
            yield Report(head_span(ctx, ch), f"Số chương \"{ch.number}\" không phải số La Mã hợp lệ.",
                         "Hãy đánh số chương bằng số La Mã: I, II, III, IV, V …")
            continue
        if ch.number.isdigit():
            yield Report(head_span(ctx, ch), f"Chương {ch.number} được đánh số Ả Rập.",
                         f"Hãy viết số La Mã: Chương {_roman(ch.ordinal)}.")
        expected = (prev.ordinal or 0) + 1 if prev is not None else 1
        if ch.ordinal != expected:
            if prev is not None and prev.ordinal is not None and ch.ordinal == prev.ordinal:
                yield Report(head_span(ctx, ch), f"Chương {ch.number} bị lặp (dòng {prev.span.line} cũng là Chương {prev.number}).",
                             f"Hãy đánh lại số chương: chương này phải là Chương {_roman(expected)}.")
            elif ch.ordinal > expected:
                missing = ", ".join(_roman(n) for n in range(expected, ch.ordinal))
                after = f"sau Chương {prev.number} " if prev is not None else ""
                yield Report(head_span(ctx, ch), f"Số chương không liên tục: {after}là Chương {ch.number}, thiếu Chương {missing}.",
                             f"Hãy đánh lại số chương cho liên tục (chương này là Chương {_roman(expected)}) "
                             "và sửa các dẫn chiếu đến chương.")
            else:
                yield Report(head_span(ctx, ch), f"Chương {ch.number} đứng sau Chương {prev.number if prev else '?'}: số chương bị lùi.",
                             f"Hãy đánh lại số chương cho liên tục (chương này là Chương {_roman(expected)}).")
        prev = ch


@rule("QC102", "article-sequence", Severity.ERROR)
def article_sequence(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Số Điều phải liên tục trong toàn văn bản; Điều chèn thêm viết "5a" sau Điều 5.

    ### Vì sao
    Điều được đánh số liên tục từ Điều 1 đến hết văn bản, không bắt đầu lại ở mỗi chương.
    Khi bổ sung một điều mà không muốn đánh lại số, viết "Điều 5a" ngay sau Điều 5. Một văn
    bản gồm quyết định ban hành (Điều 1–3, không có chương) và quy chế kèm theo (Chương I,
    Điều 1 …) được đánh số riêng cho từng phần.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.

    ## Điều 3. Hiệu lực thi hành

    Quy chế này có hiệu lực kể từ ngày ký.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.

    ## Điều 1a. Đối tượng áp dụng

    Quy chế này áp dụng đối với các đồng chí ủy viên Ban Chấp hành.

    ## Điều 2. Hiệu lực thi hành

    Quy chế này có hiệu lực kể từ ngày ký.
    ```
    """
    for block in get_index(doc, ctx).blocks:
        prev: tuple[int, str] | None = None
        prev_art: Article | None = None
        for art in block.articles:
            parsed = split_article_number(art.number)
            if parsed is None:
                yield Report(head_span(ctx, art), f"Số điều \"{art.number}\" không hợp lệ.",
                             "Hãy viết số điều bằng chữ số, điều chèn thêm thêm một chữ cái: Điều 5a.")
                continue
            num, suffix = parsed
            if prev is None:
                if num != 1 or suffix:
                    yield Report(head_span(ctx, art), f"Điều đầu tiên là Điều {art.number}, không phải Điều 1.",
                                 "Hãy đánh số điều bắt đầu từ Điều 1.")
                prev, prev_art = parsed, art
                continue
            pnum, psuffix = prev
            label = f"Điều {prev_art.number}" if prev_art else ""
            if suffix:
                ok_letter = (not psuffix and num == pnum and suffix == "a") or (
                    psuffix and num == pnum and _next_letter(psuffix) == suffix)
                if not ok_letter:
                    yield Report(head_span(ctx, art), f"Điều {art.number} không đứng đúng chỗ: điều chèn thêm phải theo ngay "
                                 f"sau Điều {num} (hoặc điều chèn thêm trước nó), nhưng đứng sau {label}.",
                                 f"Hãy đặt Điều {art.number} ngay sau Điều {num}, hoặc đánh lại số điều.")
            elif num == pnum:
                yield Report(head_span(ctx, art), f"Điều {art.number} bị lặp (dòng {prev_art.span.line if prev_art else '?'}).",
                             f"Hãy đánh lại số điều: điều này phải là Điều {pnum + 1}.")
            elif num != pnum + 1:
                if num > pnum:
                    missing = f"Điều {pnum + 1}" if num == pnum + 2 else f"Điều {pnum + 1} đến Điều {num - 1}"
                    yield Report(head_span(ctx, art), f"Số điều không liên tục: sau {label} là Điều {art.number}, thiếu {missing}.",
                                 f"Hãy đánh lại số điều (điều này là Điều {pnum + 1}) và sửa các dẫn chiếu đến điều.")
                else:
                    yield Report(head_span(ctx, art), f"Điều {art.number} đứng sau {label}: số điều bị lùi.",
                                 f"Hãy đánh lại số điều (điều này là Điều {pnum + 1}) và sửa các dẫn chiếu.")
            prev, prev_art = parsed, art


def _next_letter(letter: str) -> str:
    idx = POINT_LETTERS.find(letter)
    return POINT_LETTERS[idx + 1] if 0 <= idx < len(POINT_LETTERS) - 1 else ""


@rule("QC103", "clause-sequence", Severity.ERROR)
def clause_sequence(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Khoản được đánh số lại từ 1 trong mỗi Điều và liên tục: 1, 2, 3 …

    ### Vì sao
    Khoản là "khoản 2 Điều 5" trong mọi dẫn chiếu, nên số khoản phải bắt đầu từ 1 trong mỗi
    điều và không được thiếu hay lặp.

    ### Sai
    ```markdown
    ## Điều 1. Nguyên tắc làm việc

    1. Bảo đảm nguyên tắc tập trung dân chủ.

    3. Phân công nhiệm vụ rõ người, rõ việc.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Nguyên tắc làm việc

    1. Bảo đảm nguyên tắc tập trung dân chủ.

    2. Phân công nhiệm vụ rõ người, rõ việc.
    ```
    """
    for unit, clauses in families(doc, ctx).with_clauses:
        base = unit.number + "." if isinstance(unit, Clause) else ""
        expected = 1
        where = unit.label if isinstance(unit, Article) else f"khoản {unit.number}"
        for c in clauses:
            last = c.number[len(base):] if base and c.number.startswith(base) else c.number
            if not last.isdigit():
                expected += 1
                continue
            value = int(last)
            if value != expected:
                want = f"{base}{expected}"
                if value == expected - 1:
                    what = f"khoản {c.number} bị lặp trong {where}"
                elif value > expected:
                    what = f"số khoản không liên tục trong {where}: thiếu khoản {want}"
                    if expected == 1 and not base:
                        what = f"{where} bắt đầu bằng khoản {c.number}, không phải khoản 1"
                else:
                    what = f"khoản {c.number} đứng sau khoản {base}{expected - 1} trong {where}"
                yield Report(head_span(ctx, c), what[0].upper() + what[1:] + ".",
                             f"Hãy đánh lại số khoản: khoản này là khoản {want}; nhớ sửa các dẫn chiếu đến khoản.")
                expected = value + 1
                continue
            expected += 1


@rule("QC104", "point-letter-order", Severity.ERROR)
def point_letter_order(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Điểm theo thứ tự chữ cái tiếng Việt: a, b, c, d, đ, e, g, h, i, k, l, m, n, o …

    ### Vì sao
    Điểm trong văn bản của Đảng và Nhà nước dùng thứ tự chữ cái tiếng Việt: có "đ" sau "d",
    không có f, j, w, z. Đánh "e)" ngay sau "d)" hay dùng "f)" (thói quen của Word) làm sai mọi
    dẫn chiếu "điểm đ khoản 2".

    ### Sai
    ```markdown
    ## Điều 1. Nhiệm vụ

    1. Quyết định những vấn đề sau:

       a) Chương trình công tác toàn khóa;

       b) Chương trình công tác hằng năm;

       c) Công tác cán bộ;

       d) Công tác kiểm tra;

       e) Công tác dân vận.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Nhiệm vụ

    1. Quyết định những vấn đề sau:

       a) Chương trình công tác toàn khóa;

       b) Chương trình công tác hằng năm;

       c) Công tác cán bộ;

       d) Công tác kiểm tra;

       đ) Công tác dân vận.
    ```
    """
    for _unit, points in families(doc, ctx).with_points:
        expected = 1
        for p in points:
            if p.ordinal is None:
                yield Report(head_span(ctx, p), f"Điểm \"{p.number})\" dùng chữ cái không có trong thứ tự điểm tiếng Việt.",
                             f"Thứ tự điểm là {', '.join(POINT_LETTERS)} (không có f, j, w, z); "
                             f"điểm này là điểm {POINT_LETTERS[min(expected, len(POINT_LETTERS)) - 1]}).")
                expected += 1
                continue
            if p.ordinal != expected and expected <= len(POINT_LETTERS):
                want = POINT_LETTERS[expected - 1]
                if p.ordinal == expected - 1:
                    what = f"Điểm {p.number}) bị lặp."
                elif p.ordinal > expected:
                    what = f"Sau điểm {POINT_LETTERS[expected - 2]}) là điểm {p.number}), thiếu điểm {want})." \
                        if expected > 1 else f"Điểm đầu tiên là {p.number}), không phải a)."
                    if want == "đ" and p.number == "e":
                        what = "Sau điểm d) là điểm e): thiếu điểm đ) (thứ tự tiếng Việt có đ sau d)."
                else:
                    what = f"Điểm {p.number}) đứng sau điểm {POINT_LETTERS[expected - 2]}): thứ tự bị lùi."
                yield Report(head_span(ctx, p), what, f"Hãy đánh lại: điểm này là điểm {want}); nhớ sửa các dẫn chiếu đến điểm.")
                expected = p.ordinal + 1
                continue
            expected += 1


@rule("QC105", "empty-unit", Severity.ERROR)
def empty_unit(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Chương, Điều, khoản, điểm không có nội dung.

    ### Vì sao
    Một đơn vị chỉ có số mà không có chữ nào thường là chỗ soạn dở hoặc nội dung bị xóa nhầm.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    1. Quy chế này quy định chế độ làm việc.

    2.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    1. Quy chế này quy định chế độ làm việc.

    2. Quy chế này áp dụng đối với các đồng chí ủy viên Ban Chấp hành.
    ```
    """
    for unit in all_units(doc, ctx):
        if unit.kind == "appendix":
            continue
        if unit.kind in ("clause", "point", "item"):
            if not unit.text.strip() and not unit.children:
                yield Report(head_span(ctx, unit), f"{_cap(unit.label if unit.kind != 'item' else 'Gạch đầu dòng')} không có nội dung.",
                             "Hãy viết nội dung hoặc xóa dòng này.")
        elif unit.kind == "article":
            if not unit.children and not unit.title.strip():
                yield Report(head_span(ctx, unit), f"{unit.label} không có tên và không có nội dung.",
                             "Hãy viết tên và nội dung của điều, hoặc xóa điều này và đánh lại số.")
            elif not unit.children and not _has_body(unit):
                yield Report(head_span(ctx, unit), f"{unit.label} chỉ có tên, không có nội dung.",
                             "Hãy viết nội dung của điều dưới dòng tên điều.")
        elif not any(isinstance(c, Unit) or (isinstance(c, Paragraph) and c.text.strip()) for c in unit.children):
            yield Report(head_span(ctx, unit), f"{unit.label} không có nội dung.",
                         "Hãy thêm các điều của chương (mục, phần) này hoặc xóa tiêu đề.")


def _has_body(art: Unit) -> bool:
    """An article whose whole text is on the heading line ("Điều 20. Quy định này thay thế …")."""
    return art.title.rstrip().endswith((".", ";", "./."))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@rule("QC106", "article-without-title", Severity.WARNING)
def article_without_title(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Điều không có tên.

    ### Vì sao
    Trong quy chế, mỗi điều có tên ngắn nêu nội dung ("Điều 5. Chế độ hội nghị"). Tên điều là
    thứ người đọc tìm trong mục lục và thứ bảng so sánh dùng để ghép điều cũ với điều mới.

    ### Sai
    ```markdown
    ## Điều 1.

    Quy chế này quy định chế độ làm việc của Ban Chấp hành.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc của Ban Chấp hành.
    ```
    """
    for art in get_index(doc, ctx).articles:
        if not art.title.strip() and art.children:
            yield Report(head_span(ctx, art), f"{art.label} không có tên.",
                         f"Hãy đặt tên ngắn cho điều: \"{art.label}. Tên điều\", nội dung ở các dòng sau.")


@rule("QC107", "chapter-title-case", Severity.WARNING)
def chapter_title_case(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Tên Chương viết chữ in hoa.

    ### Vì sao
    Theo thể thức văn bản của Đảng (Hướng dẫn 36-HD/VPTW), tên chương viết chữ in hoa, đứng
    giữa dòng dưới số chương. Tên chương thiếu cũng bị báo.

    ### Sai
    ```markdown
    # Chương I. Những quy định chung

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    # Chương I. NHỮNG QUY ĐỊNH CHUNG

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    for ch in get_index(doc, ctx).chapters:
        title = ch.title.strip()
        if not title:
            yield Report(head_span(ctx, ch), f"Chương {ch.number} không có tên.",
                         f"Hãy viết tên chương bằng chữ in hoa: \"Chương {ch.number}. TÊN CHƯƠNG\".")
        elif title != title.upper():
            yield Report(head_span(ctx, ch), f"Tên Chương {ch.number} không viết in hoa: \"{title}\".",
                         f"Hãy viết: \"Chương {ch.number}. {title.upper()}\".")


@rule("QC108", "duplicate-id", Severity.ERROR)
def duplicate_id(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Mã định danh `{#...}` của điều bị trùng.

    ### Vì sao
    Mã định danh ổn định (`{#bch}`) giúp nhận ra một điều qua các lần đánh lại số, khi so sánh
    dự thảo với văn bản hiện hành. Hai điều cùng mã thì không còn phân biệt được.

    ### Sai
    ```markdown
    ## Điều 1. Nhiệm vụ của Ban Chấp hành {#bch}

    Lãnh đạo mọi mặt công tác.

    ## Điều 2. Quyền hạn của Ban Chấp hành {#bch}

    Quyết định chương trình công tác.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Nhiệm vụ của Ban Chấp hành {#bch-nhiem-vu}

    Lãnh đạo mọi mặt công tác.

    ## Điều 2. Quyền hạn của Ban Chấp hành {#bch-quyen-han}

    Quyết định chương trình công tác.
    ```
    """
    seen: dict[str, Unit] = {}
    for unit in all_units(doc, ctx):
        if not unit.id:
            continue
        first = seen.get(unit.id)
        if first is None:
            seen[unit.id] = unit
            continue
        yield Report(head_span(ctx, unit), f"Mã định danh {{#{unit.id}}} của {unit.label} trùng với {first.label} (dòng {first.span.line}).",
                     "Hãy đổi một trong hai mã; mỗi điều một mã riêng, giữ nguyên mã cũ của điều đã có.")


@rule("QC109", "glued-number", Severity.WARNING)
def glued_number(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Số khoản, điểm gõ dính vào chữ ("11.Thực hiện", "b)Trách nhiệm") hoặc dính vào dòng trước.

    ### Vì sao
    Lỗi gõ phím hay gặp khi chép từ Word: thiếu dấu cách sau số khoản, điểm, hoặc khoản sau
    nằm chung dòng với khoản trước, chỉ cách bằng dấu tab hay mấy dấu cách. quyche vẫn đọc
    đó là một khoản, điểm riêng (nên đếm số khoản và dẫn chiếu không bị lệch), nhưng văn bản
    in ra sẽ sai thể thức: hãy sửa tại chỗ. `quyche fmt` cũng tự sửa.

    ### Sai
    ```markdown
    ## Điều 1. Trách nhiệm của Văn phòng

    1. Tham mưu tổng hợp.

    2.Thực hiện công tác văn thư.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Trách nhiệm của Văn phòng

    1. Tham mưu tổng hợp.

    2. Thực hiện công tác văn thư.
    ```
    """
    lines = lines_of(ctx)
    skip = get_index(doc, ctx).skip_lines
    for unit in families(doc, ctx).numbered:
        lineno = unit.span.line
        if not 0 < lineno <= len(lines) or lineno in skip:
            continue
        line = lines[lineno - 1]
        start = unit.span.column - 1
        marker = unit.marker or (f"{unit.number}." if isinstance(unit, Clause) else f"{unit.number})")
        end = start + len(marker)
        # The messages are built only for the few markers that are wrong.
        if start and line[:start].strip(" \t\u00a0#>"):
            yield Report(_marker_span(unit, marker), f"Số {_what(unit)} (\"{marker}\") nằm chung dòng với đoạn "
                         "trước, sau dấu tab hoặc nhiều dấu cách.",
                         f"Hãy xuống dòng (và để một dòng trống) trước \"{marker}\".")
        elif 0 <= end < len(line) and not line[end].isspace() and line.startswith(marker, start):
            words = " ".join(line[end:].split()[:2])
            yield Report(_marker_span(unit, marker), f"Số {_what(unit)} dính liền chữ sau nó: \"{marker}{words}\".",
                         f"Hãy thêm một dấu cách sau \"{marker}\": \"{marker} {words}\".")


def _what(unit: Unit) -> str:
    return f"{'khoản' if isinstance(unit, Clause) else 'điểm'} {unit.number}"


def _marker_span(unit: Unit, marker: str) -> Span:
    return Span(unit.span.line, unit.span.column, unit.span.line, unit.span.column + len(marker))
