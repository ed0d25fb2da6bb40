"""Keeps long-lived objects out of the collector's full passes: the heap is frozen again once modules were added."""
from __future__ import annotations

import gc
import sys

_modules_when_frozen = 0


def freeze() -> None:
    """Exempt every object alive now from the collector's later passes (gc.freeze)."""
    global _modules_when_frozen
    gc.freeze()
    _modules_when_frozen = len(sys.modules)


def freeze_if_modules_added() -> bool:
    """freeze() if the process has imported a module since the last freeze (True then), else nothing.

    NB a full (generation-2) pass walks every tracked object: ~0.1 s once pandas, Plotly and Streamlit are loaded,
    landing on whichever rerun crosses the collector's threshold (Bridge, then Overview reruns went from ~60 to
    ~160 ms). Nearly all of them are modules' functions, classes and dicts that live as long as the process, and a page
    that first imports DuckDB, Ibis and sqlglot adds ~70 k more after the start-up's freeze. So the heap is frozen again
    after the script run that imported them: a few times per process, each freezing what was alive then; that is freed
    by reference counting as before, only reference cycles among it stay (at most those few runs' data)."""
    if len(sys.modules) == _modules_when_frozen:
        return False
    freeze()
    return True
