"""Load the allied and counter restricted-party lists into the graph, resolved against the US parties.

``load_allied`` reads the parties of the US lists from the graph (the ``Entity`` nodes with a listing
event or a US ``ListRecord``: whatever the US lists' loader wrote), resolves every allied record
against them and among themselves (``graph.allied_rows``), and replaces in one transaction what it
wrote before. It is skipped when nothing it depends on changed: the snapshots' hashes, the US
parties and the reviewed judgements are fingerprinted on one dataset ``Document``
(``dataset:allied-resolution``).

The US side as records: a US party without a US ``ListRecord`` (the Entity List rows the reference
loader writes as ``Entity``/``Listing`` only) gets a bridge record (``us-bridge:<entity id>``, list
``entity_list``, regime ``US``), so queries read every list of every regime the same way. When the
US lists' loader writes records of its own, no bridge is made for their parties.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from exportwatch.vocab.lists import ALLIED_LISTS
from graph.allied_rows import allied_rows
from graph.citations import search_fields
from graph.cypher import delete_nodes, upsert_edges, upsert_nodes
from graph.party_match import Comparison, Party
from graph.store import GraphStore
from ingest.allied_lists import AlliedSnapshot

FINGERPRINT_ID = "dataset:allied-resolution"
BRIDGE = "us-bridge:"


@dataclass
class AlliedReport:
    """What ``load_allied`` did."""

    snapshots: int = 0
    records: int = 0
    entities: int = 0
    matched_to_us: int = 0
    listings: int = 0
    bridges: int = 0
    skipped: bool = False
    problems: list[str] = field(default_factory=list)
    decisions: list[Comparison] = field(default_factory=list)


def us_parties(store: GraphStore) -> list[Party]:
    """The parties of the US lists, as the graph holds them."""
    rows = store.run(
        "MATCH (e:Entity) WHERE EXISTS { MATCH (e)-[:HAS_LISTING]->(:Listing) } "
        "OR EXISTS { MATCH (r:ListRecord)-[:RECORD_OF]->(e) WHERE coalesce(r.regime, 'US') = 'US' } "
        "RETURN e.id AS id, e.name AS name, e.aliases AS aliases, e.countries AS countries, "
        "e.addresses AS addresses ORDER BY id"
    )
    return [
        Party(
            id=str(r["id"]),
            list="us",
            name=str(r["name"]),
            aliases=tuple(r["aliases"] or ()),
            countries=tuple(r["countries"] or ()),
            addresses=tuple(r["addresses"] or ()),
            regime="US",
        )
        for r in rows
        if not str(r["id"]).startswith("P:")
    ]


def fingerprint(
    snaps: Sequence[AlliedSnapshot], us: Sequence[Party], judgements: Mapping[tuple[str, str], bool]
) -> str:
    h = hashlib.sha256()
    for s in sorted(snaps, key=lambda s: s.id):
        h.update(f"{s.id}:{s.content_hash}\n".encode())
    for p in us:
        h.update(repr((p.id, p.name, p.aliases, p.countries, p.addresses)).encode())
    h.update(json.dumps(sorted([list(k), v] for k, v in judgements.items())).encode())
    return h.hexdigest()


def _bridges(store: GraphStore) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rows = store.run(
        "MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing) "
        "WHERE NOT e.id STARTS WITH 'P:' AND (l.list IS NULL OR NOT l.list IN $allied) "
        "AND NOT EXISTS { MATCH (r:ListRecord)-[:RECORD_OF]->(e) "
        "WHERE coalesce(r.regime, 'US') = 'US' AND NOT r.id STARTS WITH 'us-bridge:' } "
        "RETURN e.id AS id, e.name AS name, e.aliases AS aliases, e.country AS country, "
        "e.countries AS countries, e.source AS source, min(l.date) AS first ORDER BY id",
        {"allied": ALLIED},
    )
    records, edges = [], []
    for r in rows:
        rid = BRIDGE + str(r["id"])
        records.append(
            {
                "id": rid,
                "list": "entity_list",
                "regime": "US",
                "snapshot": r["source"],
                "listed_name": r["name"],
                "aliases": list(r["aliases"] or []),
                "country": r["country"],
                "countries": list(r["countries"] or []),
                "start_date": r["first"],
                "legal_basis": "15 CFR 744.11 (supplement no. 4 to part 744)",
                "tool": "entity_list",
                "counter_measure": False,
                "search_text": search_fields(map(str, [r["name"], *(r["aliases"] or [])]))["search_text"],
                "source": r["source"],
                "confidence": "official",
            }
        )
        edges.append(
            {
                "src": rid,
                "tgt": r["id"],
                "method": "seed",
                "score": 100.0,
                "decided": "seed",
                "source": r["source"],
                "confidence": "derived",
            }
        )
    return records, edges


def _clear(tx: Any, store: GraphStore) -> None:
    m = store.model
    delete_nodes(tx, m, "ListRecord", "n.id STARTS WITH 'us-bridge:' OR coalesce(n.regime, 'US') <> 'US'", {})
    delete_nodes(tx, m, "Listing", "n.origin STARTS WITH 'dataset:' AND n.list IN $lists", {"lists": ALLIED})
    delete_nodes(tx, m, "Entity", "n.id STARTS WITH 'P:'", {})


ALLIED = ALLIED_LISTS


def load_allied(
    store: GraphStore,
    snaps: Sequence[AlliedSnapshot],
    *,
    judgements: Mapping[tuple[str, str], bool] | None = None,
    force: bool = False,
    workers: int = 1,
) -> AlliedReport:
    """Replace the allied lists' part of the graph (nothing when nothing it depends on changed)."""
    report = AlliedReport(snapshots=len(snaps))
    judged = dict(judgements or {})
    us = us_parties(store)
    digest = fingerprint(snaps, us, judged)
    known = store.run("MATCH (d:Document {id: $id}) RETURN d.content_hash AS h", {"id": FINGERPRINT_ID})
    if not force and known and known[0]["h"] == digest:
        report.skipped = True
        return report
    rows = allied_rows(snaps, us, judgements=judged, workers=workers)
    bridges, bridge_edges = _bridges(store)
    m = store.model
    marker = {
        "id": FINGERPRINT_ID,
        "kind": "dataset",
        "doc_source": "allied-lists",
        "type": "Dataset",
        "title": "Identity of the allied and counter-list parties across every list",
        "stub": False,
        "content_hash": digest,
        "source": FINGERPRINT_ID,
        "confidence": "derived",
    }
    with store.transaction() as tx:
        _clear(tx, store)
        upsert_nodes(tx, m, "Document", [*rows.datasets, marker])
        upsert_nodes(tx, m, "Entity", rows.entities)
        upsert_nodes(tx, m, "ListRecord", [*bridges, *rows.records])
        upsert_edges(tx, m, "RECORD_OF", "ListRecord", "Entity", [*bridge_edges, *rows.record_of])
        upsert_nodes(tx, m, "Listing", rows.listings)
        upsert_edges(
            tx,
            m,
            "HAS_LISTING",
            "Entity",
            "Listing",
            [
                {"src": r["entity"], "tgt": r["id"], "source": r["source"], "confidence": r["confidence"]}
                for r in rows.listings
            ],
        )
    us_ids = {p.id for p in us}
    report.records, report.entities = len(rows.records), len(rows.entities)
    report.matched_to_us = sum(1 for e in rows.record_of if e["tgt"] in us_ids)
    report.listings, report.bridges = len(rows.listings), len(bridges)
    report.problems, report.decisions = rows.problems, rows.resolution.decisions
    return report
