"""The HTTP layer against recorded content replayed through httpx.MockTransport."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import httpx
import pytest
import recorded_replay as replay  # registered by tests/ingest/conftest.py

from exportwatch.errors import SourceError
from ingest.http import HttpClient, TokenBucket, check_expected, parse_retry_after
from ingest.rawstore import RawStore

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"
SNAPSHOT = Path(__file__).resolve().parents[2] / "exportwatch" / "snapshot"
XML_URL = "https://www.federalregister.gov/documents/full_text/xml/2023/02/27/2023-03929.xml"
SEARCH = "https://www.federalregister.gov/api/v1/documents.json"


class FakeClock:
    """A monotonic clock that only moves when someone sleeps; records every wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(round(seconds, 3))
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_client(server: object, clock: FakeClock, store: RawStore | None = None, **kw: object) -> HttpClient:
    return HttpClient(
        httpx.MockTransport(server),  # type: ignore[arg-type]
        sleep=clock.sleep,
        clock=clock,
        raw_store=store,
        **kw,  # type: ignore[arg-type]
    )


def test_user_agent_names_project_and_contact(clock: FakeClock) -> None:
    server = replay.Replay()
    with make_client(server, clock) as client:
        client.get(XML_URL, expect="xml")
    ua = server.requests[0].headers["User-Agent"]
    assert ua.startswith("exportwatch/")
    assert "https://" in ua


def test_rate_limits_space_requests_per_host_and_path(clock: FakeClock) -> None:
    server = replay.Replay()
    with make_client(server, clock) as client:
        for _ in range(3):
            client.get(XML_URL, expect="xml", conditional=False)
        xml_waits = list(clock.waits)
        clock.waits.clear()
        for _ in range(3):
            client.get(SEARCH, params={"per_page": 5})
        api_waits = list(clock.waits)
    # full-text XML path: 1 request/s; API: 5 requests/s; the first request of each bucket is free.
    assert xml_waits == [1.0, 1.0]
    assert api_waits == [0.2, 0.2]


def test_token_bucket_does_not_wait_when_time_has_passed(clock: FakeClock) -> None:
    bucket = TokenBucket(2.0, clock=clock, sleep=clock.sleep)
    bucket.acquire()
    clock.now += 5
    assert bucket.acquire() == 0.0
    assert bucket.acquire() == pytest.approx(0.5)


def test_etag_gives_304_and_the_stored_payload(tmp_path: Path, clock: FakeClock) -> None:
    server = replay.Replay()
    store = RawStore(tmp_path / "raw")
    with make_client(server, clock, store) as client:
        first = client.get(XML_URL, expect="xml")
        second = client.get(XML_URL, expect="xml")
    assert not first.not_modified and second.not_modified
    assert second.status == 304 and second.data == first.data
    assert second.sha256 == first.sha256
    assert "If-None-Match" not in server.requests[0].headers
    assert server.requests[1].headers["If-None-Match"] == first.headers["etag"]
    assert len(list(store.records(XML_URL))) == 1
    assert (
        store.get(first.sha256)
        == (SNAPSHOT / "federal_register" / "fr_2023-03929_entity_list_additions.xml").read_bytes()
    )


