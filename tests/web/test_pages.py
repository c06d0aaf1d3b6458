"""The web app over HTTP: JSON API, CSV, error pages, the console's refusals, escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportwatch.cli import app as cli
from exportwatch.web.access import ReadOnlyGraph
from tests.web.conftest import MARKUP_NAME, Server


def test_every_page_answers_json_at_the_same_path(web: Server) -> None:
    for path in ("/items/3A090", "/documents/2023-03929", "/regimes/JP", "/search?q=huawei", "/digests"):
        base, _, query = path.partition("?")
        by_suffix = web.get(f"{base}.json" + (f"?{query}" if query else ""))
        by_accept = web.get(path, headers={"accept": "application/json"})
        assert by_suffix.status_code == by_accept.status_code == 200
        assert by_suffix.headers["content-type"].startswith("application/json")
        assert by_suffix.json() == by_accept.json()
    item = web.get("/items/3A090.json").json()
    assert [e["id"] for e in item["entries"]] == ["US:3A090"]
    assert {v["snapshot"] for v in item["versions"]} == {"2025-07-11", "2026-07-23"}
    assert "EU" in item["no_equivalent"]
    doc = web.get("/documents/2023-03929.json").json()
    assert doc["document"]["citation"] == "88 FR 12170"
    assert len(doc["parties"]) == 13
    assert {p["entity"] for p in doc["parties"]} >= {"CPUNTO Inc.", "Spacety Co., Ltd."}
    assert [a["seq"] for a in doc["amendments"]] == sorted(a["seq"] for a in doc["amendments"])
    found = web.get("/search.json?q=3A090").json()["groups"]
    assert found["item"][0]["id"] == "3A090"


def test_query_csv_and_json_match_the_cli(web: Server, demo_home: Path) -> None:
    csv_text = web.get("/queries/tool_gaps.csv?regime=JP").text
    res = CliRunner().invoke(
        cli,
        ["query", "tool_gaps", "-p", "regime=JP", "--format", "csv"],
        env={"EXPORTWATCH_HOME": str(demo_home)},
    )
    assert res.exit_code == 0
    assert csv_text.splitlines() == res.stdout.strip().splitlines()
    data = web.get("/queries/tool_gaps.json?regime=JP").json()
    assert data["params"] == {"regime": "JP", "baseline": "US"}
    assert "MATCH (t:Tool)" in data["cypher"]
    assert len(data["rows"]) == len(res.stdout.strip().splitlines()) - 1


@pytest.mark.parametrize(
    "path",
    [
        "/items/9Z999",
        "/entities/EL:nobody at all:XX",
        "/documents/1999-00000",
        "/regimes/XX",
        "/queries/no_such_query",
        "/no/such/page",
    ],
)
def test_unknown_ids_are_404(web: Server, path: str) -> None:
    r = web.get(path)
    assert r.status_code == 404
    assert "Not found" in r.text and "<h1>" in r.text
    j = web.get(path, headers={"accept": "application/json"})
    assert j.status_code == 404 and j.json()["error"]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/queries/tool_gaps?regime=XX&run=1", "names no Regime 'XX'"),
        ("/queries/upcoming_deadlines?as_of=yesterday&run=1", "must be an ISO date"),
        ("/queries/upcoming_deadlines?as_of=2023-01-01&days=many&run=1", "must be a int"),
        ("/queries/item_timeline?run=1", "needs parameter 'item'"),
        ("/digests/2023-W77", "2023-W77"),
        ("/cypher?q=RETURN+%24x+AS+x&params=%7Bx%3A1%7D", "not valid JSON"),
        ("/cypher?q=RETURN+1+AS+x&params=%5B1%5D", "must be a JSON object"),
    ],
)
def test_bad_parameters_are_400_with_the_reason(web: Server, path: str, reason: str) -> None:
    r = web.get(path)
    assert r.status_code == 400, r.text[:300]
    assert reason in r.text.replace("&#39;", "'")


WRITES = [
    "CREATE (n:Regime {id: 'ZZ'})",
    "MERGE (n:Regime {id: 'ZZ'})",
    "MATCH (n:Regime {id: 'JP'}) SET n.name = 'x'",
    "MATCH (n:Regime {id: 'JP'}) DELETE n",
    "MATCH (n:Regime {id: 'JP'}) DETACH DELETE n",
    "MATCH (n:Regime {id: 'JP'}) REMOVE n.name",
    "DROP TABLE Regime",
    "ALTER TABLE Regime ADD x STRING",
    "COPY Regime FROM 'x.csv'",
    "LOAD CSV FROM 'file:///etc/passwd' AS l RETURN l",
    "UNWIND [1] AS x FOREACH (y IN [1] | CREATE (:Regime {id: 'ZZ'}))",
    "CALL apoc.create.node(['Regime'], {id: 'ZZ'})",
    "match (n:Regime) with n create (m:Regime {id: n.id + 'x'})",
]


@pytest.mark.parametrize("query", WRITES)
def test_console_refuses_every_write_clause(web: Server, query: str) -> None:
    r = web.get("/cypher", params={"q": query})
    assert r.status_code == 400
    assert "but the graph is opened read-only" in r.text
    after = web.get(
        "/cypher.json",
        params={"q": "MATCH (n:Regime) WHERE n.id STARTS WITH 'ZZ' OR n.name = 'x' RETURN count(n) AS n"},
    )
    assert after.json()["rows"] == [{"n": 0}]


def test_console_shows_the_stores_message_for_a_bad_query(web: Server, demo_home: Path) -> None:
    bad = "MATCH (n:NoSuchLabel) RETURN n"
    r = web.get("/cypher.json", params={"q": bad})
    assert r.status_code == 400
    res = CliRunner().invoke(cli, ["cypher", bad], env={"EXPORTWATCH_HOME": str(demo_home)})
    assert res.exit_code == 1
    message = r.json()["error"]
    assert "refused the query" in message and "NoSuchLabel" in message
    assert " ".join(res.output.split()).startswith(f"error EW501: {message}"[:60])
    html = web.get("/cypher", params={"q": bad}).text
    assert "NoSuchLabel" in html and 'class="error"' in html


def test_console_time_limit(demo_graph_url: str, serve: object) -> None:
    server = serve(ReadOnlyGraph(demo_graph_url, console_timeout=0.3))  # type: ignore[operator]
    slow = "MATCH (a:Entity), (b:Entity) WHERE a.name < b.name RETURN count(*) AS n"
    r = server.get("/cypher.json", params={"q": slow})
    assert r.status_code == 400
    assert "time limit of 0.3 s" in r.json()["error"]
    assert server.get("/cypher.json", params={"q": "RETURN 1 AS one"}).json()["rows"] == [{"one": 1}]


def test_read_only_server_has_no_console(demo_graph_url: str, serve: object) -> None:
    server = serve(ReadOnlyGraph(demo_graph_url), console=False)  # type: ignore[operator]
    assert server.get("/cypher?q=RETURN+1").status_code == 404
    assert server.get("/items/3A090").status_code == 200
    assert 'href="/cypher"' not in server.get("/").text


def test_source_text_is_shown_as_text(markup_graph_url: str, serve: object) -> None:
    """A party whose name and alias hold markup is escaped on every page, and intact in JSON."""
    server = serve(ReadOnlyGraph(markup_graph_url))  # type: ignore[operator]
    found = server.get("/search.json", params={"q": "trading co"}).json()["groups"]["party"]
    assert [p["label"] for p in found] == [MARKUP_NAME]
    for path in (f"/entities/{found[0]['id']}", "/search?q=trading", "/search?q=%3Cscript%3E"):
        html = server.get(path).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<i>denial" not in html
        assert "&lt;script&gt;" in html
    entity_html = server.get(f"/entities/{found[0]['id']}").text
    assert (
        "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt; Trading Co. &amp; &lt;b&gt;Sons&lt;/b&gt;"
        in entity_html
    )
    assert "&lt;img src=x onerror=alert(1)&gt;" in entity_html
    assert server.get(f"/entities/{found[0]['id']}.json").json()["entity"]["name"] == MARKUP_NAME
