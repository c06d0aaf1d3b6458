"""``exportwatch docs``: the documents in the catalog (``list``, ``show``)."""

from __future__ import annotations

from typing import Annotated

import typer

from exportwatch.clikit import check_format, emit, guarded, settings, to_json
from exportwatch.errors import ExportwatchError

LIST_COLUMNS = ["document_number", "source", "type", "publication_date", "state", "payloads", "title"]
SOURCE_CHOICES = ("federal-register", "bis-press", "guidance")

docs_app = typer.Typer(help="Documents in the catalog.", no_args_is_help=True)


@docs_app.command("list")
@guarded
def list_command(
    ctx: typer.Context,
    source: Annotated[
        str | None, typer.Option("--source", help="Only this source: federal-register, bis-press, guidance.")
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Published on or after YYYY-MM-DD.")] = None,
    state: Annotated[
        str | None,
        typer.Option("--state", help="Only documents in this state (fetched, parsed, ..., error)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
) -> None:
    """List documents: number, source, type, title, publication date, URL and state."""
    from exportwatch.commands.sync_cmd import parse_date
    from ingest.catalog import Catalog

    check_format(fmt)
    if source is not None and source not in SOURCE_CHOICES:
        raise typer.BadParameter(
            f"{source!r} is not one of {', '.join(SOURCE_CHOICES)}", param_hint="--source"
        )
    day = parse_date(since)
    catalog = Catalog(settings(ctx).paths.catalog)
    try:
        rows = catalog.list_documents(source=source, since=day.isoformat() if day else None, state=state)
    finally:
        catalog.close()
    if fmt == "table":
        emit(rows, fmt, columns=LIST_COLUMNS, title=f"{len(rows)} documents")
    else:
        emit(rows, fmt)


@docs_app.command("show")
@guarded
def show_command(
    ctx: typer.Context,
    doc_id: Annotated[str, typer.Argument(help="Document number (2023-03929) or id (bis-press:<slug>).")],
) -> None:
    """Show one document: merged metadata, payloads (sha256 by kind), state and errors."""
    from ingest.catalog import Catalog

    catalog = Catalog(settings(ctx).paths.catalog)
    try:
        doc = catalog.get(doc_id)
    finally:
        catalog.close()
    if doc is None:
        raise ExportwatchError(
            f"no document {doc_id!r} in the catalog", hint="`exportwatch docs list` shows the ids"
        )
    typer.echo(to_json(doc))


def register(app: typer.Typer) -> None:
    """Attach ``docs`` to the app."""
    app.add_typer(docs_app, name="docs")
