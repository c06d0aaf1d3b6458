"""The query library on the demo graph: every query on both stores, identical answers, answers from data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import queries
from exportwatch.app import REFERENCE_DIR
from exportwatch.errors import QueryError
from graph.build import BuildReport
from graph.curated_yaml import load_curated
from graph.load_lists import LISTS_DIR
from graph.reference import load_reference
from graph.store import GraphStore
from ingest.parse_lists import read_list_dir

# Parameters for running every query of the library (each query must appear here).
# fmt: off
PARAMS: dict[str, dict[str, Any]] = {
    "tool_gaps": {"regime": "JP"},
    "gap_matrix": {},
    "item_gaps": {"regime": "EU"},
    "item_timeline": {"item": "0Y521", "from": "2022-01-01", "to": "2026-12-31"},
    "item_text_changes": {"item": "3A090"},
    "entity_history": {"name": "spacety"},
    "changes_between": {"from": "2023-02-20", "to": "2023-03-05"},
    "listings_between": {"from": "2023-01-01", "to": "2023-12-31", "country": "CN"},
    "items_touched_between": {"from": "2022-01-01", "to": "2026-12-31", "item_prefix": "0"},
    "amendments_between": {"from": "2023-01-01", "to": "2023-12-31"},
    "ally_lag": {"topic": "sme"},
    "upcoming_deadlines": {"as_of": "2023-02-01", "days": 120},
    # the web app's pages (#13)
    "search": {"q": "huawei"},
    "item_page": {"item": "3A001"},
    "item_versions": {"item": "3A090"},
    "item_equivalents": {"item": "3B001"},
    "entity_page": {"id": "EL:spacety co ltd:CN"},
    "entity_listings": {"id": "EL:spacety co ltd:CN"},
    "document_page": {"id": "2023-03929"},
    "document_amendments": {"id": "2023-03929"},
    "document_parties": {"id": "2023-03929"},
    "document_items": {"id": "2021-28444"},
    "regime_page": {"regime": "JP"},
    "regime_measures": {"regime": "NL"},
    "regime_list": {},
    "publication_days": {"from": "2023-01-01", "to": "2023-03-31"},
    "allied_text_changes": {"regime": "JP"},
}
# fmt: on

Builds = dict[str, tuple[GraphStore, BuildReport]]


# Queries other helpers add (e.g. digest_*) run with their defaults, dates spanning the demo data.
GENERIC_DATES = {"from": "2022-01-01", "to": "2026-12-31", "as_of": "2023-02-01"}
# The allied-list queries (their rows are checked in tests/graph/test_allied.py: the demo builds here
# load no allied lists).
LIST_PARAMS: dict[str, dict[str, Any]] = {
    "entity_lists": {"name": "milandr"},
    "entity_gaps": {"regime": "JP"},
}


def params_for(q: queries.NamedQuery) -> dict[str, Any]:
    if q.name in PARAMS:
        return PARAMS[q.name]
    if q.name in LIST_PARAMS:
        return LIST_PARAMS[q.name]
    out = {}
    for p in q.params:
        if p.required:
            assert p.type == "date" and p.name in GENERIC_DATES, f"add test parameters for {q.name}"
            out[p.name] = GENERIC_DATES[p.name]
    return out


def _comparable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with list cells sorted: collect() gives no order on any store, ORDER BY orders the rows."""
    return [{k: sorted(v, key=str) if isinstance(v, list) else v for k, v in r.items()} for r in rows]


def test_every_query_of_the_library_is_covered() -> None:
    names = {q.name for q in queries.list_queries()}
    assert set(PARAMS) <= names
    for q in queries.list_queries():
        params_for(q)


@pytest.mark.parametrize("name", sorted(q.name for q in queries.list_queries()))
def test_query_same_on_both_stores(demo_builds: Builds, name: str) -> None:
    params = params_for(queries.get_query(name))
    lady = queries.run(demo_builds["ladybug"][0], name, **params)
    bolt = queries.run(demo_builds["bolt"][0], name, **params)
    assert _comparable(lady) == _comparable(bolt)
    if name in PARAMS:
        assert lady, f"{name} returned no rows on the demo graph with {params}"


def test_builds_agree(demo_builds: Builds) -> None:
    lady, bolt = demo_builds["ladybug"][1], demo_builds["bolt"][1]
    assert lady.counts == bolt.counts
    assert lady.errors == [] and bolt.errors == []
    assert lady.documents_loaded == 136


def _tools_with(curated: Any, regime: str, extents: set[str]) -> set[str]:
    return {a.tool for a in curated.assessments if a.regime == regime and a.extent in extents}


