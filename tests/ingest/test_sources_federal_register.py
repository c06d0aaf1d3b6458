"""The Federal Register source, live code against recorded responses replayed at the transport level."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
import recorded_replay as replay  # registered by tests/ingest/conftest.py

from exportwatch.config import Settings
from ingest.catalog import Catalog
from ingest.context import Context
from ingest.http import HttpClient
from ingest.rawstore import RawStore
from ingest.sources import get_source
from ingest.sources.us_bis_federal_register import crawler
from ingest.sync import SyncReport, sync

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"


POOL = replay.load_pool()


class Waits:
    """Injected clock + sleep: instant, and every wait is kept."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, s: float) -> None:
        self.waits.append(s)
        self.now += s


def run(
    settings: Settings, server: Any, *, today: date, since: date | None = None, waits: Waits | None = None
) -> SyncReport:
    w = waits or Waits()
    client = HttpClient(server.transport(), sleep=w.sleep, clock=w.clock)
    return sync(
        settings.home, source="federal-register", since=since, client=client, progress=False, today=today
    )


def pool_between(start: str, end: str) -> set[str]:
    return {r["document_number"] for r in POOL if start <= r["publication_date"] <= end}


def search_ranges(server: Any) -> list[tuple[str, str]]:
    out = []
    for r in server.requests:
        if r.url.path == "/api/v1/documents.json":
            q = r.url.params
            out.append((q["conditions[publication_date][gte]"], q["conditions[publication_date][lte]"]))
    return out


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


def test_backfill_by_month_with_full_text(settings: Settings) -> None:
    server = replay.Replay()
    report = run(settings, server, today=date(2026, 7, 31))
    assert report.ok, report.errors
    cat = Catalog(settings.paths.catalog)
    rows = cat.list_documents(source="federal-register")
    assert {r["document_number"] for r in rows} == {r["document_number"] for r in POOL}
    assert report.new == len(POOL)
    ranges = search_ranges(server)
    assert ranges[0] == ("2022-01-01", "2022-01-31") and ranges[-1] == ("2026-07-01", "2026-07-31")
    assert len(ranges) == 55 and all(a[:7] == b[:7] for a, b in ranges)  # one calendar month each
    q = next(r for r in server.requests if r.url.path == "/api/v1/documents.json").url.params
    assert q.get_list("conditions[type][]") == ["RULE", "PRORULE", "NOTICE"]
    assert q["conditions[agencies][]"] == "industry-and-security-bureau" and "citation" in q.get_list(
        "fields[]"
    )
    assert server.urls("/documents/full_text/") == [crawler_xml_url("2023-03929")]
    el = cat.get("2023-03929")
    assert el is not None and el["payloads"] == ["json", "xml"] and el["state"] == "parsed"
    assert el["metadata"]["rin"] == ["0694-AJ13"] and el["metadata"]["publication_date"] == "2023-02-27"
    assert {r["state"] for r in rows} == {"parsed"}
    assert server.urls("documents.rss") == []  # no feed polling before a first full run
    assert all(r.headers["User-Agent"].startswith("exportwatch/") for r in server.requests)
    assert cat.last_sync("federal-register")["cursor"] == "2026-07-31"  # type: ignore[index]
    # BIS's own corrections are linked to what they correct.
    assert cat.get("2023-18047")["corrects"] == ["2023-17243"]  # type: ignore[index]
    assert cat.get("2024-15810")["corrected_by"] == ["2024-16379"]  # type: ignore[index]


def crawler_xml_url(number: str) -> str:
    rec = next(r for r in POOL if r["document_number"] == number)
    return str(rec["full_text_xml_url"])


def test_incremental_since_last_run_and_conditional_get(settings: Settings) -> None:
    run(settings, replay.Replay(), today=date(2025, 12, 31), since=date(2025, 9, 1))
    server = replay.Replay()
    again = run(settings, server, today=date(2026, 1, 20))
    assert again.ok, again.errors
    assert search_ranges(server) == [("2025-12-31", "2025-12-31"), ("2026-01-01", "2026-01-20")]
    cat = Catalog(settings.paths.catalog)
    feed_numbers = {r["document_number"] for r in sorted(POOL, key=lambda r: r["publication_date"])[-10:]}
    assert {r["document_number"] for r in cat.list_documents()} == pool_between(
        "2025-09-01", "2025-12-31"
    ) | feed_numbers
    third = run(settings, server, today=date(2026, 1, 20))
    # Same URLs as the run before: the server answers 304 and nothing is parsed again.
    assert third.sources["federal-register"].not_modified >= 3
    assert third.new == third.changed == 0


def test_rss_polling_fetches_just_the_new_numbers(settings: Settings) -> None:
    run(settings, replay.Replay(), today=date(2025, 12, 31), since=date(2025, 9, 1))
    server = replay.Replay()
    report = run(settings, server, today=date(2026, 1, 5))
    assert report.ok, report.errors
    latest = sorted(POOL, key=lambda r: (r["publication_date"], r["document_number"]))[-10:]
    new = [
        r["document_number"]
        for r in latest
        if r["publication_date"] < "2025-09-01" or r["publication_date"] > "2026-01-05"
    ]
    fetched = [u for u in server.urls("/api/v1/documents/") if "documents.json" not in u]
    assert len(fetched) == 1
    numbers = httpx.URL(fetched[0]).path.removeprefix("/api/v1/documents/").removesuffix(".json").split(",")
    assert sorted(numbers) == sorted(new) and len(new) >= 3
    cat = Catalog(settings.paths.catalog)
    assert all(cat.get(n) is not None for n in new)
    assert report.new == len(new)


