"""Product-level mirror queries, written once in Ibis (filters, aggregates, joins, windows: ops Spark runs too).

``product_mirror`` sets each exporter's product exports beside its partner's product imports, one HS level per
direction and year; ``explaining_products`` ranks a mirror's lines by |gap| and marks the fewest that explain most of
it; ``largest_product_gaps`` ranks the world's product lines by |gap| in one year.
"""
from __future__ import annotations

import ibis
from ibis import _

DIRECTION = ["exporter", "importer", "year"]
PRODUCT_MIRROR_COLUMNS = ["exporter", "importer", "year", "hs_code", "hs_level", "x_value_usd", "m_value_usd",
                          "x_months", "m_months", "gap_usd", "gap_share", "abs_gap_share", "x_source", "x_vintage",
                          "m_source", "m_vintage"]
EXPLAINED_COLUMNS = [*PRODUCT_MIRROR_COLUMNS, "gap_rank", "cumulative_abs_share", "explains_most"]
EXPLAINS_MOST = 0.8
# NB shares summed in floating point: 0.5 + 0.3 must count as having reached 0.8
SHARE_TOLERANCE = 1e-9


def side_rows(records: ibis.Table, years: tuple[int, int] | None = None) -> ibis.Table:
    """Export (side x) and import (side m) product rows keyed by exporter and importer, one publication per side and
    year, summed per HS code.

    A side's year comes from its declared valuation (imports CIF, exports FOB, where both are published), its annual
    rows where it has them, else its monthly rows (``months`` says how many months: 12 for an annual figure), the
    latest vintage, then one source, so no figure is counted twice.
    """
    if years is not None and "year" in records.columns:
        # NB a Hive-partitioned store (year=/reporter=) has the year as a column: filtering on it first lets the
        # engine skip the other years' folders instead of reading every file to compute the year
        records = records.filter(records.year.between(*years))
    rows = records.filter(_.hs_code != "TOTAL", _.freq.isin(["A", "M"]), _.flow.isin(["export", "import"]),
                          _.value_usd.notnull())
    exports = _.flow == "export"
    rows = rows.mutate(year=_.period_start.year().cast("int64"), hs_level=_.hs_code.length().cast("int64"),
                       side=ibis.cases((exports, "x"), else_="m"),
                       exporter=ibis.cases((exports, _.reporter), else_=_.partner),
                       importer=ibis.cases((exports, _.partner), else_=_.reporter),
                       # NB the mirror method's valuations: imports CIF and exports FOB where both are published
                       undeclared=ibis.cases((exports & (_.valuation == "FOB"), 0),
                                             (~exports & (_.valuation == "CIF"), 0), else_=1))
    if years is not None:
        rows = rows.filter(_.year.between(*years))
    # NB "A" sorts before "M": annual wins; rows of one publication tie, so all of them keep rank 0
    best = ibis.window(group_by=[*DIRECTION, "side"],
                       order_by=[_.undeclared, _.freq, ibis.desc(_.vintage), _.source])
    rows = rows.mutate(pick=ibis.rank().over(best)).filter(_.pick == 0)
    months = rows.group_by([*DIRECTION, "side"]).aggregate(
        months=ibis.cases((_.freq.max() == "A", 12), else_=_.period_start.nunique()).cast("int64"))
    # NB Comtrade splits a line per mode of transport: those rows add up; rows of different HS levels never do
    summed = rows.group_by([*DIRECTION, "side", "hs_level", "hs_code"]).aggregate(
        value_usd=_.value_usd.sum(), source=_.source.min(), vintage=_.vintage.max())
    return summed.inner_join(months, [*DIRECTION, "side"])


def _at_one_level(rows: ibis.Table, hs_level: int | None) -> ibis.Table:
    """Per direction and year: the given HS level, else the finest both sides report, else the finest either does."""
    if hs_level is not None:
        return rows.filter(_.hs_level == hs_level)
    per_level = ibis.window(group_by=[*DIRECTION, "hs_level"])
    per_direction = ibis.window(group_by=DIRECTION)
    rows = rows.mutate(has_x=(_.side == "x").cast("int8").max().over(per_level),
                       has_m=(_.side == "m").cast("int8").max().over(per_level))
    rows = rows.mutate(common=ibis.cases(((_.has_x == 1) & (_.has_m == 1), _.hs_level),
                                         else_=ibis.null("int64")).max().over(per_direction),
                       finest=_.hs_level.max().over(per_direction))
    return rows.filter(_.hs_level == ibis.coalesce(_.common, _.finest))


