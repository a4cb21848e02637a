"""`renumber_text`: numbers in document order, every reference form rewritten, nothing else."""

from __future__ import annotations

from quyche.edit.renumber import renumber_bytes, renumber_text
from tests.check.helpers import FRONT, check_text
from tests.edit.targets import reference_targets

BODY = """\
# Chương I. NHỮNG QUY ĐỊNH CHUNG

## Điều 1. Phạm vi điều chỉnh {#pham-vi}

1. Quy chế này quy định chế độ làm việc.

2. Áp dụng theo Điều 3, khoản 2 Điều 4, điểm a khoản 1 Điều 3 và các Điều 4, 5 và 6 Quy chế này.

3. Từ Điều 4 đến Điều 6; Chương II; khoản 2 Điều này. Theo Điều 32 Điều lệ Đảng, Quy định số 294-QĐ/TW.

## Điều 2. Nguyên tắc làm việc {#nguyen-tac}

Tập trung dân chủ.

# Chương II. NHIỆM VỤ

## Điều 2a. Điều mới thêm {#moi}

Theo khoản 1 Điều 2a và khoản 2 Điều 4.

## Điều 3. Nhiệm vụ của Ban Chấp hành {#bch}

1. Quyết định:

a) Chương trình công tác;

b) Nhân sự.

2. Thực hiện khoản 1 và điểm b khoản 1 Điều này.

## Điều 4. Nhiệm vụ của Ban Thường vụ {#btv}

1. Chuẩn bị nội dung.

2. Điều hành theo Điều 2 của Luật Tổ chức chính quyền địa phương.

# Chương III. THỰC HIỆN

## Điều 5. Sửa đổi Quy chế {#sua-doi}

Theo Điều 1 và Chương III Quy chế này.

## Điều 6. Hiệu lực {#hieu-luc}

Quy chế này có hiệu lực từ ngày ký.
"""


def test_inserted_article_shifts_every_reference_form() -> None:
    result = renumber_text(FRONT + BODY)
    after = result.after
    assert "## Điều 3. Điều mới thêm {#moi}" in after and "## Điều 7. Hiệu lực" in after
    assert ("2. Áp dụng theo Điều 4, khoản 2 Điều 5, điểm a khoản 1 Điều 4 và các Điều 5, 6 và 7 Quy chế này."
            in after)
    assert ("3. Từ Điều 5 đến Điều 7; Chương II; khoản 2 Điều này. Theo Điều 32 Điều lệ Đảng, Quy định số 294-QĐ/TW."
            in after)
    # Điều 2a has no khoản 1: that reference is left as written and reported with its place
    assert "Theo khoản 1 Điều 2a và khoản 2 Điều 5." in after
    assert "2. Điều hành theo Điều 2 của Luật Tổ chức chính quyền địa phương." in after
    line = (FRONT + BODY).split("\n").index("Theo khoản 1 Điều 2a và khoản 2 Điều 4.") + 1
    assert [(u.line, u.column, u.text) for u in result.unresolved] == [(line, 12, "khoản 1 Điều 2a và khoản 2 Điều 4")]
    labels = [(c.old_label, c.new_label, c.reason) for c in result.changes]
    assert labels[0] == ("Điều 2a", "Điều 3", "inserted") and ("Điều 6", "Điều 7", "shifted") in labels


def test_targets_are_the_same_units_and_renumbering_settles() -> None:
    text = FRONT + BODY
    before, unresolved = reference_targets(text)
    result = renumber_text(text)
    after, unresolved_after = reference_targets(result.after)
    assert after == before and unresolved_after == unresolved == 1
    assert renumber_text(result.after).after == result.after  # idempotent
    assert not [f for f in check_text(result.after, select=["QC102", "QC103", "QC104"])]


