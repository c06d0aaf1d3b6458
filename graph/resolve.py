"""Passes run after loading: point citations and listing events at the documents that are now loaded.

A document may cite another before that one is loaded (the cite goes to a ``citation:<vol> FR <page>``
stub), and the Entity List cites the FR page of each listing. Once documents with known volume and
pages are in the graph, these passes move the cites to the real document and link each listing event to
the document that published it (``LISTED_IN``, with the document's date). Both are idempotent.
"""

from __future__ import annotations

from graph.cypher import delete_nodes, upsert_edges
from graph.documents import find_cited_document
from graph.store import GraphStore, Row
from graph.types import day_number


def resolve_citations(store: GraphStore) -> int:
    """Move ``CITES`` edges from citation stubs to loaded documents; returns the stubs resolved."""
    m = store.model
    stubs = store.run(
        "MATCH (s:Document {kind: 'citation'}) "
        "RETURN s.id AS id, s.volume AS v, s.start_page AS p ORDER BY id"
    )
    props = [p.name for p in m.edge("CITES").stored if not p.derived_from]
    ret = ", ".join(f"e.`{p}` AS `{p}`" for p in props)
    done = 0
    for s in stubs:
        target = find_cited_document(store, s["v"], s["p"]) if s["v"] is not None else None
        if target is None:
            continue
        edges = store.run(
            f"MATCH (a:Document)-[e:CITES]->(s:Document {{id: $id}}) RETURN a.id AS src, {ret}",
            {"id": s["id"]},
        )
        rows: list[Row] = [{**e, "tgt": target} for e in edges if e["src"] != target]
        with store.transaction() as tx:
            upsert_edges(tx, m, "CITES", "Document", "Document", rows)
            delete_nodes(tx, m, "Document", "n.id = $id", {"id": s["id"]})
        done += 1
    return done


def resolve_listings(store: GraphStore) -> int:
    """Link listing events whose FR page falls in a loaded document to it; returns how many."""
    m = store.model
    docs = store.run(
        "MATCH (d:Document) WHERE d.stub = false AND d.volume IS NOT NULL AND d.start_page IS NOT NULL "
        "RETURN d.id AS id, d.volume AS v, d.start_page AS s, d.end_page AS e, d.publication_date AS date "
        "ORDER BY id"
    )
    if not docs:
        return 0
    listings = store.run(
        "MATCH (l:Listing) WHERE l.document IS NULL AND l.fr_page IS NOT NULL "
        "RETURN l.id AS id, l.entity AS entity, l.volume AS v, l.fr_page AS p, l.date AS date, "
        "l.source AS source ORDER BY id"
    )
    # Events read from a document itself: a dataset row pointing into the same document is the same event.
    extracted = {
        (r["entity"], r["document"]): r["id"]
        for r in store.run(
            "MATCH (l:Listing) WHERE l.document IS NOT NULL AND l.origin = l.document "
            "RETURN l.entity AS entity, l.document AS document, l.id AS id ORDER BY id"
        )
    }
    updates: list[Row] = []
    links: list[Row] = []
    folded: dict[str, list[str]] = {}
    for li in listings:
        for d in docs:
            if d["v"] == li["v"] and d["s"] <= li["p"] <= (d["e"] or d["s"]):
                same = extracted.get((li["entity"], d["id"]))
                if same:
                    folded.setdefault(same, []).append(li["id"])
                    break
                updates.append({"id": li["id"], "document": d["id"], "date": li["date"] or d["date"]})
                links.append(
                    {"src": li["id"], "tgt": d["id"], "source": li["source"], "confidence": "derived"}
                )
                break
    if folded:
        with store.transaction() as tx:
            for keep, dupes in sorted(folded.items()):
                # The kept event is confirmed by what it already was, plus each folded row's sources.
                rows = tx.run(
                    "MATCH (l:Listing) WHERE l.id IN $ids OR l.id = $keep "
                    "RETURN l.id AS id, l.origin AS origin, l.confirmed_by AS by ORDER BY id",
                    {"ids": dupes, "keep": keep},
                )
                by: list[str] = []
                for r in rows:
                    for src in ([] if r["id"] == keep else [r["origin"]]) + list(r["by"] or []):
                        if src and src != keep and src not in by:
                            by.append(src)
                tx.run("MATCH (l:Listing {id: $id}) SET l.confirmed_by = $by", {"id": keep, "by": sorted(by)})
                delete_nodes(tx, m, "Listing", "n.id IN $ids", {"ids": dupes})
    if not updates:
        return len(folded)
    dated = [{"id": u["id"], "date": u["date"], "day": day_number(u["date"])} for u in updates if u["date"]]
    with store.transaction() as tx:
        for i in range(0, len(updates), 1000):
            tx.run(
                "UNWIND $rows AS r MATCH (l:Listing {id: r.id}) SET l.document = r.document",
                {"rows": [{"id": u["id"], "document": u["document"]} for u in updates[i : i + 1000]]},
            )
        for i in range(0, len(dated), 1000):
            tx.run(
                "UNWIND $rows AS r MATCH (l:Listing {id: r.id}) SET l.date = r.date, l.date_day = r.day, "
                "l.date_basis = coalesce(l.date_basis, 'the document its page falls in')",
                {"rows": dated[i : i + 1000]},
            )
        upsert_edges(tx, m, "LISTED_IN", "Listing", "Document", links)
    return len(updates) + len(folded)
