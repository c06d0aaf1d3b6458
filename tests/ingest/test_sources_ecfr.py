"""The eCFR versioner source: the real client and crawler against real-structured answers, replayed.

The part XML is the real versioner answer for 3 CFR part 101 (tests/fixtures/ecfr), served gzip-encoded
and only with ``Accept: application/xml``; the versions list is real-structured (see
tests/fixtures/recorded/README.md).
"""

from __future__ import annotations

import gzip
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx
import pytest

from exportwatch.app import ecfr_texts
from exportwatch.config import Settings
from exportwatch.errors import SourceError
from ingest.http import HttpClient
from ingest.rawstore import RawStore
from ingest.sources.us_ecfr.crawler import amendment_dates, fetch_part_versions, stored_parts
from ingest.sync import sync

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PART_XML = (FIXTURES / "ecfr" / "versioner_title-3_part-101_2024-05-17.xml").read_bytes()
VERSIONS = (FIXTURES / "recorded" / "ecfr" / "versions_title-3_part-101.json").read_bytes()
API = "https://www.ecfr.gov/api/versioner/v1"


class Versioner:
    """Answers /versions and /full like the versioner: 406 without the XML Accept header, gzip bodies."""

    def __init__(self, faults: list[httpx.Response] | None = None, body: bytes = PART_XML) -> None:
        self.faults = list(faults or [])
        self.body = body
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        path = request.url.path
        if path.endswith("/versions/title-3.json"):
            return httpx.Response(200, content=VERSIONS, headers={"Content-Type": "application/json"})
        if path.startswith("/api/versioner/v1/full/"):
            if self.faults:
                return self.faults.pop(0)
            if "application/xml" not in request.headers.get("Accept", ""):
                return httpx.Response(406, content=b'{"error":"Not Acceptable"}')
            return httpx.Response(
                200,
                content=gzip.compress(self.body),
                headers={"Content-Type": "application/xml", "Content-Encoding": "gzip"},
            )
        return httpx.Response(404)

    def client(self, raw: RawStore | None, sleep: Callable[[float], None] = lambda s: None) -> HttpClient:
        return HttpClient(httpx.MockTransport(self), raw_store=raw, sleep=sleep)


def test_versions_list_gives_the_amendment_dates_since_a_date() -> None:
    assert amendment_dates(VERSIONS, since="2022-01-01", source="t") == ["2024-05-17"]
    assert amendment_dates(VERSIONS, since="2000-01-01", source="t") == ["2024-05-17"]  # history from 2017


def test_part_xml_fetched_gzip_with_accept_header_and_stored_once(tmp_path: Path) -> None:
    raw = RawStore(tmp_path / "raw")
    server = Versioner()
    got = list(
        fetch_part_versions(server.client(raw), api=API, title=3, part=101, since="2022-01-01", raw=raw)
    )
    assert [(d, new) for d, _, new in got] == [("2024-05-17", True)]
    full = [r for r in server.seen if "/full/" in r.url.path]
    assert full[0].headers["Accept"] == "application/xml"
    assert raw.get(got[0][1]) == PART_XML  # the gzip body decoded
    again = list(
        fetch_part_versions(server.client(raw), api=API, title=3, part=101, since="2022-01-01", raw=raw)
    )
    assert [new for _, _, new in again] == [False]
    assert len([r for r in server.seen if "/full/" in r.url.path]) == 1  # not fetched again
    parts = stored_parts(raw)
    assert [(p.title, p.part, p.day) for p in parts] == [(3, "101", "2024-05-17")]


def test_429_and_503_with_retry_after_are_honoured(tmp_path: Path) -> None:
    waits: list[float] = []
    server = Versioner(
        faults=[
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(503, headers={"Retry-After": "3"}),
        ]
    )
    got = list(
        fetch_part_versions(
            server.client(None, waits.append), api=API, title=3, part=101, since="2022-01-01", raw=None
        )
    )
    assert len(got) == 1
    assert 7.0 in waits and 3.0 in waits


def test_without_the_accept_header_the_versioner_answers_406() -> None:
    client = Versioner().client(None)
    with pytest.raises(SourceError, match="HTTP 406"):
        client.get(f"{API}/full/2024-05-17/title-3.xml?part=101")


def test_sync_then_graph_texts_and_a_truncated_part_is_a_clear_error(tmp_path: Path) -> None:
    from ingest.sources import get_source

    home = tmp_path / "home"
    raw = RawStore(Settings(home=home).paths.ensure().raw)
    spec = get_source("ecfr").spec
    assert spec.options["parts"][0] == 730 and spec.options["parts"][-1] == 774
    server = Versioner()
    client = server.client(raw)
    report = sync(
        home, source="ecfr", client=client, progress=False, today=date(2024, 6, 1), since=date(2022, 1, 1)
    )
    # every EAR part asks the (replayed) versioner, which knows title 3 only: each listing fails cleanly
    assert not report.ok
    errors: dict[str, str] = {}
    assert ecfr_texts(raw, errors) == [] and errors == {}
    # store a truncated part XML at a versioner URL: the build names it and loads the rest
    raw.put(PART_XML[:900], url=f"{API}/full/2024-06-01/title-3.xml?part=101")
    list(
        fetch_part_versions(Versioner().client(raw), api=API, title=3, part=101, since="2022-01-01", raw=raw)
    )
    texts = ecfr_texts(raw, errors)
    assert [t.ref for t in texts][:2] == ["3 CFR 101.1", "3 CFR 101.2"]
    assert list(errors) == [f"{API}/full/2024-06-01/title-3.xml?part=101"]
    assert "not well-formed" in next(iter(errors.values()))
