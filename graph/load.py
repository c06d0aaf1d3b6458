"""Load one document's extraction into the graph, in one transaction, skipping unchanged documents.

``load_extraction`` writes the ``Document`` node (metadata, ISO dates and their day numbers, the
content hash) and the facts read from its text, each edge carrying the span (start, end, page, text):

- ECCN mentions -> ``MENTIONS`` to ``Item`` ``US:<base ECCN>``; CONTROL_TOOL -> ``Tool``;
  REGIME -> ``Regime``;
- FR_CITATION -> ``CITES`` to the cited ``Document`` (a ``citation:`` stub until that document is loaded);
  CFR_CITATION -> ``CITES`` to a ``Provision``; COUNTRY mentions -> the document's ``countries``;
- effective / compliance / comments-due dates -> ``Deadline`` nodes (``HAS_DEADLINE``);
- Entity List rows -> ``Entity`` (matched by normalized name and country) and a ``Listing`` event
  (``HAS_LISTING``, ``LISTED_IN`` the document);
- amendatory instructions -> ``AMENDS`` to the ``Provision`` (and to each ECCN the instruction names);
- ``corrects`` / ``corrected_by`` -> ``CORRECTS``.

The document's previous facts are deleted inside the same transaction, so an interrupted load leaves
the document as it was, and a reload replaces rather than duplicates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from exportwatch.errors import ExportwatchError, SchemaError
from exportwatch.vocab.countries import country_code
from exportwatch.vocab.identifiers import parse_fr_citations
from exportwatch.vocab.tools import CONTROL_TOOLS, REGIME_JURISDICTION
from graph.citations import (
    amendment_provision,
    eccn_base,
    entity_id,
    name_key,
    provision_key,
    search_fields,
)
from graph.cypher import delete_edges, delete_nodes, merge_stubs, upsert_edges, upsert_nodes
from graph.documents import document_row, find_cited_document
from graph.identity import org_key
from graph.store import GraphStore, Row, Runner
from ingest.models import DocumentMeta, Extraction

DEADLINE_ROLES = ("effective", "compliance", "comments_due")
# Edge types whose edges leaving a document are the document's own facts (replaced on reload).
DOCUMENT_FACTS = ("MENTIONS", "CITES", "AMENDS", "CORRECTS")


@dataclass
class LoadStats:
    """What one load wrote, and what it could not link (by mention label)."""

    nodes: int = 0
    edges: int = 0
    unlinked: dict[str, int] = field(default_factory=dict)

    def skip(self, label: str) -> None:
        self.unlinked[label] = self.unlinked.get(label, 0) + 1


class _Plan:
    """Every node and edge row of one extraction, built before anything is written."""

    def __init__(self, ex: Extraction, runner: Runner, content_hash: str) -> None:
        self.doc = ex.document.document_number
        self.stats = LoadStats()
        self.nodes: dict[str, list[Row]] = {}
        self.stubs: dict[str, dict[str, Row]] = {}
        self.edges: dict[tuple[str, str, str], list[Row]] = {}
        self.listings: dict[str, Row] = {}
        self.node("Document", document_row(ex.document, content_hash=content_hash))
        self.nodes["Document"][0]["countries"] = sorted(set(self._mentions(ex, runner)))
        self._deadlines(ex)
        self._entities(ex, runner)
        self._amendments(ex)
        self._corrections(ex.document)

    # -- collecting ----------------------------------------------------------------------------
    def node(self, label: str, row: Row) -> None:
        self.nodes.setdefault(label, []).append(row)

    def stub(self, label: str, row: Row) -> None:
        self.stubs.setdefault(label, {}).setdefault(row["id"], row)

    def edge(self, rel: str, src: str, tgt: str, row: Row) -> None:
        self.edges.setdefault((rel, src, tgt), []).append(row)

    def stub_ccl_item(self, base: str) -> str:
        """Stub the CCL item ``base`` (e.g. ``3A090``) this document names; returns its node id."""
        item_id = f"US:{base}"
        self.stub(
            "Item",
            {
                "id": item_id,
                "code": base,
                "regime": "US",
                "list": "Commerce Control List",
                "lists": ["US"],
                "status": "referenced",
                "source": self.doc,
                "confidence": "extracted",
            },
        )
        return item_id

    def _span(self, start: int | None, end: int | None, page: int | None, text: str | None) -> Row:
        return {
            "start": start,
            "end": end,
            "page": page,
            "text": text,
            "source": self.doc,
            "confidence": "extracted",
        }

    def _mentions(self, ex: Extraction, runner: Runner) -> list[str]:
        countries: list[str] = []
        seen: set[tuple[str, int, str]] = set()
        for m in ex.mentions:
            norm = (m.normalized or m.text or "").strip()
            span = self._span(m.start, m.end, m.page, m.text)
            target: tuple[str, str] | None = None
            if m.label == "ECCN":
                base = eccn_base(norm)
                if base:
                    target = ("Item", self.stub_ccl_item(base))
            elif m.label == "CONTROL_TOOL" and norm:
                target = ("Tool", norm)
                self.stub(
                    "Tool",
                    {
                        "id": norm,
                        "name": CONTROL_TOOLS.get(norm, norm),
                        "source": self.doc,
                        "confidence": "extracted",
                    },
                )
            elif m.label == "REGIME" and norm:
                rid = REGIME_JURISDICTION.get(norm, norm)
                target = ("Regime", rid)
                self.stub("Regime", {"id": rid, "source": self.doc, "confidence": "extracted"})
            elif m.label == "COUNTRY":
                if re.fullmatch(r"[A-Z]{2}", norm):
                    countries.append(norm)
                continue
            elif m.label == "FR_CITATION":
                self._cite_fr(norm, span, runner)
                continue
            elif m.label == "CFR_CITATION":
                pid, props, para = provision_key(norm)
                self.stub("Provision", {"id": pid, **props, "source": self.doc, "confidence": "extracted"})
                self.edge(
                    "CITES",
                    "Document",
                    "Provision",
                    {"src": self.doc, "tgt": pid, "normalized": norm, "paragraph": para, **span},
                )
                continue
            else:
                continue
            if target is None:
                self.stats.skip(m.label)
                continue
            key = (m.label, m.start, target[1])
            if key in seen:
                continue
            seen.add(key)
            self.edge(
                "MENTIONS",
                "Document",
                target[0],
                {
                    "src": self.doc,
                    "tgt": target[1],
                    "label": m.label,
                    "normalized": norm,
                    "action": "mentions",
                    **span,
                },
            )
        return countries

    def _cite_fr(self, norm: str, span: Row, runner: Runner) -> None:
        cits = parse_fr_citations(norm)
        if not cits or cits[0].page is None:
            self.stats.skip("FR_CITATION")
            return
        cit = cits[0]
        own = self.nodes["Document"][0] if "Document" in self.nodes else None
        if own and own["volume"] == cit.volume and own["start_page"] <= cit.page <= own["end_page"]:
            return  # the document's own pages (e.g. the citation column of its Entity List table)
        target = find_cited_document(runner, cit.volume, cit.page)
        if target == self.doc:
            return
        if target is None:
            target = f"citation:{cit.key}"
            self.stub(
                "Document",
                {
                    "id": target,
                    "kind": "citation",
                    "citation": cit.key,
                    "volume": cit.volume,
                    "start_page": cit.page,
                    "end_page": cit.page,
                    "stub": True,
                    "source": self.doc,
                    "confidence": "extracted",
                },
            )
        self.edge(
            "CITES", "Document", "Document", {"src": self.doc, "tgt": target, "normalized": norm, **span}
        )

    def _deadlines(self, ex: Extraction) -> None:
        meta = ex.document
        done: set[tuple[str, str]] = set()
        facts: list[tuple[str, str | None, str | None, int | None, int | None, int | None]]
        facts = [(d.role, d.date, d.text, d.start, d.end, d.page) for d in ex.dates]
        facts += [("effective", meta.effective_date, None, None, None, None)]
        facts += [("comments_due", meta.comments_close_on, None, None, None, None)]
        for role, when, text, start, end, page in facts:
            if role not in DEADLINE_ROLES or not when or (role, when) in done:
                continue
            done.add((role, when))
            did = f"{self.doc}|{role}|{when}"
            self.node(
                "Deadline",
                {
                    "id": did,
                    "role": role,
                    "date": when,
                    "subject": self.doc,
                    "subject_title": meta.title,
                    "citation": meta.citation,
                    "url": meta.url,
                    "text": text,
                    "source": self.doc,
                    "confidence": "extracted",
                },
            )
            self.edge(
                "HAS_DEADLINE",
                "Document",
                "Deadline",
                {"src": self.doc, "tgt": did, **self._span(start, end, page, text)},
            )

    def _entities(self, ex: Extraction, runner: Runner) -> None:
        meta = ex.document
        for row in ex.entities:
            code = row.country_code or country_code(row.country or "")
            eid = self._match_entity(runner, row.name, code) or entity_id(row.name, code or row.country)
            names = [row.name, *row.aliases]
            self.stub(
                "Entity",
                {
                    "id": eid,
                    "name": row.name,
                    "name_key": name_key(row.name),
                    "aliases": list(row.aliases),
                    **search_fields(names),
                    "country": code or row.country,
                    "countries": [code] if code else [],
                    "addresses": list(row.addresses),
                    "license_requirement": row.license_requirement,
                    "license_policy": row.license_review_policy,
                    "source": self.doc,
                    "confidence": "extracted",
                },
            )
            cits = parse_fr_citations(row.federal_register_citation) or parse_fr_citations(meta.citation)
            cit = cits[0] if cits else None
            action = row.action if row.action in ("add", "revise", "remove") else "revise"
            dest = code or row.country
            # One event per party, rule and action: a party listed under several destinations (one
            # entry under each heading) is one event with every destination.
            lid = f"{eid}|{self.doc}|{action}"
            seen = self.listings.get(lid)
            if seen is not None:
                if dest and dest not in seen["destinations"]:
                    seen["destinations"].append(dest)
                known = self.stubs["Entity"][eid]
                for key, value in (("countries", code), *(("addresses", a) for a in row.addresses)):
                    if value and value not in known[key]:
                        known[key].append(value)
                continue
            listing = {
                "id": lid,
                "entity": eid,
                "list": "entity_list",
                "action": action,
                "citation": cit.key if cit else meta.citation,
                "volume": cit.volume if cit else None,
                "fr_page": cit.page if cit else None,
                "year": cit.year if cit else None,
                "date": meta.publication_date,
                "document": self.doc,
                "origin": self.doc,
                "destinations": [dest] if dest else [],
                "page": row.page,
                "text": row.name,
                "source": self.doc,
                "confidence": "extracted",
            }
            self.listings[lid] = listing
            self.node("Listing", listing)
            prov = {"source": self.doc, "confidence": "extracted"}
            self.edge("HAS_LISTING", "Entity", "Listing", {"src": eid, "tgt": lid, **prov})
            self.edge("LISTED_IN", "Listing", "Document", {"src": lid, "tgt": self.doc, **prov})

    @staticmethod
    def _match_entity(runner: Runner, name: str, code: str | None) -> str | None:
        rows = runner.run(
            "MATCH (e:Entity {name_key: $k}) RETURN e.id AS id, e.countries AS countries ORDER BY id",
            {"k": name_key(name)},
        )
        same = [r["id"] for r in rows if code and code in (r["countries"] or [])]
        if same:
            return str(same[0])
        if not rows and code:
            # The lists' identity keys (legal forms dropped: "Co., Ltd." = "Limited"), same country only.
            rows = runner.run(
                "MATCH (e:Entity) WHERE $k IN e.match_keys AND $c IN e.countries "
                "RETURN e.id AS id ORDER BY id",
                {"k": org_key(name), "c": code},
            )
            return str(rows[0]["id"]) if len(rows) == 1 else None
        return str(rows[0]["id"]) if len(rows) == 1 and not code else None

    def _amendments(self, ex: Extraction) -> None:
        for seq, a in enumerate(ex.amendments):
            if a.action == "authority":
                continue  # the authority citation restated: no text of the provision changes
            t = a.target
            span = {
                **self._span(a.start, a.end, None, a.text),
                "seq": seq,
                "action": a.action,
                "paragraph": t.paragraph,
                "entries": list(a.entries),
                "countries": list(a.countries),
            }
            prov = amendment_provision(t.title, t.part, t.section, t.supplement)
            if prov:
                pid, props = prov
                self.stub("Provision", {"id": pid, **props, "source": self.doc, "confidence": "extracted"})
                self.edge("AMENDS", "Document", "Provision", {"src": self.doc, "tgt": pid, **span})
            items = sorted({b for b in (eccn_base(e) for e in a.entries) if b})
            for base in items:
                item_id = self.stub_ccl_item(base)
                self.edge("AMENDS", "Document", "Item", {"src": self.doc, "tgt": item_id, **span})
            if not prov and not items:
                self.stats.skip("AMENDMENT")

    def _corrections(self, meta: DocumentMeta) -> None:
        prov = {"source": self.doc, "confidence": "official"}
        for other in meta.corrects:
            self.stub("Document", {"id": other, "stub": True, **prov})
            self.edge("CORRECTS", "Document", "Document", {"src": self.doc, "tgt": other, **prov})
        for other in meta.corrected_by:
            self.stub("Document", {"id": other, "stub": True, **prov})
            self.edge("CORRECTS", "Document", "Document", {"src": other, "tgt": self.doc, **prov})

    # -- writing -------------------------------------------------------------------------------
    def write(self, tx: Runner, store: GraphStore, *, existed: bool) -> None:
        m = store.model
        kept: list[Row] = []
        if existed:
            kept = self._clear(tx, store)
        upsert_nodes(tx, m, "Document", self.nodes.pop("Document"))
        for label, stubs in self.stubs.items():
            merge_stubs(tx, m, label, stubs.values())
            self.stats.nodes += len(stubs)
        for label, rows in self.nodes.items():
            upsert_nodes(tx, m, label, rows)
            self.stats.nodes += len(rows)
        for (rel, src, tgt), edges in self.edges.items():
            upsert_edges(tx, m, rel, src, tgt, edges)
            self.stats.edges += len(edges)
        if kept:
            tx.run("UNWIND $rows AS r MATCH (l:Listing {id: r.id}) SET l.confirmed_by = r.by", {"rows": kept})

    def _clear(self, tx: Runner, store: GraphStore) -> list[Row]:
        """Delete what an earlier load of this document wrote; returns listing provenance to restore."""
        m = store.model
        p = {"id": self.doc}
        for rel in DOCUMENT_FACTS:
            delete_edges(tx, m, rel, "Document", "a.id = $id", p)
        delete_nodes(tx, m, "Deadline", "n.subject = $id", p)
        # Keep what the resolve pass folded into this document's listing events (see graph.resolve).
        kept = tx.run(
            "MATCH (l:Listing {origin: $id}) WHERE size(l.confirmed_by) > 0 "
            "RETURN l.id AS id, l.confirmed_by AS by",
            p,
        )
        delete_nodes(tx, m, "Listing", "n.origin = $id", p)
        delete_nodes(
            tx, m, "Entity", "n.source = $id AND NOT EXISTS { MATCH (n)-[:HAS_LISTING]->(:Listing) }", p
        )
        return kept


def load_extraction(
    store: GraphStore,
    extraction: Extraction,
    *,
    content_hash: str,
    force: bool = False,
    stats: LoadStats | None = None,
) -> bool:
    """Load one document and its extracted facts, unless the same content is already loaded.

    Args:
        store: an open, writable store (its schema ensured).
        extraction: the ``Extraction`` of one document.
        content_hash: hash of the content the extraction came from (e.g. the raw payload's sha256).
        force: reload even when the stored hash is equal.
        stats: filled with what was written and what could not be linked.

    Returns:
        True when the document was (re)loaded, False when it was skipped as unchanged.

    Raises:
        SchemaError: a value does not fit the schema (the message names the document).
        StoreError: the store refused; nothing of the document was written.
    """
    doc = extraction.document.document_number
    if not doc:
        raise SchemaError("extraction has no document_number; cannot key its Document node")
    rows = store.run("MATCH (d:Document {id: $id}) RETURN d.content_hash AS h", {"id": doc})
    if rows and rows[0]["h"] == content_hash and not force:
        return False
    try:
        with store.transaction() as tx:
            plan = _Plan(extraction, tx, content_hash)
            plan.write(tx, store, existed=bool(rows))
    except ExportwatchError as e:
        if doc in e.message:
            raise
        raise type(e)(f"document {doc}: {e.message}", hint=e.hint) from None
    if stats is not None:
        stats.nodes += plan.stats.nodes
        stats.edges += plan.stats.edges
        for k, v in plan.stats.unlinked.items():
            stats.unlinked[k] = stats.unlinked.get(k, 0) + v
    return True