def test_clauses_and_points_renumber_inside_their_holder() -> None:
    body = ("## Điều 1. Nhiệm vụ\n\n1. Một.\n\n3. Ba, theo khoản 3 và điểm c khoản 3 Điều này.\n\n"
            "a) Một;\n\nc) Ba.\n\n## Điều 2. Khác\n\nTheo điểm c khoản 3 Điều 1.\n")
    after = renumber_text(FRONT + body).after
    assert "2. Ba, theo khoản 2 và điểm b khoản 2 Điều này." in after
    assert "b) Ba." in after and "Theo điểm b khoản 2 Điều 1." in after


def test_duplicate_number_is_ambiguous_and_left_as_written() -> None:
    body = ("## Điều 1. Một\n\nTheo Điều 2.\n\n## Điều 2. Mới chèn\n\nA.\n\n## Điều 2. Cũ\n\nB.\n\n"
            "## Điều 3. Ba\n\nC.\n")
    result = renumber_text(FRONT + body)
    assert "Theo Điều 2." in result.after and "## Điều 3. Cũ" in result.after
    assert result.unresolved[0].ambiguous and "có 2 Điều 2" in result.unresolved[0].problem
    assert [c.reason for c in result.changes] == ["duplicate", "shifted"]


def test_moved_and_deleted_articles_and_a_real_gap() -> None:
    body = ("# Chương I. A\n\n## Điều 1. Một\n\nTheo Điều 5 và Điều 2.\n\n## Điều 5. Năm chuyển lên\n\nE.\n\n"
            "# Chương II. B\n\n## Điều 2. Hai\n\nB.\n\n## Điều 4. Bốn\n\nD.\n")
    result = renumber_text(FRONT + body)
    assert "Theo Điều 2 và Điều 3." in result.after
    assert [(c.old, c.new, c.reason) for c in result.changes] == [("5", "2", "gap"), ("2", "3", "moved")]
    assert "## Điều 4. Bốn" in result.after


def test_chapters_and_quoted_amending_text_are_handled() -> None:
    body = ("# Chương I. A\n\n## Điều 1. Một\n\nTheo Chương III Quy chế này.\n\n# Chương III. C\n\n"
            "## Điều 2. Sửa đổi\n\nSửa đổi khoản 2 Điều 7 của Quy chế số 01 như sau:\n\n"
            "“Điều 7. Hai\n\n1. Theo Điều 9.”\n")
    after = renumber_text(FRONT + body).after
    assert "# Chương II. C" in after and "Theo Chương II Quy chế này." in after
    assert "Sửa đổi khoản 2 Điều 7 của Quy chế số 01 như sau:" in after and "1. Theo Điều 9.”" in after


def test_bytes_outside_the_numbers_are_kept() -> None:
    text = (FRONT + "<!-- ghi chú: giữ nguyên -->\n## Điều 1a. Một   \n\nTheo Điều 1a.\t(xem)\n\n"
            "## Điều 2. Hai\n\nB.\n")
    data = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    from pathlib import Path

    result, out = renumber_bytes(data, Path("x.md"))
    expected = text.replace("Điều 1a", "Điều 1")
    assert out == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")
    assert result.changed
    same, unchanged = renumber_bytes(out, Path("x.md"))
    assert unchanged == out and not same.changed


def test_parts_in_words_chapters_and_sections_in_plain_text() -> None:
    text = ("PHẦN THỨ NHẤT\nNHỮNG QUY ĐỊNH CHUNG\nChương I\nPHẠM VI\nMục 1. Một\nĐiều 1. Một\n"
            "1. Theo Chương III.\nMục 3. Ba\nĐiều 2. Hai\nPHẦN THỨ BA\nKHÁC\nChương III\nKHÁC NỮA\n"
            "Điều 3. Ba\nTheo Điều 2 và Chương III.\n")
    result = renumber_text(text)
    assert result.after == (text.replace("Mục 3", "Mục 2").replace("PHẦN THỨ BA", "PHẦN THỨ HAI")
                            .replace("Chương III", "Chương II"))
    assert [(c.old_label, c.new_label, c.reason) for c in result.changes] == [
        ("Mục 3", "Mục 2", "gap"), ("Phần thứ ba", "Phần thứ hai", "gap"), ("Chương III", "Chương II", "gap")]
    assert len(result.gaps) == 3
