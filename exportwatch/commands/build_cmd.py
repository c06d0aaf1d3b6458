"""``exportwatch build``: extract what the catalog holds and load it into the graph."""

from __future__ import annotations

from typing import Annotated

import typer

from exportwatch.clikit import check_format, emit, err_console, guarded, settings, to_json
from exportwatch.lock import home_lock


def register(app: typer.Typer) -> None:
    app.command("build")(build)


@guarded
def build(
    ctx: typer.Context,
    reload: Annotated[
        bool,
        typer.Option("--reload", help="Extract and load every catalogued document again (e.g. a new store)."),
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Extract facts from new or changed documents and load them into the graph.

    Also (re)loads the curated regime data and the reference lists (Commerce Control List, EU Annex I,
    Entity List). The store is EXPORTWATCH_GRAPH_URL (default: the embedded store in the data home).
    Exits 1 when a document failed; the others are loaded and the failed ones retried next time.
    """
    check_format(fmt, ("table", "json"))
    from exportwatch.app import update_graph

    s = settings(ctx)
    with home_lock(s.home, "build"):
        report = update_graph(s, reload=reload, progress=fmt == "table")
    if fmt == "json":
        body = {"store": report.store, "stages": report.rows(), "errors": report.errors}
        if report.recovered:
            body["recovered"] = report.recovered
        typer.echo(to_json(body))
    else:
        if report.recovered:
            err_console.print(report.recovered, highlight=False, markup=False)
        emit(report.rows(), "table", title=f"graph {report.store}")
        for doc_id, msg in report.errors.items():
            err_console.print(f"{doc_id}: {msg}", highlight=False, markup=False)
    if report.errors:
        raise typer.Exit(1)
