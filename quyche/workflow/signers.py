"""`quyche signers`: who may sign, kept in .quyche/allowed_signers (and step permissions in quyche.yaml).

Both files are governed (governance.py): these functions only edit the working tree and say
which files changed; the change counts once it is committed signed by a key the list allowed.
A signer is retired with `valid-before`, never deleted, so the steps they signed stay verifiable.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from quyche.errors import SignersError
from quyche.fsutil import atomic_write_text, read_bytes_guarded
from quyche.workflow.governance import CONFIG_FILE, SIGNERS_FILE
from quyche.workflow.round import Workspace
from quyche.workflow.sshsig import (
    SUPPORTED_KEYS,
    fingerprint,
    parse_allowed_signers,
    principal_matches,
)

HEADER: Final = (
    "# Khóa được phép ký các bước của vòng sửa đổi, bổ sung quy chế (định dạng allowed_signers của ssh-keygen).\n"
    "# Thêm khóa bằng lệnh: quyche signers add EMAIL ~/.ssh/quyche.pub\n"
)
_PRINCIPAL = re.compile(r"^[A-Za-z0-9._%+*?-]+@[A-Za-z0-9.*?-]+$")
_VALID_BEFORE = re.compile(r'valid-before="?[0-9Zz]*"?,?')
MAX_KEY_FILE: Final = 64 * 1024
"""A public key file is one line; anything bigger is not one."""


@dataclass(frozen=True, slots=True)
class SignerRow:
    """One line of the allowed-signers list as `signers list` shows it."""

    principals: tuple[str, ...]
    key_type: str
    fingerprint: str
    valid_before: str
    """YYYY-MM-DD the key stops being valid ("" = no end)."""
    steps: tuple[str, ...]
    """Steps this signer may sign (every step whose `signers:` is empty or matches)."""
    line: int


@dataclass(slots=True)
class SignersChange:
    """What a `signers` command changed in the working tree."""

    paths: list[str] = field(default_factory=list)
    principal: str = ""
    detail: str = ""


def _signers_path(ws: Workspace) -> Path:
    return ws.root / SIGNERS_FILE


def _read_text(path: Path) -> str:
    if not path.is_file():
        return ""
    return read_bytes_guarded(path).decode("utf-8", "replace")


def _check_principal(email: str) -> str:
    email = email.strip()
    if not _PRINCIPAL.match(email):
        raise SignersError(None, problem="principal", value=email)
    return email


def read_public_key(path: Path) -> tuple[str, str]:
    """(key type, base64 blob) of an OpenSSH public key file (.pub)."""
    try:
        data = path.read_bytes()[: MAX_KEY_FILE + 1]
    except OSError as exc:
        raise SignersError(path, problem="key", value=exc.strerror or "không đọc được") from None
    text = data.decode("utf-8", "replace").strip()
    parts = text.split()
    if len(data) > MAX_KEY_FILE or len(parts) < 2 or (parts[0] not in SUPPORTED_KEYS and not parts[0].startswith(
            ("ssh-", "ecdsa-", "sk-"))):
        hint = "có vẻ là khóa bí mật, hãy dùng tệp .pub" if "PRIVATE KEY" in text else "không có dạng `ssh-ed25519 AAAA…`"
        raise SignersError(path, problem="key", value=hint)
    if not parse_allowed_signers(f"x@x {parts[0]} {parts[1]}\n").by_key:
        raise SignersError(path, problem="key", value="phần mã base64 của khóa bị hỏng")
    return parts[0], parts[1]


def add_signer(ws: Workspace, email: str, key_file: Path, steps: list[str] | None = None) -> SignersChange:
    """Append `email namespaces="git" KEY` to the list; with `steps`, allow those steps to this signer."""
    principal = _check_principal(email)
    key_type, blob = read_public_key(key_file)
    path = _signers_path(ws)
    text = _read_text(path)
    current = parse_allowed_signers(text)
    for signer in current.by_key.get(base64.b64decode(blob), ()):
        if principal in signer.principals and signer.valid_before is None:
            raise SignersError(key_file, problem="exists", value=principal)
    unknown = [s for s in steps or [] if s not in ws.procedure.by_name]
    if unknown:
        raise SignersError(None, problem="step", value=unknown[0])
    if not text:
        text = HEADER
    elif not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text + f'{principal} namespaces="git" {key_type} {blob}\n')
    change = SignersChange([SIGNERS_FILE], principal)
    if steps:
        _allow_steps(ws, principal, steps)
        change.paths.append(CONFIG_FILE)
    return change


def _allow_steps(ws: Workspace, principal: str, steps: list[str]) -> None:
    """Add `principal` to the `signers:` of each step in quyche.yaml (comments kept).

    A step whose list was empty (anyone in allowed_signers) becomes limited to the names listed.
    """
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()
    yaml.preserve_quotes = True
    path = ws.root / CONFIG_FILE
    data: Any = yaml.load(_read_text(path)) if path.is_file() else None
    if data is None:
        data = CommentedMap()
    procedure = data.setdefault("procedure", CommentedMap())
    if procedure.get("steps") is None:
        procedure["steps"] = [s.name for s in ws.procedure.steps]
    items = procedure["steps"]
    for i, item in enumerate(items):
        name = item if isinstance(item, str) else item.get("name") if isinstance(item, dict) else None
        if name not in steps:
            continue
        if isinstance(item, str):
            item = items[i] = CommentedMap(name=name)
        signers = item.get("signers")
        if signers is None:
            signers = item["signers"] = list(ws.procedure.by_name[name].signers)
        elif isinstance(signers, str):
            signers = item["signers"] = [signers]
        if principal not in signers:
            signers.append(principal)
    out = io.StringIO()
    yaml.dump(data, out)
    atomic_write_text(path, out.getvalue())


def retire_signer(ws: Workspace, email: str, date: str) -> SignersChange:
    """Mark every key of `email` valid only before `date` (the line stays: old steps stay verifiable)."""
    principal = _check_principal(email)
    try:
        day = dt.date.fromisoformat(date.strip())
    except ValueError:
        raise SignersError(None, problem="date", value=date) from None
    path = _signers_path(ws)
    lines = _read_text(path).splitlines(keepends=True)
    stamp = f'valid-before="{day:%Y%m%d}"'
    found = 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        principals, _, rest = line.partition(" ")
        if principal not in principals.strip('"').split(","):
            continue
        found += 1
        rest = rest.strip()
        first = rest.split(None, 1)[0] if rest else ""
        if first in SUPPORTED_KEYS or first.startswith(("ssh-", "ecdsa-", "sk-")):
            rest = f"{stamp} {rest}"
        else:
            options, _, key = rest.partition(" ")
            options = _VALID_BEFORE.sub("", options).strip(",")
            rest = f"{stamp},{options} {key}" if options else f"{stamp} {key}"
        lines[i] = f"{principals} {rest}\n"
    if not found:
        raise SignersError(None, problem="unknown", value=principal)
    atomic_write_text(path, "".join(lines))
    return SignersChange([SIGNERS_FILE], principal, day.isoformat())


def list_signers(ws: Workspace) -> list[SignerRow]:
    """Every key line with what its signer may sign."""
    rows: list[SignerRow] = []
    signers = parse_allowed_signers(_read_text(_signers_path(ws)))
    for signer in signers.signers:
        steps = tuple(step.name for step in ws.procedure.steps
                      if not step.signers or any(principal_matches(p, step.signers) for p in signer.principals))
        before = signer.valid_before.date().isoformat() if signer.valid_before else ""
        rows.append(SignerRow(signer.principals, signer.key_type, fingerprint(signer.key_blob), before, steps,
                              signer.line))
    return rows
