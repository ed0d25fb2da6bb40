"""One HTTP session for every live source: timeouts, urllib3 retries inside a time budget, no secrets in messages."""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, InvalidHeader, ProtocolError, ReadTimeoutError
from urllib3.util.retry import Retry

from loaders.errors import redact, redacted  # noqa: F401 - redact is part of this module's interface
from loaders.live import BadResponse, LoaderError, SourceUnavailable

USER_AGENT = f"trade-gap-dashboard/0.1 (bilateral trade statistics; python-requests/{requests.__version__})"
# 500 is retried too, but only a few times inside the budget: Comtrade's 500s are often intermittent (comtradr#40).
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
SECRET_PARAMS = frozenset({"subscription-key", "api_key", "apikey", "key", "token", "access_token"})
MAX_SNIPPET = 160
MAX_BODY_BYTES = 512 * 2**20  # a full keyed Comtrade page (100,000 records) is ~150 MB of JSON


@dataclass(frozen=True)
class HttpSettings:
    connect_timeout: float = 5.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    budget_seconds: float = 90.0
    pace_seconds: float = 1.0  # Comtrade answers back-to-back calls with 429; IMF asks for restraint too
    # time.monotonic() when the command began: its start-up (imports, planning) spends the same budget; None = now
    started_at: float | None = None
    exit_reserve_seconds: float = 1.0  # kept back for reporting the failure and exiting inside the budget


class Budget:
    """The wall-clock time one refresh may take; every wait (Retry-After, backoff, pacing) must fit in it."""

    def __init__(self, seconds: float, pace: float = 0.0, started_at: float | None = None,
                 exit_reserve: float = 0.0) -> None:
        self.seconds = seconds
        self.pace = pace
        self.deadline = (time.monotonic() if started_at is None else started_at) + seconds - exit_reserve
        self._last_request: float | None = None

    def remaining(self) -> float:
        return max(0.0, self.deadline - time.monotonic())

    def wait(self, seconds: float, why: str) -> None:
        if seconds > self.remaining():
            raise SourceUnavailable(f"{why} {seconds:.0f} s, more than the {self.remaining():.0f} s left of this "
                                    f"refresh's {self.seconds:.0f} s time budget; try again later")
        if seconds > 0:
            time.sleep(seconds)

    def before_request(self) -> None:
        if self.remaining() <= 0:
            raise SourceUnavailable(f"the {self.seconds:.0f} s time budget of this refresh is used up")
        if self.pace and self._last_request is not None:
            self.wait(self._last_request + self.pace - time.monotonic(), "pacing requests would take")
        self._last_request = time.monotonic()


class BudgetRetry(Retry):
    """urllib3 Retry whose waits come out of a Budget; a garbage Retry-After falls back to backoff."""

    budget: Budget | None = None

    def new(self, **kw) -> BudgetRetry:
        retry = super().new(**kw)
        retry.budget = self.budget
        return retry

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if self.budget is not None and self.budget.remaining() <= 0:
            cause = f"HTTP {response.status}" if response is not None else type(error).__name__
            raise SourceUnavailable(f"gave up after {cause}: the {self.budget.seconds:.0f} s time budget is used up")
        return super().increment(method, url, response, error, _pool, _stacktrace)

    def get_retry_after(self, response) -> float | None:
        try:
            return super().get_retry_after(response)
        except InvalidHeader:  # NB urllib3 raises on 'Retry-After: soon'; treat it as absent
            return None

    def sleep(self, response=None) -> None:
        asked = self.get_retry_after(response) if response is not None and self.respect_retry_after_header else None
        wait = asked if asked is not None else self.get_backoff_time()
        why = f"HTTP {response.status}: the server asked to wait" if asked is not None else "backing off would take"
        if self.budget is None:
            time.sleep(wait)
        else:
            self.budget.wait(wait, why)


class _TimeoutAdapter(HTTPAdapter):
    def __init__(self, timeout: tuple[float, float], **kw) -> None:
        self.timeout = timeout
        super().__init__(**kw)

    def send(self, request, timeout=None, **kw):
        return super().send(request, timeout=timeout or self.timeout, **kw)


class TradeSession(requests.Session):
    """A requests.Session that knows its settings, its time budget and the secrets to keep out of messages."""

    def __init__(self, settings: HttpSettings, secrets: tuple[str, ...]) -> None:
        super().__init__()
        self.settings = settings
        self.secrets = secrets
        self.budget = Budget(settings.budget_seconds, settings.pace_seconds, settings.started_at,
                             settings.exit_reserve_seconds if settings.started_at is not None else 0.0)


