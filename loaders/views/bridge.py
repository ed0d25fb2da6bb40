"""Bridge view: per year and direction, a waterfall from the exporter's figure to the importer's (for turnover, from the
first country's total to the second's), one bar per known cause and the residual as its own bar.

Steps, in order (docs/methods.md#bridge): revision between vintages, partner attribution (origin vs
consignment), valuation (CIF/FOB at the set margin), re-exports, timing, then the causes the data cannot measure
(listed with no value) and the residual = end − start − Σ measured steps, so start + steps + residual = end.
A year without an end figure keeps its start and measured steps, and says so: no end and no residual are made up.
Where a side's figure was also quoted (a record of confidence B or C for the same reporter, flow and year), the quote
stands outside the official bridge as its own bars: before the start, the quote and the step from it to the official
figure; after the end, the step from the official figure to the quote and the quote (kinds 'quote' and 'quote step').
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from loaders.query import Query
from loaders.store.snapshot import Snapshot
from loaders.views import bridge_steps as steps
from loaders.views.bridge_inputs import (
    figures_by_vintage,
    index_by_key,
    reexport_lines,
    timing_by_direction,
    value_at,
    vintage_as_of,
    with_quotes,
)
from loaders.views.memo import memo
from loaders.views.mirror import mirror

BRIDGE_COLUMNS = ["bridge", "year", "direction", "measure", "start_basis", "end_basis", "status", "step_order", "step",
                  "kind", "value_usd", "running_usd", "method", "inputs", "confidence", "reason", "margin_pct",
                  "x_source", "x_vintage", "x_source_url", "m_source", "m_vintage", "m_source_url"]
QUOTE_KINDS = ["quote", "quote step"]
MEASURED_STEPS = ["revision between vintages", "partner attribution", "valuation (CIF/FOB)", "re-exports", "timing"]


def _lookups(w: pd.DataFrame, snapshot: Snapshot, q: Query) -> pd.DataFrame:
    figures = figures_by_vintage(snapshot, q)
    values, confidence = index_by_key(figures, "value_usd"), index_by_key(figures, "confidence")
    turnover = (w["measure"] == "turnover vs turnover").to_numpy()
    asof = vintage_as_of(figures, w)
    start = {"source": w["x_source"], "reporter": w["x_reporter"], "flow": w["x_flow"], "year": w["year"]}
    ref = asof.where(asof.notna() & w["m_value_usd"].notna(), w["x_vintage"])
    first = {"source": w["x_source"], "reporter": w["x_reporter"], "year": w["year"], "vintage": ref}
    importer = {"source": w["m_source"], "reporter": w["m_reporter"], "year": w["year"], "vintage": w["m_vintage"],
                "flow": "import"}

    def number(rows: np.ndarray, **keys) -> np.ndarray:
        return np.where(rows, value_at(values, **keys), np.nan).astype("float64")

    w = w.assign(
        is_turnover=turnover, asof_vintage=asof, ref_vintage=ref,
        asof_value=number(w["m_value_usd"].notna().to_numpy(), partner_basis=w["x_basis"], vintage=asof, **start),
        exp_leg=number(turnover, flow="export", partner_basis="destination", **first),
        imp_leg=number(turnover, flow="import", partner_basis=w["x_basis"], **first),
        imp_consignment_leg=number(turnover, flow="import", partner_basis="consignment", **first),
        m_origin=number(~turnover, partner_basis="origin", **importer),
        m_consignment=number(~turnover, partner_basis="consignment", **importer),
        start_confidence=value_at(confidence, partner_basis=w["x_basis"], vintage=w["x_vintage"], **start),
        end_confidence=value_at(confidence, source=w["m_source"], reporter=w["m_reporter"], flow=w["m_flow"],
                                partner_basis=w["m_basis"], year=w["year"], vintage=w["m_vintage"]),
    )
    w = with_quotes(with_quotes(w.assign(x_run=w["asof_value"].fillna(w["x_value_usd"])), figures, "x"), figures, "m")
    lines = reexport_lines(snapshot, q).rename(columns={"reporter": "x_reporter", "partner": "m_reporter"})
    return w.merge(lines, on=["x_reporter", "m_reporter", "year"], how="left").set_axis(w.index)


def _with_timing(w: pd.DataFrame, snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Direction bridges take their direction's timing; a turnover bridge adds both directions' (else unmeasured)."""
    turnover = w["is_turnover"]
    back_basis = w["x_basis"].where(~w["attribution_measured"], "consignment")
    there = w[["x_reporter", "m_reporter", "m_basis"]]
    back = pd.DataFrame({"x_reporter": w["m_reporter"], "m_reporter": w["x_reporter"], "m_basis": back_basis})[turnover]
    effects = timing_by_direction(snapshot, q, pd.concat([there, back], ignore_index=True))
    if effects.empty:
        return w.assign(timing_usd=np.nan, lag_text="")
    keys = ["x_reporter", "m_reporter", "m_basis", "year"]

    def looked_up(sides: pd.DataFrame) -> pd.DataFrame:
        found = sides.assign(year=w["year"]).reset_index(names="_row").merge(effects, on=keys, how="left")
        return found.set_index("_row").reindex(w.index)

    one, other = looked_up(there), looked_up(back)
    timing_usd = one["timing_usd"].where(~turnover, one["timing_usd"] + other["timing_usd"])
    lag, lag_back = (frame["lag_months"].map(lambda v: "?" if pd.isna(v) else f"{v:.0f}") for frame in (one, other))
    lag_text = ("lag " + lag + " month(s)").where(~turnover, "lags " + lag + " and " + lag_back + " month(s)")
    return w.assign(timing_usd=timing_usd, lag_text=lag_text)


