"""Loader test helpers: fixture files, a real loopback server, fast HTTP settings and folder hashes."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from loaders.http import HttpSettings
from tests.loaders.server import Blackhole, LocalServer, Reply

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA_DIR = Path(__file__).resolve().parents[2] / "data"
CANARY = "CANARY-KEY-9f3c"
PREVIEW_A = "/public/v1/preview/C/A/HS"
KEYED_M = "/data/v1/get/C/M/HS"
IMF_DATA = "/data/IMF.STA,IMTS/"
FAST = HttpSettings(connect_timeout=0.5, read_timeout=0.5, retries=2, backoff=0.01, budget_seconds=5.0,
                    pace_seconds=0.0)


def fixture_bytes(source: str, name: str) -> bytes:
    return (FIXTURES / source / name).read_bytes()


def json_reply(name: str, status: int = 200, **kw) -> Reply:
    return Reply(status, fixture_bytes("comtrade", name), "application/json; charset=utf-8", **kw)


def csv_reply(name: str, status: int = 200, **kw) -> Reply:
    return Reply(status, fixture_bytes("imf", name), "application/vnd.sdmx.data+csv; version=1.0.0", **kw)


def fail_replacing(monkeypatch, suffix: str) -> None:
    """The cache's atomic writes fail (disk full) when they would put a file ending in ``suffix`` in place."""
    from loaders.store import cache

    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith(suffix):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(cache.os, "replace", failing_replace)


def folder_hash(folder: Path) -> str:
    """sha256 over every path below the folder, its kind and its bytes: any change at all changes the hash."""
    digest = hashlib.sha256()
    if not folder.exists():
        return "absent"
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_symlink():
            digest.update(b"link:" + str(path.readlink()).encode())
        elif path.is_file():
            digest.update(b"file:" + path.read_bytes())
        else:
            digest.update(b"dir")
    return digest.hexdigest()


@pytest.fixture
def server(monkeypatch):
    """A loopback server that COMTRADE_BASE_URL and IMF_BASE_URL point at."""
    srv = LocalServer().start()
    monkeypatch.setenv("COMTRADE_BASE_URL", srv.url)
    monkeypatch.setenv("IMF_BASE_URL", srv.url)
    yield srv
    srv.stop()


@pytest.fixture
def comtrade_ok(server):
    """The server answers the preview for both reporters of ARM-KAZ 2023."""
    server.on(PREVIEW_A, json_reply("preview_A_51_398_2023.json"), query={"reporterCode": "51"})
    server.on(PREVIEW_A, json_reply("preview_A_398_51_2023.json"), query={"reporterCode": "398"})
    return server


@pytest.fixture
def blackhole(monkeypatch):
    hole = Blackhole()
    monkeypatch.setenv("COMTRADE_BASE_URL", hole.url)
    monkeypatch.setenv("IMF_BASE_URL", hole.url)
    yield hole
    hole.close()


@pytest.fixture
def cache_folder(tmp_path) -> Path:
    return tmp_path / "cache"
