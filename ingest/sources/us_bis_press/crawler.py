"""BIS press crawler: poll the listing, fetch every release on it, keep new and changed ones.

There is no working feed, so the listing page is read (``listing_pages`` pages of it) and each
release fetched with a conditional GET. A release whose bytes were processed before is skipped
by sha256; otherwise it is parsed and merged, and the catalog tells new from changed by the
hash of its parsed content (press pages carry volatile markup).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from exportwatch.errors import ParseError
from exportwatch.vocab.identifiers import FR_DOCUMENT_LINK_RE
from ingest.context import Context
from ingest.models import SOURCE_BIS_PRESS

# A Federal Register document number in a federalregister.gov link (documents/, d/, public inspection).


def release_id(url: str) -> str:
    """The catalog id of a release: ``bis-press:<slug>`` (the last segment of its URL path)."""
    slug = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return f"bis-press:{slug}"


def _date_of(item: Any) -> str | None:
    value = getattr(item, "date", None)
    if value is None or value == "":
        return None
    return str(value.isoformat()) if hasattr(value, "isoformat") else str(value)


def crawl(ctx: Context) -> str | None:
    """Sync the press releases on the listing; returns today's date as the cursor."""
    from ingest.parse_press import parse_press_listing

    listing = ctx.url("listing")
    items: list[Any] = []
    for page in range(int(ctx.option("listing_pages", 1))):
        res = ctx.try_fetch(listing, params={"page": page} if page else None, expect="html", fatal=True)
        if res is None:
            break
        try:
            found = parse_press_listing(res.data, base_url=listing)
        except ParseError as e:
            ctx.raw_store.mark_bad(res.url, res.sha256)
            ctx.error(res.url, e, fatal=True)
            break
        if not found:
            if page == 0:
                ctx.error(
                    res.url, ParseError(f"no press releases found on the listing {res.url}"), fatal=True
                )
            break
        items.extend(i for i in found if i.url not in {x.url for x in items})
    if ctx.since is not None:
        start = ctx.since.isoformat()
        items = [i for i in items if not _date_of(i) or str(_date_of(i)) >= start]
    for item in ctx.track(items, total=len(items), description="BIS press releases"):
        res = ctx.try_fetch(item.url, target=release_id(item.url), expect="html")
        if res is None:
            continue
        ctx.ingest(
            res.data,
            name=item.url,
            url=item.url,
            sha=res.sha256,
            media_type=res.content_type,
            doc_id=release_id(item.url),
        )
    return ctx.today.isoformat()


def finalize(ctx: Context) -> None:
    """Link every press release to the Federal Register documents its page links to."""
    for row in ctx.catalog.list_documents(source=SOURCE_BIS_PRESS):
        meta = ctx.catalog.meta(row["document_number"])
        for link in meta.links if meta else ():
            m = FR_DOCUMENT_LINK_RE.search(link)
            if m:
                ctx.catalog.link(row["document_number"], "references", m.group(1), origin="link")
