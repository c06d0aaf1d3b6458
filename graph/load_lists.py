"""Load the US restricted-party lists into the graph: snapshots, records, entities, events, affiliates.

``load_lists`` takes every snapshot read from the list folders (``ingest.parse_lists``), and when
any of them is new or changed (by the sha256 on its dataset ``Document``), replaces in one
transaction what the lists put in the graph before: ``ListRecord`` nodes, list ``Listing`` events
(``origin`` a dataset), ``RECORD_OF`` and list ``AFFILIATE_OF`` edges. Loading the same files again
writes nothing. A file that cannot be read whole is reported by the caller and left out; the
snapshots already loaded from other files stay as they were.

Affiliates come from the lists' own text: the 1260H notes ("Listed together with subsidiaries:
A, B (B'), and C."), MEU notes ("Subordinate institution of X") and Entity List names
("Y (a subsidiary of X)"; in the CSL "X. Affiliated Entity: Y", "X subordinate institution: Y").
No ownership share is ever inferred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exportwatch.vocab.lists import ALLIED_LISTS
from graph.citations import entity_id, name_key, search_fields
from graph.cypher import delete_edges, delete_nodes, upsert_edges, upsert_nodes
from graph.identity import name_keys
from graph.list_events import ListRows, Row, list_rows, name_index, record_id
from graph.store import GraphStore
from ingest.parse_lists import ListSnapshot

LISTS_DIR = Path(__file__).resolve().parent.parent / "exportwatch" / "snapshot" / "lists"
_SUBS_RE = re.compile(r"Listed together with subsidiaries:\s*(?P<subs>[^|]+)", re.IGNORECASE)
_SUBORDINATE_RE = re.compile(r"^Subordinate institution of\s+(?P<parent>.+?)\.?$", re.IGNORECASE)
_SUBSIDIARY_OF_RE = re.compile(r"\(a subsidiary of (?P<parent>[^()]+)\)", re.IGNORECASE)
_CSL_CHILD_RE = re.compile(
    r"^(?P<parent>.+?)\.?\s+(?P<rel>Affiliated Entity|subordinate institution)s?:\s*(?P<child>.+)$",
    re.IGNORECASE,
)


@dataclass
class ListsReport:
    """What ``load_lists`` did."""

    snapshots: int = 0
    records: int = 0
    entities: int = 0
    listings: int = 0
    affiliates: int = 0
    skipped: bool = False
    problems: list[str] = field(default_factory=list)
    not_compared: dict[str, int] = field(default_factory=dict)


def split_top_level(text: str) -> list[str]:
    """``A, B (B', formerly C), and D.`` -> ``["A", "B (B', formerly C)", "D"]``."""
    parts: list[str] = []
    depth = 0
    cur: list[str] = []
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    out: list[str] = []
    for p in (p.strip() for p in parts):
        if out and out[-1].startswith("and "):
            out[-1] = f"{out[-1]}, {p}"  # "and SMIC, Americas": everything after the last "and" is one name
        else:
            out.append(p)
    out = [re.sub(r"^and\s+", "", p).strip() for p in out]
    # "Co., Ltd." splits at its comma: glue a legal-form tail back onto its name.
    glued: list[str] = []
    for p in [p for p in out if p]:
        if glued and re.fullmatch(r"(?i)(ltd|limited|inc|llc|plc|co|corp|s\.a|gmbh|jsc)\.?( \(.*\))?\.?", p):
            glued[-1] = f"{glued[-1]}, {p}"
        else:
            glued.append(p)
    if glued and glued[-1].endswith(".") and not glued[-1].endswith((" Ltd.", " Inc.", " Co.", " Corp.")):
        glued[-1] = glued[-1][:-1]
    return glued


def _paren_names(text: str) -> tuple[str, list[str]]:
    """``AVIC JONHON ... (AVIC Jonhon)`` -> name and aliases.

    Only trailing parentheses are aliases (``Changhe Aircraft Industries (Group) Co., Ltd.`` keeps its
    ``(Group)``); ``formerly X`` is a former name.
    """
    aliases: list[str] = []
    name = text.strip()
    while True:
        m = re.search(r"\s*\(((?:[^()]|\([^()]*\))*)\)\s*$", name)
        if not m or m.start() == 0:
            break
        aliases.insert(0, re.sub(r"(?i)^formerly\s+", "", m.group(1)).strip())
        name = name[: m.start()].strip()
    return name, [a for a in aliases if a]


