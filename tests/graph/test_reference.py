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
    assert {"WA", "MTCR", "NSG", "AG"} <= {i["origin"] for i in ref.eu.items}
    assert (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8").count("| `") >= 4


@pytest.mark.skipif(not SHARED.is_dir(), reason="the shared data folder is not on this machine")
def test_vendoring_reproduces_the_bundled_files(tmp_path: Path) -> None:
    counts = vendor_reference(SHARED, tmp_path)
    bundled = sorted(p.name for p in REFERENCE_DIR.glob("*.json"))
    assert sorted(counts) == sorted(p.name for p in tmp_path.glob("*.json")) == bundled  # nothing unread
    for path in sorted(REFERENCE_DIR.glob("*.json")):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


def test_ccl_changes_in_the_graph(demo: GraphStore) -> None:
    old, new = load_reference(REFERENCE_DIR).ccl
    before = {i["code"] for i in old.items}
    after = {i["code"] for i in new.items}
    rows = demo.run(
        "MATCH (d:Document {id: $id})-[c:CHANGED]->(i:Item) RETURN c.action AS action, i.code AS code",
        {"id": new.id},
    )
    got = {(r["action"], r["code"]) for r in rows}
    assert {a for a, _ in got} <= {"heading_changed", "text_changed"}  # neither parse holds a category whole
    assert ("text_changed", "3A090") in got and ("heading_changed", "0A502") in got
    assert {c for _, c in got} <= before & after
    gaps = demo.run("MATCH (d:Document)-[g:NOT_COVERED]->(i:Item) RETURN d.id AS d, i.code AS code")
    assert {r["code"] for r in gaps} == before ^ after
    assert {r["code"] for r in gaps if r["d"] == new.id} == before - after
    removed = demo.run("MATCH (i:Item) WHERE i.status = 'removed' RETURN count(i) AS c")[0]["c"]
    assert removed == 0
    versions = demo.run(
        "MATCH (:Item {id: 'US:3A090'})-[:HAS_VERSION]->(v:ItemVersion) "
        "RETURN v.snapshot AS s, v.text_hash AS h, v.dated_by AS by ORDER BY s"
    )
    assert [v["s"] for v in versions] == [old.snapshot, new.snapshot]
    assert [v["by"] for v in versions] == ["commit_date", "ecfr_issue_date"]
    assert all(len(v["h"]) == 64 for v in versions)


def test_show_and_diff_read_the_versions(demo: GraphStore) -> None:
    from exportwatch.errors import QueryError
    from queries.texts import diff, show

    text = show(demo, "4E091", "2026-01-01")
    assert list(text) == ["ref", "as_of", "version_date", "source", "heading", "paragraphs"]
    assert text["version_date"] == "2025-07-11" and "10^26" in text["heading"]
    sub = show(demo, "3A090.a.1", "2026-07-23")
    assert [p["designation"] for p in sub["paragraphs"]] == ["a.1"]
    d = diff(demo, "3A090", "2025-07-11", "2026-07-23").to_json()
    assert list(d) == ["ref", "from", "to", "from_version", "to_version", "changes"]
    assert [c["change"] for c in d["changes"]] == ["changed"] * 3
    assert list(d["changes"][0]) == ["designation", "change", "before", "after"]
    assert diff(demo, "3B002", "2025-07-11", "2026-07-23").changes == ()
    with pytest.raises(QueryError, match="first known version is of 2025-07-11"):
        show(demo, "3A090", "2020-01-01")
    with pytest.raises(QueryError, match="not a reference"):
        show(demo, "not-a-ref")
    with pytest.raises(QueryError, match="no text of 15 CFR 744.23"):
        show(demo, "15 CFR 744.23(a)(2)")


def test_item_text_changes_query(demo: GraphStore) -> None:
    import queries

    rows = queries.run(demo, "item_text_changes", item="3A090")
    assert [(r["action"], r["from_version"], r["to_version"]) for r in rows] == [
        ("text_changed", "US:3A090@2025-07-11", "US:3A090@2026-07-23")
    ]


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
