"""The read-only check reads Cypher tokens: reads with keyword-like names pass, every write is refused."""

from __future__ import annotations

import pytest

import queries
from graph.cypherlex import tokens, write_clause

READS = [
    "MATCH (n) RETURN n",
    "MATCH (start:Tool) RETURN start.id AS id",
    "RETURN {set: 1} AS m",
    "MATCH (t:Tool) RETURN t.id AS commit",
    "MATCH (t:Tool) RETURN t.id AS commit ORDER BY commit",
    "RETURN {create: 1, `delete`: 2, merge: [1, 2]} AS m",
    "MATCH (n) WHERE n.name = 'CREATE x' RETURN n.set AS s",
    'MATCH (n) WHERE n.name = "DETACH DELETE n" RETURN n',
    "MATCH (n) WHERE n.name = 'it\\'s SET' RETURN n",
    "// DELETE everything\nMATCH (n) RETURN n",
    "/* MERGE (n)\n CREATE (m) */ MATCH (n) RETURN count(n) AS c",
    "MATCH (n:Item) RETURN n.`delete` AS d, n.remove AS r, n.drop AS x",
    "MATCH (`create`:Item) RETURN `create`.id",
    "MATCH (n) WHERE n.id = $set RETURN n",
    "MATCH (set:Tool) RETURN set.id",
    "MATCH ()-[r:SET|DELETE]->() RETURN count(r) AS c",
    "MATCH (a)-[:CREATE*1..2]->(b) RETURN b",
    "MATCH (n:Create) RETURN n",
    "WITH 1 AS set RETURN set",
    "UNWIND [1, 2] AS start RETURN start",
    "MATCH (n) RETURN [x IN n.list | x.remove] AS xs",
    "MATCH (n) RETURN CASE WHEN n.x THEN 'MERGE' ELSE 'SET' END AS word",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.labels()",
    "CALL show_tables() RETURN *",
    "CALL table_info('Item') RETURN name",
    "CALL { MATCH (n) RETURN n } RETURN n",
    "MATCH (d:Document) RETURN d.commit_date AS commit_date, d.start AS start LIMIT 5",
    "MATCH (n) WITH n.id AS use RETURN use",
    "MATCH p = (a)-->(b) RETURN length(p) AS rollback",
    "RETURN 'COMMIT' AS x; RETURN 2 AS y",
]

WRITES = [
    ("CREATE (n:Item {id: 'x'})", "CREATE"),
    ("merge (n:X {id: 1})", "MERGE"),
    ("MATCH (n) SET n.x = 1", "SET"),
    ("MATCH (n:Item) SET n.heading = 'x'", "SET"),
    ("MATCH (n) WHERE n.id = $id SET n.x = $x", "SET"),
    ("MATCH (n) SET n:Archived", "SET"),
    ("MATCH (n) SET n += {a: 1}", "SET"),
    ("MATCH (n) DELETE n", "DELETE"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("MATCH (n) WITH n LIMIT 1 DELETE n", "DELETE"),
    ("MATCH (n) REMOVE n.x", "REMOVE"),
    ("MATCH (n) REMOVE n:Label", "REMOVE"),
    ("DROP TABLE Item", "DROP"),
    ("DROP INDEX item_key IF EXISTS", "DROP"),
    ("ALTER TABLE Item ADD x STRING", "ALTER"),
    ("COPY Item FROM 'x.csv'", "COPY"),
    ("LOAD CSV FROM 'file:///x' AS r RETURN r", "LOAD"),
    ("LOAD FROM 'x.csv' RETURN *", "LOAD"),
    ("UNWIND [1, 2] AS x CREATE (:N {id: x})", "CREATE"),
    ("MATCH (a), (b) CREATE (a)-[:R]->(b)", "CREATE"),
    ("MERGE (n:X {id: 1}) ON CREATE SET n.y = 2", "MERGE"),
    ("FOREACH (x IN [1] | CREATE (:N {id: x}))", "FOREACH"),
    ("CALL { CREATE (n:N) } RETURN 1", "CREATE"),
    ("CALL apoc.create.node(['X'], {})", "CALL apoc.create.node"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})", "CALL apoc.periodic.iterate"),
    ("CALL threads = 4", "CALL threads"),
    ("CREATE CONSTRAINT c IF NOT EXISTS FOR (n:X) REQUIRE n.id IS UNIQUE", "CREATE"),
    ("CREATE NODE TABLE X(id STRING, PRIMARY KEY(id))", "CREATE"),
    ("BEGIN TRANSACTION", "BEGIN"),
    ("COMMIT", "COMMIT"),
    ("ROLLBACK", "ROLLBACK"),
    ("CHECKPOINT", "CHECKPOINT"),
    ("INSTALL httpfs", "INSTALL"),
    ("ATTACH 'other.lbug' AS o (dbtype lbug)", "ATTACH"),
    ("EXPORT DATABASE '/tmp/x'", "EXPORT"),
    ("IMPORT DATABASE '/tmp/x'", "IMPORT"),
    ("USE other MATCH (n) RETURN n", "USE"),
    ("RETURN 1 AS x; CREATE (n:N)", "CREATE"),
    ("MATCH (n) RETURN n; MATCH (m) DELETE m", "DELETE"),
    ("// a comment\nMATCH (n)\n/* x */ DETACH\nDELETE n", "DETACH"),
    ("MATCH (n) WHERE n.name = 'x' SET n.y = 'RETURN'", "SET"),
    ("match (n) where n.id = 1 set n.commit = 2", "SET"),
    ("MATCH (n {id: $id}) DELETE n", "DELETE"),
    ("GRANT ROLE admin TO bob", "GRANT"),
    ("START DATABASE foo", "START"),
]


@pytest.mark.parametrize("query", READS)
def test_reads_pass(query: str) -> None:
    assert write_clause(query) is None
    assert queries.write_clause(query) is None


@pytest.mark.parametrize(("query", "clause"), WRITES)
def test_writes_refused(query: str, clause: str) -> None:
    assert write_clause(query) == clause


def test_tokens_keep_strings_names_and_params_whole() -> None:
    toks = tokens("MATCH (`a b`) WHERE a.x = 'it\\'s // no comment' AND $p1 > 2.5e3 // real comment")
    kinds = "word op quoted op word word op word op string word param op number"
    assert [t.kind for t in toks] == kinds.split()
    assert toks[9].text == "'it\\'s // no comment'"
    assert write_clause("RETURN 'unterminated CREATE") is None