def test_last_modified_is_sent_back(tmp_path: Path, clock: FakeClock) -> None:
    body = (SNAPSHOT / "federal_register" / "fr_2023-03929_entity_list_additions.xml").read_bytes()
    stamp = "Mon, 27 Feb 2023 05:00:00 GMT"
    seen: list[httpx.Request] = []

    def server(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers.get("If-Modified-Since") == stamp:
            return httpx.Response(304)
        return httpx.Response(200, content=body, headers={"Last-Modified": stamp, "Content-Type": "text/xml"})

    store = RawStore(tmp_path / "raw")
    with make_client(server, clock, store) as client:
        client.get(XML_URL)
        again = client.get(XML_URL)
    assert again.not_modified and again.data == body
    assert again.content_type == "text/xml"
    assert seen[1].headers["If-Modified-Since"] == stamp


@pytest.mark.parametrize(
    ("status", "retry_after", "expected_wait"),
    [
        (429, "7", 7.0),
        (503, "2", 2.0),
        (503, None, 1.0),  # no Retry-After: exponential backoff from 1 s
        (429, None, 1.0),
    ],
    ids=["429-seconds", "503-seconds", "503-backoff", "429-backoff"],
)
def test_retry_after_is_honoured(
    clock: FakeClock, status: int, retry_after: str | None, expected_wait: float
) -> None:
    server = replay.Replay()
    headers = {"Retry-After": retry_after} if retry_after else {}
    server.fault("documents.json", httpx.Response(status, headers=headers))
    with make_client(server, clock) as client:
        res = client.get(SEARCH, params={"per_page": 5}, expect="json")
    assert res.status == 200
    assert len(server.requests) == 2
    assert clock.waits == [expected_wait]  # the API's 0.2 s spacing is covered by the longer wait


def test_retry_after_http_date(clock: FakeClock) -> None:
    when = datetime.now(UTC) + timedelta(seconds=30)
    server = replay.Replay()
    server.fault(
        "full_text", httpx.Response(503, headers={"Retry-After": format_datetime(when, usegmt=True)})
    )
    with make_client(server, clock) as client:
        client.get(XML_URL)
    assert any(25 <= w <= 31 for w in clock.waits), clock.waits


def test_backoff_is_exponential_then_gives_up_naming_url_and_cause(clock: FakeClock) -> None:
    server = replay.Replay()
    server.fault("full_text", *[httpx.Response(502) for _ in range(4)])
    with make_client(server, clock, max_retries=3) as client, pytest.raises(SourceError) as err:
        client.get(XML_URL)
    assert XML_URL in str(err.value) and "HTTP 502" in str(err.value) and "4 tries" in str(err.value)
    assert [w for w in clock.waits if w >= 1] == [1.0, 2.0, 4.0]


def test_network_errors_are_retried(clock: FakeClock) -> None:
    server = replay.Replay()
    server.fault("full_text", httpx.ConnectError("connection refused"), httpx.ReadTimeout("read timed out"))
    with make_client(server, clock) as client:
        res = client.get(XML_URL, expect="xml")
    assert res.status == 200 and len(server.requests) == 3


def test_network_failure_after_last_try(clock: FakeClock) -> None:
    server = replay.Replay()
    server.fault("full_text", *[httpx.ConnectError("connection refused") for _ in range(3)])
    with make_client(server, clock, max_retries=2) as client, pytest.raises(SourceError) as err:
        client.get(XML_URL)
    assert XML_URL in err.value.message and "ConnectError" in err.value.message


def test_retry_after_too_long_fails_at_once(clock: FakeClock) -> None:
    server = replay.Replay()
    server.fault("full_text", httpx.Response(429, headers={"Retry-After": "86400"}))
    with make_client(server, clock) as client, pytest.raises(SourceError, match="retry after 86400"):
        client.get(XML_URL)
    assert len(server.requests) == 1 and clock.waits == []


def test_client_error_is_not_retried(clock: FakeClock) -> None:
    server = replay.Replay()
    url = "https://www.federalregister.gov/documents/full_text/xml/2099/01/01/2099-99999.xml"
    with make_client(server, clock) as client, pytest.raises(SourceError, match="HTTP 404") as err:
        client.get(url)
    assert url in err.value.message and len(server.requests) == 1


def test_truncated_download_stores_nothing(tmp_path: Path, clock: FakeClock) -> None:
    body = (SNAPSHOT / "federal_register" / "fr_2023-03929_entity_list_additions.xml").read_bytes()

    def server(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body[:1000], headers={"Content-Length": str(len(body))})

    store = RawStore(tmp_path / "raw")
    with make_client(server, clock, store, max_retries=1) as client, pytest.raises(SourceError) as err:
        client.get(XML_URL)
    assert "truncated" in err.value.message and XML_URL in err.value.message
    assert list(store.records()) == []
    assert [p for p in (tmp_path / "raw").rglob("*") if p.is_file() and p.parent != tmp_path / "raw"] == []


def test_html_error_page_served_as_200_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    page = b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>down</body></html>"
    store = RawStore(tmp_path / "raw")
    with (
        make_client(lambda r: httpx.Response(200, content=page), clock, store) as client,
        pytest.raises(SourceError) as err,
    ):
        client.get(SEARCH, expect="json")
    assert "expected JSON" in err.value.message and "Service Unavailable" in err.value.message
    assert SEARCH in err.value.message
    assert list(store.records()) == []


def test_empty_response_is_an_error(clock: FakeClock) -> None:
    with (
        make_client(lambda r: httpx.Response(200, content=b""), clock) as client,
        pytest.raises(SourceError, match="empty response"),
    ):
        client.get(SEARCH)


@pytest.mark.parametrize(
    ("data", "expect", "ok"),
    [
        (b'  {"count": 0}', "json", True),
        (b"%PDF-1.7 ...", "pdf", True),
        (b"<?xml version='1.0'?><RULE/>", "xml", True),
        (b"<html><body>oops</body></html>", "xml", False),
        (b"<!DOCTYPE html><html></html>", "pdf", False),
        (b"not json", "json", False),
    ],
    ids=["json", "pdf", "xml", "html-for-xml", "html-for-pdf", "text-for-json"],
)
def test_check_expected(data: bytes, expect: str, ok: bool) -> None:
    if ok:
        check_expected(data, expect, "u")
    else:
        with pytest.raises(SourceError):
            check_expected(data, expect, "u")


def test_parse_retry_after() -> None:
    now = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after("Wed, 15 Jan 2025 12:01:00 GMT", now=now) == 60.0
    assert parse_retry_after("Wed, 15 Jan 2025 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None


def test_unreachable_host_fails_fast_after_repeated_failures(clock: FakeClock) -> None:
    server = replay.Replay()
    server.fault("/documents/full_text/", *[httpx.ConnectError("network is unreachable") for _ in range(4)])
    with make_client(server, clock, max_retries=1, give_up_after=2) as client:
        for _ in range(2):
            with pytest.raises(SourceError, match="2 tries"):
                client.get(XML_URL)
        sent = len(server.requests)
        with pytest.raises(SourceError, match="not tried") as err:
            client.get(SEARCH)  # same host: not even tried
        assert len(server.requests) == sent
        assert "www.federalregister.gov" in err.value.message and "ConnectError" in err.value.message
