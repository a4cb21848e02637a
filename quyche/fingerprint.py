"""A fingerprint of quyche's own code: what caches of its results (findings, quyche.yaml's
data, an overview's units) are keyed by besides their inputs."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from typing import Any


@functools.cache
def code_version() -> str:
    """quyche's version plus a fingerprint of its files, so a rule edited in a development
    checkout invalidates a cache as a release would. Computed once per process.

    An installed release (under site-packages) is fingerprinted by its `__init__.py` alone
    (a reinstall rewrites it); a development checkout by the size and mtime of every source
    and data file, listed with os.scandir (~160 files, about a millisecond)."""
    import quyche

    root = os.path.dirname(os.path.abspath(quyche.__file__))
    h = hashlib.sha256(quyche.__version__.encode())
    parts = root.split(os.sep)
    if "site-packages" in parts or "dist-packages" in parts:
        with contextlib.suppress(OSError):
            st = os.stat(os.path.join(root, "__init__.py"))
            h.update(f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}".encode())
    else:
        _fingerprint_tree(root, "", h)
    return f"{quyche.__version__}+{h.hexdigest()[:16]}"


def _fingerprint_tree(folder: str, rel: str, h: Any) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name == "__pycache__" or entry.name.startswith("."):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                _fingerprint_tree(entry.path, f"{rel}{entry.name}/", h)
            elif entry.name.endswith((".py", ".json", ".yaml", ".md", ".jinja", ".txt")):
                st = entry.stat()
                h.update(f"{rel}{entry.name}:{st.st_size}:{st.st_mtime_ns};".encode())
