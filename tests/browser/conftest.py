"""Browser-test fixtures: a real Streamlit server on loopback and Debian's headless Chromium via Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.skips import skip_without

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
APP_READY = "[data-testid='stApp'][data-test-script-state='notRunning']"
CHART_DRAWN = ".js-plotly-plot .main-svg"


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    """Without Chromium, browser tests skip with the reason; in CI (CI=true) they fail instead."""
    skip_without(items, "browser", chromium_path() is not None,
                 "Debian's chromium is not installed (apt-get install chromium); browser tests need a real browser")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    path = chromium_path()
    if path is None:
        pytest.fail("Chromium is required for browser tests in CI but was not found")
    return {**browser_type_launch_args, "executable_path": path, "args": CHROMIUM_ARGS}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StreamlitServer:
    """`streamlit run SCRIPT` (by default the dashboard's server entry, serve.py) from the repo root on a free loopback
    port, with its own environment and extra command-line options."""

    def __init__(self, env: dict[str, str] | None = None, script: str = "serve.py",
                 args: tuple[str, ...] = ()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.gettempdir()) / f"trade-streamlit-{self.port}.log"
        environment = {**os.environ, **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true",
             "--server.address=127.0.0.1", f"--server.port={self.port}", "--browser.gatherUsageStats=false",
             "--server.fileWatcherType=none", *args],
            cwd=ROOT, env=environment, stdout=self.log.open("wb"), stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return
            except OSError:
                time.sleep(0.05)
        raise TimeoutError("streamlit did not become healthy")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def start_streamlit() -> Iterator:
    """Factory: start_streamlit(env, script=, args=) -> a healthy server; all are stopped at the end of the session."""
    servers: list[StreamlitServer] = []

    def start(env: dict[str, str] | None = None, script: str = "serve.py",
              args: tuple[str, ...] = ()) -> StreamlitServer:
        server = StreamlitServer(env, script, args)
        servers.append(server)
        server.wait_healthy()
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def app_url(start_streamlit) -> str:
    """The dashboard on the bundled snapshot."""
    return start_streamlit({"TRADE_DATA_DIR": str(ROOT / "data")}).url


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until a Plotly chart is drawn and the script has finished running."""
    page.wait_for_selector(CHART_DRAWN, state="visible", timeout=timeout)
    page.wait_for_selector(APP_READY, timeout=timeout)
