"""The extraction stage over the catalog: re-parse each catalogued document from the raw store and extract it.

The catalog says which documents are new or changed and holds their merged metadata (e.g. the API's
citation and dates beside the XML's text); the raw store gives their payloads back without the network.
Each document becomes an ``Extraction`` paired with its catalog content hash, which is what the graph
loader takes. A document that fails is recorded in the catalog (state ``error``) and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from exportwatch.errors import ExportwatchError, ParseError
from ingest.catalog import Catalog
from ingest.home import IngestHome
from ingest.models import Extraction, ParsedDocument
from ingest.rawstore import RawStore

# Which payload of a document carries its text best, richest first.
PAYLOAD_PREFERENCE = ("xml", "pdf", "html", "json", "pi")  # "pi": the public-inspection record


def parsed_document(catalog: Catalog, raw: RawStore, doc_id: str) -> ParsedDocument:
    """Re-parse a catalogued document from the raw store, with the catalog's merged metadata.

    The text comes from the richest payload (full-text XML, then PDF, HTML, API JSON); the
    metadata is the catalog's merge of every payload.

    Raises:
        ParseError: the document is not catalogued, or none of its payloads holds it.
    """
    from ingest.detect import parse_payload

    meta = catalog.meta(doc_id)
    payloads = catalog.load_payloads(doc_id, raw)
    if meta is None or not payloads:
        raise ParseError(f"document {doc_id}: not in the catalog or no payload stored")
    for kind in PAYLOAD_PREFERENCE:
        if kind not in payloads:
            continue
        docs = parse_payload(payloads[kind], name=f"{doc_id}.{kind}")
        match = [d for d in docs if d.meta.document_number == doc_id] or (docs if len(docs) == 1 else [])
        if match:
            return replace(match[0], meta=meta)
    raise ParseError(f"document {doc_id}: none of its payloads ({', '.join(payloads)}) holds it")


def iter_extractions(
    catalog: Catalog, raw: RawStore, doc_ids: list[str], errors: dict[str, str]
) -> Iterator[tuple[Extraction, str]]:
    """``(extraction, content_hash)`` for each of ``doc_ids``; failures go to ``errors`` and the catalog."""
    from ingest.extract import extract_document

    for doc_id in doc_ids:
        row = catalog.get(doc_id)
        if row is None:
            continue
        try:
            extraction = extract_document(parsed_document(catalog, raw, doc_id))
        except ExportwatchError as e:
            errors[doc_id] = f"error {e.code}: {e.message}"
            catalog.set_state(doc_id, "error", errors[doc_id])
            continue
        catalog.set_state(doc_id, "extracted")
        yield extraction, str(row["content_hash"])


def extract_home(
    home: Path, doc_ids: list[str] | None = None
) -> tuple[list[tuple[Extraction, str]], dict[str, str]]:
    """Extract ``doc_ids`` (default: every catalogued document) of the data home ``home``.

    Returns:
        The ``(extraction, content_hash)`` pairs and the errors by document id.
    """
    with _opened(IngestHome(Path(home)).ensure()) as (catalog, raw):
        ids = doc_ids if doc_ids is not None else [d["document_number"] for d in catalog.list_documents()]
        errors: dict[str, str] = {}
        return list(iter_extractions(catalog, raw, ids, errors)), errors


def parsed_from_home(home: Path, doc_id: str) -> ParsedDocument:
    """One catalogued document of the data home ``home``, re-parsed with its merged metadata."""
    with _opened(IngestHome(Path(home))) as (catalog, raw):
        return parsed_document(catalog, raw, doc_id)


@contextmanager
def _opened(paths: IngestHome) -> Iterator[tuple[Catalog, RawStore]]:
    """The catalog and the raw store of a data home, closed when the block ends."""
    catalog, raw = Catalog(paths.catalog), RawStore(paths.raw)
    try:
        yield catalog, raw
    finally:
        catalog.close()
        raw.close()
