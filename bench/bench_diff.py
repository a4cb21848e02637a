"""Speed of `quyche diff` on the 517-article Bộ luật Tố tụng dân sự (shared/corpus LARGE).

The draft is made deterministically from the real text: 40 articles edited (words replaced,
inserted and deleted), 5 new articles inserted, 3 articles removed, and every article
renumbered the way a real draft is. Measured in the same run:

- `quyche diff OLD NEW` (terminal, plain markers) and `quyche diff OLD NEW --docx`, whole
  commands in a fresh process (start-up included), median of 5, and their peak memory;
- the baselines `git diff --no-index --word-diff` and the `redlines` package (word-level,
  installed into a throwaway folder for this run only, never a dependency of quyche);
- alignment alone at n and 2n articles, for the typical draft and for a draft where every
  article is edited, to show it stays near-linear.

Second part (issue 17), the real pair PAIR3 of shared/corpus (Luật Bảo hiểm xã hội 2014 → 2024,
169 table rows): `quyche diff --docx` against the same-run baseline `quyche diff --format json`,
whole commands taking turns, and the CPU of each stage in-process with parsing excluded.

Run: `python bench/bench_diff.py` (add `--write` to write the figures into bench/RESULTS.md,
`--pair3` for the second part only, `--no-redlines` to skip that baseline).
"""

from __future__ import annotations

import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import cpu_model, timed_runs, write_section

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
if not CORPUS.is_dir():
    CORPUS = Path(os.environ.get("QUYCHE_CORPUS", "/work/shared/corpus"))
LARGE = next(CORPUS.glob("LARGE__*.txt"))
PAIR3 = (next(CORPUS.glob("PAIR3_old__*.txt")), next(CORPUS.glob("PAIR3_new__*.txt")))
PAIR3_SECTION = "## diff --docx on PAIR3 (issue 17's table item)"
HEADING = re.compile(r"^Điều (\d+)\. ")
RUNS = 5

NEW_ARTICLES = [
    "Ứng dụng công nghệ thông tin trong tố tụng dân sự\n1. Tòa án ứng dụng công nghệ thông tin trong việc "
    "nhận đơn, tống đạt văn bản tố tụng và công bố bản án theo quy định của pháp luật.\n2. Văn bản điện tử "
    "có giá trị như văn bản giấy khi đáp ứng các điều kiện về chữ ký số.",
    "Phiên tòa trực tuyến\nTòa án có thể tổ chức phiên tòa trực tuyến khi các đương sự đồng ý và bảo đảm "
    "điều kiện kỹ thuật, an toàn thông tin, bí mật của vụ án.",
    "Hòa giải tại Tòa án trước khi thụ lý\n1. Trước khi thụ lý, Tòa án chuyển đơn khởi kiện đến Hòa giải "
    "viên nếu người khởi kiện không phản đối.\n2. Thời hạn hòa giải không quá 20 ngày.",
    "Hỗ trợ người khuyết tật tham gia tố tụng\nTòa án bố trí người phiên dịch ngôn ngữ ký hiệu và các "
    "phương tiện hỗ trợ phù hợp cho người khuyết tật tham gia tố tụng.",
    "Lưu trữ hồ sơ vụ việc dân sự điện tử\nHồ sơ vụ việc dân sự được số hóa và lưu trữ điện tử theo quy "
    "định của Chánh án Tòa án nhân dân tối cao.",
]


def make_draft(text: str, *, edits: int = 40, inserts: int = 5, removals: int = 3, seed: int = 2026,
               edit_all: bool = False, edit_titles: bool = False) -> str:
    """The draft: edited, inserted, removed, renumbered articles (deterministic)."""
    rng = random.Random(seed)
    lines = text.split("\n")
    starts = [k for k, line in enumerate(lines) if HEADING.match(line)]
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    head, body = lines[: starts[0]], [lines[a:b] for a, b in bounds]
    # the closing lines after the last article stay where they are
    tail_at = next((k for k in range(1, len(body[-1])) if body[-1][k].startswith("Luật này") or
                    "thông qua" in body[-1][k]), len(body[-1]))
    tail = body[-1][tail_at:]
    body[-1] = body[-1][:tail_at]
    n = len(body)
    candidates = list(range(1, n - 1))
    edited = set(candidates if edit_all else rng.sample(candidates, edits))
    removed = set(rng.sample(sorted(set(candidates) - edited), removals)) if not edit_all else set()
    insert_after = set(rng.sample(sorted(set(candidates) - removed), inserts)) if not edit_all else set()
    out_blocks: list[list[str]] = []
    new_index = 0
    for k, block in enumerate(body):
        if k in removed:
            continue
        block = list(block)
        if k in edited:
            block = [_edit_line(line, rng) if i else line for i, line in enumerate(block)]
        if edit_titles and k in edited:
            block[0] = block[0] + " (sửa đổi)"
        out_blocks.append(block)
        if k in insert_after:
            extra = NEW_ARTICLES[new_index % len(NEW_ARTICLES)].split("\n")
            new_index += 1
            out_blocks.append([f"Điều 0. {extra[0]}", *extra[1:]])
    number = 0
    for block in out_blocks:
        number += 1
        block[0] = HEADING.sub(f"Điều {number}. ", block[0], count=1)
    return "\n".join(head + [line for block in out_blocks for line in block] + tail)


