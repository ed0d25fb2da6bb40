"""Shared steps of the views: pair selection, derived turnover, vintage choice and annual sums."""
from __future__ import annotations

import numpy as np
import pandas as pd

from loaders.query import Query
from loaders.views.memo import memo

# Which source speaks for a reporter when several publish the same figure: the national office first.
SOURCE_PRIORITY = ("armstat", "kz_bns", "kg_nsc", "comtrade", "imf_imts", "imf_dots", "kz_official")
OFFICIAL = "A"  # confidence of an official statistical series; B and C are quoted figures
SERIES_KEY = ["source", "reporter", "partner", "flow", "partner_basis", "valuation"]
PERIOD_KEY = ["source", "reporter", "partner", "freq", "period_start", "period_end", "hs_code", "vintage"]
IMPORT_VALUATION_ORDER = {"CIF": 0, "FOB": 1, "unknown": 2}
EXPORT_VALUATION_ORDER = {"FOB": 0, "CIF": 1, "unknown": 2}
ANNUAL_COLUMNS = [*SERIES_KEY, "freq", "year", "period_start", "period_end", "value_usd", "months_covered",
                  "partial", "derived", "vintage", "source_url", "confidence", "estimated", "note"]


def source_rank(sources: pd.Series) -> pd.Series:
    order = {s: i for i, s in enumerate(SOURCE_PRIORITY)}
    return sources.map(order).fillna(len(order)).astype("int64")


def pair_rows(records: pd.DataFrame, pair: tuple[str, str], every_valuation: bool = False) -> pd.DataFrame:
    """Every record in which one country of the pair reports trade with the other (all years and product codes),
    in each series' declared valuation only unless ``every_valuation``.

    Found once per records frame and pair, so a view's cost follows the pair's data, not the whole dataset's.
    """
    def build() -> pd.DataFrame:
        a, b = pair
        mask = (((records["reporter"] == a) & (records["partner"] == b))
                | ((records["reporter"] == b) & (records["partner"] == a)))
        return records.loc[mask]

    rows = memo(records, ("pair", pair), build)
    if every_valuation:
        return rows
    return memo(records, ("pair, declared valuation", pair), lambda: declared_valuation(rows))


def declared_valuation(records: pd.DataFrame) -> pd.DataFrame:
    """Per source, reporter, partner and flow, the rows of one valuation: for imports CIF where the reporter publishes
    it (the mirror method's assumption), for exports FOB, else the one it publishes. A reporter that compiles imports
    both ways keeps both as records, but every figure derived from them uses one (docs/methods.md#valuation-declared)."""
    preference = np.where(records["flow"].isin(["import", "re-import"]),
                          records["valuation"].map(IMPORT_VALUATION_ORDER),
                          records["valuation"].map(EXPORT_VALUATION_ORDER)).astype("int64")
    keys = [records[c] for c in ("source", "reporter", "partner", "flow")]
    best = pd.Series(preference, index=records.index).groupby(keys, sort=False).transform("min")
    return records.loc[preference == best.to_numpy()]


def pair_records(records: pd.DataFrame, q: Query, totals_only: bool = True,
                 every_valuation: bool = False) -> pd.DataFrame:
    """Records in which one country of the pair reports trade with the other, within the query's years (in each
    series' declared valuation unless ``every_valuation``)."""
    rows = pair_rows(records, q.pair, every_valuation)
    mask = pd.Series(True, index=rows.index)
    if totals_only:
        mask &= rows["hs_code"] == "TOTAL"
    if q.years is not None:
        mask &= (rows["period_start"].dt.year >= q.years[0]) & (rows["period_start"].dt.year <= q.years[1])
    return rows.loc[mask]


def pair_totals(records: pd.DataFrame, q: Query) -> pd.DataFrame:
    """The pair's total-goods records of every year with derived turnover (shared between views: never modify it)."""
    return memo(records, ("totals", q.pair), lambda: with_derived_turnover(pair_records(records, q.with_(years=None))))


def in_years(frame: pd.DataFrame, years: tuple[int, int] | None) -> pd.DataFrame:
    """Rows whose 'year' lies in the query's years (all rows when no years are set), as a new frame."""
    if years is None:
        return frame.loc[frame.index]
    out = frame.loc[(frame["year"] >= years[0]) & (frame["year"] <= years[1])]
    # NB an empty selection keeps the int64 year that choose_vintage gives when nothing at all is selected.
    return out.astype({"year": "int64"}) if out.empty else out


