"""The crawl every allied list source runs: fetch each file, parse it, keep it only when it parses.

Separate from ``ingest.list_sources`` so that reading bundled files imports no HTTP code.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from exportwatch.errors import ParseError
from ingest.allied_lists import AlliedSnapshot
from ingest.list_sources import keep

if TYPE_CHECKING:
    from ingest.context import Context

Convert = Callable[[bytes, str], bytes]


def lists_home(ctx: Context) -> Path:
    """``<home>/lists/allied/<source>`` (the data home is the raw store's parent)."""
    return ctx.raw_store.root.parent / "lists" / "allied" / ctx.source


def crawl_files(
    ctx: Context,
    parse: Callable[[bytes, str], list[AlliedSnapshot]],
    *,
    convert: Convert | None = None,
) -> str | None:
    """Fetch every ``urls`` entry named in ``options.files``, parse it, keep the versions that parse.

    Args:
        parse: The source's parser (the same one the offline path uses).
        convert: Turns the download into the kept file (e.g. a PDF into its text), when needed.

    Returns:
        Today's date as the cursor, or None when a file failed (the cursor does not advance).
    """
    files: dict[str, str] = ctx.option("files", {})
    folder = lists_home(ctx)
    ok = True
    for key, filename in files.items():
        url = ctx.url(key)
        res = ctx.try_fetch(url, fatal=True)
        if res is None:
            ok = False
            continue
        try:
            data = convert(res.data, url) if convert else res.data
            snaps = parse(data, url)
        except ParseError as e:
            ctx.error(url, e, fatal=True)  # the previous version stays the one in use
            ok = False
            continue
        date = max(s.snapshot for s in snaps)
        new = keep(folder, f"{date}_{filename}", data)
        for s in snaps:
            ctx.report.outcomes[s.id] = "new" if new else "unchanged"
    return ctx.today.isoformat() if ok else None
