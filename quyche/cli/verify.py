"""`quyche verify`: prove the revision procedure was followed (what CI runs); text, json, sarif."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from quyche.cli.errors import ExitCode, fail, handle_errors

RULE_TEXT: dict[str, str] = {
    "unsigned-step": "bước `{step}` không có chữ ký số",
    "bad-signature": "chữ ký của bước `{step}` không khớp với nội dung commit: commit đã bị sửa sau khi ký",
    "unknown-signer": "bước `{step}` được ký bằng khóa không có trong danh sách được phép ({key})",
    "signer-not-allowed": "bước `{step}` do {principal} ký, nhưng chỉ {allowed} được ký bước này",
    "unknown-step": "commit ghi bước `{step}` không có trong quy trình",
    "bad-trailers": "thông tin bước (Quyche-Round, Quyche-Date, Quyche-Previous) thiếu hoặc sai: {missing}{date}",
    "step-order": "bước `{step}` được ghi sau bước `{last}`: {order_text}",
    "step-skipped": "bước `{step}` được ghi khi chưa có bước bắt buộc {missing}",
    "date-order": "bước `{step}` ghi ngày {date}, trước ngày của bước trước ({previous})",
    "chain-broken": "bước `{step}` không nối tiếp bước trước (ghi {found}, lịch sử có {expected}): một bước trước đó đã bị sửa (amend), rebase hoặc xóa",
    "regulation-changed": "{where} sửa quy chế ({paths}) mà {who} không được phép sửa",
    "body-changed": "bước `{step}` sửa nội dung quy chế ({paths}); bước này chỉ được ghi số, ngày ban hành ở đầu văn bản",
    "tag-missing": "chưa có thẻ phiên bản `{tag}` cho văn bản ban hành ở bước `{step}`",
    "tag-moved": "thẻ phiên bản `{tag}` không trỏ vào commit ban hành {expected_short}{annotated_text}",
    "tag-unsigned": "thẻ phiên bản `{tag}` không có chữ ký số hợp lệ",
    "comparison-table": "bước `{step}` {problem_text}",
    "signers-changed": "commit \"{subject}\" sửa danh sách khóa được phép ký (.quyche/allowed_signers) nhưng không được ký bởi một khóa mà danh sách trước đó cho phép",
}
RULE_HELP: dict[str, str] = {
    "unsigned-step": "Mọi bước phải được ký số bằng khóa trong .quyche/allowed_signers.",
    "bad-signature": "Nội dung commit phải đúng như khi được ký.",
    "unknown-signer": "Khóa ký phải có trong .quyche/allowed_signers (hoặc trong kho khóa GPG).",
    "signer-not-allowed": "Mỗi bước chỉ do người được quy trình cho phép ký.",
    "unknown-step": "Tên bước phải có trong quy trình (quyche.yaml `procedure:`).",
    "bad-trailers": "Commit ghi bước phải có Quyche-Round, Quyche-Step, Quyche-Date, Quyche-Previous.",
    "step-order": "Các bước ghi đúng thứ tự, mỗi bước một lần.",
    "step-skipped": "Không bỏ qua bước bắt buộc.",
    "date-order": "Ngày các bước không lùi.",
    "chain-broken": "Mỗi bước ghi mã commit của bước trước; lịch sử không bị viết lại.",
    "regulation-changed": "Quy chế chỉ được sửa ở các bước được phép sửa.",
    "body-changed": "Văn bản ban hành đúng nguyên văn văn bản đã thông qua.",
    "tag-missing": "Văn bản ban hành có thẻ phiên bản theo số văn bản.",
    "tag-moved": "Thẻ phiên bản trỏ đúng commit ban hành.",
    "tag-unsigned": "Thẻ phiên bản được ký số.",
    "signers-changed": "Chỉ người đã được phép ký mới được sửa danh sách khóa được phép ký.",
    "comparison-table": "Từ bước dự thảo, mỗi bước mang đúng bảng so sánh do quyche lập từ văn bản của bước đó.",
}
TABLE_PROBLEMS: dict[str, str] = {
    "missing": "không có bảng so sánh vong/<mã>/bang-so-sanh.docx và tệp ghi nguồn bang-so-sanh.yaml",
    "record": "mang bảng so sánh lập từ văn bản hoặc lý do khác với văn bản, lý do (round.yaml) của chính bước đó",
    "content": "mang bảng so sánh đã bị sửa tay: nội dung khác bảng quyche lập từ văn bản đã ghi",
}


def register(app: typer.Typer) -> None:
    """Add `verify` to the application."""
    app.command("verify")(verify)


def violation_message(v: Any) -> str:
    """The Vietnamese sentence for one violation."""
    facts: dict[str, Any] = {k: ("" if val is None else val) for k, val in v.facts.items()}
    facts["step"] = v.step or "?"
    for key in ("paths", "missing", "allowed"):
        if isinstance(facts.get(key), list):
            facts[key] = ", ".join(f"`{x}`" for x in facts[key])
    facts.setdefault("missing", "")
    facts["date"] = f" (ngày `{facts['date']}`)" if v.rule == "bad-trailers" and facts.get("date") else ""
    facts["order_text"] = "bước này đã được ghi trước đó" if facts.get("repeated") else "sai thứ tự quy trình"
    facts["problem_text"] = TABLE_PROBLEMS.get(str(facts.get("problem", "")), "")
    for key in ("expected", "found"):
        if isinstance(facts.get(key), str):
            facts[key] = facts[key][:10]
    facts["expected_short"] = str(v.facts.get("expected", ""))[:10]
    annotated = v.facts.get("annotated", True)
    in_history = v.facts.get("in_history", True)
    facts["annotated_text"] = (
        " (thẻ không phải loại có chú thích và chữ ký)" if not annotated
        else "" if in_history else " (commit thẻ trỏ tới không còn trong lịch sử)"
    )
    if v.rule == "regulation-changed":
        if v.facts.get("reason") == "not-a-step":
            facts["where"], facts["who"] = f"commit \"{v.facts.get('subject', '')}\" (không phải một bước)", "commit ngoài các bước"
        else:
            facts["where"], facts["who"] = f"bước `{v.step}`", "bước này"

    class _Missing(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return "?"

    return RULE_TEXT.get(v.rule, v.rule).format_map(_Missing(facts))


def _sarif_uri(v: Any, default: str) -> str:
    """The file a code-scanning view shows the violation on (the commit is in the message)."""
    paths = v.facts.get("paths")
    if isinstance(paths, list) and paths:
        return str(paths[0])
    if v.rule == "signers-changed":
        return ".quyche/allowed_signers"
    if v.rule.startswith("tag-"):
        return default
    return f"vong/{v.round_id}/round.yaml" if v.round_id else default


def _sarif(result: Any, default_uri: str, root: Path) -> dict[str, Any]:
    from urllib.parse import quote

    from quyche import PROJECT_URL, __version__
    from quyche.render.findings.as_sarif import SARIF_SCHEMA, SRCROOT, base_uri_ids, repository_root

    help_uri = f"{PROJECT_URL}/blob/main/docs/round.md#" + quote("quyche-verify-chạy-trong-ci")
    rules = [{"id": r, "name": r, "shortDescription": {"text": RULE_HELP[r]}, "helpUri": help_uri}
             for r in RULE_TEXT]
    results = []
    for v in result.violations:
        uri = quote(_sarif_uri(v, default_uri), safe="/")  # repository-relative, percent-encoded
        results.append({
            "ruleId": v.rule,
            "level": "error",
            "message": {"text": f"{v.commit[:10]}: {violation_message(v)}"},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri, "uriBaseId": SRCROOT},
                                                "region": {"startLine": 1}}}],
            "partialFingerprints": {"commit": v.commit, "rule": v.rule},
            "properties": {"commit": v.commit, "round": v.round_id or None, "step": v.step or None},
        })
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "quyche verify", "informationUri": PROJECT_URL,
                                      "version": __version__, "rules": rules}},
                  "originalUriBaseIds": base_uri_ids(repository_root(root)),
                  "results": results}],
    }


def verify(
    fmt: str = typer.Option("text", "--format", help="text, json hoặc sarif."),
    allowed_signers: Path | None = typer.Option(None, "--allowed-signers", help="Tệp khóa được phép ký (mặc định .quyche/allowed_signers của kho)."),  # noqa: B008
    no_cache: bool = typer.Option(False, "--no-cache", help="Không dùng bộ nhớ đệm kết quả kiểm tra chữ ký."),
    rev: str = typer.Option("HEAD", "--rev", help="Kiểm tra lịch sử đến phiên bản này."),
) -> None:
    """Kiểm tra toàn bộ lịch sử: mọi bước đúng thứ tự, đủ chữ ký số hợp lệ, quy chế chỉ sửa ở bước được phép."""
    from quyche.cli.console import out

    if fmt not in ("text", "json", "sarif"):
        raise fail(f"--format `{fmt}` không hợp lệ; chỉ nhận text, json hoặc sarif.")
    with handle_errors():
        from quyche.vcs import resolve_revision
        from quyche.workflow.round import open_workspace
        from quyche.workflow.verify import verify_repository

        ws = open_workspace(Path.cwd())
        if rev != "HEAD":
            resolve_revision(ws.root, rev)
        result = verify_repository(ws, allowed_signers=allowed_signers, use_cache=not no_cache, rev=rev)
    if fmt == "json":
        from quyche.schema import versioned

        out(json.dumps(versioned({
            "ok": result.ok, "commits": result.commits, "steps": result.steps, "rounds": result.rounds,
            "tags": result.tags,
            "issued": [{"round": rid, "template": tpl or None} for rid, tpl in result.issued.items()],
            "violations": [v.as_dict() | {"message": violation_message(v)} for v in result.violations],
        }), ensure_ascii=False, indent=2))
    elif fmt == "sarif":
        default_uri = ws.regulations[0] if ws.regulations else "quyche.yaml"
        out(json.dumps(_sarif(result, default_uri, ws.root), ensure_ascii=False, indent=2))
    else:
        for v in result.violations:
            where = f"vòng {v.round_id}, " if v.round_id else ""
            out(f"{v.commit[:10]}: [{v.rule}] {where}{violation_message(v)}")
        if result.ok:
            out(f"Đã kiểm tra {result.commits} commit, {result.steps} bước của {result.rounds} vòng sửa đổi: "
                "quy trình được tuân thủ.")
        else:
            out(f"Phát hiện {len(result.violations)} vi phạm quy trình trong {result.commits} commit "
                f"({result.steps} bước, {result.rounds} vòng).")
    if not result.ok:
        raise typer.Exit(int(ExitCode.FINDINGS))
