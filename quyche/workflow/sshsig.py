"""In-process verification of SSH commit signatures (the SSHSIG format, namespace "git").

Why: `git log --show-signature` starts `ssh-keygen -Y verify` once per commit (~10 ms each);
`quyche verify` on a long history checks hundreds of step commits, so it reads the raw commit
objects once and verifies them here with `cryptography`. git's own verdict (`%G?`,
`git verify-commit`) stays the reference in the tests, and the path for GPG signatures.

What it mirrors from git + ssh-keygen: the signed data is the commit object without its
`gpgsig` header; the SSHSIG blob must carry namespace "git" and hash sha512 or sha256; the key
must appear in the allowed-signers file (principals, `namespaces="…"`, `valid-after`,
`valid-before` checked against the committer time, as git passes it). Not supported here (the
caller falls back to git): `cert-authority` lines, security-key (sk-*) and DSA keys.
"""

from __future__ import annotations

import base64
import datetime as dt
import fnmatch
import hashlib
import struct
from dataclasses import dataclass, field
from typing import Final, Literal

MAGIC: Final = b"SSHSIG"
ARMOR_BEGIN: Final = b"-----BEGIN SSH SIGNATURE-----"
ARMOR_END: Final = b"-----END SSH SIGNATURE-----"
SUPPORTED_KEYS: Final = frozenset(
    {"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"}
)

Status = Literal["G", "U", "B", "N", "E"]
"""As git's %G?: Good, good signature from an Unknown key, Bad, No signature, Error (cannot check)."""


class SshsigError(ValueError):
    """The signature blob is malformed."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The result of checking one commit."""

    status: Status
    principal: str = ""
    """The first principal of the allowed-signers line that matched ("" when none)."""
    fingerprint: str = ""
    """SHA256:… of the signing key, as ssh-keygen prints it."""
    principals: tuple[str, ...] = ()
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AllowedSigner:
    """One line of an allowed_signers file."""

    principals: tuple[str, ...]
    key_type: str
    key_blob: bytes
    namespaces: tuple[str, ...] | None = None
    valid_after: dt.datetime | None = None
    valid_before: dt.datetime | None = None
    cert_authority: bool = False
    line: int = 0


@dataclass(slots=True)
class AllowedSigners:
    """The parsed allowed_signers file, indexed by key blob."""

    signers: list[AllowedSigner] = field(default_factory=list)
    by_key: dict[bytes, list[AllowedSigner]] = field(default_factory=dict)
    has_cert_authority: bool = False

    def add(self, signer: AllowedSigner) -> None:
        """Index one line."""
        self.signers.append(signer)
        if signer.cert_authority:
            self.has_cert_authority = True
        self.by_key.setdefault(signer.key_blob, []).append(signer)


# --- wire format ---------------------------------------------------------------------------
class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise SshsigError("truncated")
        out = self.data[self.pos : self.pos + n]
        self.pos += n
        return out

    def uint32(self) -> int:
        value: int = struct.unpack(">I", self.take(4))[0]
        return value

    def string(self) -> bytes:
        return self.take(self.uint32())

    def mpint(self) -> int:
        return int.from_bytes(self.string(), "big", signed=True)

    def done(self) -> bool:
        return self.pos == len(self.data)


