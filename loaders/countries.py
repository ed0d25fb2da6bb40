"""Country names as each source spells them -> ISO 3166 alpha-3, from the hand-checked tables in data/reference/country_names/.

One CSV per source (`name,iso3,kind,note`): `kind` is `country` (iso3 set), `aggregate` (a subtotal such as World, CIS,
EU: never a partner) or `unspecified` (unknown, not specified, or a territory without an ISO code: never a partner).
"""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import pandas as pd

from loaders.schema import ISO3_CODES, RecordError

NAMES_DIR = Path(__file__).resolve().parents[1] / "data" / "reference" / "country_names"
KINDS = ("country", "aggregate", "unspecified")


class UnmappedName(RecordError):
    """A source's country name that the name table does not list."""


def normalise(name: str) -> str:
    """The lookup key of a name: Unicode NFKC, no footnote marks or surrounding blanks, one space, case folded."""
    text = unicodedata.normalize("NFKC", str(name)).replace("\u00a0", " ")
    return " ".join(text.split()).strip(" *¹²³").casefold()


@functools.cache
def name_table(source: str) -> pd.DataFrame:
    """The checked name table of one source, keyed by the normalised name."""
    path = NAMES_DIR / f"{source}.csv"
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    bad_kind = table[~table["kind"].isin(KINDS)]
    if not bad_kind.empty:
        raise RecordError(f"{path.name}: row {bad_kind.index[0] + 2}: kind must be one of {KINDS}")
    countries = table[table["kind"] == "country"]
    bad_code = countries[~countries["iso3"].isin(ISO3_CODES)]
    if not bad_code.empty:
        raise RecordError(f"{path.name}: row {bad_code.index[0] + 2}: {bad_code['iso3'].iloc[0]!r} is not ISO3")
    table = table.assign(key=table["name"].map(normalise))
    duplicated = table[table["key"].duplicated(keep=False)]
    if not duplicated.empty:
        raise RecordError(f"{path.name}: name {duplicated['name'].iloc[0]!r} is listed twice")
    return table.set_index("key")


def classify(source: str, names: pd.Series, origin: str) -> pd.DataFrame:
    """For each name: its `iso3` ('' unless a country) and `kind`; UnmappedName lists names the table lacks."""
    table = name_table(source)
    keys = names.map(normalise)
    missing = sorted(set(names[~keys.isin(table.index)]))
    if missing:
        shown = ", ".join(repr(m) for m in missing[:8])
        raise UnmappedName(f"{origin}: {len(missing)} country name(s) not in country_names/{source}.csv: {shown}")
    found = table.loc[keys, ["iso3", "kind"]]
    return found.set_index(names.index)
