"""The bundled reference lists and what the graph makes of them (CCL changes, equivalences, listings)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exportwatch.app import REFERENCE_DIR
from graph.list_events import list_rows, record_id
from graph.load_lists import LISTS_DIR
from graph.reference import load_reference, vendor_reference
from graph.store import GraphStore
from ingest.parse_lists import read_list_dir

SHARED = Path("/work/shared/data")


def test_bundled_reference_loads_offline() -> None:
    ref = load_reference(REFERENCE_DIR)
    assert [s.snapshot for s in ref.ccl] == ["2025-07-11", "2026-07-23"]
    assert all(re.fullmatch(r"\d[A-E]\d{3}", i["code"]) for s in ref.ccl for i in s.items)
    assert ref.eu is not None
    assert ref.entity_list is None  # the Entity List is a list source now (exportwatch/snapshot/lists)
    assert {"WA", "MTCR", "NSG", "AG"} <= {i["origin"] for i in ref.eu.items}
    assert (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8").count("| `") >= 4


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared data folder is not on this machine")
def test_vendoring_reproduces_the_bundled_files(tmp_path: Path) -> None:
    vendor_reference(SHARED, tmp_path)
    for path in sorted(REFERENCE_DIR.glob("*.json")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_ccl_changes_in_the_graph(demo: GraphStore) -> None:
    old, new = load_reference(REFERENCE_DIR).ccl
    before = {i["code"]: i for i in old.items}
    after = {i["code"]: i for i in new.items}
    rows = demo.run(
        "MATCH (d:Document {id: $id})-[c:CHANGED]->(i:Item) RETURN c.action AS action, i.code AS code",
        {"id": new.id},
    )
    got = {(r["action"], r["code"]) for r in rows}
    assert {c for a, c in got if a == "added"} == set(after) - set(before)
    assert {c for a, c in got if a == "removed"} == set(before) - set(after)
    assert {c for a, c in got if a == "heading_changed"} <= set(after) & set(before)
    removed = demo.run("MATCH (i:Item) WHERE i.status = 'removed' RETURN count(i) AS c")[0]["c"]
    assert removed == len(set(before) - set(after))
    versions = demo.run(
        "MATCH (:Item {id: 'US:3A090'})-[:HAS_VERSION]->(v:ItemVersion) RETURN v.snapshot AS s ORDER BY s"
    )
    assert [v["s"] for v in versions] == [old.snapshot, new.snapshot]


def test_equivalence_by_entry_code(demo: GraphStore) -> None:
    def equivalents(code: str) -> list[str]:
        rows = demo.run(
            "MATCH (:Item {id: $id})-[:EQUIVALENT_TO]-(j:Item) RETURN j.id AS id ORDER BY id",
            {"id": f"US:{code}"},
        )
        return [r["id"] for r in rows]

    assert "EU:3B001" in equivalents("3B001")
    assert equivalents("3A090") == [] and equivalents("4A090") == []


def test_listing_years_follow_volumes(demo: GraphStore) -> None:
    rows = demo.run("MATCH (l:Listing) WHERE l.volume IS NOT NULL RETURN l.volume AS v, l.year AS y")
    assert rows and all(r["y"] == 1935 + r["v"] for r in rows)


def test_every_csl_citation_is_an_event_or_confirms_one() -> None:
    snaps = read_list_dir(LISTS_DIR)
    rows = list_rows(snaps)
    csl = next(s for s in snaps if s.list == "entity_list" and s.source == "us-trade-csl")
    events = {(r["entity"], r["citation"]) for r in rows.listings}
    confirmed = {r["entity"] for r in rows.listings if csl.id in (r.get("confirmed_by") or [])}
    for e in csl.entries:
        eid = rows.record_entity[record_id(csl, e)]
        for c in e.citations:
            assert (eid, c.citation) in events or eid in confirmed, (e.name, c.citation)
    firsts = [x for x in rows.listings if x["action"] == "add" and not x.get("previous")]
    assert len({(x["entity"], x["list"]) for x in firsts}) == len(firsts)  # one addition per party and list
