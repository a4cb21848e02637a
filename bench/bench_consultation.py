"""Import 100 opinion files (20 Word comments + 10 tracked changes each) into a round of the
29-article phường template: `quyche round comments import` (target ≤ 5 s in all, ≤ 200 MB).

Same-run baseline: the least any reader must do, open each .docx zip and parse its
document.xml and comments.xml with lxml (no anchoring, no YAML). The repository and the 100
files are generated into a temporary folder (python-docx comments, raw w:del / w:ins).

    python bench/bench_consultation.py [--runs N] [--write]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import isolated_git_env, machine, median, write_section
from bench_scaffold import ANSWERS

ROOT = Path(__file__).resolve().parents[1]
FILES = 100
COMMENTS = 20
CHANGES = 10
MEASURE = (  # a fresh process that runs the command and prints its peak memory (KiB) last
    "import resource, subprocess, sys\n"
    "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
    "sys.stderr.write(p.stdout[-300:] + p.stderr[-2000:]) if p.returncode else None\n"
    "print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)
BASELINE = (
    "import sys, zipfile\nfrom lxml import etree\n"
    "n = 0\n"
    "for name in sys.argv[1:]:\n"
    "    with zipfile.ZipFile(name) as zf:\n"
    "        for part in ('word/document.xml', 'word/comments.xml'):\n"
    "            n += sum(1 for _ in etree.fromstring(zf.read(part)).iter())\n"
    "print(n)\n"
)


def _repo(work: Path, env: dict[str, str]) -> Path:
    quyche = [sys.executable, "-m", "quyche"]
    repo = work / "repo"

    def run(*args: str) -> None:
        subprocess.run([*quyche, *args], cwd=repo, env=env, check=True, capture_output=True)

    subprocess.run([*quyche, "new", str(repo), "-t", "phuong", "--no-input", *ANSWERS], env=env, check=True,
                   capture_output=True)
    cfg = repo / "quyche.yaml"
    cfg.write_text(cfg.read_text(encoding="utf-8") + "\nprocedure:\n  signing: optional\n", encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "ký số không bắt buộc (bench)"], cwd=repo, env=env, check=True)
    run("round", "start", "Sửa đổi năm 2026", "--id", "2026-01", "--date", "2026-02-02", "--no-sign",
        "--member", "Nguyễn Văn An=Tổ trưởng")
    run("round", "step", "bao-cao-thuc-hien", "--date", "2026-02-10", "--no-sign")
    run("round", "step", "ra-soat-van-ban", "--date", "2026-02-12", "--no-sign")
    reg = next(p for p in repo.glob("*.md") if not p.name.lower().startswith("readme"))
    text = reg.read_text(encoding="utf-8")
    reg.write_text(text.replace("tập trung dân chủ", "tập trung dân chủ, đoàn kết", 1), encoding="utf-8")
    run("round", "step", "du-thao", "--date", "2026-02-20", "--no-sign")
    run("round", "step", "thuong-truc-cho-y-kien", "--date", "2026-02-25", "--no-sign")
    run("round", "draft")
    return repo


def _opinion_files(draft: Path, out: Path) -> list[Path]:
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    out.mkdir()
    files = []
    for i in range(FILES):
        doc = docx.Document(str(draft))
        paras = [p for p in doc.paragraphs if p.runs and len(p.text) > 40]
        step = max(1, len(paras) // (COMMENTS + CHANGES))
        chosen = paras[::step][: COMMENTS + CHANGES]
        author = f"Chi bộ {i + 1}"
        for para in chosen[:COMMENTS]:
            doc.add_comment(para.runs, text=f"Ý kiến của {author} về đoạn «{para.text[:30]}».", author=author)
        for n, para in enumerate(chosen[COMMENTS:]):
            run = para.runs[0]
            words = run.text.split(" ")
            old, run.text = " ".join(words[1:3]), " ".join(words[:1]) + " "
            rest = " " + " ".join(words[3:])
            stamp = f'w:author="{author}" w:date="2026-03-04T09:00:00Z"'
            els = [parse_xml(f'<w:del {nsdecls("w")} w:id="{5000 + 2 * n}" {stamp}><w:r><w:delText>{old}'
                             '</w:delText></w:r></w:del>'),
                   parse_xml(f'<w:ins {nsdecls("w")} w:id="{5001 + 2 * n}" {stamp}><w:r><w:t>{old} mới'
                             '</w:t></w:r></w:ins>'),
                   parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{rest}</w:t></w:r>')]
            anchor = run._r
            for el in els:
                anchor.addnext(el)
                anchor = el
        path = out / f"y-kien-{i + 1:03d}.docx"
        doc.save(str(path))
        files.append(path)
    return files


def _measure(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak MB) of one fresh run."""
    import resource
    import time

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, env=env, capture_output=True, text=True,
                          check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    code, peak = proc.stdout.split()[-2:]
    if code != "0":
        raise SystemExit(f"{' '.join(cmd[:4])}… exited {code}: {proc.stderr}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, int(peak) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="quyche-bench-consult-") as tmp:
        work = Path(tmp)
        (work / "home").mkdir()
        env = isolated_git_env(work / "home")
        repo = _repo(work, env)
        files = _opinion_files(repo / "vong" / "2026-01" / "du-thao-lay-y-kien.docx", work / "files")
        gop_y = repo / "vong" / "2026-01" / "gop-y"
        rows = []
        quyche = [sys.executable, "-m", "quyche", "round", "comments", "import", *map(str, files)]
        baseline = [sys.executable, "-c", BASELINE, *map(str, files)]
        for label, cmd in ((f"quyche round comments import ({FILES} files)", quyche),
                           ("baseline: zip + lxml parse of the same files", baseline)):
            runs = []
            for _ in range(args.runs):
                shutil.rmtree(gop_y, ignore_errors=True)
                runs.append(_measure(cmd, env, repo))
            rows.append((label, median([r[0] for r in runs]), median([r[1] for r in runs]),
                         max(r[2] for r in runs)))
            if cmd is quyche:
                made = sorted(gop_y.glob("*.yaml"))
                imported = sum(p.read_text(encoding="utf-8").count("\n  - article:") for p in made)
    size = sum(1 for _ in files)
    table = ["| what | wall, median | CPU, median | peak memory |", "|---|---:|---:|---:|"]
    table += [f"| {label} | {wall:.2f} s | {cpu:.2f} s | {peak:.0f} MB |" for label, wall, cpu, peak in rows]
    body = (f"Machine: {machine()}.\n\nInput: the phường template (`quyche new -t phuong`, 29 articles) in an open "
            f"round; {size} opinion files made from `quyche round draft`, each with {COMMENTS} Word comments "
            f"(python-docx) and {CHANGES} tracked replacements (raw w:del/w:ins), each file from another author "
            f"→ {len(made)} gop-y files, {imported} opinions. Median of {args.runs} fresh runs.\n\n"
            + "\n".join(table) + "\n\nTarget: ≤ 5 s in all, ≤ 200 MB.")
    print(body)
    if args.write:
        write_section("## consultation (round comments import)", body)


if __name__ == "__main__":
    main()
