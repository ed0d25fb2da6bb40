"""A canary API key is used (sent as a header) but appears nowhere: output, logs, exceptions, cache, data or CSVs."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from loaders.cli import main
from loaders.live import LoaderError
from loaders.refresh import refresh
from tests.loaders.conftest import CANARY, DATA_DIR, FAST, KEYED_M, json_reply
from tests.loaders.server import Reply

ECHO = ('{"statusCode":%d,"message":"Access denied for key ' + CANARY + '"}').encode()


def everything_written(*folders: Path) -> bytes:
    return b"\n".join(p.read_bytes() for folder in folders if folder.exists()
                      for p in sorted(folder.rglob("*")) if p.is_file())


@pytest.fixture
def keyed_server(server, monkeypatch):
    monkeypatch.setenv("COMTRADE_API_KEY", CANARY)
    monkeypatch.setattr("loaders.http.HttpSettings", lambda: FAST)
    server.on(KEYED_M, json_reply("keyed_M_51_398_2024_partial.json"), query={"reporterCode": "51"})
    server.on(KEYED_M, json_reply("preview_empty.json"), query={"reporterCode": "398"})  # ARM's rows would be refused
    return server


def test_the_canary_key_never_leaks(keyed_server, tmp_path, monkeypatch, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("TRADE_CACHE_DIR", str(tmp_path / "cache"))
    shown = []
    assert main(["refresh", "--source", "comtrade", "--years", "2024", "--freq", "M"]) == 0
    csv = tmp_path / "dataset.csv"
    assert main(["export", "dataset", "--out", str(csv), "--years", "2024-2024"]) == 0
    assert keyed_server.url.encode() in csv.read_bytes()  # the rows fetched with the key are in the CSV
    for reply in (Reply(401, ECHO % 401), Reply(500, ECHO % 500), Reply(400, ECHO % 400),
                  Reply(200, ECHO % 200), Reply(200, b"{}", delay=1.0)):
        keyed_server.routes.clear()
        keyed_server.on(KEYED_M, reply)
        with pytest.raises(LoaderError) as caught:
            refresh("comtrade", ("ARM", "KAZ"), (2024, 2024), freq="M", settings=FAST, cache_folder=tmp_path / "c")
        shown.append(str(caught.value))
        shown.append(repr(caught.value))
        assert main(["refresh", "--source", "comtrade", "--years", "2024", "--freq", "M"]) == 1
    out, err = capsys.readouterr()
    assert "***" in " ".join(shown)  # the echoed key was there, and was redacted
    sent = keyed_server.seen
    assert sent and all(s.headers.get("Ocp-Apim-Subscription-Key") == CANARY for s in sent)
    assert not any(CANARY in s.raw_path for s in sent)
    for where, text in [("stdout", out), ("stderr", err), ("exceptions", "\n".join(shown)),
                        ("logs", caplog.text), ("files", everything_written(tmp_path, DATA_DIR).decode("latin-1"))]:
        assert CANARY not in text, f"the key leaked into {where}"
