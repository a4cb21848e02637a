"""docs/rules.md, generated from the rules' own docstrings (sqlfluff's and ruff's habit).

Every rule documents itself: a summary line, then `### Vì sao`, `### Sai` and `### Đúng`, each
example in a fenced block. `python -m quyche.check.docs` rewrites docs/rules.md; a test fails
when the file is stale and runs every example: "Sai" must trigger the rule, "Đúng" must not.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Final

from quyche.check.registry import RULES, Rule

_FAMILIES: Final = {
    "QC0": "Chú thích tắt kiểm tra",
    "QC1": "Cấu trúc văn bản",
    "QC2": "Dẫn chiếu",
    "QC3": "Thông tin đầu văn bản",
    "QC4": "Chữ viết và dấu câu",
    "QC5": "Đối chiếu với quy chế mẫu",
}
_LEVELS: Final = {"error": "lỗi (error)", "warning": "cảnh báo (warning)", "info": "thông tin (info)"}
_FENCE: Final = re.compile(r"```[\w-]*\n(.*?)\n```", re.DOTALL)

HEADER: Final = """\
<!-- Tệp này được sinh tự động từ docstring của các quy tắc: python -m quyche.check.docs -->
# Các quy tắc của `quyche check`

Mỗi quy tắc có một mã cố định (QC101 …, không bao giờ dùng lại), một tên ngắn và một mức
mặc định: **lỗi** (lệnh trả mã 1), **cảnh báo** hoặc **thông tin**. Bật, tắt, đổi mức trong
`quyche.yaml` (xem [config.md](config.md)); bỏ qua một chỗ bằng chú thích
`<!-- quyche-disable-next-line QC201 -->` ở dòng ngay trên, hoặc cả tệp bằng
`<!-- quyche-disable-file QC401 -->`.

*English summary: every rule of `quyche check` with its code, name, default severity, why it
exists and a wrong and a right Vietnamese example. Generated from the rules' docstrings; the
examples are run by the test suite.*

"""


_PARA_HEADING: Final = re.compile(r"^(Vì sao|Sai|Đúng)\b[^:\n]*:\s*(.*)$")
_INDENTED: Final = re.compile(r"(?:^(?: {4}|\t).*\n?|^[ \t]*\n)+", re.MULTILINE)


def sections(rule: Rule) -> dict[str, str]:
    """The documentation split at its headings: {"Vì sao": …, "Sai": …, "Đúng": …}.

    Headings are `### Vì sao` lines, or paragraphs opening with "Vì sao:" / "Sai (…):".
    """
    out: dict[str, str] = {}
    current = ""
    for line in rule.doc.split("\n")[1:]:
        m = _PARA_HEADING.match(line)
        if line.startswith("### "):
            current = line[4:].strip()
            out[current] = ""
        elif m:
            current = m.group(1)
            out[current] = m.group(2) + "\n"
        elif current:
            out[current] += line + "\n"
    return {k: v.strip("\n") for k, v in out.items()}


def examples(rule: Rule) -> tuple[str, str]:
    """The text of the "Sai" and "Đúng" examples: fenced or indented blocks (ValueError if none)."""
    parts = sections(rule)
    found = []
    for name in ("Sai", "Đúng"):
        part = parts.get(name, "")
        m = _FENCE.search(part)
        if m is not None:
            found.append(m.group(1) + "\n")
            continue
        block = _INDENTED.search(part)
        if block is None or not block.group().strip():
            raise ValueError(f"{rule.code}: no example under {name}")
        found.append("\n".join(ln[4:] if ln.startswith("    ") else ln.lstrip("\t")
                                for ln in block.group().strip("\n").split("\n")) + "\n")
    return found[0], found[1]


def render_rules_md() -> str:
    """The whole of docs/rules.md."""
    from quyche.check.rules import load_rules

    load_rules()
    codes = sorted(RULES)
    lines = [HEADER, "| Mã | Tên | Mức mặc định | Nội dung |", "|---|---|---|---|"]
    for code in codes:
        r = RULES[code]
        lines.append(f"| [{code}](#{code.lower()}-{r.name}) | `{r.name}` | {_LEVELS[r.severity.value]} | {r.summary} |")
    family = ""
    for code in codes:
        r = RULES[code]
        if code[:3] != family:
            family = code[:3]
            lines += ["", f"## {family}xx: {_FAMILIES.get(family, '')}"]
        lines += ["", f"### {code} {r.name}", "", f"**{r.summary}** Mức mặc định: {_LEVELS[r.severity.value]}.", ""]
        body = r.doc.split("\n", 1)[1].strip() if "\n" in r.doc else ""
        lines.append(body.replace("### ", "#### "))
    return "\n".join(lines).rstrip() + "\n"


def rules_index() -> str:
    """`quyche rules`: one line per rule (code, name, default level, summary)."""
    from quyche.check.rules import load_rules

    load_rules()
    lines = [f"{code}  {RULES[code].name:<28} {RULES[code].severity.value:<8} {RULES[code].summary}"
             for code in sorted(RULES)]
    lines.append("Xem một quy tắc: quyche rules MÃ (ví dụ quyche rules QC102).")
    return "\n".join(lines) + "\n"


def rule_page(code: str) -> str | None:
    """`quyche rules QC102`: the rule's own documentation, as docs/rules.md shows it; None if unknown."""
    from quyche.check.rules import load_rules

    load_rules()
    r = RULES.get(code.strip().upper())
    if r is None:
        return None
    body = r.doc.split("\n", 1)[1].strip() if "\n" in r.doc else ""
    head = f"{r.code} {r.name} (mức mặc định: {_LEVELS[r.severity.value]})\n{r.summary}"
    return f"{head}\n\n{body}\n" if body else head + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write docs/rules.md (or the path given)."""
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "docs" / "rules.md"
    from quyche.fsutil import atomic_write_text

    atomic_write_text(target, render_rules_md())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
