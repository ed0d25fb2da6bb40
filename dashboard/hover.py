"""Hover labels: the value first and formatted, outside text made inert, lines wrapped at about 100 characters."""
from __future__ import annotations

import math
import textwrap

from dashboard.charts import text

WIDTH = 100
MINUS = "\u2212"
_REWRITTEN = frozenset("\t\n\r\x0b\x0c")  # the whitespace textwrap rewrites inside a line


def musd(value: float, sign: bool = False) -> str:
    """'−35.71 M USD' (a typographic minus, as Plotly draws it); '' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    shown = f"{value / 1e6:{'+' if sign else ''},.2f} M USD"
    return shown.replace("-", MINUS, 1)


def percent(value: float, sign: bool = True) -> str:
    """'−48.8 %'; '' for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:{'+' if sign else ''}.1%}".replace("%", " %").replace("-", MINUS, 1)


def hover(*lines: str, width: int = WIDTH) -> str:
    """Lines of outside text as one hover label: each escaped and wrapped at ``width`` characters, empty ones left out.

    NB wrapped before escaping, so an escaped '<' (4 characters) does not shorten the visible line.
    """
    wrapped = [part for line in lines if line for part in _wrap(str(line), width)]
    return "<br>".join(text(part) for part in wrapped)


def _wrap(line: str, width: int) -> list[str]:
    """textwrap.wrap(line, width), without its regular-expression pass for a line it would return as it is.

    NB a chart draws a hover for every point on every rerun (textwrap was a quarter of the Reconciled page's rerun):
    a line that fits, holds none of the whitespace textwrap rewrites and no space at either end comes back unchanged."""
    if line and len(line) <= width and line.strip() == line and not _REWRITTEN.intersection(line):
        return [line]
    return textwrap.wrap(line, width=width)

