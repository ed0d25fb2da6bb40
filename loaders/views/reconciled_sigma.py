"""Each reporter's σ for a reconciled row: the estimate of the window of years that holds the row's year (the latest
window for later years, the earliest for earlier ones) from the snapshot's reporter_sigma table, else DEFAULT_SIGMA;
with where it came from, in words."""
from __future__ import annotations

import numpy as np
import pandas as pd

# NB used where the table has no estimate for a reporter (under 10 partners compared, or no table at all): equal σ
# for both sides gives equal weights (w_X = ½)
DEFAULT_SIGMA = 0.5


def sigma_of(reporters: pd.Series, years: pd.Series, table: pd.DataFrame | None) -> tuple[pd.Series, pd.Series]:
    """σ per row for ``reporters`` in ``years``, and its origin ('IMF DOTS mirror gaps 2016–2020, 68 partners' or
    'default 0.5: …')."""
    index = reporters.index
    if table is None or table.empty:
        return (pd.Series(DEFAULT_SIGMA, index=index, dtype="float64"),
                pd.Series(f"default {DEFAULT_SIGMA}: no reliability table in the data", index=index, dtype="str"))
    spans = table[["first_year", "last_year"]].drop_duplicates().sort_values("last_year", ignore_index=True)
    at = np.searchsorted(spans["last_year"].to_numpy(), years.to_numpy(dtype="int64"), side="left")
    span = spans.iloc[np.clip(at, 0, len(spans) - 1)].set_axis(index)
    wanted = pd.DataFrame({"reporter": reporters.astype("str"), "first_year": span["first_year"],
                           "last_year": span["last_year"]}, index=index)
    found = wanted.merge(table[["reporter", "first_year", "sigma", "partners_compared"]],
                         on=["reporter", "first_year"], how="left").set_axis(index)
    estimated = found["sigma"].notna()
    outside = ~years.between(found["first_year"], found["last_year"])
    origin = ("IMF DOTS mirror gaps " + found["first_year"].astype("str") + "–" + found["last_year"].astype("str")
              + ", " + found["partners_compared"].astype("Int64").astype("str") + " partners"
              + (", the nearest window to " + years.astype("str")).where(outside, ""))
    missing = (f"default {DEFAULT_SIGMA}: no estimate for " + found["reporter"] + " in "
               + found["first_year"].astype("str") + "–" + found["last_year"].astype("str") + " (under 10 partners)")
    return found["sigma"].fillna(DEFAULT_SIGMA), origin.where(estimated, missing)
