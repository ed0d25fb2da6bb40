"""Products view: X and M per HS line of any pair, each line's share of the gap and the few lines explaining most of it.

The formulas live once, in loaders/world/product_queries.py (Ibis); here they run on DuckDB over the pair's rows.
"""
from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views.common import pair_records
from loaders.views.products import re_export_flags

INPUT_SCHEMA = {"source": "string", "reporter": "string", "partner": "string", "flow": "string", "valuation": "string",
                "freq": "string", "period_start": "timestamp", "hs_code": "string", "value_usd": "float64",
                "vintage": "timestamp"}
TYPES = {"exporter": "str", "importer": "str", "year": "int64", "direction": "str", "hs_code": "str",
         "hs_level": "int64", "x_value_usd": "float64", "m_value_usd": "float64", "x_months": "Int64",
         "m_months": "Int64", "gap_usd": "float64", "gap_share": "float64", "abs_gap_share": "float64",
         "x_source": "str", "x_vintage": "datetime64[us]", "m_source": "str", "m_vintage": "datetime64[us]",
         "gap_rank": "Int64", "cumulative_abs_share": "float64", "explains_most": "bool", "compared": "str",
         "re_export_suspected": "bool", "flag_reason": "str", "flag_rule": "str"}
# NB product_queries' EXPLAINED_COLUMNS with direction after year, then this view's own: written out, since importing
# product_queries imports Ibis, which the start-up does without
PRODUCTS_COLUMNS = list(TYPES)


@cache
def mirror_sql() -> str:
    """The product mirror and its ranking (loaders/world/product_queries.py) as DuckDB SQL over ``product_rows``,
    compiled once: the pair's rows are the whole input, so no pair or year filter is needed."""
    import ibis  # NB here, not at import: the start-up and the first chart run without Ibis and DuckDB

    from loaders.world.product_queries import explaining_products, mirror_lines

    rows = ibis.table(INPUT_SCHEMA, name="product_rows")
    return ibis.to_sql(explaining_products(mirror_lines(rows)), dialect="duckdb")


def products(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """One row per direction, year and HS line: the exporter's X, the importer's M, gap = M − X, the line's share of
    its direction-year's gap, its rank by |gap|, whether it is among the fewest lines explaining 80 % of Σ|gap|, how
    the two sides compare, and the re-export flag of the products lines view."""
    rows = pair_records(snapshot.records, q, totals_only=False)
    rows = rows.loc[rows["hs_code"] != "TOTAL", list(INPUT_SCHEMA)]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in TYPES.items()})[PRODUCTS_COLUMNS]
    import duckdb

    with duckdb.connect() as connection:  # NB a connection per call: DuckDB's are not shared across threads
        connection.register("product_rows", rows)
        out = connection.execute(mirror_sql()).df()
    both = out["x_months"].notna() & out["m_months"].notna()
    compared = np.select([out["gap_usd"].notna(), both, out["m_months"].isna()],
                         ["both sides", "months differ", "exporter only"], "importer only")
    out = out.assign(direction=out["exporter"] + "→" + out["importer"], compared=compared,
                     **re_export_flags(out["exporter"], out["hs_code"], out["x_value_usd"]))
    return out[PRODUCTS_COLUMNS].astype(TYPES).reset_index(drop=True)
