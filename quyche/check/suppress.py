"""Inline suppressions written as HTML comments (invisible when GitHub renders the file).

    <!-- quyche-disable-next-line QC201 -->     the next non-blank line
    <!-- quyche-disable-file QC401 QC402 -->    the whole file

Codes may be prefixes ("QC4"); no code at all means every rule. A suppression that hides
nothing is itself reported (QC001), as ruff's RUF100 does, so stale ones do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from quyche.check.finding import Finding, Severity
from quyche.check.registry import CheckContext, Report, rule
from quyche.model.document import Regulation
from quyche.model.span import Span

_DIRECTIVE: Final = re.compile(r"^quyche-disable-(?P<scope>next-line|file)\b(?P<codes>.*)$")
_CODE: Final = re.compile(r"QC\d{1,3}")


@dataclass(slots=True)
class Directive:
    """One suppression comment."""

    scope: str
    """"next-line" or "file"."""
    codes: tuple[str, ...]
    line: int
    target: int
    """The line a next-line directive covers (0 for file-wide)."""
    used: set[str] = field(default_factory=set)

    def covers(self, code: str) -> str | None:
        """The listed code or prefix that matches `code` ("" when the directive lists none)."""
        if not self.codes:
            return ""
        for c in self.codes:
            if code.startswith(c):
                return c
        return None


def read_directives(doc: Regulation, lines: list[str]) -> list[Directive]:
    """The suppressions among the file's HTML comment lines."""
    out: list[Directive] = []
    for comment in doc.comments:
        m = _DIRECTIVE.match(comment.text.strip())
        if not m:
            continue
        codes = tuple(_CODE.findall(m.group("codes")))
        target = 0
        if m.group("scope") == "next-line":
            target = comment.line + 1
            while target <= len(lines):
                text = lines[target - 1].strip()
                if text and not text.startswith("<!--"):
                    break
                target += 1
        out.append(Directive(m.group("scope"), codes, comment.line, target))
    return out


def apply_suppressions(findings: list[Finding], directives: list[Directive], path: str,
                       enabled: dict[str, Severity]) -> list[Finding]:
    """Drop suppressed findings; add a QC001 finding for every suppression left unused."""
    if not directives:
        return findings
    by_line: dict[int, list[Directive]] = {}
    file_wide: list[Directive] = []
    for d in directives:
        if d.scope == "file":
            file_wide.append(d)
        else:
            by_line.setdefault(d.target, []).append(d)
    kept: list[Finding] = []
    for f in findings:
        hidden = False
        for d in (*by_line.get(f.span.line, ()), *file_wide):
            hit = d.covers(f.code)
            if hit is not None:
                d.used.add(hit)
                hidden = True
        if not hidden:
            kept.append(f)
    severity = enabled.get("QC001")
    if severity is None:
        return kept
    for d in directives:
        if not d.codes:
            if not d.used:
                kept.append(_unused(path, d, "", severity))
            continue
        for code in d.codes:
            if code in d.used:
                continue
            if not any(c.startswith(code) for c in enabled):
                continue  # the rule is switched off in quyche.yaml: nothing to suppress
            kept.append(_unused(path, d, code, severity))
    return kept


def _unused(path: str, d: Directive, code: str, severity: Severity) -> Finding:
    what = f"mã {code}" if code else "mọi quy tắc"
    where = "dòng tiếp theo" if d.scope == "next-line" else "tệp này"
    return Finding(
        path, Span(d.line, 1), "QC001", severity,
        f"Chú thích tắt kiểm tra ({what}) không có tác dụng: {where} không có lỗi nào của {what}.",
        "Hãy xóa chú thích này (hoặc sửa mã quy tắc cho đúng).",
        "unused-suppression",
    )


@rule("QC001", "unused-suppression", Severity.WARNING)
def unused_suppression(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Chú thích tắt kiểm tra không có tác dụng.

    ### Vì sao
    Chú thích `quyche-disable-…` chỉ nên đứng ở nơi thật sự có lỗi cần bỏ qua. Khi lỗi đã được
    sửa mà chú thích vẫn còn, nó sẽ che mất lỗi mới xuất hiện sau này ở cùng chỗ.
    Việc tìm chú thích thừa do bộ kiểm tra làm sau khi chạy mọi quy tắc khác.

    ### Sai
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    <!-- quyche-disable-next-line QC201 -->
    Quy chế này quy định chế độ làm việc của Ban Chấp hành.
    ```

    ### Đúng
    ```markdown
    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc của Ban Chấp hành.
    ```
    """
    return iter(())
