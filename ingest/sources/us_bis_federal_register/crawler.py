"""Federal Register crawler: BIS documents by date slice, full-text XML, public inspection, RSS.

One run:

1. Poll the agency RSS feed (cheap): document numbers not yet in the catalog are fetched at
   once through ``/documents/{n1},{n2}.json``.
2. Search ``documents.json`` from the start date (``--since``, else the last run's cursor, else
   ``backfill_since``) to today, one calendar month per slice; a slice whose count reaches the
   API cap (10,000 results, 50 pages) is split in two until it fits. Every page is followed.
3. Read the public-inspection list (``current.json`` and the last few ``available_on`` days),
   keep the agency's documents (flagged ``public_inspection``) and fetch the PDF of those not
   yet published. When a document publishes, its API JSON clears the flag (the catalog merge).
4. Fetch the full-text XML of every document that lacks it (1 request/s on that path), and
   retry the documents left in ``fetched`` or ``error`` by earlier runs.

``finalize`` links corrections to what they correct: from the API ``correction_of`` field (via
the parser) and, for BIS's own "...; Correction" rules, by title and the date in the abstract.
"""

from __future__ import annotations

import calendar
import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import feedparser

from exportwatch.errors import ParseError
from exportwatch.vocab.identifiers import corrected_title, long_dates
from ingest.context import Context, with_source
from ingest.http import FetchResult
from ingest.models import SOURCE_FEDERAL_REGISTER, DocumentMeta, ParsedDocument
from ingest.parse_fr_json import load_json

DOC_LINK_RE = re.compile(r"/documents/\d{4}/\d{2}/\d{2}/([A-Za-z0-9-]+)")
BATCH = 20  # document numbers per /documents/{n1},{n2}.json request


def crawl(ctx: Context) -> str | None:
    """Sync the Federal Register documents of ``Settings.agency``; returns the new cursor."""
    until = ctx.today
    last = ctx.catalog.last_sync(ctx.source)
    if ctx.since is not None:
        since = ctx.since
    elif last is not None:
        since = date.fromisoformat(last["cursor"])
    else:
        since = date.fromisoformat(str(ctx.option("backfill_since", "2022-01-01")))
    xml_urls: dict[str, str] = {}
    if ctx.option("rss", True) and last is not None:
        poll_feed(ctx, xml_urls)
    slices = list(month_slices(since, until))
    for start, end in ctx.track(slices, total=len(slices), description="Federal Register search"):
        search_range(ctx, start, end, xml_urls)
    public_inspection(ctx, since, until)
    if ctx.option("full_text", True):
        fetch_full_text(ctx, xml_urls)
    return until.isoformat()


def month_slices(start: date, end: date) -> Iterator[tuple[date, date]]:
    """Calendar-month slices covering ``start``..``end`` (both inclusive)."""
    cur = start
    while cur <= end:
        last = date(cur.year, cur.month, calendar.monthrange(cur.year, cur.month)[1])
        yield cur, min(last, end)
        cur = last + timedelta(days=1)


def search_params(ctx: Context, start: date, end: date) -> dict[str, Any]:
    """Query parameters of one search slice (agency, types, dates, fields, paging)."""
    return {
        "conditions[agencies][]": ctx.agency,
        "conditions[type][]": list(ctx.option("document_types", ["RULE", "PRORULE", "NOTICE"])),
        "conditions[publication_date][gte]": start.isoformat(),
        "conditions[publication_date][lte]": end.isoformat(),
        "fields[]": list(ctx.option("fields", [])),
        "order": "oldest",
        "per_page": int(ctx.option("per_page", 1000)),
    }


def read_json(ctx: Context, res: FetchResult, *, fatal: bool, target: str | None = None) -> Any:
    """The decoded JSON of a response, or None with the error recorded (and the payload marked bad)."""
    try:
        return load_json(res.data, res.url)
    except ParseError as e:
        ctx.raw_store.mark_bad(res.url, res.sha256)
        ctx.error(target or res.url, ParseError(f"malformed JSON from {e}"), fatal=fatal)
        return None


def results_of(env: Any) -> list[dict[str, Any]]:
    """The documents of a search page, a multi-document response or a single document."""
    if isinstance(env, dict) and "document_number" in env:
        return [env]
    if isinstance(env, dict):
        res = env.get("results") or []
        return [r for r in res if isinstance(r, dict)]
    return []


def _needs_text(ctx: Context, xml_urls: dict[str, str]) -> Any:
    def pending(meta: DocumentMeta) -> bool:
        if not ctx.option("full_text", True) or meta.document_number not in xml_urls:
            return False
        doc = ctx.catalog.get(meta.document_number)
        return doc is None or "xml" not in doc["payload_shas"]

    return pending


