"""Legacy TCVN3/VNI tables and detection, with glibc iconv as an independent oracle."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from quyche.importer import legacy

TCVN3_SAMPLE = "Céng hoµ x· héi chñ nghÜa ViÖt Nam §éc lËp - Tù do - H¹nh phóc §iÒu 1. Ph¹m vi ®iÒu chØnh Ch\u00ad¬ng"
UNICODE_SAMPLE = "Cộng hoà xã hội chủ nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc Điều 1. Phạm vi điều chỉnh Chương"
VNI_SAMPLE = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam Ñoäc laäp - Töï do - Haïnh phuùc Ñieàu 1. Phaïm vi ñieàu chænh"


def test_tcvn3_sample() -> None:
    assert legacy.tcvn3_to_unicode(TCVN3_SAMPLE) == UNICODE_SAMPLE


def test_tcvn3_capital_font_upper_cases() -> None:
    assert legacy.tcvn3_to_unicode("§iÒu 1. ph¹m vi ®iÒu chØnh", capitals=True) == "ĐIỀU 1. PHẠM VI ĐIỀU CHỈNH"


@pytest.mark.skipif(shutil.which("iconv") is None, reason="iconv is not installed")
def test_tcvn3_table_agrees_with_iconv() -> None:
    codes = sorted(legacy.TCVN3_TABLE)
    data = bytes(codes)
    oracle = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data, capture_output=True,
                            check=True).stdout.decode("utf-8")
    import unicodedata

    ours = legacy.tcvn3_to_unicode("".join(chr(c) for c in codes))
    assert unicodedata.normalize("NFC", oracle) == ours
    assert len(codes) == 74  # 7 capitals, 7 lower-case base letters, 12 vowels × 5 tones


def test_vni_sample_and_every_toned_letter() -> None:
    assert legacy.vni_to_unicode(VNI_SAMPLE) == (
        "Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập - Tự do - Hạnh phúc Điều 1. Phạm vi điều chỉnh")
    assert legacy.vni_to_unicode("ñöôïc nöôùc quoác teá ngöôøi Ñaûng uûy") == "được nước quốc tế người Đảng ủy"
    assert legacy.vni_to_unicode("aêaéaèaúaüaë") == "ăắằẳẵặ"
    assert legacy.vni_to_unicode("AÂAÁAÀAÅAÃAÄ ÑIEÀU") == "ÂẤẦẨẪẬ ĐIỀU"
    assert legacy.vni_to_unicode("íìæóò yùyøyûyõî") == "íìỉĩị ýỳỷỹỵ"


def test_detect_tells_the_encodings_apart() -> None:
    assert legacy.detect(TCVN3_SAMPLE) == "tcvn3"
    assert legacy.detect(VNI_SAMPLE) == "vni"
    assert legacy.detect(UNICODE_SAMPLE) is None
    assert legacy.detect("Le président a été élu à Genève; über die Straße, français") is None
    assert legacy.detect("plain ASCII text") is None


def test_fonts_decide() -> None:
    assert legacy.encoding_of_font(".VnTime") == ("tcvn3", False)
    assert legacy.encoding_of_font(".VnTimeH") == ("tcvn3", True)
    assert legacy.encoding_of_font(".VnArialH") == ("tcvn3", True)
    assert legacy.encoding_of_font("VNI-Times") == ("vni", False)
    assert legacy.encoding_of_font("Times New Roman") is None
    assert legacy.encoding_of_font(None) is None


def test_legacy_bytes_decode() -> None:
    data = TCVN3_SAMPLE.encode("latin-1")
    got = legacy.decode_legacy_bytes(data)
    assert got == (UNICODE_SAMPLE, "tcvn3")
    assert legacy.decode_legacy_bytes(b"\x80\x81\x82 abc \xfe\xff") is None
