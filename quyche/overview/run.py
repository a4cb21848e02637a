"""Collect every unit's status, in worker processes, each unit cached by its commit."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from quyche.overview.status import UnitStatus, collect
from quyche.overview.units import UnitSpec

PARALLEL_MIN_UNITS = 4
"""A unit costs tens of milliseconds of git and parsing; from a handful on, workers pay off."""


def _one(args: tuple[UnitSpec, str | None, str]) -> UnitStatus:
    spec, cache, version = args
    return collect(spec, Path(cache) if cache else None, version)


def run_overview(units: Sequence[UnitSpec], *, cache: Path | None, jobs: int | None = None) -> list[UnitStatus]:
    """Statuses in the order of `units`. `cache`: folder for fetched clones and per-unit entries
    (None: nothing cached, URLs not fetchable)."""
    from quyche.check.cache import code_version

    version = code_version()
    tasks = [(u, str(cache) if cache else None, version) for u in units]
    if jobs is None:
        jobs = os.cpu_count() or 1
    if jobs > 1 and len(units) >= PARALLEL_MIN_UNITS:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(_one, tasks, chunksize=max(1, min(16, len(tasks) // (jobs * 8)))))
    return [_one(t) for t in tasks]