def ingest_page(ctx: Context, res: FetchResult, env: Any, xml_urls: dict[str, str], *, fatal: bool) -> bool:
    """Merge the documents of one JSON response into the catalog; note their full-text URLs."""
    results = results_of(env)
    for r in results:
        if r.get("full_text_xml_url") and r.get("document_number"):
            xml_urls[str(r["document_number"])] = str(r["full_text_xml_url"])
    if not results:
        return True
    ids = ctx.ingest(
        res.data,
        name=res.url,
        url=res.url,
        sha=res.sha256,
        media_type=res.content_type,
        pending_full_text=_needs_text(ctx, xml_urls),
        fatal=fatal,
    )
    return ids is not None


def search_range(ctx: Context, start: date, end: date, xml_urls: dict[str, str]) -> bool:
    """Search one date range, splitting it while the API cap is reached; follow every page.

    Returns:
        False when a page failed (recorded as a fatal error: the cursor will not advance).
    """
    url = ctx.url("search")
    res = ctx.try_fetch(url, params=search_params(ctx, start, end), expect="json", fatal=True)
    env = read_json(ctx, res, fatal=True) if res else None
    if res is None or env is None:
        return False
    if not isinstance(env, dict) or not isinstance(env.get("count", 0), int):
        ctx.error(res.url, ParseError(f"unexpected search response from {res.url}: no count"), fatal=True)
        return False
    max_count = int(ctx.option("max_count", 10000))
    max_pages = int(ctx.option("max_pages", 50))
    count, pages = int(env.get("count", 0)), int(env.get("total_pages") or 1)
    if count >= max_count or pages > max_pages:
        if start < end:
            mid = start + (end - start) // 2
            ctx.log.info("%s..%s holds %s documents: splitting at %s", start, end, count, mid)
            first = search_range(ctx, start, mid, xml_urls)
            second = search_range(ctx, mid + timedelta(days=1), end, xml_urls)
            return first and second
        ctx.warn(f"{count} documents published on {start}: only the first {max_count} can be listed")
    read = 0
    while True:
        if not ingest_page(ctx, res, env, xml_urls, fatal=True):
            return False
        read += 1
        nxt = env.get("next_page_url") if isinstance(env, dict) else None
        if not nxt or read >= max_pages:
            return True
        res = ctx.try_fetch(str(nxt), expect="json", fatal=True)
        env = read_json(ctx, res, fatal=True) if res else None
        if res is None or env is None:
            return False


def fetch_documents(ctx: Context, numbers: list[str], xml_urls: dict[str, str]) -> None:
    """Fetch the API JSON of the given document numbers, ``BATCH`` per request."""
    fields: dict[str, Any] = {"fields[]": list(ctx.option("fields", []))}
    for i in range(0, len(numbers), BATCH):
        batch = numbers[i : i + BATCH]
        url = ctx.url("document").format(numbers=",".join(batch))
        res = ctx.try_fetch(url, params=fields, expect="json", target=batch[0] if len(batch) == 1 else None)
        env = read_json(ctx, res, fatal=False) if res else None
        if res is not None and env is not None:
            ingest_page(ctx, res, env, xml_urls, fatal=False)


def poll_feed(ctx: Context, xml_urls: dict[str, str]) -> list[str]:
    """Read the agency RSS feed; fetch the documents it lists that the catalog lacks.

    Returns:
        The new document numbers.
    """
    res = ctx.try_fetch(ctx.url("rss"), params={"conditions[agencies][]": ctx.agency}, expect="rss")
    if res is None:
        return []
    feed = feedparser.parse(res.data)
    if feed.get("bozo") and not feed.get("entries"):
        ctx.error(res.url, ParseError(f"malformed RSS feed {res.url}: {feed.get('bozo_exception')}"))
        ctx.raw_store.mark_bad(res.url, res.sha256)
        return []
    numbers: list[str] = []
    for entry in feed.get("entries", []):
        m = DOC_LINK_RE.search(str(entry.get("link") or entry.get("id") or ""))
        if m and m.group(1) not in numbers:
            numbers.append(m.group(1))
    new = [n for n in numbers if ctx.catalog.get(n) is None]
    ctx.log.info("RSS feed lists %d documents, %d new", len(numbers), len(new))
    if new:
        fetch_documents(ctx, new, xml_urls)
    return new


def _agency_of(r: dict[str, Any], agency: str) -> bool:
    for a in r.get("agencies") or []:
        if isinstance(a, dict) and agency in (a.get("slug"), a.get("url", "").rstrip("/").rsplit("/", 1)[-1]):
            return True
    return False