def affiliate_links(snaps: Sequence[ListSnapshot], rows: ListRows) -> tuple[list[Row], list[Row]]:
    """``(new entity rows, AFFILIATE_OF rows)`` read from the lists' text."""
    idx = name_index(rows.entities.values())
    new: dict[str, Row] = {}
    links: dict[tuple[str, str], Row] = {}

    def find_or_make(name: str, aliases: list[str], country: str | None, src: str) -> str:
        hits = [i for k in name_keys(name, aliases) for i in idx.get(k, [])]
        if country:
            hits = [
                h for h in hits if country in (rows.entities.get(h) or new.get(h) or {}).get("countries", [])
            ] or (hits if not country else [])
        if hits:
            return hits[0]
        eid = entity_id(name, country)
        if eid not in new and eid not in rows.entities:
            new[eid] = {"id": eid, "name": name, "name_key": name_key(name), "aliases": aliases,
                        "country": country, "countries": [country] if country else [], "lists": [],
                        "match_keys": list(name_keys(name, aliases)),
                        **search_fields((name, *aliases)), "source": src,
                        "confidence": "official"}  # fmt: skip
            for k in name_keys(name, aliases):
                idx.setdefault(k, []).append(eid)
        return eid

    def link(child: str, parent: str, relation: str, basis: str, src: str) -> None:
        if child != parent:
            links[(child, parent)] = {"src": child, "tgt": parent, "relation": relation, "basis": basis[:500],
                                      "share": None, "source": src, "confidence": "official"}  # fmt: skip

    for snap in snaps:
        for e in snap.entries:
            me = rows.record_entity.get(record_id(snap, e))
            if me is None:
                continue
            m = _SUBS_RE.search(e.notes or "")
            if m:
                for sub in split_top_level(m.group("subs")):
                    name, aliases = _paren_names(sub)
                    child = find_or_make(name, aliases, None, snap.id)
                    link(child, me, "subsidiary", f"Listed together with subsidiaries: {sub}", snap.id)
            m = _SUBORDINATE_RE.match(e.notes or "")
            if m:
                parent = find_or_make(m.group("parent"), [], e.country, snap.id)
                link(me, parent, "subordinate institution", e.notes or "", snap.id)
            m = _SUBSIDIARY_OF_RE.search(e.name)
            if m:
                parent = find_or_make(m.group("parent").strip(), [], e.country, snap.id)
                link(me, parent, "subsidiary", e.name, snap.id)
            m = _CSL_CHILD_RE.match(e.name)
            if m:
                pname, paliases = _paren_names(m.group("parent"))
                parent = find_or_make(pname, paliases, e.country, snap.id)
                link(me, parent, m.group("rel").lower(), e.name, snap.id)
    return list(new.values()), list(links.values())


def _known(store: GraphStore, ids: list[str]) -> dict[str, str | None]:
    rows = store.run(
        "MATCH (d:Document) WHERE d.kind = 'dataset' AND d.id IN $ids RETURN d.id AS id, d.content_hash AS h",
        {"ids": ids},
    )
    return {r["id"]: r["h"] for r in rows}


def _loaded_ids(store: GraphStore) -> set[str]:
    rows = store.run("MATCH (r:ListRecord) RETURN DISTINCT r.snapshot AS s")
    return {r["s"] for r in rows if r["s"]}


def load_lists(store: GraphStore, snaps: Sequence[ListSnapshot], *, force: bool = False) -> ListsReport:
    """Replace the lists' part of the graph with what ``snaps`` say (nothing when all are loaded as is)."""
    report = ListsReport(snapshots=len(snaps))
    if not snaps:
        return report
    known = _known(store, [s.id for s in snaps])
    if (
        not force
        and all(known.get(s.id) == s.content_hash for s in snaps)
        and _loaded_ids(store) == {s.id for s in snaps}
    ):
        report.skipped = True
        return report
    rows = list_rows(snaps)
    extra, affiliates = affiliate_links(snaps, rows)
    m = store.model
    entities = [*rows.entities.values(), *extra]
    with store.transaction() as tx:
        # Only the US lists' part: the allied loader owns the allied records, their listings and the
        # bridge records it writes for US parties (`us-bridge:`), kept when its input is unchanged.
        delete_nodes(
            tx, m, "ListRecord", "coalesce(n.regime, 'US') = 'US' AND NOT n.id STARTS WITH 'us-bridge:'", {}
        )
        delete_nodes(
            tx,
            m,
            "Listing",
            "n.list IS NOT NULL AND n.origin STARTS WITH 'dataset:' AND NOT n.list IN $allied",
            {"allied": ALLIED_LISTS},
        )
        delete_nodes(tx, m, "Listing", "n.origin STARTS WITH 'dataset:entity-list@'", {})
        delete_edges(
            tx,
            m,
            "AFFILIATE_OF",
            "Entity",
            "a.source STARTS WITH 'dataset:' OR b.source STARTS WITH 'dataset:'",
            {},
        )
        upsert_nodes(tx, m, "Document", rows.datasets)
        upsert_nodes(tx, m, "Entity", entities)
        upsert_nodes(tx, m, "ListRecord", rows.records)
        upsert_edges(tx, m, "RECORD_OF", "ListRecord", "Entity", rows.record_of)
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
        upsert_edges(tx, m, "AFFILIATE_OF", "Entity", "Entity", affiliates)
    report.records, report.entities = len(rows.records), len(entities)
    report.listings, report.affiliates = len(rows.listings), len(affiliates)
    report.problems, report.not_compared = rows.problems, rows.not_compared
    return report
