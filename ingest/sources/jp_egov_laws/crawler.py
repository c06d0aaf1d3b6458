"""e-Gov law API v2 crawler: Japanese export-control laws as of each amendment's in-force date.

Live: ``/law_revisions/{law_id}`` lists every revision with its ``amendment_enforcement_date`` and
``amendment_law_num`` (the amending instrument); for each revision in force between ``history_since`` (or
``--since``) and today, the whole law as of that date is fetched from
``/law_data/{law_id}?asof=YYYY-MM-DD&response_format=xml`` and kept in the raw store (each distinct payload
once; a date already stored is not fetched again). ``stored_versions`` reads the payloads back for the
graph build; ``bundled_versions`` reads the trimmed real excerpts bundled with exportwatch (offline). Both go
through ``ingest.parse_egov.parse_egov`` and ``ingest.text.egov.article_versions``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from exportwatch.errors import ExportwatchError, ParseError, SourceError
from ingest.context import Context
from ingest.http import HttpClient
from ingest.parse_egov import parse_egov
from ingest.rawstore import RawStore
from ingest.text import TextVersion
from ingest.text.egov import article_versions
from ingest.text.excerpts import read_manifest

API = "https://laws.e-gov.go.jp/api/2"
XML = {"Accept": "application/xml"}
JSON = {"Accept": "application/json"}
_LAW_ID = re.compile(r"^[0-9]{3}[A-Z0-9]{12}$")
_DATA_RE = re.compile(r"/law_data/([0-9]{3}[A-Z0-9]{12})\?asof=(\d{4}-\d{2}-\d{2})&response_format=xml$")


@dataclass(frozen=True)
class Revision:
    """One revision of a law as the revision list gives it."""

    law_id: str
    in_force: str  # ISO date
    instrument: str


def revisions_url(api: str, law_id: str) -> str:
    return f"{api}/law_revisions/{law_id}"


def data_url(api: str, law_id: str, day: str) -> str:
    """The law as of ``day``, as XML (the URL the raw store keys the payload by)."""
    return f"{api}/law_data/{law_id}?asof={day}&response_format=xml"


def revisions(payload: bytes, *, law_id: str, source: str) -> list[Revision]:
    """The revisions of a ``/law_revisions`` answer that are in force, oldest first (one per date).

    Raises:
        ParseError: not the revision-list shape (``revisions`` with ``amendment_enforcement_date``), or an
            API error body (``code``/``message``).
    """
    try:
        data = json.loads(payload)
    except ValueError:
        raise ParseError(f"{source}: the e-Gov revision list is not JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("revisions"), list):
        detail = data.get("message") if isinstance(data, dict) else None
        raise ParseError(
            f"{source}: not an e-Gov revision list" + (f" (API says: {detail})" if detail else "")
        )
    by_day: dict[str, Revision] = {}
    for r in data["revisions"]:
        if not isinstance(r, dict):
            raise ParseError(f"{source}: a revision that is not an object")
        day = str(r.get("amendment_enforcement_date") or "")[:10]
        if r.get("current_revision_status") == "UnEnforced" or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            continue  # a revision not yet in force (or with its date still unknown) has no text in force
        by_day.setdefault(day, Revision(law_id, day, str(r.get("amendment_law_num") or "")))
    return [by_day[d] for d in sorted(by_day)]


def law_revisions(client: HttpClient, *, api: str, law_id: str) -> list[Revision]:
    """The revisions in force of one law, oldest first.

    Raises:
        SourceError: not a law id, or the revision list cannot be fetched (after the client's retries).
        ParseError: the revision list is malformed.
    """
    if not _LAW_ID.match(law_id):
        raise SourceError(f"{law_id!r} is not an e-Gov law id (e.g. 403M50000400049)")
    listing = client.get(revisions_url(api, law_id), expect="json", headers=JSON)
    return revisions(listing.data, law_id=law_id, source=listing.url)


def fetch_version(client: HttpClient, *, api: str, rev: Revision, raw: RawStore | None) -> tuple[str, bool]:
    """Fetch the law as of a revision's in-force date (unless stored): ``(sha256, new)``.

    Raises:
        SourceError: the payload cannot be fetched or is not XML (an error page served with status 200 is
            refused by the client and not stored).
    """
    url = data_url(api, rev.law_id, rev.in_force)
    rec = raw.latest(url) if raw is not None else None
    if rec is not None:
        return rec.sha256, False
    result = client.get(url, expect="xml", headers=XML)
    return result.sha256, True


def fetch_law_versions(
    client: HttpClient, *, api: str, law_id: str, since: str, until: str, raw: RawStore | None
) -> Iterator[tuple[Revision, str, bool]]:
    """Fetch the law as of each revision in force from ``since`` to ``until``: yields ``(revision, sha256,
    new)``; the first failure raises (``crawl`` records failures one version at a time instead)."""
    for rev in law_revisions(client, api=api, law_id=law_id):
        if since <= rev.in_force <= until:
            yield (rev, *fetch_version(client, api=api, rev=rev, raw=raw))


def crawl(ctx: Context) -> str | None:
    """Fetch every configured law as of each amendment in force since ``history_since`` (or ``--since``).

    A revision list that cannot be read fails that law; a version that cannot be fetched is recorded as
    that version's error and the others are still fetched (the next sync retries it).
    """
    if ctx.client is None:
        raise SourceError("the e-Gov source needs the network (offline, the bundled excerpts are loaded)")
    api = ctx.url("api")
    since = ctx.since.isoformat() if ctx.since else str(ctx.option("history_since", "2022-01-01"))
    until = ctx.today.isoformat()
    configured: list[str] = ctx.option("laws", [])
    laws = [str(x) for x in configured]
    for law_id in laws:
        try:
            found = law_revisions(ctx.client, api=api, law_id=law_id)
        except (SourceError, ParseError) as e:
            ctx.error(f"egov:{law_id}", e, fatal=True)
            continue
        for rev in found:
            if not since <= rev.in_force <= until:
                continue
            key = f"egov:{law_id}@{rev.in_force}"
            try:
                _sha, new = fetch_version(ctx.client, api=api, rev=rev, raw=ctx.raw_store)
            except SourceError as e:
                ctx.error(key, e, fatal=True)  # the cursor must not pass a version not fetched
                continue
            ctx.report.outcomes[key] = "new" if new else "unchanged"
    return until


@dataclass(frozen=True)
class StoredVersion:
    law_id: str
    day: str
    url: str
    sha256: str


def stored(raw: RawStore) -> list[StoredVersion]:
    """Every law version the raw store holds from the API (latest usable payload per URL: one marked bad
    after failing to parse is skipped), by law and date."""
    urls = {rec.url for rec in raw.records() if _DATA_RE.search(rec.url)}
    out = []
    for url in urls:
        rec = raw.latest(url)
        m = _DATA_RE.search(url)
        if rec is not None and m and 200 <= rec.status < 300:
            out.append(StoredVersion(m.group(1), m.group(2), url, rec.sha256))
    return sorted(out, key=lambda v: (v.law_id, v.day))


def stored_versions(raw: RawStore, errors: dict[str, str]) -> list[TextVersion]:
    """The article versions of every stored law version; a payload that does not parse is reported in
    ``errors`` (by URL), contributes nothing and is marked bad in the raw store, so that the next sync
    fetches the URL again; the others still load."""
    out: list[TextVersion] = []
    for v in stored(raw):
        try:
            parsed = parse_egov(raw.get(v.sha256), source_name=v.url, law_id=v.law_id)
            if parsed.in_force is not None and parsed.in_force.isoformat() != v.day:
                raise ParseError(
                    f"{v.url}: revision_info says in force {parsed.in_force.isoformat()}, asked as of {v.day}"
                )
            out.extend(article_versions(parsed, source=v.url, source_url=v.url, complete=True))
        except ExportwatchError as e:
            errors[v.url] = f"error {e.code}: {e.message}"
            raw.mark_bad(v.url, v.sha256)
    return out


def bundled_versions(directory: Path) -> list[TextVersion]:
    """The article versions of the trimmed real excerpts in ``directory`` (listed in ``excerpts.yml`` with
    the source each was copied from and, per article, the designations the excerpt holds completely).

    Raises:
        ParseError: the manifest is missing or malformed, or an excerpt does not parse.
    """
    repo, entries = read_manifest(directory)
    out: list[TextVersion] = []
    for entry in entries:
        path = directory / str(entry["file"])
        parsed = parse_egov(path.read_bytes(), source_name=path.name)
        source = f"{repo}:{entry['path']}"
        official = data_url(API, parsed.law_id or "", parsed.in_force.isoformat() if parsed.in_force else "")
        versions = article_versions(parsed, source=source, source_url=official, partial=entry.get("partial"))
        out.extend(versions)
    return out
