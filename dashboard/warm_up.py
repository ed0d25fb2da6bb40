"""Start-up warm-up: while the first visitor's browser loads, import and compute what the default page shows."""
from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from dashboard import heap

_LOG = logging.getLogger(__name__)
THREAD_NAME = "warm-up"
# Streamlit logs that a thread has no session ("missing ScriptRunContext") on each cached call made outside one:
# true of this thread by design, so not worth a log line.
_NO_SESSION_LOGGER = "streamlit.runtime.scriptrunner_utils.script_run_context"


def _not_from_warm_up(record: logging.LogRecord) -> bool:
    return record.threadName != THREAD_NAME


def warm_default_page() -> None:
    """Pay the default page's one-off costs (imports, snapshot, views, figure) before a visitor asks for them; any
    failure is left for the page itself to report."""
    # NB the cyclic garbage collector finds nothing to free among freshly imported modules and loaded frames, and
    # its passes cost ~9 % of this warm-up: off for its duration (process-wide, so for about a second).
    collecting = gc.isenabled()
    gc.disable()
    try:
        # NB here, not in serve.py: importing pandas (~0.7 s) before the server listens would delay the browser's first
        # request; the settings come before any data this thread loads, and each page run sets them again
        from loaders import configure_pandas

        configure_pandas()
        import streamlit as st
        from streamlit.string_util import is_emoji

        # NB Streamlit checks once per process, on the first element call, whether it runs in a REPL: a walk over every
        # loaded module (~0.1 s once pandas and Plotly are loaded, so it comes first). An element call outside any
        # session pays it here and draws nothing. Checking the page icon compiles Streamlit's emoji pattern (~0.1 s),
        # also once per process.
        st.empty()
        from dashboard import state

        is_emoji(state.PAGE_ICON)
        from dashboard import charts, data
        from dashboard.figures import figure
        from loaders.pairs import pair_label

        snapshot = data.snapshot()
        q = state.default_query(snapshot)
        frame, band = data.view("series", q), data.view("reconciled_band", q)
        title = charts.series_title(pair_label("-".join(q.pair)), q.freq)
        figure(charts.series_chart, frame, snapshot.events, q.freq, title, band=band)
        data.view("summary", q)  # the headline figures and the answer, which the page computes after its chart
        data.view("answer", q)
    except Exception as exc:  # noqa: BLE001  the page shows the real error to the visitor
        from loaders.errors import log_exception

        log_exception(_LOG, f"start-up warm-up skipped ({type(exc).__name__}); the first page view computes instead",
                      exc)
    finally:
        heap.freeze()  # NB dashboard/heap.py: what the start-up loaded is left out of later full passes
        if collecting:
            gc.enable()


@asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    """st.App lifespan: start the warm-up in the background, so the server answers at once."""
    logging.getLogger(_NO_SESSION_LOGGER).addFilter(_not_from_warm_up)
    threading.Thread(target=warm_default_page, name=THREAD_NAME, daemon=True).start()
    yield
