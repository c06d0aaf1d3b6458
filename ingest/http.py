"""The one HTTP layer: polite, cached, retrying GETs with httpx.

Polite: a User-Agent naming the project and a contact URL, and per-host (or per-path) rate
limits kept by a small thread-safe token bucket. Cached: the ETag / Last-Modified of each URL's
last good payload are sent back (If-None-Match / If-Modified-Since) and a 304 returns the
stored payload with ``not_modified=True``. Retrying: 429 and 503 wait what ``Retry-After``
says (seconds or an HTTP date), other 5xx, timeouts and connection/read errors back off
exponentially; after the last try a ``SourceError`` names the URL and the cause.

Clock and sleep are injectable, so tests of spacing and backoff run instantly and can assert
the waits.
"""

from __future__ import annotations

import email.utils
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from exportwatch import __version__
from exportwatch.errors import SourceError
from ingest.rawstore import RawStore, check_length, sha256_hex

CONTACT_URL = "https://github.com/exportwatch/exportwatch"
DEFAULT_USER_AGENT = f"exportwatch/{__version__} (+{CONTACT_URL}; export-control regulation tracker)"

# Requests per second, by host or by host + path prefix (the longest matching key wins).
DEFAULT_RATE_LIMITS: dict[str, float] = {
    "www.federalregister.gov": 5.0,
    "www.federalregister.gov/documents/full_text/": 1.0,
    "public-inspection.federalregister.gov": 1.0,
    "www.bis.gov": 1.0,
    "www.ecfr.gov": 2.0,
}
DEFAULT_RATE = 1.0
RETRY_STATUSES = {429, 503}
# A Retry-After longer than this is not waited for: the fetch fails and the next sync retries.
MAX_RETRY_AFTER = 300.0

# What a payload of each expected kind starts with (after leading whitespace / BOM).
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")


class RetriesExhausted(SourceError):
    """A fetch that kept failing for transient reasons (network, timeouts, 5xx, 429) until the last try."""


