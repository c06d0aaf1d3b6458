"""METI End User List: fetch the list rows, parse them, keep the version when it parses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.allied_lists import AlliedSnapshot
from ingest.list_crawl import crawl_files
from ingest.list_sources import bases, bounds
from ingest.parse_jp_lists import parse_end_user_list
from ingest.sources import SourceSpec

if TYPE_CHECKING:
    from ingest.context import Context

LIST = "jp_meti_end_user_list"


def parse(data: bytes, name: str, spec: SourceSpec, check: bool = True) -> list[AlliedSnapshot]:
    """The End User List in one file (the same parser for live and bundled files)."""
    return [
        parse_end_user_list(
            data, name=name, basis=bases(spec)[LIST], source=spec.name, bounds=bounds(spec, check=check)
        )
    ]


def crawl(ctx: Context) -> str | None:
    """Fetch the list and keep it in the data home when it parses."""
    assert ctx.spec is not None
    spec = ctx.spec
    return crawl_files(ctx, lambda data, name: parse(data, name, spec))