@pytest.mark.parametrize("regime", ["JP", "NL", "EU", "KR", "DE"])
def test_tool_gaps_follow_the_curated_assessments(demo: GraphStore, regime: str) -> None:
    curated = load_curated()
    rows = queries.run(demo, "tool_gaps", regime=regime)
    got = {r["tool"]: r["extent"] for r in rows}
    us_assessed = _tools_with(curated, "US", {"full", "partial"})
    for tool in us_assessed:
        a = curated.assessment(regime, tool)
        if a is None:
            continue
        if a.extent == "full":
            assert tool not in got
        else:
            assert got[tool] == a.extent
    for r in rows:
        assert r["source"] is None or r["source"].startswith(("http", "Pub.")) or " FR " in r["source"]


def test_tool_gaps_jp_lacks_fdpr_and_de_minimis(demo: GraphStore) -> None:
    rows = queries.run(demo, "tool_gaps", regime="JP")
    tools = {r["tool"]: r for r in rows}
    assert {"fdpr", "de_minimis"} <= set(tools)
    assert "list_based" not in tools
    assert tools["fdpr"]["extent"] == "none" and tools["fdpr"]["source"].startswith("https://")


def test_gap_matrix_cells_match_assessments(demo: GraphStore) -> None:
    curated = load_curated()
    rows = queries.run(demo, "gap_matrix")
    cells = {(r["regime"], r["tool"]): r for r in rows}
    for a in curated.assessments:
        cell = cells[(a.regime, a.tool)]
        assert cell["extent"] == a.extent
        assert cell["source"] == a.source
        if a.measure:
            assert cell["measure"] == a.measure


def test_item_gaps_eu(demo: GraphStore) -> None:
    ref = load_reference(REFERENCE_DIR)
    eu_codes = {i["code"] for i in ref.eu.items} if ref.eu else set()
    # an entry missing from the newer (third-party) parse is not covered by it, not removed: still current
    current = {i["code"] for s in ref.ccl for i in s.items}
    rows = queries.run(demo, "item_gaps", regime="EU")
    codes = {r["code"] for r in rows}
    # a CCL entry lacks an EU equivalent exactly when Annex I (or an EU measure) has no entry with its code
    eu_measure_items = {c for m in load_curated().measures if m.regime == "EU" for c in m.controls}
    assert codes == current - eu_codes - eu_measure_items
    assert "3A090" in codes and "4A090" in codes and "3B001" not in codes


def test_item_gaps_category_filter(demo: GraphStore) -> None:
    rows = queries.run(demo, "item_gaps", regime="JP", category="3")
    assert rows and all(r["code"].startswith("3") for r in rows)


def test_item_timeline_shows_snapshot_changes(demo: GraphStore) -> None:
    ref = load_reference(REFERENCE_DIR)
    old, new = ({i["code"] for i in s.items} for s in ref.ccl)
    rows = queries.run(demo, "item_timeline", item="3A090")
    assert {"action": "text_changed", "date": ref.ccl[-1].snapshot} in [
        {"action": r["action"], "date": r["date"]} for r in rows
    ]
    gap = sorted(new - old)[0]  # missing from the older parse: not covered, so no event at all
    assert not [r for r in queries.run(demo, "item_timeline", item=gap) if r["kind"] == "dataset"]


def test_item_timeline_document_mentions(demo: GraphStore, extractions: list[Any]) -> None:
    expected = sorted(
        {
            ex.document.document_number
            for ex, _ in extractions
            for m in ex.mentions
            if m.label == "ECCN" and (m.normalized or "").startswith("0Y521") and ex.document.publication_date
        }
    )
    rows = queries.run(demo, "item_timeline", item="0Y521")
    assert sorted({r["document"] for r in rows if r["action"] == "mentions"}) == expected
    assert all(r["first_offset"] >= 0 for r in rows if r["action"] == "mentions")


def test_entity_history_links_listing_to_its_rule(demo: GraphStore) -> None:
    rows = queries.run(demo, "entity_history", name="SPACETY")  # case-insensitive
    assert rows
    events = [r for r in rows if r["document"] == "2023-03929"]
    assert events and all(r["date"] == "2023-02-27" and r["year"] == 2023 for r in events)
    assert all(r["citation"].startswith("88 FR") for r in events)


def test_entity_history_matches_aliases(demo: GraphStore) -> None:
    el = next(s for s in read_list_dir(LISTS_DIR) if s.list == "entity_list" and s.source == "us-entity-list")
    row = next(e for e in el.entries if len(e.aliases) > 1 and len(e.aliases[1]) > 12 and e.citations)
    rows = queries.run(demo, "entity_history", name=row.aliases[1].lower())
    assert any(row.citations[0].citation == r["citation"] for r in rows)


