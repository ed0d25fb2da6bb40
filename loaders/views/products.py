"""Product lines view: each product line's trade per period, its share of the reporter's total, and a re-export flag.

Product rows come at one HS level per source and vintage (the coarsest stored: Comtrade's HS4 aggregate rows, never
summed with their HS6 detail rows). The total is the same reporter's all-goods figure for the same month, flow and
partner basis, from the highest-priority source, in the vintage nearest to the product rows' vintage that covers it.
"""
from __future__ import annotations

import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.common import pair_records, source_rank
from loaders.views.memo import memo

# Lines an exporter does not produce, so its exports of them are goods of foreign origin (re-exports), with the source.
NO_DOMESTIC_PRODUCTION = {
    ("ARM", "8703"): "Armenia has no passenger-car industry; its car exports are re-exports (German Economic Team, "
                     "newsletter NL 15/2024, https://www.german-economic-team.com/en/newsletter/"
                     "armenia-vehicle-re-exports-how-high-is-the-economic-relevance/)",
}
FLAG_RULE = ("re-export suspected when the exporter has no domestic production of the HS4 line (cited in "
             "flag_reason) and exports a positive value of it: an importer that compiles by country of origin "
             "books such goods under the true origin, not under the exporter")
PRODUCT_KEY = ["source", "reporter", "partner", "flow", "partner_basis", "freq", "period_start", "period_end",
               "hs_code", "vintage"]
TOTAL_KEY = ["reporter", "partner", "flow", "partner_basis", "freq", "period_start", "period_end"]
PRODUCT_COLUMNS = ["reporter", "partner", "flow", "partner_basis", "hs_code", "hs_level", "freq", "year",
                   "period_start", "period_end", "product_value_usd", "product_rows", "product_source",
                   "product_vintage", "total_value_usd", "total_source", "total_vintage", "share_of_total",
                   "re_export_suspected", "flag_reason", "flag_rule", "source_url"]


def product_lines(records: pd.DataFrame, q: Query) -> pd.DataFrame:
    """Product-level values per line and period at the coarsest HS level each source and vintage publishes, flagged.

    Built once per records frame and pair (shared: never modify it), then cut to the query's years.
    """
    lines = memo(records, ("product lines", q.pair), lambda: _lines(pair_records(records, Query(pair=q.pair),
                                                                                  totals_only=False)))
    return lines if q.years is None else lines[lines["year"].between(*q.years)]


def _lines(recs: pd.DataFrame) -> pd.DataFrame:
    recs = recs[[*PRODUCT_KEY, "value_usd", "source_url"]]
    lines = recs[recs["hs_code"] != "TOTAL"]
    lines = lines.assign(hs_level=lines["hs_code"].str.len())
    coarsest = lines.groupby(["source", "reporter", "partner", "flow", "vintage"])["hs_level"].transform("min")
    lines = lines[lines["hs_level"] == coarsest]
    # NB Comtrade splits one HS4 line per mode of transport: those rows add up; HS levels never do.
    groups = lines.groupby(PRODUCT_KEY, sort=True)
    summed = groups.agg(product_rows=("value_usd", "size"), hs_level=("hs_level", "first"),
                        source_url=("source_url", "first"))
    summed = summed.assign(product_value_usd=groups["value_usd"].sum(min_count=1)).reset_index()
    return _flagged(summed.assign(year=summed["period_start"].dt.year.astype("int64")))


def _flagged(lines: pd.DataFrame) -> pd.DataFrame:
    exported = lines["product_value_usd"].where(lines["flow"].isin(["export", "re-export"]))
    return lines.assign(**re_export_flags(lines["reporter"], lines["hs_code"], exported))


def re_export_flags(exporter: pd.Series, hs_code: pd.Series, exported_usd: pd.Series) -> dict[str, pd.Series]:
    """Columns re_export_suspected, flag_reason and flag_rule for lines of ``exporter``'s exports (FLAG_RULE)."""
    cited = {f"{reporter}|{hs4}": why for (reporter, hs4), why in NO_DOMESTIC_PRODUCTION.items()}
    reason = (exporter + "|" + hs_code.str[:4]).map(cited).fillna("")
    suspected = (reason != "") & (exported_usd > 0)
    return {"re_export_suspected": suspected.astype(bool), "flag_reason": reason.where(suspected, ""),
            "flag_rule": pd.Series(FLAG_RULE, index=exporter.index)}


def _nearest_totals(lines: pd.DataFrame, records: pd.DataFrame, q: Query) -> pd.DataFrame:
    totals = pair_records(records, q)[[*TOTAL_KEY, "source", "vintage", "value_usd"]]
    totals = totals.loc[totals["value_usd"].notna(), [*TOTAL_KEY, "source", "vintage", "value_usd"]]
    both = lines.reset_index(names="_row").merge(totals, on=TOTAL_KEY, how="left", suffixes=("", "_total"))
    both = both.assign(_rank=source_rank(both["source_total"].fillna("")),
                       _distance=(both["vintage_total"] - both["vintage"]).abs())
    both = both.sort_values(["_row", "_rank", "_distance", "vintage_total"], kind="stable", na_position="last")
    return both.drop_duplicates(subset="_row", keep="first").set_index("_row").sort_index()


def product_shares(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """The ``product_lines`` view: one row per product line and period, with the reporter's all-goods total and the line's share of it."""
    lines = product_lines(snapshot.records, q)
    if lines.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PRODUCT_COLUMNS})
    out = _nearest_totals(lines, snapshot.records, q)
    out = out.assign(
        product_source=out["source"], product_vintage=out["vintage"], total_value_usd=out["value_usd"],
        total_source=out["source_total"], total_vintage=out["vintage_total"],
        share_of_total=(out["product_value_usd"] / out["value_usd"]).where(out["value_usd"] > 0))
    return out[PRODUCT_COLUMNS].reset_index(drop=True)
