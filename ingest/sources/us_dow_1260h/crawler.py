"""Section 1260H list: the list's JSON rows, kept when they parse whole (the offline copy's parser)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.us_list_crawl import crawl_list

if TYPE_CHECKING:
    from ingest.context import Context


def crawl(ctx: Context) -> str | None:
    """Fetch the rows and keep them in ``<home>/lists`` when they parse."""
    file = str(ctx.option("file", "dow_1260h_{day}.json"))
    return crawl_list(ctx, url=ctx.url("data"), filename=lambda day: file.format(day=day))