def _edit_line(line: str, rng: random.Random) -> str:
    words = line.split(" ")
    if len(words) < 6:
        return line
    k = rng.randrange(2, len(words) - 2)
    choice = rng.randrange(3)
    if choice == 0:
        words[k] = "theo quy định"
    elif choice == 1:
        words.insert(k, "kịp thời, đầy đủ")
    else:
        del words[k]
    return " ".join(words)


def _median_time(fn: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _quyche(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Median wall time and median CPU time (user + sys) of the whole command, and its peak RSS
    in MB. CPU time is what the command costs; wall time also shows how busy the machine is."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QUYCHE_NO_COLOR="1")
    probe = ("import resource, runpy, sys; sys.argv = ['quyche', *sys.argv[1:]]\n"
             "try:\n    runpy.run_module('quyche', run_name='__main__')\n"
             "except SystemExit:\n    pass\n"
             "sys.stderr.write('MAXRSS %d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    proc = subprocess.run([sys.executable, "-c", probe, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=False)
    if "MAXRSS" not in proc.stderr or proc.returncode not in (0, 1):
        raise SystemExit(f"quyche {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    rss_kb = int(proc.stderr.rsplit("MAXRSS", 1)[1].split()[0])
    done = timed_runs([sys.executable, "-m", "quyche", *args], RUNS, env=env, cwd=cwd)
    return statistics.median(done.walls), statistics.median(done.cpus), rss_kb / 1024


def _redlines(old: str, new: str) -> str:
    """Time `redlines` in a subprocess, installing it into a throwaway folder if needed."""
    target = Path(tempfile.gettempdir()) / "quyche-bench-redlines"
    if not (target / "redlines").is_dir():
        proc = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), "redlines"],
                              capture_output=True, text=True, check=False, timeout=300)
        if proc.returncode != 0:
            return f"not installable here ({(proc.stderr.strip().splitlines() or ['?'])[-1]})"
    code = ("import sys, time; sys.path.insert(0, sys.argv[1]); from redlines import Redlines\n"
            "a = open(sys.argv[2], encoding='utf-8').read(); b = open(sys.argv[3], encoding='utf-8').read()\n"
            "t = time.perf_counter(); out = Redlines(a, b, markdown_style='none').output_markdown\n"
            "print(f'{time.perf_counter() - t:.2f}')")
    proc = subprocess.run([sys.executable, "-c", code, str(target), old, new], capture_output=True, text=True,
                          check=False, timeout=900)
    if proc.returncode != 0:
        return f"failed ({(proc.stderr.strip().splitlines() or ['?'])[-1]})"
    return f"{float(proc.stdout.strip()):.2f} s (1 run, diff only, in-process)"


def _align_time(old_text: str, new_text: str) -> tuple[float, int, int]:
    """CPU seconds of align() (median of 7), the number of old articles, and their words."""
    from quyche.diff.align import align, article_infos
    from quyche.parse import parse_text

    old = article_infos(parse_text(old_text))
    new = article_infos(parse_text(new_text))
    times = []
    for _ in range(7):
        t = time.process_time()
        align(old, new)
        times.append(time.process_time() - t)
    return statistics.median(times), len(old), sum(len(a.words) for a in old)


def _first_part(text: str, share: float) -> str:
    """The text cut after the first `share` of its articles.

    (Doubling the text by repeating it would change what it is made of: every word pair would
    occur twice as often. Parts of the same code keep the kind of text.)
    """
    lines = text.split("\n")
    starts = [k for k, line in enumerate(lines) if HEADING.match(line)]
    return "\n".join(lines[: starts[int(len(starts) * share)]]) if share < 1 else text


def large() -> None:
    text = LARGE.read_text(encoding="utf-8")
    draft = make_draft(text)
    work = Path(tempfile.mkdtemp(prefix="quyche-bench-diff-"))
    old_path, new_path = work / "hien-hanh.txt", work / "du-thao.txt"
    old_path.write_text(text, encoding="utf-8")
    new_path.write_text(draft, encoding="utf-8")

    rows: list[tuple[str, str, str, str]] = []
    term, term_cpu, term_mb = _quyche(["diff", old_path.name, new_path.name], work)
    rows.append(("quyche diff (terminal, whole command)", f"{term:.2f} s", f"{term_cpu:.2f} s", f"{term_mb:.0f} MB"))
    docx_args = ["diff", old_path.name, new_path.name, "--docx", "-o", "bang.docx", "--force"]
    docx_t, docx_cpu, docx_mb = _quyche(docx_args, work)
    rows.append(("quyche diff --docx (whole command)", f"{docx_t:.2f} s", f"{docx_cpu:.2f} s", f"{docx_mb:.0f} MB"))

    git_t = _median_time(lambda: subprocess.run(["git", "diff", "--no-index", "--word-diff", str(old_path),
                                                  str(new_path)], capture_output=True, check=False))
    rows.append(("baseline: git diff --no-index --word-diff", f"{git_t:.2f} s", "-", "-"))
    if "--no-redlines" not in sys.argv:
        rows.append(("baseline: redlines (word level)", _redlines(str(old_path), str(new_path)), "-", "-"))

    # what the summary says about the made-up draft, as a check of the generator and matcher
    from quyche.diff.compare import compare
    from quyche.parse import parse_text

    result = compare(parse_text(text), parse_text(draft))
    s = result.summary

    scaling: list[tuple[str, int, int, float]] = []
    for label, make in (("typical draft", lambda t: make_draft(t)),
                        ("every article edited", lambda t: make_draft(t, edit_all=True)),
                        ("every article and title edited", lambda t: make_draft(t, edit_all=True, edit_titles=True))):
        for share in (0.25, 0.5, 1.0):
            part = _first_part(text, share)
            t, n, w = _align_time(part, make(part))
            scaling.append((label, n, w, t))

    machine = f"{os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}"

    out = [f"Machine: {machine}. Input: {LARGE.name} (517 articles) against a generated draft "
           f"(40 edited, 5 inserted, 3 removed, renumbered) → found: {s.changed} changed, {s.added} added, "
           f"{s.removed} removed, {s.unchanged} unchanged, {s.renumbered} renumbered.", "",
           f"Load average while measuring: {os.getloadavg()[0]:.1f} (other sessions share the machine).", "",
           "| what | wall, median of 5 | CPU (user+sys), median of 5 | peak memory |", "|---|---:|---:|---:|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    out += ["", "Alignment alone (quyche.diff.align.align, parsing excluded; CPU seconds, median of 7) "
            "on the first quarter, half and all of the code:", "",
            "| case | articles | words | CPU seconds | × time / × articles vs the row above |",
            "|---|---:|---:|---:|---:|"]
    for k, (label, n, w, t) in enumerate(scaling):
        growth = ""
        if k % 3:
            _, n0, _, t0 = scaling[k - 1]
            growth = f"{t / t0:.2f} / {n / n0:.2f}"
        out.append(f"| {label} | {n} | {w} | {t:.3f} | {growth} |")
    out += ["", "Targets: terminal ≤ 1 s, DOCX ≤ 3 s, peak ≤ 200 MB; alignment time should grow about as "
            "the number of articles does (near-linear).", ""]
    report = "\n".join(out)
    print("## diff\n\n" + report)
    if "--write" in sys.argv:
        write_section("## diff", report)


def _stage_cpu(old_text: str, new_text: str, runs: int = 5) -> dict[str, float]:
    """Median CPU seconds of each stage of `quyche diff`, in this process (imports done once,
    before): parsing both sides, compare, the JSON text, the DOCX table (built and saved)."""
    from quyche.diff.compare import compare
    from quyche.parse import parse_text
    from quyche.render.diffout.json import render_json
    from quyche.render.docx.comparison import build_table, write_comparison_docx

    out = Path(tempfile.mkdtemp(prefix="quyche-bench-pair3-")) / "bang.docx"
    times: dict[str, list[float]] = {"parse (both sides)": [], "compare": [], "JSON text (and the reference changes it shows)": [],
                                   "DOCX table (built and saved)": []}
    for _ in range(runs):
        t0 = time.process_time()
        old, new = parse_text(old_text), parse_text(new_text)
        t1 = time.process_time()
        result = compare(old, new)
        t2 = time.process_time()
        render_json(result)
        t3 = time.process_time()
        write_comparison_docx(build_table(result, [None] * len(result.changes)), out, overwrite=True)
        t4 = time.process_time()
        for name, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


def pair3() -> None:
    """`diff --docx` on PAIR3 against its same-run JSON diff (issue 17: under 1.5 s wall)."""
    work = Path(tempfile.mkdtemp(prefix="quyche-bench-pair3-"))
    old_path, new_path = work / "cu.txt", work / "moi.txt"
    old_path.write_text(PAIR3[0].read_text(encoding="utf-8"), encoding="utf-8")
    new_path.write_text(PAIR3[1].read_text(encoding="utf-8"), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT), QUYCHE_NO_COLOR="1")
    commands = {
        "`--format json` (baseline)": ["diff", old_path.name, new_path.name, "--format", "json", "-o", "kq.json",
                                       "--force"],
        "`--docx`": ["diff", old_path.name, new_path.name, "--docx", "-o", "bang.docx", "--force"],
    }
    walls: dict[str, list[float]] = {k: [] for k in commands}
    cpus: dict[str, list[float]] = {k: [] for k in commands}
    loads = [os.getloadavg()[0]]
    for _ in range(RUNS):  # taking turns, so both see the same load
        for label, args in commands.items():
            done = timed_runs([sys.executable, "-m", "quyche", *args], 1, env=env, cwd=work)
            walls[label] += done.walls
            cpus[label] += done.cpus
        loads.append(os.getloadavg()[0])
    from quyche.diff.compare import compare
    from quyche.parse import parse_text
    from quyche.render.docx.comparison import build_table

    result = compare(parse_text(old_path.read_text(encoding="utf-8")), parse_text(new_path.read_text(encoding="utf-8")))
    rows = sum(1 for r in build_table(result, []).rows if r.kind == "article")
    stages = _stage_cpu(old_path.read_text(encoding="utf-8"), new_path.read_text(encoding="utf-8"))
    machine = f"{os.cpu_count()} CPUs ({cpu_model()}), Python {platform.python_version()}"
    out = [f"Machine: {machine}. Load average (1 min) while measuring: "
           f"{min(loads):.1f}–{max(loads):.1f}. Input: {PAIR3[0].name} → {PAIR3[1].name} "
           f"({rows} table rows).", "",
           f"Whole commands in fresh processes, {RUNS} rounds taking turns (`python bench/bench_diff.py --pair3`):", "",
           "| `quyche diff PAIR3_old PAIR3_new` | wall, median | CPU (user+sys), median | each run, wall |",
           "|---|---:|---:|---|"]
    for label in commands:
        out.append(f"| {label} | {statistics.median(walls[label]):.2f} s | {statistics.median(cpus[label]):.2f} s | "
                   + " / ".join(f"{w:.2f}" for w in walls[label]) + " |")
    docx_over = statistics.median(cpus["`--docx`"]) / statistics.median(cpus["`--format json` (baseline)"])
    out += ["", f"`--docx` costs {docx_over:.2f}× the JSON diff in CPU. Target: `--docx` under 1.5 s wall on a "
            "quiet machine.", "", "Stages in one process (imports done before; CPU seconds, median of 5):", "",
            "| stage | CPU |", "|---|---:|"]
    out += [f"| {name} | {value:.3f} s |" for name, value in stages.items()]
    report = "\n".join(out) + "\n"
    print(PAIR3_SECTION + "\n\n" + report)
    if "--write" in sys.argv:
        write_section(PAIR3_SECTION, report + PAIR3_NOTES)


