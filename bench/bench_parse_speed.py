"""Parse speed against a base revision, same run, taking turns (issue 17: a cold check ≤ 5× a
plain read-decode-and-scan; the parser was about half of it).

For each set of texts (the 1,000 generated 30-article regulations of bench_check.py, the corpus
texts, the 517-article code), a fresh process per run decodes every file first and then times
`parse_source` of each in CPU time (time.process_time), dropping each model before the next
parse as `check` does (kept, they would make the garbage collector's full passes the cost); the base revision's parser
(`git archive BASE quyche`) and this checkout's take turns, run after run, so a busy moment of
the shared machine slows both alike. Each worker also hashes a full dump of every parsed model
(every dataclass field, spans and markers included, errors with their text): the two parsers must
give identical models, or the bench fails.

Run: python bench/bench_parse_speed.py [--base main] [--files 1000] [--runs 3] [--no-write].
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, machine, write_subsection
from bench_check import make_regulation

CORPUS = Path(os.environ.get("QUYCHE_CORPUS", ROOT.parent / "shared" / "corpus"))
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus")

WORKER = r"""
import dataclasses, hashlib, json, pathlib, sys, time
import quyche
from quyche.parse.document import parse_source
from quyche.parse.source import decode_source

def dump(o):
    if dataclasses.is_dataclass(o) and not isinstance(o, type):
        return [type(o).__name__] + [[f.name, dump(getattr(o, f.name))] for f in dataclasses.fields(o)]
    if isinstance(o, (list, tuple)):
        return [dump(x) for x in o]
    if isinstance(o, dict):
        return [[dump(k), dump(v)] for k, v in o.items()]
    if isinstance(o, (str, int, float, bool, type(None))):
        return o
    return repr(o)

paths = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8").split("\n")
sources = [decode_source(pathlib.Path(p).read_bytes(), pathlib.Path(p)) for p in paths]
cpu = 0.0
digest = hashlib.sha256()
for source in sources:  # each model hashed and dropped before the next parse, as `check` does
    start = time.process_time()
    try:
        model = parse_source(source)
    except Exception as exc:  # an input error is part of the output to compare
        model = exc
    cpu += time.process_time() - start
    shown = dump(model) if not isinstance(model, Exception) else [type(model).__name__, str(model)]
    digest.update(json.dumps(shown, ensure_ascii=False, default=str).encode())
    del model
print(json.dumps({"cpu": cpu, "files": len(sources), "digest": digest.hexdigest(), "package": quyche.__file__}))
"""


def run_worker(code_root: Path, listing: Path) -> dict[str, float | str]:
    env = dict(os.environ, PYTHONPATH=str(code_root))
    out = subprocess.run([sys.executable, "-c", WORKER, str(listing)], capture_output=True, text=True,
                         env=env, check=True, cwd=code_root)
    result = json.loads(out.stdout)
    if not Path(result["package"]).is_relative_to(code_root):  # the installed quyche shadowed PYTHONPATH
        raise SystemExit(f"parsed with {result['package']}, not the code under {code_root}")
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", default="main", help="git revision whose parser is the baseline")
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="quyche-parse-speed-") as tmp_name:
        tmp = Path(tmp_name)
        base_root = tmp / "base"
        base_root.mkdir()
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.base, "quyche"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(base_root)], input=archive, check=True)
        gen = tmp / "gen"
        gen.mkdir()
        rng = random.Random(17)
        for index in range(args.files):
            (gen / f"reg-{index:04d}.md").write_text(make_regulation(rng, index), encoding="utf-8")
        sets = {
            f"{args.files} generated files (bench_check.py)": sorted(gen.glob("*.md")),
            f"corpus, {len(list(CORPUS.glob('*.txt')))} texts": sorted(CORPUS.glob("*.txt")),
            "517-article code (LARGE)": sorted(CORPUS.glob("LARGE__*.txt")),
        }
        rows = []
        identical = True
        for name, paths in sets.items():
            listing = tmp / "listing.txt"
            listing.write_text("\n".join(str(p) for p in paths), encoding="utf-8")
            cpu: dict[str, list[float]] = {"base": [], "new": []}
            digests: dict[str, set[str]] = {"base": set(), "new": set()}
            for _ in range(args.runs):
                for label, root in (("base", base_root), ("new", ROOT)):
                    result = run_worker(root, listing)
                    cpu[label].append(float(result["cpu"]))
                    digests[label].add(str(result["digest"]))
            same = digests["base"] == digests["new"] and len(digests["new"]) == 1
            identical &= same
            per = {k: 1000 * min(v) / len(paths) for k, v in cpu.items()}
            med = {k: 1000 * statistics.median(v) / len(paths) for k, v in cpu.items()}
            rows.append(f"| {name} | {per['base']:.3f} ({med['base']:.3f}) | {per['new']:.3f} ({med['new']:.3f}) "
                        f"| ×{per['base'] / per['new']:.2f} | {'yes' if same else 'NO'} |")
    body = "\n".join([
        f"`parse_source` CPU time per file, best (median) of {args.runs} runs taking turns; base = "
        f"`{args.base}`'s parser; identical = the same hash of a full dump of every model "
        "(every field, spans and markers included).",
        "",
        "| texts | base ms/file | new ms/file | speed-up | identical |",
        "|---|---:|---:|---:|---|",
        *rows,
        "",
        f"Machine: {machine()}.",
    ])
    print(body)
    if not args.no_write:
        write_subsection("parse speed (issue 17)", body)
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
