"""Tests that need a component the machine may lack: skipped locally with the reason, never in CI (CI=true)."""
from __future__ import annotations

import os

import pytest


def skip_without(items, keyword: str, available: bool, reason: str) -> None:
    """Mark the collected items with ``keyword`` to skip when ``available`` is false, except in CI, where a missing
    component is a broken set-up: there they run and fail."""
    if available or os.environ.get("CI", "").lower() == "true":
        return
    for item in items:
        if keyword in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))