PAIR3_NOTES = """
What grew with the rows, and what was done (issue 17; every output byte-identical to before:
the .docx of PAIR1, PAIR2, PAIR3 and the LARGE pair, with and without `--by-clause`, and the
JSON, Markdown, HTML and terminal outputs, compared with main's):

- DOCX, ~7,600 runs in 161 article rows and their chapter rows: each run went through python-docx's `add_run` + `run.text`
  (xpath `clear_content`, schema-order insertion of every w:t) and each paragraph through
  `alignment`/`space_after` (get_or_add_pPr, insert in order); each row through `add_row` +
  `cell.width`. Now `render/docx/base.py` `FastRows` deep-copies one row python-docx built, and
  each run is one copy of a finished w:r (w:rPr + w:t) per formatting, each paragraph one copy of a
  finished w:pPr: the table costs ~0.15 s CPU instead of ~0.9 s.
- Diff: the word diff of every changed clause and point was made for every output, but only
  `--docx --by-clause` shows it; the reference changes (check/versions.py) were made for every
  output, but only JSON shows them. Both are now made on first read (`ClauseChange.diff`,
  `DiffResult.references`). The word diff's sides and inline stream are built a change at a
  time from whole stretches of text instead of token by token (same segments; checked on
  400,000 random pairs against the old code), and `one_sided` needs no tokenising at all.
- What stays: difflib's longest-block search on the changed articles (~0.13 s) and the
  article alignment (~0.1 s), which decide what the table shows; start-up imports (typer,
  python-docx), shared with the JSON diff.
"""


def main() -> None:
    if "--pair3" not in sys.argv:
        large()
    pair3()


if __name__ == "__main__":
    main()