def _part(n: int, order: int, step, kind, value, method, inputs, confidence, reason) -> dict[str, np.ndarray]:
    """One bar per bridge (n bridges): each field a column or a scalar broadcast to n."""
    fields = {"step_order": order, "step": step, "kind": kind, "method": method, "inputs": inputs,
              "confidence": confidence, "reason": reason}
    part = {k: np.broadcast_to(np.asarray(v, dtype=object), n) for k, v in fields.items()}
    return {**part, "value_usd": np.broadcast_to(np.asarray(value, dtype="float64"), n)}


# NB bar orders: the start 0, the measured steps 1-5, the unmeasurable causes, the residual, the end; quotes around them
STEP_ORDER = {step: order for order, step in enumerate(MEASURED_STEPS, start=1)}
UNMEASURED_ORDERS = range(len(MEASURED_STEPS) + 1, len(MEASURED_STEPS) + 1 + len(steps.UNMEASURABLE))
RESIDUAL_ORDER = UNMEASURED_ORDERS.stop
END_ORDER = RESIDUAL_ORDER + 1
MARGIN_STEPS = ("valuation (CIF/FOB)", "timing")  # the steps a margin enters
MARGIN_FREE_STEPS = [step for step in MEASURED_STEPS if step not in MARGIN_STEPS]  # _margin_free's steps, in order


