"""The bundled snapshot reproduces the reference figures exactly, and every row is traceable."""
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest

from loaders.query import Query
from loaders.store.dataset import load_dataset
from loaders.views import run_view

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT.parent / "shared" / "reference"


@pytest.fixture(scope="module")
def snap():
    return load_dataset(ROOT / "data")


def armstat_year(snap, year, vintage, flow="export", basis="destination"):
    r = snap.records
    mask = ((r["source"] == "armstat") & (r["partner"] == "KAZ") & (r["flow"] == flow) & (r["partner_basis"] == basis)
            & (r["vintage"] == pd.Timestamp(vintage)) & (r["period_start"].dt.year == year))
    return r.loc[mask, "value_usd"].sum() / 1000


@pytest.mark.parametrize(("vintage", "thousand_usd"), [("2025-02-25", 79_845.8), ("2024-02-13", 71_320.8)])
def test_armstat_2023_exports_to_kazakhstan(snap, vintage, thousand_usd):
    assert round(armstat_year(snap, 2023, vintage), 1) == thousand_usd


def test_armstat_2023_imports_on_both_bases(snap):
    assert round(armstat_year(snap, 2023, "2025-02-25", "import", "origin"), 1) == 30_283.9
    assert round(armstat_year(snap, 2023, "2025-02-25", "import", "consignment"), 1) == 36_741.7


def test_kazakh_quoted_totals_and_imf_estimate_flag(snap):
    r = snap.records
    kz = r[(r["source"] == "kz_official") & (r["flow"] == "turnover") & (r["freq"] == "A")]
    assert dict(zip(kz["period_start"].dt.year, kz["value_usd"])) == {2022: 43_100_000.0, 2023: 53_100_000.0}
    assert set(kz["confidence"]) <= {"B", "C"}
    flagged = r[r["note"].str.contains("flag e", na=False)]
    assert sorted(flagged["period_start"].dt.year.unique()) == [1993] and set(flagged["reporter"]) == {"KAZ"}


def test_every_row_has_a_source_url_and_vintage(snap):
    assert snap.records["source_url"].str.match(r"^https?://").all()
    assert snap.records["vintage"].notna().all()


def test_no_figure_for_a_year_no_source_covers(snap):
    years = snap.records.groupby("source")["period_start"].agg(lambda s: set(s.dt.year))
    assert years["armstat"] == set(range(2007, 2025))
    assert years["imf_dots"] == set(range(1993, 2021))
    assert years["comtrade"] == {2022, 2023}
    assert years["kz_official"] == {2006, 2010, 2022, 2023}


