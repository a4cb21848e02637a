"""Shared by the bench/*.py scripts: machine facts, medians, and their sections of bench/RESULTS.md.

Each script owns one `## <area>` section (write_section), whose `### …` subsections (notes
added by hand or by other scripts) survive a rewrite; bench_parse.py and bench_startup.py share
`## core`, each keeping its own `### …` subsection up to date (write_subsection)."""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
ROOT = Path(__file__).resolve().parents[1]
SECTION = "## core"


def cpu_model(default: str = "?") -> str:
    """The CPU's model name from /proc/cpuinfo (`default` where there is none)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return default


def machine() -> str:
    """`nproc`, Python version, CPU model: what a figure means depends on them."""
    cpu = cpu_model("unknown CPU")
    try:
        load = "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        load = "load average unknown"
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()} ({sys.executable}), "
            f"{platform.system()} {platform.release()}, {load}")


def median(values: list[float]) -> float:
    return statistics.median(values)


def git_head() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_subsection(title: str, body: str) -> None:
    """Replace (or add) `### title` inside `## core` of RESULTS.md, leaving other sections alone."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    stamp = f"_{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {git_head()}_\n\n"
    block = f"### {title}\n\n{stamp}{body.rstrip()}\n"
    section_re = re.compile(rf"^{re.escape(SECTION)}\n(.*?)(?=^## |\Z)", re.S | re.M)
    found = section_re.search(text)
    if not found:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n{block}"
    else:
        inner = found.group(1)
        sub_re = re.compile(rf"^### {re.escape(title)}\n.*?(?=^### |\Z)", re.S | re.M)
        inner = sub_re.sub(lambda _m: block + "\n", inner) if sub_re.search(inner) else (
            inner.rstrip("\n") + "\n\n" + block + "\n")
        text = text[: found.start(1)] + "\n" + inner.lstrip("\n") + text[found.end(1):]
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def write_section(heading: str, body: str) -> None:
    """Replace (or add at the end) the `heading` section of RESULTS.md, leaving the others alone.

    The section's `### …` subsections stay (other scripts and sessions keep their figures
    there), after the new body; one the body itself brings replaces the old one of that title."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    section = f"{heading}\n\n{body.strip()}\n"
    found = re.search(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", text, re.S | re.M)
    if found:
        brought = set(re.findall(r"^### (.+)$", body, re.M))
        kept = [m.group(0).rstrip("\n") for m in re.finditer(r"^### (.+)\n.*?(?=^### |\Z)", found.group(0), re.S | re.M)
                if m.group(1) not in brought]
        if kept:
            section += "\n" + "\n\n".join(kept) + "\n"
        rest = text[found.end():]
        text = text[: found.start()] + section + ("\n" + rest if rest else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


@dataclass(slots=True)
class Runs:
    """Wall and CPU seconds (user + sys of the command and its children) of each run."""

    walls: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)


def timed_runs(cmd: list[str], runs: int, *, env: dict[str, str], cwd: Path | None = None,
               ok: tuple[int, ...] = (0,)) -> Runs:
    """Run `cmd` `runs` times in fresh processes; stop the bench when it exits with a code not in `ok`.

    The machine is shared, so CPU time tells what the command itself costs; wall time also shows
    how busy the machine was.
    """
    import resource

    out = Runs()
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
        out.walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if proc.returncode not in ok:
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout[-500:]}\n{proc.stderr[-2000:]}")
    return out


def isolated_git_env(home: Path) -> dict[str, str]:
    """The environment of a bench subprocess: a throwaway HOME and git identity, no inherited GIT_*."""
    gitconfig = home / ".gitconfig"
    gitconfig.write_text("[user]\n\tname = Bench\n\temail = bench@example.vn\n[commit]\n\tgpgsign = false\n",
                         encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update({"HOME": str(home), "GIT_CONFIG_GLOBAL": str(gitconfig), "GIT_CONFIG_NOSYSTEM": "1",
                "PYTHONPATH": str(ROOT)})
    return env
