"""Load the curated regime data (``graph.curated_yaml.load_curated``) into the graph.

Regimes, control tools, measures (with what they implement and control, the US measure they answered
and the lag, the measure they revise, their FR document), and the tool assessments. The whole set loads
in one transaction and replaces the previous curated facts; a dataset ``Document`` (``dataset:curated``)
keeps its hash so that an unchanged set is skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from datetime import date
from typing import Any, Protocol

from graph.citations import eccn_base
from graph.cypher import delete_edges, delete_nodes, merge_stubs, upsert_edges, upsert_nodes
from graph.store import GraphStore, Row

CURATED_ID = "dataset:curated"
DAYS_PER_MONTH = 30.4375


class CuratedLike(Protocol):
    """What the loader reads of ``graph.curated_records.CuratedData`` (lists of pydantic records)."""

    @property
    def regimes(self) -> Sequence[Any]: ...

    @property
    def tools(self) -> Sequence[Any]: ...

    @property
    def measures(self) -> Sequence[Any]: ...

    @property
    def assessments(self) -> Sequence[Any]: ...

    @property
    def provisions(self) -> Sequence[Any]: ...


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _digest(curated: CuratedLike) -> str:
    dump = getattr(curated, "model_dump_json", None)
    text = dump() if callable(dump) else json.dumps(curated, default=lambda o: getattr(o, "__dict__", str(o)))
    return hashlib.sha256(str(text).encode("utf-8")).hexdigest()


def _days(allied: Any, us: Any, field: str) -> int | None:
    """Days from the US measure's date to the allied measure's date, both of ``field``, or None."""
    a, u = getattr(allied, field, None), getattr(us, field, None)
    return (a - u).days if isinstance(a, date) and isinstance(u, date) else None


def _months(days: int | None) -> float | None:
    return None if days is None else round(days / DAYS_PER_MONTH, 1)


def _lag(allied: Any, us: Any) -> tuple[str, int] | None:
    """(basis, days) between an allied measure and the US measure it answered."""
    for basis in ("announced", "effective", "first_date"):
        a, u = getattr(allied, basis, None), getattr(us, basis, None)
        if isinstance(a, date) and isinstance(u, date):
            return basis, (a - u).days
    return None


def _item_id(regime: str, code: str) -> tuple[str, str]:
    """Item id and code for a code a measure controls, in the measure's own regime's list."""
    if regime == "US":
        base = eccn_base(code) or code
        return f"US:{base}", base
    return f"{regime}:{code}", code


def curated_rows(curated: CuratedLike) -> dict[str, list[Row]]:
    """Node and edge rows for the curated data, keyed by node label or ``REL:Source:Target``."""
    out: dict[str, list[Row]] = {}

    def add(key: str, row: Row) -> None:
        out.setdefault(key, []).append(row)

    for r in curated.regimes:
        member_of = list(getattr(r, "member_of", []) or [])
        add(
            "Regime",
            {
                "id": r.id,
                "name": r.name,
                "jurisdiction": r.jurisdiction,
                "kind": r.kind,
                "legal_basis": getattr(r, "legal_basis", None),
                "administering_body": getattr(r, "administering_body", None),
                "member_of": member_of,
                "applies": [r.id, *member_of],
                "note": getattr(r, "note", None),
                "source": r.source,
                "confidence": r.confidence,
            },
        )
        for other in member_of:
            add(
                "MEMBER_OF:Regime:Regime",
                {"src": r.id, "tgt": other, "source": r.source, "confidence": r.confidence},
            )
    for t in curated.tools:
        add(
            "Tool",
            {
                "id": t.id,
                "name": t.name,
                "description": getattr(t, "description", None),
                "us_reference": getattr(t, "us_reference", None),
                "family": getattr(t, "family", None),
                "source": t.source,
                "confidence": t.confidence,
            },
        )
    measures = {m.id: m for m in curated.measures}
    for m in curated.measures:
        prov = {"source": m.source, "confidence": m.confidence}
        add(
            "Measure",
            {
                "id": m.id,
                "regime": m.regime,
                "name": m.name,
                "legal_basis": getattr(m, "legal_basis", None),
                "administering_body": getattr(m, "administering_body", None),
                "announced": _iso(getattr(m, "announced", None)),
                "adopted": _iso(getattr(m, "adopted", None)),
                "published": _iso(getattr(m, "published", None)),
                "effective": _iso(getattr(m, "effective", None)),
                "first_date": _iso(getattr(m, "first_date", None)),
                "period": getattr(m, "period", None),
                "document": getattr(m, "document", None),
                "citation": getattr(m, "citation", None),
                "instrument": getattr(m, "instrument", None),
                "topics": list(getattr(m, "topics", []) or []),
                "note": getattr(m, "note", None),
                **prov,
            },
        )
        add("ENACTED_BY:Measure:Regime", {"src": m.id, "tgt": m.regime, **prov})
        for imp in getattr(m, "implements", []) or []:
            add(
                "IMPLEMENTS:Measure:Tool",
                {
                    "src": m.id,
                    "tgt": imp.tool,
                    "extent": imp.extent,
                    "provision": getattr(imp, "provision", None),
                    "note": getattr(imp, "note", None),
                    **prov,
                },
            )
        for code in getattr(m, "controls", []) or []:
            iid, base = _item_id(m.regime, code)
            add(
                "Item",
                {
                    "id": iid,
                    "code": base,
                    "regime": m.regime,
                    "list": f"{m.regime} national list",
                    "lists": [m.regime],
                    "status": "referenced",
                    **prov,
                },
            )
            add("CONTROLS:Measure:Item", {"src": m.id, "tgt": iid, **prov})
        target = getattr(m, "prompted_by", None)
        if target and target in measures:
            lag = _lag(m, measures[target])
            announced = _days(m, measures[target], "announced")
            in_force = _days(m, measures[target], "effective")
            add(
                "PROMPTED_BY:Measure:Measure",
                {
                    "src": m.id,
                    "tgt": target,
                    "basis": lag[0] if lag else None,
                    "lag_days": lag[1] if lag else None,
                    "lag_months": _months(lag[1]) if lag else None,
                    "lag_days_announced": announced,
                    "lag_months_announced": _months(announced),
                    "lag_days_in_force": in_force,
                    "lag_months_in_force": _months(in_force),
                    "source": getattr(m, "prompted_by_source", None) or m.source,
                    "confidence": getattr(m, "prompted_by_confidence", None) or m.confidence,
                },
            )
        for earlier in getattr(m, "amends", []) or []:
            add("REVISES:Measure:Measure", {"src": m.id, "tgt": earlier, **prov})
        doc = getattr(m, "document", None)
        if doc:
            add(
                "Document",
                {
                    "id": doc,
                    "kind": "rule" if m.regime == "US" else "legal_act",
                    "title": m.name,
                    "citation": getattr(m, "citation", None),
                    "stub": True,
                    **prov,
                },
            )
            add("DOCUMENTED_BY:Measure:Document", {"src": m.id, "tgt": doc, **prov})
        eff = _iso(getattr(m, "effective", None))
        if eff:
            did = f"{m.id}|effective|{eff}"
            add(
                "Deadline",
                {
                    "id": did,
                    "role": "effective",
                    "date": eff,
                    "subject": m.id,
                    "subject_title": m.name,
                    "citation": getattr(m, "citation", None),
                    **prov,
                },
            )
            add("HAS_DEADLINE:Measure:Deadline", {"src": m.id, "tgt": did, **prov})
    for p in getattr(curated, "provisions", []) or []:
        prov = {"source": p.source, "confidence": p.confidence}
        add(
            "Provision",
            {
                "id": p.id,
                "regime": p.regime,
                "law": p.law,
                "designation": p.designation,
                "heading": getattr(p, "heading", None),
                "text": getattr(p, "text", None),
                "as_of": _iso(getattr(p, "as_of", None)),
                "text_source": getattr(p, "text_source", None),
                "note": getattr(p, "note", None),
                **prov,
            },
        )
        for pv in p.provides:
            quote = getattr(pv, "quote", None)
            at = (p.text or "").find(quote) if quote else -1
            add(
                "PROVIDES:Provision:Tool",
                {
                    "src": p.id,
                    "tgt": pv.tool,
                    "extent": pv.extent,
                    "quote": quote,
                    "start": at if at >= 0 else None,
                    "end": at + len(quote) if quote and at >= 0 else None,
                    "note": getattr(pv, "note", None),
                    **prov,
                },
            )
    for a in curated.assessments:
        add(
            "ASSESSED:Regime:Tool",
            {
                "src": a.regime,
                "tgt": a.tool,
                "extent": a.extent,
                "judgement": getattr(a, "judgement", None),
                "measure": getattr(a, "measure", None),
                "note": getattr(a, "note", None),
                "source": a.source,
                "confidence": a.confidence,
            },
        )
    return out


def load_curated_data(store: GraphStore, curated: CuratedLike, *, force: bool = False) -> int:
    """Write the curated data in one transaction, replacing the previous curated facts.

    Returns:
        Number of measures written (0 when the same data is already loaded and ``force`` is off).
    """
    digest = _digest(curated)
    if not force:
        rows = store.run("MATCH (d:Document {id: $id}) RETURN d.content_hash AS h", {"id": CURATED_ID})
        if rows and rows[0]["h"] == digest:
            return 0
    m = store.model
    rows_by = curated_rows(curated)
    with store.transaction() as tx:
        delete_nodes(tx, m, "Deadline", "EXISTS { MATCH (:Measure)-[:HAS_DEADLINE]->(n) }", {})
        delete_nodes(tx, m, "Measure", "true", {})
        delete_nodes(tx, m, "Provision", "n.regime IS NOT NULL", {})
        delete_edges(tx, m, "ASSESSED", "Regime", "true", {})
        delete_edges(tx, m, "MEMBER_OF", "Regime", "true", {})
        upsert_nodes(tx, m, "Regime", rows_by.get("Regime", []))
        upsert_nodes(tx, m, "Tool", rows_by.get("Tool", []))
        upsert_nodes(tx, m, "Measure", rows_by.get("Measure", []))
        upsert_nodes(tx, m, "Deadline", rows_by.get("Deadline", []))
        upsert_nodes(tx, m, "Provision", rows_by.get("Provision", []))
        merge_stubs(tx, m, "Item", rows_by.get("Item", []))
        merge_stubs(tx, m, "Document", rows_by.get("Document", []))
        for key, rows in rows_by.items():
            if ":" in key:
                rel, src, tgt = key.split(":")
                upsert_edges(tx, m, rel, src, tgt, rows)
        upsert_nodes(
            tx,
            m,
            "Document",
            [
                {
                    "id": CURATED_ID,
                    "kind": "dataset",
                    "doc_source": "dataset",
                    "type": "Dataset",
                    "title": "Curated regime data (graph/curated)",
                    "content_hash": digest,
                    "stub": False,
                    "source": "graph/curated",
                    "confidence": "reported",
                }
            ],
        )
    return len(rows_by.get("Measure", []))