def test_comtrade_levels_are_kept_apart(snap):
    r = snap.records[snap.records["source"] == "comtrade"]
    hs4 = r[r["hs_code"].str.len() == 4]["value_usd"].sum()
    hs6 = r[r["hs_code"].str.len() == 6]["value_usd"].sum()
    assert round(hs4, 2) == round(hs6, 2) == 39_779_565.67
    series_view = run_view("series", snap, Query())
    assert "comtrade" not in set(series_view["source"])  # product rows never enter the totals


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this checkout")
def test_snapshot_is_rebuilt_byte_for_byte_from_the_reference(tmp_path):
    from tools.build_snapshot import main as build

    build(REFERENCE, tmp_path)
    bundled = sorted((ROOT / "data" / "records").iterdir())
    assert [p.name for p in bundled] == sorted(p.name for p in (tmp_path / "records").iterdir())
    world = sorted((ROOT / "data" / "world").iterdir())
    assert [p.name for p in world] == sorted(p.name for p in (tmp_path / "world").iterdir())
    for path in [*bundled, ROOT / "data" / "statements.csv", ROOT / "data" / "events.csv", *world]:
        rebuilt = tmp_path / path.relative_to(ROOT / "data")
        assert rebuilt.read_bytes() == path.read_bytes(), f"{path.name} differs from its rebuild"


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this checkout")
def test_a_truncated_national_file_stops_the_build_and_writes_nothing(tmp_path):
    from loaders.sources.files import SourceFileError
    from tools.build_snapshot import main as build

    reference = tmp_path / "reference"
    reference.mkdir()
    for item in REFERENCE.iterdir():
        if item.name != "imf_dots_world":
            (shutil.copytree if item.is_dir() else shutil.copy)(item, reference / item.name)
    broken = reference / "kz_bns" / "kz_bns_main_indicators_by_country_2021.xls"
    broken.write_bytes(broken.read_bytes()[: broken.stat().st_size // 2])
    out = tmp_path / "data"
    shutil.copytree(ROOT / "data", out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    with pytest.raises(SourceFileError, match="kz_bns_main_indicators_by_country_2021.xls"):
        build(reference, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_seed_articles_four_statements_rechecked(snap):
    """The November 2025 article: $104 M (Armenia's minister), 'up 2.4 times from 2020', exports 'more than two-thirds'
    of the total, and 'Kazakh figures' of $53.1 M for 2023."""
    checked = run_view("statements", snap, Query()).set_index("statement_id")
    # $104 M: no Armstat edition gives it (100.48 M first, 110.13 M now); Kazakhstan's own table does: BNS 2023 file,
    # sheet '2023', row 9: exports 34,991.44433 + imports 68,682.04477 thousand USD = 103.67 M, within ±0.5 M.
    total = checked.loc["tca-2025-total"]
    assert (total["verdict"], total["best_source"]) == ("match", "kz_bns")
    assert round(total["best_value"], 2) == 103_673_489.10
    assert ("newest official figure for that period is Armenia's turnover (exports + imports by origin), Armstat, "
            "2023, edition of 25 Feb 2025: 110.13 M USD") in total["explanation"]
    # Said by Armenia's minister, reproduced only by Kazakhstan's table: the short verdict says whose record it is.
    assert total["verdict_text"].startswith("Reproduced by the other country's record, Kazakhstan's turnover")
    # $53.1 M: checked against Kazakhstan's own table, not against the press quote of the same figure.
    kz = checked.loc["tca-2025-kz"]
    assert (kz["verdict"], kz["best_source"]) == ("mismatch", "kz_bns")
    assert round(kz["rel_diff"], 4) == round(53.1e6 / 103_673_489.10 - 1, 4)
    # 2.4 times 2020: Armstat gives ×2.38 against 2022, not 2020 (first edition: 100.48 / 42.28).
    growth = checked.loc["tca-2025-growth"]
    assert growth["verdict"] == "mismatch" and "it would be right against 2022 instead" in growth["explanation"]
    # More than two-thirds: Armstat's first edition, 71.32 / 100.48 = 71.0 %.
    share = checked.loc["tca-2025-share"]
    assert (share["verdict"], share["best_source"], round(share["best_value"], 3)) == ("match", "armstat", 0.710)
    # A floor, not a figure: 66.67 % lies (0.6667 - 0.7098) / 0.7098 = 6.1 % below the series, and that is no miss.
    assert "71.0 % is more than 66.7 %, as stated" in share["verdict_text"]
    assert "6.1 % below the series is no miss" in share["verdict_text"]


@pytest.mark.parametrize("pair", [("ARM", "KAZ"), ("KAZ", "KGZ"), ("KGZ", "ARM"), ("ARM", "GEO"), ("RUS", "KAZ"),
                                  ("CHN", "KGZ"), ("ARM", "USA")])
def test_every_view_runs_for_pairs_of_every_national_source(snap, pair):
    from loaders.views import VIEWS

    for name in VIEWS:
        frame = run_view(name, snap, Query(pair=pair))
        assert isinstance(frame, pd.DataFrame), name
    dataset = run_view("dataset", snap, Query(pair=pair))
    assert not dataset.empty and set(dataset["reporter"]) | set(dataset["partner"]) == set(pair)


@pytest.mark.skipif(not REFERENCE.is_dir(), reason="../shared/reference is not beside this checkout")
def test_mirror_2023_sets_armstat_against_kazakhstans_own_table(snap):
    reference = pd.read_csv(REFERENCE / "armstat_am_kz_monthly.csv")
    x = reference.query("vintage == '2025-02-25' and year == 2023")["exports_kusd"].sum() * 1000  # 79,845,754.63
    m = 68_682_044.77  # BNS 2023 file, sheet '2023', row 9 (Армения), column F: 68,682.04477 thousand USD
    row = run_view("mirror", snap, Query(years=(2023, 2023), flow="export")).query("direction == 'ARM→KAZ'").iloc[0]
    assert (row["x_source"], row["m_source"], row["m_vintage"]) == ("armstat", "kz_bns", pd.Timestamp("2024-07-25"))
    assert row["x_value_usd"] == pytest.approx(x) and row["m_value_usd"] == pytest.approx(m)
    assert row["mirror_ratio"] == pytest.approx(m / x)
    assert row["log_gap"] == pytest.approx(math.log(m / 1.102 / x))
    assert row["discrepancy_index"] == pytest.approx((x - m) / (x + m))


def test_revisions_show_kazakhstans_two_editions(snap):
    revised = run_view("revisions", snap, Query(years=(2020, 2020)))
    kz = revised.query("source == 'kz_bns' and flow == 'import'").sort_values("vintage")
    # 2020 file, sheet '12_2020', row 9, column F: 7,829.1; 2021 file, sheet '12_2020', row 9, column F: 7,829.06387.
    assert kz["vintage"].dt.strftime("%Y-%m-%d").tolist() == ["2021-07-28", "2022-07-22"]
    assert kz["value_usd"].round(2).tolist() == [7_829_100.00, 7_829_063.87]
