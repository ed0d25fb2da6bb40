"""The bridge's steps, each computed for every bridge at once: value (NaN = not measured), method, inputs, confidence.

Each step function takes the wide frame of bridges (one row each, inputs already looked up) and returns a frame with
columns value, state ('measured', 'unmeasured' or 'omitted' where the cause cannot apply), method, inputs,
confidence and reason (why a step is not measured).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

STEP_FIELDS = ["value", "state", "method", "inputs", "confidence", "reason"]


def musd(values: pd.Series) -> pd.Series:
    """'71.32 M USD' for each value; '?' for a missing one."""
    text = values.astype("float64").map(lambda v: f"{v / 1e6:,.2f} M USD", na_action="ignore")
    return text.astype("object").fillna("?").astype("str")


def day(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates).dt.strftime("%Y-%m-%d").fillna("?")


def _step(w: pd.DataFrame, value, state, method, inputs, confidence, reason="") -> pd.DataFrame:
    frame = pd.DataFrame({"value": value, "state": state, "method": method, "inputs": inputs,
                          "confidence": confidence, "reason": reason}, index=w.index)
    frame["value"] = frame["value"].astype("float64").where(frame["state"] == "measured")
    return frame


def revision(w: pd.DataFrame) -> pd.DataFrame:
    """The start series as published by the date of the end figure, minus the start figure (chosen vintage)."""
    measured = w["asof_value"].notna() & w["m_value_usd"].notna()
    reason = np.where(w["m_value_usd"].isna(), "no end figure to date the comparison by",
                      "no copy of " + w["x_source"].fillna("?") + " published on or before the end figure's vintage "
                      + day(w["m_vintage"]))
    return _step(w, w["asof_value"] - w["x_value_usd"], np.where(measured, "measured", "unmeasured"),
                 "exporter-side figure in the latest vintage on or before the end figure's vintage, minus the "
                 "start figure: both sides as they stood on the same date",
                 w["x_source"].fillna("?") + " vintage " + day(w["x_vintage"]) + ": " + musd(w["x_value_usd"])
                 + "; vintage " + day(w["asof_vintage"]) + ": " + musd(w["asof_value"])
                 + "; end figure vintage " + day(w["m_vintage"]), "A", np.where(measured, "", reason))


def attribution(w: pd.DataFrame) -> pd.DataFrame:
    """Origin vs consignment, where the importer (or, for turnover, the first country) publishes both bases."""
    turnover = w["is_turnover"]
    flow_value = w["m_origin"] - w["m_consignment"]
    turnover_value = w["imp_consignment_leg"] - w["imp_leg"]
    value = np.where(turnover, turnover_value, flow_value)
    on_origin = np.where(turnover, w["x_basis"], w["m_basis"]) == "origin"
    on_consignment = np.where(turnover, w["x_basis"], w["m_basis"]) == "consignment"
    state = np.select([on_consignment, on_origin & pd.notna(value)], ["omitted", "measured"], "unmeasured")
    method = np.where(
        turnover,
        "first country's imports by consignment minus by origin: the second country's exports, by destination, "
        "correspond to goods consigned from it, whatever their origin",
        "importer's imports by origin minus by consignment: the exporter's figure, by destination, corresponds to "
        "goods consigned from it, whatever their origin")
    inputs = np.where(
        turnover,
        w["x_reporter"] + " imports by consignment " + musd(w["imp_consignment_leg"]) + ", by origin "
        + musd(w["imp_leg"]) + " (" + w["x_source"].fillna("?") + ", vintage " + day(w["ref_vintage"]) + ")",
        w["m_reporter"].fillna("?") + " imports by origin " + musd(w["m_origin"]) + ", by consignment "
        + musd(w["m_consignment"]) + " (" + w["m_source"].fillna("?") + ", vintage " + day(w["m_vintage"]) + ")")
    basis_owner = np.where(turnover, w["x_reporter"], w["m_reporter"].fillna("the importer"))
    reason = np.where(w["m_value_usd"].isna() & ~turnover, "no end figure",
                      basis_owner + " does not publish imports by both origin and consignment for this year")
    return _step(w, value, state, method, inputs, "A", np.where(state == "unmeasured", reason, ""))


def valuation(w: pd.DataFrame) -> pd.DataFrame:
    """CIF/FOB at the set margin: + c·X for a flow; for turnover + c·exports − c/(1+c)·imports (first country)."""
    c = w["margin"]
    turnover = w["is_turnover"]
    import_leg = w["imp_consignment_leg"].where(w["attribution_measured"], w["imp_leg"])
    turnover_value = c * w["exp_leg"] - c / (1 + c) * import_leg
    importer_fob = (w["m_valuation"] == "FOB") & ~turnover
    flow_value = np.where(importer_fob, 0.0, c * w["x_run"])
    value = np.where(turnover, turnover_value, flow_value)
    state = np.where(pd.notna(value), "measured", "unmeasured")
    method = np.where(
        turnover,
        "each total has one CIF leg: the second country's imports (CIF) mirror the first's exports (FOB) → "
        "+ c·exports;"
        " the second's exports (FOB) mirror the first's imports (CIF) → − c/(1+c)·imports; c is the set margin, "
        "assuming both compile imports CIF",
        np.where(importer_fob, "the importer compiles imports FOB: no CIF/FOB difference",
                 "the importer's CIF value exceeds the exporter's FOB value by the set margin c: + c·X"
                 + np.where(w["m_valuation"] == "CIF", "", " (assumes the importer compiles CIF)")))
    inputs = ("c = " + (c * 100).map("{:.1f} %".format) + np.where(
        turnover, "; exports " + musd(w["exp_leg"]) + ", imports " + musd(import_leg), "; X " + musd(w["x_run"])))
    return _step(w, value, state, method, inputs, "C",
                 np.where(state == "unmeasured", "needs the export and import legs of the first country's total", ""))


def reexports(w: pd.DataFrame) -> pd.DataFrame:
    """− the exporter's re-export-suspected lines (products view): an origin-basis importer books them elsewhere."""
    consignment_end = (w["m_basis"] == "consignment") & ~w["is_turnover"]
    has_rows = w["months_with_rows"].fillna(0) > 0
    state = np.select([consignment_end, has_rows], ["omitted", "measured"], "unmeasured")
    method = ("minus the exporter's exports in lines it does not produce (re-export suspected, see the products "
              "view): an importer compiling by country of origin books them under the true origin; months without "
              "product rows count as nothing, so this is a lower bound"
              + np.where(w["m_basis"] == "origin", "", " (assumes the importer compiles by origin: its basis is "
                                                        "not stated)"))
    inputs = (w["product_source"].fillna("?") + " HS " + w["hs_codes"].fillna("?") + " rows (vintage "
              + day(w["product_vintage"]) + "), " + w["months_with_rows"].fillna(0).astype("int64").astype(str)
              + " month(s) with rows, " + day(w["first_month"]).str[:7] + " to " + day(w["last_month"]).str[:7]
              + "; flagged " + musd(w["flagged_usd"]))
    reason = "no product-level rows for " + w["x_reporter"].fillna("?") + "'s exports in this year"
    return _step(w, -w["flagged_usd"], state, method, inputs, "C", np.where(state == "unmeasured", reason, ""))


def timing(w: pd.DataFrame) -> pd.DataFrame:
    """The importer's recording lag (0–2 months) from monthly data on both sides (timing view)."""
    state = np.where(w["timing_usd"].notna(), "measured", "unmeasured")
    return _step(w, w["timing_usd"], state,
                 "best lag L ∈ {0, 1, 2} months between exporter's and importer's monthly series; step = importer's "
                 "year minus importer's months t + L of the year (for turnover: both directions added)",
                 w["lag_text"], "B",
                 np.where(state == "unmeasured", "needs 12 months of monthly figures from both sides (and the "
                                                 "importer's next two months); not in the data for this year", ""))


def unmeasured(w: pd.DataFrame, reason: str) -> pd.DataFrame:
    return _step(w, np.nan, "unmeasured", "not measured", "", "", reason)


UNMEASURABLE = {
    "classification": "needs product-level data from both sides to net out lines booked under different codes",
    "coverage and trade system": "thresholds, confidential items, general vs special trade and survey-based "
                                 "collection of customs-union trade: no public micro data",
    "exchange-rate conversion": "needs both sides' monthly figures in national currency and the rates each used",
}
