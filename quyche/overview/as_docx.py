"""The overview as a Party report (landscape table, Hướng dẫn 36-HD/VPTW header), built on the
shared table document of quyche/render/docx."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from quyche.overview.as_html import TITLE
from quyche.overview.assess import FLAG_LABELS

COLUMNS: Final = ("STT", "Đơn vị", "Số, ngày quy chế hiện hành", "Mẫu, phiên bản", "Kiểm tra văn bản",
                  "Vòng sửa đổi, bước hiện tại", "Ban hành gần nhất", "Lịch sử, chữ ký số", "Cần chú ý")
WIDTHS: Final = (0.05, 0.14, 0.11, 0.10, 0.09, 0.15, 0.11, 0.10, 0.15)


def _cells(u: Mapping[str, Any]) -> list[str]:
    reg, tpl, rnd, iss, ver, fnd = u["regulation"], u["template"], u["round"], u["issued"], u["verify"], u["findings"]
    number = ", ".join(x for x in (reg["number"], reg["date"]) if x) or "—"
    template = f"{tpl['name']} {tpl['version'] or 'không rõ'} (mới nhất: {tpl['newest']})" if tpl["name"] else "không rõ"
    check = f"{fnd['error']} lỗi, {fnd['warning']} cảnh báo" if u["commit"] else "—"
    if rnd["id"]:
        days = f", {rnd['days_since']} ngày trước" if rnd["days_since"] is not None else ""
        state = "đang mở" if rnd["open"] else "đã kết thúc"
        round_text = f"Vòng {rnd['id']} ({state}): {rnd['step']} ngày {rnd['last_step_date']}{days}"
    else:
        round_text = "Chưa có vòng sửa đổi"
    issued = ", ".join(x for x in (iss["tag"], iss["date"]) if x) or "—"
    if ver["ok"] is None:
        verify = "—"
    elif ver["ok"]:
        verify = f"Hợp lệ ({ver['steps']} bước có ký)"
    else:
        verify = "Không hợp lệ: " + ", ".join(ver["violations"])
    notes = "; ".join(FLAG_LABELS[f] for f in u["flags"]) or "Bình thường"
    if u["problem"]:
        notes += f". {u['problem']}"
    return [u["name"] + f" ({u['level']})", number, template, check, round_text, issued, verify, notes]


def write_docx(data: Mapping[str, Any], path: Path, *, issuer: str, superior: str | None = None,
               place: str | None = None, overwrite: bool = False) -> Path:
    """Write the report; the rows follow the order of UNITS.yaml, grouped by level."""
    from quyche.render.docx import base
    from quyche.render.docx.table_document import CELL_PT, close_table_document, open_table_document

    day = dt.date.fromisoformat(data["generated"])
    header = base.HeaderInfo(issuer=issuer or "(CẤP ỦY LẬP BÁO CÁO)", superior=superior, place=place, date=day)
    summary = data["summary"]
    subject = f"(Tính đến ngày {day.strftime('%d/%m/%Y')})"
    td = open_table_document(header=header, title=TITLE, subject=subject, columns=COLUMNS, shares=WIDTHS,
                             layout_config=None)
    levels: dict[str, list[Mapping[str, Any]]] = {}
    for u in data["units"]:
        levels.setdefault(u["level"], []).append(u)
    counter = 0
    for level, units in levels.items():
        base.shade(td.add_full_row(f"Cấp: {level} ({len(units)} đơn vị)", bold=True))
        for u in units:
            counter += 1
            cells = td.add_row()
            base.add_text(cells[0], str(counter), size_pt=CELL_PT, align="center", space_after_pt=0)
            for cell, text in zip(cells[1:], _cells(u), strict=True):
                base.add_text(cell, text, size_pt=CELL_PT, space_after_pt=0)
    counts = "; ".join(f"{FLAG_LABELS[k].lower()}: {v}" for k, v in summary.items() if k != "units" and v)
    total = f"Tổng số: {summary['units']} đơn vị" + (f" ({counts})." if counts else ".")
    return close_table_document(td, path, total=total, signing=None, distribution=["Lưu Văn phòng."],
                                keywords="sửa đổi quy chế làm việc; cấp ủy trực thuộc; tổng hợp", overwrite=overwrite)
