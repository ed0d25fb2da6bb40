"""What a view is asked for: the country pair, years, flow, basis, CIF/FOB margin, frequency and vintage mode."""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import pycountry

from loaders.schema import ISO3_CODES

DEFAULT_PAIR = ("ARM", "KAZ")
DEFAULT_MARGIN = 0.102  # Bank of Russia CIF->FOB coefficient for CIS partners without a common border
MARGIN_BAND = (0.06, 0.12)
MARGIN_LIMITS = (0.0, 0.5)
YEAR_LIMITS = (1960, 2100)  # NB the IMF world tables start in 1960
FLOW_CHOICES = ("all", "export", "import", "turnover")
BASIS_CHOICES = ("all", "origin", "consignment")  # the import basis; exports are by destination
FREQ_CHOICES = ("A", "M")
VINTAGE_CHOICES = ("latest", "first")


HISTORIC_NAMES = {"YMD": "South Yemen"}  # NB ISO's own name starts 'Yemen, Democratic', like today's Yemen's


class QueryError(ValueError):
    """A request a view cannot answer; the message says what to change."""


@dataclass(frozen=True)
class Query:
    pair: tuple[str, str] = DEFAULT_PAIR
    years: tuple[int, int] | None = None
    flow: str = "all"
    basis: str = "all"
    margin: float = DEFAULT_MARGIN
    freq: str = "A"
    vintage: str = "latest"

    def __post_init__(self) -> None:
        a, b = self.pair
        for code in (a, b):
            if not (isinstance(code, str) and code in ISO3_CODES):
                raise QueryError(f"unknown country code {str(code)[:12]!r}: use ISO 3166 alpha-3, e.g. ARM")
        if a == b:
            raise QueryError("a pair needs two different countries")
        if self.years is not None:
            lo, hi = self.years
            if not (YEAR_LIMITS[0] <= lo <= hi <= YEAR_LIMITS[1]):
                raise QueryError(f"years must satisfy {YEAR_LIMITS[0]} <= from <= to <= {YEAR_LIMITS[1]}")
        if not (MARGIN_LIMITS[0] <= self.margin <= MARGIN_LIMITS[1]):
            raise QueryError(f"the CIF/FOB margin must be between {MARGIN_LIMITS[0]:.0%} and {MARGIN_LIMITS[1]:.0%}")
        for name, value, choices in (("flow", self.flow, FLOW_CHOICES), ("basis", self.basis, BASIS_CHOICES),
                                     ("freq", self.freq, FREQ_CHOICES), ("vintage", self.vintage, VINTAGE_CHOICES)):
            if value not in choices:
                raise QueryError(f"{name} must be one of {', '.join(choices)}")

    def with_(self, **changes) -> "Query":
        return replace(self, **changes)


def parse_pair(text: str) -> tuple[str, str]:
    """'ARM-KAZ' -> ('ARM', 'KAZ'); raises QueryError on anything else."""
    parts = str(text).strip().upper().split("-")
    if len(parts) != 2 or not all(len(p) == 3 and p.isalpha() for p in parts):
        raise QueryError(f"pair must look like ARM-KAZ, got {str(text)[:20]!r}")
    return parts[0], parts[1]


def parse_years(text: str) -> tuple[int, int]:
    """'2015-2024' or '2023' -> (from, to); raises QueryError on anything else."""
    parts = str(text).strip().split("-")
    try:
        lo, hi = (int(parts[0]), int(parts[-1])) if len(parts) <= 2 else (None, None)
    except ValueError:
        lo = hi = None
    if lo is None or not (YEAR_LIMITS[0] <= lo <= hi <= YEAR_LIMITS[1]):
        raise QueryError(f"years must look like 2015-2024 within {YEAR_LIMITS[0]}-{YEAR_LIMITS[1]}, got {str(text)[:20]!r}")
    return lo, hi


@functools.lru_cache(maxsize=1024)
def country_name(code: str) -> str:
    """Display name for an ISO3 code (pycountry's common name where it has one)."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        former = pycountry.historic_countries.get(alpha_3=code)
        # NB ISO 3166-3 names run long ('USSR, Union of Soviet Socialist Republics'): the part before the comma
        return f"{HISTORIC_NAMES.get(code) or former.name.split(',')[0]} (former)" if former else code
    return getattr(country, "common_name", None) or country.name


def close_codes(code: str, limit: int = 5) -> list[str]:
    """Known ISO3 codes (historic ones too) that look like ``code`` or whose country's name starts like it."""
    import difflib

    given = str(code).strip().upper()[:40]
    by_name = sorted(c for c in ISO3_CODES if given and country_name(c).upper().startswith(given))
    return list(dict.fromkeys([*difflib.get_close_matches(given, sorted(ISO3_CODES), n=limit, cutoff=0.6),
                               *by_name]))[:limit]
