"""The Vietnamese text of every core error: where, what is wrong, what to do next.

One template per error class, looked up along the class's MRO, so a new subclass without its
own text still gets its parent's; tests/cli/test_messages.py fails on a class with no text.
"""

from __future__ import annotations

from typing import Any

from quyche import errors as E
from quyche.cli.errors import ExitCode

MESSAGES: dict[type[E.QuycheError], str] = {
    E.QuycheError: "{where}lỗi không xác định ({facts}).",
    E.InputError: "{where}không đọc được tệp.",
    E.FileMissing: "{where}không tìm thấy tệp hoặc thư mục này. Hãy kiểm tra lại đường dẫn.",
    E.NotAFile: "{where}đây không phải là một tệp văn bản. Hãy chỉ ra tệp .md của quy chế.",
    E.NotUtf8: "{where}tệp không ở bảng mã UTF-8{guess}. Hãy mở tệp và lưu lại với bảng mã UTF-8, hoặc dùng `quyche import` để chuyển đổi.",
    E.Unreadable: "{where}không đọc được tệp ({problem}). Hãy kiểm tra quyền truy cập tệp.",
    E.Unwritable: "{where}không ghi được tệp ({problem}); tệp cũ được giữ nguyên. Hãy kiểm tra quyền ghi, tên tệp và dung lượng đĩa.",
    E.BinaryFile: "{where}đây là tệp nhị phân ({kind_text}), không phải văn bản. {binary_hint}",
    E.EmptyFile: "{where}tệp rỗng. Hãy nhập nội dung quy chế hoặc tạo mới bằng `quyche new`.",
    E.TooLarge: "{where}tệp quá lớn ({size_mb} MB, giới hạn {limit_mb} MB). Hãy tách văn bản thành nhiều tệp nhỏ hơn.",
    E.TooDeep: "{where}các mức gạch đầu dòng lồng nhau quá sâu ({depth} mức). Hãy giảm số mức lồng nhau.",
    E.YamlSyntax: "{where}phần thông tin đầu văn bản (YAML) bị lỗi: {problem_text}. Hãy sửa dòng này; nếu nội dung có dấu hai chấm hoặc dấu #, hãy đặt trong ngoặc kép.",
    E.FrontMatterNotMapping: "{where}phần thông tin đầu văn bản phải gồm các dòng `khóa: giá trị`. Hãy xem mẫu trong docs/format.md.",
    E.FrontMatterUnclosed: "{where}phần thông tin đầu văn bản mở bằng `---` nhưng không có dòng `---` đóng lại. Hãy thêm dòng `---` sau thông tin đầu văn bản.",
    E.NotARegulation: "{where}không tìm thấy Điều nào; đây không phải là một quy chế. Hãy kiểm tra lại tệp được chọn.",
    E.RegulationNotChosen: "Kho có nhiều quy chế ({candidates}); hãy chỉ rõ tệp cần so sánh, ví dụ: `quyche diff v1 v2 {first}`.",
    E.NoRegulationFound: "Không tìm thấy tệp quy chế (.md) nào ở phiên bản `{revision}`. Hãy chỉ rõ đường dẫn tệp, ví dụ: `quyche diff v1 v2 quy-che.md`.",
    E.MappingFileError: "{where}tệp không hợp lệ ở `{key}`: {problem}. Hãy sửa lại theo docs/diff.md.",
    E.ConfigError: "{where}tệp cấu hình quyche.yaml có lỗi ở `{key}`: {problem}. Hãy sửa lại theo docs/config.md.",
    E.UnsafePath: "{where}đường dẫn ra ngoài thư mục được phép ({root}). Hãy dùng đường dẫn bên trong thư mục.",
    E.FormatUnstable: "{where}quyche fmt không định dạng được tệp này một cách an toàn nên đã giữ nguyên tệp. Đây là lỗi của quyche: hãy gửi tệp này cho người phụ trách kỹ thuật.",
    E.OutputExists: "{where}tệp hoặc thư mục đã tồn tại; quyche không ghi đè. Hãy chọn tên khác hoặc thêm --force nếu chắc chắn muốn ghi đè.",
    E.GitError: "{where}git báo lỗi khi chạy `{command}`: {stderr}",
    E.NotARepository: "{where}không nằm trong một kho git. Hãy chạy lệnh trong thư mục của kho quy chế (tạo bằng `quyche new`).",
    E.RevisionError: "Không tìm thấy phiên bản `{revision}` trong kho git. Hãy xem danh sách bằng `git tag` hoặc `git log --oneline`.",
    E.FileNotAtRevision: "{where}tệp không có ở phiên bản `{revision}`. Hãy chỉ rõ đường dẫn tệp quy chế ở phiên bản đó.",
    E.SigningError: "Không ký được commit: {stderr}. Hãy kiểm tra khóa ký (git config user.signingkey); khóa SSH có mật khẩu cần chạy ssh-agent.",
    E.TemplateError: "Mẫu `{name}`: {problem}",
    E.UnsafeTemplate: "Mẫu `{name}` bị từ chối vì không an toàn: {problem}. Chỉ dùng mẫu từ nguồn tin cậy.",
    E.AnswerError: "Biến `{name}` của mẫu: {problem}",
    E.WorkflowError: "{message}",
    E.ImportFormatError: "{where}{import_text}",
    E.ToolMissing: "Không tìm thấy chương trình `{tool}` để tạo PDF. Hãy cài LibreOffice (gói libreoffice-writer) hoặc bỏ tùy chọn --pdf và mở tệp DOCX bằng Word để lưu thành PDF.",
    E.ConversionFailed: "{where}`{tool}` không chuyển được tệp sang PDF: {stderr}. Hãy mở tệp DOCX bằng Word hoặc LibreOffice và lưu thành PDF.",
}

