"""The context a crawler works through: fetching, parsing, emitting, logging and errors.

A crawler does all its fetching, parsing, emitting and logging through the ``Context``, which owns
the HTTP client, raw store and catalog, counts what happened, and records every failure (naming the
document or URL and the cause) in the catalog so the next sync retries it. ``Context.ingest`` is the
one path from payload bytes to catalog rows: live crawls and ``sync --from-dir`` both go through it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from exportwatch.errors import ConfigError, ExportwatchError, ParseError, SourceError
from exportwatch.vocab.identifiers import BIS_AGENCY
from ingest.catalog import Catalog
from ingest.http import FetchResult, HostUnreachable, HttpClient
from ingest.models import SOURCE_FEDERAL_REGISTER, DocumentMeta, ParsedDocument
from ingest.rawstore import RawStore, sha256_hex
from ingest.sources import SourceSpec

log = logging.getLogger("exportwatch.sync")
log.addHandler(logging.NullHandler())  # the sync report shows warnings and errors; logging is opt-in
T = TypeVar("T")
DEFAULT_AGENCY = BIS_AGENCY


@dataclass
class SourceReport:
    """What one sync did for one source."""

    source: str
    outcomes: dict[str, str] = field(default_factory=dict)  # doc id -> new | changed | unchanged
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_payloads: int = 0
    requests: int = 0
    not_modified: int = 0
    failed: bool = False  # a listing step failed: the cursor must not advance
    not_tried: dict[str, int] = field(default_factory=dict)  # host -> requests skipped (host down)

    def close(self) -> None:
        """Sum up the requests skipped because their host was down (one error line per host)."""
        for host, n in self.not_tried.items():
            self.errors.append(f"EW101 {n} further request(s) to {host} not tried: it kept failing this run")
        self.not_tried.clear()

    def count(self, outcome: str) -> int:
        return sum(1 for v in self.outcomes.values() if v == outcome)

    def row(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "seen": len(self.outcomes),
            "new": self.count("new"),
            "changed": self.count("changed"),
            "unchanged": self.count("unchanged"),
            "skipped_payloads": self.skipped_payloads,
            "not_modified": self.not_modified,
            "errors": len(self.errors),
        }


_RANK = {"unchanged": 0, "changed": 1, "new": 2}


_AGENCY_NOISE = {"of", "the", "and", "department", "dept", "u", "s", "us"}


def _agency_words(name: str) -> frozenset[str]:
    return frozenset(w for w in re.split(r"[^a-z0-9]+", name.lower()) if w and w not in _AGENCY_NOISE)


def agency_matches(meta: DocumentMeta, agency: str | None) -> bool:
    """Whether a Federal Register document is the configured agency's (by its slug).

    ``industry-and-security-bureau`` matches "Bureau of Industry and Security" and "Industry and
    Security Bureau" (as agency or sub-agency). Documents of other sources, documents whose
    agency is unknown (the snapshot cache kept none), or no configured agency: always True.
    """
    if not agency or meta.source != SOURCE_FEDERAL_REGISTER:
        return True
    names = [n for n in (meta.agency, meta.subagency) if n]
    if not names:
        return True
    wanted = _agency_words(agency)
    return any(_agency_words(n) == wanted for n in names)


def sniff_kind(data: bytes, *, name: str = "", media_type: str | None = None) -> str:
    """The payload kind, as the parsers' router sees it: ``pdf``, ``json``, ``html``, ``xml`` or ``text``."""
    from ingest.detect import sniff

    return sniff(data, name=name, media_type=media_type) or "other"


