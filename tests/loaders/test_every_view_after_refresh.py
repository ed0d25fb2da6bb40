"""Every view exports for every shape of pair in the bundled data and in a refreshed cache (issue 16 'done when')."""
from __future__ import annotations

import pytest

from loaders.cli import main
from loaders.store.dataset import load_dataset
from loaders.view_check import one_pair_per_shape
from tests.loaders.conftest import FAST, PREVIEW_A, json_reply


@pytest.fixture
def usa_jpn_cached(server, monkeypatch, tmp_path):
    """A cache holding the USA's 2023 report on Japan as the preview sends it (integers, imports CIF and FOB); Japan's
    mirror request answers with no rows."""
    monkeypatch.setattr("loaders.http.HttpSettings", lambda: FAST)
    monkeypatch.setenv("TRADE_CACHE_DIR", str(tmp_path))
    server.on(PREVIEW_A, json_reply("preview_A_842_392_2023_integers.json"), query={"reporterCode": "842"})
    server.on(PREVIEW_A, json_reply("preview_empty.json"), query={"reporterCode": "392"})
    assert main(["refresh", "--source", "comtrade", "--pair", "USA-JPN", "--years", "2023"]) == 0


def test_every_view_exports_for_every_shape_of_pair(usa_jpn_cached, capsys):
    capsys.readouterr()
    pairs = one_pair_per_shape(load_dataset())
    assert "JPN-USA" in pairs and "ARM-KAZ" in pairs  # the refreshed pair is a shape of its own
    assert main(["check-views", "--pairs", "shapes"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and out.strip().endswith(f"for {len(pairs)} pairs: 0 failure(s)")


def test_the_refreshed_pairs_views_export(usa_jpn_cached, tmp_path, capsys):
    for view in ("series", "mirror", "bridge", "statements"):
        assert main(["export", view, "--pair", "USA-JPN", "--out", str(tmp_path / f"{view}.csv")]) == 0
    series = (tmp_path / "series.csv").read_text()
    assert "USA import (origin, CIF) · comtrade" in series and "(origin, FOB)" not in series
