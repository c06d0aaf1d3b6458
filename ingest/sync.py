"""Sync: run the sources' crawlers (or replay recorded files) into the raw store and the catalog.

``sync`` runs each selected source inside a catalog run record: its cursor (the last date
covered) advances only when no listing step failed, so the next incremental sync resumes from
the right place; documents that failed are in state ``error`` and are retried. A sync killed
half-way leaves its run ``running`` (marked ``interrupted`` by the next one) and every document
committed so far; the re-run upserts by id, so nothing is duplicated or lost.

``from_dir`` replays recorded API JSON, XML, HTML and PDF files through the same path as a live
sync (``Context.ingest``: raw store, parser, catalog merge). Payloads already processed are
skipped by their sha256 before any parsing, which is what makes a no-change sync cheap.
"""

from __future__ import annotations

import errno
import json
import re
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from exportwatch.errors import ConfigError, ExportwatchError, SourceError
from ingest.catalog import Catalog
from ingest.context import DEFAULT_AGENCY, Context, SourceReport
from ingest.home import IngestHome
from ingest.http import HttpClient
from ingest.rawstore import RawStore, sha256_hex
from ingest.sources import Source, get_source, registry

FILE_SUFFIXES = {".json": "application/json", ".xml": "application/xml", ".html": "text/html",
                 ".htm": "text/html", ".pdf": "application/pdf"}  # fmt: skip
FROM_DIR = "from-dir"


@dataclass
class SyncReport:
    """What a sync did: per-source counts, every error message, warnings and timing."""

    sources: dict[str, SourceReport] = field(default_factory=dict)
    files: int = 0
    seconds: float = 0.0

    def _total(self, key: str) -> int:
        return sum(int(r.row()[key]) for r in self.sources.values())

    @property
    def seen(self) -> int:
        return self._total("seen")

    @property
    def new(self) -> int:
        return self._total("new")

    @property
    def changed(self) -> int:
        return self._total("changed")

    @property
    def unchanged(self) -> int:
        return self._total("unchanged")

    @property
    def skipped_payloads(self) -> int:
        return self._total("skipped_payloads")

    @property
    def errors(self) -> list[str]:
        """Every error message, per source in order."""
        return [e for r in self.sources.values() for e in r.errors]

    @property
    def warnings(self) -> list[str]:
        return [w for r in self.sources.values() for w in r.warnings]

    @property
    def ok(self) -> bool:
        """True when no document or step failed."""
        return not self.errors

    def rows(self) -> list[dict[str, Any]]:
        """One summary row per source (the table ``exportwatch sync`` prints)."""
        return [
            r.row()
            for r in self.sources.values()
            if r.outcomes or r.errors or r.requests or r.skipped_payloads
        ]


def select_sources(source: str) -> list[Source]:
    """The sources a ``--source`` value names.

    ``all`` gives every document source in dependency order; a group name (``allied-lists``, the
    ``options.group`` of a ``source.yml``) gives that group's sources.

    Raises:
        ConfigError: Unknown source name (the message lists the valid ones).
    """
    if source == "all":
        return [s for s in registry().values() if not s.spec.options.get("group")]
    group = [s for s in registry().values() if s.spec.options.get("group") == source]
    return group or [get_source(source)]


def sync(
    home: Path,
    *,
    agency: str = DEFAULT_AGENCY,
    source: str = "all",
    since: date | None = None,
    from_dir: Path | None = None,
    client: HttpClient | None = None,
    progress: bool = True,
    today: date | None = None,
) -> SyncReport:
    """Bring the catalog up to date with the sources (or with recorded files).

    Args:
        home: The data home, which holds the raw store and the catalog (``IngestHome``).
        agency: The Federal Register agency slug whose documents are synced.
        source: ``federal-register``, ``bis-press``, ``guidance`` or ``all``.
        since: Start date; default: each source's last cursor (or its backfill start).
        from_dir: Read recorded payload files (recursively) instead of the network.
        client: HTTP client to use (tests pass one over ``httpx.MockTransport``); its raw store
            defaults to the data home's.
        progress: Show progress bars (only ever on a terminal).
        today: The date treated as today (end of the search range).

    Returns:
        The report; ``report.ok`` is False when any document or step failed.

    Raises:
        ConfigError: Unknown source, or a ``from_dir`` that is missing or holds no payload files.
    """
    started = time.perf_counter()
    selected = select_sources(source)
    paths = IngestHome(Path(home)).ensure()
    catalog = Catalog(paths.catalog)
    raw = RawStore(paths.raw)
    report = SyncReport()
    owns_client = client is None and from_dir is None
    try:
        if from_dir is not None:
            _sync_files(agency, Path(from_dir), selected, catalog, raw, report, since, today, progress)
        else:
            if client is None:
                limits: dict[str, float] = {}
                for s in selected:
                    limits.update(s.spec.rate_limits)
                client = HttpClient(rate_limits=limits, raw_store=raw)
            elif client.raw_store is None:
                client.raw_store = raw
            for src in selected:
                ctx = Context(
                    src.name,
                    src.spec,
                    agency=agency,
                    catalog=catalog,
                    raw_store=raw,
                    client=client,
                    reports=report.sources,
                    since=since,
                    today=today,
                    progress=progress,
                )
                _run_source(src, ctx)
    except (OSError, sqlite3.Error) as e:
        # A full disk, a file-size limit or an I/O error: every committed document is kept (catalog
        # transactions, atomic raw-store writes), and the next sync resumes from there.
        raise SourceError(
            f"sync stopped: the data home {home} could not be written ({_os_reason(e)})",
            hint="free disk space (or check permissions), then run the same sync again: it resumes",
        ) from None
    finally:
        if owns_client and client is not None:
            client.close()
        catalog.close()
        raw.close()
    report.seconds = time.perf_counter() - started
    return report


