"""Military End-User list: the eCFR's supplement no. 7 to part 744 on the sync day, kept when whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.ecfr_supplement import crawl_supplement

if TYPE_CHECKING:
    from ingest.context import Context


def crawl(ctx: Context) -> str | None:
    """Fetch the supplement's XML, turn its table into list rows, keep them when they parse."""
    return crawl_supplement(ctx)
