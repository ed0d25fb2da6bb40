"""World-scale queries on the IMF world store, written once in Ibis: DuckDB runs them by default, Spark on request.

Every function takes and returns Ibis tables (nothing is computed until ``to_pandas``): ``mirror_flows`` pairs each
exporter's report with its partner's mirror report, ``world`` adds the gap indices, ``reporters`` estimates each
reporter's reliability from its genuine gaps with all partners.
"""
from __future__ import annotations

import datetime

import ibis
from ibis import _

from loaders.world.engine import read_store

# NB the IMF's CIF/FOB factors: its tables fill a missing side from the partner's figure × or ÷ one of them (1.10 in
# the older editions' years, 1.06 in the recent ones; both appear in this copy), sometimes without the 'e' flag; 1.00:
# a side equal to the partner's to the dollar is a copy (232 of the 62,055 two-sided flows >= $1 M in 2016-2020)
CIF_FOB_FACTORS = (1.0, 1.06, 1.10)
# NB the tables give US$ millions to two decimals at the coarsest: an imputation matches within half a cent of a million
ROUNDING_USD = 5_100.0
# NB below $1 M the two-decimal rounding alone moves ln(M/X) by up to 1 %: such flows say little about a reporter
MIN_COMPARED_USD = 1e6
MIN_PARTNERS = 10
# NB two genuine reports of one flow agreeing within 0.5 % with no CIF/FOB margin at all (|ln(M/X)| < 0.005): ~1 % of a
# reporter's pairs for most reporters in 2016-2020, 18.5 % for Libya's, whose figures look derived from its partners'
# beyond what the rounding test of an imputation catches; shown per reporter, the reliability left as defined
EQUAL_LOG_GAP = 0.005
METHOD = (f"exp(-median |ln(M_fob/X)|) over the reporter's mirror gaps with all partners, both sides reported, "
          f"each >= ${MIN_COMPARED_USD / 1e6:g} M, neither an IMF estimate nor an imputation; "
          f"NA under {MIN_PARTNERS} partners")
WORLD_COLUMNS = ["exporter", "importer", "year", "x_value_usd", "m_value_usd", "m_fob_usd", "log_gap",
                 "discrepancy_index", "x_estimated", "m_estimated", "imputed", "x_source", "m_source", "source_url",
                 "vintage"]
# NB mirror_flows' rows: what the world store's year-ordered companion holds (tools/build_snapshot.py)
FLOW_COLUMNS = ["exporter", "importer", "year", "x_value_usd", "m_value_usd", "x_estimated", "m_estimated", "imputed",
                "x_source", "m_source", "source_url", "vintage"]
REPORTER_COLUMNS = ["reporter", "partners_compared", "median_abs_log_gap", "share_imputed", "share_equal_to_mirror",
                    "reliability", "method"]


def store(path) -> ibis.Table:
    """The world store's records as an Ibis table on the engine TRADE_ENGINE names (engine.read_store)."""
    return read_store(path, table_name="world_records")


def flows(path) -> ibis.Table:
    """The world store's year-ordered companion (mirror_flows' rows) as an Ibis table on the engine TRADE_ENGINE names."""
    return read_store(path, table_name="world_flows")


def pair_rows(records: ibis.Table, a: str, b: str) -> ibis.Table:
    """Both directions' records of one pair."""
    return records.filter(((_.reporter == a) & (_.partner == b)) | ((_.reporter == b) & (_.partner == a)))


def mirror_flows(records: ibis.Table, years: tuple[int, int] | None = None) -> ibis.Table:
    """One row per exporter, importer and year: the exporter's X and the importer's M (either may be missing), and
    whether one side is an imputation from the other (FLOW_COLUMNS)."""
    annual = records.filter(_.freq == "A", _.hs_code == "TOTAL")
    if years is not None:
        # NB a range on the stored column, not its year: an engine skips the row groups whose statistics lie outside
        annual = annual.filter(_.period_start >= datetime.datetime(years[0], 1, 1),
                               _.period_start < datetime.datetime(years[1] + 1, 1, 1))
    annual = annual.mutate(year=_.period_start.year())
    x = annual.filter(_.flow == "export").select(
        exporter=_.reporter, importer=_.partner, year=_.year, x_value_usd=_.value_usd, x_estimated=_.estimated,
        x_source=_.source, x_url=_.source_url, x_vintage=_.vintage)
    m = annual.filter(_.flow == "import").select(
        m_exporter=_.partner, m_importer=_.reporter, m_year=_.year, m_value_usd=_.value_usd, m_estimated=_.estimated,
        m_source=_.source, m_url=_.source_url, m_vintage=_.vintage)
    both = x.outer_join(m, [x.exporter == m.m_exporter, x.importer == m.m_importer, x.year == m.m_year])
    return both.select(
        exporter=ibis.coalesce(both.exporter, both.m_exporter), importer=ibis.coalesce(both.importer, both.m_importer),
        year=ibis.coalesce(both.year, both.m_year), x_value_usd=both.x_value_usd, m_value_usd=both.m_value_usd,
        x_estimated=both.x_estimated, m_estimated=both.m_estimated,
        imputed=imputed(both.x_value_usd, both.m_value_usd), x_source=both.x_source, m_source=both.m_source,
        source_url=ibis.coalesce(both.x_url, both.m_url), vintage=ibis.coalesce(both.x_vintage, both.m_vintage))