def export_import_pairs(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Each export row beside each import row (columns suffixed _imp) with the same keys, leaving out the keys for
    which a turnover is published (a published turnover wins: nothing is derived there)."""
    exports, imports = frame[frame["flow"] == "export"], frame[frame["flow"] == "import"]
    both = exports.merge(imports, on=keys, suffixes=("", "_imp"))
    published = frame.loc[frame["flow"] == "turnover", keys].drop_duplicates()
    if published.empty:
        return both
    both = both.merge(published, on=keys, how="left", indicator=True)
    return both[both["_merge"] == "left_only"].drop(columns="_merge")


def weaker_confidence(both: pd.DataFrame) -> pd.Series:
    """Of an export and an import row side by side, the weaker confidence grade (C over B over A)."""
    return both["confidence"].where(both["confidence"] >= both["confidence_imp"], both["confidence_imp"])


def with_derived_turnover(records: pd.DataFrame) -> pd.DataFrame:
    """Add exports + imports of one source, period and vintage as 'turnover' (one row per import basis; its
    valuation is the import leg's, since the export leg is FOB).

    A published turnover for the same source, period and vintage wins: nothing is derived there.
    """
    if not ((records["flow"] == "export").any() and (records["flow"] == "import").any()):
        return records.assign(derived=False)
    both = export_import_pairs(records, PERIOD_KEY)
    both = both[both["reporter"].notna()]
    derived = pd.DataFrame({
        **{c: both[c] for c in PERIOD_KEY},
        "flow": "turnover",
        "partner_basis": both["partner_basis_imp"],
        "valuation": both["valuation_imp"],
        "value_usd": (both["value_usd"] + both["value_usd_imp"]).round(4),
        "source_url": both["source_url"],
        "confidence": weaker_confidence(both),
        "estimated": both["estimated"] | both["estimated_imp"],
        "note": "derived here: exports + imports (" + both["partner_basis_imp"] + " basis, " + both["valuation_imp"]
                + ") of the same source and vintage",
        "derived": True,
    })
    return pd.concat([records.assign(derived=False), derived[records.columns.tolist() + ["derived"]]],
                     ignore_index=True)


def choose_vintage(records: pd.DataFrame, mode: str) -> pd.DataFrame:
    """Keep, per series and year, one vintage: the latest ('latest') or the earliest ('first')."""
    if records.empty:
        return records.assign(year=pd.Series(dtype="int64"))
    recs = records.assign(year=records["period_start"].dt.year)
    chosen = recs.groupby([*SERIES_KEY, "year"], dropna=False)["vintage"].transform("max" if mode == "latest" else "min")
    return recs[recs["vintage"] == chosen]


def annual(records: pd.DataFrame) -> pd.DataFrame:
    """Annual figures per series, year and vintage: monthly rows summed, annual and partial-period rows kept.

    A year with fewer than 12 months is 'partial'; a month whose value is missing is not counted.
    """
    if "year" not in records.columns:
        records = records.assign(year=records["period_start"].dt.year)
    if "derived" not in records.columns:
        records = records.assign(derived=False)
    monthly = records[records["freq"] == "M"]
    keys = [*SERIES_KEY, "year", "vintage"]
    groups = monthly.groupby(keys, dropna=False, sort=False)
    summed = groups.agg(
        months_covered=("value_usd", "count"),
        period_start=("period_start", "min"),
        period_end=("period_end", "max"),
        source_url=("source_url", "first"),
        confidence=("confidence", "max"),
        estimated=("estimated", "any"),
        note=("note", "first"),
        derived=("derived", "first"),
    )
    summed.insert(0, "value_usd", groups["value_usd"].sum(min_count=1).round(4))
    summed = summed.reset_index()
    summed["freq"] = "A"
    summed["partial"] = summed["months_covered"] < 12
    others = records[records["freq"] != "M"]
    span = ((others["period_end"].dt.year - others["period_start"].dt.year) * 12
            + others["period_end"].dt.month - others["period_start"].dt.month + 1)
    others = others.assign(months_covered=np.where(others["value_usd"].notna(), span, 0),
                           partial=others["freq"] == "P")
    out = pd.concat([summed, others], ignore_index=True)[ANNUAL_COLUMNS]
    return out.astype({"months_covered": "int64", "partial": "bool", "derived": "bool", "estimated": "bool"})


def series_label(frame: pd.DataFrame) -> pd.Series:
    """'ARM export (destination, FOB) · armstat', 'ARM turnover (origin, imports CIF) · armstat · derived': the one
    name a chart legend and a CSV row share; it names the valuation wherever it is known."""
    valuation = np.where(frame["valuation"] == "unknown", "",
                         ", " + np.where(frame["flow"] == "turnover", "imports ", "") + frame["valuation"])
    return (frame["reporter"] + " " + frame["flow"] + " (" + frame["partner_basis"] + valuation + ") · "
            + frame["source"] + np.where(frame["derived"], " · derived", ""))


def direction(frame: pd.DataFrame, pair: tuple[str, str]) -> pd.Series:
    """Which way the goods move: 'ARM→KAZ' for ARM's exports and KAZ's imports; 'ARM↔KAZ' for turnover."""
    exporter = frame["reporter"].where(frame["flow"].isin(["export", "re-export"]), frame["partner"])
    importer = frame["partner"].where(frame["flow"].isin(["export", "re-export"]), frame["reporter"])
    arrow = exporter + "→" + importer
    return arrow.where(frame["flow"] != "turnover", f"{pair[0]}↔{pair[1]}")


def pick_best_source(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Per key, the row of the highest-priority source (SOURCE_PRIORITY)."""
    if frame.empty:
        return frame
    ranked = frame.assign(_rank=source_rank(frame["source"])).sort_values([*keys, "_rank"], kind="stable")
    return ranked.drop_duplicates(subset=keys, keep="first").drop(columns="_rank")


def official_first(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Drop quoted figures (confidence B or C) where an official series (A) has a figure for the same key.

    A quote is never preferred over the government's own series for the same period; it stays a statement, and the
    statements view says whether the series reproduces it.
    """
    official = frame.loc[frame["confidence"] == OFFICIAL, keys].drop_duplicates()
    if official.empty:
        return frame
    flagged = frame.merge(official.assign(_official=True), on=keys, how="left")["_official"].fillna(False)
    return frame.loc[~(flagged.to_numpy(dtype=bool) & (frame["confidence"] != OFFICIAL).to_numpy())]


def filter_flow_basis(frame: pd.DataFrame, q: Query) -> pd.DataFrame:
    """Apply the query's flow and import-basis choice; export and unknown-basis rows pass any basis."""
    mask = pd.Series(True, index=frame.index)
    if q.flow != "all":
        mask &= frame["flow"] == q.flow
    if q.basis != "all":
        mask &= frame["partner_basis"].isin([q.basis, "destination", "unknown"])
    return frame.loc[mask]
