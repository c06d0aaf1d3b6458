"""Build (or update) the graph: reference lists, curated regime data, documents, then linking passes.

``build_graph`` is incremental and idempotent: every list, the curated set and every document carries a
content hash, and what has not changed is skipped. Each document loads in its own transaction; a
document that fails is reported (``BuildReport.errors``) and the others still load.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from exportwatch.errors import ConfigError, ExportwatchError
from graph.cypher import counts
from graph.link_versions import link_versions_to_rules
from graph.load import LoadStats, load_extraction
from graph.load_allied import AlliedReport
from graph.load_allied_text import annex_versions, is_allied, load_allied_texts
from graph.load_curated import CuratedLike, load_curated_data
from graph.load_lists import LISTS_DIR, load_lists
from graph.load_reference import link_equivalents, load_reference_lists
from graph.load_text import load_provision_versions
from graph.reference import load_reference
from graph.resolve import resolve_citations, resolve_listings
from graph.store import GraphStore
from ingest.models import Extraction
from ingest.parse_lists import list_files, read_list_file
from ingest.text import TextVersion


@dataclass
class BuildReport:
    """What a build did."""

    store: str
    lists: dict[str, int] = field(default_factory=dict)
    measures: int = 0
    documents_loaded: int = 0
    documents_skipped: int = 0
    errors: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # document id -> error, for documents not loaded
    list_problems: int = 0  # list rows with something wrong (kept; see the ListRecord problems)
    equivalences: int = 0
    text_versions: int = 0  # ProvisionVersion / ItemVersion nodes from eCFR part XML
    allied_texts: dict[str, int] = field(
        default_factory=dict
    )  # allied versions, text changes, proposed measures
    versions_linked_to_rules: int = 0
    citations_resolved: int = 0
    listings_resolved: int = 0
    unlinked: dict[str, int] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    allied: AlliedReport | None = None

    def to_json(self) -> dict[str, Any]:
        """The report as plain data (for ``--format json`` and logs)."""
        out = {k: v for k, v in self.__dict__.items() if k != "allied"}
        if self.allied is not None:
            a = self.allied
            out["allied"] = {
                "records": a.records,
                "entities": a.entities,
                "matched_to_us": a.matched_to_us,
                "listings": a.listings,
                "skipped": a.skipped,
                "problems": len(a.problems),
            }
        return out


def _progress(items: list[tuple[Extraction, str]], enabled: bool) -> Iterable[tuple[Extraction, str]]:
    if not enabled or not items:
        yield from items
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("loading documents", total=len(items))
        for item in items:
            yield item
            bar.advance(task)


def build_graph(
    store: GraphStore,
    *,
    extractions: Iterable[tuple[Extraction, str]],
    reference_dir: Path | None = None,
    curated: CuratedLike | None = None,
    progress: bool = False,
    with_reference: bool = True,
    with_curated: bool = True,
    texts: Iterable[TextVersion] = (),
    list_dirs: Sequence[Path] | None = None,
    allied_dirs: Sequence[Path] = (),
    judgements: Mapping[tuple[str, str], bool] | None = None,
) -> BuildReport:
    """Load everything into ``store`` and link it.

    Args:
        store: an open, writable store.
        extractions: ``(extraction, content_hash)`` per document.
        reference_dir: the folder of reference lists; needed when ``with_reference`` is true.
        curated: curated regime data (default: ``graph.curated_yaml.load_curated()``).
        progress: show a progress bar while loading documents.
        with_reference: load the reference lists (CCL, EU Annex I, Entity List).
        with_curated: load the curated regime data.
        texts: versions of CFR provisions (parsed eCFR part XML) to load as ``ProvisionVersion`` nodes, and
            of allied texts (``JP:``/``EU:`` refs, e.g. e-Gov law versions from the raw store), whose changes
            become ``TextChange`` nodes. With ``with_reference``, the bundled allied excerpts
            (``<reference_dir>/allied_texts``) and the EU Annex I list's entries are added.
        list_dirs: folders of US restricted-party list files (default: the bundled
            ``exportwatch/snapshot/lists``); a file that cannot be read whole is reported in ``errors``
            and left out, the others load.
        allied_dirs: folders of allied and counter-list files (``<dir>/<source>/<file>``: the bundled
            ``exportwatch/snapshot/allied`` and the versions a sync kept); resolved against the US
            parties after the documents load (a file that cannot be read whole is reported in
            ``errors`` and left out).
        judgements: reviewed match decisions (``exportwatch match review``), honoured by the resolution.

    Returns:
        A ``BuildReport``; per-document failures are in ``errors`` (the rest still loads).

    Raises:
        SchemaError: the curated data or a reference file is malformed (nothing of it is written).
        StoreError: the store refused.
    """
    t0 = time.perf_counter()
    report = BuildReport(store=store.url)
    store.ensure_schema()
    if with_reference:
        if reference_dir is None:
            raise ConfigError("build_graph: reference_dir is needed to load the reference lists")
        ref = load_reference(reference_dir)
        report.lists = load_reference_lists(store, ref)
        bundled = bundled_allied_texts(reference_dir) + (annex_versions(ref.eu) if ref.eu else [])
        snaps = []
        for folder in list_dirs if list_dirs is not None else [LISTS_DIR]:
            for path in list_files(Path(folder)):
                try:
                    snaps.extend(read_list_file(path))
                except ExportwatchError as e:
                    report.errors.append(f"error {e.code}: {e.message}")
        lists = load_lists(store, snaps)
        report.lists["us_lists"] = 0 if lists.skipped else lists.listings
        report.list_problems = len(lists.problems)
    else:
        bundled = []
    if with_curated:
        data: CuratedLike
        if curated is None:
            from graph.curated_yaml import load_curated

            data = load_curated()
        else:
            data = curated
        report.measures = load_curated_data(store, data)
    given = list(texts)
    report.text_versions = load_provision_versions(store, [v for v in given if not is_allied(v)])
    report.allied_texts = load_allied_texts(store, bundled + [v for v in given if is_allied(v)])
    stats = LoadStats()
    for extraction, content_hash in _progress(list(extractions), progress):
        try:
            if load_extraction(store, extraction, content_hash=content_hash, stats=stats):
                report.documents_loaded += 1
            else:
                report.documents_skipped += 1
        except ExportwatchError as e:
            report.errors.append(f"error {e.code}: {e.message}")
            report.failed[extraction.document.document_number] = report.errors[-1]
    report.unlinked = stats.unlinked
    if allied_dirs:
        from graph.load_allied import load_allied
        from ingest.list_sources import read_list_dirs

        allied_snaps, list_errors = read_list_dirs(allied_dirs)
        report.errors.extend(list_errors)
        allied = load_allied(store, allied_snaps, judgements=judgements)
        report.lists["allied_records"] = 0 if allied.skipped else allied.records
        report.allied = allied
    report.equivalences = link_equivalents(store)
    report.citations_resolved = resolve_citations(store)
    report.versions_linked_to_rules = link_versions_to_rules(store)
    report.listings_resolved = resolve_listings(store)
    report.counts = counts(store, store.model)
    report.seconds = round(time.perf_counter() - t0, 3)
    return report


def bundled_allied_texts(reference_dir: Path) -> list[TextVersion]:
    """The allied law excerpts bundled beside the reference lists, if any: Japanese e-Gov XML
    (``allied_texts/jp_egov``, with its ``excerpts.yml``), Korean law.go.kr JSON (``allied_texts/kr_lawgokr``)
    and German gesetze-im-internet.de Markdown (``allied_texts/de_gesetze``, with its ``excerpts.yml``)."""
    from ingest.sources.jp_egov_laws.crawler import bundled_versions
    from ingest.text import gesetze
    from ingest.text.excerpts import BUNDLE_MANIFEST
    from ingest.text.korea import korean_versions

    root = Path(reference_dir) / "allied_texts"
    out = bundled_versions(root / "jp_egov") if (root / "jp_egov" / BUNDLE_MANIFEST).is_file() else []
    for path in sorted((root / "kr_lawgokr").glob("*.json")):
        out += korean_versions(path.read_bytes(), source=f"bundled:{path.name}", source_url=KR_LAW_URL)
    if (root / "de_gesetze" / BUNDLE_MANIFEST).is_file():
        out += gesetze.bundled_versions(root / "de_gesetze")
    return out


KR_LAW_URL = "https://www.law.go.kr/법령/대외무역법"