_BINARY_KINDS = {
    "zip": ("tệp nén hoặc tệp Word .docx", "Với tệp Word, hãy dùng `quyche import TỆP.docx -o quy-che.md`."),
    "doc": ("tệp Word .doc đời cũ", "Hãy mở bằng Word và lưu thành .docx, rồi dùng `quyche import`."),
    "pdf": ("tệp PDF", "Hãy lấy văn bản gốc dạng .docx hoặc .txt rồi dùng `quyche import`."),
    "image": ("tệp ảnh", "Hãy chỉ ra tệp .md của quy chế."),
    "rtf": ("tệp RTF", "Hãy mở bằng Word và lưu thành .docx, rồi dùng `quyche import`."),
    "nul": ("có ký tự NUL", "Hãy chỉ ra tệp .md của quy chế."),
}
_IMPORT_KINDS = {
    "doc": "đây là tệp Word .doc đời cũ. Hãy mở bằng Word, chọn Lưu thành (Save As) định dạng .docx rồi nhập lại.",
    "corrupt": "tệp .docx bị hỏng, không mở được. Hãy mở bằng Word, lưu lại thành tệp mới rồi nhập lại.",
    "encrypted": "tệp .docx có mật khẩu. Hãy gỡ mật khẩu trong Word (Tệp > Thông tin > Bảo vệ tài liệu) rồi nhập lại.",
    "unknown": "không nhận ra định dạng tệp. quyche nhập được tệp .docx, .txt và .md.",
    "encoding": "không nhận ra bảng mã của văn bản. Hãy lưu tệp với bảng mã UTF-8 (Unicode) rồi nhập lại.",
}
_YAML_PROBLEMS = {
    "duplicate": "khóa `{key}` xuất hiện hai lần",
    "nested": "các danh sách, khóa lồng nhau quá sâu",
    "mapping values are not allowed here": "có dấu hai chấm trong giá trị chưa đặt trong ngoặc kép",
    "mapping values are not allowed in this context": "có dấu hai chấm trong giá trị chưa đặt trong ngoặc kép",
    "found character '\\t' that cannot start any token": "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề",
    "found a tab character that violates indentation": "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề",
    "found unexpected end of stream": "thiếu dấu ngoặc kép đóng",
    "could not find expected ':'": "thiếu dấu hai chấm sau tên khóa",
}


def _where(exc: E.QuycheError) -> str:
    if exc.path is None:
        return ""
    parts = [str(exc.path)]
    if exc.line is not None:
        parts.append(str(exc.line))
        if exc.column is not None:
            parts.append(str(exc.column))
    return ":".join(parts) + ": "


def _facts(exc: E.QuycheError) -> dict[str, Any]:
    facts: dict[str, Any] = {k: ("" if v is None else v) for k, v in exc.facts.items()}
    facts["where"] = _where(exc)
    facts["facts"] = ", ".join(f"{k}={v}" for k, v in exc.facts.items())
    if isinstance(exc, E.NotUtf8):
        guess = exc.facts.get("guess")
        facts["guess"] = {
            "tcvn3": " (có vẻ là bảng mã TCVN3/ABC của phông .VnTime)",
            "vni": " (có vẻ là bảng mã VNI)",
            "utf16": " (tệp ở UTF-16)",
        }.get(guess or "", "")
    if isinstance(exc, E.BinaryFile):
        kind_text, hint = _BINARY_KINDS.get(str(exc.facts.get("kind")), ("không rõ loại", ""))
        facts["kind_text"], facts["binary_hint"] = kind_text, hint
    if isinstance(exc, E.TooLarge):
        facts["size_mb"] = f"{int(exc.facts.get('size', 0)) / 1048576:.1f}"
        facts["limit_mb"] = f"{int(exc.facts.get('limit', 0)) / 1048576:.0f}"
    if isinstance(exc, E.YamlSyntax):
        problem = str(exc.facts.get("problem", ""))
        facts["problem_text"] = _YAML_PROBLEMS.get(problem, problem).format(key=exc.facts.get("key", ""))
    if isinstance(exc, E.RegulationNotChosen):
        candidates = list(exc.facts.get("candidates") or [])
        facts["candidates"] = ", ".join(candidates)
        facts["first"] = candidates[0] if candidates else "quy-che.md"
    if isinstance(exc, E.ImportFormatError):
        facts["import_text"] = _IMPORT_KINDS.get(str(exc.facts.get("kind")), _IMPORT_KINDS["unknown"])
    return facts


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def message_for(exc: E.QuycheError) -> str:
    """The one Vietnamese line shown for `exc`."""
    for cls in type(exc).__mro__:
        template = MESSAGES.get(cls)
        if template is not None:
            return template.format_map(_Missing(_facts(exc)))
    return str(exc)  # pragma: no cover - QuycheError itself has a template


def exit_code_for(exc: E.QuycheError) -> ExitCode:
    """Input problems exit 2 (like usage errors); refused workflow steps exit 1."""
    if isinstance(exc, E.WorkflowError):
        return ExitCode.FINDINGS
    if isinstance(exc, E.FormatUnstable):
        return ExitCode.INTERNAL
    return ExitCode.INPUT