def _step_part(n: int, step: str, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The bar of one measured step, at its STEP_ORDER."""
    kind = frame["state"].map({"measured": "step", "omitted": "omitted", "unmeasured": "unmeasured"})
    return _part(n, STEP_ORDER[step], step, kind, frame["value"], frame["method"],
                 frame["inputs"].where(frame["state"] == "measured", ""), frame["confidence"], frame["reason"])


@dataclass(frozen=True)
class FixedBars:
    """What of the bridges' bars no margin enters: each bridge's identity columns, its bars but the valuation, timing
    and residual ones (by order), its quote bars, and the margin-free steps' values (by step)."""
    ident: dict[str, object]
    parts: dict[int, dict[str, np.ndarray]]
    quotes_before: list[dict[str, np.ndarray]]
    quotes_after: list[dict[str, np.ndarray]]
    values: dict[str, pd.Series]
    no_start: np.ndarray
    no_end: np.ndarray


def _fixed_bars(w: pd.DataFrame, fixed: list[pd.DataFrame]) -> FixedBars:
    """The FixedBars of the bridges in ``w`` (``fixed``: their MARGIN_FREE_STEPS), built once per pair, flow, basis,
    vintage mode and years."""
    n = len(w)
    label = (w["year"].astype(str) + " · " + w["direction"] + " · " + w["x_reporter"] + " " + w["x_flow"] + " ("
             + w["x_basis"].fillna("no figure") + ") → " + w["m_reporter"] + " " + w["m_flow"] + " ("
             + w["m_basis"].fillna("no figure") + ")")
    no_start, no_end = w["x_value_usd"].isna().to_numpy(), w["m_value_usd"].isna().to_numpy()
    status = np.select(
        [no_start, no_end],
        ["no " + w["x_reporter"] + " " + w["x_flow"] + " figure for this year: nothing to bridge from",
         "no " + w["m_reporter"] + " " + w["m_flow"] + " figure for this year: the end and the residual are not "
         "computed"], "complete")
    parts = {0: _part(n, 0, "start: " + w["x_reporter"] + " " + w["x_flow"], "start", w["x_value_usd"],
                      "as published by " + w["x_reporter"],
                      w["x_source"].fillna("?") + ", vintage " + steps.day(w["x_vintage"]), w["start_confidence"],
                      "")}
    for step, frame in zip(MARGIN_FREE_STEPS, fixed):
        parts[STEP_ORDER[step]] = _step_part(n, step, frame)
    for order, (name, why) in zip(UNMEASURED_ORDERS, steps.UNMEASURABLE.items()):
        parts[order] = _part(n, order, name, "unmeasured", np.nan, "not measured", "", "", why)
    parts[END_ORDER] = _part(n, END_ORDER, "end: " + w["m_reporter"] + " " + w["m_flow"], "end", w["m_value_usd"],
                             "as published by " + w["m_reporter"],
                             w["m_source"].fillna("?") + ", vintage " + steps.day(w["m_vintage"]),
                             w["end_confidence"], np.where(no_end, "not published or not in the data", ""))
    ident = {"bridge": label, "year": w["year"], "direction": w["direction"], "measure": w["measure"],
             "start_basis": w["x_basis"], "end_basis": w["m_basis"], "status": status,
             **{f"{side}_{field}": w[f"{side}_{field}"] for side in "xm" for field in ("source", "vintage", "source_url")}}
    return FixedBars(ident=ident, parts=parts, quotes_before=_quote_parts(w, "x", n),
                     quotes_after=_quote_parts(w, "m", n, after=END_ORDER + 1),
                     values={step: frame["value"].fillna(0.0) for step, frame in zip(MARGIN_FREE_STEPS, fixed)},
                     no_start=no_start, no_end=no_end)


def _bars(w: pd.DataFrame, fixed: FixedBars, valuation: pd.DataFrame, timing: pd.DataFrame) -> pd.DataFrame:
    """Every bar of the bridges in ``w``: the margin-free ones of ``fixed`` with the valuation, timing and residual bars
    of the query's margin, in waterfall order with each bar's running total."""
    n = len(w)
    margin_steps = dict(zip(MARGIN_STEPS, (valuation, timing)))
    values = {**fixed.values, **{step: frame["value"].fillna(0.0) for step, frame in margin_steps.items()}}
    # NB summed in the steps' order, as always: the same residual to the last bit
    residual = w["m_value_usd"] - (w["x_value_usd"] + sum(values[step] for step in MEASURED_STEPS))
    by_order = {**fixed.parts, **{STEP_ORDER[step]: _step_part(n, step, frame)
                                  for step, frame in margin_steps.items()},
                RESIDUAL_ORDER: _part(n, RESIDUAL_ORDER, "residual (unexplained)", "residual", residual,
                                      "end − start − Σ measured steps", "", "",
                                      np.where(fixed.no_end, "no end figure", ""))}
    parts = [*fixed.quotes_before, *(by_order[order] for order in sorted(by_order)), *fixed.quotes_after]
    columns = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    ident = {**fixed.ident, "margin_pct": (w["margin"] * 100).round(4)}
    bars = pd.DataFrame({"_bridge": np.tile(np.arange(n), len(parts)),
                         **{k: np.tile(np.asarray(v), len(parts)) for k, v in ident.items()}, **columns})
    no_quote = bars["kind"].isin(QUOTE_KINDS) & bars["value_usd"].isna()
    bars = bars[(bars["kind"] != "omitted") & ~no_quote
                & ~(np.tile(fixed.no_start, len(parts)) & ~bars["kind"].isin(["start", "end", *QUOTE_KINDS]))]
    bars = bars.astype({"step_order": "int64"}).sort_values(["_bridge", "step_order"], kind="stable")
    counted = bars["value_usd"].where(bars["kind"].isin(["start", "step", "residual"]))
    running = counted.groupby(bars["_bridge"]).cumsum().where(counted.notna())
    running = running.where(~bars["kind"].isin(["end", "quote"]), bars["value_usd"])
    # NB a quote step runs from the quote to the official start, or from the official end to the quote.
    before_start = bars["step_order"] < 0
    quote_step = bars["kind"] == "quote step"
    bridge_of_bar = bars["_bridge"].to_numpy()
    start_value = w["x_value_usd"].to_numpy(dtype="float64")[bridge_of_bar]
    end_quote = w["m_quote_usd"].to_numpy(dtype="float64")[bridge_of_bar]
    running = running.where(~quote_step, np.where(before_start, start_value, end_quote))
    return bars.assign(running_usd=running)


def _quote_parts(w: pd.DataFrame, side: str, n: int, after: int | None = None) -> list[dict[str, np.ndarray]]:
    """The quoted figure of one side and the step between it and the side's official figure (NaN where no quote)."""
    quote, official = w[f"{side}_quote_usd"].astype("float64"), w[f"{side}_value_usd"].astype("float64")
    who = w[f"{side}_reporter"] + " " + w[f"{side}_flow"]
    cited = w[f"{side}_quote_source"].fillna("?") + ", " + steps.day(w[f"{side}_quote_vintage"])
    quote_bar = _part(n, 0, "quoted: " + who, "quote", quote, "as quoted (not a statistical series)", cited,
                      "B/C", "")
    edition = (w[f"{side}_source"].fillna("?") + " vintage " + steps.day(w[f"{side}_vintage"]) + ": "
               + steps.musd(official) + "; quote: " + steps.musd(quote))
    if after is None:
        step = _part(n, 0, "quote → official: " + w["x_reporter"], "quote step", official - quote,
                     "official figure minus the quoted one", edition, "A", "")
        return [{**quote_bar, "step_order": np.full(n, -2)}, {**step, "step_order": np.full(n, -1)}]
    step = _part(n, 0, "official → quote: " + w["m_reporter"], "quote step", quote - official,
                 "quoted figure minus the official one", edition, "A", "")
    return [{**step, "step_order": np.full(n, after)}, {**quote_bar, "step_order": np.full(n, after + 1)}]


def _margin_free(snapshot: Snapshot, q: Query) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Every bridge of the query (one row each, inputs looked up) and the steps no margin enters."""
    rows = mirror(snapshot, q)
    if rows.empty:
        return rows, []
    w = _lookups(rows.reset_index(drop=True), snapshot, q)
    attributed = steps.attribution(w)
    # NB later steps depend on earlier ones: valuation uses the import leg after attribution, timing its basis.
    w = w.assign(attribution_measured=attributed["state"] == "measured")
    return w, [steps.revision(w), attributed, steps.reexports(w)]


def bridge(snapshot: Snapshot, q: Query) -> pd.DataFrame:
    """Bars of every bridge of the query's years, directions and bases, in waterfall order."""
    # NB each bridge is one year's, so the bridges of every year are built once per pair, flow, basis and vintage mode
    # and the query's years picked from them; their margin-free bars once per years too: a new margin only
    # recomputes valuation, timing, the residual and the running totals.
    key = (q.pair, q.flow, q.basis, q.vintage)
    w, fixed = memo(snapshot.records, ("bridge", *key), lambda: _margin_free(snapshot, q.with_(years=None)))
    if not w.empty and q.years is not None:
        keep = w["year"].between(*q.years)
        w, fixed = w[keep], [frame[keep] for frame in fixed]
    if w.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in BRIDGE_COLUMNS})
    fixed_bars = memo(snapshot.records, ("bridge bars", *key, q.years), lambda: _fixed_bars(w, fixed))
    w = _with_timing(w.assign(margin=q.margin), snapshot, q)
    return _bars(w, fixed_bars, steps.valuation(w), steps.timing(w))[BRIDGE_COLUMNS].reset_index(drop=True)
