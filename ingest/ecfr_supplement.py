"""The live path of the Entity List and MEU sources: a supplement of part 744 from the eCFR versioner.

``/full/{day}/title-15.xml?part=744&appendix=Supplement No. 4 to Part 744`` with ``Accept:
application/xml`` (the versioner may answer 406 without it) gives the supplement on that day; its table
becomes a list file in the bundled files' shape (``ingest.parse_ecfr_lists.supplement_json``) that is
parsed, and kept, like any other (``ingest.us_list_crawl.crawl_list``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.parse_ecfr_lists import supplement_json
from ingest.us_list_crawl import crawl_list

if TYPE_CHECKING:
    from ingest.context import Context

XML = {"Accept": "application/xml"}


def crawl_supplement(ctx: Context) -> str | None:
    """Fetch the source's supplement on the sync day and keep it when it parses whole."""
    day = ctx.today.isoformat()
    url = ctx.url("ecfr").format(day=day)
    list_id = str(ctx.option("list_id", "bis-entity-list"))
    file = str(ctx.option("file", "{day}.json"))
    params = {"part": str(ctx.option("part", 744)), "appendix": str(ctx.option("appendix", ""))}
    return crawl_list(
        ctx,
        url=url,
        params=params,
        headers=XML,
        filename=lambda d: file.format(day=d),
        convert=lambda data, name: supplement_json(data, list_id=list_id, day=day, name=name),
    )
