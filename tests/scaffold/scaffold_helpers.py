"""Sample answers and helpers shared by the scaffold tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quyche.scaffold.locate import builtin_root
from quyche.scaffold.scaffold import ScaffoldResult, scaffold
from quyche.scaffold.template import Template, load_template

TODAY = dt.date(2025, 7, 15)

SAMPLE_ANSWERS: dict[str, dict[str, str]] = {
    "phuong": {"unit_name": "An Hòa", "superior_name": "Khánh Hòa", "signer_name": "Nguyễn Văn An"},
    "xa": {"unit_name": "Tân Lập", "superior_name": "Đắk Lắk", "signer_name": "Y Bhăm Niê", "term_number": "II"},
    "dac-khu": {"unit_name": "Phú Quốc", "superior_name": "An Giang", "signer_name": "Trần Văn Bình"},
    "chi-bo": {"unit_name": "Tổ dân phố 3", "superior_name": "phường An Hòa", "signer_name": "Lê Thị Hoa",
               "place": "An Hòa"},
    "tinh-uy": {"unit_kind": "thành phố", "unit_name": "Huế", "signer_name": "Phạm Văn Cường",
                "term_number": "XVII"},
    "dang-uy-co-so": {"unit_name": "Sở Tài chính tỉnh Khánh Hòa", "superior_name": "Ủy ban nhân dân tỉnh Khánh Hòa",
                      "signer_name": "Đỗ Thị Mai", "place": "Khánh Hòa", "unit_type": "cơ quan"},
}
"""Required answers (and a few non-defaults) for every built-in template."""

TEMPLATE_NAMES = sorted(SAMPLE_ANSWERS)



def builtin(name: str) -> Template:
    """A built-in template, loaded."""
    return load_template(builtin_root() / name, builtin=True)


def make_repo(tmp_path: Path, name: str, **overrides: str) -> ScaffoldResult:
    """Scaffold the built-in template `name` with the sample answers into tmp_path/name."""
    answers = {**SAMPLE_ANSWERS[name], **overrides}
    return scaffold(tmp_path / name, builtin(name), preset=answers, ask=None, today=TODAY)
