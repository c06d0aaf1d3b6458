"""The public Python API (``exportwatch.api``) on the real demo graph, built once per session."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from exportwatch import api
from exportwatch.config import ENV_HOME, Settings
from exportwatch.errors import ConfigError, QueryError, StoreError

REPO = Path(__file__).resolve().parents[2]


def test_demo_graph_builds_catalog_and_graph(demo_settings: Settings) -> None:
    paths = demo_settings.paths
    assert paths.catalog.exists() and paths.graph.exists()
    with sqlite3.connect(paths.catalog) as db:
        catalogued = db.execute("SELECT count(*) FROM documents").fetchone()[0]
    with api.open_graph(demo_settings) as store:
        in_graph = store.run(
            "MATCH (d:Document) WHERE d.stub = false AND d.kind <> 'dataset' RETURN count(d) AS n"
        )
    # the 136 BIS rules of the snapshot (two with their full text: the XML and the PDF), all loaded
    assert catalogued == 136
    assert in_graph[0]["n"] == catalogued
    with sqlite3.connect(paths.catalog) as db:
        assert db.execute("SELECT DISTINCT state FROM documents").fetchall() == [("loaded",)]


def _catalog_state(catalog: Path) -> tuple[int, str]:
    with sqlite3.connect(catalog) as db:
        runs = db.execute("SELECT count(*) FROM runs").fetchone()[0]
        updated = db.execute("SELECT max(updated_at) FROM documents").fetchone()[0]
    return runs, updated


def test_demo_graph_reuses_a_built_home(demo_settings: Settings) -> None:
    graph_mtime = demo_settings.paths.graph.stat().st_mtime_ns
    before = _catalog_state(demo_settings.paths.catalog)
    again = api.demo_graph(demo_settings.home)
    assert again.home == demo_settings.home
    # no sync run was recorded, no document touched, the graph file not rewritten
    assert _catalog_state(demo_settings.paths.catalog) == before
    assert demo_settings.paths.graph.stat().st_mtime_ns == graph_mtime


def test_demo_graph_defaults_to_exportwatch_home(demo_env: Settings) -> None:
    assert api.demo_graph().home == demo_env.home


def test_query_returns_a_dataframe(demo_settings: Settings) -> None:
    with api.open_graph(demo_settings) as store:
        cells = api.query("gap_matrix", store=store)
    assert isinstance(cells, pd.DataFrame)
    assert list(cells.columns)[:4] == ["tool", "tool_name", "regime", "extent"]
    assert set(cells["extent"]) <= {"full", "partial", "none"}
    # one cell per (tool, regime) for the assessed regimes
    assert len(cells) == cells["tool"].nunique() * cells["regime"].nunique()
    us = cells[cells["regime"] == "US"]
    assert not us.empty and set(us["extent"]) == {"full"}
    assert cells.loc[(cells["regime"] == "JP") & (cells["tool"] == "fdpr"), "extent"].tolist() == ["none"]


def test_query_opens_the_default_store(demo_env: Settings) -> None:
    with api.open_graph(demo_env) as store:
        expected = api.query("ally_lag", store=store)
    got = api.query("ally_lag")  # EXPORTWATCH_HOME's store, opened for this call
    pd.testing.assert_frame_equal(got, expected)
    assert {"NL", "JP"} <= set(got["regime"])
    assert (got["lag_months"] > 0).all()


def test_query_parameter_called_name(demo_settings: Settings) -> None:
    """``name`` is positional only, so ``entity_history``'s own ``name`` parameter goes through."""
    with api.open_graph(demo_settings) as store:
        rows = api.query("entity_history", store=store, name="spacety")
    assert not rows.empty
    assert rows["entity"].str.contains("spacety", case=False).all()


