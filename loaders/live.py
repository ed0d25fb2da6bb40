"""What every live-source loader shares: the typed errors it raises and the result it hands back."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


class LoaderError(Exception):
    """A live source could not deliver usable records; the message is short, key-free and safe to show."""


class SourceUnavailable(LoaderError):
    """The source could not be reached or kept failing (timeouts, 429/5xx after retries, time budget used up)."""


class BadResponse(LoaderError):
    """The source answered, but not with the data expected (HTML, malformed JSON, renamed fields, error bodies)."""


class NoData(LoaderError):
    """The source answered correctly and has no figures for what was asked."""


@dataclass(frozen=True)
class LoadResult:
    """Records of one source for one pair, the warnings worth showing, and the URLs (without keys) they came from."""

    records: pd.DataFrame
    warnings: tuple[str, ...]
    urls: tuple[str, ...]
