"""Load versions of CFR provisions (parsed eCFR part XML) into the graph as ``ProvisionVersion`` nodes.

Versions of one provision read on several dates are deduplicated by text hash: a new node only where
the text differs from the previous date's, valid from the first date that shows it. Loading replaces the
versions of the provisions it is given, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from graph.citations import amendment_provision
from graph.cypher import merge_stubs, upsert_edges, upsert_nodes
from graph.store import GraphStore, Row
from ingest.text import TextVersion


def distinct_versions(versions: Iterable[TextVersion]) -> list[TextVersion]:
    """Per provision, the versions whose text differs from the one before (oldest first)."""
    by_ref: dict[str, list[TextVersion]] = {}
    for v in sorted(versions, key=lambda v: (v.ref, v.valid_from)):
        kept = by_ref.setdefault(v.ref, [])
        if not kept or kept[-1].text_hash != v.text_hash:
            kept.append(v)
    return [v for vs in by_ref.values() for v in vs]


def _provision(ref: str) -> Row:
    title, _, rest = ref.partition(" CFR ")
    if rest.startswith("part "):
        part, _, supp = rest[5:].partition(" supp. ")
        found = amendment_provision(title, part, None, supp or None)
    else:
        found = amendment_provision(title, rest.split(".")[0], rest, None)
    props = found[1] if found else {}
    return {"id": ref, **props, "source": "ecfr", "confidence": "official"}


def load_provision_versions(store: GraphStore, versions: Iterable[TextVersion]) -> int:
    """Write the distinct versions (and their provisions, or items for ``US:`` refs); returns how many."""
    everything = list(versions)
    items = [v for v in everything if v.ref.startswith("US:")]
    written = _load_item_versions(store, items)
    kept = distinct_versions(v for v in everything if not v.ref.startswith("US:"))
    if not kept:
        return written
    rows = [
        {
            "id": v.id,
            "provision": v.ref,
            "valid_from": v.valid_from,
            "dated_by": v.dated_by,
            "heading": v.heading,
            "text_hash": v.text_hash,
            "paragraphs": v.paragraphs_json(),
            "parser": v.parser,
            "covers": list(v.covers),
            "source": v.source,
            "confidence": v.confidence,
        }
        for v in kept
    ]
    provisions = {v.ref: _provision(v.ref) for v in kept}
    m = store.model
    with store.transaction() as tx:
        merge_stubs(tx, m, "Provision", provisions.values())
        upsert_nodes(tx, m, "ProvisionVersion", rows)
        links = [
            {"src": r["provision"], "tgt": r["id"], "source": r["source"], "confidence": "official"}
            for r in rows
        ]
        upsert_edges(tx, m, "HAS_VERSION", "Provision", "ProvisionVersion", links)
    return written + len(rows)


def _load_item_versions(store: GraphStore, versions: list[TextVersion]) -> int:
    """CCL entries read from eCFR part 774 XML: ``ItemVersion`` nodes next to the snapshots' ones."""
    kept = distinct_versions(versions)
    if not kept:
        return 0
    rows = [
        {
            "id": v.id,
            "item": v.ref,
            "code": v.ref.split(":", 1)[1],
            "snapshot": v.valid_from,
            "valid_from": v.valid_from,
            "dated_by": v.dated_by,
            "heading": v.heading,
            "reasons": next((p.text for p in v.paragraphs if p.kind == "reasons"), None),
            "text_hash": v.text_hash,
            "paragraphs": v.paragraphs_json(),
            "parser": v.parser,
            "covers": list(v.covers),
            "source": v.source,
            "confidence": v.confidence,
        }
        for v in kept
    ]
    items = []
    for v in kept:
        code = v.ref.split(":", 1)[1]
        items.append(
            {
                "id": v.ref,
                "code": code,
                "regime": "US",
                "category": code[0],
                "product_group": code[1],
                "status": "current",
                "source": v.source,
                "confidence": "official",
            }
        )
    m = store.model
    with store.transaction() as tx:
        merge_stubs(tx, m, "Item", items)
        upsert_nodes(tx, m, "ItemVersion", rows)
        links = [
            {"src": r["item"], "tgt": r["id"], "source": r["source"], "confidence": "official"} for r in rows
        ]
        upsert_edges(tx, m, "HAS_VERSION", "Item", "ItemVersion", links)
    return len(rows)


def _day(value: Any) -> str:
    return value.isoformat()[:10] if isinstance(value, date) else str(value)[:10]


def _version(thing: str, row: Row) -> TextVersion:
    return TextVersion(
        ref=thing,
        valid_from=_day(row["valid_from"]),
        heading=row.get("heading") or "",
        paragraphs=TextVersion.paragraphs_from_json(row.get("paragraphs")),
        source=row.get("source") or "",
        parser=row.get("parser") or "",
        dated_by=row.get("dated_by") or "",
        covers=tuple(row.get("covers") or ()),
        confidence=row.get("confidence") or "",
    )


def read_versions(store: GraphStore, label: str, key: str, thing: str) -> list[TextVersion]:
    """Every version of ``thing`` (``label`` nodes whose ``key`` property is ``thing``), oldest first."""
    rows = store.run(
        f"MATCH (v:{label}) WHERE v.{key} = $thing "
        "RETURN v.valid_from AS valid_from, v.heading AS heading, v.paragraphs AS paragraphs, "
        "v.source AS source, v.parser AS parser, v.dated_by AS dated_by, v.covers AS covers, "
        "v.confidence AS confidence ORDER BY valid_from",
        {"thing": thing},
    )
    return [_version(thing, r) for r in rows]
