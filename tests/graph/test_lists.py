"""The US lists in the graph, on both stores: events, identity, snapshots, deltas, affiliates, bad input."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

import queries
from exportwatch.app import REFERENCE_DIR
from exportwatch.errors import ParseError
from graph.build import build_graph
from graph.curated_yaml import CURATED_DIR, load_curated
from graph.load_curated import load_curated_data
from graph.load_lists import LISTS_DIR, load_lists
from graph.store import GraphStore
from ingest.list_chain import parse_chain
from ingest.parse_lists import ListSnapshot, read_list_dir, read_list_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "screening_lists"
TRIMS = ("el_supp4_trim_2026-07-09.json", "meu_supp7_trim_2026-07-09.json", "dow_1260h_trim_2026-06.json",
         "csl_bis_trim_2026-07-31.json")  # fmt: skip


@pytest.fixture
def list_dir(tmp_path: Path) -> Path:
    d = tmp_path / "lists"
    d.mkdir()
    for name in TRIMS:
        shutil.copy(FIXTURES / name, d / name)
    return d


def _history(store: GraphStore, name: str) -> list[dict[str, object]]:
    return queries.run(store, "entity_history", name=name)


def _counts(store: GraphStore) -> dict[str, int]:
    return {
        label: store.run(f"MATCH (n:{label}) RETURN count(n) AS c")[0]["c"]
        for label in ("Entity", "Listing", "ListRecord")
    }


def test_lists_load_with_dated_events_and_one_identity(scratch: GraphStore, list_dir: Path) -> None:
    report = load_lists(scratch, read_list_dir(list_dir))
    assert report.listings and not report.skipped
    smic = [r for r in _history(scratch, "semiconductor manufacturing international") if r["list"] == "1260h"]
    assert smic and smic[0]["date"] == "2026-06-10" and smic[0]["citation"] == "91 FR 35189"
    entity = scratch.run("MATCH (e:Entity {id: $id}) RETURN e.lists AS lists", {"id": smic[0]["entity_id"]})[
        0
    ]
    assert entity["lists"] == ["entity_list", "1260h"]  # one party, both lists
    huawei = [r for r in _history(scratch, "huawei technologies co., ltd.") if r["country"] == "CN"]
    first = next(r for r in huawei if r["citation"] == "84 FR 22963")
    assert first["action"] == "add" and first["date"] == "2019-05-21"
    # Read from the supplement and from the CSL: one event, confirmed by both snapshots.
    rows = scratch.run(
        "MATCH (e:Entity {id: $id})-[:HAS_LISTING]->(l:Listing {citation: '84 FR 22963'}) "
        "RETURN l.confirmed_by AS by",
        {"id": first["entity_id"]},
    )
    assert len(rows) == 1 and len(rows[0]["by"]) == 2
    techlink = _history(scratch, "techlink")
    assert techlink and all(r["date"] is None for r in techlink if r["citation"] == "83 FR 61541")
    again = load_lists(scratch, read_list_dir(list_dir))
    assert again.skipped


def test_an_older_snapshot_invents_no_event(scratch: GraphStore, list_dir: Path) -> None:
    snaps = read_list_dir(list_dir)
    load_lists(scratch, snaps)
    before = queries.run(
        scratch, "list_changes", list="entity_list", **{"from": "2000-01-01", "to": "2030-01-01"}
    )
    el = next(s for s in snaps if s.list == "entity_list" and s.source == "us-entity-list")
    older = replace(el, snapshot="2026-05-01", content_hash="older")  # the same entries, an earlier date
    load_lists(scratch, [*snaps, older])
    after = queries.run(
        scratch, "list_changes", list="entity_list", **{"from": "2000-01-01", "to": "2030-01-01"}
    )
    assert [(r["entity"], r["action"], r["date"], r["citation"]) for r in after] == [
        (r["entity"], r["action"], r["date"], r["citation"]) for r in before
    ]


def _newer(el: ListSnapshot) -> ListSnapshot:
    """The next version of the supplement: derived from the real one (one entry gone, one alias more, one
    name printed in capitals).

    (Test data: no second real version of supplement no. 4 is bundled.)
    """
    gone = next(e for e in el.entries if e.name == "3DiVi OOO")
    entries = [e for e in el.entries if e is not gone]
    i = next(i for i, e in enumerate(entries) if e.name == "Yangtze Memory Technologies Co., Ltd.")
    entries[i] = replace(entries[i], aliases=(*entries[i].aliases, "Yangtze Memory Technologies Corp."))
    j = next(i for i, e in enumerate(entries) if e.name == "Aerosun Corporation")
    entries[j] = replace(entries[j], name="AEROSUN CORPORATION")
    return replace(el, snapshot="2026-08-01", entries=tuple(entries), content_hash="newer")


def test_two_snapshots_of_a_list_give_its_delta(scratch: GraphStore, list_dir: Path) -> None:
    snaps = read_list_dir(list_dir)
    el = next(s for s in snaps if s.list == "entity_list" and s.source == "us-entity-list")
    load_lists(scratch, [*snaps, _newer(el)])
    rows = queries.run(
        scratch, "list_changes", list="entity_list", **{"from": "2026-07-10", "to": "2026-12-31"}
    )
    assert sorted((r["entity"], r["action"]) for r in rows) == [
        ("3DiVi OOO", "remove"),
        ("Aerosun Corporation", "change"),
        ("Yangtze Memory Technologies Co., Ltd.", "change"),
    ]
    (renamed,) = scratch.run(
        "MATCH (l:Listing) WHERE l.action = 'change' AND l.details CONTAINS 'Aerosun' RETURN l.details AS d"
    )
    assert "name: 'Aerosun Corporation' -> 'AEROSUN CORPORATION'" in renamed["d"]
    assert all(r["source"] == f"{el.id} -> dataset:entity_list@2026-08-01/us-entity-list" for r in rows)
    assert set(rows[0]) == {
        "list",
        "entity",
        "action",
        "date",
        "citation",
        "document",
        "source",
        "confirmed_by",
    }
    # The CSL of 2026-07-31 printed the same entries differently: no delta is made of that.
    assert (
        queries.run(scratch, "list_changes", list="entity_list", **{"from": "2026-07-31", "to": "2026-07-31"})
        == []
    )


def test_a_truncated_list_file_loads_nothing_and_keeps_the_previous(
    scratch: GraphStore, list_dir: Path
) -> None:
    first = build_graph(
        scratch, extractions=[], with_curated=False, list_dirs=[list_dir], reference_dir=REFERENCE_DIR
    )
    assert not first.errors
    counts = _counts(scratch)
    raw = json.loads((list_dir / TRIMS[0]).read_text(encoding="utf-8"))
    raw["extracted"] = "2026-08-01"
    text = json.dumps(raw)
    (list_dir / "el_supp4_2026-08-01.json").write_text(text[: len(text) // 2], encoding="utf-8")
    second = build_graph(
        scratch, extractions=[], with_curated=False, list_dirs=[list_dir], reference_dir=REFERENCE_DIR
    )
    assert any("el_supp4_2026-08-01.json" in e and "not whole JSON" in e for e in second.errors)
    assert _counts(scratch) == counts and second.lists["us_lists"] == 0
    with pytest.raises(ParseError):
        read_list_file(list_dir / "el_supp4_2026-08-01.json")


def _curated_with_suspension(tmp_path: Path) -> Path:
    """The curated data plus a suspension of the Affiliates rule and its end (test rows, as announced)."""
    d = tmp_path / "curated"
    shutil.copytree(CURATED_DIR, d)
    extra = {
        "measures": [
            {"id": "test_affiliates_suspension", "regime": "US", "name": "Suspension of the Affiliates rule",
             "effective": "2025-11-10", "amends": ["us_2025_09_affiliates_rule"],
             "source": "https://www.bis.gov/", "confidence": "reported"},
            {"id": "test_affiliates_resumption", "regime": "US", "name": "End of the Affiliates suspension",
             "effective": "2026-11-10", "amends": ["test_affiliates_suspension"],
             "source": "https://www.bis.gov/", "confidence": "reported"},
        ]
    }  # fmt: skip
    (d / "zz_test_suspension.yaml").write_text(yaml.safe_dump(extra), encoding="utf-8")
    return d


def test_affiliate_reach_and_the_rule_status(scratch: GraphStore, list_dir: Path, tmp_path: Path) -> None:
    load_lists(scratch, read_list_dir(list_dir))
    curated = load_curated()
    rule = curated.measure("us_2025_09_affiliates_rule")
    assert rule.effective is not None
    load_curated_data(scratch, curated)
    day_before = rule.effective.toordinal() - 1
    rows = queries.run(
        scratch, "affiliate_reach", name="aviation industry", as_of=date.fromordinal(day_before)
    )
    assert rows and {r["rule_status"] for r in rows} == {"not in force"}
    rows = queries.run(scratch, "affiliate_reach", name="aviation industry", as_of=rule.effective)
    assert {r["rule_status"] for r in rows} == {"in force"}
    h1260 = json.loads((list_dir / TRIMS[2]).read_text(encoding="utf-8"))
    avic = next(e for e in h1260["entities"] if e["name"].startswith("Aviation Industry Corporation"))
    printed = avic["notes"].split(":", 1)[1].split("|", 1)[0]
    assert all(r["entity"] in printed for r in rows)  # every name as printed in the 1260H notes
    assert len(rows) >= 15 and all(
        r["parent_lists"] == ["1260h"] and r["relation"] == "subsidiary" for r in rows
    )
    assert all(r["source"].startswith("dataset:1260h@") and r["confidence"] == "official" for r in rows)
    assert set(rows[0]) == {
        "entity",
        "parent",
        "relation",
        "parent_lists",
        "rule_status",
        "source",
        "confidence",
    }
    shares = scratch.run("MATCH ()-[a:AFFILIATE_OF]->() WHERE a.share IS NOT NULL RETURN count(a) AS c")
    assert shares[0]["c"] == 0  # no ownership percentage is ever made up
    load_curated_data(scratch, load_curated(_curated_with_suspension(tmp_path)), force=True)
    status = {
        day: queries.run(scratch, "affiliate_reach", name="aviation industry", as_of=day)[0]["rule_status"]
        for day in ("2025-10-01", "2025-11-10", "2026-06-01", "2026-11-10")
    }
    assert status == {"2025-10-01": "in force", "2025-11-10": "suspended", "2026-06-01": "suspended",
                      "2026-11-10": "in force"}  # fmt: skip


# --- the demo graph (bundled lists and the 136 rules) -------------------------------------------------


@pytest.mark.parametrize(
    "name", ["huawei technologies co., ltd.", "semiconductor manufacturing international", "yangtze memory"]
)
def test_entity_history_has_days(demo: GraphStore, name: str) -> None:
    rows = _history(demo, name)
    adds = [r for r in rows if r["action"] == "add" and r["list"] == "entity_list"]
    assert adds
    # Every citation that supplement no. 4 prints with a date for these parties has that day in the history.
    el = next(s for s in read_list_dir(LISTS_DIR) if s.list == "entity_list" and s.source == "us-entity-list")
    got = {(r["citation"], r["date"]) for r in rows}
    printed = {
        (c.citation, c.date) for e in el.entries if name in e.name.casefold() for c in e.citations if c.date
    }
    assert printed and printed <= got
    assert {"entity", "country", "action", "citation", "year", "date", "document", "list"} <= set(rows[0])


def test_a_2025_addition_and_a_catalogued_rule(demo: GraphStore) -> None:
    rows = queries.run(
        demo, "listings_between", **{"from": "2025-01-01", "to": "2025-12-31", "list": "entity_list"}
    )
    assert rows and all(r["date"].startswith("2025") for r in rows)
    spacety = [r for r in _history(demo, "spacety") if r["citation"].startswith("88 FR 1217")]
    assert spacety and all(r["document"] == "2023-03929" and r["date"] == "2023-02-27" for r in spacety)


def test_the_week_of_the_four_rules_lists_every_dated_listing(demo: GraphStore) -> None:
    el = next(s for s in read_list_dir(LISTS_DIR) if s.list == "entity_list" and s.source == "us-entity-list")
    week = ("2023-02-27", "2023-03-05")
    printed = {
        (e.name, c.citation) for e in el.entries for c in e.citations if week[0] <= (c.date or "") <= week[1]
    }
    rows = queries.run(demo, "list_changes", list="entity_list", **{"from": "2023-02-27", "to": "2023-03-05"})
    assert {c for _, c in printed} <= {r["citation"] for r in rows}
    got = {(r["entity"], r["citation"]) for r in rows}
    for name, citation in sorted(printed):  # each party printed that week, found by its printed name
        found = {(r["entity"], r["citation"]) for r in _history(demo, name.casefold())}
        assert any(c == citation for _, c in found & got), name
    assert any(r["document"] == "2023-03929" for r in rows)


def test_the_two_bundled_entity_list_snapshots_give_real_deltas_only(demo: GraphStore) -> None:
    rows = queries.run(demo, "list_changes", list="entity_list", **{"from": "2026-07-10", "to": "2026-07-31"})
    el = next(s for s in read_list_dir(LISTS_DIR) if s.list == "entity_list" and s.source == "us-entity-list")
    cited = {(c.volume, c.page) for e in el.entries for c in e.citations}
    for r in rows:  # an addition must cite a page newer than everything the older snapshot cites
        cites, _ = parse_chain(str(r["citation"]))
        assert r["action"] == "add" and cites and (cites[0].volume, cites[0].page) > max(cited)


def test_one_event_confirmed_by_several_sources(demo: GraphStore) -> None:
    week = {"from": "2023-02-27", "to": "2023-03-05"}
    rows = queries.run(demo, "list_changes", list="entity_list", **week)
    events = [(r["list"], r["entity"], r["action"], r["date"], r["citation"]) for r in rows]
    assert len(events) == len(set(events))  # never the same event twice
    # listed under China, France and the Netherlands in 2023-03929: one event, read from the rule and
    # confirmed by the Entity List's chain and the CSL row (both print 88 FR 12171)
    (head,) = [r for r in rows if r["entity"] == "China HEAD Aerospace Technology Co."]
    assert head["document"] == "2023-03929" and head["source"] == "2023-03929"
    el = next(s for s in read_list_dir(LISTS_DIR) if s.list == "entity_list" and s.source == "us-entity-list")
    assert el.id in head["confirmed_by"]
    (cpunto,) = [r for r in _history(demo, "cpunto") if r["citation"] == "88 FR 12171"]
    assert cpunto["document"] == "2023-03929" and el.id in cpunto["confirmed_by"]
    listed = demo.run(
        "MATCH (l:Listing {document: '2023-03929'}) WHERE l.text = 'China HEAD Aerospace Technology Co.' "
        "RETURN l.destinations AS d"
    )
    assert [sorted(r["d"]) for r in listed] == [["CN", "FR", "NL"]]
