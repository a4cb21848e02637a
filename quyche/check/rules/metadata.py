"""QC3xx: the front matter, i.e. what the printed header and signing block carry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Final

from quyche.check.finding import Severity
from quyche.check.registry import CheckContext, Report, rule
from quyche.model.document import Paragraph, Regulation
from quyche.model.frontmatter import FRONT_MATTER_KEYS, KIND_CODES, FrontMatter
from quyche.model.span import Span
from quyche.parse.patterns import DRAFT_MARK

REQUIRED: Final = (
    ("kind", "loại văn bản (quy chế, quy định …)"),
    ("number", "số, ký hiệu (01-QC/ĐU)"),
    ("date", "ngày ban hành (2025-07-15)"),
    ("place", "địa danh ghi trước ngày tháng"),
    ("issuer", "cơ quan ban hành (ĐẢNG ỦY PHƯỜNG …)"),
    ("subject", "trích yếu nội dung"),
    ("signing.capacity", "thẩm quyền ký (T/M ĐẢNG ỦY)"),
    ("signing.title", "chức vụ người ký (BÍ THƯ)"),
    ("signing.name", "họ tên người ký"),
)
"""What a printed Party document cannot do without (Hướng dẫn 36-HD/VPTW, thể thức)."""

_TYPE_NAMES: Final = {"string": "một dòng chữ", "array": "một danh sách (các dòng bắt đầu bằng \"- \")",
                      "object": "một nhóm khóa con"}


def _front(doc: Regulation) -> FrontMatter | None:
    return doc.front_matter


def _party_front(doc: Regulation) -> FrontMatter | None:
    """The front matter when Party format rules apply: never to a State document (a law)."""
    fm = doc.front_matter
    return None if fm is not None and fm.is_state else fm


def is_draft(doc: Regulation) -> bool:
    """The document says it is a draft ("DỰ THẢO" in its header) or leaves its serial or day blank."""
    fm = doc.front_matter
    if fm is not None and (fm.serial_blank or fm.day_blank):
        return True
    for node in doc.children:
        if not isinstance(node, Paragraph):
            break
        if DRAFT_MARK.fullmatch(node.text.strip()):
            return True
    return False


DRAFT_BLANKS: Final = frozenset(("number", "date", "signing.name"))
"""What a draft may leave blank on purpose."""
ATTACHED_REQUIRED: Final = frozenset(("kind", "subject"))
"""What an attached document (the regulation a decision issues) states itself; number, date
and issuer are the decision's."""


def _where(fm: FrontMatter, key: str) -> Span:
    return fm.span_of(key) or Span(1, 1)


def _value(fm: FrontMatter, key: str) -> object:
    head, _, sub = key.partition(".")
    value = getattr(fm, head, None)
    if sub:
        value = getattr(value, sub, None) if value is not None else None
    return value


