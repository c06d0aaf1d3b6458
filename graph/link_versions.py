"""Join amendatory instructions to the text versions they made: rules linked to the paragraphs they changed.

A rule that amends a provision or an item (an ``AMENDS`` edge) is linked (``AMENDED_BY``) to the version of
that thing that starts on the rule's effective date (``basis: effective_date``, e.g. an eCFR amendment date),
or, when the versions are snapshots, to the first version after the effective date whose predecessor is
before it (``basis: between_versions``, confidence ``derived``: other rules of that interval may share the
change). A link is made only when the version's text differs from its predecessor's, and carries the
designations of the paragraphs that differ.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.cypher import upsert_edges
from graph.load_text import read_versions
from graph.store import GraphStore, Row
from ingest.text import TextVersion, diff_versions


@dataclass(frozen=True)
class Amendment:
    """One amendatory instruction of a rule, as the graph holds it."""

    document: str
    effective: str  # ISO date
    target: str  # Item or Provision id
    instruction: str = ""


def link_amendment(amendment: Amendment, versions: list[TextVersion]) -> Row | None:
    """The ``AMENDED_BY`` edge row for one instruction, or None when no version shows its change."""
    ordered = sorted(versions, key=lambda v: v.valid_from)
    for i, v in enumerate(ordered):
        if i == 0 or v.valid_from < amendment.effective:
            continue
        prev = ordered[i - 1]
        if v.valid_from == amendment.effective:
            basis = "effective_date"
        elif prev.valid_from < amendment.effective:
            basis = "between_versions"
        else:
            return None
        changed = diff_versions(prev, v).changes
        if not changed:
            return None
        return {
            "src": v.id,
            "tgt": amendment.document,
            "basis": basis,
            "previous_version": prev.id,
            "paragraphs": sorted({c.designation for c in changed}),
            "instruction": amendment.instruction or None,
            "source": amendment.document,
            "confidence": "extracted" if basis == "effective_date" else "derived",
        }
    return None


def link_versions_to_rules(store: GraphStore) -> int:
    """Write ``AMENDED_BY`` for every amendatory instruction whose change a text version shows."""
    item_edges: list[Row] = []
    prov_edges: list[Row] = []
    rows = []
    for kind in ("Item", "Provision"):
        rows += [
            {**r, "kind": kind}
            for r in store.run(
                f"MATCH (d:Document)-[a:AMENDS]->(t:{kind}) WHERE d.effective_date IS NOT NULL "
                "RETURN d.id AS doc, d.effective_date AS eff, t.id AS target, a.text AS text"
            )
        ]
    for r in rows:
        label, key = ("ItemVersion", "item") if r["kind"] == "Item" else ("ProvisionVersion", "provision")
        found = read_versions(store, label, key, r["target"])
        amendment = Amendment(r["doc"], str(r["eff"])[:10], r["target"], r.get("text") or "")
        edge = link_amendment(amendment, found)
        if edge is not None:
            (item_edges if label == "ItemVersion" else prov_edges).append(edge)
    with store.transaction() as tx:
        upsert_edges(tx, store.model, "AMENDED_BY", "ItemVersion", "Document", item_edges)
        upsert_edges(tx, store.model, "AMENDED_BY", "ProvisionVersion", "Document", prov_edges)
    return len(item_edges) + len(prov_edges)
