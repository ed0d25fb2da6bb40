"""Outside text made literal for Streamlit's markdown elements (st.error, st.warning, st.markdown, captions, titles)."""
from __future__ import annotations

import re

# Every ASCII punctuation character can be backslash-escaped in CommonMark; escaping all of them leaves no link,
# image, HTML tag, emphasis, math, directive or autolink to interpret.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def literal(value: object, limit: int | None = None) -> str:
    """``value`` as one line of plain text for a markdown body, cut to ``limit`` characters (with '…') if given."""
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return _PUNCTUATION.sub(r"\\\1", text)