class HostUnreachable(SourceError):
    """A fetch not even tried: its host failed for good several times in a row during this run."""

    def __init__(self, message: str, *, host: str, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.host = host


@dataclass(frozen=True)
class FetchResult:
    """A fetched payload: the bytes (fresh or, on 304, from the raw store) and how they came."""

    url: str
    status: int
    data: bytes
    sha256: str
    headers: dict[str, str] = field(default_factory=dict)
    not_modified: bool = False

    @property
    def content_type(self) -> str | None:
        """The media type without parameters (``application/json``), when the server said."""
        ct = self.headers.get("content-type")
        return ct.split(";")[0].strip().lower() if ct else None


class TokenBucket:
    """A thread-safe token bucket: ``rate`` tokens a second, at most ``capacity`` saved up.

    Args:
        rate: Tokens added per second (requests per second).
        capacity: Burst size; 1 means strict spacing of ``1 / rate`` seconds.
        clock: Monotonic clock in seconds.
        sleep: Called with the number of seconds to wait.
    """

    def __init__(
        self,
        rate: float,
        *,
        capacity: float = 1.0,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be positive, got {rate}")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._tokens = capacity
        self._stamp = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, sleeping until one is available. Returns the seconds waited."""
        with self._lock:
            now = self._clock()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            waited = 0.0
            if self._tokens < 1.0:
                waited = (1.0 - self._tokens) / self.rate
                self._sleep(waited)
                now = self._clock()
                self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
                self._stamp = now
                self._tokens = max(self._tokens, 1.0)
            self._tokens -= 1.0
            return waited


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date.

    Returns:
        Non-negative seconds, or None when the header is absent or unreadable.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def _looks_like_html(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(_HTML_STARTS)


def _html_title(data: bytes) -> str:
    low = data[:4096].lower()
    i, j = low.find(b"<title"), low.find(b"</title>")
    if i < 0 or j < 0:
        return ""
    start = low.find(b">", i) + 1
    return data[start:j].decode("utf-8", "replace").strip()[:80]


def check_expected(data: bytes, expect: str | None, url: str) -> None:
    """Raise when a payload is not what was asked for: empty, or an HTML error page served as 200.

    Args:
        data: The payload.
        expect: ``json``, ``xml``, ``pdf``, ``html``, ``rss`` or None (anything but empty).
        url: For the message.

    Raises:
        SourceError: Empty body, or the body is not of the expected kind.
    """
    if not data.strip():
        raise SourceError(f"empty response from {url}", hint="the next sync fetches it again")
    if expect is None:
        return
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    ok = {
        "json": head[:1] in (b"{", b"["),
        "xml": head[:1] == b"<" and not _looks_like_html(data),
        "rss": head[:1] == b"<" and not _looks_like_html(data),
        "pdf": head.startswith(b"%PDF-"),
        "html": head[:1] == b"<",
    }.get(expect, True)
    if ok:
        return
    if _looks_like_html(data):
        title = _html_title(data)
        got = f"an HTML page ({title!r})" if title else "an HTML page"
    else:
        got = f"{data[:40]!r}..."
    raise SourceError(
        f"expected {expect.upper()} from {url} but got {got}",
        hint="the server may be down or have moved the page; the next sync tries again",
    )


class HttpClient:
    """GET with politeness, conditional caching, retries and the raw store.

    Args:
        transport: An httpx transport (``httpx.MockTransport`` in tests); None for the network.
        user_agent: Sent with every request.
        rate_limits: Requests per second by host or host + path prefix; merged over the defaults.
        timeout: Seconds for connect/read/write/pool.
        max_retries: Further tries after the first one fails.
        backoff: Base of the exponential backoff in seconds (``backoff * 2**try``).
        max_backoff: Ceiling of one backoff wait.
        sleep: Called with seconds to wait (rate limits and backoff); inject a recorder in tests.
        clock: Monotonic clock for the rate limits.
        raw_store: Where every fetched payload goes and where the validators come from.
        give_up_after: After this many fetches in a row from one host failed for good (network,
            timeouts, 5xx: retries exhausted), further requests to that host fail at once
            instead of each waiting through its retries; any success resets the count.
    """

    def __init__(
        self,
        transport: httpx.BaseTransport | None = None,
        *,
        user_agent: str = DEFAULT_USER_AGENT,
        rate_limits: Mapping[str, float] | None = None,
        timeout: float = 30.0,
        max_retries: int = 4,
        backoff: float = 1.0,
        max_backoff: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        raw_store: RawStore | None = None,
        give_up_after: int = 3,
    ) -> None:
        self.user_agent = user_agent
        self.give_up_after = give_up_after
        self._down: dict[str, tuple[int, str]] = {}  # host -> (failures in a row, last cause)
        self.rate_limits = {**DEFAULT_RATE_LIMITS, **(rate_limits or {})}
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.raw_store = raw_store
        self._sleep = sleep
        self._clock = clock
        self._buckets: dict[str, TokenBucket] = {}
        self._buckets_lock = threading.Lock()
        self.requests = 0  # requests sent, retries included
        self._client = httpx.Client(
            transport=transport,
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def bucket_for(self, url: httpx.URL) -> TokenBucket:
        """The token bucket governing ``url``: the longest matching rate-limit key."""
        target = f"{url.host}{url.path}"
        key = max((k for k in self.rate_limits if target.startswith(k)), key=len, default=url.host)
        with self._buckets_lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                rate = self.rate_limits.get(key, DEFAULT_RATE)
                bucket = TokenBucket(rate, clock=self._clock, sleep=self._sleep)
                self._buckets[key] = bucket
            return bucket

    def _backoff(self, attempt: int) -> float:
        return float(min(self.max_backoff, self.backoff * (2**attempt)))

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        expect: str | None = None,
        conditional: bool = True,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResult:
        """Fetch ``url`` (with ``params`` as query string), politely, from cache when unchanged.

        Args:
            url: Absolute URL.
            params: Query parameters; lists give repeated keys (``fields[]``).
            expect: Kind of payload required (``json``, ``xml``, ``pdf``, ``html``, ``rss``); an HTML
                error page or other mismatch raises instead of being stored.
            conditional: Send the stored validators of this URL and accept a 304.
            headers: Further request headers (e.g. ``Accept: application/xml``, which the eCFR
                versioner needs).

        Returns:
            The payload. On 304, ``data`` is the stored payload and ``not_modified`` is True.

        Raises:
            SourceError: An HTTP error status, the retries exhausted, a truncated, empty or
                unexpected payload; the message names the URL and the cause.
        """
        target = httpx.URL(url, params=params) if params else httpx.URL(url)
        full = str(target)
        failures, last_cause = self._down.get(target.host, (0, ""))
        if failures >= self.give_up_after:
            raise HostUnreachable(
                f"GET {full} not tried: {target.host} failed {failures} times in a row (last: {last_cause})",
                host=target.host,
                hint="the source looks unreachable; the next sync tries again",
            )
        try:
            result = self._get(target, full, expect, conditional, headers)
        except RetriesExhausted as e:
            self._down[target.host] = (failures + 1, e.message.rsplit(" tries: ", 1)[-1])
            raise
        self._down.pop(target.host, None)
        return result

    def _get(
        self,
        target: httpx.URL,
        full: str,
        expect: str | None,
        conditional: bool,
        extra: Mapping[str, str] | None = None,
    ) -> FetchResult:
        cached = None
        headers: dict[str, str] = dict(extra or {})
        if conditional and self.raw_store is not None:
            cached = self.raw_store.latest(full)
            if cached is not None and self.raw_store.has(cached.sha256):
                if cached.etag:
                    headers["If-None-Match"] = cached.etag
                if cached.last_modified:
                    headers["If-Modified-Since"] = cached.last_modified
            else:
                cached = None
        bucket = self.bucket_for(target)
        attempt = 0
        while True:
            bucket.acquire()
            self.requests += 1
            wait: float | None = None
            try:
                resp = self._client.get(target, headers=headers)
            except httpx.TimeoutException as e:
                cause = f"timed out ({type(e).__name__})"
            except httpx.TransportError as e:
                cause = f"network error ({type(e).__name__}: {e})"
            else:
                status = resp.status_code
                if status == 304 and cached is not None and self.raw_store is not None:
                    data = self.raw_store.get(cached.sha256)
                    self.raw_store.touch(full, cached.sha256)
                    return FetchResult(
                        full, 304, data, cached.sha256, self._headers(resp, cached), not_modified=True
                    )
                if 200 <= status < 300:
                    data = resp.content
                    try:
                        check_length(data, resp.headers, full)
                    except SourceError as e:
                        cause = e.message
                    else:
                        return self._accept(full, resp, data, expect)
                elif status in RETRY_STATUSES:
                    wait = parse_retry_after(resp.headers.get("Retry-After"))
                    cause = f"HTTP {status} {resp.reason_phrase}".rstrip()
                    if wait is not None and wait > MAX_RETRY_AFTER:
                        raise SourceError(
                            f"GET {full} failed: {cause}, server asks to retry after {wait:.0f} s",
                            hint="the next sync tries again",
                        )
                elif status >= 500:
                    cause = f"HTTP {status} {resp.reason_phrase}".rstrip()
                else:
                    raise SourceError(f"GET {full} failed: HTTP {status} {resp.reason_phrase}".rstrip())
            if attempt >= self.max_retries:
                raise RetriesExhausted(
                    f"GET {full} failed after {attempt + 1} tries: {cause}",
                    hint="the source may be down; the next sync tries again",
                )
            self._sleep(wait if wait is not None else self._backoff(attempt))
            attempt += 1

    def _headers(self, resp: httpx.Response, cached: Any = None) -> dict[str, str]:
        out = {k.lower(): v for k, v in resp.headers.items()}
        if cached is not None and "content-type" not in out and cached.content_type:
            out["content-type"] = cached.content_type
        return out

    def _accept(self, url: str, resp: httpx.Response, data: bytes, expect: str | None) -> FetchResult:
        check_expected(data, expect, url)
        headers = self._headers(resp)
        if self.raw_store is not None:
            sha = self.raw_store.put(data, url=url, headers=resp.headers, status=resp.status_code)
        else:
            sha = sha256_hex(data)
        return FetchResult(url, resp.status_code, data, sha, headers)
