"""Product-level mirror queries, written once in Ibis (filters, aggregates, joins, windows: ops Spark runs too).

``product_mirror`` sets each exporter's product exports beside its partner's product imports, one HS level per
direction and year; ``explaining_products`` ranks a mirror's lines by |gap| and marks the fewest that explain most of
it; ``largest_product_gaps`` ranks the world's product lines by |gap| in one year.
"""
from __future__ import annotations

import ibis
from ibis import _

DIRECTION = ["exporter", "importer", "year"]
SIDE = [*DIRECTION, "side"]
# NB the columns that tell one publication of a side's figures from another
PUBLICATION = ["undeclared", "freq", "vintage", "source"]
PRODUCT_MIRROR_COLUMNS = ["exporter", "importer", "year", "hs_code", "hs_level", "x_value_usd", "m_value_usd",
                          "x_months", "m_months", "gap_usd", "gap_share", "abs_gap_share", "x_source", "x_vintage",
                          "m_source", "m_vintage"]
EXPLAINED_COLUMNS = [*PRODUCT_MIRROR_COLUMNS, "gap_rank", "cumulative_abs_share", "explains_most"]
EXPLAINS_MOST = 0.8
# NB shares summed in floating point: 0.5 + 0.3 must count as having reached 0.8
SHARE_TOLERANCE = 1e-9


def side_rows(records: ibis.Table, years: tuple[int, int] | None = None) -> ibis.Table:
    """Export (side x) and import (side m) product rows keyed by exporter and importer, each with its publication's
    key (``PUBLICATION``), its period and its HS level: every row, before one publication is picked per side."""
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
    return rows.select(*SIDE, *PUBLICATION, "period_start", "hs_level", "hs_code", "value_usd")


def picked_publications(rows: ibis.Table, read_rows_again: bool = False) -> ibis.Table:
    """Per direction, year and side, the publication compared: its declared valuation (imports CIF, exports FOB,
    where both are published), annual where it has them, else monthly, the latest vintage, then one source, so no
    figure is counted twice; one row per period and HS level it covers.

    NB ranked on the distinct (publication, period, HS level) keys, a few per side, not on the rows: a window over
    a year's rows of the whole world was most of the world query's time."""
    keys = [*SIDE, *PUBLICATION, "period_start", "hs_level"]
    # NB read_rows_again (the world's rows): select first, which Ibis folds into the rows' own select, so the rows are
    # no shared CTE and DuckDB reads the store twice (here and for the lines), which took less CPU and 0.57 against
    # 0.86 GB at 10 M rows. A pair's rows are few: kept, they are read once, and each read of a Hive folder lists
    # its 1,000 files again (0.4 s)
    catalog = (rows.select(*keys) if read_rows_again else rows).group_by(keys).aggregate()
    # NB "A" sorts before "M": annual wins; the rows of one publication tie, so all of them keep rank 0
    best = ibis.window(group_by=SIDE, order_by=[_.undeclared, _.freq, ibis.desc(_.vintage), _.source])
    picked = catalog.mutate(pick=ibis.rank().over(best)).filter(_.pick == 0)
    # NB ends in an aggregate, which Ibis writes as one shared CTE: as a filter, each of its three readers would
    # repeat it, and with it the aggregate over the rows (seven of them in DuckDB's plan)
    return picked.group_by(keys).aggregate()


def compared_levels(picked: ibis.Table, hs_level: int | None) -> ibis.Table:
    """Per direction and year, the one HS level compared: the given one, else the finest both sides report, else
    the finest either does."""
    if hs_level is not None:
        return picked.select(*DIRECTION).distinct().mutate(hs_level=ibis.literal(hs_level, "int64"))
    per_level = picked.group_by([*DIRECTION, "hs_level"]).aggregate(
        has_x=(_.side == "x").cast("int8").max(), has_m=(_.side == "m").cast("int8").max())
    return per_level.group_by(DIRECTION).aggregate(hs_level=ibis.coalesce(
        ibis.cases(((_.has_x == 1) & (_.has_m == 1), _.hs_level), else_=ibis.null("int64")).max(),
        _.hs_level.max()))


