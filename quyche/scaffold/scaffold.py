"""Render a template into a new regulation repository: files, quyche.yaml, git, first commit.

Order matters for "nothing half-made": answers are collected and every file is rendered and
validated (paths inside DIR, regulation parses) in a temporary folder before DIR is touched;
then the files are moved in, git makes the first commit, and any failure on the way removes
what this run created and puts back what it overwrote (--force).

The pristine render is the first commit, and `refs/quyche/template-base` points at it, so a
later template upgrade can merge (base render → new render) into the office's edited text;
quyche.yaml records the template name, version and answers to re-render the base anywhere.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from quyche import __version__
from quyche.config import CONFIG_NAME
from quyche.errors import (
    GitError,
    GitIdentityMissing,
    OutputExists,
    OutputIsFile,
    OutputIsFolder,
    QuycheError,
    SigningError,
    TemplateError,
    UnsafeTemplate,
)
from quyche.fsutil import (
    MAX_INPUT_BYTES,
    clean_folder_on_failure,
    ensure_inside,
    refuse_special_target,
)
from quyche.scaffold.answers import (
    Asker,
    base_context,
    collect_answers,
    render_constants,
    resolved_layout,
)
from quyche.scaffold.locate import SKELETON_DIR, builtin_root
from quyche.scaffold.sandbox import environment_for, make_environment, render_file, render_string
from quyche.scaffold.template import ChapterLayout, Template, layout_data
from quyche.vcs import run_git

JINJA_SUFFIX = ".jinja"
BASE_REF = "refs/quyche/template-base"
"""The pristine render of the template (the first commit), the base of a three-way upgrade."""
RESERVED = {CONFIG_NAME}
"""Files quyche writes itself; a template may not provide them."""

_DRIVE = re.compile(r"^[A-Za-z]:")
MAX_INSTALL_SPEC = 500
"""Longest pip requirement `--install-spec` takes (a VCS URL with a commit hash fits easily)."""


def default_install_spec(version: str = __version__) -> str:
    """What the generated CI installs unless the office says otherwise: this very release."""
    return f"quyche=={version}"


def install_spec_problem(spec: str) -> str | None:
    """Why `spec` cannot be the one pip requirement CI installs (in Vietnamese), or None."""
    if not spec.strip():
        return "không được để trống"
    if len(spec) > MAX_INSTALL_SPEC:
        return f"dài quá {MAX_INSTALL_SPEC} ký tự"
    if any(ch in spec for ch in "\r\n\x00"):
        return "phải nằm trên một dòng"
    if spec.lstrip().startswith("-"):
        return ("phải là một yêu cầu cài đặt của pip (ví dụ `quyche==0.1.0` hoặc "
                "`quyche @ git+https://…@v0.1.0`), không phải tùy chọn; tùy chọn của pip đặt qua biến "
                "môi trường PIP_INDEX_URL, PIP_EXTRA_INDEX_URL trong cấu hình CI")
    return None


@dataclass(slots=True)
class ScaffoldResult:
    """What `new` made."""

    dest: Path
    template: Template
    answers: dict[str, str]
    files: list[str]
    commit: str
    signed: bool
    regulation: str
    branch: str = ""


@dataclass(slots=True)
class _Output:
    """One rendered file, keyed by its POSIX path inside DIR."""

    relpath: PurePosixPath
    data: bytes
    origin: str = field(default="")


def _unsafe(template: Template, problem: str) -> UnsafeTemplate:
    return UnsafeTemplate(None, name=template.name, problem=problem)


def safe_relpath(text: str, template: Template) -> PurePosixPath:
    """A rendered output path, refused when it could land outside DIR or inside `.git`."""
    if not text or "\x00" in text or "\\" in text or text.startswith("/") or _DRIVE.match(text):
        raise _unsafe(template, f"đường dẫn tệp đầu ra `{text}` là đường dẫn tuyệt đối hoặc không hợp lệ")
    parts = text.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise _unsafe(template, f"đường dẫn tệp đầu ra `{text}` ra ngoài thư mục đích (có `..`)")
    if parts[0].casefold() == ".git":
        raise _unsafe(template, f"mẫu ghi vào thư mục .git (`{text}`)")
    return PurePosixPath(*parts)


def _walk(root: Path, template: Template) -> Iterator[tuple[str, Path]]:
    """(relative POSIX path, file) under `root`; symlinks leaving the template are refused."""
    root_r = root.resolve()
    tpl_root = template.path.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        # Python's byte-code caches (an installed template with a .py in it) are not template files
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in dirnames:
            if (here / name).is_symlink():
                raise _unsafe(template, f"thư mục `{(here / name).relative_to(root)}` là liên kết (symlink)")
        for name in sorted(filenames):
            path = here / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = path.resolve()
                if not (target.is_relative_to(root_r) or target.is_relative_to(tpl_root)) or not target.is_file():
                    raise _unsafe(template, f"tệp `{rel}` là liên kết (symlink) trỏ ra ngoài thư mục mẫu")
            elif not path.is_file():
                raise _unsafe(template, f"`{rel}` không phải tệp thường")
            yield rel, path


def _render_path(env: jinja2.Environment, rel: str, context: dict[str, Any], template: Template) -> str:
    if "{" not in rel:
        return rel
    return "/".join(
        render_string(env, part, context, template.name, f"tên tệp `{rel}`") if "{" in part else part
        for part in rel.split("/")
    )


def _render_tree(roots: list[Path], env: jinja2.Environment, context: dict[str, Any],
                 template: Template, origin: str) -> dict[PurePosixPath, _Output]:
    """Render every file of `roots` (the first root holding a path wins)."""
    sources: dict[str, Path] = {}
    for root in reversed(roots):
        for rel, path in _walk(root, template):
            sources[rel] = path
    out: dict[PurePosixPath, _Output] = {}
    for rel in sorted(sources):
        path = sources[rel]
        if rel.endswith(JINJA_SUFFIX):
            target = rel[: -len(JINJA_SUFFIX)]
            data = render_file(env, rel, context, template.name).encode("utf-8")
        else:
            target = rel
            if path.stat().st_size > MAX_INPUT_BYTES:
                raise _unsafe(template, f"tệp `{rel}` quá lớn")
            data = path.read_bytes()
        relpath = safe_relpath(_render_path(env, target, context, template), template)
        out[relpath] = _Output(relpath, data, origin)
    return out


def config_yaml(template: Template, answers: dict[str, str], constants: dict[str, str],
                layout: list[ChapterLayout], install_spec: str | None = None) -> str:
    """quyche.yaml of the new repository.

    `quyche` pins the release that made the repository and says how CI installs it (the CI files
    read `quyche.install`). `template.layout` records the required chapters and articles as
    rendered with these answers, so `quyche check` (a lower layer) needs neither the template
    folder nor Jinja to apply them.
    """
    import yaml

    tpl: dict[str, Any] = {"name": template.name, "version": template.version}
    if not template.builtin:
        tpl["source"] = str(template.home or template.path)
    tpl["base_ref"] = BASE_REF
    tpl["answers"] = dict(answers)
    tpl["layout"] = layout_data(layout)
    data = {
        "unit": {"name": constants.get("unit_full_name") or answers.get("unit_name") or template.name,
                 "level": template.level},
        "regulations": [template.regulation_file],
        "quyche": {"version": __version__, "install": install_spec or default_install_spec()},
        "template": tpl,
    }
    header = (
        "# Cấu hình quyche cho kho quy chế này (do `quyche new` tạo). Xem `quyche help config`.\n"
        "# Mục quyche: phiên bản quyche đã tạo kho và cách CI cài quyche (`install`, một yêu cầu của pip).\n"
        "# Bộ phận CNTT đổi nguồn cài (kho nội bộ, địa chỉ git có thẻ phiên bản) ở đây, xem `quyche help ci`;\n"
        "# `quyche doctor` báo khi quyche đang cài khác phiên bản này.\n"
        "# Mục template: mẫu gốc, phiên bản, các câu trả lời (để cập nhật khi mẫu có phiên bản mới)\n"
        "# và bố cục cùng các điều bắt buộc của mẫu (`quyche check` kiểm tra, nhóm QC5xx).\n"
    )
    return header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)


def render_project(
    template: Template,
    answers: dict[str, str],
    *,
    today: dt.date | None = None,
    env: jinja2.Environment | None = None,
    install_spec: str | None = None,
) -> dict[PurePosixPath, _Output]:
    """Every file of the new repository, rendered and checked, in memory."""
    env = env or environment_for(template)
    context, constants = _context(template, answers, today, env)
    skeleton_root = builtin_root() / SKELETON_DIR
    skeleton_env = make_environment([skeleton_root], None, template.name)
    files = _render_tree([skeleton_root], skeleton_env, context, template, "skeleton")
    own = _render_tree(template.file_roots, env, context, template, "template")
    for relpath in own:
        if str(relpath) in RESERVED:
            raise TemplateError(None, name=template.name, problem=f"mẫu không được tự tạo tệp {relpath} (quyche tạo tệp này)")
    files.update(own)
    regulation = PurePosixPath(template.regulation_file)
    if regulation not in files:
        raise TemplateError(None, name=template.name,
                            problem=f"mẫu không tạo ra tệp quy chế `{template.regulation_file}`")
    _check_regulation(files[regulation].data, template)
    config = PurePosixPath(CONFIG_NAME)
    layout = resolved_layout(template, answers, env)
    files[config] = _Output(config, config_yaml(template, answers, constants, layout, install_spec).encode("utf-8"),
                            "quyche")
    return files


def _context(template: Template, answers: dict[str, str], today: dt.date | None,
             env: jinja2.Environment) -> tuple[dict[str, Any], dict[str, str]]:
    """(what the files see, the rendered constants)."""
    context: dict[str, Any] = {**base_context(template, today), **answers}
    constants = render_constants(env, template, context, tolerant=False)
    context.update(constants)
    context["regulation_file"] = template.regulation_file
    # The repository skeleton (README) names the unit; a body's own template may not say how.
    context.setdefault("unit_full_name", answers.get("unit_name") or template.name)
    context.setdefault("regulation_title", f"Quy chế làm việc của {context['unit_full_name']}")
    return context, constants


def render_regulation_file(template: Template, answers: dict[str, str], *,
                           env: jinja2.Environment | None = None) -> bytes:
    """The regulation file alone, rendered as `render_project` renders it (no skeleton, no git):
    what `template update` needs of each version."""
    env = env or environment_for(template)
    context, _constants = _context(template, answers, None, env)
    own = _render_tree(template.file_roots, env, context, template, "template")
    regulation = own.get(PurePosixPath(template.regulation_file))
    if regulation is None:
        raise TemplateError(None, name=template.name,
                            problem=f"mẫu không tạo ra tệp quy chế `{template.regulation_file}`")
    return regulation.data


def _check_regulation(data: bytes, template: Template) -> None:
    """The rendered regulation must read as one, or the template is broken."""
    from quyche.parse.document import parse_text
    from quyche.parse.source import decode_source

    try:
        reg = parse_text(decode_source(data).text, template.regulation_file)
    except QuycheError as exc:
        raise TemplateError(None, name=template.name,
                            problem=f"tệp quy chế dựng ra không đọc được ({type(exc).__name__}, dòng {exc.line})") from None
    if not reg.articles():
        raise TemplateError(None, name=template.name, problem="tệp quy chế dựng ra không có Điều nào")


def _is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def _stage(files: dict[PurePosixPath, _Output], staging: Path) -> None:
    for relpath, out in files.items():
        target = ensure_inside(Path(*relpath.parts), staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(out.data)
        os.chmod(target, 0o644)


def _git_commit(dest: Path, paths: list[str], template: Template) -> None:
    from quyche.workflow import trailers as T

    message = (
        f"Khởi tạo kho quy chế từ mẫu {template.name} {template.version}\n\n"
        f"{T.TEMPLATE}: {T.template_value(template.name, template.version)}\n"
    )
    run_git(dest, "add", "--", *paths)
    proc = run_git(dest, "commit", "-q", "-m", message, check=False)
    if proc.returncode == 0:
        return
    stderr = proc.stderr.strip()
    last = (stderr.splitlines() or [""])[-1]
    low = stderr.lower()
    if "tell me who you are" in low or "auto-detect email" in low or "empty ident" in low:
        raise GitIdentityMissing(dest, command="git commit", stderr=last)
    if "sign" in low or "gpg" in low:
        raise SigningError(dest, command="git commit", stderr=last)
    raise GitError(dest, command="git commit", stderr=last)


def _initial_branch(dest: Path) -> str:
    proc = run_git(dest, "config", "--get", "init.defaultBranch", check=False)
    return proc.stdout.strip() or "main"


def scaffold(
    dest: Path,
    template: Template,
    *,
    preset: dict[str, str] | None = None,
    ask: Asker | None = None,
    force: bool = False,
    today: dt.date | None = None,
    install_spec: str | None = None,
) -> ScaffoldResult:
    """Make the regulation repository `dest` from `template`; leave nothing behind on failure.

    `install_spec` is the pip requirement the generated CI installs (default: this release).
    """
    if install_spec is not None and (problem := install_spec_problem(install_spec)) is not None:
        raise ValueError(f"install_spec {problem}")
    dest = Path(dest).absolute()
    refuse_special_target(dest)
    if dest.exists() and not dest.is_dir():
        raise OutputIsFile(dest)
    if dest.exists() and not force and not _is_empty_dir(dest):
        raise OutputExists(dest)
    env = environment_for(template)
    answers = collect_answers(env, template, preset or {}, ask, today=today)
    files = render_project(template, answers, today=today, env=env, install_spec=install_spec)

    top = dest
    while not top.parent.exists():
        top = top.parent
    staging = Path(tempfile.mkdtemp(prefix=".quyche-new-", dir=top.parent if os.access(top.parent, os.W_OK) else None))
    try:
        _stage(files, staging)
        with clean_folder_on_failure(top):
            dest.mkdir(parents=True, exist_ok=True)
            return _install(dest, staging, files, template, answers)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _install(dest: Path, staging: Path, files: dict[PurePosixPath, _Output], template: Template,
             answers: dict[str, str]) -> ScaffoldResult:
    """Move the staged files into `dest` and commit; undo both on failure."""
    had_git = (dest / ".git").exists()
    backup = staging / ".quyche-backup"
    created: list[Path] = []
    replaced: list[tuple[Path, Path]] = []
    paths = sorted(str(p) for p in files)
    try:
        for relpath in sorted(files):
            source = staging.joinpath(*relpath.parts)
            target = ensure_inside(Path(*relpath.parts), dest)
            if target.is_dir():
                raise OutputIsFolder(target)
            if target.exists():
                saved = backup.joinpath(*relpath.parts)
                saved.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(target, saved)
                replaced.append((target, saved))
            else:
                created.append(target)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(source), str(target))
        if not had_git:
            branch = _initial_branch(dest)
            run_git(dest, "init", "-q", f"--initial-branch={branch}")
        _git_commit(dest, paths, template)
        run_git(dest, "update-ref", BASE_REF, "HEAD")
    except BaseException:
        if had_git:
            with contextlib.suppress(QuycheError, OSError):
                has_head = run_git(dest, "rev-parse", "--verify", "-q", "HEAD", check=False).returncode == 0
                if has_head:
                    run_git(dest, "reset", "-q", "--", *paths, check=False)
                else:
                    run_git(dest, "rm", "-q", "--cached", "--ignore-unmatch", "--", *paths, check=False)
        for path in created:
            with contextlib.suppress(OSError):
                path.unlink()
        for target, saved in replaced:
            with contextlib.suppress(OSError):
                shutil.copy2(saved, target)
        raise
    head = run_git(dest, "rev-parse", "HEAD").stdout.strip()
    raw = run_git(dest, "cat-file", "commit", "HEAD").stdout
    branch = run_git(dest, "symbolic-ref", "--short", "-q", "HEAD", check=False).stdout.strip()
    return ScaffoldResult(
        dest=dest,
        template=template,
        answers=answers,
        files=paths,
        commit=head,
        signed="\ngpgsig " in raw,
        regulation=template.regulation_file,
        branch=branch,
    )
