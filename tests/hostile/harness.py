"""Run the real CLI in a child process under memory and CPU limits.

A hostile file that makes quyche hang or allocate gigabytes must fail a test, not the CI
machine: RLIMIT_AS caps the child's address space, RLIMIT_CPU its CPU seconds, and a wall
clock timeout backs both up. A child killed by a limit is reported as such.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MEMORY_LIMIT = 1536 * 1024 * 1024
"""Address space a child may use: real work needs < 300 MB; Python and lxml map ~250 MB."""
CPU_SECONDS = 60
"""CPU a child may use: every hostile file is answered in a few seconds on a slow machine."""


@dataclass(frozen=True)
class Outcome:
    """What the child did."""

    code: int
    stdout: str
    stderr: str
    killed_by: str | None = None
    """"memory" / "cpu" / "time" when a limit stopped the child."""


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))


def run_limited(args: list[str], cwd: Path, *, timeout: float = 2 * CPU_SECONDS) -> Outcome:
    """`quyche ARGS` in `cwd` under the limits."""
    env = {**os.environ, "QUYCHE_NO_COLOR": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("QUYCHE_DEBUG", None)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", "from quyche.cli import main; main()", *args],
            cwd=cwd, env=env, capture_output=True, timeout=timeout, preexec_fn=_limits, check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(-1, "", "", killed_by="time")
    stdout = proc.stdout.decode("utf-8", "replace")
    stderr = proc.stderr.decode("utf-8", "replace")
    killed = None
    if proc.returncode == -9 or proc.returncode == -24 or "MemoryError" in stderr:
        killed = "cpu" if proc.returncode in (-9, -24) else "memory"
    if proc.returncode < 0 and killed is None:
        killed = f"signal {-proc.returncode}"
    return Outcome(proc.returncode, stdout, stderr, killed)


def assert_one_line(outcome: Outcome, allowed: tuple[int, ...] = (0, 1, 2)) -> None:
    """The CLI answered within its limits, with an allowed code and no traceback."""
    assert outcome.killed_by is None, f"stopped by a limit: {outcome.killed_by}"
    assert outcome.code in allowed, (outcome.code, outcome.stderr[-2000:])
    assert "Traceback" not in outcome.stderr, outcome.stderr[-2000:]
    assert "Lỗi nội bộ" not in outcome.stderr, outcome.stderr[-2000:]
    if outcome.code == 2:
        assert len(outcome.stderr.strip().splitlines()) == 1, outcome.stderr[-2000:]
