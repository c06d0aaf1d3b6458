"""``exportwatch query``, ``cypher`` and ``export`` against both stores through the real CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from typer.testing import CliRunner, Result

import queries
from exportwatch.cli import app
from graph.build import BuildReport
from graph.devserver import ArcadeServer
from graph.store import GraphStore

Builds = dict[str, tuple[GraphStore, BuildReport]]


@pytest.fixture(params=["ladybug", "bolt"])
def graph_env(
    request: pytest.FixtureRequest,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo_builds: Builds,
    demo_ladybug_path: Path,
    arcadedb: ArcadeServer,
) -> GraphStore:
    """Point the CLI at the demo graph of one store (settings from the environment, as a user would)."""
    if request.param == "ladybug":
        monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", f"ladybug:{demo_ladybug_path}")
    else:
        monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", arcadedb.url("demo", credentials=False))
        monkeypatch.setenv("EXPORTWATCH_GRAPH_USER", arcadedb.user)
        monkeypatch.setenv("EXPORTWATCH_GRAPH_PASSWORD", arcadedb.password)
    return demo_builds[request.param][0]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_query_list(home: Path) -> None:
    res = invoke("query", "--list", "--format", "json")
    assert res.exit_code == 0, res.output
    names = [q["name"] for q in json.loads(res.output)]
    assert names == [q.name for q in queries.list_queries()]


def test_query_runs_named_query(graph_env: GraphStore) -> None:
    res = invoke("query", "tool_gaps", "--param", "regime=JP", "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == queries.run(graph_env, "tool_gaps", regime="JP")
    csv = invoke("query", "upcoming_deadlines", "-p", "as_of=2023-02-01", "-p", "days=120", "--format", "csv")
    assert csv.exit_code == 0 and csv.output.splitlines()[0].startswith("date,role,days_left")
    table = invoke("query", "gap_matrix")
    assert table.exit_code == 0 and "Tools by regimes" in table.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "tool_gaps"], "needs parameter 'regime'"),
        (["query", "tool_gaps", "-p", "regime=JP", "-p", "colour=red"], "no parameter 'colour'"),
        (["query", "tool_gaps", "-p", "regime=ZZ"], "names no Regime 'ZZ'"),
        (["query", "nope"], "no query named 'nope'"),
        (["query", "tool_gaps", "-p", "regime"], "is not key=value"),
        (["cypher", "MATCH (n:Item RETURN n"], "refused the query"),
        (["cypher", "MATCH (n:Item) SET n.heading = 'x'"], "writes (SET)"),
        (["cypher", "MATCH (n) DETACH DELETE n"], "writes (DETACH)"),
    ],
    ids=[
        "missing",
        "unknown",
        "bad-regime",
        "unknown-query",
        "bad-pair",
        "syntax",
        "write-set",
        "write-delete",
    ],
)
def test_clear_errors(graph_env: GraphStore, args: list[str], message: str) -> None:
    before = graph_env.run("MATCH (n:Item) RETURN count(n) AS c")
    res = invoke(*args)
    assert res.exit_code != 0
    assert message in " ".join(res.output.split())
    assert "Traceback" not in res.output
    assert graph_env.run("MATCH (n:Item) RETURN count(n) AS c") == before


def test_cypher_reads_with_parameters(graph_env: GraphStore) -> None:
    res = invoke(
        "cypher",
        "MATCH (i:Item) WHERE i.code = $code RETURN i.id AS id ORDER BY id",
        "-p",
        "code=3B001",
        "--format",
        "json",
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == [{"id": "EU:3B001"}, {"id": "US:3B001"}]


def test_cypher_write_needs_the_flag(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", f"ladybug:{home / 'rw.lbug'}")
    create = "CREATE NODE TABLE IF NOT EXISTS Note(id STRING, PRIMARY KEY(id))"
    assert invoke("cypher", create).exit_code == 1
    assert invoke("cypher", create, "--write").exit_code == 0
    res = invoke("cypher", "CREATE (:Note {id: $id})", "-p", "id=n1", "--write")
    assert res.exit_code == 0, res.output
    res = invoke("cypher", "MATCH (n:Note) RETURN n.id AS id", "--format", "json")
    assert json.loads(res.output) == [{"id": "n1"}]


def test_password_is_never_printed(
    home: Path, monkeypatch: pytest.MonkeyPatch, arcadedb: ArcadeServer
) -> None:
    monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", arcadedb.url("demo", credentials=False))
    monkeypatch.setenv("EXPORTWATCH_GRAPH_USER", "root")
    monkeypatch.setenv("EXPORTWATCH_GRAPH_PASSWORD", "not-the-password-42")
    res = invoke("query", "gap_matrix")
    assert res.exit_code == 1
    assert (
        "refused the credentials" in " ".join(res.output.split()) and "not-the-password-42" not in res.output
    )


def test_locked_store_via_cli(
    home: Path, monkeypatch: pytest.MonkeyPatch, hold_ladybug: Callable[[Path], Any]
) -> None:
    path = home / "locked.lbug"
    monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", f"ladybug:{path}")
    assert invoke("cypher", "RETURN 1 AS one", "--write").exit_code == 0  # creates the file
    with hold_ladybug(path):
        res = invoke("cypher", "RETURN 1 AS one", "--write")
        assert res.exit_code == 1 and "locked by another process" in " ".join(res.output.split())


@pytest.mark.parametrize("fmt", ["graphml", "json"])
def test_export(graph_env: GraphStore, tmp_path: Path, fmt: str, demo_builds: Builds) -> None:
    out = tmp_path / f"graph.{fmt}"
    res = invoke("export", "--format", fmt, "--out", str(out))
    assert res.exit_code == 0, res.output
    counts = demo_builds["ladybug"][1].counts
    nodes = sum(v for k, v in counts.items() if k in graph_env.model.nodes)
    edges = sum(v for k, v in counts.items() if k in graph_env.model.edges)
    if fmt == "graphml":
        g = nx.read_graphml(out)
        assert g.number_of_nodes() == nodes and g.number_of_edges() == edges
        assert g.nodes["Item:US:3A090"]["label"] == "Item"
    else:
        data = json.loads(out.read_text(encoding="utf-8"))
        assert len(data["nodes"]) == nodes and len(data["edges"]) == edges
        assert {"source", "target", "type"} <= set(data["edges"][0])


def test_query_before_any_build(home: Path) -> None:
    res = invoke("query", "gap_matrix")
    assert res.exit_code == 1
    out = " ".join(res.output.split())
    assert "graph.lbug does not exist" in out and "hint:" in out
    assert not (home / "graph.lbug").exists()  # a read-only query creates nothing


def test_cli_timeout_default_is_the_store_default() -> None:
    from exportwatch.commands import graph_cmd
    from graph.store import DEFAULT_QUERY_TIMEOUT

    assert graph_cmd.DEFAULT_QUERY_TIMEOUT == DEFAULT_QUERY_TIMEOUT


@pytest.mark.parametrize(
    "query",
    ["MATCH (start:Tool) RETURN start.id AS id ORDER BY id", "RETURN {set: 1} AS m", "RETURN 1 AS commit"],
)
def test_cypher_reads_with_keyword_names(graph_env: GraphStore, query: str) -> None:
    res = invoke("cypher", query, "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == graph_env.run(query)


def test_cypher_json_is_strict(graph_env: GraphStore) -> None:
    res = invoke(
        "cypher", "RETURN 1.0 / 0.0 AS inf, 0.0 / 0.0 AS nan, -1.0 / 0.0 AS neg, 1.5 AS x", "--format", "json"
    )
    assert res.exit_code == 0, res.output
    assert "Infinity" not in res.output and "NaN" not in res.output
    assert json.loads(res.output, parse_constant=lambda c: pytest.fail(f"non-JSON {c}")) == [
        {"inf": None, "nan": None, "neg": None, "x": 1.5}
    ]


def test_cypher_huge_integer_parameter(graph_env: GraphStore) -> None:
    res = invoke("cypher", "RETURN $x AS x", "--param", "x=99999999999999999999999")
    assert res.exit_code == 1
    assert "parameter $x is 99999999999999999999999, outside the 64-bit integer range" in " ".join(
        res.output.split()
    )
    assert "Traceback" not in res.output and "C++" not in res.output
    ok = invoke("cypher", "RETURN $x AS x", "--param", "x=9223372036854775807", "--format", "json")
    assert ok.exit_code == 0 and json.loads(ok.output) == [{"x": 9223372036854775807}]


def test_bad_cypher_prints_the_store_message(graph_env: GraphStore) -> None:
    res = invoke("cypher", "MATCH (n:Item RETURN n")
    assert res.exit_code == 1 and res.exception is None or isinstance(res.exception, SystemExit)
    said = " ".join(res.output.split())
    assert "refused the query" in said and "Traceback" not in said
    assert ("Parser exception" if graph_env.kind == "ladybug" else "") in said


def test_cypher_timeout(graph_env: GraphStore) -> None:
    slow = "MATCH (a:Listing), (b:Listing), (c:Listing) WHERE a.id + b.id + c.id = 'x' RETURN count(*) AS n"
    res = invoke("cypher", slow, "--timeout", "1")
    assert res.exit_code == 1, res.output
    said = " ".join(res.output.split())
    assert "ran longer than its time limit of 1 s" in said and "--timeout" in said
    fast = invoke("cypher", "MATCH (r:Regime) RETURN count(r) AS n", "--timeout", "1", "--format", "json")
    assert fast.exit_code == 0, fast.output  # the store works again after a stopped query


@pytest.mark.parametrize("where", ["missing", "folder"])
def test_export_out_bad_path(graph_env: GraphStore, tmp_path: Path, where: str) -> None:
    out = tmp_path / "no" / "such" / "g.graphml" if where == "missing" else tmp_path
    res = invoke("export", "--out", str(out))
    assert res.exit_code == 2, res.output
    said = "".join(res.output.replace("│", "").split())
    assert ("doesnotexist" if where == "missing" else "isafolder") in said
    assert "Traceback" not in res.output and not (tmp_path / "no").exists()


def test_show_and_diff_commands(graph_env: GraphStore) -> None:
    r = invoke("diff", "3A090", "--from", "2025-07-11", "--to", "2026-07-23", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["from_version"] == "US:3A090@2025-07-11" and len(data["changes"]) == 3
    r = invoke("diff", "3A090", "--from", "2025-07-11", "--to", "2026-07-23")
    assert r.exit_code == 0 and "{+December 31, +}" in r.stdout
    r = invoke("diff", "3A090", "--from", "2025-07-11", "--to", "2026-07-23", "--format", "unified")
    assert r.stdout.startswith("--- US:3A090@2025-07-11\n+++ US:3A090@2026-07-23\n@@ control: RS applies")
    r = invoke("show", "4E091", "--as-of", "2026-07-23")
    assert r.exit_code == 0 and "utilizing 10^26 or more" in r.stdout
    r = invoke("show", "3A09", "--format", "json")
    assert r.exit_code == 1 and "not a reference" in r.output
    r = invoke("show", "3A090", "--as-of", "2024-13-01")
    assert r.exit_code == 2 and "not a date" in r.output
