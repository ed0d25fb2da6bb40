"""One look per series on every chart: the reporting country sets the hue, the source the shade, the basis the dash."""
from __future__ import annotations

# NB the pair's alphabetically first country in blues, the other in reds, whatever order the pair was asked in, so a
# series keeps its colour across panels, frequencies, pages and links.
HUES = (
    ("#08306b", "#2171b5", "#6baed6", "#9ecae1", "#7f7f7f"),
    ("#99000d", "#ef3b2c", "#fc9272", "#fdae6b", "#bdbdbd"),
)
SHADE = {"armstat": 0, "kz_bns": 0, "kg_nsc": 0, "comtrade": 1, "imf_imts": 2, "imf_dots": 3, "kz_official": 4}
DASH = {"origin": "solid", "destination": "solid", "consignment": "dash", "unknown": "dot"}


def series_color(reporter: str, partner: str, source: str) -> str:
    """The colour of a reporter's series from a source (national office darkest, quoted figures grey)."""
    hue = HUES[0] if reporter < partner else HUES[1]
    return hue[SHADE.get(source, 4)]


def series_dash(basis: str) -> str:
    """Exports and imports by origin solid, by consignment dashed, of unknown basis dotted."""
    return DASH.get(basis, "dot")
