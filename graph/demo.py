"""The demo-scale graph: the bundled snapshot, parsed and extracted, ready for ``build_graph``.

The snapshot (``exportwatch/snapshot/federal_register``) holds 136 BIS rules as the Federal Register
API lists them (title, abstract, date) and the full GPO XML of one Entity List rule (2023-03929). The
XML and the API record of the same document are merged here the way the catalog merges payloads: the
XML's text and structure, the API's publication date and URL, and the FR citation from the volume of
the publication year and the first printed page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

from graph.citations import FR_FIRST_VOLUME_YEAR
from ingest.models import DocumentMeta, Extraction, ParsedDocument

SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "exportwatch" / "snapshot" / "federal_register"


def merge_meta(xml: DocumentMeta, api: DocumentMeta | None) -> DocumentMeta:
    """Metadata of one document read from its XML, completed by its API record."""
    if api is None:
        return xml
    merged = replace(
        xml,
        publication_date=xml.publication_date or api.publication_date,
        url=xml.url or api.url,
        abstract=xml.abstract or api.abstract,
        effective_date=xml.effective_date or api.effective_date,
        comments_close_on=xml.comments_close_on or api.comments_close_on,
        citation=xml.citation or api.citation,
    )
    if not merged.citation and merged.pages and merged.publication_date:
        volume = int(merged.publication_date[:4]) - FR_FIRST_VOLUME_YEAR
        merged = replace(merged, citation=f"{volume} FR {merged.pages[0]}")
    return merged


def content_hash(doc: ParsedDocument) -> str:
    """A stable hash of what a document's graph facts come from: its metadata and text."""
    h = hashlib.sha256()
    h.update(json.dumps(doc.meta.to_json(), sort_keys=True, ensure_ascii=False).encode("utf-8"))
    h.update(doc.text.encode("utf-8"))
    return h.hexdigest()


def demo_documents(snapshot_dir: Path | None = None) -> list[ParsedDocument]:
    """The snapshot's documents, one per document number (XML merged with its API record)."""
    from ingest.parse_fr_json import parse_fr_json
    from ingest.parse_fr_xml import parse_fr_xml

    root = Path(snapshot_dir) if snapshot_dir else SNAPSHOT_DIR
    docs: dict[str, ParsedDocument] = {}
    for path in sorted(root.glob("*.json")):
        for d in parse_fr_json(path.read_bytes(), source_name=path.name):
            docs[d.meta.document_number] = d
    for path in sorted(root.glob("*.xml")):
        for d in parse_fr_xml(path.read_bytes(), source_name=path.name):
            api = docs.get(d.meta.document_number)
            docs[d.meta.document_number] = replace(d, meta=merge_meta(d.meta, api.meta if api else None))
    return [docs[k] for k in sorted(docs)]


def demo_extractions(snapshot_dir: Path | None = None) -> list[tuple[Extraction, str]]:
    """``(extraction, content_hash)`` for every snapshot document, as ``build_graph`` takes them."""
    from ingest.extract import extract_document

    return [(extract_document(d), content_hash(d)) for d in demo_documents(snapshot_dir)]
