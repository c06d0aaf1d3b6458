"""BIS guidance crawler: the PDFs under ``/media/documents/`` linked from press releases.

For every press release in the catalog, the links of its parsed metadata and of its stored
HTML are scanned for guidance PDFs; each is fetched (conditional GET), parsed as a
``guidance`` document and linked to the release (``published_with``).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urljoin

from ingest.context import Context, with_source
from ingest.models import SOURCE_BIS_PRESS, SOURCE_GUIDANCE, ParsedDocument

HREF_RE = re.compile(rb"""href\s*=\s*["']([^"'<>\s]+)["']""", re.I)


def guidance_links(ctx: Context, doc_id: str) -> list[str]:
    """Absolute URLs of the guidance PDFs a press release links to, in page order."""
    pattern = re.compile(str(ctx.option("link_pattern", r"/media/documents/[^\"'<>\s]+\.pdf")), re.I)
    doc = ctx.catalog.get(doc_id)
    if doc is None:
        return []
    base = doc["url"] or "https://www.bis.gov/"
    found = [str(u) for u in doc["metadata"].get("links") or []]
    sha = doc["payload_shas"].get("html")
    if sha and ctx.raw_store.has(sha):
        found += [m.decode("utf-8", "replace") for m in HREF_RE.findall(ctx.raw_store.get(sha))]
    out: list[str] = []
    for href in found:
        url = urljoin(base, href.replace("&amp;", "&"))
        if pattern.search(url) and url not in out:
            out.append(url)
    return out


def _as_guidance(
    doc: ParsedDocument, *, url: str, sha: str, release: dict[str, str | None]
) -> ParsedDocument:
    changes: dict[str, object] = {}
    if doc.meta.source != SOURCE_GUIDANCE:
        changes["source"] = SOURCE_GUIDANCE
    if not doc.meta.document_number.startswith("guidance:"):
        changes["document_number"] = f"guidance:{sha[:16]}"
    if not doc.meta.url:
        changes["url"] = url
    if not doc.meta.publication_date and release.get("publication_date"):
        changes["publication_date"] = release["publication_date"]
    return with_source(doc, **changes) if changes else doc


def crawl(ctx: Context) -> str | None:
    """Fetch the guidance PDFs linked from the press releases in the catalog."""
    todo: dict[str, dict[str, str | None]] = {}
    for release in ctx.catalog.list_documents(source=SOURCE_BIS_PRESS):
        if ctx.since and (release["publication_date"] or "") < ctx.since.isoformat():
            continue
        for url in guidance_links(ctx, release["document_number"]):
            todo.setdefault(
                url, {"id": release["document_number"], "publication_date": release["publication_date"]}
            )
    for url, release in ctx.track(list(todo.items()), total=len(todo), description="guidance PDFs"):
        res = ctx.try_fetch(url, expect="pdf")
        if res is None:
            continue
        ids = ctx.ingest(
            res.data,
            name=url,
            url=url,
            sha=res.sha256,
            media_type=res.content_type,
            adapt=functools.partial(_as_guidance, url=url, sha=res.sha256, release=release),
        )
        for gid in ids or []:
            ctx.catalog.link(gid, "published_with", str(release["id"]))
    return ctx.today.isoformat()
