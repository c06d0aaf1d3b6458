"""Load the bundled reference lists into the graph: CCL items and their changes, EU Annex I.

(The US restricted-party lists, the Entity List among them, are loaded by ``graph.load_lists``.)

Each list is a dataset ``Document`` (``dataset:ccl@2026-07-23``...) carrying the sha256 of its file;
a list whose file has not changed is skipped. Each list loads in one transaction, replacing what the
previous version of the same list put in the graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.ccl_versions import compare_snapshots, item_ref, item_text
from graph.cypher import delete_edges, delete_nodes, merge_stubs, upsert_edges, upsert_nodes
from graph.model import Model
from graph.reference import ListSnapshot, Reference
from graph.store import GraphStore, Row, Runner
from ingest.text import TextVersion

DATASET = "dataset"


def _hash_of(store: Runner, doc_id: str) -> str | None:
    rows = store.run("MATCH (d:Document {id: $id}) RETURN d.content_hash AS h", {"id": doc_id})
    return rows[0]["h"] if rows else None


def _dataset_doc(snap_id: str, title: str, date: str, url: str, digest: str) -> Row:
    return {
        "id": snap_id,
        "kind": "dataset",
        "doc_source": DATASET,
        "type": "Dataset",
        "title": title,
        "publication_date": date,
        "url": url,
        "content_hash": digest,
        "stub": False,
        "source": url,
        "confidence": "official",
    }


def _version_row(v: TextVersion, code: str, reasons: str | None) -> Row:
    return {
        "id": v.id,
        "item": v.ref,
        "code": code,
        "snapshot": v.valid_from,
        "valid_from": v.valid_from,
        "dated_by": v.dated_by,
        "heading": v.heading,
        "reasons": reasons,
        "text_hash": v.text_hash,
        "paragraphs": v.paragraphs_json(),
        "parser": v.parser,
        "covers": list(v.covers),
        "source": v.source,
        "confidence": v.confidence,
    }


def load_ccl(store: GraphStore, snapshots: Iterable[ListSnapshot]) -> int:
    """Items of the Commerce Control List, one text version per snapshot, and the real changes between them.

    A change is recorded (``CHANGED``) only when two versions of an item differ; an item absent from a
    snapshot that does not hold its whole category gets ``NOT_COVERED`` from that snapshot instead.

    Returns:
        Number of items written (0 when every snapshot is already loaded unchanged).
    """
    snaps = sorted(snapshots, key=lambda s: s.snapshot)
    if not snaps or all(_hash_of(store, s.id) == s.content_hash for s in snaps):
        return 0
    m = store.model
    items: dict[str, Row] = {}
    versions: list[Row] = []
    for snap in snaps:
        for it in snap.items:
            iid = item_ref(it["code"])
            row = items.setdefault(iid, {"id": iid, "code": it["code"], "first_seen": snap.snapshot})
            row.update(
                regime="US",
                list=snap.list or "Commerce Control List",
                lists=["US"],
                category=it.get("category"),
                product_group=it.get("product_group"),
                heading=it.get("heading"),
                reasons=it.get("reasons"),
                last_seen=snap.snapshot,
                source=snap.id,
                confidence="official",
            )
            versions.append(_version_row(item_text(snap, it), it["code"], it.get("reasons")))
    latest = snaps[-1].snapshot
    changes: list[Row] = []
    gaps: list[Row] = []
    removed: set[str] = set()
    for prev, cur in zip(snaps, snaps[1:], strict=False):
        for c in compare_snapshots(prev, cur):
            tgt = item_ref(c.code)
            if c.change == "not_covered":
                gap_in = prev.id if tgt not in {item_ref(i["code"]) for i in prev.items} else cur.id
                gaps.append(
                    {
                        "src": gap_in,
                        "tgt": tgt,
                        "previous": cur.id if gap_in == prev.id else prev.id,
                        "evidence": c.evidence,
                        "source": gap_in,
                        "confidence": "derived",
                    }
                )
                continue
            if c.change == "removed":
                removed.add(tgt)
            changes.append(
                {
                    "src": cur.id,
                    "tgt": tgt,
                    "action": c.change,
                    "previous": prev.id,
                    "old_heading": c.old_heading,
                    "new_heading": c.new_heading,
                    "paragraphs": c.paragraphs or None,
                    "from_version": f"{tgt}@{prev.snapshot}",
                    "to_version": f"{tgt}@{cur.snapshot}",
                    "source": cur.id,
                    "confidence": "derived",
                }
            )
    for row in items.values():
        row["status"] = "removed" if row["id"] in removed and row["last_seen"] != latest else "current"
    with store.transaction() as tx:
        delete_nodes(tx, m, "ItemVersion", "n.item STARTS WITH 'US:' AND n.source STARTS WITH 'dataset:'", {})
        delete_edges(tx, m, "CHANGED", "Document", "a.kind = 'dataset' AND b.regime = 'US'", {})
        delete_edges(tx, m, "NOT_COVERED", "Document", "a.kind = 'dataset' AND b.regime = 'US'", {})
        merge_stubs(tx, m, "Regime", [{"id": "US"}])
        upsert_nodes(
            tx, m, "Document", [_dataset_doc(s.id, s.title, s.snapshot, s.url, s.content_hash) for s in snaps]
        )
        upsert_nodes(tx, m, "Item", items.values())
        upsert_nodes(tx, m, "ItemVersion", versions)
        upsert_edges(tx, m, "HAS_VERSION", "Item", "ItemVersion", _links(versions, "item", "id", "official"))
        upsert_edges(tx, m, "IN_LIST", "Item", "Regime", _in_list(items.values()))
        upsert_edges(tx, m, "CHANGED", "Document", "Item", changes)
        upsert_edges(tx, m, "NOT_COVERED", "Document", "Item", gaps)
    return len(items)


def _links(rows: Iterable[Row], src: str, tgt: str, confidence: str) -> list[Row]:
    return [{"src": r[src], "tgt": r[tgt], "source": r.get("source"), "confidence": confidence} for r in rows]


def _in_list(items: Iterable[Row]) -> list[Row]:
    return [
        {"src": i["id"], "tgt": i["regime"], "source": i.get("source"), "confidence": i.get("confidence")}
        for i in items
    ]


def load_annex(store: GraphStore, snap: ListSnapshot) -> int:
    """Entries of a non-US list (EU Annex I), with the multilateral regime each comes from."""
    if _hash_of(store, snap.id) == snap.content_hash:
        return 0
    m = store.model
    regime = snap.regime or "EU"
    items = []
    for it in snap.items:
        lists = [regime] + ([it["origin"]] if it.get("origin") else [])
        items.append(
            {
                "id": f"{regime}:{it['code']}",
                "code": it["code"],
                "regime": regime,
                "list": snap.list,
                "lists": lists,
                "category": it.get("category"),
                "product_group": it.get("product_group"),
                "heading": it.get("heading"),
                "status": "current",
                "first_seen": snap.snapshot,
                "last_seen": snap.snapshot,
                "source": snap.id,
                "confidence": "reported",
            }
        )
    with store.transaction() as tx:
        merge_stubs(tx, m, "Regime", [{"id": regime}])
        doc = _dataset_doc(snap.id, snap.title, snap.snapshot, snap.url, snap.content_hash)
        upsert_nodes(tx, m, "Document", [{**doc, "confidence": "reported"}])
        upsert_nodes(tx, m, "Item", items)
        upsert_edges(tx, m, "IN_LIST", "Item", "Regime", _in_list(items))
    return len(items)


def link_equivalents(store: GraphStore) -> int:
    """EQUIVALENT_TO between items of different lists with the same entry code (US item as source)."""
    rows = store.run("MATCH (i:Item) RETURN i.id AS id, i.code AS code, i.regime AS regime")
    by_code: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_code.setdefault(r["code"], []).append(r)
    edges: list[Row] = []
    for group in by_code.values():
        group.sort(key=lambda r: (r["regime"] != "US", r["id"]))
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if a["regime"] != b["regime"]:
                    edges.append(
                        {
                            "src": a["id"],
                            "tgt": b["id"],
                            "basis": "same entry code",
                            "source": "entry code",
                            "confidence": "derived",
                        }
                    )
    model: Model = store.model
    with store.transaction() as tx:
        upsert_edges(tx, model, "EQUIVALENT_TO", "Item", "Item", edges)
    return len(edges)


def load_reference_lists(store: GraphStore, ref: Reference) -> dict[str, int]:
    """Every bundled list; returns records written per list (0 for unchanged lists)."""
    out = {"ccl": load_ccl(store, ref.ccl)}
    if ref.eu is not None:
        out["eu_annex_i"] = load_annex(store, ref.eu)
    return out


def link_affiliates(store: GraphStore, links: Iterable[Row]) -> int:
    """``AFFILIATE_OF`` edges between entities already in the graph (ownership for the Affiliates rule).

    Each link is ``{"entity": <id>, "parent": <id>, "share": percent or None, "basis": text, "source": ...,
    "confidence": ...}``. No bundled dataset carries ownership yet; curated or extracted links go here.

    Returns:
        The number of links written (links naming an entity that is not in the graph are not written).
    """
    rows = [
        {
            "src": x["entity"],
            "tgt": x["parent"],
            "share": x.get("share"),
            "basis": x.get("basis"),
            "source": x.get("source"),
            "confidence": x.get("confidence"),
        }
        for x in links
    ]
    known = {
        r["id"]
        for r in store.run(
            "MATCH (e:Entity) WHERE e.id IN $ids RETURN e.id AS id",
            {"ids": sorted({r["src"] for r in rows} | {r["tgt"] for r in rows})},
        )
    }
    rows = [r for r in rows if r["src"] in known and r["tgt"] in known]
    with store.transaction() as tx:
        upsert_edges(tx, store.model, "AFFILIATE_OF", "Entity", "Entity", rows)
    return len(rows)