def compared_sides(picked: ibis.Table, hs_level: int | None) -> ibis.Table:
    """One row per direction, year and side that has lines at the compared HS level: its publication's key, the
    level and ``months`` (how many months the publication itemises: 12 for an annual figure)."""
    months = picked.group_by([*SIDE, *PUBLICATION]).aggregate(
        months=ibis.cases((_.freq.max() == "A", 12), else_=_.period_start.nunique()).cast("int64"))
    present = picked.select(*SIDE, "hs_level").distinct().inner_join(compared_levels(picked, hs_level),
                                                                      [*DIRECTION, "hs_level"])
    return months.inner_join(present, SIDE)


def _side(side: str, column: ibis.Deferred) -> ibis.Value:
    return ibis.cases((_.side == side, column), else_=ibis.null())


def published(sides: ibis.Table) -> ibis.Table:
    """Per direction and year, both sides' publications compared: months, source and vintage (NA for a side without
    lines at the compared level)."""
    return sides.group_by(DIRECTION).aggregate(
        **{f"{side}_{c}": _side(side, getattr(_, c)).max() for side in ("x", "m") for c in ("months", "source",
                                                                                          "vintage")})


def gap_lines(rows: ibis.Table, sides: ibis.Table) -> ibis.Table:
    """Per direction, year and HS code at the compared level: X, M and gap = M − X (NA unless both sides itemise the
    same months), from ``side_rows`` and their ``compared_sides``; no shares and no publications."""
    # NB Comtrade splits a line per mode of transport: those rows add up; rows of different HS levels never do
    lines = rows.inner_join(sides.select(*SIDE, *PUBLICATION, "hs_level"), [*SIDE, *PUBLICATION, "hs_level"])
    lines = lines.group_by([*DIRECTION, "hs_code"]).aggregate(
        x_value_usd=_side("x", _.value_usd).sum(), m_value_usd=_side("m", _.value_usd).sum())
    # NB both sides itemise the same months: a line one side does not list is none of its trade, so it counts as 0
    comparable = published(sides).select(
        *DIRECTION, comparable=_.x_months.notnull() & _.m_months.notnull() & (_.x_months == _.m_months))
    return lines.inner_join(comparable, DIRECTION).select(
        *DIRECTION, "hs_code", hs_level=_.hs_code.length().cast("int64"), x_value_usd=_.x_value_usd,
        m_value_usd=_.m_value_usd, gap_usd=ibis.cases(
            (_.comparable, _.m_value_usd.fill_null(0.0) - _.x_value_usd.fill_null(0.0)), else_=ibis.null("float64")))


def with_shares(lines: ibis.Table, every_line: ibis.Table) -> ibis.Table:
    """``lines`` with their share of their direction-year's gap, signed and of Σ|gap|, summed over ``every_line``.

    NB an aggregate joined back, not a window: the largest gaps need the totals of their own directions only."""
    totals = every_line.group_by(DIRECTION).aggregate(total_gap=_.gap_usd.sum(), total_abs_gap=_.gap_usd.abs().sum())
    return lines.inner_join(totals, DIRECTION).mutate(
        gap_share=ibis.cases((_.total_gap != 0, _.gap_usd / _.total_gap), else_=ibis.null("float64")),
        abs_gap_share=ibis.cases((_.total_abs_gap > 0, _.gap_usd.abs() / _.total_abs_gap),
                                 else_=ibis.null("float64")),
    )


def mirror_lines(records: ibis.Table, years: tuple[int, int] | None = None, hs_level: int | None = None) -> ibis.Table:
    """product_mirror for every exporter and importer in ``records`` (no pair filter, no order)."""
    rows = side_rows(records, years)
    sides = compared_sides(picked_publications(rows), hs_level)
    lines = gap_lines(rows, sides)
    return with_shares(lines, lines).inner_join(published(sides), DIRECTION).select(*PRODUCT_MIRROR_COLUMNS)


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
    rows = side_rows(records, (year, year))
    sides = compared_sides(picked_publications(rows, read_rows_again=True), hs_level)
    lines = gap_lines(rows, sides)
    order = [ibis.desc("abs_gap_usd"), "exporter", "importer", "hs_code"]
    # NB the few largest first, then their shares and publications: for every other line they would be joined for
    # nothing (and the lines, which both the top and the totals read, kept twice as wide)
    top = lines.filter(_.gap_usd.notnull()).mutate(abs_gap_usd=_.gap_usd.abs()).order_by(order).limit(limit)
    top = with_shares(top, lines).inner_join(published(sides), DIRECTION)
    return top.select(*PRODUCT_MIRROR_COLUMNS, "abs_gap_usd").order_by(order)