def public_inspection(ctx: Context, since: date, until: date) -> list[str]:
    """Read the public-inspection list; keep the agency's documents and fetch their PDFs.

    Returns:
        Numbers of the agency's documents on the lists read.
    """
    agency = ctx.agency
    requests: list[tuple[str, dict[str, Any] | None]] = [(ctx.url("public_inspection_current"), None)]
    days = int(ctx.option("public_inspection_days", 7))
    day = max(since, until - timedelta(days=days))
    while day <= until:
        if day.weekday() < 5:
            query = {"conditions[available_on]": day.isoformat(), "conditions[agencies][]": agency}
            requests.append((ctx.url("public_inspection"), query))
        day += timedelta(days=1)
    seen: list[str] = []
    pdfs: dict[str, str] = {}
    for list_url, params in requests:
        res = ctx.try_fetch(list_url, params=params, expect="json")
        env = read_json(ctx, res, fatal=False) if res else None
        if res is None or env is None:
            continue
        wanted = {
            str(r["document_number"]): r
            for r in results_of(env)
            if r.get("document_number") and _agency_of(r, agency)
        }
        if not wanted:
            continue
        ids = ctx.ingest(
            res.data,
            name=res.url,
            url=res.url,
            sha=res.sha256,
            media_type=res.content_type,
            keep=functools.partial(_listed, set(wanted)),
        )
        for number, r in wanted.items():
            if number not in seen:
                seen.append(number)
            if ids is not None and r.get("pdf_url"):
                pdfs[number] = str(r["pdf_url"])
    for number, pdf_url in pdfs.items():
        doc = ctx.catalog.get(number)
        if doc is not None and ({"json", "xml"} & set(doc["payloads"]) or "pdf" in doc["payloads"]):
            continue  # published already, or its PDF is in
        _fetch_payload(ctx, pdf_url, number, expect="pdf")
    return seen


def _fetch_payload(ctx: Context, url: str, number: str, *, expect: str) -> None:
    """Fetch one payload (full-text XML, public-inspection PDF) of FR document ``number`` and ingest it.

    A failed fetch is already recorded by ``try_fetch``; the document is retried on the next sync.
    """
    res = ctx.try_fetch(url, target=number, expect=expect)
    if res is not None:
        ctx.ingest(
            res.data,
            name=url,
            url=url,
            sha=res.sha256,
            media_type=res.content_type,
            doc_id=number,
            adapt=functools.partial(_as_fr_document, number=number),
        )


def _listed(numbers: set[str], meta: DocumentMeta) -> bool:
    return meta.document_number in numbers


def _as_fr_document(doc: ParsedDocument, number: str) -> ParsedDocument:
    if doc.meta.document_number == number and doc.meta.source == SOURCE_FEDERAL_REGISTER:
        return doc
    return with_source(doc, document_number=number, source=SOURCE_FEDERAL_REGISTER)


def _derived_xml_url(ctx: Context, meta: DocumentMeta) -> str | None:
    if not meta.publication_date:
        return None
    y, m, d = meta.publication_date.split("-")
    return ctx.url("full_text_xml").format(yyyy=y, mm=m, dd=d, number=meta.document_number)


def fetch_full_text(ctx: Context, xml_urls: dict[str, str]) -> None:
    """Fetch the full-text XML of documents lacking it, and retry earlier failures."""
    todo: dict[str, str] = {}
    for number, url in xml_urls.items():
        doc = ctx.catalog.get(number)
        if doc is not None and "xml" not in doc["payloads"]:
            todo[number] = url
    for number in ctx.catalog.pending("parsed", source=ctx.source):
        if number in todo:
            continue
        meta = ctx.catalog.meta(number)
        doc = ctx.catalog.get(number)
        if meta is None or doc is None or meta.public_inspection or "json" not in doc["payloads"]:
            continue  # not published yet: no full text to fetch
        xml_url = meta.xml_url or _derived_xml_url(ctx, meta)
        if xml_url:
            todo[number] = xml_url
    for number, url in ctx.track(list(todo.items()), total=len(todo), description="full-text XML"):
        _fetch_payload(ctx, url, number, expect="xml")


def _norm_title(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()


def finalize(ctx: Context) -> None:
    """Link each correction to the document it corrects.

    The API's ``correction_of`` reaches the catalog through the parser (``meta.corrects``). BIS's
    own correcting rules ("<title>; Correction") are matched here to the earlier document of the
    same title, preferring the one whose publication date the abstract names.
    """
    docs = ctx.catalog.list_documents(source=SOURCE_FEDERAL_REGISTER)
    by_title: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for d in docs:
        if d["title"]:
            by_title[_norm_title(d["title"])].append(d)
    for d in docs:
        base = corrected_title(d["title"] or "")
        if not base or not d["publication_date"]:
            continue
        candidates = [
            c
            for c in by_title.get(_norm_title(base), [])
            if c["publication_date"] and c["publication_date"] < d["publication_date"]
        ]
        if not candidates:
            continue
        meta = ctx.catalog.meta(d["document_number"])
        named = long_dates(" ".join(filter(None, [meta.abstract, meta.summary]))) if meta else set()
        dated = [c for c in candidates if c["publication_date"] in named]
        target = max(dated or candidates, key=lambda c: (c["publication_date"], c["document_number"]))
        if target["document_number"] not in d["corrects"]:
            ctx.catalog.link(d["document_number"], "corrects", target["document_number"], origin="title")
