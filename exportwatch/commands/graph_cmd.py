"""``exportwatch query``, ``exportwatch cypher`` and ``exportwatch export``: read the knowledge graph.

The store is the one ``EXPORTWATCH_GRAPH_URL`` names (default: the embedded ``<home>/graph.lbug``).
``query`` runs a named query of the library; ``cypher`` runs any Cypher, read-only unless ``--write``
(write clauses are refused before anything is sent, and the store is opened read-only where it can
be); ``export`` writes the whole graph as GraphML or JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from exportwatch.clikit import check_format, emit, guarded, settings
from exportwatch.errors import ExportwatchError, QueryError, StoreError

EXPORT_FORMATS = ("graphml", "json")
# graph.store.DEFAULT_QUERY_TIMEOUT, written out so the CLI need not import the graph package to start.
DEFAULT_QUERY_TIMEOUT = 120.0
FORMAT_HELP = "table, json or csv (json is strict: NaN and Infinity become null)."


def parse_params(pairs: list[str] | None, *, typed: bool) -> dict[str, Any]:
    """``key=value`` pairs as a dict; with ``typed``, values that read as JSON (numbers, lists) are parsed."""
    out: dict[str, Any] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise typer.BadParameter(f"{pair!r} is not key=value", param_hint="--param")
        if typed:
            try:
                out[key] = json.loads(value)
            except json.JSONDecodeError:
                out[key] = value
        else:
            out[key] = value
    return out


def _list_queries(fmt: str) -> None:
    import queries

    rows = [
        {
            "name": q.name,
            "title": q.title,
            "parameters": ", ".join(p.describe() for p in q.params),
            "example": q.example,
        }
        for q in queries.list_queries()
    ]
    if fmt == "table":
        emit(
            rows,
            fmt,
            columns=["name", "title", "parameters"],
            title="named queries (exportwatch query NAME -p k=v)",
        )
    else:
        emit(rows, fmt)


@guarded
def query_command(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="Name of a library query (see --list).")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Query parameter as key=value (repeatable).")
    ] = None,
    list_: Annotated[
        bool, typer.Option("--list", help="List the named queries and their parameters.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
    timeout: Annotated[
        float,
        typer.Option("--timeout", help="Stop the query after this many seconds (0: no limit).", min=0),
    ] = DEFAULT_QUERY_TIMEOUT,
) -> None:
    """Run a named query of the library (queries/*.cypher) against the graph."""
    import queries
    from graph.connect import open_store

    check_format(fmt)
    if list_:
        _list_queries(fmt)
        return
    if not name:
        raise QueryError("name a query to run", hint="`exportwatch query --list` shows them")
    q = queries.get_query(name)
    values = parse_params(param, typed=False)
    q.bind(values)  # unknown or missing parameters fail before the store is opened
    with open_store(settings(ctx).store_target, read_only=True, timeout=timeout) as store:
        rows = queries.run(store, name, **values)
    emit(rows, fmt, title=f"{q.title} ({len(rows)} rows)" if fmt == "table" else None)


@guarded
def cypher_command(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="A Cypher query; values go in --param, as $name.")],
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Parameter as key=value (JSON values parsed).")
    ] = None,
    write: Annotated[bool, typer.Option("--write", help="Allow writes (default: read-only).")] = False,
    fmt: Annotated[str, typer.Option("--format", help=FORMAT_HELP)] = "table",
    timeout: Annotated[
        float,
        typer.Option("--timeout", help="Stop the query after this many seconds (0: no limit).", min=0),
    ] = DEFAULT_QUERY_TIMEOUT,
) -> None:
    """Run any Cypher query against the graph (read-only unless --write)."""
    from graph.connect import open_store
    from queries import write_clause

    check_format(fmt)
    values = parse_params(param, typed=True)
    if not write:
        clause = write_clause(query)
        if clause:
            raise StoreError(
                f"the query writes ({clause}) but the graph is opened read-only",
                hint="pass --write to change the graph",
            )
    with open_store(settings(ctx).store_target, read_only=not write, timeout=timeout) as store:
        if write:
            with store.transaction() as tx:
                rows = tx.run(query, values)
        else:
            rows = store.run(query, values)
    emit(rows, fmt)


@guarded
def export_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="graphml or json.")] = "graphml",
) -> None:
    """Export the whole graph as GraphML or JSON (nodes with labels and properties, typed edges)."""
    from graph.connect import open_store
    from graph.export import write_graphml, write_json

    check_format(fmt, EXPORT_FORMATS)
    check_out(out)
    partial = out.with_name(f".{out.name}.partial")
    with open_store(settings(ctx).store_target, read_only=True) as store:
        writer = write_graphml if fmt == "graphml" else write_json
        try:
            nodes, edges = writer(store, partial)
            partial.replace(out)
        except OSError as e:
            partial.unlink(missing_ok=True)
            raise ExportwatchError(f"cannot write {out}: {e.strerror or e}") from None
    typer.echo(f"wrote {out} ({nodes} nodes, {edges} edges, {fmt})")


def check_out(out: Path) -> None:
    """``out`` must name a file in an existing folder (a clean usage error otherwise, before any work)."""
    if out.is_dir():
        raise typer.BadParameter(
            f"{out} is a folder; name a file, e.g. {out / 'graph.graphml'}", param_hint="--out"
        )
    if not out.parent.is_dir():
        raise typer.BadParameter(
            f"folder {out.parent} does not exist; create it first or choose another path", param_hint="--out"
        )


def register(app: typer.Typer) -> None:
    """Attach ``query``, ``cypher`` and ``export`` to the app."""
    app.command("query")(query_command)
    app.command("cypher")(cypher_command)
    app.command("export")(export_command)
