"""One contract, both stores: the same writes and reads behave alike on LadybugDB and Bolt (ArcadeDB)."""

from __future__ import annotations

import pytest

from exportwatch.config import Settings
from exportwatch.errors import ConfigError, StoreError
from graph.connect import open_store
from graph.cypher import counts, merge_stubs, upsert_edges, upsert_nodes
from graph.store import GraphStore, redact_url

ITEMS = [
    {"id": "US:3A090", "code": "3A090", "regime": "US", "lists": ["US"], "first_seen": "2025-07-11"},
    {"id": "EU:3B001", "code": "3B001", "regime": "EU", "lists": ["EU", "WA"]},
]


def test_upsert_is_idempotent(scratch: GraphStore) -> None:
    m = scratch.model
    for _ in range(2):
        with scratch.transaction() as tx:
            upsert_nodes(tx, m, "Item", ITEMS)
            upsert_nodes(tx, m, "Document", [{"id": "d1", "kind": "rule", "publication_date": "2023-02-27"}])
            upsert_edges(
                tx,
                m,
                "MENTIONS",
                "Document",
                "Item",
                [{"src": "d1", "tgt": "US:3A090", "start": 5, "end": 10, "text": "3A090", "page": None}],
            )
    assert counts(scratch, m) == {"Document": 1, "Item": 2, "MENTIONS": 1}
    rows = scratch.run(
        "MATCH (d:Document)-[e:MENTIONS]->(i:Item) RETURN d.publication_date_day AS day, e.`end` AS e_end, "
        "i.lists AS lists, i.first_seen AS seen"
    )
    assert rows == [{"day": 19415, "e_end": 10, "lists": ["US"], "seen": "2025-07-11"}]


def test_stubs_do_not_overwrite(scratch: GraphStore) -> None:
    m = scratch.model
    upsert_nodes(scratch, m, "Item", ITEMS[:1])
    merge_stubs(
        scratch,
        m,
        "Item",
        [
            {"id": "US:3A090", "code": "XXXXX", "regime": "US", "status": "referenced"},
            {"id": "US:9X515", "code": "9X515", "regime": "US", "status": "referenced"},
        ],
    )
    rows = scratch.run("MATCH (i:Item) RETURN i.id AS id, i.code AS code, i.status AS status ORDER BY id")
    assert rows == [
        {"id": "US:3A090", "code": "3A090", "status": None},
        {"id": "US:9X515", "code": "9X515", "status": "referenced"},
    ]


def test_transaction_rolls_back_on_error(scratch: GraphStore) -> None:
    m = scratch.model
    upsert_nodes(scratch, m, "Item", ITEMS[:1])
    with pytest.raises(StoreError), scratch.transaction() as tx:
        upsert_nodes(tx, m, "Item", ITEMS[1:])
        tx.run("MATCH (i:Item) SET i.heading = 'half-written'")
        tx.run("RETURN 1 +")  # a syntax error after two writes
    rows = scratch.run("MATCH (i:Item) RETURN i.id AS id, i.heading AS heading ORDER BY id")
    assert rows == [{"id": "US:3A090", "heading": None}]


def test_syntax_error_is_a_store_error(scratch: GraphStore) -> None:
    with pytest.raises(StoreError) as e:
        scratch.run("MATCH (n:Item RETURN n")
    assert "refused the query" in e.value.message
    assert "exportwatch-test" not in e.value.message  # the test server's password


def test_parameters_are_values_not_text(scratch: GraphStore) -> None:
    evil = "x'}) DETACH DELETE n //"
    upsert_nodes(scratch, scratch.model, "Item", [{"id": evil, "code": evil, "regime": "US"}, *ITEMS])
    rows = scratch.run("MATCH (i:Item) WHERE i.code = $c RETURN i.id AS id", {"c": evil})
    assert rows == [{"id": evil}]
    assert counts(scratch, scratch.model)["Item"] == 3


def test_ensure_schema_is_idempotent(scratch: GraphStore) -> None:
    scratch.ensure_schema()
    scratch.ensure_schema()
    upsert_nodes(scratch, scratch.model, "Item", ITEMS)
    assert counts(scratch, scratch.model) == {"Item": 2}


def test_open_store_urls(tmp_path) -> None:  # type: ignore[no-untyped-def]
    s = Settings(home=tmp_path)
    assert s.resolved_graph_url == f"ladybug:{tmp_path / 'graph.lbug'}"
    with open_store(s.store_target) as store:
        assert store.kind == "ladybug" and store.url.endswith("graph.lbug")
    with pytest.raises(ConfigError) as e:
        open_store("sqlite:///x.db")
    assert "names no known store" in e.value.message
    assert redact_url("bolt://neo4j:secret@db:7687") == "bolt://neo4j:***@db:7687"


