"""Allied lists in the graph, on both stores: identity against the US parties, queries, deltas, judgements.

The graph is built through the real path (``build_graph``) from trimmed real excerpts: US Entity List
rows of the bundled screening list (``tests/fixtures/allied_lists/reference``) and the allied and
MOFCOM excerpts beside them.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import queries
from exportwatch.screening import ScreenIndex
from graph.build import build_graph
from graph.connect import open_store
from graph.cypher import delete_all
from graph.devserver import ArcadeServer
from graph.load_allied import load_allied
from graph.party_resolve import pair_key
from graph.store import GraphStore
from ingest.list_sources import read_list_dirs

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "allied_lists"


def _build(store: GraphStore, allied: Path) -> None:
    from ingest import list_sources

    snaps, errors = read_list_dirs([allied], check_counts=False)
    assert not errors
    build_graph(store, extractions=[], reference_dir=FIX / "reference", with_curated=False)
    load_allied(store, snaps)
    assert list_sources


@pytest.fixture(scope="module", params=("ladybug", "bolt"))
def graph(
    request: pytest.FixtureRequest, arcadedb: ArcadeServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    url = (
        f"ladybug:{tmp_path_factory.mktemp('allied') / 'g.lbug'}"
        if request.param == "ladybug"
        else arcadedb.url("scratch")
    )
    store = open_store(url)
    store.ensure_schema()
    delete_all(store, store.model)
    _build(store, FIX)
    yield store
    store.close()


def test_allied_records_join_the_us_parties(graph: GraphStore) -> None:
    dukhov = queries.run(graph, "entity_lists", name="dukhov")
    assert {(r["list"], r["regime"]) for r in dukhov} == {
        ("entity_list", "US"), ("eu_reg_833_annex_iv", "EU"), ("jp_meti_end_user_list", "JP"),
        ("jp_fefta_export_ban_russia", "JP")}  # fmt: skip
    assert len({r["entity_id"] for r in dukhov}) == 1
    rows = queries.run(graph, "entity_lists", name="milandr")
    eu = next(r for r in rows if r["list"] == "eu_reg_833_annex_iv")
    us = next(r for r in rows if r["list"] == "entity_list" and r["entity_id"] == eu["entity_id"])
    assert eu["date"] == "2023-02-25" and eu["match_score"] == 100.0 and us["regime"] == "US"
    # the Cyrillic printing finds the same party
    cyr = queries.run(graph, "entity_lists", name="Концерн «Сириус»")
    assert cyr and {r["listed_name"] for r in cyr} >= {"JSC Sirius"}


def test_entity_gaps_both_directions(graph: GraphStore) -> None:
    jp = queries.run(graph, "entity_gaps", regime="JP")
    names = {r["name"] for r in jp}
    assert "Abdul Satar Ghoura" in names  # on the Entity List, on none of Japan's lists here
    assert not any("Dukhov" in n for n in names)  # Japan lists the Dukhov institute
    # forward from the Entity List: every party is on it (and maybe on other US lists, named in order)
    assert all("entity_list" in r["us_lists"] and r["regime"] == "JP" for r in jp)
    assert all(r["us_lists"] == sorted(r["us_lists"]) for r in jp)
    assert any(len(r["us_lists"]) > 1 for r in jp)  # one identity across the US lists
    rev = queries.run(graph, "entity_gaps", regime="EU", direction="reverse")
    assert {r["name"] for r in rev} >= {"JSC Sirius"} and all(r["us_lists"] == [] for r in rev)
    ru = queries.run(graph, "entity_gaps", regime="EU", country="RU")
    assert ru and all(r["country"] == "RU" or r["country"] for r in ru)


def test_list_overlap_and_counter_listings(graph: GraphStore) -> None:
    overlap = {(r["list_a"], r["list_b"]): r["shared"] for r in queries.run(graph, "list_overlap")}
    assert overlap[("entity_list", "eu_reg_833_annex_iv")] >= 3
    assert overlap[("cn_mofcom_control_list", "cn_mofcom_unreliable_entity_list")] >= 1  # Insitu, Skydio
    cn = queries.run(graph, "counter_listings", **{"from": "2023-01-01", "to": "2026-12-31"})
    assert cn and all(r["list"].startswith("cn_mofcom") for r in cn)
    first = cn[0]
    assert first["date"] == "2023-02-16" and first["week_start"] == "2023-02-13"


def test_queries_agree_across_stores(arcadedb: ArcadeServer, tmp_path: Path) -> None:
    """Every allied query returns the same rows on LadybugDB and ArcadeDB (built side by side here)."""
    out = []
    for url in (f"ladybug:{tmp_path / 'a.lbug'}", arcadedb.url("scratch")):
        with open_store(url) as store:
            store.ensure_schema()
            delete_all(store, store.model)
            _build(store, FIX)
            out.append(
                [
                    queries.run(store, "entity_lists", name="almaz"),
                    queries.run(store, "entity_gaps", regime="JP"),
                    queries.run(store, "list_overlap"),
                    queries.run(store, "counter_listings"),
                ]
            )
    assert out[0] == out[1]


def test_deltas_judgements_and_screening(scratch: GraphStore, tmp_path: Path) -> None:
    allied = tmp_path / "allied"
    shutil.copytree(FIX, allied, ignore=shutil.ignore_patterns("reference", "*.py"))
    _build(scratch, allied)
    assert load_allied(scratch, read_list_dirs([allied], check_counts=False)[0]).skipped  # nothing changed
    # A later version of the End User List, CONSTRUCTED from the real excerpt: one row dropped, one renamed.
    rows = json.loads((FIX / "jp_meti_end_user_list" / "jp_meti_end_user_list_2025-09_trim.json").read_text())
    later = [dict(r, source_url=r["source_url"].replace("20250929006", "20260115001")) for r in rows[1:]]
    later[0]["aliases"] = [*later[0]["aliases"], "Emirates Alloys Trading"]
    (allied / "jp_meti_end_user_list" / "later.json").write_text(json.dumps(later, ensure_ascii=False))
    snaps, _ = read_list_dirs([allied], check_counts=False)
    report = load_allied(scratch, snaps)
    assert not report.skipped
    events = scratch.run(
        "MATCH (l:Listing) WHERE l.list = 'jp_meti_end_user_list' AND l.previous IS NOT NULL "
        "RETURN l.action AS action, l.entity AS entity, l.date AS date ORDER BY action"
    )
    assert [e["action"] for e in events] == ["change", "remove"] and events[0]["date"] == "2026-01-15"
    # a reviewer rejects the EU/US Milandr pair: the next load keeps them apart
    rec = scratch.run("MATCH (r:ListRecord)-[m:RECORD_OF]->(e:Entity) WHERE r.list = 'eu_reg_833_annex_iv' "
                      "AND r.listed_name = 'JSC ICC Milandr' RETURN r.id AS r, e.id AS e")[0]  # fmt: skip
    report = load_allied(scratch, snaps, judgements={pair_key(rec["r"], rec["e"]): False})
    after = scratch.run(
        "MATCH (r:ListRecord {id: $id})-[m:RECORD_OF]->(e:Entity) RETURN e.id AS e", {"id": rec["r"]}
    )
    assert after[0]["e"] != rec["e"]
    index = ScreenIndex.from_store(scratch)
    hits = index.screen("Almaz-Antey", country="RU")
    assert hits and hits[0].score == 100.0 and {h.regime for h in hits} >= {"US", "EU"}
    assert set(hits[0].to_json()) == {
        "name",
        "list",
        "regime",
        "listed_name",
        "country",
        "score",
        "reason",
        "entity_id",
    }
    cyr = index.screen("Концерн Сириус")
    assert cyr and cyr[0].reason == "transliteration" and cyr[0].list == "eu_reg_833_annex_iv"
    assert index.screen("Almaz-Antey", country="CN") == []
    batch = list(
        index.screen_many([("Almaz-Antey", None), ("", None), ("Nothing Like It Anywhere", None)], chunk=2)
    )
    assert [len(h) > 0 for _, _, h in batch] == [True, False, False]
