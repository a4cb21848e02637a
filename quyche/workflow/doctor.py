"""`quyche doctor`: is this machine and this repository set up to check, sign and verify?

Each check gives a Finding with a code and facts; the CLI words them (cli/doctor.py). A
`problem` makes doctor exit 1: something a command will fail on (no git, a shallow clone that
`verify` cannot read, a quyche release other than the one quyche.yaml pins). A `warning` is
something to fix before it bites (no signing key yet); a `note` is advice.

With `ci=True` the person's own set-up (git identity, signing key) is not checked: CI only
checks and verifies, it never records a step.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from quyche import __version__
from quyche.config import Config, load_config
from quyche.vcs import run_git

Level = Literal["problem", "warning", "note", "ok"]

_BARE_NAME: Final = re.compile(r"^\s*quyche\s*(\[[^\]]*\])?\s*(?:[=<>!~]=?.*)?$", re.IGNORECASE)
"""A requirement by name only (`quyche==0.1.0`): pip looks the name up on a package index."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One check's outcome: `code` names it, `facts` fill its message."""

    code: str
    level: Level
    facts: dict[str, str] = field(default_factory=dict)


def diagnose(start: Path, *, ci: bool = False) -> list[Finding]:
    """Every check, in the order a person would fix them."""
    found: list[Finding] = []
    git = shutil.which("git")
    if git is None:
        return [Finding("git-missing", "problem")]
    version = run_git(start, "--version", check=False).stdout.strip().removeprefix("git version ")
    found.append(Finding("git", "ok", {"version": version}))
    top = run_git(start, "rev-parse", "--show-toplevel", check=False)
    if top.returncode != 0:
        return [*found, Finding("not-a-repository", "problem", {"path": str(start)})]
    root = Path(top.stdout.strip())
    if run_git(root, "rev-parse", "--is-shallow-repository", check=False).stdout.strip() == "true":
        found.append(Finding("shallow", "problem"))
    config = load_config(root)
    found.extend(_pin_findings(config))
    found.extend(_signers_findings(config))
    if not ci:
        found.extend(_personal_findings(config))
    return found


def _pin_findings(config: Config) -> list[Finding]:
    pin = config.pin
    if pin is None or not pin.version:
        return [Finding("no-pin", "warning", {"installed": __version__})]
    out = []
    if pin.version != __version__:
        out.append(Finding("version-mismatch", "problem", {"pinned": pin.version, "installed": __version__}))
    else:
        out.append(Finding("version", "ok", {"installed": __version__}))
    if not pin.install:
        out.append(Finding("no-install", "warning", {"pinned": pin.version}))
    elif _BARE_NAME.match(pin.install) and not os.environ.get("PIP_INDEX_URL"):
        out.append(Finding("install-by-name", "note", {"install": pin.install}))
    return out


def _rounds_exist(root: Path) -> bool:
    from quyche.workflow.round import ROUNDS_DIR

    folder = root / ROUNDS_DIR
    return folder.is_dir() and any(p.is_dir() for p in folder.iterdir())


def _signers_findings(config: Config) -> list[Finding]:
    from quyche.workflow.signatures import ALLOWED_SIGNERS

    path = config.root / ALLOWED_SIGNERS
    level: Level = "problem" if _rounds_exist(config.root) else "warning"
    if not path.is_file():
        return [Finding("no-allowed-signers", level, {"path": ALLOWED_SIGNERS.as_posix()})]
    from quyche.workflow.sshsig import parse_allowed_signers

    # `quyche new` writes the file with comments only: present, but nobody may sign yet
    if not parse_allowed_signers(path.read_text(encoding="utf-8", errors="replace")).by_key:
        return [Finding("empty-allowed-signers", level, {"path": ALLOWED_SIGNERS.as_posix()})]
    return [Finding("allowed-signers", "ok", {"path": ALLOWED_SIGNERS.as_posix()})]


def _git_config(root: Path, key: str) -> str:
    return run_git(root, "config", "--get", key, check=False).stdout.strip()


def _personal_findings(config: Config) -> list[Finding]:
    root = config.root
    out: list[Finding] = []
    name, email = _git_config(root, "user.name"), _git_config(root, "user.email")
    if not name or not email:
        out.append(Finding("no-identity", "problem"))
    else:
        out.append(Finding("identity", "ok", {"name": name, "email": email}))
    key = _git_config(root, "user.signingkey")
    signing_required = _signing_required(config)
    if not key:
        out.append(Finding("no-signing-key", "problem" if signing_required else "warning"))
        return out
    if (_git_config(root, "gpg.format") or "openpgp") != "ssh":
        out.append(Finding("signing-key", "ok", {"key": key}))
        return out
    path = None if key.startswith("key::") else Path(os.path.expanduser(key))
    if path is not None and not path.is_file():
        out.append(Finding("signing-key-missing", "problem", {"key": key}))
        return out
    out.append(Finding("signing-key", "ok", {"key": key}))
    blob = _public_blob(key, path)
    signers_path = root / ".quyche" / "allowed_signers"
    if blob is not None and signers_path.is_file():
        from quyche.workflow.sshsig import parse_allowed_signers

        signers = parse_allowed_signers(signers_path.read_text(encoding="utf-8", errors="replace"))
        if blob not in signers.by_key:
            out.append(Finding("key-not-allowed", "warning", {"key": key, "email": email}))
    return out


def _signing_required(config: Config) -> bool:
    raw = config.procedure.get("signing", "required") if isinstance(config.procedure, dict) else "required"
    return str(raw).strip().lower() != "optional"


def _public_blob(key: str, path: Path | None) -> bytes | None:
    """The key blob of the SSH public key `user.signingkey` names (a .pub file, a private key
    beside its .pub, or a literal `key::ssh-… AAAA…`); None when it cannot be read."""
    if path is None:
        text = key.removeprefix("key::")
    else:
        pub = path if path.suffix == ".pub" else path.with_name(path.name + ".pub")
        try:
            text = pub.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    parts = text.split()
    if len(parts) < 2:
        return None
    try:
        return base64.b64decode(parts[1], validate=True)
    except ValueError:
        return None
