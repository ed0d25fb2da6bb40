"""Minimal product mirror queries in Ibis, for the products-scale benchmark only, where loaders/world/product_queries.py
(the app's, with HS-level, vintage and month rules) is not there yet: X and M summed per HS line, gap = M - X."""
from __future__ import annotations

import ibis
from ibis import _

KEYS = ["exporter", "importer", "year", "hs_code"]


def _lines(records: ibis.Table, years: tuple[int, int] | None) -> ibis.Table:
    rows = records.filter(_.hs_code != "TOTAL", _.flow.isin(["export", "import"]), _.value_usd.notnull()).mutate(
        year=_.period_start.year().cast("int64"))
    if years is not None:
        rows = rows.filter(_.year.between(*years))
    exports = _.flow == "export"
    sides = rows.mutate(exporter=ibis.cases((exports, _.reporter), else_=_.partner),
                        importer=ibis.cases((exports, _.partner), else_=_.reporter),
                        x=ibis.cases((exports, _.value_usd), else_=ibis.null("float64")),
                        m=ibis.cases((exports, ibis.null("float64")), else_=_.value_usd))
    lines = sides.group_by(KEYS).aggregate(x_value_usd=_.x.sum(), m_value_usd=_.m.sum())
    return lines.mutate(gap_usd=_.m_value_usd - _.x_value_usd)


def product_mirror(records: ibis.Table, a: str, b: str, years: tuple[int, int] | None = None) -> ibis.Table:
    pair = records.filter(((_.reporter == a) & (_.partner == b)) | ((_.reporter == b) & (_.partner == a)))
    return _lines(pair, years).order_by(KEYS)


def largest_product_gaps(records: ibis.Table, year: int, limit: int = 20) -> ibis.Table:
    lines = _lines(records, (year, year)).filter(_.gap_usd.notnull())
    return lines.mutate(abs_gap_usd=_.gap_usd.abs()).order_by([ibis.desc("abs_gap_usd"), *KEYS]).limit(limit)
