"""The app composes sync -> extract -> graph on the bundled snapshot, incrementally and resumably."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportwatch.app import SNAPSHOT_DIR, update_graph
from exportwatch.cli import app
from exportwatch.config import load_settings
from graph.connect import open_store
from ingest.catalog import Catalog
from ingest.extract_stage import parsed_document
from ingest.rawstore import RawStore
from ingest.sync import sync


def test_demo_home_is_fully_loaded(demo_home: Path) -> None:
    s = load_settings(home=demo_home)
    cat = Catalog(s.paths.catalog)
    try:
        docs = cat.list_documents()
        assert len(docs) == 136  # the 136 BIS rules; the XML and the PDF merge into two of them
        assert {d["state"] for d in docs} == {"loaded"}
        assert cat.pending("loaded") == []
    finally:
        cat.close()
    with open_store(s.store_target, read_only=True) as store:
        rows = store.run(
            "MATCH (d:Document) WHERE d.doc_source = $src RETURN count(d) AS n", {"src": "federal-register"}
        )
        assert rows[0]["n"] >= 136
        ent = store.run(
            "MATCH (e:Entity)-[:HAS_LISTING]->(l:Listing) WHERE l.document = $id"
            " RETURN count(DISTINCT e) AS n",
            {"id": "2023-03929"},
        )
        assert ent[0]["n"] >= 10  # 10 entities under 13 entries in 88 FR 12170


def test_reparse_uses_richest_payload_with_merged_metadata(demo_home: Path) -> None:
    s = load_settings(home=demo_home)
    cat, raw = Catalog(s.paths.catalog), RawStore(s.paths.raw)
    try:
        doc = parsed_document(cat, raw, "2023-03929")
        assert doc.tables, (
            "the full-text XML (with its Entity List table) should be preferred over the API JSON"
        )
        assert doc.meta.publication_date == "2023-02-27"  # from the API record, merged
        assert doc.meta.rin == ("0694-AJ13",)  # from the XML
        pdf = parsed_document(cat, raw, "2025-00636")
        assert pdf.page_breaks and len(pdf.page_breaks) >= 160
    finally:
        cat.close()
        raw.close()


def test_incremental_and_resumed_update(home: Path, tmp_path: Path) -> None:
    s = load_settings()
    subset = tmp_path / "docs"
    subset.mkdir()
    shutil.copy(SNAPSHOT_DIR / "federal_register" / "fr_2023-03929_entity_list_additions.xml", subset)
    sync(s.home, from_dir=subset, progress=False)
    first = update_graph(s)
    assert (first.extracted, first.loaded, first.errors) == (1, 1, {})
    # Nothing new: nothing extracted, nothing loaded.
    again = update_graph(s)
    assert (again.extracted, again.loaded) == (0, 0)
    # --reload re-extracts, but the graph skips content it already holds.
    reload = update_graph(s, reload=True)
    assert (reload.extracted, reload.loaded, reload.skipped) == (1, 0, 1)


def test_document_failing_extraction_is_recorded_and_others_load(home: Path, tmp_path: Path) -> None:
    s = load_settings()
    d = tmp_path / "docs"
    d.mkdir()
    shutil.copy(SNAPSHOT_DIR / "federal_register" / "fr_2023-03929_entity_list_additions.xml", d)
    sync(s.home, from_dir=d, progress=False)
    # Damage the stored payload behind the catalog's back: the raw store notices, the stage fails cleanly.
    cat = Catalog(s.paths.catalog)
    sha = cat.get("2023-03929")["payload_shas"]["xml"]  # type: ignore[index]
    cat.close()
    blob = RawStore(s.paths.raw).path_of(sha)
    good = blob.read_bytes()
    blob.write_bytes(good[: len(good) // 2])
    report = update_graph(s)
    assert "2023-03929" in report.errors and "corrupt (sha256 mismatch)" in report.errors["2023-03929"]
    cat = Catalog(s.paths.catalog)
    assert cat.get("2023-03929")["state"] == "error"  # type: ignore[index]
    cat.close()
    blob.write_bytes(good)  # repaired: the next run completes it
    report = update_graph(s)
    assert report.errors == {} and report.loaded == 1


@pytest.mark.parametrize(
    "cmd", ["sync", "docs", "extract", "build", "demo", "query", "cypher", "export", "eval"]
)
def test_every_command_has_help(cmd: str) -> None:
    result = CliRunner().invoke(app, [cmd, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output
