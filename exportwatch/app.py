"""The app: composes the layers for one data home: sync -> parse -> extract -> graph.

Each stage reads what the previous one left: the catalog says which documents are new or changed
(state before ``loaded``), the raw store gives their payloads back without the network, the parser
and the NLP stage turn them into an ``Extraction``, and the graph loader writes each document in
its own transaction (skipping content it already holds). A document that fails at any stage is
recorded in the catalog with its error and retried by the next run; the others go on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from exportwatch.config import Settings
from exportwatch.errors import ExportwatchError, ParseError
from ingest.catalog import Catalog
from ingest.models import Extraction, ParsedDocument
from ingest.rawstore import RawStore

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot"
# Which payload of a document carries its text best, richest first.
PAYLOAD_PREFERENCE = ("xml", "pdf", "html", "json")


@dataclass
class ExtractReport:
    extracted: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


@dataclass
class GraphReport:
    """What one graph update did."""

    store: str
    extracted: int = 0
    loaded: int = 0
    skipped: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    build: dict[str, Any] = field(default_factory=dict)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"stage": "extract", "documents": self.extracted},
            {"stage": "graph: loaded", "documents": self.loaded},
            {"stage": "graph: unchanged", "documents": self.skipped},
            {"stage": "errors", "documents": len(self.errors)},
        ]


def parsed_document(catalog: Catalog, raw: RawStore, doc_id: str) -> ParsedDocument:
    """Re-parse a catalogued document from the raw store, with the catalog's merged metadata.

    The text comes from the richest payload (full-text XML, then PDF, HTML, API JSON); the
    metadata is the catalog's merge of every payload (e.g. the API's citation and dates).
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


def _extractions(
    catalog: Catalog, raw: RawStore, doc_ids: list[str], report: GraphReport
) -> Iterator[tuple[Extraction, str]]:
    from ingest.extract import extract_document

    for doc_id in doc_ids:
        row = catalog.get(doc_id)
        if row is None:
            continue
        try:
            extraction = extract_document(parsed_document(catalog, raw, doc_id))
        except ExportwatchError as e:
            report.errors[doc_id] = f"error {e.code}: {e.message}"
            catalog.set_state(doc_id, "error", report.errors[doc_id])
            continue
        catalog.set_state(doc_id, "extracted")
        report.extracted += 1
        yield extraction, str(row["content_hash"])


def update_graph(
    settings: Settings,
    *,
    reload: bool = False,
    progress: bool = False,
    reference_dir: Path | None = None,
) -> GraphReport:
    """Extract every document not yet loaded and load it, with the reference and curated data.

    Args:
        settings: the data home and the graph store URL.
        reload: extract and load every catalogued document again (e.g. for a new store).
        progress: show progress bars.
        reference_dir: reference lists (default: the bundled snapshot's).

    Returns:
        A ``GraphReport``; failed documents are in ``errors`` and in the catalog (state ``error``).
    """
    from graph.build import build_graph
    from graph.store import open_store

    paths = settings.paths.ensure()
    catalog = Catalog(paths.catalog)
    raw = RawStore(paths.raw)
    try:
        doc_ids = (
            [d["document_number"] for d in catalog.list_documents()] if reload else catalog.pending("loaded")
        )
        with open_store(settings) as store:
            report = GraphReport(store=store.url)
            items = list(_extractions(catalog, raw, doc_ids, report))
            build = build_graph(
                store,
                extractions=items,
                reference_dir=reference_dir or SNAPSHOT_DIR / "reference",
                progress=progress,
            )
        report.build = build.to_json()
        for ex, _ in items:
            doc_id = ex.document.document_number
            if doc_id in build.failed:
                report.errors[doc_id] = build.failed[doc_id]
                catalog.set_state(doc_id, "error", build.failed[doc_id])
            else:
                catalog.set_state(doc_id, "loaded")
        report.loaded, report.skipped = build.documents_loaded, build.documents_skipped
        return report
    finally:
        catalog.close()
        raw.close()


def run_pipeline(
    settings: Settings,
    *,
    from_dir: Path | None = None,
    source: str = "all",
    since: date | None = None,
    progress: bool = False,
) -> tuple[Any, GraphReport]:
    """Sync (live or from recorded files), then extract and load what is new or changed."""
    from ingest.sync import sync

    sync_report = sync(settings, source=source, since=since, from_dir=from_dir, progress=progress)
    return sync_report, update_graph(settings, progress=progress)
