"""MOFCOM counter-lists: fetch the rows of the three lists, parse them, keep the version when it parses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.allied_lists import AlliedSnapshot
from ingest.list_crawl import crawl_files
from ingest.list_sources import bases, bounds
from ingest.parse_cn_mofcom import parse_mofcom_lists
from ingest.sources import SourceSpec

if TYPE_CHECKING:
    from ingest.context import Context


def parse(data: bytes, name: str, spec: SourceSpec, check: bool = True) -> list[AlliedSnapshot]:
    """The three lists of one file (the same parser for live and bundled files)."""
    return parse_mofcom_lists(
        data, name=name, bases=bases(spec), source=spec.name, bounds=bounds(spec, check=check)
    )


def crawl(ctx: Context) -> str | None:
    """Fetch the lists and keep them in the data home when they parse."""
    assert ctx.spec is not None
    spec = ctx.spec
    return crawl_files(ctx, lambda data, name: parse(data, name, spec))