def imputed(x: ibis.Value, m: ibis.Value) -> ibis.Value:
    """Whether one side equals the other × or ÷ an IMF CIF/FOB factor within the tables' rounding: a figure derived
    from the partner's, not a second report."""
    tests = [((m - x * f).abs() <= ROUNDING_USD) | ((x - m * f).abs() <= ROUNDING_USD) for f in CIF_FOB_FACTORS]
    found = tests[0]
    for test in tests[1:]:
        found = found | test
    return (x.notnull() & m.notnull() & (x > 0) & (m > 0) & found).fill_null(False)


def world(records: ibis.Table, years: tuple[int, int] | None, margin: float, ordered: bool = True) -> ibis.Table:
    """The ``world`` view from the records: mirror_flows with the gap indices (gap_indices)."""
    return gap_indices(mirror_flows(records, years), margin, ordered)


def world_of_flows(flows: ibis.Table, years: tuple[int, int] | None, margin: float,
                   ordered: bool = True) -> ibis.Table:
    """The ``world`` view from mirror_flows' rows as stored (the world store's year-ordered companion): the same rows
    as ``world`` on the records they were built from."""
    if years is not None:
        flows = flows.filter(_.year.between(*years))  # NB a plain column: its row groups' statistics prune it
    return gap_indices(flows, margin, ordered)


def gap_indices(flows: ibis.Table, margin: float, ordered: bool = True) -> ibis.Table:
    """M_fob = M / (1 + margin), ln(M_fob/X) and (X − M)/(X + M) on mirror_flows' rows, in WORLD_COLUMNS; ordered by
    exporter, importer and year unless ``ordered`` is False (for a query that aggregates them: a sort it discards)."""
    x, m = flows.x_value_usd, flows.m_value_usd
    m_fob = m / (1.0 + margin)
    positive = (x > 0) & (m_fob > 0)
    rows = flows.mutate(
        m_fob_usd=m_fob,
        log_gap=ibis.cases((positive, (m_fob / x).ln()), else_=ibis.null("float64")),
        discrepancy_index=ibis.cases(((x + m) > 0, (x - m) / (x + m)), else_=ibis.null("float64")),
    ).select(*WORLD_COLUMNS)
    return rows.order_by(["exporter", "importer", "year"]) if ordered else rows


def genuine(rows: ibis.Table) -> ibis.Value:
    """Whether a world row's two sides are real reports (no IMF estimate, no imputation) of at least MIN_COMPARED_USD
    each, with a log gap: a gap that says something about its reporters."""
    return ((rows.x_value_usd >= MIN_COMPARED_USD) & (rows.m_value_usd >= MIN_COMPARED_USD) & ~rows.x_estimated
            & ~rows.m_estimated & ~rows.imputed & rows.log_gap.notnull())


def genuine_gaps(world_rows: ibis.Table) -> ibis.Table:
    """Each reporter's |ln(M_fob/X)| with each partner and year where both sides are real reports (genuine): once as
    the exporter's gap and once as the importer's."""
    real = world_rows.filter(genuine(world_rows))
    as_exporter = real.select(reporter=_.exporter, partner=_.importer, year=_.year, abs_gap=_.log_gap.abs())
    as_importer = real.select(reporter=_.importer, partner=_.exporter, year=_.year, abs_gap=_.log_gap.abs())
    return as_exporter.union(as_importer)


def reporters(world_rows: ibis.Table, min_partners: int = MIN_PARTNERS) -> ibis.Table:
    """The ``reporters`` view: per reporter, partners compared, the median absolute log gap, the share of its mirror
    pairs that are imputations, the share of its genuine ones equal to the partner's figure within EQUAL_LOG_GAP, and
    reliability = exp(−median gap) in (0, 1], NA under ``min_partners`` partners."""
    # NB every reporter side of a two-sided row, the partner and gap left null where the gap is not genuine: one pass
    # over the rows and one aggregation (genuine_gaps and the shares apart, then joined, took ~2x). Nulls, not
    # aggregates' where=: Ibis 12 gives Spark a median whose percentage is not a constant, which Spark refuses
    paired = world_rows.filter(_.x_value_usd.notnull(), _.m_value_usd.notnull())
    real = genuine(paired)
    paired = paired.mutate(abs_gap=ibis.cases((real, paired.log_gap.abs()), else_=ibis.null("float64")),
                           real_exporter=ibis.cases((real, paired.exporter), else_=ibis.null("string")),
                           real_importer=ibis.cases((real, paired.importer), else_=ibis.null("string")),
                           equal=ibis.cases((real, (paired.m_value_usd / paired.x_value_usd).ln().abs()
                                                   < EQUAL_LOG_GAP), else_=ibis.null("boolean")))
    sides = paired.select(reporter=_.exporter, partner=_.real_importer, imputed=_.imputed, abs_gap=_.abs_gap,
                          equal=_.equal).union(
        paired.select(reporter=_.importer, partner=_.real_exporter, imputed=_.imputed, abs_gap=_.abs_gap,
                      equal=_.equal), distinct=False)
    joined = sides.group_by("reporter").aggregate(
        partners_compared=_.partner.nunique(), median_abs_log_gap=_.abs_gap.median(),
        share_imputed=_.imputed.cast("float64").mean(), share_equal_to_mirror=_.equal.cast("float64").mean())
    enough = joined.partners_compared.fill_null(0) >= min_partners
    return joined.select(
        reporter=joined.reporter, partners_compared=joined.partners_compared.fill_null(0),
        median_abs_log_gap=ibis.cases((enough, joined.median_abs_log_gap), else_=ibis.null("float64")),
        share_imputed=joined.share_imputed, share_equal_to_mirror=joined.share_equal_to_mirror,
        reliability=ibis.cases((enough, (-joined.median_abs_log_gap).exp()), else_=ibis.null("float64")),
        method=ibis.literal(METHOD),
    ).order_by([ibis.desc("reliability"), "reporter"])
