"""The World page runs headless: the largest gaps ranked and filtered, this pair's rank, reliability, and its errors."""
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.pairs import pair_label

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"
PAGE = "dashboard/pages/world.py"


def world_page(**params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGE).run()



@pytest.fixture(scope="module")
def page():
    return world_page(**{"world-year": "2019", "world-min": "1000.0"})


def test_the_largest_gaps_are_ranked_largest_first(page):
    assert not page.exception, page.exception
    assert not page.error, [e.value for e in page.error]
    ranked = page.dataframe[0].value
    assert set(ranked["year"]) == {2019}
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    assert ranked["gap_usd"].abs().is_monotonic_decreasing
    # NB minimum size US$ 1,000 M on the larger side
    assert (ranked[["x_value_usd", "m_value_usd"]].max(axis=1) >= 1e9).all()
    assert not ranked[["x_estimated", "m_estimated", "imputed"]].any().any()
    assert ranked["open"].str.fullmatch(r"\./\?pair=[A-Z]{3}-[A-Z]{3}").all()


def test_this_pairs_rank_and_the_reliability_ranking_are_shown(page):
    ranks, reporters = page.dataframe[1].value, page.dataframe[2].value
    assert set(ranks["direction"]) == {"ARM→KAZ", "KAZ→ARM"}
    rated = reporters.dropna(subset=["reliability"])
    assert rated["reliability"].is_monotonic_decreasing and rated["reliability"].between(0, 1).all()
    assert "Reporters' reliability, 2015–2019" in [s.value for s in page.subheader]
    # the caution names every rated reporter whose figures equal its partners' in 10 % or more of its pairs
    flagged = rated.loc[rated["share_equal_to_mirror"] >= 0.10, "reporter"].tolist()
    assert "LBY" in flagged
    caution = [w.value for w in page.warning if w.value.startswith("Read with care")]
    assert len(caution) == 1 and all(f"{code} (" in caution[0] for code in flagged)


def test_the_gap_matrix_sets_the_largest_traders_and_this_pair_against_each_other(page):
    import base64
    import json

    import numpy as np

    specs = [json.loads(chart.proto.spec) for chart in page.get("plotly_chart")]
    heat = next(trace for spec in specs for trace in spec["data"] if trace["type"] == "heatmap")
    assert heat["x"] == heat["y"] and heat["x"][-2:] == ["ARM", "KAZ"] and len(heat["x"]) == 27
    # NB Plotly sends a 2-D numeric array as a typed array: {"dtype", "bdata": <base64>, "shape": "27, 27"}
    z = heat["z"]
    cells = np.frombuffer(base64.b64decode(z["bdata"]), dtype=z["dtype"]).reshape(
        [int(n) for n in z["shape"].split(",")])
    assert cells.shape == (27, 27) and np.isnan(np.diag(cells)).all()
    assert np.isfinite(cells).sum() > 400  # most of the 27 × 26 flows between large traders have both reports
    assert "Who disagrees with whom, 2019" in [s.value for s in page.subheader]


def test_a_country_filter_keeps_its_flows_only():
    at = world_page(**{"world-year": "2019", "world-country": "Armenia (ARM)", "world-flow": "Its exports"})
    assert not at.exception, at.exception
    ranked = at.dataframe[0].value
    assert not ranked.empty and set(ranked["exporter"]) == {"ARM"}


def test_a_pair_opened_by_link_from_the_world_is_the_pair_of_every_page():
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["pair"] = "SUN-FIN"
    at.query_params["years"] = ["1985", "1985"]
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="pair").value == "FIN-SUN"
    assert any(note.value.startswith("Only the IMF's Direction of Trade Statistics") for note in at.info)
    at.switch_page("dashboard/pages/mirror.py").run()
    mirror = at.dataframe[0].value
    assert set(mirror["x_reporter"]) == {"FIN", "SUN"}
    assert mirror.set_index("direction").loc["SUN→FIN", "x_estimated"]


def test_without_a_world_store_the_page_says_so_and_the_rest_works(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("world"))
    monkeypatch.setenv("TRADE_DATA_DIR", str(tmp_path / "data"))
    at = world_page()
    assert not at.exception, at.exception
    assert any("world store is not in this snapshot folder" in e.value for e in at.error)
    at.switch_page("dashboard/pages/overview.py").run()
    assert not at.exception and not at.error


def test_a_garbled_companion_is_named_on_the_world_page_and_the_rest_works(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    flows = tmp_path / "data" / "world" / "imf_dots_world_flows.parquet"
    raw = bytearray(flows.read_bytes())
    raw[4:-8] = bytes(len(raw) - 12)  # NB the size the manifest names, nothing readable inside
    flows.write_bytes(bytes(raw))
    monkeypatch.setenv("TRADE_DATA_DIR", str(tmp_path / "data"))
    at = world_page(**{"world-year": "2001"})
    assert not at.exception, at.exception
    assert any("imf_dots_world_flows.parquet: cannot be read" in e.value for e in at.error), [e.value for e in at.error]
    at.switch_page("dashboard/pages/overview.py").run()
    assert not at.exception and not at.error


def test_a_pair_chosen_from_the_ranking_becomes_the_pair_of_the_overview(page):
    top = page.dataframe[0].value["pair"].iloc[0]
    page.selectbox(key="world-open").select(top).run()
    assert not page.exception, page.exception
    assert page.selectbox(key="pair").value == top
    assert page.dataframe[1].value["direction"].str.contains(top.split("-")[0]).all()
    page.switch_page("dashboard/pages/overview.py").run()
    assert not page.exception, page.exception
    assert page.title[0].value.startswith(pair_label(top))


def test_an_unknown_pair_in_a_link_is_refused_and_the_default_shown():
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["pair"] = "ARM-XXX"
    at.run()
    assert not at.exception
    assert at.selectbox(key="pair").value == "ARM-KAZ"
    assert "**`pair`** `ARM-XXX` (showing `Armenia – Kazakhstan (ARM-KAZ)`); close codes for `XXX`: FXX" in (
        at.warning[0].value)
