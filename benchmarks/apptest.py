"""Server-side script time per page with AppTest: first run with cold caches, then reruns after a widget change."""
from __future__ import annotations

import functools
import logging
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "streamlit_app.py"
RERUNS = 20
# NB clearing the caches outside a running server makes Streamlit log two warnings for each page measured ("No
# runtime found", "missing ScriptRunContext"): true of a benchmark by design, so kept out of its output (a filter, as
# Streamlit resets its loggers' levels whenever it loads its config).
for _logger in ("streamlit.runtime.caching.cache_data_api", "streamlit.runtime.scriptrunner_utils.script_run_context"):
    logging.getLogger(_logger).addFilter(lambda record: record.levelno >= logging.ERROR)


def pages() -> list[str]:
    """Every page file, so a page added later is measured too."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "dashboard" / "pages").glob("*.py"))


@dataclass(frozen=True)
class PageTimes:
    page: str
    first: float
    reruns: list[float]
    figures: dict[str, int]  # chart key -> bytes of figure JSON, after the last rerun
    monthly_figures: dict[str, int]  # the same with monthly frequency (the most points per chart)


def _figure_sizes(at: AppTest) -> dict[str, int]:
    return {f"{chart.proto.id[-24:]}#{i}": len(chart.proto.spec.encode("utf-8"))
            for i, chart in enumerate(at.get("plotly_chart"))}


def _check(at: AppTest, page: str) -> None:
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception[0].message}")


@functools.cache
def _components():
    """Streamlit's registry of installed custom components, scanned once, as a server does at its start.

    NB AppTest scans every installed package's metadata on each instance's first run (~0.9 s here with pyspark and
    mutmut installed), which no page view of a running server pays: left in, it would be most of a page's "first run"."""
    from streamlit.components.v2.component_manager import BidiComponentManager

    registry = BidiComponentManager()
    registry.discover_and_register_components(start_file_watching=False)
    return registry


@functools.cache
def _start_up_heap_frozen() -> None:
    """A server freezes its heap after its warm-up (dashboard/warm_up.py), and again after a script run that imported
    modules (the entry script does, dashboard/heap.py): the pages are measured in that state too, with what is
    imported frozen and each page's data not."""
    from dashboard import heap

    heap.freeze()


def measure_page(page: str) -> PageTimes:
    """Cold first run (caches cleared), then RERUNS reruns each with a new CIF/FOB margin (a new query every time,
    so every view on the page misses its cache: the worst case of a widget change)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    _start_up_heap_frozen()
    at = AppTest.from_file(str(APP), default_timeout=120)
    at._bidi_component_manager = _components()  # NB private: the one attribute AppTest reads the registry from
    at.switch_page(page)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    _check(at, page)
    reruns = []
    for i in range(RERUNS):
        at.slider(key="margin").set_value(round(5.0 + 0.1 * (i + 1), 1))
        start = time.perf_counter()
        at.run()
        reruns.append(time.perf_counter() - start)
        _check(at, page)
    figures = _figure_sizes(at)
    at.radio(key="freq").set_value("M").run()
    _check(at, page)
    return PageTimes(page, first, reruns, figures, _figure_sizes(at))


_FIRST_VISIT = """
import sys, time
sys.path.insert(0, {root!r})
import streamlit
from streamlit.testing.v1 import AppTest
from loaders import configure_pandas
configure_pandas()  # as the warm-up and every page run do
if {warm!r}:
    from dashboard.warm_up import warm_default_page
    warm_default_page()
from benchmarks.apptest import _components
registry = _components()  # scanned before the visit, as a server does at its start
at = AppTest.from_file({app!r}, default_timeout=120)
at._bidi_component_manager = registry
start = time.perf_counter()
at.run()
took = time.perf_counter() - start
assert not at.exception, at.exception
print(took)
"""


def first_visit(warm: bool) -> float:
    """Seconds of the default page's first run in a fresh interpreter (Streamlit imported, as in a server before its
    first visitor), with or without the start-up warm-up done before it."""
    code = _FIRST_VISIT.format(root=str(ROOT), warm=warm, app=str(APP))
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])