@rule("QC301", "required-field", Severity.ERROR)
def required_field(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Thiếu thông tin bắt buộc ở đầu văn bản.

    ### Vì sao
    Phần thông tin đầu văn bản (front matter) mang những gì tiêu đề và phần ký của văn bản in
    ra cần có: loại văn bản (`kind`), số (`number`), ngày (`date`), địa danh (`place`), cơ quan
    ban hành (`issuer`), trích yếu (`subject`) và khối chữ ký (`signing`: `capacity`, `title`,
    `name`). Thiếu một mục thì bản in sai thể thức. Tệp Markdown không có phần thông tin đầu
    văn bản cũng bị báo; văn bản thô (lấy từ Word, chưa chuyển) thì không. Bản dự thảo (dòng
    "DỰ THẢO", hoặc số để trống `-QC/ĐU`, ngày để trống `2025-07`) được để trống số, ngày và
    họ tên người ký. Văn bản ban hành kèm theo quyết định chỉ cần `kind` và `subject` (số, ngày
    là của quyết định). Quy tắc này theo thể thức văn bản của Đảng: không áp dụng cho văn bản
    nhà nước (luật, quyết định của bộ, ủy ban nhân dân…).

    ### Sai
    ```markdown
    ---
    kind: quy chế
    number: 01-QC/ĐU
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ---
    kind: quy chế
    number: 01-QC/ĐU
    date: 2025-07-15
    place: An Hòa
    issuer: ĐẢNG ỦY PHƯỜNG AN HÒA
    authority: Ban Chấp hành
    subject: làm việc của Ban Chấp hành Đảng bộ phường An Hòa
    signing:
      capacity: T/M ĐẢNG ỦY
      title: BÍ THƯ
      name: Nguyễn Văn An
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    fm = _front(doc)
    if fm is None:
        if doc.layout == "markdown" and not doc.attached:
            yield Report(Span(1, 1), "Tệp không có phần thông tin đầu văn bản (loại, số, ngày, cơ quan ban hành, người ký).",
                         "Hãy thêm khối `---` … `---` ở đầu tệp theo mẫu trong `quyche help format`.")
        return
    if fm.is_state:
        return  # Party format (Hướng dẫn 36-HD/VPTW); a State document follows its own conventions
    draft = is_draft(doc)
    for key, what in REQUIRED:
        if (draft and key in DRAFT_BLANKS) or (doc.attached and key not in ATTACHED_REQUIRED):
            continue
        if key == "signing.title" and (fm.authority or "").strip().lower() in _CENTRAL_AUTHORITIES:
            continue  # "T/M BAN BÍ THƯ" over the name alone
        value = _value(fm, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if key in fm.type_errors or key.partition(".")[0] in fm.type_errors:
                continue  # QC306 says what is wrong with it
            span = fm.span_of(key) or Span(max(1, doc.body_line - 1), 1)
            yield Report(span, f"Thiếu `{key}`: {what}.",
                         f"Hãy thêm dòng `{key.rpartition('.')[2]}: …` vào phần thông tin đầu văn bản.")


@rule("QC302", "unknown-front-matter-key", Severity.WARNING)
def unknown_key(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Khóa không có trong định dạng ở phần thông tin đầu văn bản.

    ### Vì sao
    Khóa gõ sai ("nguoi_ky", "ngay") bị bỏ qua khi in văn bản, nên thông tin tưởng đã nhập lại
    không xuất hiện. Danh sách khóa hợp lệ ở `quyche help format`.

    ### Sai
    ```markdown
    ---
    kind: quy chế
    ngay: 2025-07-15
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ---
    kind: quy chế
    date: 2025-07-15
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    fm = _front(doc)
    if fm is None:
        return
    for key in fm.extra:
        known = ", ".join(FRONT_MATTER_KEYS)
        yield Report(_where(fm, key), f"Khóa `{key}` không có trong định dạng thông tin đầu văn bản.",
                     f"Hãy sửa thành một trong các khóa: {known} (xem `quyche help format`), hoặc xóa dòng này.")


@rule("QC303", "document-number-format", Severity.ERROR)
def document_number_format(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Số, ký hiệu văn bản không đúng dạng của văn bản Đảng.

    ### Vì sao
    Văn bản của Đảng ghi số dạng "01-QC/ĐU": số thứ tự, gạch nối, chữ viết tắt tên loại văn
    bản, gạch chéo, chữ viết tắt cơ quan ban hành; có thể kèm "Số" hoặc "Số:" phía trước. Không
    có dấu cách thừa ("01 -QC/ĐU"), không viết theo kiểu văn bản nhà nước ("01/QC-ĐU"). Số của
    bản dự thảo để trống phần số thứ tự ("-QC/ĐU") không bị báo. Văn bản nhà nước (số
    "125/QĐ-BTC", "80/2015/QH13") theo thể thức riêng và không bị quy tắc này kiểm tra.

    ### Sai
    ```markdown
    ---
    kind: quy chế
    number: 01 -QC/ĐU
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ---
    kind: quy chế
    number: Số 01-QC/ĐU
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    fm = _party_front(doc)
    if fm is None or not fm.number:
        return
    parsed = fm.document_number
    span = _where(fm, "number")
    if parsed is None and fm.serial_blank:
        return  # a draft's "-QC/ĐU": the serial is written in when the text is signed
    if parsed is None:
        yield Report(span, f"Số văn bản \"{fm.number}\" không đúng dạng số của văn bản Đảng.",
                     "Hãy viết dạng \"01-QC/ĐU\" (số-chữ viết tắt loại văn bản/chữ viết tắt cơ quan ban hành).")
    elif parsed.has_stray_spaces:
        yield Report(span, f"Số văn bản \"{fm.number}\" có dấu cách thừa quanh dấu \"-\" hoặc \"/\".",
                     f"Hãy viết liền: \"{parsed}\".")


@rule("QC304", "kind-code-mismatch", Severity.ERROR)
def kind_code_mismatch(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Chữ viết tắt loại văn bản trong số không khớp loại văn bản.

    ### Vì sao
    Quy chế mang ký hiệu QC, quy định QĐ, hướng dẫn HD … (Hướng dẫn 36-HD/VPTW). Sao chép số
    từ văn bản khác hay để lại ký hiệu sai loại.

    ### Sai
    ```markdown
    ---
    kind: quy chế
    number: 01-QĐ/ĐU
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ---
    kind: quy chế
    number: 01-QC/ĐU
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    fm = _party_front(doc)
    if fm is None or not fm.kind:
        return
    kind = fm.kind.strip().lower()
    expected = KIND_CODES.get(kind)
    if expected is None:
        known = ", ".join(KIND_CODES)
        yield Report(_where(fm, "kind"), f"Không nhận ra loại văn bản \"{fm.kind}\".",
                     f"Hãy ghi một trong các loại: {known}.")
        return
    parsed = fm.document_number
    if parsed is not None and parsed.code.upper() != expected.upper():
        yield Report(_where(fm, "number"), f"Số \"{fm.number}\" mang ký hiệu {parsed.code}, nhưng văn bản là {kind} (ký hiệu {expected}).",
                     f"Hãy sửa số thành \"{parsed.serial}-{expected}/{parsed.issuer}\", hoặc sửa `kind`.")


_DMY: Final = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")


@rule("QC305", "invalid-date", Severity.ERROR)
def invalid_date(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Ngày ban hành không phải một ngày có thật hoặc viết sai dạng.

    ### Vì sao
    Ngày ghi dạng năm-tháng-ngày (`2025-07-15`) để máy đọc được; khi in, quyche viết thành
    "ngày 15 tháng 7 năm 2025". Ngày 30/2 hay tháng 13 là lỗi gõ.

    ### Sai
    ```markdown
    ---
    kind: quy chế
    date: 2025-02-30
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ---
    kind: quy chế
    date: 2025-02-28
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    fm = _front(doc)
    if fm is None or fm.date is None or isinstance(fm.date, dt.date) or fm.day_blank:
        return
    text = str(fm.date).strip()
    span = _where(fm, "date")
    m = _DMY.match(text)
    if m:
        d, mth, y = (int(g) for g in m.groups())
        try:
            real = dt.date(y, mth, d)
        except ValueError:
            yield Report(span, f"Ngày \"{text}\" không có thật.", "Hãy kiểm tra lại ngày, tháng.")
            return
        yield Report(span, f"Ngày \"{text}\" viết theo dạng ngày/tháng/năm.",
                     f"Hãy viết dạng năm-tháng-ngày: `date: {real.isoformat()}`.")
        return
    yield Report(span, f"Ngày \"{text}\" không có thật hoặc không đúng dạng năm-tháng-ngày.",
                 "Hãy viết ngày có thật, dạng `date: 2025-07-15`.")


@rule("QC306", "front-matter-type", Severity.ERROR)
def front_matter_type(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Giá trị ở phần thông tin đầu văn bản sai kiểu (danh sách thay cho một dòng …).

    ### Vì sao
    Mỗi khóa có một kiểu: `subject` là một dòng chữ, `legal_bases` là danh sách, `signing` là
    nhóm khóa con. Sai kiểu thì giá trị bị bỏ qua khi in.

    ### Sai
    ```markdown
    ---
    kind: quy chế
    legal_bases: Căn cứ Điều lệ Đảng Cộng sản Việt Nam
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ---
    kind: quy chế
    legal_bases:
      - Căn cứ Điều lệ Đảng Cộng sản Việt Nam;
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    fm = _front(doc)
    if fm is None:
        return
    for key, expected in fm.type_errors.items():
        yield Report(_where(fm, key), f"`{key}` phải là {_TYPE_NAMES.get(expected, expected)}.",
                     "Hãy sửa theo mẫu trong `quyche help format`.")


def _body_name(issuer: str) -> str | None:
    """"ĐẢNG ỦY PHƯỜNG AN HÒA" → "ĐẢNG ỦY"; "TỈNH ỦY KHÁNH HÒA" → "TỈNH ỦY"; "CHI BỘ …" → "CHI BỘ"."""
    up = issuer.upper().strip()
    for name in ("ĐẢNG ỦY", "TỈNH ỦY", "THÀNH ỦY", "CHI BỘ", "ĐẢNG ĐOÀN", "BAN CÁN SỰ ĐẢNG"):
        if up.startswith(name):
            return name
    return None


_CENTRAL_AUTHORITIES: Final = {"ban bí thư": "T/M BAN BÍ THƯ", "bộ chính trị": "T/M BỘ CHÍNH TRỊ"}
"""Central Party authorities and how their documents are signed."""


def _norm(text: str) -> str:
    return " ".join(text.upper().replace("T/M.", "T/M").split())


@rule("QC307", "signing-capacity", Severity.ERROR)
def signing_capacity(doc: Regulation, ctx: CheckContext) -> Iterator[Report]:
    """Thẩm quyền ký không khớp cơ quan ban hành.

    ### Vì sao
    Văn bản do Ban Chấp hành đảng bộ ban hành ký "T/M ĐẢNG ỦY" trên chức vụ "BÍ THƯ"; văn bản
    của Ban Thường vụ ký "T/M BAN THƯỜNG VỤ"; văn bản của chi bộ ký "T/M CHI BỘ" (Hướng dẫn
    36-HD/VPTW). Khóa `authority` cho biết cơ quan nào ban hành: `Ban Chấp hành`, `Ban Thường vụ`
    hay `Chi bộ`, hoặc ở Trung ương `Ban Bí thư` (ký "T/M BAN BÍ THƯ") và `Bộ Chính trị` (ký
    "T/M BỘ CHÍNH TRỊ"); khi thiếu, quyche đoán theo câu ban hành (`enacting`). Văn bản nhà
    nước ("TM. ỦY BAN NHÂN DÂN", "KT. BỘ TRƯỞNG") không bị quy tắc này kiểm tra.

    ### Sai
    ```markdown
    ---
    kind: quy chế
    issuer: ĐẢNG ỦY PHƯỜNG AN HÒA
    authority: Ban Chấp hành
    signing:
      capacity: T/M BAN THƯỜNG VỤ
      title: BÍ THƯ
      name: Nguyễn Văn An
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```

    ### Đúng
    ```markdown
    ---
    kind: quy chế
    issuer: ĐẢNG ỦY PHƯỜNG AN HÒA
    authority: Ban Chấp hành
    signing:
      capacity: T/M ĐẢNG ỦY
      title: BÍ THƯ
      name: Nguyễn Văn An
    ---

    ## Điều 1. Phạm vi điều chỉnh

    Quy chế này quy định chế độ làm việc.
    ```
    """
    fm = _party_front(doc)
    if fm is None or fm.signing is None or not fm.signing.capacity:
        return
    capacity = _norm(fm.signing.capacity)
    span = _where(fm, "signing.capacity")
    authority = (fm.authority or "").strip().lower()
    if not authority and fm.enacting:
        enact = fm.enacting.lower()
        if "ban thường vụ" in enact:
            authority = "ban thường vụ"
        elif "ban chấp hành" in enact:
            authority = "ban chấp hành"
    if authority.startswith("ban thường vụ"):
        if capacity != "T/M BAN THƯỜNG VỤ":
            yield Report(span, f"Văn bản của Ban Thường vụ nhưng ký \"{fm.signing.capacity}\".",
                         "Hãy ghi `capacity: T/M BAN THƯỜNG VỤ`, hoặc sửa `authority` nếu văn bản do Ban Chấp hành ban hành.")
    elif authority.startswith("ban chấp hành"):
        body = _body_name(fm.issuer or "") or "ĐẢNG ỦY"
        if capacity != f"T/M {body}":
            yield Report(span, f"Văn bản của Ban Chấp hành ({fm.issuer or body}) nhưng ký \"{fm.signing.capacity}\".",
                         f"Hãy ghi `capacity: T/M {body}`, hoặc sửa `authority` nếu văn bản do Ban Thường vụ ban hành.")
    elif authority.startswith("chi bộ"):
        # A Party cell has no executive committee: the cell itself issues and signs (363-QĐ/TW).
        if capacity != "T/M CHI BỘ":
            yield Report(span, f"Văn bản của Chi bộ nhưng ký \"{fm.signing.capacity}\".",
                         "Hãy ghi `capacity: T/M CHI BỘ`.")
    elif authority in _CENTRAL_AUTHORITIES:
        # The Politburo and the Secretariat issue in their own name (Quy định 383-QĐ/TW).
        expected = _CENTRAL_AUTHORITIES[authority]
        if capacity != expected:
            yield Report(span, f"Văn bản của {fm.authority} nhưng ký \"{fm.signing.capacity}\".",
                         f"Hãy ghi `capacity: {expected}`.")
        return
    elif authority:
        yield Report(_where(fm, "authority"), f"Không nhận ra cơ quan ban hành `authority: {fm.authority}`.",
                     "Hãy ghi `authority: Ban Chấp hành`, `Ban Thường vụ`, `Chi bộ`, `Ban Bí thư` hoặc `Bộ Chính trị`.")
        return
    title = _norm(fm.signing.title or "")
    if capacity.startswith("T/M") and title and "BÍ THƯ" not in title:
        yield Report(_where(fm, "signing.title"), f"Ký thay mặt tập thể (\"{fm.signing.capacity}\") nhưng chức vụ là \"{fm.signing.title}\".",
                     "Người ký thay mặt cấp ủy là Bí thư: `title: BÍ THƯ` (Phó Bí thư ký thay: `K/T BÍ THƯ` / `PHÓ BÍ THƯ`).")