def _context(settings: Settings, client: HttpClient, **options: Any) -> Context:
    src = get_source("federal-register")
    spec = src.spec.model_copy(update={"options": {**src.spec.options, **options}})
    paths = settings.paths.ensure()
    return Context(
        "federal-register",
        spec,
        agency=settings.agency,
        catalog=Catalog(paths.catalog),
        raw_store=RawStore(paths.raw),
        client=client,
        today=date(2026, 7, 31),
    )


def test_slice_split_when_count_reaches_the_cap(settings: Settings) -> None:
    server = replay.Replay(max_count=5)
    w = Waits()
    ctx = _context(settings, HttpClient(server.transport(), sleep=w.sleep, clock=w.clock), max_count=5)
    xml_urls: dict[str, str] = {}
    assert crawler.search_range(ctx, date(2023, 2, 1), date(2023, 2, 28), xml_urls)
    expected = pool_between("2023-02-01", "2023-02-28")
    assert len(expected) > 5  # the recorded month holds more than the cap
    assert {r["document_number"] for r in ctx.catalog.list_documents()} == expected
    ranges = search_ranges(server)
    assert ranges[0] == ("2023-02-01", "2023-02-28")
    assert ("2023-02-01", "2023-02-14") in ranges and ("2023-02-15", "2023-02-28") in ranges
    assert xml_urls == {"2023-03929": crawler_xml_url("2023-03929")}