def make_session(settings: HttpSettings | None = None, *, secret_headers: dict[str, str] | None = None) -> TradeSession:
    """The one session factory: User-Agent, timeouts, bounded retries on 429/5xx within the time budget.

    Secrets travel in headers only (never in URLs, which end up in logs and exceptions) and are redacted from
    every LoaderError raised through ``get``.
    """
    settings = settings or HttpSettings()
    secret_headers = {k: v for k, v in (secret_headers or {}).items() if v}
    session = TradeSession(settings, tuple(secret_headers.values()))
    retry = BudgetRetry(total=settings.retries, backoff_factor=settings.backoff, status_forcelist=RETRY_STATUSES,
                        allowed_methods=frozenset({"GET"}), raise_on_status=False, raise_on_redirect=False,
                        retry_after_max=10**9)
    retry.budget = session.budget
    adapter = _TimeoutAdapter((settings.connect_timeout, settings.read_timeout), max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers.update({"User-Agent": USER_AGENT, **secret_headers})
    return session


def url_without_secrets(url: str) -> str:
    """The URL with any key-like query parameter removed, for sidecars, records and messages."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() not in SECRET_PARAMS]
    return urlunsplit(parts._replace(query=urlencode(query, safe=",+:"), fragment=""))


def get(session: TradeSession, url: str, *, params: dict | None = None, accept: str) -> requests.Response:
    """GET within the session's budget; any failure becomes a SourceUnavailable or BadResponse with a safe message."""
    host = urlsplit(url).netloc
    try:
        session.budget.before_request()
        s = session.settings
        timeout = (s.connect_timeout, max(0.05, min(s.read_timeout, session.budget.remaining())))
        response = session.get(url, params=params, headers={"Accept": accept}, timeout=timeout, allow_redirects=False,
                               stream=True)
        _read_within_budget(response, session.budget, host)
        _check_status(response, host)
        return response
    except LoaderError as exc:
        raise redacted(exc, session.secrets) from None
    except requests.exceptions.ConnectTimeout:
        raise SourceUnavailable(f"{host}: no connection within {s.connect_timeout:g} s (connect timeout)") from None
    except requests.exceptions.ReadTimeout:
        raise SourceUnavailable(f"{host}: no answer within {timeout[1]:g} s (read timeout)") from None
    except requests.exceptions.ChunkedEncodingError:
        raise SourceUnavailable(f"{host}: the connection broke before the whole answer arrived") from None
    except requests.exceptions.ConnectionError as exc:
        what = "the answer stalled (read timeout)" if "timed out" in str(exc).lower() else "could not connect"
        raise SourceUnavailable(f"{host}: {what}") from None
    except requests.exceptions.RequestException as exc:
        raise SourceUnavailable(f"{host}: request failed ({type(exc).__name__})") from None


def _read_within_budget(response: requests.Response, budget: Budget, host: str) -> None:
    """Read the body, stopping when the budget runs out: a read timeout only bounds the gap between two bytes."""
    chunks, size = [], 0
    with response:
        # NB raw.read1 returns what has arrived; iter_content would wait for a whole 64 KB chunk
        while chunk := _read_some(response, host):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                raise BadResponse(f"{host} sent more than {MAX_BODY_BYTES // 2**20} MB; not read further")
            if budget.remaining() <= 0:
                raise SourceUnavailable(f"{host}: the answer was still arriving when the {budget.seconds:.0f} s "
                                        "time budget ran out")
    response._content = b"".join(chunks)  # NB what requests itself does when it reads a body eagerly


def _read_some(response: requests.Response, host: str) -> bytes:
    try:
        return response.raw.read1(64 * 1024, decode_content=True)
    except ReadTimeoutError:
        raise SourceUnavailable(f"{host}: the answer stalled (read timeout)") from None
    except (ProtocolError, OSError):
        raise SourceUnavailable(f"{host}: the connection broke before the whole answer arrived") from None
    except DecodeError:
        raise BadResponse(f"{host} sent a body that cannot be decompressed") from None


def _check_status(response: requests.Response, host: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    history = getattr(getattr(response.raw, "retries", None), "history", ())
    attempts = f" after {len(history) + 1} attempts" if history else ""
    detail = _error_detail(response)
    if 300 <= status < 400:
        raise BadResponse(f"{host} redirected the request (HTTP {status}): the endpoint may have moved")
    if status == 429:
        raise SourceUnavailable(f"{host} is rate-limiting requests (HTTP 429){attempts}{detail}")
    if status >= 500:
        raise SourceUnavailable(f"{host} failed (HTTP {status}){attempts}{detail}")
    if status in (401, 403):
        raise SourceUnavailable(f"{host} refused access (HTTP {status}){detail}")
    raise BadResponse(f"{host} rejected the request (HTTP {status}){detail}")


def _error_detail(response: requests.Response) -> str:
    """': <message>' from a JSON error body (APIM 'message', Comtrade 'error'); HTML and other bodies are not echoed."""
    try:
        body = json.loads(response.content[:4096])
    except ValueError:
        return ""
    message = body.get("message") or body.get("error") if isinstance(body, dict) else None
    if not isinstance(message, str):
        return ""
    return ": " + re.sub(r"[^\x20-\x7e]", " ", message).strip()[:MAX_SNIPPET]


def json_body(response: requests.Response) -> object:
    """The parsed JSON answer; HTML or other content, malformed JSON and NaN/Infinity literals are BadResponse."""
    host = urlsplit(response.url).netloc
    ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if "json" not in ctype:
        raise BadResponse(f"{host} answered with {ctype or 'no content type'}, not JSON (a portal or firewall page?)")
    try:
        return json.loads(response.content, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise BadResponse(f"{host} answered with malformed JSON") from None


def text_body(response: requests.Response, expected: str) -> str:
    """The answer as text when its Content-Type contains ``expected`` (e.g. 'csv'); HTML is a BadResponse."""
    host = urlsplit(response.url).netloc
    ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if expected not in ctype:
        raise BadResponse(f"{host} answered with {ctype or 'no content type'}, not {expected}")
    try:
        return response.content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadResponse(f"{host} answered with text that is not UTF-8") from None


def _reject_constant(name: str) -> float:
    raise ValueError(f"JSON constant {name} is not a number")
