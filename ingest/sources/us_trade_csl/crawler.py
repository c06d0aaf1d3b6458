"""Consolidated Screening List: the bulk JSON, kept when its BIS lists parse whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.us_list_crawl import crawl_list

if TYPE_CHECKING:
    from ingest.context import Context


def crawl(ctx: Context) -> str | None:
    """Fetch the bulk file and keep it in ``<home>/lists``, named after the day, when it parses."""
    file = str(ctx.option("file", "trade_gov_csl_{day}.json"))
    return crawl_list(
        ctx,
        url=ctx.url("data"),
        filename=lambda day: file.format(day=day),
        headers={"Accept": "application/json"},
    )
