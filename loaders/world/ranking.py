"""Rankings of the world view's rows for the World page: the largest mirror gaps, and where one pair's gap ranks."""
from __future__ import annotations

import numpy as np
import pandas as pd

RANK_MEASURES = {"abs_gap_usd": "gap in US$, |M_fob − X|", "abs_log_gap": "relative gap, |ln(M_fob / X)|"}
RANKED_COLUMNS = ["rank", "exporter", "importer", "year", "x_value_usd", "m_value_usd", "m_fob_usd", "gap_usd",
                  "log_gap", "discrepancy_index", "x_estimated", "m_estimated", "imputed", "pair", "source_url",
                  "vintage"]
PAIR_RANK_COLUMNS = ["direction", "year", "gap_usd", "log_gap", "rank_all", "of_all", "rank_among_exporters_partners",
                     "of_exporters_partners", "rank_among_importers_partners", "of_importers_partners", "note"]


def compared(world: pd.DataFrame, genuine_only: bool = True) -> pd.DataFrame:
    """Rows where both sides reported, with gap_usd = M_fob − X, its absolute value and |log gap|; with
    ``genuine_only`` no IMF estimate or imputation (they are not two reports that could agree or disagree)."""
    both = world[world["x_value_usd"].notna() & world["m_value_usd"].notna()]
    if genuine_only:
        flags = both[["x_estimated", "m_estimated", "imputed"]].fillna(False).astype(bool)
        both = both[~flags.any(axis=1)]
    gap = both["m_fob_usd"] - both["x_value_usd"]
    first = both["exporter"] < both["importer"]
    pair = both["exporter"].where(first, both["importer"]) + "-" + both["importer"].where(first, both["exporter"])
    return both.assign(gap_usd=gap, abs_gap_usd=gap.abs(), abs_log_gap=both["log_gap"].abs(), pair=pair)


def ranked_gaps(world: pd.DataFrame, by: str = "abs_gap_usd", country: str | None = None, flow: str = "all",
                min_usd: float = 0.0, genuine_only: bool = True) -> pd.DataFrame:
    """The compared rows, largest gap first by ``by``, numbered; with ``country`` only its flows (``flow`` export:
    as exporter, import: as importer, all: both); only flows where either side is at least ``min_usd``."""
    rows = compared(world, genuine_only)
    if country:
        as_exporter, as_importer = rows["exporter"] == country, rows["importer"] == country
        rows = rows[as_exporter if flow == "export" else as_importer if flow == "import" else as_exporter | as_importer]
    rows = rows[rows[["x_value_usd", "m_value_usd"]].max(axis=1) >= min_usd]
    rows = rows.dropna(subset=[by]).sort_values([by, "exporter", "importer"], ascending=[False, True, True],
                                                kind="stable")
    return rows.assign(rank=np.arange(1, len(rows) + 1))[RANKED_COLUMNS].reset_index(drop=True)


def pair_rank(world: pd.DataFrame, pair: tuple[str, str], by: str = "abs_gap_usd") -> pd.DataFrame:
    """For each direction of the pair and each year of ``world``: its gap's rank among all compared flows and among
    each of the two countries' flows (1 = largest); a direction without both genuine reports says why."""
    rows = compared(world)
    out = []
    for exporter, importer in (pair, pair[::-1]):
        for year, flows in rows.groupby("year", sort=True) if not rows.empty else []:
            mine = flows[(flows["exporter"] == exporter) & (flows["importer"] == importer)]
            if mine.empty:
                continue
            size = mine[by].iloc[0]
            of_exporter = flows[flows["exporter"] == exporter]
            of_importer = flows[flows["importer"] == importer]
            out.append({
                "direction": f"{exporter}→{importer}", "year": year, "gap_usd": mine["gap_usd"].iloc[0],
                "log_gap": mine["log_gap"].iloc[0], "rank_all": int((flows[by] > size).sum()) + 1,
                "of_all": len(flows), "rank_among_exporters_partners": int((of_exporter[by] > size).sum()) + 1,
                "of_exporters_partners": len(of_exporter),
                "rank_among_importers_partners": int((of_importer[by] > size).sum()) + 1,
                "of_importers_partners": len(of_importer), "note": ""})
        if not any(r["direction"] == f"{exporter}→{importer}" for r in out):
            out.append({"direction": f"{exporter}→{importer}", "note": "no year with both sides' own reports "
                        "(one side missing, an IMF estimate or an imputation)"})
    return pd.DataFrame(out, columns=PAIR_RANK_COLUMNS)


def ranking_countries(world: pd.DataFrame) -> list[str]:
    """Every country code in the world rows, for the page's country filter."""
    return pd.Index(world["exporter"].unique()).union(pd.Index(world["importer"].unique())).sort_values().tolist()


MATRIX_COLUMNS = ["exporter", "importer", "x_value_usd", "m_value_usd", "m_fob_usd", "log_gap", "status", "source_url",
                  "vintage"]
MATRIX_SIZE = 25


def largest_traders(world: pd.DataFrame, size: int = MATRIX_SIZE) -> list[str]:
    """The ``size`` countries with the most trade in ``world`` (each flow counted at the larger of X and M_fob, for
    both its countries), largest first."""
    flow = world[["x_value_usd", "m_fob_usd"]].max(axis=1)
    totals = pd.concat([flow.groupby(world["exporter"]).sum(), flow.groupby(world["importer"]).sum()])
    totals = totals.groupby(level=0).sum()
    return totals.sort_values(ascending=False, kind="stable").head(size).index.tolist()


def gap_matrix(world: pd.DataFrame, size: int = MATRIX_SIZE, also: tuple[str, ...] = ()) -> pd.DataFrame:
    """One row per exporter and importer among the largest traders (largest first, then ``also``, e.g. the current
    pair): both reports and ln(M_fob / X) where both sides' own reports exist, else empty with the reason in
    ``status``."""
    largest = largest_traders(world, size)
    countries = largest + [c for c in dict.fromkeys(also) if c not in largest]
    grid = pd.MultiIndex.from_product([countries, countries], names=["exporter", "importer"]).to_frame(index=False)
    grid = grid[grid["exporter"] != grid["importer"]]
    cells = grid.merge(world, on=["exporter", "importer"], how="left")
    flagged = cells[["x_estimated", "m_estimated", "imputed"]].fillna(False).astype(bool).any(axis=1)
    both = cells["x_value_usd"].notna() & cells["m_value_usd"].notna()
    status = np.select([both & ~flagged, both & flagged, cells["x_value_usd"].notna() | cells["m_value_usd"].notna()],
                       ["both reported", "an IMF estimate or imputation", "one side only"], default="none reported")
    genuine_gap = cells["log_gap"].where(both & ~flagged)
    return cells.assign(log_gap=genuine_gap, status=status)[MATRIX_COLUMNS].reset_index(drop=True)
