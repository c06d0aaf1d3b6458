"""eCFR versioner crawler: the EAR parts on every amendment date since a start date.

Live: ``/versions/title-15.json?part=N`` lists the amendment dates of each section and appendix of part N;
for each distinct date (from ``history_since``, or ``--since``) the part's XML on that date is fetched from
``/full/{date}/title-15.xml?part=N`` with ``Accept: application/xml`` (without it the versioner may answer
406) and kept in the raw store, which stores each distinct payload once. A date whose payload is already
stored is not fetched again. ``stored_parts`` reads the payloads back for the graph build; offline, the same
parser reads any part XML given to it (``ingest.parse_ecfr.parse_part``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from exportwatch.errors import ParseError, SourceError
from ingest.context import Context
from ingest.http import HttpClient
from ingest.rawstore import RawStore

API = "https://www.ecfr.gov/api/versioner/v1"
FIRST_RELIABLE = "2017-01-03"
XML = {"Accept": "application/xml"}
JSON = {"Accept": "application/json"}
_FULL_RE = re.compile(r"/full/(\d{4}-\d{2}-\d{2})/title-(\d+)\.xml\?part=(\d+)$")


def versions_url(api: str, title: int) -> str:
    return f"{api}/versions/title-{title}.json"


def full_url(api: str, day: str, title: int, part: int | str) -> str:
    return f"{api}/full/{day}/title-{title}.xml?part={part}"


def amendment_dates(payload: bytes, *, since: str, source: str) -> list[str]:
    """Distinct amendment dates on or after ``since`` in a versions-list answer, oldest first.

    Raises:
        ParseError: not the versions-list shape (``content_versions`` with ``amendment_date``).
    """
    try:
        data = json.loads(payload)
        rows = data["content_versions"]
        dates = {str(r["amendment_date"])[:10] for r in rows}
    except (ValueError, KeyError, TypeError) as e:
        raise ParseError(f"{source}: not an eCFR versions list ({type(e).__name__}: {e})") from None
    lower = max(since, FIRST_RELIABLE)
    return sorted(d for d in dates if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) and d >= lower)


def fetch_part_versions(
    client: HttpClient, *, api: str, title: int, part: int | str, since: str, raw: RawStore | None
) -> Iterator[tuple[str, str, bool]]:
    """Fetch the part XML on each amendment date: yields ``(date, sha256, new)``.

    Raises:
        SourceError: the versions list cannot be fetched (after the client's retries).
    """
    listing = client.get(
        versions_url(api, title),
        params={"part": str(part), "issue_date[gte]": since},
        expect="json",
        headers=JSON,
    )
    for day in amendment_dates(listing.data, since=since, source=listing.url):
        url = full_url(api, day, title, part)
        if raw is not None and raw.latest(url) is not None:
            rec = raw.latest(url)
            assert rec is not None
            yield day, rec.sha256, False
            continue
        result = client.get(url, expect="xml", headers=XML)
        yield day, result.sha256, True


def crawl(ctx: Context) -> str | None:
    """Fetch every EAR part on every amendment date since ``history_since`` (or ``--since``)."""
    if ctx.client is None:
        raise SourceError("the eCFR source needs the network (or give part XML to ingest.parse_ecfr)")
    api = ctx.url("api")
    title = int(ctx.option("title", 15))
    since = ctx.since.isoformat() if ctx.since else str(ctx.option("history_since", FIRST_RELIABLE))
    for part in ctx.option("parts", [744]):
        try:
            for day, _sha, new in fetch_part_versions(
                ctx.client, api=api, title=title, part=part, since=since, raw=ctx.raw_store
            ):
                ctx.report.outcomes[f"ecfr:{title}/{part}@{day}"] = "new" if new else "unchanged"
        except (SourceError, ParseError) as e:
            ctx.error(f"ecfr:{title}/{part}", e, fatal=True)
    return ctx.today.isoformat()


@dataclass(frozen=True)
class StoredPart:
    """A part's XML on a date, as kept in the raw store."""

    title: int
    part: str
    day: str
    url: str
    sha256: str


def stored_parts(raw: RawStore) -> list[StoredPart]:
    """Every part XML the raw store holds from the versioner (latest payload per URL), by part and date."""
    latest: dict[str, StoredPart] = {}
    for rec in raw.records():
        m = _FULL_RE.search(rec.url)
        if m and 200 <= rec.status < 300:
            latest[rec.url] = StoredPart(int(m.group(2)), m.group(3), m.group(1), rec.url, rec.sha256)
    return sorted(latest.values(), key=lambda p: (p.title, int(p.part), p.day))
