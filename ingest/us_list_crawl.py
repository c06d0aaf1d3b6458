"""The crawl every US list source runs: fetch the list, turn it into a list file, parse it, keep it.

A US list file is kept in ``<home>/lists/`` (where ``exportwatch update`` reads list files beside the
bundled ones in ``exportwatch/snapshot/lists/``) only when it parses whole with the same parser the
offline files go through (``ingest.parse_lists.read_list_file``); a download that fails (a changed layout,
a truncated answer, an HTTP error) is reported and the version kept before stays the one in use.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from exportwatch.errors import ParseError, SourceError
from ingest.list_sources import keep
from ingest.parse_lists import ListSnapshot, read_list_file

if TYPE_CHECKING:
    from ingest.context import Context

Convert = Callable[[bytes, str], bytes]


def us_lists_home(ctx: Context) -> Path:
    """``<home>/lists`` (the data home is the raw store's parent)."""
    return ctx.raw_store.root.parent / "lists"


def parse_kept(data: bytes, filename: str) -> list[ListSnapshot]:
    """Parse a list file's bytes as they would be read back from ``filename`` (the offline path).

    Raises:
        ParseError: The file cannot be read whole.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / filename
        path.write_bytes(data)
        return read_list_file(path)


def check_count(ctx: Context, snaps: list[ListSnapshot], name: str) -> None:
    """Refuse a download whose entry count is outside the source's ``options.expected_entries``.

    Raises:
        ParseError: Too few or too many entries.
    """
    if ctx.spec is None:
        return
    bounds: dict[str, int] = ctx.spec.options.get("expected_entries") or {}
    lo, hi = int(bounds.get("min", 0)), bounds.get("max")
    n = sum(len(s.entries) for s in snaps)
    if n < lo or (hi is not None and n > hi):
        raise ParseError(
            f"list file {name}: {n} entries, outside the {lo}-{hi or 'any'} the "
            f"{ctx.source} source expects; it was not kept"
        )


def crawl_list(
    ctx: Context,
    *,
    url: str,
    filename: Callable[[str], str],
    convert: Convert | None = None,
    params: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> str | None:
    """Fetch ``url``, convert the answer into a list file, parse it, keep it as ``filename(day)``.

    Args:
        filename: The kept file's name for the day the sync runs (the file's own date is used by the parser
            when it has one).
        convert: Turns the answer into the list file (e.g. the eCFR XML into supplement rows).

    Returns:
        Today's date as the cursor, or None when the list could not be fetched or read whole.
    """
    if ctx.client is None:
        raise SourceError(f"the {ctx.source} source needs the network (its bundled copy is read offline)")
    day = ctx.today.isoformat()
    before = ctx.client.requests
    try:
        res = ctx.client.get(url, params=params, headers=headers)
    except SourceError as e:
        ctx.error(url, e, fatal=True)
        return None
    finally:
        ctx.report.requests += ctx.client.requests - before
    name = filename(day)
    try:
        data = convert(res.data, res.url) if convert else res.data
        snaps = parse_kept(data, name)
        check_count(ctx, snaps, res.url)
    except ParseError as e:
        ctx.error(res.url, e, fatal=True)  # the version kept before stays the one in use
        return None
    new = keep(us_lists_home(ctx), name, data)
    for s in snaps:
        ctx.report.outcomes[s.id] = "new" if new else "unchanged"
        for problem in s.problems[:20]:
            ctx.warn(problem)
    return day
