"""FEFTA export-ban lists: the three PDFs linked from METI's Russia page, read as text and parsed."""

from __future__ import annotations

import io
import re
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from exportwatch.errors import ParseError
from ingest.allied_lists import AlliedSnapshot
from ingest.list_crawl import lists_home
from ingest.list_sources import bases, bounds, keep
from ingest.parse_jp_lists import parse_fefta_list
from ingest.sources import SourceSpec

if TYPE_CHECKING:
    from ingest.context import Context

KINDS = {"russia": "jp_fefta_export_ban_russia", "belarus": "jp_fefta_export_ban_belarus",
         "third_country": "jp_fefta_export_ban_third_country"}  # fmt: skip


def parse(data: bytes, name: str, spec: SourceSpec, check: bool = True) -> list[AlliedSnapshot]:
    """One list's text (the same parser for live and bundled files)."""
    b = bases(spec)
    return [
        parse_fefta_list(
            data,
            name=name,
            bases={k: b[v] for k, v in KINDS.items()},
            source=spec.name,
            bounds={k: bounds(spec, v, check=check) for k, v in KINDS.items()},
        )
    ]


def pdf_text(data: bytes, url: str) -> bytes:
    """The PDF's text as the bundled files have it: pdfplumber's text of each page, joined as is.

    Raises:
        ParseError: Not a readable PDF, or no text layer.
    """
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            text = "".join(page.extract_text() or "" for page in pdf.pages)
    except (PDFSyntaxError, ValueError) as e:
        raise ParseError(f"{url}: not a readable PDF ({e})") from None
    if not text.strip():
        raise ParseError(f"{url}: the PDF has no text layer")
    return text.encode("utf-8")


def pdf_links(html: bytes, base: str, pattern: str) -> list[str]:
    """The list PDFs linked from the page, in page order."""
    found: list[str] = []
    for href in re.findall(rb"""href\s*=\s*["']([^"'<>\s]+)["']""", html, re.I):
        url = urljoin(base, href.decode("utf-8", "replace"))
        if re.search(pattern, url) and url not in found:
            found.append(url)
    return found


def crawl(ctx: Context) -> str | None:
    """Read the page, fetch each list PDF, parse its text, keep the text when it parses."""
    assert ctx.spec is not None
    page_url = ctx.url("page")
    page = ctx.try_fetch(page_url, fatal=True)
    if page is None:
        return None
    links = pdf_links(page.data, page_url, str(ctx.option("link_pattern", r"tokutei[^/]*\.pdf")))
    if len(links) != len(KINDS):
        ctx.error(
            page_url,
            ParseError(f"{page_url}: {len(links)} list PDFs linked, expected {len(KINDS)}"),
            fatal=True,
        )
    ok = len(links) == len(KINDS)
    for url in links:
        res = ctx.try_fetch(url, expect="pdf", fatal=True)
        if res is None:
            ok = False
            continue
        try:
            text = pdf_text(res.data, url)
            snaps = parse(text, url, ctx.spec)
        except ParseError as e:
            ctx.error(url, e, fatal=True)
            ok = False
            continue
        stem = url.rsplit("/", 1)[-1].removesuffix(".pdf")
        new = keep(lists_home(ctx), f"{snaps[0].snapshot}_{stem}.pdf.txt", text)
        for s in snaps:
            ctx.report.outcomes[s.id] = "new" if new else "unchanged"
    return ctx.today.isoformat() if ok else None