def test_affiliates_show_in_entity_history(scratch: GraphStore) -> None:
    """Ownership links (no bundled source has them yet: this link is made up for the test)."""
    import queries
    from graph.load_reference import link_affiliates

    m = scratch.model
    parent = {"id": "EL:parent co:CN", "name": "Parent Co", "search_text": "parent co", "country": "CN"}
    child = {"id": "EL:child co:CN", "name": "Child Co", "search_text": "child co", "country": "CN"}
    upsert_nodes(scratch, m, "Entity", [parent, child])
    listing = {"id": "l1", "entity": child["id"], "action": "add", "citation": "90 FR 1"}
    upsert_nodes(scratch, m, "Listing", [listing])
    upsert_edges(scratch, m, "HAS_LISTING", "Entity", "Listing", [{"src": child["id"], "tgt": "l1"}])
    link = {"entity": child["id"], "parent": parent["id"], "share": 60.0, "basis": "test"}
    assert link_affiliates(scratch, [link, {**link, "parent": "EL:nobody:XX"}]) == 1
    rows = queries.run(scratch, "entity_history", name="child")
    assert [(r["entity"], r["affiliate_of"]) for r in rows] == [("Child Co", "Parent Co")]


def test_values_of_every_column_type_come_back_plain(scratch: GraphStore) -> None:
    """Scalar columns come back as they are; nodes, edges, maps and lists of nodes as plain dicts."""
    scratch.run("CREATE (:Entity {id: 'XX', name: 'Test party', aliases: ['X1', 'X2']})")
    [row] = scratch.run(
        "MATCH (r:Entity {id: 'XX'}) RETURN r.id AS id, r.aliases AS aliases, r AS node, [r] AS nodes, "
        "{name: r.name, node: r} AS map, null AS nothing, 3 AS n, 1.5 AS x, true AS yes"
    )
    assert (row["id"], row["aliases"], row["nothing"], row["n"], row["x"], row["yes"]) == (
        "XX", ["X1", "X2"], None, 3, 1.5, True,
    )  # fmt: skip
    for node in (row["node"], row["nodes"][0], row["map"]["node"]):
        assert node["_label"] == "Entity" and node["name"] == "Test party"
        assert not {"_ID", "_LABEL", "_id"} & set(node)
    assert row["map"]["name"] == "Test party"


def test_a_file_of_an_older_build_gains_the_tables_columns_and_pairs_of_the_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A graph built before provisions had versions: HAS_VERSION joined only items to their versions.
    Opening it with today's schema adds the missing tables, columns and FROM/TO pairs and keeps its data."""
    import ladybug

    path = tmp_path / "older.lbug"
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("CREATE NODE TABLE Item(id STRING, code STRING, PRIMARY KEY(id))")
    conn.execute("CREATE NODE TABLE ItemVersion(id STRING, PRIMARY KEY(id))")
    conn.execute("CREATE REL TABLE HAS_VERSION(FROM Item TO ItemVersion)")
    conn.execute(
        "CREATE (:Item {id: 'US:3A090', code: '3A090'})"
        "-[:HAS_VERSION]->(:ItemVersion {id: 'US:3A090@2023-10-25'})"
    )
    conn.close()
    db.close()
    with open_store(f"ladybug:{path}") as store:
        store.ensure_schema()
        store.ensure_schema()  # idempotent on the upgraded file too
        store.run("CREATE (:Provision {id: 'JP:403M50000400049 art. 6'}), (:ProvisionVersion {id: 'v'})")
        upsert_edges(
            store, store.model, "HAS_VERSION", "Provision", "ProvisionVersion",
            [{"src": "JP:403M50000400049 art. 6", "tgt": "v", "source": "test", "confidence": "official"}],
        )  # fmt: skip
        rows = store.run(
            "MATCH (a)-[:HAS_VERSION]->(v) RETURN a.id AS a, v.id AS v, a.code AS code ORDER BY a.id"
        )
        assert rows == [
            {"a": "JP:403M50000400049 art. 6", "v": "v", "code": None},
            {"a": "US:3A090", "v": "US:3A090@2023-10-25", "code": "3A090"},
        ]
        assert "heading" in {r["name"] for r in store.run("CALL table_info('Item') RETURN name")}
