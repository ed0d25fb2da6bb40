"""A Streamlit server for one measured run: started the way Streamlit's own e2e suite does, stopped by its PID."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NETGUARD = Path(__file__).resolve().parent / "netguard"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`streamlit run SCRIPT` on a fresh loopback port; ``started`` is the monotonic time of the spawn."""

    def __init__(self, script: str, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.net_log = Path(tempfile.mkstemp(prefix="bench-net-", suffix=".log")[1])
        # NB stdout goes to a temporary file, not a pipe: a full pipe can stall the server (Streamlit's e2e note).
        self._out = tempfile.TemporaryFile()
        environment = {**os.environ, **(env or {}), "BENCH_NET_LOG": str(self.net_log),
                       "PYTHONPATH": os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")]))}
        self.started = time.monotonic()
        self.started_wall = time.time()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless=true", "--server.address=127.0.0.1",
             f"--server.port={self.port}", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
             "--global.developmentMode=false"],
            cwd=ROOT, env=environment, stdout=self._out, stderr=subprocess.STDOUT)

    def wait_healthy(self, timeout: float = 60) -> float:
        """Poll /_stcore/health every 50 ms; return seconds since spawn."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._out.seek(0)
                raise RuntimeError(f"streamlit exited: {self._out.read()[-2000:].decode(errors='replace')}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        return time.monotonic() - self.started
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError("streamlit did not become healthy")

    def outside_connections(self, before_wall: float) -> list[str]:
        """Connections beyond loopback the server opened before the given wall-clock time."""
        lines = self.net_log.read_text(encoding="utf-8").splitlines() if self.net_log.exists() else []
        return [line for line in lines if float(line.split()[0]) <= before_wall]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._out.close()
        self.net_log.unlink(missing_ok=True)
