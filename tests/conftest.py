"""Test-wide guards: no test reaches beyond loopback, and each test sees the bundled snapshot unless it says otherwise."""
from __future__ import annotations

import ipaddress
import os
import socket
import tempfile

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

from loaders import configure_pandas

# NB set at import, before any fixture (module- and session-scoped ones run before the autouse ones below): nothing a
# test does may write into the checkout. Hypothesis keeps no example database, and its other files (it would write
# .hypothesis/ here) go to a temporary folder. Speed is measured by the benchmarks, not asserted by tests: a loaded
# machine (or a mutation run) must not fail a property test on time alone.
os.environ["TRADE_CACHE_DIR"] = tempfile.mkdtemp(prefix="trade-tests-cache-")
configure_pandas()  # NB the app's settings, as its entry points set them
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="trade-tests-hypothesis-"))
settings.register_profile("offline", database=None, deadline=None)
settings.load_profile("offline")

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


class NetworkBlocked(OSError):
    """Raised when a test tries to open a connection beyond loopback."""


def _is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self, address, *args):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
        raise NetworkBlocked(f"test tried to reach {address[0]!r}: only loopback is allowed")
    return _real_connect(self, address, *args)


def _guarded_connect_ex(self, address, *args):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
        raise NetworkBlocked(f"test tried to reach {address[0]!r}: only loopback is allowed")
    return _real_connect_ex(self, address, *args)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host is not None and not _is_loopback(host if isinstance(host, str) else host.decode()):
        raise NetworkBlocked(f"test tried to resolve {host!r}: only loopback is allowed")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch, tmp_path_factory):
    """Bundled data, an empty per-test cache folder, and no API key unless a test sets them."""
    monkeypatch.delenv("TRADE_DATA_DIR", raising=False)
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    monkeypatch.setenv("TRADE_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
