"""Intermediate frames of a records frame (a pair's rows, annual sums), computed once and shared by the views."""
from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

MAX_ENTRIES = 64  # per records frame: a few frames for each pair and vintage mode a session has looked at
_MEMO: dict[int, dict[Hashable, Any]] = {}
T = TypeVar("T")
_LOCK = threading.Lock()


def memo(records: pd.DataFrame, key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` once per (records frame, key); callers must not modify what is returned (views never do).

    NB keyed on the frame's identity, not its content: records are read-only once loaded (the dashboard shares one
    frame between sessions), and the entries go when the frame is garbage-collected, so they can never go stale.
    """
    with _LOCK:
        entries = _MEMO.get(id(records))
        if entries is None:
            entries = _MEMO[id(records)] = {}
            weakref.finalize(records, _MEMO.pop, id(records), None)
        if key in entries:
            return entries[key]
    value = build()
    with _LOCK:
        if len(entries) >= MAX_ENTRIES:
            entries.pop(next(iter(entries)))
        entries[key] = value
    return value