def _os_reason(e: BaseException) -> str:
    if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return "disk full or file size limit reached"
    text = str(e) or type(e).__name__
    return "disk full or I/O error: " + text if "disk" in text or "I/O" in text else text


def _run_source(src: Source, ctx: Context) -> None:
    catalog = ctx.catalog
    run_id = catalog.start_run(src.name, ctx.since.isoformat() if ctx.since else None)
    cursor = None
    try:
        cursor = src.crawl(ctx)
        src.finalize(ctx)
    except ExportwatchError as e:
        ctx.error(src.name, e, fatal=True)
    rep = ctx.report
    rep.close()
    _check_bounds(src, ctx)
    status = "failed" if rep.failed else "errors" if rep.errors else "ok"
    catalog.finish_run(
        run_id,
        status,
        cursor=None if rep.failed else cursor,
        counts=rep.row(),
        error="; ".join(rep.errors[:5]) or None,
    )


def _check_bounds(src: Source, ctx: Context) -> None:
    n = ctx.catalog.count(src.name)
    bounds = src.spec.expected_count
    if n < bounds.min or (bounds.max is not None and n > bounds.max):
        ctx.warn(f"{src.name}: {n} documents in the catalog, expected {bounds.min}-{bounds.max} (source.yml)")


def payload_files(root: Path) -> list[Path]:
    """The payload files under ``root`` (JSON, XML, HTML, PDF), recursively, in a stable order.

    Raises:
        ConfigError: ``root`` is missing or holds no payload file.
    """
    if not root.is_dir():
        raise ConfigError(f"--from-dir {root}: no such directory")
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in FILE_SUFFIXES)
    if not files:
        raise ConfigError(
            f"--from-dir {root}: no JSON, XML, HTML or PDF files found",
            hint="point it at a folder of recorded API responses, full-text XML, press pages or PDFs",
        )
    return files


# Keys of the JSON payloads sources give: an API document, a search page or list, the snapshot cache.
SOURCE_JSON_KEYS = ("document_number", "results", "rules", "documents", "count")


# e-Gov law XML (a bundled law text or an API v2 answer), which sits beside the payloads in the snapshot.
_EGOV_LAW = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?<(?:Law|law_data_response)[\s>]")


def _looks_like_source_json(data: bytes) -> bool:
    """False only for well-formed JSON of another shape (e.g. reference lists next to the payloads).

    Malformed JSON is let through, so the parser reports it as the error it is.
    """
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        return True
    if isinstance(obj, list):
        return True
    return isinstance(obj, dict) and any(k in obj for k in SOURCE_JSON_KEYS)


def _sync_files(
    agency: str,
    root: Path,
    selected: list[Source],
    catalog: Catalog,
    raw: RawStore,
    report: SyncReport,
    since: date | None,
    today: date | None,
    progress: bool,
) -> None:
    files = payload_files(root)
    ctx = Context(
        FROM_DIR,
        None,
        agency=agency,
        catalog=catalog,
        raw_store=raw,
        reports=report.sources,
        since=since,
        today=today,
        progress=progress,
    )
    if len(selected) == 1:
        ctx.only_source = selected[0].name
    run_id = catalog.start_run(FROM_DIR, since.isoformat() if since else None)
    for path in ctx.track(files, total=len(files), description=f"files in {root}"):
        report.files += 1
        try:
            data = path.read_bytes()
        except OSError as e:
            ctx.error(str(path), f"cannot read {path}: {e.strerror or e}")
            continue
        url = path.resolve().as_uri()
        media_type = FILE_SUFFIXES[path.suffix.lower()]
        sha = sha256_hex(data)
        seen = catalog.seen_payload(sha)
        if seen is None or (seen and not raw.has(sha)):
            if not data.strip():
                ctx.error(str(path), f"empty file {path}")
                continue
            if media_type == "application/json" and not _looks_like_source_json(data):
                ctx.warn(f"{path}: JSON that is no source payload (reference data?): ignored")
                catalog.mark_payload(sha, name=str(path), source=None, doc_ids=[])
                continue
            if _EGOV_LAW.match(data):
                ctx.warn(f"{path}: e-Gov law XML (a law text the graph build reads, not a document): ignored")
                catalog.mark_payload(sha, name=str(path), source=None, doc_ids=[])
                continue
            sha = raw.put(data, url=url, headers={"Content-Type": media_type})
        ctx.ingest(data, name=str(path), url=url, sha=sha, media_type=media_type)
    for src in selected:
        src.finalize(ctx)
    rep = ctx.report
    rep.close()
    catalog.finish_run(run_id, "errors" if report.errors else "ok", counts=rep.row())