def test_query_from_keyword_and_empty_result_columns(demo_settings: Settings) -> None:
    with api.open_graph(demo_settings) as store:
        listed = api.query("listings_between", store=store, from_="2023-02-27", to="2023-02-27")
        none = api.query("listings_between", store=store, from_="1800-01-01", to="1800-12-31")
    assert not listed.empty and set(listed["date"]) == {"2023-02-27"}
    assert none.empty and list(none.columns) == list(listed.columns)


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("no_such_query", {}, "no query named 'no_such_query'"),
        ("tool_gaps", {}, "needs parameter 'regime'"),
        ("tool_gaps", {"regime": "XX"}, "names no Regime 'XX'"),
        ("ally_lag", {"colour": "red"}, "has no parameter 'colour'"),
        ("listings_between", {"from_": "yesterday", "to": "2024-01-01"}, "must be an ISO date"),
    ],
    ids=["unknown-query", "missing-param", "unknown-regime", "unknown-param", "bad-date"],
)
def test_query_errors(demo_settings: Settings, name: str, params: dict[str, str], message: str) -> None:
    with api.open_graph(demo_settings) as store, pytest.raises(QueryError, match=message) as err:
        api.query(name, store=store, **params)
    assert err.value.code == "EW601"


def test_queries_available_lists_the_library() -> None:
    on_disk = sorted(p.stem for p in (REPO / "queries").glob("*.cypher"))
    assert api.queries_available() == on_disk
    assert {"gap_matrix", "ally_lag", "entity_history"} <= set(api.queries_available())


def test_graph_networkx_matches_the_store(demo_settings: Settings) -> None:
    with api.open_graph(demo_settings) as store:
        g = api.graph_networkx(store)
        nodes = store.run("MATCH (n) RETURN count(n) AS n")[0]["n"]
        assessed = store.run("MATCH (:Regime)-[a:ASSESSED]->(:Tool) RETURN count(a) AS n")[0]["n"]
    assert g.number_of_nodes() == nodes
    assert sum(1 for _, _, k in g.edges(keys=True) if k == "ASSESSED") == assessed > 0
    assert g.nodes["Regime:US"]["label"] == "Regime"
    assert g.has_edge("Regime:JP", "Tool:entity_list", key="ASSESSED")


def test_graph_networkx_default_store(demo_env: Settings) -> None:
    g = api.graph_networkx()
    assert g.nodes["Regime:NL"]["label"] == "Regime"


def test_open_graph_is_read_only_by_default(demo_settings: Settings) -> None:
    with api.open_graph(demo_settings) as store:
        assert store.read_only
        with pytest.raises(StoreError, match="read-only"):
            store.run("CREATE (:Regime {id: 'ZZ'})")


def test_open_graph_without_a_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXPORTWATCH_GRAPH_URL", raising=False)
    monkeypatch.setenv(ENV_HOME, str(tmp_path))
    with pytest.raises(StoreError, match="does not exist") as err:
        api.open_graph()
    assert str(tmp_path) in str(err.value)
    with pytest.raises(StoreError, match="does not exist"):
        api.query("gap_matrix")


def test_demo_graph_rejects_an_unknown_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", "mysql://localhost/graph")
    with pytest.raises(ConfigError, match="names no known store"):
        api.demo_graph(tmp_path)
    assert not (tmp_path / "catalog.sqlite").exists()  # it failed before syncing anything


def test_show_and_diff_give_the_commands_json(demo_settings: Settings) -> None:
    with api.open_graph(demo_settings) as store:
        text = api.show("3A090", "2026-07-23", store=store)
        d = api.diff("3A090", "2025-07-11", "2026-07-23", store=store)
    assert text["version_date"] == "2026-07-23" and text["paragraphs"][0]["designation"] == "reason for control"
    assert [c["change"] for c in d.to_json()["changes"]] == ["changed", "changed", "changed"]
    assert "[-April 13, -]{+December 31, +}" in d.changes[1].inline()
    assert d.unmatched == ()  # every 3A090 paragraph of one parse is found in the other
