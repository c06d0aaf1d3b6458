"""The app: composes the layers for one data home: sync -> parse -> extract -> graph.

Each stage reads what the previous one left: the catalog says which documents are new or changed
(state before ``loaded``), the raw store gives their payloads back without the network, the parser
and the NLP stage turn them into an ``Extraction``, and the graph loader writes each document in
its own transaction (skipping content it already holds). A document that fails at any stage is
recorded in the catalog with its error and retried by the next run; the others go on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exportwatch.config import Settings
from exportwatch.errors import ExportwatchError, ParseError
from ingest.catalog import Catalog
from ingest.extract_stage import iter_extractions
from ingest.models import Extraction
from ingest.rawstore import RawStore

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot"
REFERENCE_DIR = SNAPSHOT_DIR / "reference"
ALLIED_DIR = SNAPSHOT_DIR / "allied"


@dataclass
class GraphReport:
    """What one graph update did."""

    store: str
    extracted: int = 0
    loaded: int = 0
    skipped: int = 0
    errors: dict[str, str] = field(default_factory=dict)
    build: dict[str, Any] = field(default_factory=dict)
    #: set when the embedded store was unreadable, moved aside and rebuilt from the catalog
    recovered: str | None = None

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"stage": "extract", "documents": self.extracted},
            {"stage": "graph: loaded", "documents": self.loaded},
            {"stage": "graph: unchanged", "documents": self.skipped},
            {"stage": "errors", "documents": len(self.errors)},
        ]


def ecfr_texts(raw: RawStore, errors: dict[str, str]) -> list[Any]:
    """Versions of every section and supplement (and, for part 774, every ECCN) in the eCFR part XML the
    raw store holds.

    A payload that does not parse is reported in ``errors`` (by its URL) and the others still load.
    """
    from graph.ccl_versions import entry_version
    from ingest.parse_ccl_xml import parse_ccl
    from ingest.parse_ecfr import parse_part
    from ingest.sources.us_ecfr.crawler import stored_parts

    out: list[Any] = []
    for p in stored_parts(raw):
        data = raw.get(p.sha256)
        try:
            part = parse_part(
                data,
                title=p.title,
                part=p.part,
                valid_from=p.day,
                source=p.url,
                dated_by="amendment_date",
                url=p.url,
            )
            entries = parse_ccl(data, source=p.url) if (p.title, p.part) == (15, "774") else []
        except ParseError as e:
            errors[p.url] = f"error {e.code}: {e.message}"
            continue
        out.extend(part.sections)
        out.extend(
            entry_version(e, valid_from=p.day, source=p.url, dated_by="amendment_date") for e in entries
        )
    return out


def egov_texts(raw: RawStore, errors: dict[str, str]) -> list[Any]:
    """Article versions of every Japanese law version the raw store holds from the e-Gov API; a payload
    that does not parse is reported in ``errors`` (by its URL) and the others still load."""
    from ingest.sources.jp_egov_laws.crawler import stored_versions

    return stored_versions(raw, errors)


def update_graph(
    settings: Settings,
    *,
    reload: bool = False,
    progress: bool = False,
    reference_dir: Path | None = None,
) -> GraphReport:
    """Extract every document not yet loaded and load it, with the reference and curated data.

    Args:
        settings: the data home and the graph store URL.
        reload: extract and load every catalogued document again (e.g. for a new store).
        progress: show progress bars.
        reference_dir: reference lists (default: the bundled snapshot's).

    Returns:
        A ``GraphReport``; failed documents are in ``errors`` and in the catalog (state ``error``).
    """
    from graph.build import build_graph
    from graph.connect import open_store

    paths = settings.paths.ensure()
    catalog = Catalog(paths.catalog)
    raw = RawStore(paths.raw)
    try:
        from exportwatch.judgements import read_judgements, write_decisions

        with open_store(settings.store_target) as store:
            report = GraphReport(store=store.url)
            # An unreadable embedded store is moved aside and replaced by an empty one: every
            # catalogued document goes in again, so the re-run completes the graph.
            if getattr(store, "recovered", False):
                report.recovered = getattr(store, "recovery_message", None) or "store rebuilt"
                reload = True
            doc_ids = (
                [d["document_number"] for d in catalog.list_documents()]
                if reload
                else catalog.pending("loaded")
            )
            items = list(iter_extractions(catalog, raw, doc_ids, report.errors))
            report.extracted = len(items)
            build = build_graph(
                store,
                extractions=items,
                reference_dir=reference_dir or REFERENCE_DIR,
                list_dirs=[SNAPSHOT_DIR / "lists", paths.home / "lists"],
                progress=progress,
                texts=ecfr_texts(raw, report.errors) + egov_texts(raw, report.errors),
                allied_dirs=[ALLIED_DIR, paths.home / "lists" / "allied"],
                judgements=read_judgements(paths.home),
            )
        if build.allied is not None and not build.allied.skipped:
            write_decisions(paths.home, build.allied.decisions)
        report.build = build.to_json()
        for ex, _ in items:
            doc_id = ex.document.document_number
            if doc_id in build.failed:
                report.errors[doc_id] = build.failed[doc_id]
                catalog.set_state(doc_id, "error", build.failed[doc_id])
            else:
                catalog.set_state(doc_id, "loaded")
        report.loaded, report.skipped = build.documents_loaded, build.documents_skipped
        return report
    finally:
        catalog.close()
        raw.close()


def snapshot_extractions(home: Path) -> list[tuple[Extraction, str]]:
    """The bundled snapshot through the real first stages: synced into ``home``, parsed and extracted.

    What benchmarks and tests load into a store of their own with ``build_graph``.

    Raises:
        ExportwatchError: a snapshot document failed to sync or extract (the snapshot is known-good).
    """
    from ingest.extract_stage import extract_home
    from ingest.sync import sync

    for sub in ("federal_register", "guidance"):
        report = sync(home, from_dir=SNAPSHOT_DIR / sub, progress=False)
        if not report.ok:
            raise ExportwatchError(f"snapshot sync into {home} failed: {'; '.join(report.errors[:3])}")
    found, errors = extract_home(home)
    if errors:
        raise ExportwatchError(f"snapshot extraction failed: {'; '.join(list(errors.values())[:3])}")
    return found
