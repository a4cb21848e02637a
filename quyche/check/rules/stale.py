"""QC205: references that went stale between two versions (`check --since`, or a round's start)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from quyche.check.finding import Severity
from quyche.check.registry import CheckContext, Report, rule
from quyche.model.document import Regulation
from quyche.model.span import Span


def _old_text(ctx: CheckContext, since: str) -> str | None:
    """The file's text at revision `since`; None when it was not there (a new file) or the
    file is not in a git repository (the CLI checks the revision itself first)."""
    from quyche.errors import QuycheError
    from quyche.parse.source import decode_source
    from quyche.vcs import read_at_revision, repo_root

    path = Path(ctx.path).resolve()
    try:
        repo = repo_root(path)
        data = read_at_revision(repo, since, path.relative_to(repo.resolve()).as_posix())
        return decode_source(data, path).text
    except (QuycheError, ValueError):
        return None


@rule("QC205", "stale-reference", Severity.ERROR)
def stale_reference(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Dẫn chiếu không được sửa theo khi điều, khoản nó chỉ đến đã đổi số hoặc bị bãi bỏ.

    ### Vì sao
    Chèn một Điều làm mọi Điều sau nó đổi số. Nếu người soạn gõ lại số các Điều mà quên sửa
    dẫn chiếu, "theo Điều 18" vẫn trỏ đến một Điều có thật (nên QC201 không báo) nhưng là Điều
    khác: lỗi dẫn chiếu trong văn bản đã ban hành là lỗi đáng ngại nhất. Quy tắc này so với
    phiên bản trước (`quyche check --since v1`; trong một vòng sửa đổi đang mở thì tự so với
    lúc bắt đầu vòng): các Điều được ghép như `quyche diff` (mã Điều cố định, nội dung, tiêu
    đề); một dẫn chiếu giữ nguyên số mà nay chỉ đến đơn vị khác, hoặc chỉ đến đơn vị đã bị bãi
    bỏ, được báo kèm cách sửa. `quyche renumber` đánh lại số và sửa mọi dẫn chiếu cùng lúc.

    ### Sai
    Phiên bản trước có "Điều 2. Họp Chi bộ"; bản mới chèn "Điều 2. Chuẩn bị họp" trước nó và
    gõ lại số, nhưng dẫn chiếu vẫn là "Điều 2":

    ```markdown
    ## Điều 1. Phạm vi điều chỉnh {#pham-vi}

    Việc họp thực hiện theo Điều 2 Quy chế này.

    ## Điều 2. Chuẩn bị họp {#chuan-bi}

    Văn phòng chuẩn bị tài liệu.

    ## Điều 3. Họp Chi bộ {#hop}

    Chi bộ họp mỗi tháng một lần.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh {#pham-vi}

    Việc họp thực hiện theo Điều 3 Quy chế này.

    ## Điều 2. Chuẩn bị họp {#chuan-bi}

    Văn phòng chuẩn bị tài liệu.

    ## Điều 3. Họp Chi bộ {#hop}

    Chi bộ họp mỗi tháng một lần.
    ```
    """
    since = ctx.config.check.since
    if not since:
        return
    old_text = _old_text(ctx, since)
    if old_text is None:
        return
    from quyche.check.versions import reference_changes
    from quyche.parse.document import parse_text

    old = parse_text(old_text, ctx.path)
    if doc.attached:  # the regulation a decision issues is compared with the one it issued before
        if not old.attachments:
            return
        old = old.attachments[0]
    shown = since[:10] if len(since) == 40 and all(c in "0123456789abcdef" for c in since) else since
    for change in reference_changes(old, old_text, doc, ctx.source.text):
        span = Span(change.line, change.column, change.line, change.column + len(change.new_text))
        if change.status == "stale":
            now = f"{change.new_target} (\"{change.new_title}\")" if change.new_target else "không đơn vị nào"
            yield Report(span, f"Dẫn chiếu \"{change.new_text}\" nay chỉ đến {now}; ở phiên bản {shown} "
                               f"nó chỉ {change.old_target} (\"{change.title}\"), nay là {change.meant_now}.",
                         f"Hãy sửa {change.old_target} → {change.meant_now}: \"{change.title}\", "
                         "hoặc chạy `quyche renumber` sau khi thêm, bớt Điều.")
        elif change.status == "repealed":
            yield Report(span, f"Dẫn chiếu \"{change.new_text}\" chỉ {change.old_target} (\"{change.title}\") "
                               f"của phiên bản {shown}, nay đã bị bãi bỏ.",
                         "Hãy bỏ dẫn chiếu này hoặc chỉ đến Điều, khoản thay thế.")
