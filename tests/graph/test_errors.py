"""Bad input and bad stores get one clear sentence (an ExportwatchError), and nothing half-written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from exportwatch.app import REFERENCE_DIR
from exportwatch.errors import ParseError, SchemaError, StoreError
from graph.build import build_graph
from graph.connect import open_store
from graph.curated_yaml import CURATED_DIR, load_curated
from graph.cypher import counts, upsert_nodes
from graph.devserver import ArcadeServer, free_port
from graph.reference import load_reference
from graph.store import GraphStore


def test_bolt_server_down() -> None:
    port = free_port()
    with pytest.raises(StoreError) as e:
        open_store(f"bolt://neo4j:hunter2secret@127.0.0.1:{port}")
    assert f"127.0.0.1:{port}" in e.value.message and "not reachable" in e.value.message
    assert "hunter2secret" not in e.value.message + (e.value.hint or "")


def test_bolt_wrong_password(arcadedb: ArcadeServer) -> None:
    url = f"bolt://root:wrong-password-123@127.0.0.1:{arcadedb.bolt_port}/scratch"
    with pytest.raises(StoreError) as e:
        open_store(url)
    assert "refused the credentials of user 'root'" in e.value.message
    assert "wrong-password-123" not in e.value.message + (e.value.hint or "")


def test_bolt_unknown_database(arcadedb: ArcadeServer) -> None:
    with pytest.raises(StoreError) as e:
        open_store(arcadedb.url("nosuchdb"))
    assert "nosuchdb" in e.value.message


def test_ladybug_locked_by_another_process(tmp_path: Path, hold_ladybug: Callable[[Path], Any]) -> None:
    path = tmp_path / "graph.lbug"
    with open_store(f"ladybug:{path}") as store:
        store.ensure_schema()
    with hold_ladybug(path) as holder:
        with pytest.raises(StoreError) as e:
            open_store(f"ladybug:{path}")
        assert "is locked by another process" in e.value.message
        assert f"PID {holder.pid}" in e.value.message
        assert e.value.hint
    with open_store(f"ladybug:{path}") as store:  # free again once the other process is gone
        assert store.run("RETURN 1 AS one") == [{"one": 1}]


def test_ladybug_read_only(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbug"
    with pytest.raises(StoreError) as e:
        open_store(f"ladybug:{path}", read_only=True)
    assert "does not exist" in e.value.message
    with open_store(f"ladybug:{path}") as store:
        store.ensure_schema()
    with open_store(f"ladybug:{path}", read_only=True) as store:
        with pytest.raises(StoreError) as e:
            upsert_nodes(store, store.model, "Item", [{"id": "US:1A001", "code": "1A001", "regime": "US"}])
        assert "read-only" in e.value.message
        with pytest.raises(StoreError):
            store.transaction().__enter__()
        assert store.run("MATCH (i:Item) RETURN count(i) AS c") == [{"c": 0}]


def test_malformed_curated_file_writes_nothing(tmp_path: Path, scratch: GraphStore) -> None:
    broken = tmp_path / "curated"
    shutil.copytree(CURATED_DIR, broken)
    measures = broken / "measures.yaml"
    text = measures.read_text(encoding="utf-8")
    measures.write_text(text.replace("tool: list_based", "tool: list_basd", 1), encoding="utf-8")
    before = counts(scratch, scratch.model)
    with pytest.raises(SchemaError) as e:
        build_graph(scratch, extractions=[], curated=load_curated(broken), with_reference=False)
    assert "measures.yaml line" in e.value.message and "list_basd" in e.value.message
    assert counts(scratch, scratch.model) == before


def test_malformed_reference_file(tmp_path: Path) -> None:
    ref = tmp_path / "reference"
    shutil.copytree(REFERENCE_DIR, ref)
    (ref / "ccl_2026-07-23.json").write_text(
        '{"snapshot": "2026-07-23", "items": [{"code": 5}]}', encoding="utf-8"
    )
    with pytest.raises(ParseError) as e:
        load_reference(ref)
    assert "ccl_2026-07-23.json" in e.value.message
    (ref / "ccl_2026-07-23.json").write_text('{"snapshot": "2026-07-23", "items": [', encoding="utf-8")
    with pytest.raises(ParseError) as e:
        load_reference(ref)
    assert "not valid JSON" in e.value.message
