"""Time to first chart in real headless Chromium: server spawn until a Plotly chart is drawn and the script is done."""
from __future__ import annotations

import time
from dataclasses import dataclass
from urllib.parse import urlparse

from benchmarks.server import Server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
CHART_DRAWN = ".js-plotly-plot .main-svg"
APP_READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
CHART_CODE = "PlotlyChart"  # NB the name of Streamlit's lazily loaded chunk that holds plotly.js (~4.7 MB)
# The chunk's request and arrival, in seconds after navigation start (None if the page never asked for it).
CHART_CODE_TIMES = """name => {
    const entry = performance.getEntriesByType("resource").find(e => e.name.includes(name));
    return entry ? [entry.startTime / 1000, entry.responseEnd / 1000] : null;
}"""


@dataclass(frozen=True)
class Run:
    ttfc: float  # spawn -> chart drawn and script not running
    health: float  # spawn -> /_stcore/health ok
    page: float  # goto -> chart drawn and script not running
    shell: float  # navigation start -> DOMContentLoaded (Streamlit's static page and scripts loaded)
    chart_code: tuple[float, float] | None  # navigation start -> plotly.js chunk requested, received
    outside_requests: int  # browser requests beyond loopback before first paint
    outside_connections: int  # server connections beyond loopback before first paint


def measure(browser, script: str, env: dict[str, str] | None = None, timeout_ms: float = 120_000,
            settle: float = 0.0) -> Run:
    """One cold run: a new server process and a new browser context (empty HTTP cache); ``settle`` seconds of
    waiting between the server's health and opening the page (0 for a visitor arriving at once)."""
    server = Server(script, env)
    try:
        health = server.wait_healthy()
        time.sleep(settle)
        context = browser.new_context()
        outside: list[str] = []
        page = context.new_page()
        page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).hostname not in LOOPBACK
                and not r.url.startswith(("data:", "blob:")) else None)
        start = time.monotonic()
        page.goto(server.url, wait_until="commit")
        page.wait_for_selector(CHART_DRAWN, state="visible", timeout=timeout_ms)
        page.wait_for_selector(APP_READY, state="attached", timeout=timeout_ms)
        end = time.monotonic()
        painted_wall = time.time()
        requests_before_paint = len(outside)
        shell = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd") / 1000
        chart_code = page.evaluate(CHART_CODE_TIMES, CHART_CODE)
        context.close()
        return Run(ttfc=end - server.started, health=health, page=end - start, shell=shell,
                   chart_code=tuple(chart_code) if chart_code else None,
                   outside_requests=requests_before_paint,
                   outside_connections=len(server.outside_connections(painted_wall)))
    finally:
        server.stop()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