def test_pagination_follows_next_page_url(settings: Settings) -> None:
    server = replay.Replay()
    w = Waits()
    ctx = _context(settings, HttpClient(server.transport(), sleep=w.sleep, clock=w.clock), per_page=2)
    assert crawler.search_range(ctx, date(2023, 1, 1), date(2023, 3, 31), {})
    expected = pool_between("2023-01-01", "2023-03-31")
    assert {r["document_number"] for r in ctx.catalog.list_documents()} == expected
    pages = [r.url.params.get("page", "1") for r in server.requests if r.url.path == "/api/v1/documents.json"]
    assert pages == [str(i) for i in range(1, (len(expected) + 1) // 2 + 1)]


def test_public_inspection_then_published_is_reconciled(settings: Settings) -> None:
    server = replay.Replay(pi_on_display=True)
    first = run(settings, server, today=date(2025, 1, 14), since=date(2025, 1, 1))
    assert first.ok, first.errors
    cat = Catalog(settings.paths.catalog)
    doc = cat.get("2025-00636")
    assert doc is not None
    assert doc["public_inspection"] is True and doc["payloads"] == ["pdf", "pi"] and doc["state"] == "parsed"
    assert cat.get("2016-08717") is None  # another agency's document on the same list is left out
    assert len(server.urls("public-inspection.federalregister.gov")) == 1
    second = run(settings, server, today=date(2025, 1, 31))
    assert second.ok, second.errors
    doc = cat.get("2025-00636")
    assert doc is not None
    rec = next(r for r in POOL if r["document_number"] == "2025-00636")
    assert doc["public_inspection"] is False and doc["public_inspection_pdf"] is True
    assert doc["payloads"] == ["json", "pdf", "pi"]
    assert (doc["url"], doc["publication_date"], doc["title"]) == (
        rec["html_url"],
        "2025-01-15",
        rec["title"],
    )
    assert doc["metadata"]["abstract"] == rec["abstract"]
    assert len(server.urls("public-inspection.federalregister.gov")) == 1  # the PDF is not fetched again
    assert second.sources["federal-register"].outcomes["2025-00636"] == "changed"


def _export_raw(settings: Settings, out: Path) -> int:
    """Write every payload of a data home's raw store to files named by their kind."""
    raw = RawStore(settings.paths.raw)
    out.mkdir()
    n = 0
    for rec in raw.records():
        data = raw.get(rec.sha256)
        head = data[:5]
        ext = ".pdf" if head.startswith(b"%PDF") else ".json" if head[:1] in (b"{", b"[") else ".xml"
        if b"<rss" in data[:300]:
            ext = ".rss"  # a feed is a polling signal, not a document payload
        target = out / f"{rec.sha256[:16]}{ext}"
        if not target.exists():
            target.write_bytes(data)
            n += 1
    return n


def test_from_dir_equals_live_for_the_same_content(tmp_path: Path, settings: Settings) -> None:
    server = replay.Replay(pi_on_display=True)
    run(settings, server, today=date(2025, 1, 14), since=date(2023, 2, 1))
    run(settings, server, today=date(2025, 2, 28))
    assert _export_raw(settings, tmp_path / "recorded") > 5
    replayed = Settings(home=tmp_path / "other")
    report = sync(replayed.home, from_dir=tmp_path / "recorded", progress=False)
    assert report.ok, report.errors

    def snapshot(s: Settings) -> dict[str, Any]:
        cat = Catalog(s.paths.catalog)
        out = {}
        for row in cat.list_documents():
            doc = cat.get(row["document_number"])
            assert doc is not None
            out[row["document_number"]] = {
                **{k: v for k, v in row.items() if k != "updated_at"},
                "metadata": doc["metadata"],
                "content_hash": doc["content_hash"],
            }
        return out

    live, files = snapshot(settings), snapshot(replayed)
    feed = {r["document_number"] for r in sorted(POOL, key=lambda r: r["publication_date"])[-10:]}
    assert live.keys() == pool_between("2023-02-01", "2025-02-28") | feed
    assert files.keys() == live.keys()
    for number in live:
        assert files[number] == live[number], number


def test_failures_are_recorded_and_retried(settings: Settings) -> None:
    server = replay.Replay()
    page = b"<!DOCTYPE html><html><head><title>Temporarily Unavailable</title></head><body></body></html>"
    server.fault("/documents/full_text/", httpx.Response(200, content=page))
    # The March page arrives cut off (a real page, truncated; no Content-Length to catch it).
    server.fault(
        "gte%5D=2023-03-01", lambda req: httpx.Response(200, content=server._route(req).content[:300])
    )
    server.fault("current.json", httpx.Response(200, content=b""))
    first = run(settings, server, today=date(2023, 4, 30), since=date(2023, 1, 1))
    assert not first.ok
    errors = "\n".join(first.errors)
    assert (
        "expected XML" in errors
        and "Temporarily Unavailable" in errors
        and crawler_xml_url("2023-03929") in errors
    )
    assert "malformed JSON" in errors and "empty response" in errors
    cat = Catalog(settings.paths.catalog)
    doc = cat.get("2023-03929")
    assert doc is not None and doc["state"] == "error" and "Temporarily Unavailable" in doc["error"]
    assert not pool_between("2023-03-01", "2023-03-31") & {r["document_number"] for r in cat.list_documents()}
    assert cat.runs("federal-register")[0]["status"] == "failed"
    assert cat.last_sync("federal-register") is None  # a failed listing never advances the cursor
    second = run(settings, replay.Replay(), today=date(2023, 4, 30))
    assert second.ok, second.errors
    assert {r["document_number"] for r in cat.list_documents()} == pool_between("2022-01-01", "2023-04-30")
    doc = cat.get("2023-03929")
    assert doc is not None and doc["state"] == "parsed" and doc["payloads"] == ["json", "xml"]
    assert [e for e in cat.errors() if e["target"] == "2023-03929"] == []


def test_rate_limited_and_flaky_network_still_completes(settings: Settings) -> None:
    server = replay.Replay()
    server.fault("documents.json", httpx.Response(429, headers={"Retry-After": "11"}))
    server.fault("documents.json", httpx.Response(503))
    server.fault(
        "/documents/full_text/", httpx.ConnectError("connection reset"), httpx.ReadTimeout("timed out")
    )
    w = Waits()
    report = run(settings, server, today=date(2023, 2, 28), since=date(2023, 2, 1), waits=w)
    assert report.ok, report.errors
    assert 11.0 in w.waits and 1.0 in w.waits
    assert Catalog(settings.paths.catalog).get("2023-03929")["payloads"] == ["json", "xml"]  # type: ignore[index]


def test_network_down_for_one_document(settings: Settings) -> None:
    server = replay.Replay()
    server.fault("/documents/full_text/", *[httpx.ConnectError("no route to host") for _ in range(5)])
    report = run(settings, server, today=date(2023, 2, 28), since=date(2023, 2, 1))
    assert len(report.errors) == 1 and "2023-03929" in report.errors[0] and "ConnectError" in report.errors[0]
    cat = Catalog(settings.paths.catalog)
    assert cat.get("2023-03929")["state"] == "error"  # type: ignore[index]
    assert {r["state"] for r in cat.list_documents() if r["document_number"] != "2023-03929"} == {"parsed"}
    assert cat.runs("federal-register")[0]["status"] == "errors"


def test_a_deeply_nested_answer_is_an_error_not_a_crash(settings: Settings) -> None:
    """A search page nested 100,000 lists deep (Python's decoder raised RecursionError) is recorded as
    a parse error; the run fails cleanly, the cursor stays, and the next run completes."""
    server = replay.Replay()
    server.fault("gte%5D=2023-03-01", httpx.Response(200, content=b"[" * 100_000 + b"]" * 100_000))
    first = run(settings, server, today=date(2023, 4, 30), since=date(2023, 1, 1))
    assert not first.ok
    assert any("JSON nested more than 64 levels deep" in e for e in first.errors), first.errors
    cat = Catalog(settings.paths.catalog)
    assert cat.last_sync("federal-register") is None
    second = run(settings, replay.Replay(), today=date(2023, 4, 30))
    assert second.ok, second.errors
    assert {r["document_number"] for r in cat.list_documents()} == pool_between("2022-01-01", "2023-04-30")
