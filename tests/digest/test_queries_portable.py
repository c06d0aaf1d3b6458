"""The digest's named queries give the same rows on the embedded store and on Bolt (a real ArcadeDB)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import queries
from exportwatch.digest.content import build_content
from exportwatch.digest.period import iso_week
from graph.build import build_graph
from graph.connect import open_store
from graph.devserver import ArcadeServer
from graph.store import GraphStore
from ingest.catalog import Catalog
from ingest.extract_stage import extract_home
from ingest.home import IngestHome

WEEKS = ("2023-W09", "2023-W10", "2024-W45", "2025-W03")
# fmt: off
PARAMS = {
    "digest_documents": {"from": "2022-01-01", "to": "2026-12-31"},
    "digest_listings": {"from": "2023-01-01", "to": "2023-12-31"},
    "digest_allied": {"from": "2020-01-01", "to": "2026-12-31"},
}
# fmt: on


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory, synced_home: Path) -> Iterator[dict[str, GraphStore]]:
    """Both stores loaded with the same documents (those of WEEKS, to keep the Bolt load short)."""
    spans = [(iso_week(w).start.isoformat(), iso_week(w).end.isoformat()) for w in WEEKS]
    root = tmp_path_factory.mktemp("portable")
    home = root / "home"
    shutil.copytree(synced_home, home)
    catalog = Catalog(IngestHome(home).catalog)
    wanted = [
        d["document_number"]
        for d in catalog.list_documents()
        if any(lo <= (d["publication_date"] or "") <= hi for lo, hi in spans)
    ]
    catalog.close()
    docs, errors = extract_home(home, wanted)
    assert docs and not errors, errors
    with ArcadeServer(root / "arcadedb") as server:
        built = {"ladybug": open_store(f"ladybug:{root / 'graph.lbug'}"), "bolt": open_store(server.url())}
        try:
            for store in built.values():
                report = build_graph(store, extractions=docs, with_reference=False)
                assert not report.errors
            yield built
        finally:
            for store in built.values():
                store.close()


def test_digest_queries_are_documented_library_queries() -> None:
    names = {q.name for q in queries.list_queries()}
    assert set(PARAMS) <= names
    for name in PARAMS:
        q = queries.get_query(name)
        assert q.title and q.description and q.example.startswith(f"exportwatch query {name}")


@pytest.mark.parametrize("name", sorted(PARAMS))
def test_same_rows_on_both_stores(stores: dict[str, GraphStore], name: str) -> None:
    lady = queries.run(stores["ladybug"], name, **PARAMS[name])
    bolt = queries.run(stores["bolt"], name, **PARAMS[name])
    assert lady, f"{name} found nothing"
    assert lady == bolt
    for row in lady:  # collected lists come sorted, so both stores agree on them
        for key in ("tools", "regimes", "items", "corrects"):
            if key in row:
                assert row[key] == sorted(row[key]), (name, key, row)


@pytest.mark.parametrize("spec", WEEKS)
def test_same_digest_on_both_stores(stores: dict[str, GraphStore], spec: str) -> None:
    lady = build_content(stores["ladybug"], iso_week(spec))
    bolt = build_content(stores["bolt"], iso_week(spec))
    assert lady.changes > 0
    assert lady == bolt


def test_example_lines_run(stores: dict[str, GraphStore]) -> None:
    """Each digest query's ``// example:`` parameters run as written."""
    for name in PARAMS:
        example = queries.get_query(name).example
        params = dict(p.split("=", 1) for p in example.split("--param ")[1:])
        params = {k.strip(): v.strip() for k, v in params.items()}
        assert isinstance(queries.run(stores["ladybug"], name, **params), list)
