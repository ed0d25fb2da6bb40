"""The browser tests' Streamlit server, timed from its spawn and logging any connection it opens beyond loopback."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from tests.browser.conftest import StreamlitServer

NETGUARD = Path(__file__).resolve().parent / "netguard"


class Server(StreamlitServer):
    """`streamlit run SCRIPT` on a fresh loopback port; ``started`` is the monotonic time just before the spawn."""

    def __init__(self, script: str, env: dict[str, str] | None = None):
        self.net_log = Path(tempfile.mkstemp(prefix="bench-net-", suffix=".log")[1])
        environment = {**(env or {}), "BENCH_NET_LOG": str(self.net_log),
                       "PYTHONPATH": os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH")]))}
        self.started = time.monotonic()
        super().__init__(environment, script=script, args=("--global.developmentMode=false",))

    def wait_healthy(self, timeout: float = 60) -> float:
        """Wait for /_stcore/health; return seconds since spawn."""
        super().wait_healthy(timeout)
        return time.monotonic() - self.started

    def outside_connections(self, before_wall: float) -> list[str]:
        """Connections beyond loopback the server opened before the given wall-clock time."""
        lines = self.net_log.read_text(encoding="utf-8").splitlines() if self.net_log.exists() else []
        return [line for line in lines if float(line.split()[0]) <= before_wall]

    def stop(self) -> None:
        super().stop()
        self.net_log.unlink(missing_ok=True)
