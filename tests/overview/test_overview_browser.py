"""The overview HTML page in a real headless browser (Debian's chromium): it loads with no
console message, a click on a column head sorts the rows, a filter hides rows, and a
screenshot is taken. Chromium runs the page's script; `--dump-dom` gives the DOM after it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_quyche
from tests.overview.kit import TODAY

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"]


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("chromium is required in CI; .ci/run installs it")
        pytest.skip("chromium is not installed")
    return found


def _browse(page: Path, fragment: str, tmp: Path, *extra: str) -> tuple[str, list[str]]:
    """(DOM after the scripts ran, console lines chromium logged)."""
    profile = tmp / f"profile-{len(list(tmp.glob('profile-*')))}"
    proc = subprocess.run([_chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, "--dump-dom",
                           page.as_uri() + fragment], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout, [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]


def _rows(dom: str) -> list[tuple[str, bool, str]]:
    """(unit name, hidden, days cell) of each body row, in DOM order."""
    out = []
    for attrs, body in re.findall(r"<tr (data-level[^>]*)>(.*?)</tr>", dom, re.S):
        name = re.search(r'data-col="name" data-key="([^"]*)"', body)
        days = re.search(r'data-col="days" data-key="([^"]*)"', body)
        assert name and days
        out.append((name.group(1), "hidden" in attrs, days.group(1)))
    return out


@pytest.fixture(scope="module")
def page(units: tuple[Path, dict[str, Path]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    units_file, _repos = units
    out = tmp_path_factory.mktemp("html") / "bao-cao.html"
    proc = run_quyche("overview", str(units_file), "--format", "html", "--output", str(out), "--today", TODAY,
                      "--cache-dir", str(units_file.parent / "cache"), cwd=units_file.parent)
    assert proc.returncode == 1, proc.stderr
    return out


def test_console_messages_are_seen(tmp_path: Path) -> None:
    """The control: a page that logs is caught, so a clean run below means a clean page."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><script>missing();</script></body></html>", encoding="utf-8")
    _dom, console = _browse(bad, "", tmp_path)
    assert any("missing is not defined" in line for line in console)


def test_page_loads_cleanly_sorts_by_click_and_filters(page: Path, tmp_path: Path) -> None:
    dom, console = _browse(page, "", tmp_path)
    assert console == []
    assert 'data-ready="1"' in dom
    listed = [name for name, _hidden, _days in _rows(dom)]
    assert listed == ["never", "stalled", "issued", "tampered", "failing", "old-template", "unreachable"]
    # two clicks on "days since the last step": ascending, then descending
    dom, console = _browse(page, "#click=days,days", tmp_path)
    assert console == [] and 'aria-sort="descending"' in dom
    days = [d for _n, _h, d in _rows(dom)]
    assert days[:3] == ["92", "52", "52"] and set(days[3:]) == {""}
    # one click on the unit name: ascending, Vietnamese collation
    dom, _ = _browse(page, "#click=name", tmp_path)
    assert [n for n, _h, _d in _rows(dom)] == sorted(listed)
    # filters: level, then status
    dom, _ = _browse(page, "#level=chi-bo", tmp_path)
    shown = [n for n, hidden, _d in _rows(dom) if not hidden]
    assert shown == ["stalled", "tampered", "old-template", "unreachable"] and len(_rows(dom)) == 7
    assert '<b id="shown">4</b>' in dom
    dom, _ = _browse(page, "#flag=never-revised", tmp_path)
    assert [n for n, hidden, _d in _rows(dom) if not hidden] == ["never", "failing", "old-template"]
    dom, _ = _browse(page, "#flag=ok", tmp_path)
    assert [n for n, hidden, _d in _rows(dom) if not hidden] == ["issued"]


def test_screenshot(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "overview.png"
    profile = tmp_path / "profile"
    proc = subprocess.run([_chromium(), *FLAGS, f"--user-data-dir={profile}", "--window-size=1400,900",
                           f"--screenshot={shot}", page.as_uri() + "#sort=days&desc=1"],
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000  # a rendered page, not a blank one
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1400, 900)