def test_changes_between_finds_the_entity_list_rule(demo: GraphStore, extractions: list[Any]) -> None:
    rows = queries.run(demo, "changes_between", **PARAMS["changes_between"])
    doc = next(r for r in rows if r["document"] == "2023-03929")
    ex = next(ex for ex, _ in extractions if ex.document.document_number == "2023-03929")
    # one event per party and action, however many destinations the rule lists the party under
    assert doc["listings"] == len({(e.name, e.action) for e in ex.entities}) < len(ex.entities)
    assert doc["amended_provisions"] >= 1
    assert all("2023-02-20" <= r["date"] <= "2023-03-05" for r in rows)
    by_country = queries.run(demo, "changes_between", country="RU", **PARAMS["changes_between"])
    assert "2023-03929" in {r["document"] for r in by_country}
    assert len(by_country) < len(rows)


def test_ally_lag_months(demo: GraphStore) -> None:
    curated = load_curated()
    rows = queries.run(demo, "ally_lag")
    assert rows
    for r in rows:
        allied, us = curated.measure(r["measure"]), curated.measure(r["us_measure"])
        a, u = getattr(allied, r["basis"]), getattr(us, r["basis"])
        assert r["lag_days"] == (a - u).days
        assert r["lag_months"] == round(r["lag_days"] / 30.4375, 1)
    assert {"NL", "JP"} <= {r["regime"] for r in rows}


def test_ally_lag_on_both_bases(demo: GraphStore) -> None:
    curated = load_curated()
    rows = queries.run(demo, "ally_lag")
    for r in rows:
        allied, us = curated.measure(r["measure"]), curated.measure(r["us_measure"])
        for field, days, months in (
            ("announced", "lag_days_announced", "lag_months_announced"),
            ("effective", "lag_days_in_force", "lag_months_in_force"),
        ):
            a, u = getattr(allied, field), getattr(us, field)
            if a is None or u is None:
                assert r[days] is None and r[months] is None
            else:
                assert r[days] == (a - u).days
                assert r[months] == round(r[days] / 30.4375, 1)
        assert r["us_effective"] == (us.effective.isoformat() if us.effective else None)
    in_force = {r["regime"]: r for r in rows if r["lag_months_in_force"] is not None}
    assert {"JP", "NL"} <= set(in_force)
    for r in in_force.values():  # the measures took longer to enter into force than to be announced
        assert r["lag_months_in_force"] > r["lag_months_announced"]


def test_tool_gaps_show_the_provisions_behind_a_cell(demo: GraphStore) -> None:
    curated = load_curated()
    texts = {
        r["id"]: r["text"]
        for r in demo.run("MATCH (p:Provision) WHERE p.regime IS NOT NULL RETURN p.id AS id, p.text AS text")
    }
    curated_ids = {p.id for p in curated.provisions}
    assert curated_ids <= set(texts)
    # the others are the articles of the bundled allied law excerpts, present as text versions only
    from exportwatch.app import REFERENCE_DIR
    from graph.build import bundled_allied_texts

    assert set(texts) - curated_ids == {v.ref for v in bundled_allied_texts(REFERENCE_DIR)} - curated_ids
    for regime in ("KR", "DE", "EU"):
        rows = queries.run(demo, "tool_gaps", regime=regime)
        for r in rows:
            expected = sorted(
                p.id
                for p in curated.provisions
                if p.regime == regime and r["tool"] in {pv.tool for pv in p.provides}
            )
            assert r["provisions"] == expected, (regime, r["tool"])
            for pid, shown in zip(r["provisions"], r["provision_texts"], strict=True):
                assert shown.startswith(pid)
                if shown != pid:  # "<id>: <passage>", the passage read from the provision's text
                    assert shown[len(pid) + 2 :] in (texts[pid] or "")
    kr = {r["tool"]: r for r in queries.run(demo, "tool_gaps", regime="KR")}
    assert any("상황허가" in t or "대량파괴무기" in t for t in kr["end_use_catch_all"]["provision_texts"])


def test_gap_matrix_says_cited_or_inferred(demo: GraphStore) -> None:
    curated = load_curated()
    cells = {(r["regime"], r["tool"]): r for r in queries.run(demo, "gap_matrix")}
    for a in curated.assessments:
        assert cells[(a.regime, a.tool)]["judgement"] == a.judgement
    assert {r["judgement"] for r in cells.values()} == {"cited", "inferred"}