def _ssh_string(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def fingerprint(key_blob: bytes) -> str:
    """SHA256:base64 fingerprint of a public key blob (as `ssh-keygen -l`)."""
    digest = base64.b64encode(hashlib.sha256(key_blob).digest()).decode().rstrip("=")
    return f"SHA256:{digest}"


# --- allowed_signers -----------------------------------------------------------------------
def _parse_time(text: str) -> dt.datetime | None:
    text = text.strip().strip('"')
    utc = text.endswith(("Z", "z"))
    text = text.rstrip("Zz")
    # by length: strptime alone reads "20261201" as 2026-01-02 00:01 under "%Y%m%d%H%M"
    fmt = {8: "%Y%m%d", 12: "%Y%m%d%H%M", 14: "%Y%m%d%H%M%S"}.get(len(text))
    if fmt is None or not text.isdigit():
        return None
    try:
        stamp = dt.datetime.strptime(text, fmt)
    except ValueError:
        return None
    if utc:
        return stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone()  # ssh-keygen reads times without Z as local time


def _split_options(text: str) -> tuple[list[str], str]:
    """Split `opt1,opt2="a,b" rest` into (options, rest) honouring double quotes."""
    opts: list[str] = []
    cur: list[str] = []
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            opts.append("".join(cur))
            cur = []
            i += 1
            continue
        elif ch in " \t" and not quoted:
            break
        cur.append(ch)
        i += 1
    opts.append("".join(cur))
    return opts, text[i:].strip()


def parse_allowed_signers(text: str) -> AllowedSigners:
    """Parse the allowed_signers format of ssh-keygen(1); unreadable lines are skipped."""
    result = AllowedSigners()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        principals_text, _, rest = line.partition(" ")
        rest = rest.strip()
        options: list[str] = []
        first = rest.split(None, 1)[0] if rest else ""
        if first and first not in SUPPORTED_KEYS and not first.startswith(("ssh-", "ecdsa-", "sk-")):
            options, rest = _split_options(rest)
        parts = rest.split()
        if len(parts) < 2:
            continue
        key_type, key_b64 = parts[0], parts[1]
        try:
            blob = base64.b64decode(key_b64, validate=True)
        except ValueError:
            continue
        namespaces: tuple[str, ...] | None = None
        after = before = None
        cert = False
        for opt in options:
            name, _, value = opt.partition("=")
            name = name.strip().lower()
            value = value.strip().strip('"')
            if name == "namespaces":
                namespaces = tuple(v.strip() for v in value.split(",") if v.strip())
            elif name == "valid-after":
                after = _parse_time(value)
            elif name == "valid-before":
                before = _parse_time(value)
            elif name == "cert-authority":
                cert = True
        principals = tuple(p for p in principals_text.strip('"').split(",") if p)
        result.add(AllowedSigner(principals, key_type, blob, namespaces, after, before, cert, number))
    return result


def principal_matches(principal: str, patterns: list[str] | tuple[str, ...]) -> bool:
    """Whether a principal matches any of the patterns (ssh-style `*` and `?` wildcards)."""
    return any(fnmatch.fnmatchcase(principal, p) for p in patterns)


# --- commit objects ------------------------------------------------------------------------
def split_commit_signature(raw: bytes) -> tuple[bytes, bytes | None]:
    """(the commit object without its gpgsig header, the armored signature or None)."""
    header_end = raw.find(b"\n\n")
    if header_end < 0:
        header_end = len(raw)
    head = raw[:header_end].split(b"\n")
    kept: list[bytes] = []
    sig: list[bytes] = []
    in_sig = False
    for line in head:
        if line.startswith(b"gpgsig ") and not sig:
            in_sig = True
            sig.append(line[len(b"gpgsig ") :])
            continue
        if in_sig and line.startswith(b" "):
            sig.append(line[1:])
            continue
        in_sig = False
        kept.append(line)
    payload = b"\n".join(kept) + raw[header_end:]
    return payload, (b"\n".join(sig) + b"\n") if sig else None


def committer_time(raw: bytes) -> dt.datetime | None:
    """The committer timestamp of a raw commit object."""
    for line in raw.split(b"\n\n", 1)[0].split(b"\n"):
        if line.startswith(b"committer "):
            try:
                stamp = int(line.rsplit(b" ", 2)[-2])
            except (ValueError, IndexError):
                return None
            return dt.datetime.fromtimestamp(stamp, dt.UTC)
    return None


# --- SSHSIG --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SshSignature:
    """A decoded SSHSIG blob."""

    public_key: bytes
    namespace: str
    hash_algorithm: str
    signature: bytes


def decode_armored(armored: bytes) -> SshSignature:
    """Decode `-----BEGIN SSH SIGNATURE-----` … into its fields."""
    text = armored.strip()
    if not text.startswith(ARMOR_BEGIN) or not text.endswith(ARMOR_END):
        raise SshsigError("not an SSH signature")
    body = b"".join(text[len(ARMOR_BEGIN) : -len(ARMOR_END)].split())
    try:
        blob = base64.b64decode(body, validate=True)
    except ValueError:
        raise SshsigError("bad base64") from None
    r = _Reader(blob)
    if r.take(6) != MAGIC:
        raise SshsigError("bad magic")
    if r.uint32() != 1:
        raise SshsigError("unsupported version")
    public_key = r.string()
    namespace = r.string().decode("utf-8", "replace")
    r.string()  # reserved
    hash_algorithm = r.string().decode("ascii", "replace")
    signature = r.string()
    return SshSignature(public_key, namespace, hash_algorithm, signature)


def _signed_data(sig: SshSignature, message: bytes) -> bytes:
    if sig.hash_algorithm == "sha512":
        digest = hashlib.sha512(message).digest()
    elif sig.hash_algorithm == "sha256":
        digest = hashlib.sha256(message).digest()
    else:
        raise SshsigError("unsupported hash")
    return (
        MAGIC
        + _ssh_string(sig.namespace.encode())
        + _ssh_string(b"")
        + _ssh_string(sig.hash_algorithm.encode())
        + _ssh_string(digest)
    )


def key_type_of(blob: bytes) -> str:
    """The key type name at the start of a public key blob."""
    return _Reader(blob).string().decode("ascii", "replace")


def _check_crypto(key_blob: bytes, signature: bytes, data: bytes) -> bool:
    """Verify the raw SSH signature over `data` with the public key blob; False when bad."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa, utils

    kr = _Reader(key_blob)
    ktype = kr.string().decode("ascii", "replace")
    sr = _Reader(signature)
    stype = sr.string().decode("ascii", "replace")
    sig = sr.string()
    try:
        if ktype == "ssh-ed25519":
            if stype != "ssh-ed25519":
                return False
            ed25519.Ed25519PublicKey.from_public_bytes(kr.string()).verify(sig, data)
            return True
        if ktype == "ssh-rsa":
            algo: hashes.HashAlgorithm
            if stype == "rsa-sha2-512":
                algo = hashes.SHA512()
            elif stype == "rsa-sha2-256":
                algo = hashes.SHA256()
            else:  # plain ssh-rsa (SHA-1) is refused by ssh-keygen for SSHSIG too
                return False
            e = kr.mpint()
            n = kr.mpint()
            rsa.RSAPublicNumbers(e, n).public_key().verify(sig, data, padding.PKCS1v15(), algo)
            return True
        if ktype.startswith("ecdsa-sha2-"):
            if stype != ktype:
                return False
            curve_name = kr.string().decode("ascii", "replace")
            curves: dict[str, tuple[ec.EllipticCurve, hashes.HashAlgorithm]] = {
                "nistp256": (ec.SECP256R1(), hashes.SHA256()),
                "nistp384": (ec.SECP384R1(), hashes.SHA384()),
                "nistp521": (ec.SECP521R1(), hashes.SHA512()),
            }
            if curve_name not in curves:
                return False
            curve, algo = curves[curve_name]
            point = kr.string()
            pub = ec.EllipticCurvePublicKey.from_encoded_point(curve, point)
            inner = _Reader(sig)
            r_val, s_val = inner.mpint(), inner.mpint()
            pub.verify(utils.encode_dss_signature(r_val, s_val), data, ec.ECDSA(algo))
            return True
    except (InvalidSignature, ValueError, SshsigError):
        return False
    return False


def verify_commit(raw: bytes, signers: AllowedSigners, namespace: str = "git") -> Verdict:
    """Check the signature of a raw commit object against the allowed signers, like git does."""
    payload, armored = split_commit_signature(raw)
    if armored is None:
        return Verdict("N")
    when = committer_time(raw)
    return verify_payload(payload, armored, signers, int(when.timestamp()) if when else None, namespace)


def verify_payload(payload: bytes, armored: bytes, signers: AllowedSigners, when_ts: int | None,
                   namespace: str = "git") -> Verdict:
    """Check an armored SSH signature over `payload`; `when_ts` is the time the key must be valid at."""
    if not armored.lstrip().startswith(ARMOR_BEGIN):
        return Verdict("E", reason="not-ssh")
    try:
        sig = decode_armored(armored)
        ktype = key_type_of(sig.public_key)
    except SshsigError as exc:
        return Verdict("B", reason=str(exc))
    fpr = fingerprint(sig.public_key)
    if ktype not in SUPPORTED_KEYS:
        return Verdict("E", fingerprint=fpr, reason="unsupported-key")
    if sig.namespace != namespace:
        return Verdict("B", fingerprint=fpr, reason="namespace")
    try:
        data = _signed_data(sig, payload)
    except SshsigError as exc:
        return Verdict("B", fingerprint=fpr, reason=str(exc))
    if not _check_crypto(sig.public_key, sig.signature, data):
        return Verdict("B", fingerprint=fpr, reason="signature")
    when = dt.datetime.fromtimestamp(when_ts, dt.UTC) if when_ts is not None else None
    for signer in signers.by_key.get(sig.public_key, ()):
        if signer.cert_authority:
            continue
        if signer.namespaces is not None and not any(
            fnmatch.fnmatchcase(namespace, ns) for ns in signer.namespaces
        ):
            continue
        if when is not None:
            if signer.valid_after is not None and when < signer.valid_after:
                continue
            if signer.valid_before is not None and when > signer.valid_before:
                continue
        first = signer.principals[0] if signer.principals else ""
        return Verdict("G", first, fpr, signer.principals)
    if signers.has_cert_authority:
        return Verdict("E", fingerprint=fpr, reason="cert-authority")
    return Verdict("U", fingerprint=fpr, reason="no-principal")


def principal_for_public_key(pubkey_line: str, signers: AllowedSigners) -> tuple[str, ...] | None:
    """Principals listed for an OpenSSH public key line ("ssh-ed25519 AAAA… comment"), or None."""
    parts = pubkey_line.split()
    if len(parts) < 2:
        return None
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError:
        return None
    for signer in signers.by_key.get(blob, ()):
        if not signer.cert_authority:
            return signer.principals
    return None
