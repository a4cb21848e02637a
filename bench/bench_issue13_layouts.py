"""Same-run before/after for issue 13 (attached documents, copy blocks, end-of-body checks in
the parser; order-based pairing in diff): CPU seconds, median of 7, in-process.

Run it twice, once with PYTHONPATH pointing at a checkout of the base commit (the baseline),
once on this tree: `PYTHONPATH=/tmp/base python bench/bench_issue13_layouts.py`.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from quyche.diff.compare import compare
from quyche.parse import parse_file

CORPUS = Path(os.environ.get("QUYCHE_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
RUNS = 7


def cpu_median(work: Callable[[], object], runs: int = RUNS) -> float:
    """Median CPU seconds of `work` over `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    large = next(CORPUS.glob("LARGE__*.txt"))
    old, new = (parse_file(next(CORPUS.glob(f"PAIR3_{side}__*.txt"))) for side in ("old", "new"))
    print(f"parse LARGE: {cpu_median(lambda: parse_file(large)):.3f} s")
    print(f"compare PAIR3: {cpu_median(lambda: compare(old, new)):.3f} s")


if __name__ == "__main__":
    main()