def test_upcoming_deadlines_window(demo: GraphStore) -> None:
    rows = queries.run(demo, "upcoming_deadlines", as_of="2023-02-01", days=120)
    assert any(r["subject"] == "2023-03929" and r["role"] == "effective" for r in rows)
    assert all(0 <= r["days_left"] <= 120 for r in rows)
    assert queries.run(demo, "upcoming_deadlines", as_of="2023-02-01", days=0) != rows


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("tool_gaps", {}, "needs parameter 'regime'"),
        ("tool_gaps", {"regime": "JP", "colour": "red"}, "no parameter 'colour'"),
        ("tool_gaps", {"regime": "XX"}, "names no Regime 'XX'"),
        ("upcoming_deadlines", {"as_of": "2023-02-30"}, "must be an ISO date"),
        ("upcoming_deadlines", {"as_of": "2023-02-01", "days": "soon"}, "must be a int"),
        ("no_such_query", {}, "no query named"),
    ],
    ids=["missing", "unknown", "bad-reference", "bad-date", "bad-int", "unknown-query"],
)
def test_bad_parameters(demo: GraphStore, name: str, params: dict[str, Any], message: str) -> None:
    with pytest.raises(QueryError) as e:
        queries.run(demo, name, **params)
    assert message in e.value.message
    if "parameter" in message:
        assert e.value.hint


def test_from_keyword_alias(demo: GraphStore) -> None:
    a = queries.run(demo, "amendments_between", from_="2023-01-01", to="2023-12-31")
    assert a == queries.run(demo, "amendments_between", **{"from": "2023-01-01", "to": "2023-12-31"})


def test_run_df_columns(demo: GraphStore) -> None:
    df = queries.run_df(demo, "tool_gaps", regime="JP")
    assert list(df.columns)[:4] == ["tool", "tool_name", "us_reference", "extent"]
    empty = queries.run_df(demo, "changes_between", **{"from": "1990-01-01", "to": "1990-01-02"})
    assert empty.empty and "document" in empty.columns


@pytest.mark.parametrize("name", sorted(q.name for q in queries.list_queries()))
def test_header_example_runs_on_both_stores(demo_builds: Builds, name: str) -> None:
    q = queries.get_query(name)
    lady = queries.run(demo_builds["ladybug"][0], name, **q.example_params)
    assert _comparable(lady) == _comparable(queries.run(demo_builds["bolt"][0], name, **q.example_params))


def test_headers_are_documented() -> None:
    for q in queries.list_queries():
        assert q.title and q.description and q.example.startswith(f"exportwatch query {q.name}")
        assert all(p.description for p in q.params)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("MATCH (n) RETURN n.id AS id", "needs a '// title:' line"),
        ("// title: t\nMATCH (n) WHERE n.id = $x RETURN n", "placeholders ['x'] are not declared"),
        ("// title: t\n// param: x (string) - x\nMATCH (n) RETURN n", "['x'] are not used"),
        (
            "// title: t\n// param: x (colour) - x\nMATCH (n) WHERE n.id = $x RETURN n",
            "unknown type 'colour'",
        ),
        ("// title: t\nMATCH (n) SET n.x = 1", "uses SET"),
        ("// title: t\n// param: x string\nMATCH (n) RETURN n", "cannot read parameter line"),
    ],
    ids=["no-title", "undeclared", "unused", "bad-type", "writes", "bad-param-line"],
)
def test_broken_query_files(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "broken.cypher").write_text(text, encoding="utf-8")
    with pytest.raises(QueryError) as e:
        queries.list_queries(tmp_path)
    assert message in e.value.message and "broken.cypher" in e.value.message


@pytest.mark.parametrize(
    ("query", "clause"),
    [
        ("MATCH (n) RETURN n", None),
        ("MATCH (n) WHERE n.name = 'CREATE x' RETURN n.set AS s", None),
        ("// DELETE everything\nMATCH (n) RETURN n", None),
        ("MATCH (n) DETACH DELETE n", "DETACH"),
        ("merge (n:X {id: 1})", "MERGE"),
        ("MATCH (n) REMOVE n.x", "REMOVE"),
        ("DROP TABLE Item", "DROP"),
        ("COPY Item FROM 'x.csv'", "COPY"),
        ("LOAD CSV FROM 'x' AS r RETURN r", "LOAD"),
        ("CALL db.labels()", None),
        ("CALL show_tables() RETURN *", None),
        ("CALL apoc.create.node(['X'], {})", "CALL apoc.create.node"),
    ],
)
def test_write_clause_detection(query: str, clause: str | None) -> None:
    assert queries.write_clause(query) == clause
