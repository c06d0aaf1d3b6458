"""The ``Document`` node of a document's metadata, and finding a loaded document by FR page."""

from __future__ import annotations

from collections.abc import Iterable

from exportwatch.vocab.identifiers import FR_FIRST_VOLUME_YEAR, parse_fr_citations
from graph.store import Row, Runner
from ingest.models import DocumentMeta

KINDS = {
    "rule": "rule",
    "proposed rule": "proposed_rule",
    "notice": "notice",
    "presidential document": "presidential_document",
    "press release": "press_release",
}
_SOURCE_KIND = {"guidance": "guidance", "text": "commentary", "bis-press": "press_release"}


def _kind(meta: DocumentMeta) -> str:
    kind = KINDS.get((meta.type or "").strip().lower())
    return kind or _SOURCE_KIND.get(meta.source, "other")


def document_row(meta: DocumentMeta, *, content_hash: str | None, countries: Iterable[str] = ()) -> Row:
    """The Document node for a document's metadata."""
    volume = start = end = None
    cits = parse_fr_citations(meta.citation)
    if cits:
        volume, start = cits[0].volume, cits[0].page
    if meta.pages:
        start, end = meta.pages[0], meta.pages[1]
        if volume is None and meta.source == "federal-register" and meta.publication_date:
            # The printed pages of a Federal Register document are in the volume of its year (1935 + N).
            volume = int(str(meta.publication_date)[:4]) - FR_FIRST_VOLUME_YEAR
    return {
        "id": meta.document_number,
        "kind": _kind(meta),
        "doc_source": meta.source,
        "type": meta.type,
        "title": meta.title,
        "publication_date": meta.publication_date,
        "effective_date": meta.effective_date,
        "comments_close_on": meta.comments_close_on,
        "agency": meta.agency,
        "action": meta.action,
        "citation": meta.citation,
        "volume": volume,
        "start_page": start,
        "end_page": end if end is not None else start,
        "rin": list(meta.rin),
        "cfr": list(meta.cfr),
        "docket": list(meta.docket),
        "countries": sorted(set(countries)),
        "abstract": meta.abstract or meta.summary,
        "url": meta.url,
        "lang": meta.lang,
        "public_inspection": meta.public_inspection,
        "content_hash": content_hash,
        "stub": False,
        "source": meta.url or meta.document_number,
        "confidence": "official",
    }


def find_cited_document(runner: Runner, volume: int, page: int | None) -> str | None:
    """Id of a loaded (non-stub) document whose pages hold ``volume`` FR ``page``."""
    if page is None:
        return None
    rows = runner.run(
        "MATCH (d:Document) WHERE d.volume = $v AND d.start_page <= $p AND d.end_page >= $p "
        "AND d.stub = false RETURN d.id AS id ORDER BY d.start_page DESC LIMIT 1",
        {"v": volume, "p": page},
    )
    return rows[0]["id"] if rows else None
