"""Signature verdicts for a set of commits: SSH in-process, GPG (and odd SSH keys) through git.

Results for SSH signatures depend only on the commit object and the allowed-signers content,
so they are cached in .git/quyche-verify-cache.json under both keys; GPG verdicts depend on
the keyring and are never cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from pathlib import Path
from typing import Final

from quyche.vcs import run_git
from quyche.workflow.history import read_objects
from quyche.workflow.sshsig import (
    ARMOR_BEGIN,
    AllowedSigners,
    Verdict,
    parse_allowed_signers,
    verify_commit,
)

ALLOWED_SIGNERS: Final = Path(".quyche") / "allowed_signers"
CACHE_NAME: Final = "quyche-verify-cache.json"
CACHE_LISTS: Final = 8
"""Allowed-signers versions whose verdicts the cache keeps (the most recently used)."""
_EMAIL = re.compile(r"<([^<>]+)>\s*$")


class SignatureChecker:
    """Verdicts by commit id for one repository and one allowed-signers file."""

    def __init__(self, root: Path, allowed_signers: Path | None = None, use_cache: bool = True, *,
                 signers_bytes: bytes | None = None) -> None:
        self.root = root
        self.signers_path: Path | None = None
        if signers_bytes is not None:  # a governed version read from a commit
            self.signers_bytes = signers_bytes
        else:
            self.signers_path = allowed_signers or (root / ALLOWED_SIGNERS)
            try:
                self.signers_bytes = self.signers_path.read_bytes()
            except OSError:
                self.signers_bytes = b""
        self.signers: AllowedSigners = parse_allowed_signers(self.signers_bytes.decode("utf-8", "replace"))
        self.key = hashlib.sha256(self.signers_bytes).hexdigest()
        self.use_cache = use_cache
        self._cache: dict[str, list[str]] = {}
        self._dirty = False
        self._cache_path: Path | None = None
        if use_cache:
            self._load_cache()

    # --- cache ------------------------------------------------------------------------
    def _read_cache_file(self) -> dict[str, dict[str, list[str]]]:
        """Verdict tables by allowed-signers digest (one per governed version seen)."""
        if self._cache_path is None:
            return {}
        try:
            data = json.loads(self._cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        lists = data.get("lists") if isinstance(data, dict) else None
        return {k: v for k, v in lists.items() if isinstance(v, dict)} if isinstance(lists, dict) else {}

    def _load_cache(self) -> None:
        proc = run_git(self.root, "rev-parse", "--git-dir", check=False)
        if proc.returncode != 0:
            return
        git_dir = Path(proc.stdout.strip())
        if not git_dir.is_absolute():
            git_dir = self.root / git_dir
        self._cache_path = git_dir / CACHE_NAME
        table = self._read_cache_file().get(self.key, {})
        self._cache = {k: v for k, v in table.items() if isinstance(v, list) and len(v) == 3}

    def save_cache(self) -> None:
        """Write the cache back when it changed (best effort: a read-only checkout is fine)."""
        if not (self.use_cache and self._dirty and self._cache_path):
            return
        from quyche.fsutil import atomic_write_text

        lists = self._read_cache_file()
        lists.pop(self.key, None)
        lists[self.key] = self._cache
        kept = dict(list(lists.items())[-CACHE_LISTS:])
        with contextlib.suppress(OSError):
            atomic_write_text(self._cache_path, json.dumps({"lists": kept}))

    # --- verdicts ---------------------------------------------------------------------
    def verdicts(self, shas: list[str]) -> dict[str, Verdict]:
        """Verdicts for the given commits (cache, then in-process SSH, then git)."""
        out: dict[str, Verdict] = {}
        todo: list[str] = []
        for sha in shas:
            hit = self._cache.get(sha)
            if hit is not None:
                principals = tuple(p for p in hit[1].split(",") if p)
                out[sha] = Verdict(hit[0], principals[0] if principals else "", hit[2], principals)  # type: ignore[arg-type]
            else:
                todo.append(sha)
        fallback: list[str] = []
        for sha, raw in read_objects(self.root, todo).items():
            verdict = verify_commit(raw, self.signers)
            if verdict.status == "E":
                fallback.append(sha)
                continue
            out[sha] = verdict
            self._cache[sha] = [verdict.status, ",".join(verdict.principals), verdict.fingerprint]
            self._dirty = True
        if fallback:
            out.update(self._git_verdicts(fallback))
        for sha in shas:
            out.setdefault(sha, Verdict("E", reason="missing"))
        return out

    def _git_verdicts(self, shas: list[str]) -> dict[str, Verdict]:
        """git's own %G? for GPG signatures and SSH keys sshsig.py does not handle."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="quyche-signers-") as tmp:
            path = Path(tmp) / "allowed_signers"  # never the user's own list: only this one counts
            path.write_bytes(self.signers_bytes)
            proc = run_git(self.root, "-c", f"gpg.ssh.allowedSignersFile={path}", "log", "--no-walk=unsorted", "--format=%H%x1f%G?%x1f%GK%x1f%GS",
                           *shas, check=False)
        out: dict[str, Verdict] = {}
        for line in proc.stdout.splitlines():
            parts = line.split("\x1f")
            if len(parts) < 4:
                continue
            sha, status, key, signer = parts[:4]
            if status not in ("G", "U", "B", "N"):
                status = "E" if status != "X" and status != "Y" else "U"
            m = _EMAIL.search(signer)
            principal = m.group(1) if m else signer
            good = status == "G"
            out[sha] = Verdict(status, principal if good else "", key,  # type: ignore[arg-type]
                               (principal,) if good and principal else ())
        return out


def tag_signature_status(root: Path, raw_tag: bytes, signers: AllowedSigners, name: str) -> Verdict:
    """Verdict on an annotated tag's signature (SSH in-process, otherwise `git verify-tag`)."""
    from quyche.workflow.sshsig import verify_payload

    pos = raw_tag.find(ARMOR_BEGIN)
    if pos >= 0:
        return verify_payload(raw_tag[:pos], raw_tag[pos:], signers, _tagger_time(raw_tag))
    if b"-----BEGIN PGP SIGNATURE-----" not in raw_tag:
        return Verdict("N")
    proc = run_git(root, "verify-tag", "--raw", name, check=False)
    return Verdict("G" if proc.returncode == 0 else "B")


def _tagger_time(raw: bytes) -> int | None:
    for line in raw.split(b"\n\n", 1)[0].split(b"\n"):
        if line.startswith(b"tagger "):
            with contextlib.suppress(ValueError, IndexError):
                return int(line.rsplit(b" ", 2)[-2])
    return None
