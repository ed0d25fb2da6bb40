"""Many visitors at once: browser sessions on mixed pages against one server, then its errors and its memory."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.server import Server
from benchmarks.ttfc import APP_READY, launch

PAGES = ["", "mirror", "bridge", "reconciled", "statements", "revisions", "world", "data"]
PAGE_SHOWN = "h1"
PROBLEMS = "[data-testid='stException'], [data-testid='stAlertContentError']"


@dataclass(frozen=True)
class Result:
    sessions: int
    seconds: float  # first goto -> every page done
    problems: list[str]  # per page with an exception or error box: its path and the first words
    tracebacks: int  # 'Traceback' in the server's log
    rss_mb: float  # the server's resident memory once every page is done
    peak_rss_mb: float  # its high-water mark


def _memory_mb(pid: int) -> tuple[float, float]:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def run(sessions: int = 20, timeout_ms: float = 300_000) -> Result:
    """``sessions`` new browser contexts opened at once, each on the next page of PAGES in turn, on a fresh server."""
    from playwright.sync_api import sync_playwright

    server = Server("serve.py")
    try:
        server.wait_healthy()
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                start = time.monotonic()
                opened = []
                for i in range(sessions):
                    path = PAGES[i % len(PAGES)]
                    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
                    page.goto(f"{server.url}/{path}", wait_until="commit")
                    opened.append((path, page))
                problems = []
                for path, page in opened:
                    page.wait_for_selector(PAGE_SHOWN, state="visible", timeout=timeout_ms)
                    page.wait_for_selector(APP_READY, state="attached", timeout=timeout_ms)
                    found = page.locator(PROBLEMS)
                    if found.count():
                        problems.append(f"/{path}: {found.first.inner_text()[:120]!r}")
                seconds = time.monotonic() - start
            finally:
                browser.close()
        rss, peak = _memory_mb(server.process.pid)
        tracebacks = server.log.read_text(errors="replace").count("Traceback")
        return Result(sessions, seconds, problems, tracebacks, rss, peak)
    finally:
        server.stop()
