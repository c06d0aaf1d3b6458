"""Loading documents: facts with their spans, idempotent and incremental, consistent after interruptions."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from exportwatch.app import REFERENCE_DIR
from exportwatch.errors import SchemaError
from graph.build import BuildReport, build_graph
from graph.connect import open_store
from graph.cypher import counts
from graph.load import load_extraction
from graph.store import GraphStore
from ingest.models import DateFact, Extraction, ParsedDocument

DOC = "2023-03929"


@pytest.fixture(scope="module")
def rule(synced_home: Path) -> tuple[ParsedDocument, Extraction]:
    """The real Entity List rule 2023-03929 (full GPO XML), as the catalog gives it, and its extraction."""
    from ingest.extract import extract_document
    from ingest.extract_stage import parsed_from_home

    doc = parsed_from_home(synced_home, DOC)
    return doc, extract_document(doc)


def _doc_facts(store: GraphStore) -> dict[str, int]:
    c = counts(store, store.model)
    return {
        k: c.get(k, 0) for k in ("Document", "Entity", "Listing", "Deadline", "MENTIONS", "CITES", "AMENDS")
    }


def test_document_and_its_facts(scratch: GraphStore, rule: tuple[ParsedDocument, Extraction]) -> None:
    doc, ex = rule
    assert load_extraction(scratch, ex, content_hash="h1") is True
    assert doc.meta.pages is not None
    node = scratch.run(
        "MATCH (d:Document {id: $id}) RETURN d.citation AS citation, d.volume AS volume, "
        "d.start_page AS start, d.end_page AS end_page, d.publication_date AS date, "
        "d.publication_date_day AS day, d.kind AS kind",
        {"id": DOC},
    )[0]
    assert node == {
        "citation": "88 FR 12170",
        "volume": 88,
        "start": doc.meta.pages[0],
        "end_page": doc.meta.pages[1],
        "date": doc.meta.publication_date,
        "day": node["day"],
        "kind": "rule",
    }
    assert node["day"] > 19000
    # every edge read from the text points at its span, and the span reads what the edge says
    for rel in ("MENTIONS", "CITES", "AMENDS"):
        spans = scratch.run(
            f"MATCH (d:Document {{id: $id}})-[e:{rel}]->() WHERE e.start IS NOT NULL "
            "RETURN e.start AS s, e.`end` AS e, e.text AS t",
            {"id": DOC},
        )
        assert spans, rel
        for sp in spans:
            assert doc.text[sp["s"] : sp["e"]] == sp["t"]
    # one listing event per Entity List entry, linked to the rule
    listings = scratch.run(
        "MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing)-[:LISTED_IN]->(d:Document {id: $id}) "
        "RETURN e.name AS name, l.action AS action, l.page AS page, l.citation AS citation "
        "ORDER BY name, page",
        {"id": DOC},
    )
    assert len(listings) == len(ex.entities)
    assert {r["name"] for r in listings} == {e.name for e in ex.entities}
    assert all(r["action"] == "add" and r["citation"].startswith("88 FR") for r in listings)
    deadlines = scratch.run(
        "MATCH (:Document {id: $id})-[:HAS_DEADLINE]->(x:Deadline) RETURN x.role AS r, x.date AS d",
        {"id": DOC},
    )
    assert {"r": "effective", "d": doc.meta.effective_date} in deadlines
    amended = scratch.run(
        "MATCH (:Document {id: $id})-[a:AMENDS]->(p:Provision) RETURN DISTINCT p.id AS p", {"id": DOC}
    )
    assert {"p": "15 CFR part 744 supp. 4"} in amended


def test_reload_is_skipped_or_replaces(scratch: GraphStore, rule: tuple[ParsedDocument, Extraction]) -> None:
    _, ex = rule
    assert load_extraction(scratch, ex, content_hash="h1")
    first = _doc_facts(scratch)
    assert load_extraction(scratch, ex, content_hash="h1") is False  # unchanged: skipped
    assert load_extraction(scratch, ex, content_hash="h2") is True  # changed: replaced, not duplicated
    assert _doc_facts(scratch) == first
    to_tools = scratch.run(
        "MATCH (:Document {id: $id})-[e:MENTIONS]->(:Tool) RETURN count(e) AS c", {"id": DOC}
    )
    assert to_tools[0]["c"] > 0
    fewer = replace(
        ex, entities=ex.entities[:3], mentions=tuple(m for m in ex.mentions if m.label != "CONTROL_TOOL")
    )
    assert load_extraction(scratch, fewer, content_hash="h3")
    after = _doc_facts(scratch)
    assert after["Listing"] == 3 and after["MENTIONS"] == first["MENTIONS"] - to_tools[0]["c"]
    assert after["Entity"] == 3  # entities only this document knew are gone with their listings


def test_failed_reload_leaves_the_document_as_it_was(
    scratch: GraphStore, rule: tuple[ParsedDocument, Extraction]
) -> None:
    _, ex = rule
    load_extraction(scratch, ex, content_hash="h1")
    before = _doc_facts(scratch)
    bad = replace(
        ex, dates=(*ex.dates, DateFact(role="comments_due", date="2023-02-31", text="x", start=0, end=1))
    )
    with pytest.raises(SchemaError) as e:
        load_extraction(scratch, bad, content_hash="h2")
    assert DOC in e.value.message and "ISO date" in e.value.message
    assert _doc_facts(scratch) == before
    assert scratch.run("MATCH (d:Document {id: $id}) RETURN d.content_hash AS h", {"id": DOC}) == [
        {"h": "h1"}
    ]


def test_build_twice_is_idempotent(scratch: GraphStore, extractions: list[Any]) -> None:
    few = [x for x in extractions if x[0].document.document_number.startswith("2023-0")]
    first = build_graph(scratch, extractions=few, reference_dir=REFERENCE_DIR)
    again = build_graph(scratch, extractions=few, reference_dir=REFERENCE_DIR)
    assert first.documents_loaded == len(few) and again.documents_loaded == 0
    assert again.documents_skipped == len(few)
    assert again.lists == {"ccl": 0, "eu_annex_i": 0, "us_lists": 0} and again.measures == 0
    assert again.counts == first.counts


KILLED_LOADER = """
import sys
from exportwatch.app import REFERENCE_DIR
from graph.build import build_graph
from graph.load import load_extraction
from graph.connect import open_store
from ingest.extract_stage import extract_home
store = open_store(sys.argv[1])
extractions, _ = extract_home(sys.argv[2])
build_graph(store, extractions=[], reference_dir=REFERENCE_DIR)
print("reference", flush=True)
for ex, digest in extractions:
    load_extraction(store, ex, content_hash=digest)
    print("loaded", ex.document.document_number, flush=True)
"""


def test_killed_build_resumes_to_the_same_graph(
    tmp_path: Path,
    synced_home: Path,
    demo_builds: dict[str, tuple[GraphStore, BuildReport]],
    extractions: list[Any],
) -> None:
    """SIGKILL a real loader half-way through the documents; the next build completes to the same graph."""
    path = tmp_path / "killed.lbug"
    home = tmp_path / "home"
    shutil.copytree(synced_home, home)  # the loader's extraction records states in its own catalog
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(KILLED_LOADER), f"ladybug:{path}", str(home)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    loaded = 0
    for line in proc.stdout:
        loaded += line.startswith("loaded")
        if loaded == 40:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert loaded == 40, "the loader stopped before it could be interrupted"
    with open_store(f"ladybug:{path}") as store:
        partial = store.run(
            "MATCH (d:Document) WHERE d.content_hash IS NOT NULL AND d.kind <> 'dataset' RETURN count(d) AS c"
        )[0]["c"]
        assert 40 <= partial < len(extractions)
        report = build_graph(store, extractions=extractions, reference_dir=REFERENCE_DIR)
        assert report.documents_skipped == partial
        assert report.counts == demo_builds["ladybug"][1].counts
