"""The catalog: upserts, merge of parts, states, errors, relations and runs, on real parsed documents."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from ingest.catalog import Catalog, content_hash_of, merge_parts, part_digest
from ingest.models import DocumentMeta, ParsedDocument
from ingest.parse_fr_json import parse_fr_json
from ingest.parse_fr_xml import parse_fr_xml
from ingest.rawstore import RawStore, sha256_hex

SNAPSHOT = Path(__file__).resolve().parents[2] / "exportwatch" / "snapshot"
CACHE = SNAPSHOT / "federal_register" / "bis_rules_2022-2026_api_cache.json"
XML = SNAPSHOT / "federal_register" / "fr_2023-03929_entity_list_additions.xml"


@pytest.fixture(scope="module")
def api_docs() -> dict[str, ParsedDocument]:
    return {d.meta.document_number: d for d in parse_fr_json(CACHE.read_bytes(), source_name=CACHE.name)}


@pytest.fixture(scope="module")
def xml_doc() -> ParsedDocument:
    return parse_fr_xml(XML.read_bytes(), source_name=XML.name)[0]


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog(tmp_path / "catalog.sqlite")


def _part(kind: str, meta: DocumentMeta, sha: str) -> dict[str, object]:
    return {"sha": sha, "digest": part_digest(kind, meta, sha), "name": kind, "meta": meta.to_json()}


def test_wal_mode(catalog: Catalog) -> None:
    db = sqlite3.connect(catalog.path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_upsert_reports_new_changed_unchanged(catalog: Catalog, api_docs: dict[str, ParsedDocument]) -> None:
    meta = api_docs["2025-19001"].meta
    assert catalog.upsert_document(meta, payloads={"json": "a" * 64}, content_hash="h1") is True
    assert catalog.upsert_document(meta, payloads={"json": "a" * 64}, content_hash="h1") is False
    catalog.set_state("2025-19001", "loaded")
    assert catalog.upsert_document(meta, payloads={"json": "b" * 64}, content_hash="h1") is False
    assert catalog.get("2025-19001")["state"] == "loaded"  # type: ignore[index]
    assert catalog.upsert_document(meta, payloads={"xml": "c" * 64}, content_hash="h2") is True
    doc = catalog.get("2025-19001")
    assert doc is not None
    assert doc["state"] == "parsed"  # changed content goes back through the later stages
    assert doc["payload_shas"] == {"json": "b" * 64, "xml": "c" * 64}
    assert catalog.count() == 1


def test_merge_xml_wins_text_json_fills_publication_fields(
    catalog: Catalog, api_docs: dict[str, ParsedDocument], xml_doc: ParsedDocument
) -> None:
    js = api_docs["2023-03929"].meta
    assert catalog.add_part(js, kind="json", sha="j" * 64, name="search") == (True, True)
    assert catalog.add_part(xml_doc.meta, kind="xml", sha=sha256_hex(XML.read_bytes()), name="xml") == (
        False,
        True,
    )
    meta = catalog.meta("2023-03929")
    assert meta is not None
    assert meta.publication_date == js.publication_date == "2023-02-27"  # only the API JSON has it
    assert meta.url == js.url
    assert meta.abstract == js.abstract
    assert meta.rin == xml_doc.meta.rin and meta.rin  # only the XML has it
    assert meta.amdpar == xml_doc.meta.amdpar
    assert meta.summary == xml_doc.meta.summary
    row = catalog.list_documents()[0]
    assert row["payloads"] == ["json", "xml"]
    assert catalog.add_part(xml_doc.meta, kind="xml", sha=sha256_hex(XML.read_bytes()), name="xml") == (
        False,
        False,
    )


def test_merge_text_field_precedence_prefers_xml() -> None:
    js = DocumentMeta(
        "2023-03929", "federal-register", "Rule", "Title as the API gives it", publication_date="2023-02-27"
    )
    xml = replace(js, title="Title as the XML gives it", publication_date=None)
    merged = merge_parts({"json": _part("json", js, "1" * 64), "xml": _part("xml", xml, "2" * 64)})
    assert merged.title == "Title as the XML gives it"
    assert merged.publication_date == "2023-02-27"


def test_merge_is_independent_of_arrival_order(
    tmp_path: Path, api_docs: dict[str, ParsedDocument], xml_doc: ParsedDocument
) -> None:
    a, b = Catalog(tmp_path / "a.sqlite"), Catalog(tmp_path / "b.sqlite")
    js = api_docs["2023-03929"].meta
    a.add_part(js, kind="json", sha="j" * 64, name="s")
    a.add_part(xml_doc.meta, kind="xml", sha="x" * 64, name="x")
    b.add_part(xml_doc.meta, kind="xml", sha="x" * 64, name="x")
    b.add_part(js, kind="json", sha="j" * 64, name="s")
    da, db = a.get("2023-03929"), b.get("2023-03929")
    assert da is not None and db is not None
    assert da["metadata"] == db["metadata"] and da["content_hash"] == db["content_hash"]


def test_public_inspection_flag_cleared_when_published(
    catalog: Catalog, api_docs: dict[str, ParsedDocument]
) -> None:
    published = api_docs["2025-00636"].meta
    on_display = DocumentMeta(
        "2025-00636",
        "federal-register",
        "Rule",
        published.title,
        public_inspection=True,
        publication_date="2025-01-15",
    )
    catalog.add_part(on_display, kind="pi", sha="p" * 64, name="current.json")
    assert catalog.list_documents()[0]["public_inspection"] is True
    catalog.add_part(published, kind="json", sha="j" * 64, name="search")
    row = catalog.list_documents()[0]
    assert row["public_inspection"] is False
    assert row["payloads"] == ["json", "pi"]
    assert row["url"] == published.url


def test_pending_states_and_errors(catalog: Catalog, api_docs: dict[str, ParsedDocument]) -> None:
    ids = ["2022-02302", "2022-07643", "2023-03929", "2025-19001"]
    for i, (n, state) in enumerate(zip(ids, ["fetched", "parsed", "extracted", "loaded"], strict=True)):
        catalog.upsert_document(api_docs[n].meta, payloads={}, content_hash=str(i), state=state)
    assert catalog.pending("parsed") == ["2022-02302"]
    assert catalog.pending("extracted") == ["2022-02302", "2022-07643"]
    assert catalog.pending("loaded") == ids[:3]
    catalog.record_error("2025-19001", "federal-register", "XML malformed")
    catalog.record_error("2025-19001", "federal-register", "XML malformed again")
    doc = catalog.get("2025-19001")
    assert doc is not None and doc["state"] == "error" and doc["attempts"] == 2 and "again" in doc["error"]
    assert "2025-19001" in catalog.pending("parsed")  # an error is always pending
    catalog.record_error("https://www.bis.gov/press-release/x", "bis-press", "HTTP 500")
    assert {e["target"] for e in catalog.errors()} == {"2025-19001", "https://www.bis.gov/press-release/x"}
    catalog.resolve_errors("https://www.bis.gov/press-release/x")
    assert {e["target"] for e in catalog.errors()} == {"2025-19001"}
    with pytest.raises(ValueError, match="unknown state"):
        catalog.pending("done")


def test_corrections_linked_both_ways_whatever_the_order(
    catalog: Catalog, api_docs: dict[str, ParsedDocument]
) -> None:
    correction = replace(api_docs["2023-18047"].meta, corrects=("2023-17243",))
    catalog.add_part(correction, kind="json", sha="c" * 64, name="s")
    catalog.add_part(api_docs["2023-17243"].meta, kind="json", sha="d" * 64, name="s")
    assert catalog.get("2023-17243")["corrected_by"] == ["2023-18047"]  # type: ignore[index]
    assert catalog.get("2023-18047")["corrects"] == ["2023-17243"]  # type: ignore[index]
    catalog.link("2024-16379", "corrects", "2024-15810", origin="title")
    catalog.add_part(api_docs["2024-15810"].meta, kind="json", sha="e" * 64, name="s")
    catalog.add_part(api_docs["2024-16379"].meta, kind="json", sha="f" * 64, name="s")
    assert catalog.get("2024-15810")["corrected_by"] == ["2024-16379"]  # type: ignore[index]
    assert catalog.get("2024-16379")["corrects"] == ["2024-15810"]  # type: ignore[index]
    assert ("2023-18047", "corrects", "2023-17243") in catalog.relations("corrects")


def test_load_payloads_reads_the_raw_store(
    tmp_path: Path, catalog: Catalog, api_docs: dict[str, ParsedDocument], xml_doc: ParsedDocument
) -> None:
    raw = RawStore(tmp_path / "raw")
    sha_x = raw.put(XML.read_bytes(), url="file:///x.xml")
    sha_j = raw.put(CACHE.read_bytes(), url="file:///cache.json")
    catalog.add_part(api_docs["2023-03929"].meta, kind="json", sha=sha_j, name="cache")
    catalog.add_part(xml_doc.meta, kind="xml", sha=sha_x, name="xml")
    payloads = catalog.load_payloads("2023-03929", raw)
    assert payloads == {"json": CACHE.read_bytes(), "xml": XML.read_bytes()}
    assert catalog.load_payloads("2023-03929") == payloads  # raw/ beside the catalog, as in a data home
    assert catalog.load_payloads("1999-00001", raw) == {}


def test_seen_payloads(catalog: Catalog) -> None:
    assert catalog.seen_payload("a" * 64) is None
    catalog.mark_payload("a" * 64, name="page", source="federal-register", doc_ids=["2023-03929"])
    assert catalog.seen_payload("a" * 64) == ["2023-03929"]


def test_runs_and_last_sync(catalog: Catalog) -> None:
    assert catalog.last_sync("federal-register") is None
    first = catalog.start_run("federal-register", None)
    catalog.finish_run(first, "ok", cursor="2025-01-31", counts={"new": 3})
    killed = catalog.start_run("federal-register", None)  # never finished
    failed = catalog.start_run("federal-register", None)
    catalog.finish_run(failed, "failed", cursor=None)
    assert catalog.last_sync("federal-register")["cursor"] == "2025-01-31"  # type: ignore[index]
    statuses = {r["id"]: r["status"] for r in catalog.runs("federal-register")}
    assert statuses == {first: "ok", killed: "interrupted", failed: "failed"}


def test_content_hash_depends_on_every_part() -> None:
    parts = {"json": {"digest": "1"}, "xml": {"digest": "2"}}
    assert content_hash_of(parts) != content_hash_of({"json": {"digest": "1"}})
    assert content_hash_of(parts) == content_hash_of(dict(reversed(parts.items())))
