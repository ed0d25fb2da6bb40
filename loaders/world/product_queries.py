"""Product-level mirror queries, written once in Ibis (portable ops only) so DuckDB runs them here and Spark later.

``product_mirror`` sets each exporter's product exports beside its partner's product imports, one HS level per
direction and year; ``explaining_products`` ranks a mirror's lines by |gap| and marks the fewest that explain most of
it; ``largest_product_gaps`` ranks the world's product lines by |gap| in one year.
"""
from __future__ import annotations

import ibis
from ibis import _

DIRECTION = ["exporter", "importer", "year"]
SIDE = ["reporter", "partner", "flow", "year"]
PRODUCT_MIRROR_COLUMNS = ["exporter", "importer", "year", "hs_code", "hs_level", "x_value_usd", "m_value_usd",
                          "x_months", "m_months", "gap_usd", "gap_share", "abs_gap_share", "x_source", "x_vintage",
                          "m_source", "m_vintage"]
EXPLAINED_COLUMNS = [*PRODUCT_MIRROR_COLUMNS, "gap_rank", "cumulative_abs_share", "explains_most"]
EXPLAINS_MOST = 0.8
# NB shares summed in floating point: 0.5 + 0.3 must count as having reached 0.8
SHARE_TOLERANCE = 1e-9


def _keep_extreme(rows: ibis.Table, keys: list[str], column: str, largest: bool) -> ibis.Table:
    """The rows whose ``column`` is the largest (or smallest) within their ``keys`` group."""
    best = rows.group_by(keys).aggregate(_best=rows[column].max() if largest else rows[column].min())
    joined = rows.inner_join(best, keys)
    return joined.filter(joined[column] == joined._best).drop("_best")


def side_rows(records: ibis.Table, years: tuple[int, int] | None = None) -> ibis.Table:
    """Export and import product rows, one publication per reporter, partner, flow and year, summed per HS code.

    A side's year comes from its declared valuation (imports CIF, exports FOB, where both are published), its annual
    rows where it has them, else its monthly rows (``months`` says how many months: 12 for an annual figure), the
    latest vintage, then one source, so no figure is counted twice.
    """
    rows = records.filter(_.hs_code != "TOTAL", _.freq.isin(["A", "M"]), _.flow.isin(["export", "import"]),
                          _.value_usd.notnull())
    rows = rows.mutate(year=_.period_start.year().cast("int64"), hs_level=_.hs_code.length().cast("int64"))
    if years is not None:
        rows = rows.filter(_.year.between(*years))
    # NB the mirror method's valuations: imports CIF and exports FOB where a reporter publishes both
    declared = ((_.flow == "import") & (_.valuation == "CIF")) | ((_.flow == "export") & (_.valuation == "FOB"))
    rows = _keep_extreme(rows.mutate(undeclared=(~declared).cast("int8")), SIDE, "undeclared", largest=False)
    rows = _keep_extreme(rows, SIDE, "freq", largest=False)  # NB "A" sorts before "M": annual wins
    rows = _keep_extreme(rows, SIDE, "vintage", largest=True)
    rows = _keep_extreme(rows, SIDE, "source", largest=False)
    publication = rows.group_by(SIDE).aggregate(
        months=ibis.cases((_.freq.max() == "A", 12), else_=_.period_start.nunique()).cast("int64"),
        source=_.source.min(), vintage=_.vintage.max())
    # NB Comtrade splits a line per mode of transport: those rows add up; rows of different HS levels never do
    summed = rows.group_by([*SIDE, "hs_level", "hs_code"]).aggregate(value_usd=_.value_usd.sum())
    return summed.inner_join(publication, SIDE)


