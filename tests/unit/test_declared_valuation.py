"""A reporter that compiles imports both CIF and FOB: both stay records, every derived figure uses the CIF one."""
from __future__ import annotations

import math

import pytest

from loaders.query import Query
from loaders.views import VIEWS, WORLD_VIEWS
from loaders.views.bridge import bridge
from loaders.views.dataset import dataset
from loaders.views.mirror import mirror
from loaders.views.series import series
from tests.factories import annual, snapshot

PAIR = ("USA", "JPN")
COMTRADE = {"source": "comtrade", "vintage": "2025-06-01"}
# Invented values: the USA reports its imports from Japan both ways, 212 CIF and 200 FOB (212 / 1.06 = 200); the FOB
# row comes first, so a view that takes the first import row it meets picks the wrong one.
ROWS = [
    annual(2023, **COMTRADE, reporter="USA", partner="JPN", value_usd=100.0),
    annual(2023, **COMTRADE, reporter="USA", partner="JPN", flow="import", partner_basis="origin", valuation="FOB",
           value_usd=200.0),
    annual(2023, **COMTRADE, reporter="USA", partner="JPN", flow="import", partner_basis="origin", valuation="CIF",
           value_usd=212.0),
    annual(2023, **COMTRADE, reporter="JPN", partner="USA", value_usd=190.0),
    annual(2023, **COMTRADE, reporter="JPN", partner="USA", flow="import", partner_basis="origin", valuation="CIF",
           value_usd=106.0),
]


@pytest.fixture(scope="module")
def snap():
    return snapshot(ROWS)


def test_both_valuations_stay_records(snap):
    imports = dataset(snap, Query(pair=PAIR))
    imports = imports[(imports["reporter"] == "USA") & (imports["flow"] == "import")]
    assert sorted(zip(imports["valuation"], imports["value_usd"])) == [("CIF", 212.0), ("FOB", 200.0)]


def test_turnover_is_derived_once_from_the_cif_imports(snap):
    out = series(snap, Query(pair=PAIR))
    usa = out[(out["reporter"] == "USA") & (out["flow"] == "turnover")]
    # 100 exports + 212 CIF imports; never a second turnover of 100 + 200
    assert usa["value_usd"].tolist() == [312.0]
    assert usa["series"].tolist() == ["USA turnover (origin, imports CIF) · comtrade · derived"]
    imports = out[(out["reporter"] == "USA") & (out["flow"] == "import")]
    assert imports["series"].tolist() == ["USA import (origin, CIF) · comtrade"]


def test_mirror_pairs_the_exporter_with_the_cif_imports(snap):
    out = mirror(snap, Query(pair=PAIR, margin=0.06))
    jpn_usa = out[out["direction"] == "JPN→USA"]
    assert len(jpn_usa) == 1
    row = jpn_usa.iloc[0]
    assert (row["x_value_usd"], row["m_value_usd"], row["m_valuation"]) == (190.0, 212.0, "CIF")
    assert row["log_gap"] == pytest.approx(math.log(200.0 / 190.0))  # 212 / 1.06 = 200 brought to FOB


def test_bridge_starts_from_the_cif_based_turnover(snap):
    out = bridge(snap, Query(pair=PAIR, flow="turnover", margin=0.06))
    starts = out[out["kind"] == "start"]
    assert starts["value_usd"].tolist() == [312.0]
    ends = out[out["kind"] == "end"]
    assert ends["value_usd"].tolist() == [296.0]  # Japan: 190 exports + 106 CIF imports


# NB the world views read the IMF world store, not the pair's records this snapshot holds
@pytest.mark.parametrize("name", sorted(set(VIEWS) - {"dataset", "sources", *WORLD_VIEWS}))
def test_no_view_gives_two_rows_that_differ_only_in_value(snap, name):
    out = VIEWS[name](snap, Query(pair=PAIR))
    numbers = [c for c in out.columns if out[c].dtype.kind == "f"]
    described = out.drop(columns=numbers).astype(str)
    assert not described.duplicated().any(), described[described.duplicated(keep=False)].to_string()[:2000]
