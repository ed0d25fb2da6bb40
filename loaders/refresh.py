"""Refresh one live source for a pair: fetch all, validate, write the cache atomically; a failure writes nothing."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from loaders.errors import redact, redacted
from loaders.http import HttpSettings, make_session
from loaders.live import BadResponse, LoaderError, NoData
from loaders.query import Query, QueryError
from loaders.schema import RecordError, validate_records
from loaders.sources import comtrade
from loaders.sources import imf_imts as imf
from loaders.store import cache

SOURCES = {"comtrade": "UN Comtrade", "imf": "IMF IMTS"}
CACHE_SOURCE = {"comtrade": comtrade.SOURCE, "imf": imf.SOURCE}
HS_CHOICES = ("TOTAL", "2", "4", "6")
STORE_LEVELS = ("2", "4")  # NB the levels a pair refresh also writes into the product store (issue 14 item 1)


@dataclass(frozen=True)
class RefreshResult:
    source: str
    pair: tuple[str, str]
    rows: int
    sidecar: Path
    warnings: tuple[str, ...]
    retrieved_at: datetime
    store_files: tuple[Path, ...] = ()


def refresh(source: str, pair: tuple[str, str], years: tuple[int, int], *, freq: str = "A", hs: str = "TOTAL",
            api_key: str | None = None, settings: HttpSettings | None = None, cache_folder: Path | None = None,
            progress: Callable[[int, int], None] | None = None) -> RefreshResult:
    """Fetch ``source`` for both reporters of ``pair``; on success the cache entry is replaced atomically.

    Raises LoaderError (key-free message) on any failure, with the cache left exactly as it was.
    ``api_key`` defaults to COMTRADE_API_KEY; without one Comtrade's public preview is used.
    """
    _check_request(source, pair, years, freq, hs)
    key = api_key if api_key is not None else comtrade.api_key_from_env()
    key = key if source == "comtrade" else None
    secrets = (key,) if key else ()
    session = make_session(settings, secret_headers={comtrade.KEY_HEADER: key} if key else None)
    retrieved_at = datetime.now(UTC)
    try:
        if source == "comtrade":
            result = comtrade.load_pair(pair, years, session=session, freq=freq, hs=hs, keyed=bool(key),
                                        progress=progress, today=retrieved_at.date())
        else:
            result = imf.load_pair(pair, years, session=session, freq=freq, progress=progress,
                                   today=retrieved_at.date())
        if result.records.empty:
            raise NoData(f"{SOURCES[source]} has no figures for {'-'.join(pair)} {years[0]}-{years[1]} "
                         f"({'annual' if freq == 'A' else 'monthly'}) yet; nothing was changed")
        try:
            records = validate_records(result.records, origin=f"{SOURCES[source]} answer")
        except RecordError as exc:
            raise BadResponse(f"{SOURCES[source]} sent figures that break the record schema: {exc}") from None
        request = {"pair": "-".join(pair), "years": list(years), "freq": freq, "hs": hs}
        sidecar = cache.write_entry(records, source=CACHE_SOURCE[source], key=cache.entry_key(pair, freq, hs),
                                    urls=result.urls, retrieved_at=retrieved_at, request=request, folder=cache_folder)
        store_files = []
        if source == "comtrade" and hs in STORE_LEVELS:
            from loaders.store.bulk_store import store_dir, write_pair_rows  # NB pyarrow.dataset: not at start-up

            store_files = write_pair_rows(store_dir(), records, hs)
    except LoaderError as exc:
        raise redacted(exc, secrets) from None
    except OSError as exc:
        raise LoaderError(f"could not write the cache ({type(exc).__name__}); nothing was changed") from None
    finally:
        session.close()
    warnings = tuple(redact(w, secrets) for w in result.warnings)
    return RefreshResult(source, pair, len(records), sidecar, warnings, retrieved_at, tuple(store_files))


def _check_request(source: str, pair: tuple[str, str], years: tuple[int, int], freq: str, hs: str) -> None:
    if source not in SOURCES:
        raise LoaderError(f"unknown source {str(source)[:20]!r}; choose {' or '.join(SOURCES)}")
    try:
        Query(pair=pair, years=years, freq=freq)
    except QueryError as exc:
        raise LoaderError(str(exc)) from None
    if hs not in HS_CHOICES or (source == "imf" and hs != "TOTAL"):
        raise LoaderError(f"HS level must be one of {', '.join(HS_CHOICES)} (IMF publishes totals only)")