def _chosen_levels(x: ibis.Table, m: ibis.Table, hs_level: int | None) -> ibis.Table:
    """Per direction and year: the given HS level, else the finest both sides report, else the finest either does."""
    x_levels = x.select(*DIRECTION, "hs_level").distinct()
    m_levels = m.select(*DIRECTION, "hs_level").distinct()
    either = x_levels.union(m_levels).group_by(DIRECTION).aggregate(any_level=_.hs_level.max())
    if hs_level is not None:
        return either.select(*DIRECTION, level=ibis.literal(hs_level, "int64"))
    both = x_levels.inner_join(m_levels, [*DIRECTION, "hs_level"]).group_by(DIRECTION).aggregate(
        common_level=_.hs_level.max())
    chosen = either.left_join(both, DIRECTION)
    return chosen.select(*[chosen[c] for c in DIRECTION],
                         level=ibis.coalesce(chosen.common_level, chosen.any_level))


def _at_level(side: ibis.Table, levels: ibis.Table) -> ibis.Table:
    joined = side.inner_join(levels, DIRECTION)
    return joined.filter(joined.hs_level == joined.level).drop("level")


def _mirror(records: ibis.Table, years: tuple[int, int] | None, hs_level: int | None) -> ibis.Table:
    rows = side_rows(records, years)
    x = rows.filter(_.flow == "export").select(exporter=_.reporter, importer=_.partner, year=_.year,
                                               hs_level=_.hs_level, hs_code=_.hs_code, x_value_usd=_.value_usd,
                                               x_months=_.months, x_source=_.source, x_vintage=_.vintage)
    m = rows.filter(_.flow == "import").select(exporter=_.partner, importer=_.reporter, year=_.year,
                                               hs_level=_.hs_level, hs_code=_.hs_code, m_value_usd=_.value_usd,
                                               m_months=_.months, m_source=_.source, m_vintage=_.vintage)
    levels = _chosen_levels(x, m, hs_level)
    x, m = _at_level(x, levels), _at_level(m, levels)
    keys = [*DIRECTION, "hs_code"]
    both = x.outer_join(m, keys)
    lines = both.select(**{k: ibis.coalesce(both[k], both[f"{k}_right"]) for k in [*keys, "hs_level"]},
                        x_value_usd=both.x_value_usd, m_value_usd=both.m_value_usd).view()
    for side in ("x", "m"):  # NB per direction-year, so a line only one side lists still names both publications
        published = (x if side == "x" else m).group_by(DIRECTION).aggregate(
            **{f"{side}_{c}": getattr(_, f"{side}_{c}").max() for c in ("months", "source", "vintage")}).view()
        lines = lines.left_join(published, DIRECTION).select(
            *lines.columns, *(f"{side}_{c}" for c in ("months", "source", "vintage"))).view()
    # NB both sides itemise the same months: a line one side does not list is none of its trade, so it counts as 0
    comparable = lines.x_months.notnull() & lines.m_months.notnull() & (lines.x_months == lines.m_months)
    lines = lines.mutate(gap_usd=ibis.cases(
        (comparable, lines.m_value_usd.fill_null(0.0) - lines.x_value_usd.fill_null(0.0)), else_=ibis.null("float64")))
    totals = lines.group_by(DIRECTION).aggregate(total_gap=_.gap_usd.sum(), total_abs_gap=_.gap_usd.abs().sum())
    shared = lines.left_join(totals, DIRECTION)
    return shared.select(
        *lines.columns,
        gap_share=ibis.cases((shared.total_gap != 0, shared.gap_usd / shared.total_gap), else_=ibis.null("float64")),
        abs_gap_share=ibis.cases((shared.total_abs_gap > 0, shared.gap_usd.abs() / shared.total_abs_gap),
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
    return _mirror(pair, years, hs_level).order_by([*DIRECTION, "hs_code"])


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
    lines = _mirror(records, (year, year), hs_level).filter(_.gap_usd.notnull())
    return lines.mutate(abs_gap_usd=_.gap_usd.abs()).order_by(
        [ibis.desc("abs_gap_usd"), "exporter", "importer", "hs_code"]).limit(limit)
