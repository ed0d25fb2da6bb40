"""Figure builders on the bundled figures: what each trace carries matches the view's frame."""
import math

import pytest

from dashboard import charts, gap_charts
from loaders.query import Query
from loaders.store.snapshot import read_snapshot
from loaders.views import run_view


@pytest.fixture(scope="module")
def bundled():
    return read_snapshot()


def test_revisions_chart_draws_a_line_per_series_broken_between_years(bundled):
    frame = run_view("revisions", bundled, Query())
    fig = charts.revisions_chart(frame, "t")
    assert [t.name for t in fig.data] == sorted(frame["series"].unique())
    for trace in fig.data:
        rows = frame[frame["series"] == trace.name].sort_values(["year", "vintage"], kind="stable")
        drawn = [(year, y) for (year, _), y in zip(trace.customdata, trace.y) if y is not None]
        assert [year for year, _ in drawn] == rows["year"].tolist()
        assert [y for _, y in drawn] == pytest.approx((rows["value_usd"] / 1e6).tolist())
        # one None after each year's last vintage, so no line joins two years
        breaks = [i for i, y in enumerate(trace.y) if y is None]
        assert len(breaks) == rows["year"].nunique() and breaks[-1] == len(trace.y) - 1
        years_between = [trace.customdata[i - 1][0] != trace.customdata[i + 1][0] for i in breaks[:-1]]
        assert all(years_between)


def test_panel_charts_title_every_y_axis_and_put_each_direction_in_its_panel(bundled):
    frame = run_view("reconciled", bundled, Query())
    fig = gap_charts.reconciled_chart(frame, "t")
    directions = sorted(frame["direction"].unique(), key=lambda d: ("↔" in d, d))
    assert [a.text for a in fig.layout.annotations] == directions
    axes = {t.yaxis for t in fig.data}
    assert len(axes) == len(directions)
    assert all(fig.layout[("yaxis" + a[1:])].title.text == "million USD" for a in axes)
    estimates = [t for t in fig.data if t.legendgroup == "baci_usd"]
    assert sum(len(t.y) for t in estimates) == len(frame)


def test_gap_chart_draws_every_index_value_of_the_frame(bundled):
    frame = run_view("mirror", bundled, Query())
    fig = charts.gap_chart(frame, "log_gap", "t")
    drawn = [v for t in fig.data for v in t.y if v is not None and not math.isnan(v)]
    assert sorted(drawn) == pytest.approx(sorted(frame["log_gap"].dropna()))
