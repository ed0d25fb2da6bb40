"""The Bridge's products section in AppTest: lines compared where both sides itemise, one side's lines where only it
does, and a plain sentence (no chart, no download) for a pair without product figures."""
import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from loaders.store.bulk_ingest import ingest_folder

APP = Path(__file__).resolve().parents[2] / "streamlit_app.py"
BULK_GOOD = Path(__file__).resolve().parents[1] / "loaders" / "fixtures" / "comtrade_bulk" / "good"


def bridge(pair: str, **params) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["pair"] = pair
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page("dashboard/pages/bridge.py").run()
    assert not at.exception, at.exception
    return at


def product_chart(at: AppTest) -> dict | None:
    for chart in at.get("plotly_chart"):
        if "product-gap-chart" in chart.proto.id:
            return json.loads(chart.proto.spec)
    return None


def downloads(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


def test_a_pair_with_one_sides_product_lines_shows_them_and_says_why_there_is_no_split():
    at = bridge("ARM-KAZ")
    said = [i.value for i in at.info]
    assert any("Kazakhstan publishes no product-level imports from Armenia" in s for s in said), said
    spec = product_chart(at)
    assert spec is not None and "Armenia's exports to Kazakhstan by product" in spec["layout"]["title"]["text"]
    assert [t["name"] for t in spec["data"]] == ["Armenia's exports (X)"]
    assert "Download products CSV" in downloads(at)


def test_a_pair_with_both_sides_lines_shows_the_lines_explaining_most(tmp_path, monkeypatch):
    store = tmp_path / "store"
    ingest_folder(BULK_GOOD, store)
    monkeypatch.setenv("TRADE_STORE_DIR", str(store))
    at = bridge("ARM-KAZ", bridge_direction="Armenia → Kazakhstan")
    said = [i.value for i in at.info]
    # 2023 at HS6: 870323 +40k, 870324 −200k; 200/240 = 83 %
    assert any("1 of 2 HS6 lines explain 83% of the product-level gap" in s for s in said), said
    spec = product_chart(at)
    assert [t["name"] for t in spec["data"]] == ["Armenia's exports (X)", "Kazakhstan's imports (M)"]
    assert spec["data"][1]["text"] == ["not listed"]  # KAZ lists no 870324: a zero bar, said in words


def test_a_pair_without_product_figures_says_so_plainly():
    at = bridge("DEU-FRA")
    said = [i.value for i in at.info]
    assert any(s.startswith("No product-level figures for Germany and France") for s in said), said
    assert product_chart(at) is None
    assert not any("products" in label or "product lines" in label for label in downloads(at))
