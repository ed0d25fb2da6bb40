"""Download buttons that hand over exactly the frame on screen, as the CLI writes it (formula-safe CSV)."""
from __future__ import annotations

import re
from functools import partial

import pandas as pd
import streamlit as st

from loaders.csv_export import to_csv_bytes
from loaders.query import Query
from loaders.views import QUERY_FIELDS


def file_name(view: str, q: Query, detail: str = "") -> str:
    """A safe file name from validated parts only: letters, digits, dash and underscore (no separator, no '..'); it
    names every setting the view reads, e.g. mirror_ARM-KAZ_2015-2024_flow-all_basis-all_margin-10_2pct_latest.csv."""
    years = f"{q.years[0]}-{q.years[1]}" if q.years else "all-years"
    read = QUERY_FIELDS.get(view, ())
    settings = [f"{field}-{getattr(q, field)}" for field in ("flow", "basis") if field in read]
    if "margin" in read:
        settings.append(f"margin-{q.margin * 100:g}pct")
    if "freq" in read:
        settings.append("annual" if q.freq == "A" else "monthly")
    if "vintage" in read:
        settings.append(f"{q.vintage}-vintage")
    name = "_".join([view, f"{q.pair[0]}-{q.pair[1]}", years, *settings, *([detail] if detail else [])])
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)[:150] + ".csv"


def download_csv(frame: pd.DataFrame, view: str, q: Query, label: str = "Download CSV", detail: str = "") -> None:
    """A button handing over ``frame`` as CSV; ``detail`` names a selection the frame was cut to (e.g. a year)."""
    # NB a callable is only run when the button is clicked, so a rerun does not pay for the CSV.
    st.download_button(label, data=partial(to_csv_bytes, frame), file_name=file_name(view, q, detail), mime="text/csv",
                       on_click="ignore", icon=":material/download:", key=f"download-{view}")
