"""``exportwatch extract PATH``: parse any supported file and print what was extracted from each document."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from exportwatch.clikit import check_format, emit, guarded, to_json
from exportwatch.jsonstream import write_json

if TYPE_CHECKING:
    from ingest.models import Extraction

FORMATS = ("json", "table")
LANGS = ("en", "zh")


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)


@guarded
def extract_command(
    path: Annotated[
        Path, typer.Argument(help="A Federal Register XML/JSON file, PDF, press HTML, .txt or .md.")
    ],
    fmt: Annotated[str, typer.Option("--format", help="json (one object per document) or table.")] = "json",
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the document (en, zh); detected when omitted.")
    ] = None,
) -> None:
    """Parse a file and print, per document, its metadata and the mentions, dates, entities and amendments
    found in it (a JSON array by default)."""
    from ingest.detect import parse_path
    from ingest.extract import extract_document

    check_format(fmt, FORMATS)
    if lang is not None and lang not in LANGS:
        raise typer.BadParameter(f"{lang!r} is not one of {', '.join(LANGS)}", param_hint="--lang")
    docs = parse_path(path, lang=lang)
    results = [extract_document(d) for d in docs]
    if fmt == "json":  # written as a stream: one document's records at a time, one mention at a time
        write_json((r.json_items() for r in results), sys.stdout.write, encode=to_json)
        sys.stdout.write("\n")
        return
    for r in results:  # one two-column table per document: readable at any terminal width
        rows = [{"field": k, "value": v} for k, v in _summary(r).items() if v not in (None, "", [], ())]
        emit(rows, "table", columns=["field", "value"], title=r.document.document_number, max_width=90)


def _summary(r: Extraction) -> dict[str, Any]:
    m = r.document
    return {
        "title": m.title,
        "source / type": f"{m.source} / {m.type}",
        "published": m.publication_date,
        "citation": m.citation,
        "pages": f"{m.pages[0]}-{m.pages[1]}" if m.pages else None,
        "agency": "; ".join(x for x in (m.agency, m.subagency) if x),
        "cfr": m.cfr,
        "rin": m.rin,
        "docket": m.docket,
        "action": m.action,
        "dates": m.dates_text,
        "public inspection": "yes" if m.public_inspection else None,
        "links": m.links,
        "found": (
            f"{len(m.amdpar)} amendatory instructions, {m.tables} tables; {len(r.mentions)} mentions, "
            f"{len(r.dates)} dates, {len(r.entities)} entity rows, {len(r.amendments)} amendments"
        ),
        "warnings": r.warnings,
    }
