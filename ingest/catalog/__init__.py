"""The catalog: one SQLite row per document, its payloads, state and sync history.

A document may come from several payloads (``parts``): the Federal Register API JSON
(kind ``json``), the public-inspection listing (``pi``), the full-text XML (``xml``), the
public-inspection PDF (``pdf``), a press page (``html``). Each part keeps the metadata its
parser found; the row's metadata is the merge of its parts (``merge_parts``): XML wins for text
fields, the API JSON for publication date, citation, URLs and dates. The merge depends only on
the set of parts, never on their arrival order, so a sync from recorded files and a live sync
of the same content give the same rows.

Incremental: ``content_hash`` is a digest of the parts; an unchanged hash leaves the row (and
its state) alone. Resumable: every document is committed on its own and upserted by id.
States: fetched < parsed < extracted < loaded, plus error (retried by the next sync).
"""

from __future__ import annotations

from ingest.catalog.documents import STATE_ERROR, STATES, Documents
from ingest.catalog.merge import (
    META_FIELDS,
    META_ORDER,
    TEXT_ORDER,
    UNION_FIELDS,
    content_hash_of,
    merge_parts,
    meta_from_json,
    part_digest,
)
from ingest.catalog.runs import Runs

__all__ = [
    "META_FIELDS",
    "META_ORDER",
    "STATES",
    "STATE_ERROR",
    "TEXT_ORDER",
    "UNION_FIELDS",
    "Catalog",
    "content_hash_of",
    "merge_parts",
    "meta_from_json",
    "part_digest",
]


class Catalog(Documents, Runs):
    """SQLite catalog of documents, their payloads, errors and sync runs.

    Its parts: ``db`` (tables and connection), ``documents`` (rows, state, errors), ``relations``
    (corrections), ``runs`` (sync runs and payloads processed), ``merge`` (metadata from parts).

    Args:
        path: The database file (``Settings.paths.catalog``); created when missing.
    """
