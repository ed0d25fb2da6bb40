"""Figure builders on the bundled figures: what each trace carries matches the view's frame."""
import math

import pytest

from dashboard import charts, reconciled_chart, revision_chart
from loaders.query import Query
from loaders.store.snapshot import read_snapshot
from loaders.views import run_view
from loaders.views.revision_years import year_revisions


@pytest.fixture(scope="module")
def bundled():
    return read_snapshot()


def test_revisions_chart_draws_one_line_per_series_of_the_year_named_at_its_end(bundled):
    rows = year_revisions(run_view("revisions", bundled, Query()), 2023)
    fig = revision_chart.revisions_chart(rows, "t")
    # 2023 on the bundled data: five Armstat series, each in five complete editions (none partial).
    names = ["Armenia's exports, Armstat", "Armenia's imports by consignment, Armstat",
             "Armenia's imports by origin, Armstat", "Armenia's turnover (imports by consignment), Armstat",
             "Armenia's turnover (imports by origin), Armstat"]
    assert [t.name for t in fig.data if t.hoverinfo != "skip"] == names
    exports = fig.data[0]
    # Armstat's 2023 exports to Kazakhstan: 71.32 M in the first two editions, 79.85 M from August 2024 on.
    assert [round(y, 2) for y in exports.y] == [71.32, 71.32, 79.85, 79.85, 79.85]
    assert exports.mode == "lines+markers"
    # one panel (Armstat), each line named at its end with its last figure
    assert [a.text for a in fig.layout.annotations if not a.showarrow] == ["Armstat"]
    labels = [a.text for a in fig.layout.annotations if a.showarrow]
    assert labels[0] == "Armenia's exports<br>79.85 M USD"
    assert not fig.layout.showlegend


def test_revisions_chart_gives_each_publisher_its_panel(bundled):
    rows = year_revisions(run_view("revisions", bundled, Query()), 2019)
    fig = revision_chart.revisions_chart(rows, "t")
    # 2019 was published twice by Armstat (2024 and 2025 copies), by the IMF (2022, 2024) and by Kazakhstan's BNS
    assert [a.text for a in fig.layout.annotations if not a.showarrow] == [
        "Armstat", "IMF trade statistics (DOTS)", "Kazakhstan's statistics bureau"]
    panels = {t.yaxis for t in fig.data if t.hoverinfo != "skip"}
    assert panels == {"y", "y2", "y3"}


def test_revisions_chart_keeps_part_year_editions_off_the_line(bundled):
    rows = year_revisions(run_view("revisions", bundled, Query()), 2024)
    fig = revision_chart.revisions_chart(rows, "t")
    exports = [t for t in fig.data if t.name == "Armenia's exports, Armstat"]
    # 2024: three part-year editions (3, 6 and 8 months) as hollow markers, the full year alone on its line.
    assert [t.mode for t in exports] == ["lines+markers", "markers"]
    assert len(exports[0].y) == 1 and len(exports[1].y) == 3
    assert exports[1].marker.symbol == "circle-open"
    assert "only 3 months" in exports[1].hovertext[0]


def test_panel_charts_title_every_y_axis_and_put_each_direction_in_its_panel(bundled):
    frame = run_view("reconciled", bundled, Query())
    fig = reconciled_chart.reconciled_chart(frame, "t")
    assert [a.text for a in fig.layout.annotations] == ["Armenia → Kazakhstan", "Kazakhstan → Armenia",
                                                       "Armenia ↔ Kazakhstan (turnover)"]
    axes = {t.yaxis for t in fig.data}
    assert len(axes) == 3
    assert all(fig.layout[("yaxis" + a[1:])].title.text == "million USD" for a in axes)
    estimates = [t for t in fig.data if t.legendgroup == "baci_usd"]
    assert sum(len(t.y) for t in estimates) == len(frame)


def test_each_method_has_one_colour_in_every_panel(bundled):
    fig = reconciled_chart.reconciled_chart(run_view("reconciled", bundled, Query()), "t")
    colours: dict[str, set] = {}
    per_panel: dict[str, list] = {}
    for trace in fig.data:
        if trace.legendgroup not in (None, "band"):
            colours.setdefault(trace.legendgroup, set()).add(trace.marker.color)
            per_panel.setdefault(trace.yaxis, []).append(trace.legendgroup)
    assert len(colours) == 5 and all(len(c) == 1 for c in colours.values())
    assert len({next(iter(c)) for c in colours.values()}) == 5  # and no two methods share one
    assert all(groups == per_panel["y"] for groups in per_panel.values())  # every panel: the same methods


def test_gap_chart_draws_every_index_value_of_the_frame(bundled):
    frame = run_view("mirror", bundled, Query())
    fig = charts.gap_chart(frame, "log_gap", "t")
    drawn = [v for t in fig.data for v in t.y if v is not None and not math.isnan(v)]
    assert sorted(drawn) == pytest.approx(sorted(frame["log_gap"].dropna()))


def test_the_mirror_charts_draw_from_their_declared_columns_alone(bundled):
    # NB the page hands these charts only the declared columns, so a margin change reuses the mirror chart: a column
    # left out of the list would fail here (KeyError) or draw differently.
    frame = run_view("mirror", bundled, Query())
    whole = charts.mirror_chart(frame, "t").to_json()
    assert charts.mirror_chart(frame[charts.MIRROR_CHART_COLUMNS], "t").to_json() == whole
    for index in ("log_gap", "mirror_ratio", "discrepancy_index"):
        trimmed = frame[[*charts.GAP_CHART_COLUMNS, index]]
        assert charts.gap_chart(trimmed, index, "t").to_json() == charts.gap_chart(frame, index, "t").to_json()


def test_a_new_margin_leaves_what_the_mirror_chart_draws_unchanged(bundled):
    low, high = (run_view("mirror", bundled, Query(margin=m)) for m in (0.05, 0.102))
    assert not low["m_fob_usd"].equals(high["m_fob_usd"])  # the margin moves M_fob ...
    assert low[charts.MIRROR_CHART_COLUMNS].equals(high[charts.MIRROR_CHART_COLUMNS])  # ... not what the chart draws


def test_a_legend_entry_wraps_between_words_and_keeps_its_text_inert():
    name = "Kazakhstan's imports (basis not stated), Kazakhstan's statistics bureau <b>x</b> & co"
    lines = charts.legend_name(name).split("<br>")
    assert len(lines) == 3 and all(len(line) <= charts.LEGEND_CHARS for line in lines)
    assert lines[1:] == ["Kazakhstan's statistics bureau", "&lt;b&gt;x&lt;/b&gt; &amp; co"]  # no tag can form
    assert charts.legend_name("Armenia's exports, Armstat") == "Armenia's exports, Armstat"  # short: one line
    long_word = "x" * (charts.LEGEND_CHARS + 5)
    assert charts.legend_name(f"a {long_word}") == f"a<br>{long_word}"  # never cut inside a word
