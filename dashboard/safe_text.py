"""Outside text made literal for Streamlit's markdown elements (st.error, st.warning, st.markdown, captions, titles)."""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_TICKS = re.compile(r"`+")


def literal(value: object, limit: int | None = None) -> str:
    """``value`` as a one-line markdown code span, cut to ``limit`` characters (with '…') if given.

    Nothing inside a code span is interpreted: no link, image, HTML, emphasis, math or directive, and no autolink
    (Streamlit's GFM turns a bare https:// or www. into a link even when every character is backslash-escaped).
    """
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    if not text:
        return ""
    # NB the fence must be longer than any run of backticks inside; a space pads a backtick at either end.
    fence = "`" * (max((len(run) for run in _TICKS.findall(text)), default=0) + 1)
    pad = " " if text[0] == "`" or text[-1] == "`" else ""
    return f"{fence}{pad}{text}{pad}{fence}"