class Context:
    """What a crawler works through: fetching, parsing, emitting, logging, errors.

    Args:
        source: Name of the source (``federal-register``, ``bis-press``, ``guidance``).
        spec: Its ``source.yml``; None for ``--from-dir`` replays, where the parser decides.
        agency: The Federal Register agency slug whose documents are kept.
        catalog: Catalog the documents go to.
        raw_store: Where payloads are kept.
        client: HTTP client (None for ``--from-dir``).
        reports: Per-source reports, shared by every context of one sync.
        since: Start date asked for on the command line, if any.
        today: The date the sync treats as today.
        progress: Show progress bars (only on a terminal).
    """

    def __init__(
        self,
        source: str,
        spec: SourceSpec | None,
        *,
        agency: str = DEFAULT_AGENCY,
        catalog: Catalog,
        raw_store: RawStore,
        client: HttpClient | None = None,
        reports: dict[str, SourceReport] | None = None,
        since: date | None = None,
        today: date | None = None,
        progress: bool = False,
    ) -> None:
        self.source = source
        self.spec = spec
        self.agency = agency
        self.catalog = catalog
        self.raw_store = raw_store
        self.client = client
        self.reports = reports if reports is not None else {}
        self.since = since
        self.today = today or date.today()
        self.progress = progress
        self.log = logging.getLogger(f"exportwatch.sync.{source}")
        self.only_source: str | None = None  # from-dir: keep only documents of this source
        self.reports.setdefault(source, SourceReport(source))

    @property
    def report(self) -> SourceReport:
        """This source's report."""
        return self.reports.setdefault(self.source, SourceReport(self.source))

    def option(self, key: str, default: T) -> T:
        """A crawler option from ``source.yml`` (``options:``), or ``default``."""
        if self.spec is None:
            return default
        value: T = self.spec.options.get(key, default)
        return value

    def url(self, key: str) -> str:
        """A URL named in ``source.yml`` (``urls:``)."""
        if self.spec is None or key not in self.spec.urls:
            raise ConfigError(f"source {self.source} has no URL {key!r} in its source.yml")
        return self.spec.urls[key]

    # --- logging and errors ----------------------------------------------------------------

    def warn(self, message: str) -> None:
        """Log a warning and keep it in the report."""
        self.log.warning(message)
        self.report.warnings.append(message)

    def error(self, target: str, exc: ExportwatchError | str, *, fatal: bool = False) -> None:
        """Record a failure of ``target`` (document id or URL) in the catalog and the report.

        Args:
            target: Document id when known, else the URL or file.
            exc: The error, or a message.
            fatal: A listing step failed, so this run must not advance the source's cursor.
        """
        if isinstance(exc, HostUnreachable):
            # Recorded for the retry, summed up in the report instead of one line per request.
            self.catalog.record_error(target, self.source, exc.message)
            self.report.not_tried[exc.host] = self.report.not_tried.get(exc.host, 0) + 1
            self.report.failed = self.report.failed or fatal
            return
        message = exc.message if isinstance(exc, ExportwatchError) else str(exc)
        if target not in message:
            message = f"{target}: {message}"
        code = exc.code if isinstance(exc, ExportwatchError) else "EW000"
        self.log.error("%s %s", code, message)
        self.report.errors.append(f"{code} {message}")
        self.catalog.record_error(target, self.source, message)
        if fatal:
            self.report.failed = True

    # --- fetching ----------------------------------------------------------------------------

    def fetch(
        self, url: str, *, params: dict[str, Any] | None = None, expect: str | None = None
    ) -> FetchResult:
        """GET through the shared client (politeness, cache, retries, raw store).

        Raises:
            SourceError: See ``HttpClient.get``.
        """
        if self.client is None:
            raise SourceError(f"cannot fetch {url}: this sync reads local files only (--from-dir)")
        before = self.client.requests
        try:
            result = self.client.get(url, params=params, expect=expect)
        finally:
            self.report.requests += self.client.requests - before
        if result.not_modified:
            self.report.not_modified += 1
        return result

    def try_fetch(
        self,
        url: str,
        *,
        target: str | None = None,
        params: dict[str, Any] | None = None,
        expect: str | None = None,
        fatal: bool = False,
    ) -> FetchResult | None:
        """``fetch``, recording a failure against ``target`` (or the URL) instead of raising."""
        try:
            return self.fetch(url, params=params, expect=expect)
        except SourceError as e:
            self.error(target or url, e, fatal=fatal)
            return None

    # --- parsing and emitting ------------------------------------------------------------------

    def ingest(
        self,
        data: bytes,
        *,
        name: str,
        url: str | None = None,
        sha: str | None = None,
        media_type: str | None = None,
        doc_id: str | None = None,
        pending_full_text: Callable[[DocumentMeta], bool] | None = None,
        adapt: Callable[[ParsedDocument], ParsedDocument] | None = None,
        keep: Callable[[DocumentMeta], bool] | None = None,
        fatal: bool = False,
    ) -> list[str] | None:
        """Parse one payload and merge the documents it holds into the catalog.

        A payload whose sha256 was already processed without error is not parsed again.

        Args:
            data: Payload bytes (already in the raw store).
            name: URL or file it came from (for messages and the parser).
            url: The URL, when fetched.
            sha: Its sha256 (computed when None).
            media_type: Content-Type, when known.
            doc_id: The document the payload belongs to, when known (errors are recorded on it).
            pending_full_text: Tells, per document, whether its full text is still to be fetched
                (state ``fetched`` instead of ``parsed``).
            adapt: Adjusts each parsed document before it is stored (e.g. the guidance source).
            keep: Which documents of the payload to store (e.g. one agency's of a whole list).
            fatal: A parse failure means a listing step failed (the cursor must not advance).

        Returns:
            The ids of the documents in the payload, or None when it failed (error recorded).
        """
        sha = sha or sha256_hex(data)
        known = self.catalog.seen_payload(sha)
        if known is not None:
            self.report.skipped_payloads += 1
            for d in known:
                self._outcome(d, "unchanged")
            self._recovered(doc_id)
            return known
        try:
            # The parser takes the name as a hint (a file name or URL path): no query string, whose
            # field lists (``fields[]=public_inspection_pdf_url``) would read as hints too.
            docs = _parse(data, name=name.split("?", 1)[0], media_type=media_type, url=url)
            if adapt is not None:
                docs = [adapt(d) for d in docs]
        except ParseError as e:
            self.raw_store.mark_bad(url or name, sha)
            if name not in e.message:
                e = ParseError(f"{name}: {e.message}", hint=e.hint)
            self.error(doc_id or name, e, fatal=fatal)
            return None
        kind = sniff_kind(data, name=name.split("?", 1)[0], media_type=media_type)
        ids: list[str] = []
        partial = False  # documents left out by this run's own filters: process the payload again later
        for doc in docs:
            if keep is not None and not keep(doc.meta):
                continue
            if len(docs) > 1 and not agency_matches(doc.meta, self.agency):
                continue  # another agency's document on a shared list (public inspection, daily issue)
            published = doc.meta.publication_date
            if (self.only_source and doc.meta.source != self.only_source) or (
                self.since and published and published < self.since.isoformat()
            ):
                partial = True
                continue
            pending = pending_full_text(doc.meta) if pending_full_text else False
            self.emit(doc, kind=kind, sha=sha, name=name, state="fetched" if pending else "parsed")
            ids.append(doc.meta.document_number)
        if not partial:
            self.catalog.mark_payload(sha, name=name, source=self.source, doc_ids=ids)
        self._recovered(doc_id)
        return ids

    def _recovered(self, doc_id: str | None) -> None:
        """A payload of ``doc_id`` went through: a document left in ``error`` is parsed again."""
        if doc_id is None:
            return
        doc = self.catalog.get(doc_id)
        if doc is not None and doc["state"] == "error":
            self.catalog.set_state(doc_id, "parsed")
            self.catalog.resolve_errors(doc_id)

    def emit(self, doc: ParsedDocument, *, kind: str, sha: str, name: str, state: str = "parsed") -> str:
        """Store one parsed document as a part of its catalog row.

        Returns:
            ``new``, ``changed`` or ``unchanged``.
        """
        meta = doc.meta
        part_kind = "pi" if kind == "json" and meta.public_inspection else kind
        digest = None
        if part_kind == "html":
            # Press pages carry volatile markup: their content is the parsed text and metadata.
            digest = hashlib.sha256((repr(sorted(meta.to_json().items())) + doc.text).encode()).hexdigest()
        is_new, changed = self.catalog.add_part(
            meta, kind=part_kind, sha=sha, name=name, state=state, digest=digest
        )
        outcome = "new" if is_new else "changed" if changed else "unchanged"
        if is_new or changed:
            self.catalog.resolve_errors(meta.document_number)
        target = self.reports.setdefault(meta.source, SourceReport(meta.source))
        prev = target.outcomes.get(meta.document_number)
        if prev is None or _RANK[outcome] > _RANK[prev]:
            target.outcomes[meta.document_number] = outcome
        return outcome

    def _outcome(self, doc_id: str, outcome: str) -> None:
        doc = self.catalog.get(doc_id)
        src = doc["source"] if doc else self.source
        rep = self.reports.setdefault(src, SourceReport(src))
        prev = rep.outcomes.get(doc_id)
        if prev is None or _RANK[outcome] > _RANK[prev]:
            rep.outcomes[doc_id] = outcome

    # --- progress ----------------------------------------------------------------------------

    def track(self, items: Iterable[T], *, total: int | None = None, description: str = "") -> Iterator[T]:
        """Iterate with a progress bar when progress is on (a terminal), plainly otherwise."""
        if not self.progress or not sys.stderr.isatty():
            yield from items
            return
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, transient=True) as bar:
            task = bar.add_task(description or self.source, total=total)
            for item in items:
                yield item
                bar.advance(task)


def _parse(data: bytes, *, name: str, media_type: str | None, url: str | None) -> list[ParsedDocument]:
    # Imported here: the parsers pull in lxml, pdfplumber and BeautifulSoup, which the CLI
    # should not pay for on every start.
    from ingest.detect import parse_payload

    try:
        return parse_payload(data, name=name, media_type=media_type, url=url)
    except (RecursionError, MemoryError) as e:
        # A pathological payload (e.g. JSON nested a hundred thousand deep) is that file's error,
        # never the end of the whole sync.
        raise ParseError(f"{name}: cannot be parsed ({type(e).__name__}: nested or too large)") from None


def with_source(doc: ParsedDocument, **changes: Any) -> ParsedDocument:
    """A copy of ``doc`` with metadata fields replaced (e.g. ``source``, ``document_number``)."""
    return replace(doc, meta=replace(doc.meta, **changes))
