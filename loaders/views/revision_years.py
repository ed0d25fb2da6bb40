"""One year of the revisions view: which years can be picked, the default (the latest revised one), that year's rows
and, per series, its first and latest complete figure."""
from __future__ import annotations

import pandas as pd

SUMMARY_COLUMNS = ["series_name", "editions", "first_edition", "first_value_usd", "latest_edition",
                   "latest_value_usd", "change_usd", "change_pct", "revised", "partial_editions"]


def revision_years(frame: pd.DataFrame) -> list[int]:
    """Every year that some series published in two or more editions, newest first."""
    return sorted({int(y) for y in frame["year"]}, reverse=True)


def latest_revised_year(frame: pd.DataFrame) -> int | None:
    """The latest year whose complete figure changed between editions (a partial year filling up is no revision)."""
    revised = frame.loc[frame["revised"].astype(bool), "year"]
    return None if revised.empty else int(revised.max())


def default_revision_year(frame: pd.DataFrame) -> int | None:
    """The latest revised year, else the latest year listed, else None (nothing was published twice)."""
    latest = latest_revised_year(frame)
    years = revision_years(frame)
    return latest if latest is not None else (years[0] if years else None)


def year_revisions(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The revisions view's rows of one year."""
    return frame[frame["year"] == year].reset_index(drop=True)


def revision_summary(rows: pd.DataFrame) -> pd.DataFrame:
    """Per series of one year (revised ones first): its first and latest complete figure and the change between them;
    editions that covered only part of the year are counted apart, never compared with a full year."""
    out = []
    for name, part in rows.sort_values("vintage", kind="stable").groupby("series_name", sort=True):
        complete = part[~part["partial"].astype(bool)]
        first = complete.iloc[0] if not complete.empty else None
        last = complete.iloc[-1] if not complete.empty else None
        change = last["value_usd"] - first["value_usd"] if first is not None else float("nan")
        out.append({
            "series_name": name, "editions": len(part),
            "first_edition": first["vintage"] if first is not None else pd.NaT,
            "first_value_usd": first["value_usd"] if first is not None else float("nan"),
            "latest_edition": last["vintage"] if last is not None else pd.NaT,
            "latest_value_usd": last["value_usd"] if last is not None else float("nan"),
            "change_usd": change,
            "change_pct": change / first["value_usd"] if first is not None and first["value_usd"] else float("nan"),
            "revised": bool(part["revised"].any()), "partial_editions": int(part["partial"].astype(bool).sum())})
    summary = pd.DataFrame(out, columns=SUMMARY_COLUMNS)
    return summary.sort_values(["revised", "series_name"], ascending=[False, True], kind="stable",
                               ignore_index=True)
