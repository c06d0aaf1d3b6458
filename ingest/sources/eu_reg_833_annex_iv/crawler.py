"""EU Regulation 833/2014 Annex IV: fetch the annex rows, parse them, keep the version when it parses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ingest.allied_lists import AlliedSnapshot
from ingest.list_crawl import crawl_files
from ingest.list_sources import bases, bounds
from ingest.parse_eu_833 import parse_annex_csv
from ingest.sources import SourceSpec

if TYPE_CHECKING:
    from ingest.context import Context

LIST = "eu_reg_833_annex_iv"


def parse(data: bytes, name: str, spec: SourceSpec, check: bool = True) -> list[AlliedSnapshot]:
    """The Annex IV rows of one file (the same parser for live and bundled files)."""
    return [
        parse_annex_csv(
            data,
            name=name,
            basis=bases(spec)[LIST],
            source=spec.name,
            annex=str(spec.options.get("annex", "IV")),
            bounds=bounds(spec, check=check),
        )
    ]


def crawl(ctx: Context) -> str | None:
    """Fetch the annex rows and keep them in the data home when they parse."""
    assert ctx.spec is not None
    spec = ctx.spec
    return crawl_files(ctx, lambda data, name: parse(data, name, spec))
