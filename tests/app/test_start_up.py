"""Server start-up: serve.py is the st.App entry, its warm-up fills exactly what the default page reads, and the
overview's tables are sent only once asked for."""
import functools
import gc
import logging
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.web.server.app_discovery import discover_asgi_app

from dashboard import charts, data, state
from dashboard.warm_up import warm_default_page

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "streamlit_app.py"


@pytest.fixture
def cold_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def test_serve_is_the_asgi_entry_streamlit_run_finds():
    found = discover_asgi_app(ROOT / "serve.py")
    assert found.is_asgi_app and found.app_name == "app"


def test_default_query_is_the_sidebars_query_without_link_parameters(cold_caches):
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert at.session_state[state.QUERY_KEY] == state.default_query(data.snapshot())


def test_after_the_warm_up_the_default_page_computes_no_view_and_builds_no_figure(cold_caches, monkeypatch):
    views, figures = [], []
    run_view, series_chart = data.run_view, charts.series_chart
    monkeypatch.setattr(data, "run_view", lambda name, *a: views.append(name) or run_view(name, *a))

    @functools.wraps(series_chart)
    def counted_chart(*args, **kwargs):
        figures.append(args[3])
        return series_chart(*args, **kwargs)

    monkeypatch.setattr(charts, "series_chart", counted_chart)
    gc.unfreeze()
    warm_default_page()
    warmed = (sorted(views), len(figures))
    assert warmed == (["answer", "reconciled_band", "series", "summary"], 1)
    assert gc.get_freeze_count() > 0  # what the start-up loaded is left out of the collector's later passes

    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception and at.get("plotly_chart")
    assert (sorted(views), len(figures)) == warmed  # every view and the figure came from the caches


def test_a_failing_warm_up_is_one_warning_and_no_exception(cold_caches, monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("TRADE_DATA_DIR", str(tmp_path / "no such folder"))
    with caplog.at_level(logging.WARNING, logger="dashboard.warm_up"):
        warm_default_page()
    assert gc.isenabled()  # switched off for the warm-up only, also when it fails
    (line,) = [r.getMessage() for r in caplog.records if r.name == "dashboard.warm_up"]
    # One record: the short reason, then the full traceback for the server log.
    assert line.startswith("start-up warm-up skipped (SnapshotError); the first page view computes instead\n")
    assert "Traceback (most recent call last)" in line and "TRADE_DATA_DIR names no folder" in line


def test_overview_tables_are_sent_only_when_their_expander_is_open(cold_caches):
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert [e.label for e in at.expander] == ["The published statements these figures reproduce",
                                              "Events marked on the chart", "Figures behind the chart"]
    assert len(at.dataframe) == 0
    at.session_state["overview-figures"] = True
    at.run()
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) == len(data.view("series", state.default_query(
        data.snapshot())))


def test_a_figure_is_built_once_per_distinct_input(cold_caches):
    from dashboard.figures import figure
    from dashboard.revision_chart import revisions_chart
    from loaders.views.revision_years import year_revisions

    q = state.default_query(data.snapshot())
    frame = year_revisions(data.view("revisions", q), 2023)
    first = figure(revisions_chart, frame, "title")
    # NB data.view hands out a new copy of the cached frame on each call, as on each rerun: the same figure
    assert figure(revisions_chart, year_revisions(data.view("revisions", q), 2023), "title") is first
    changed = frame.assign(value_usd=frame["value_usd"] * 2)
    assert figure(revisions_chart, changed, "title") is not first
    assert figure(revisions_chart, frame, "another title") is not first
    empty = frame.iloc[0:0]  # both builders draw an empty frame as their own message
    assert figure(charts.mirror_chart, empty, "t").layout != figure(revisions_chart, empty, "t").layout


def test_the_warm_up_thread_leaves_no_missing_session_notice_in_the_log(cold_caches, caplog):
    import asyncio
    import threading

    from dashboard.warm_up import THREAD_NAME, lifespan

    async def start_and_stop():
        async with lifespan(None):
            pass

    with caplog.at_level(logging.WARNING):
        # NB in a thread of its own: the browser tests' Playwright may already run an event loop in this one.
        starter = threading.Thread(target=asyncio.run, args=(start_and_stop(),))
        starter.start()
        starter.join(timeout=60)
        for thread in [t for t in threading.enumerate() if t.name == THREAD_NAME]:
            thread.join(timeout=60)
        st.empty()  # outside a session in this thread: the notice is still logged for anything but the warm-up
    threads = {r.threadName for r in caplog.records if "ScriptRunContext" in r.getMessage()}
    assert threading.current_thread().name in threads and THREAD_NAME not in threads


def test_the_start_up_imports_none_of_the_deferred_packages():
    from benchmarks.imports import start_up_imports

    assert start_up_imports()["loaded"] == []


def test_a_script_run_after_new_imports_freezes_the_heap(monkeypatch):
    from dashboard import heap

    gc.unfreeze()
    monkeypatch.setattr(heap, "_modules_when_frozen", 0)  # as if a module had been imported since the last freeze
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert gc.get_freeze_count() > 0  # the entry script froze what the run found alive
    frozen = gc.get_freeze_count()
    at.run()
    assert gc.get_freeze_count() <= frozen  # no module added by a rerun: no new freeze (frozen objects may be freed)