def _side(side: str, column: ibis.Deferred) -> ibis.Value:
    return ibis.cases((_.side == side, column), else_=ibis.null())


def mirror_lines(records: ibis.Table, years: tuple[int, int] | None = None, hs_level: int | None = None) -> ibis.Table:
    """product_mirror for every exporter and importer in ``records`` (no pair filter, no order)."""
    rows = _at_one_level(side_rows(records, years), hs_level)
    per_direction = ibis.window(group_by=DIRECTION)
    # NB per direction-year, so a line only one side lists still names both sides' publications
    published = {f"{side}_{c}": _side(side, getattr(_, c)).max().over(per_direction)
                 for side in ("x", "m") for c in ("months", "source", "vintage")}
    lines = rows.mutate(**published).group_by([*DIRECTION, "hs_code"]).aggregate(
        hs_level=_.hs_level.max(), x_value_usd=_side("x", _.value_usd).sum(),
        m_value_usd=_side("m", _.value_usd).sum(), **{c: getattr(_, c).max() for c in published})
    # NB both sides itemise the same months: a line one side does not list is none of its trade, so it counts as 0
    comparable = _.x_months.notnull() & _.m_months.notnull() & (_.x_months == _.m_months)
    lines = lines.mutate(gap_usd=ibis.cases(
        (comparable, _.m_value_usd.fill_null(0.0) - _.x_value_usd.fill_null(0.0)), else_=ibis.null("float64")))
    lines = lines.mutate(total_gap=_.gap_usd.sum().over(per_direction),
                         total_abs_gap=_.gap_usd.abs().sum().over(per_direction))
    return lines.mutate(
        gap_share=ibis.cases((_.total_gap != 0, _.gap_usd / _.total_gap), else_=ibis.null("float64")),
        abs_gap_share=ibis.cases((_.total_abs_gap > 0, _.gap_usd.abs() / _.total_abs_gap),
                                 else_=ibis.null("float64")),
    ).select(*PRODUCT_MIRROR_COLUMNS)


def product_mirror(records: ibis.Table, a: str, b: str, years: tuple[int, int] | None = None,
                   hs_level: int | None = None) -> ibis.Table:
    """One row per exporter, importer, year and HS code of the pair a–b (both directions): the exporter's exports X,
    the importer's imports M, gap = M − X and the line's share of its direction-year's gap (signed, and of Σ|gap|).

    Each direction-year is compared at one HS level: ``hs_level`` if given, else the finest both sides report (else
    the finest either reports, one-sided). The gap is NA unless both sides itemise the same number of months.
    """
    pair = records.filter(((_.reporter == a) & (_.partner == b)) | ((_.reporter == b) & (_.partner == a)))
    return mirror_lines(pair, years, hs_level).order_by([*DIRECTION, "hs_code"])


def explaining_products(mirror: ibis.Table, threshold: float = EXPLAINS_MOST) -> ibis.Table:
    """The mirror's lines ranked by |gap| within each direction-year, the cumulative share of Σ|gap| down to each, and
    ``explains_most``: the fewest lines whose |gap| adds up to at least ``threshold`` of Σ|gap|."""
    ranking = ibis.window(group_by=DIRECTION, order_by=[ibis.desc(_.abs_gap_share), _.hs_code], rows=(None, 0))
    ranked = mirror.mutate(gap_rank=ibis.row_number().over(ranking) + 1,
                           cumulative_abs_share=_.abs_gap_share.sum().over(ranking))
    before = ranked.cumulative_abs_share - ranked.abs_gap_share
    return ranked.mutate(
        gap_rank=ibis.cases((ranked.abs_gap_share.notnull(), ranked.gap_rank), else_=ibis.null("int64")),
        cumulative_abs_share=ibis.cases((ranked.abs_gap_share.notnull(), ranked.cumulative_abs_share),
                                        else_=ibis.null("float64")),
        explains_most=(ranked.abs_gap_share.notnull() & (before < threshold - SHARE_TOLERANCE)).fill_null(False),
    ).select(*EXPLAINED_COLUMNS).order_by([*DIRECTION, "gap_rank", "hs_code"])


def largest_product_gaps(records: ibis.Table, year: int, limit: int = 20, hs_level: int | None = None) -> ibis.Table:
    """The world's ``limit`` product lines with the largest |M − X| in ``year``, both sides itemised."""
    lines = mirror_lines(records, (year, year), hs_level).filter(_.gap_usd.notnull())
    return lines.mutate(abs_gap_usd=_.gap_usd.abs()).order_by(
        [ibis.desc("abs_gap_usd"), "exporter", "importer", "hs_code"]).limit(limit)
