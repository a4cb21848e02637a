"""`quyche doctor`: say what is missing on this machine or in this repository, and how to fix it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from quyche.cli.errors import ExitCode, handle_errors

if TYPE_CHECKING:
    from quyche.workflow.doctor import Finding

MESSAGES: dict[str, str] = {
    "git": "git {version}",
    "git-missing": "Không tìm thấy git trên máy. Hãy cài git (https://git-scm.com) rồi chạy lại.",
    "not-a-repository": "{path} không nằm trong một kho git. Hãy chạy lệnh trong thư mục kho quy chế "
                        "(hoặc tạo kho bằng `quyche new`).",
    "shallow": "Kho chỉ có một phần lịch sử (bản sao nông): `quyche verify` cần toàn bộ lịch sử. Hãy chạy "
               "`git fetch --unshallow` (GitHub Actions: actions/checkout với fetch-depth: 0; GitLab: GIT_DEPTH: \"0\").",
    "no-pin": "quyche.yaml chưa ghi phiên bản quyche của kho (mục `quyche:`). Hãy thêm:\n"
              "    quyche:\n      version: {installed}\n      install: \"quyche=={installed}\"\n"
              "  (CI do `quyche new` tạo cài quyche theo mục này; xem `quyche help ci`).",
    "version": "quyche {installed}, đúng phiên bản quyche.yaml ghi",
    "version-mismatch": "quyche.yaml ghi phiên bản quyche {pinned}, nhưng máy đang cài {installed}. Hãy cài đúng "
                        "phiên bản đó (xem mục quyche.install), hoặc nếu kho đã chuyển sang {installed}, sửa "
                        "`quyche.version` và `quyche.install` trong quyche.yaml cho khớp.",
    "no-install": "quyche.yaml chưa có `quyche.install` (CI cài quyche từ đâu). Hãy thêm, ví dụ "
                  "`install: \"quyche=={pinned}\"` (xem `quyche help ci`).",
    "install-by-name": "CI cài quyche theo tên (`{install}`) từ kho gói mặc định. Hãy để bộ phận CNTT đặt "
                       "PIP_INDEX_URL về kho gói nội bộ, hoặc đổi `quyche.install` thành địa chỉ git có thẻ "
                       "phiên bản hay tệp wheel của đơn vị (`quyche help ci`).",
    "allowed-signers": "danh sách khóa được phép ký: {path}",
    "no-allowed-signers": "Chưa có {path} (danh sách khóa được phép ký): `quyche verify` không xác nhận được "
                          "chữ ký nào. Hãy thêm khóa công khai của những người ký (`quyche help round`).",
    "empty-allowed-signers": "{path} chưa có khóa nào: `quyche verify` không xác nhận được chữ ký nào. "
                             "Hãy thêm khóa công khai của từng người ký: quyche signers add EMAIL KHOA.pub.",
    "identity": "người commit: {name} <{email}>",
    "no-identity": "git chưa biết tên và thư điện tử của bạn. Hãy chạy: git config --global user.name "
                   "\"Họ Tên\" và git config --global user.email \"ban@donvi.vn\".",
    "signing-key": "khóa ký: {key}",
    "no-signing-key": "Chưa đặt khóa ký số cho git (user.signingkey): các bước của vòng sửa đổi phải được ký. "
                      "Hãy làm theo `quyche help round`, mục Cách làm (ssh-keygen, git config gpg.format ssh, "
                      "git config user.signingkey <tệp .pub>).",
    "signing-key-missing": "user.signingkey trỏ tới {key}, nhưng không có tệp đó. Hãy sửa đường dẫn khóa "
                           "(git config user.signingkey <tệp .pub>).",
    "key-not-allowed": "Khóa ký {key} chưa có trong .quyche/allowed_signers: chữ ký của bạn sẽ bị `quyche verify` "
                       "báo không hợp lệ. Hãy thêm dòng `{email} <khóa công khai>` vào tệp đó (qua một commit được ký).",
}
_MARK = {"ok": "✓", "note": "i", "warning": "!", "problem": "✗"}


def message(finding: Finding) -> str:
    """The Vietnamese line for one finding."""
    return MESSAGES[finding.code].format(**finding.facts)


def register(app: typer.Typer) -> None:
    """Add `doctor` to the application."""

    @app.command("doctor", help="Kiểm tra máy và kho đã sẵn sàng chưa: git, phiên bản quyche so với quyche.yaml, "
                                "lịch sử đầy đủ, danh sách khóa được phép ký, tên và khóa ký của bạn.")
    def doctor(
        ci: bool = typer.Option(False, "--ci", help="Chỉ kiểm tra những gì CI cần (bỏ qua tên, khóa ký của người dùng)."),
    ) -> None:
        from quyche.cli.console import out

        with handle_errors():
            from quyche.workflow.doctor import diagnose

            findings = diagnose(Path.cwd(), ci=ci)
        for finding in findings:
            out(f"{_MARK[finding.level]} {message(finding)}")
        problems = sum(1 for f in findings if f.level == "problem")
        warnings = sum(1 for f in findings if f.level == "warning")
        if problems:
            out(f"Có {problems} vấn đề cần sửa" + (f", {warnings} lưu ý." if warnings else "."))
            raise typer.Exit(int(ExitCode.FINDINGS))
        out("Sẵn sàng" + (f" ({warnings} lưu ý)." if warnings else "."))
