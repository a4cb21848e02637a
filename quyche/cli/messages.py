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
    E.YamlSyntax: "{where}{yaml_part} bị lỗi: {problem_text}.",
    E.FrontMatterNotMapping: "{where}phần thông tin đầu văn bản phải gồm các dòng `khóa: giá trị`. Hãy xem mẫu trong `quyche help format`.",
    E.FrontMatterMultiline: "{where}`{key}` ở phần thông tin đầu văn bản phải là một dòng nhưng có xuống dòng; quyche không tạo văn bản Word để khỏi in sai hay mất phần sau. Hãy viết giá trị trên một dòng rồi chạy lại (xem `quyche check`).",
    E.FrontMatterUnclosed: "{where}phần thông tin đầu văn bản mở bằng `---` nhưng không có dòng `---` đóng lại. Hãy thêm dòng `---` sau thông tin đầu văn bản.",
    E.UnreadArticles: "{where}dòng \"{text}\" trông như một Điều nhưng không đọc được thành điều nào, nên "
                      "tệp không có Điều nào. Hãy viết tiêu đề điều ở đầu dòng dạng \"Điều 1. Tên điều\" "
                      "(tệp Markdown: \"## Điều 1. Tên điều\"), rồi chạy lại.",
    E.NotARegulation: "{where}không tìm thấy Điều nào; đây không phải là một quy chế. Hãy kiểm tra lại tệp được chọn.",
    E.RegulationNotChosen: "Kho có nhiều quy chế ({candidates}); hãy chỉ rõ tệp cần so sánh, ví dụ: `quyche diff v1 v2 {first}`.",
    E.NoRegulationRoot: "{where}không có tệp quyche.yaml hay kho git ở thư mục này hoặc các thư mục cha, nên quyche không biết phải xử lý tệp nào. Hãy chuyển vào thư mục kho quy chế (tạo bằng `quyche new`) hoặc chỉ rõ tệp, ví dụ `quyche check quy-che-lam-viec.md`.",
    E.NoRegulationFound: "Không tìm thấy tệp quy chế (.md) nào ở phiên bản `{revision}`. Hãy chỉ rõ đường dẫn tệp, ví dụ: `quyche diff v1 v2 quy-che.md`.",
    E.MappingFileError: "{where}tệp không hợp lệ ở `{key}`: {problem}. Hãy sửa lại theo `quyche help diff`.",
    E.SignersError: "{where}{signers_text}",
    E.MapFileTooNew: "{where}bảng số cũ → số mới này do một phiên bản quyche mới hơn ghi (format_version {version}), quyche này không ghi tiếp vào được; tệp quy chế chưa bị sửa. Hãy cập nhật quyche, hoặc ghi bảng ra tệp khác bằng `--map TỆP.json`.",
    E.ConfigError: "{where}tệp cấu hình quyche.yaml có lỗi ở `{key}`: {problem}. Hãy sửa lại theo `quyche help config`.",
    E.UnresolvedConflict: "{where}quy chế còn {count} chỗ xung đột chưa giải quyết (khối bắt đầu bằng dòng `<<<<<<<`). Hãy giữ một bản ở mỗi chỗ, xóa các dòng đánh dấu, rồi chạy lại; xem danh sách bằng `quyche template update --status`.",
    E.UnsafePath: "{where}đường dẫn ra ngoài thư mục được phép ({root}). Hãy dùng đường dẫn bên trong thư mục.",
    E.FormatUnstable: "{where}quyche fmt không định dạng được tệp này một cách an toàn nên đã giữ nguyên tệp. Đây là lỗi của quyche: hãy gửi tệp này cho người phụ trách kỹ thuật.",
    E.OutputIsFolder: "{where}đây là một thư mục, không ghi tệp đè lên được (kể cả với --force). Hãy ghi đường dẫn có cả tên tệp ở cuối.",
    E.DanglingLink: "{where}đây là một liên kết (symlink) trỏ tới chỗ không có ({target}); quyche không ghi theo liên kết này. Hãy xóa liên kết hoặc chọn đường dẫn khác.",
    E.OutputIsDevice: "{where}đây là {kind}, không phải tệp thường; quyche không ghi vào đó. Hãy chỉ ra đường dẫn của một tệp thường.",
    E.LimitExceeded: "{where}{what} vượt giới hạn của quyche ({value}; tối đa {limit}, giới hạn {name}). Hãy kiểm tra lại tệp: văn bản thật không cần tới mức này.",
    E.RepositoryBusy: "{where}một lệnh quyche khác đang ghi vào kho này (đang giữ khóa {lock}). Hãy đợi lệnh đó xong rồi chạy lại.",
    E.OutputIsFile: "{where}đây là một tệp, không phải thư mục. Hãy chỉ ra một thư mục mới hoặc thư mục trống.",
    E.OutputExists: "{where}tệp hoặc thư mục đã tồn tại; quyche không ghi đè. Hãy chọn tên khác hoặc thêm --force nếu chắc chắn muốn ghi đè.",
    E.GitError: "{where}git báo lỗi khi chạy `{command}`: {stderr}",
    E.NotARepository: "{where}không nằm trong một kho git. Hãy chạy lệnh trong thư mục của kho quy chế (tạo bằng `quyche new`).",
    E.RevisionError: "Không tìm thấy phiên bản `{revision}` trong kho git. Hãy xem danh sách bằng `git tag` hoặc `git log --oneline`.",
    E.FileNotAtRevision: "{where}tệp không có ở phiên bản `{revision}`. Hãy chỉ rõ đường dẫn tệp quy chế ở phiên bản đó.",
    E.ShallowHistory: "{where}kho git chỉ có một phần lịch sử (bản sao nông), nên không kiểm tra được quy trình. Hãy lấy đủ lịch sử: `git fetch --unshallow` (GitHub Actions: actions/checkout với fetch-depth: 0).",
    E.SigningError: "Không ký được commit: {stderr}. {signing_hint}",
    E.GitIdentityMissing: "git chưa biết tên và email người commit. Hãy chạy: git config --global user.name \"Họ Tên\" và git config --global user.email \"email@cơ-quan.vn\", rồi chạy lại lệnh.",
    E.TemplateError: "Mẫu `{name}`: {problem}.",
    E.UnsafeTemplate: "Mẫu `{name}` bị từ chối vì không an toàn: {problem}. Chỉ dùng mẫu từ nguồn tin cậy.",
    E.AnswerError: "Biến `{name}` của mẫu: {problem}",
    E.WorkflowError: "{where}không ghi được bước của vòng sửa đổi ({facts}).",
    E.NoRound: "{no_round_text}",
    E.RoundOpen: "Vòng sửa đổi `{round_id}` vẫn đang mở (bước tiếp theo: `{next_step}`). Hãy hoàn thành vòng này trước khi mở vòng mới.",
    E.RoundExists: "Vòng sửa đổi `{round_id}` đã có. Hãy chọn mã khác bằng --id.",
    E.BadRoundId: "Mã vòng `{round_id}` không dùng được; mã chỉ gồm chữ không dấu, số, dấu - và dấu chấm (ví dụ 2026-01).",
    E.UnknownStep: "Không có bước `{step}` trong quy trình. Các bước: {known}. Xem `quyche round status`.",
    E.StepRepeated: "Bước `{step}` đã được ghi ở commit {commit}; mỗi bước chỉ ghi một lần. Xem `quyche round status`.",
    E.StepOutOfOrder: "Bước `{step}` đứng trước bước đã ghi gần nhất (`{last}`) trong quy trình; không ghi ngược thứ tự. Xem `quyche round status`.",
    E.StepSkipped: "Chưa thể ghi bước `{step}`: còn thiếu bước bắt buộc {missing}. Hãy ghi các bước đó trước.",
    E.RequirementMissing: "Chưa đủ điều kiện ghi bước `{step}`: {requirement_text}",
    E.UnrelatedChanges: "Có thay đổi chưa commit không thuộc quy chế hay thư mục vòng sửa đổi: {paths}. Hãy commit riêng hoặc hoàn tác (git stash) rồi chạy lại.",
    E.RegulationChangeNotAllowed: "Bước `{step}` không được phép sửa {scope_text} ({paths}). Hãy hoàn tác thay đổi (git checkout -- TỆP) hoặc ghi ở bước được phép sửa.",
    E.SigningRequired: "Quy trình yêu cầu mọi bước phải có chữ ký số; không dùng được --no-sign cho bước `{step}`.",
    E.SignerNotAllowed: "Khóa ký đang cấu hình ({principal}) không được phép ký bước `{step}` (được phép: {allowed}). Hãy đổi khóa ký (git config user.signingkey) hoặc nhờ người có thẩm quyền ghi bước này.",
    E.BadStepDate: "Ngày `{value}` không dùng được: {problem_text}. Ngày ghi theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-03-15.",
    E.TagExists: "Thẻ phiên bản `{tag}` đã có trong kho; số văn bản đã được dùng. Hãy kiểm tra lại số văn bản ở đầu quy chế.",
    E.RoundFileError: "{where}tệp round.yaml của vòng sửa đổi phải gồm các dòng `khóa: giá trị` (id, title, working_group, planned, reasons). Hãy sửa theo mẫu trong `quyche help round`.",
    E.CommentFileError: "{where}tệp góp ý không đúng mẫu: {problem_text}. Xem mẫu trong `quyche help round`.",
    E.ImportFormatError: "{where}{import_text}",
    E.OpinionFileError: "{where}{opinion_text}",
    E.DraftMismatch: "{where}tệp được lập từ dự thảo ở commit {commit}, khác dự thảo hiện tại của vòng (commit {current}). Hãy gửi lại dự thảo mới (`quyche round draft`) hoặc thêm --force để vẫn nhập (ý kiến được đặt vào điều, khoản còn khớp).",
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
_OPINION_PROBLEMS = {
    "not-draft": "tệp không phải dự thảo của quy chế {value}: không có thông tin của quyche và nội dung không khớp dự thảo. Hãy góp ý vào tệp lập bằng `quyche round draft` (hoặc phiếu góp ý `quyche round draft --form`).",
    "other-round": "tệp được lập cho {value}, không phải dự thảo của vòng này. Hãy nhập tệp góp ý vào đúng kho, đúng vòng (xem `quyche round status`).",
    "no-author": "ý kiến trong tệp không có tên người góp ý. Hãy ghi rõ ai góp ý bằng --from \"Tên cơ quan, đơn vị\".",
    "no-draft": "không đọc được dự thảo {value} ở commit của bước gần nhất. Hãy kiểm tra `regulations:` trong quyche.yaml.",
}
_YAML_PROBLEMS = {  # problem codes from quyche.yamlread.classify: what is wrong and how to fix it
    "duplicate": "khóa `{key}` xuất hiện hai lần. Hãy xóa một dòng hoặc gộp hai giá trị lại",
    "nested": "các danh sách, khóa lồng nhau quá sâu (quá {limit} mức). Hãy viết phẳng lại phần này",
    "colon": "có dấu hai chấm trong giá trị chưa đặt trong ngoặc kép, hoặc dòng này thụt lề sai. Hãy đặt cả giá trị trong ngoặc kép (ví dụ `subject: \"Hồ sơ: đơn\"`) hoặc thụt lề như dòng trên",
    "tab": "có ký tự Tab; YAML chỉ dùng dấu cách để thụt lề. Hãy thay Tab bằng dấu cách",
    "reserved-char": "giá trị không được bắt đầu bằng ký tự `{char}`. Hãy đặt cả giá trị trong ngoặc kép",
    "bad-char": "có ký tự `{char}` không được phép ở đây. Hãy xóa ký tự này hoặc đặt cả giá trị trong ngoặc kép",
    "unclosed-quote": "dấu ngoặc kép mở ở đây chưa được đóng. Hãy thêm dấu ngoặc đóng ở cuối giá trị",
    "bad-escape": "trong ngoặc kép có dấu `\\` đi trước một ký tự không hợp lệ. Hãy viết `\\\\` hoặc dùng ngoặc đơn `'…'`",
    "missing-colon": "thiếu dấu hai chấm sau tên khóa. Hãy viết dạng `khóa: giá trị`",
    "unclosed-bracket": "danh sách mở bằng `[` ở đây thiếu dấu `]` đóng (hoặc thiếu dấu phẩy giữa hai mục). Hãy thêm dấu `]`",
    "unclosed-brace": "khối mở bằng `{{` ở đây thiếu dấu `}}` đóng (hoặc thiếu dấu phẩy giữa hai mục). Hãy thêm dấu `}}`",
    "indent": "thụt lề không đều (các khóa, các mục `-` cùng cấp phải thẳng lề nhau) hoặc có chữ thừa sau giá trị. Hãy thụt lề các dòng cùng cấp bằng cùng số dấu cách",
    "indent-list": "thụt lề không đều hoặc thiếu dấu `-` đầu mục danh sách. Hãy bắt đầu mỗi mục bằng `- ` cùng một lề",
    "missing-value": "thiếu giá trị ở đây (dấu phẩy thừa hoặc dấu ngoặc đóng thừa). Hãy xóa dấu thừa",
    "extra-document": "có phần YAML thứ hai (sau dòng `---` hoặc `...`, hoặc dòng `%…`). Hãy gộp thành một khối hoặc xóa dòng thừa",
    "directive": "dòng bắt đầu bằng `%` không phải chỉ thị YAML hợp lệ. Hãy xóa dòng này hoặc đặt giá trị trong ngoặc kép",
    "alias": "có bí danh YAML (`*tên`) hoặc neo (`&tên`) không dùng được; quyche không nhận bí danh. Hãy viết thẳng giá trị thay cho `*tên`",
    "block-scalar": "khối văn bản nhiều dòng (`|` hoặc `>`) viết sai. Hãy thụt lề mọi dòng của khối đều nhau, sâu hơn tên khóa",
    "complex-key": "tên khóa là một danh sách hoặc khối (`[...]:` hay `{{...}}:`). Hãy dùng một tên khóa bằng chữ, ví dụ `ten_khoa: giá trị`",
    "bom": "có ký tự vô hình BOM (U+FEFF), thường do dán từ Word hoặc Notepad. Hãy xóa ký tự này (xóa rồi gõ lại đầu dòng)",
    "control-char": "có ký tự điều khiển vô hình ({code}). Hãy xóa ký tự này",
    "too-long": "dài quá giới hạn {limit} ký tự. Hãy rút gọn; nội dung dài đặt trong thân văn bản",
    "too-many-items": "có quá nhiều khóa và mục (giới hạn {limit}). Hãy rút gọn; nội dung dài đặt trong thân văn bản",
    "bad-value": "giá trị không hợp với kiểu ghi trước nó (ví dụ `!!float abc`) hoặc quá lớn. Hãy bỏ phần `!!…` hoặc đặt giá trị trong ngoặc kép",
    "bad-binary": "giá trị `!!binary` không phải dữ liệu base64 hợp lệ. Hãy xóa thẻ `!!binary`",
    "unsafe-tag": "thẻ `!!python/…` không được phép vì lý do an toàn (quyche không chạy mã trong YAML). Hãy xóa thẻ này",
    "unknown-tag": "có thẻ kiểu lạ (`!…`) trước giá trị. Hãy xóa thẻ hoặc đặt cả giá trị trong ngoặc kép",
    "syntax": "viết sai cú pháp YAML. Hãy so với mẫu trong `quyche help format`: mỗi dòng `khóa: giá trị`, thụt lề bằng dấu cách, giá trị có dấu hai chấm hoặc dấu # đặt trong ngoặc kép",
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
    if isinstance(exc, E.SigningError):
        facts["signing_hint"] = (
            "Hãy kiểm tra khóa ký (git config user.signingkey); khóa SSH có mật khẩu cần chạy ssh-agent."
            if exc.facts.get("key_set", True) else
            "Máy này chưa đặt khóa ký số cho git: hãy làm theo mục “Chuẩn bị một lần” trong `quyche help round` "
            "(ssh-keygen, git config gpg.format ssh, git config user.signingkey …) rồi chạy lại."
        )
    if isinstance(exc, E.BinaryFile):
        kind_text, hint = _BINARY_KINDS.get(str(exc.facts.get("kind")), ("không rõ loại", ""))
        facts["kind_text"], facts["binary_hint"] = kind_text, hint
    if isinstance(exc, E.TooLarge):
        facts["size_mb"] = f"{int(exc.facts.get('size', 0)) / 1048576:.1f}"
        facts["limit_mb"] = f"{int(exc.facts.get('limit', 0)) / 1048576:.0f}"
    if isinstance(exc, E.YamlSyntax):
        # quyche.yaml, comment files, answers: a whole YAML file; a regulation: its front matter
        whole_file = exc.path is not None and str(exc.path).lower().endswith((".yaml", ".yml"))
        facts["yaml_part"] = "tệp YAML" if whole_file else "phần thông tin đầu văn bản (YAML)"
        problem = str(exc.facts.get("problem", ""))
        text = _YAML_PROBLEMS.get(problem, _YAML_PROBLEMS["syntax"])
        facts["problem_text"] = text.format(**{k: exc.facts.get(k, "") for k in ("key", "limit", "char", "code")})
    if isinstance(exc, E.WorkflowError | E.CommentFileError):
        facts.update(_workflow_facts(exc))
    if isinstance(exc, E.SignersError):
        facts["signers_text"] = _SIGNERS_PROBLEMS.get(str(exc.facts.get("problem")), "{value}").format(
            value=exc.facts.get("value", ""))
    if isinstance(exc, E.RegulationNotChosen):
        candidates = list(exc.facts.get("candidates") or [])
        facts["candidates"] = ", ".join(candidates)
        facts["first"] = candidates[0] if candidates else "quy-che.md"
    if isinstance(exc, E.OpinionFileError):
        facts["opinion_text"] = _OPINION_PROBLEMS.get(str(exc.facts.get("problem")), "{value}").format(
            value=exc.facts.get("value", ""))
    if isinstance(exc, E.ImportFormatError):
        facts["import_text"] = _IMPORT_KINDS.get(str(exc.facts.get("kind")), _IMPORT_KINDS["unknown"])
    return facts


_REQUIREMENT_TEXTS = {
    "working-group": "chưa có danh sách tổ công tác (họ tên và nhiệm vụ từng thành viên). Hãy chạy lại `quyche round start \"TÊN VÒNG\"` với --member \"Họ tên=Nhiệm vụ=Đơn vị\" cho từng thành viên (nếu vòng đã mở: ghi danh sách vào {detail}).",
    "regulation-changed": "quy chế chưa có thay đổi nào so với khi bắt đầu vòng sửa đổi. Hãy sửa tệp quy chế rồi ghi lại bước này.",
    "regulation-invalid": "dự thảo quy chế còn lỗi ({detail}). Hãy chạy `quyche check` và sửa các lỗi.",
    "comparison-table": "chưa có bảng so sánh trong thư mục vòng ({detail}). Hãy lập bảng so sánh và lưu vào đó.",
    "comments-answered": "còn {detail} ý kiến góp ý chưa có nội dung tiếp thu, giải trình. Xem `quyche round comments`.",
    "meeting-date": "bước này ghi kết quả hội nghị nên cần ngày họp. Hãy thêm --date NĂM-THÁNG-NGÀY.",
    "issue-number": "đầu quy chế chưa có {detail}. Hãy ghi `number:` và `date:` trong phần thông tin đầu văn bản.",
    "issue-date-early": "ngày ban hành ở đầu quy chế ({detail}). Hãy ghi `date: {expected}` (ngày ban hành, tức --date của bước này) trong phần thông tin đầu {file}.",
    "issue-number-missing": "đầu quy chế chưa có số văn bản (number) trong {file}. Hãy ghi `number:` bằng số mới do văn phòng cấp, theo dạng SỐ-QC/ĐU (ví dụ `number: 02-QC/ĐU`).",
    "issue-number-form": "`number: {value}` trong {file} không đúng dạng số văn bản của Đảng. Hãy ghi theo dạng SỐ-QC/ĐU, không có chữ \"Số\" và dấu cách, ví dụ `number: 02-QC/ĐU`.",
    "issue-number-unchanged": "`number: {value}` trong {file} vẫn là số của quy chế khi bắt đầu vòng sửa đổi; quy chế sửa đổi được ban hành với số mới. Hãy ghi `number:` bằng số mới do văn phòng cấp (ví dụ `number: 02-QC/ĐU`).",
    "issue-date-missing": "phần thông tin đầu {file} chưa có ngày ban hành. Hãy ghi `date: {expected}` (ngày ban hành, tức --date của bước này).",
    "issue-date-invalid": "`date: {value}` trong {file} không phải là ngày có thật. Hãy ghi `date: {expected}` (NĂM-THÁNG-NGÀY, không có dấu nháy; ngày ban hành, tức --date của bước này).",
    "issue-date-mismatch": "`date: {value}` trong {file} khác ngày ban hành {expected} của bước này (--date). Hãy ghi `date: {expected}`, hoặc ghi bước với --date {value} nếu đó mới là ngày ban hành.",
    "allowed-signers": "kho chưa có danh sách khóa được phép ký ({detail}). Hãy thêm khóa của người ký bằng `quyche signers add EMAIL ~/.ssh/quyche.pub` rồi commit tệp đó có chữ ký.",
}
_SIGNERS_PROBLEMS = {
    "principal": "`{value}` không dùng được làm tên người ký: hãy ghi địa chỉ email, không có dấu cách, dấu phẩy hay dấu nháy (ví dụ vanphong@example.vn).",
    "key": "tệp này không phải khóa công khai SSH ({value}). Hãy chỉ ra tệp .pub do ssh-keygen tạo, ví dụ ~/.ssh/quyche.pub.",
    "exists": "khóa này đã có trong .quyche/allowed_signers cho {value}; không cần thêm lại.",
    "unknown": "không có người ký `{value}` trong .quyche/allowed_signers. Xem danh sách bằng `quyche signers list`.",
    "step": "bước `{value}` không có trong quy trình (quyche.yaml `procedure:`). Xem tên các bước bằng `quyche round status`.",
    "date": "`{value}` không phải ngày theo dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-31.",
}
_DATE_PROBLEMS = {
    "format": "không đúng dạng ngày",
    "future": "ngày họp ở tương lai",
    "before-previous": "trước ngày của bước trước ({previous})",
}
_COMMENT_PROBLEMS = {
    "encoding": "không ở bảng mã UTF-8",
    "not-mapping": "tệp phải gồm các dòng `khóa: giá trị` (commenter, body, date, comments)",
    "no-commenter": "thiếu `commenter:` hoặc `body:` (ai góp ý)",
    "comments-not-list": "`comments:` phải là danh sách, mỗi ý kiến bắt đầu bằng dấu -",
    "no-text": "ý kiến thiếu `text:` (nội dung góp ý)",
    "bad-response": "`response: {value}` không hợp lệ; chỉ nhận: tiếp thu, tiếp thu một phần, không tiếp thu",
}


def spelled_out(text: str) -> str:
    """A name as messages show it: "(trống)" for nothing, lookalike letters escaped.

    Step names, tags and round ids are ASCII; `du-thаo` with a Cyrillic а must not read as `du-thao`.
    """
    if not text.strip():
        return "(trống)"
    if text.isascii() and text.isprintable():
        return text
    return text.encode("ascii", "backslashreplace").decode("ascii")


def _workflow_facts(exc: E.QuycheError) -> dict[str, Any]:
    facts = exc.facts
    out: dict[str, Any] = {}
    paths = facts.get("paths")
    if isinstance(paths, list | tuple):
        shown = ", ".join(str(p) for p in paths[:5])
        out["paths"] = shown + (f" và {len(paths) - 5} tệp khác" if len(paths) > 5 else "")
    for key in ("missing", "known", "allowed"):
        value = facts.get(key)
        if isinstance(value, list | tuple):
            out[key] = ", ".join(f"`{v}`" for v in value) if value else "mọi khóa trong danh sách"
    for key in ("step", "tag", "round_id"):  # names typed or read from history: never empty, never lookalikes
        if key in facts:
            out[key] = spelled_out(str(facts[key] or ""))
    out["round_text"] = f" có mã `{out.get('round_id')}`" if facts.get("round_id") else ""
    out["no_round_text"] = (
        f"Không có vòng sửa đổi nào có mã `{out.get('round_id')}`. Xem mã các vòng đã có bằng `quyche round log`."
        if facts.get("round_id") else
        "Chưa có vòng sửa đổi nào đang mở. Hãy bắt đầu bằng `quyche round start \"TÊN VÒNG\"`."
    )
    out["scope_text"] = "nội dung quy chế ngoài phần thông tin đầu văn bản" if facts.get("scope") == "front-matter" else "quy chế"
    req = str(facts.get("requirement", ""))
    out["requirement_text"] = _REQUIREMENT_TEXTS.get(req, req).format(
        detail=facts.get("detail", ""), file=facts.get("file", ""), value=facts.get("value", ""),
        expected=facts.get("expected", ""))
    out["problem_text"] = (_DATE_PROBLEMS | _COMMENT_PROBLEMS).get(str(facts.get("problem", "")), str(facts.get("problem", ""))).format(
        previous=facts.get("previous", ""), value=facts.get("value", ""))
    return out


class _Missing(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def message_for(exc: E.QuycheError) -> str:
    """The one Vietnamese line shown for `exc`."""
    for cls in type(exc).__mro__:
        template = MESSAGES.get(cls)
        if template is not None:
            # One line whatever the facts hold (a YAML reader's problem spans two lines).
            return " ".join(template.format_map(_Missing(_facts(exc))).splitlines())
    return str(exc)  # pragma: no cover - QuycheError itself has a template


def exit_code_for(exc: E.QuycheError) -> ExitCode:
    """Input problems exit 2 (like usage errors); refused workflow steps exit 1.

    A step name not in the procedure or a date that is not a date is a bad argument (2), like a
    mistyped command; a well-formed request the procedure refuses (out of order, a requirement
    missing, a date before the previous step) is a refusal (1).
    """
    if isinstance(exc, E.UnknownStep) or (isinstance(exc, E.BadStepDate) and exc.facts.get("problem") == "format"):
        return ExitCode.INPUT
    if isinstance(exc, E.WorkflowError):
        return ExitCode.FINDINGS
    if isinstance(exc, E.FormatUnstable):
        return ExitCode.INTERNAL
    return ExitCode.INPUT
