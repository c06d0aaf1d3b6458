"""``exportwatch serve``: the web app over the graph the other commands use."""

from __future__ import annotations

from typing import Annotated

import typer

from exportwatch.clikit import err_console, guarded, settings
from exportwatch.errors import ConfigError


@guarded
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on (1-65535).")] = 8000,
    read_only: Annotated[
        bool,
        typer.Option(
            "--read-only",
            help="Serve the pages and the named queries only: turn the free Cypher console off "
            "(for a server others reach).",
        ),
    ] = False,
) -> None:
    """Serve the web app: search, item, party, rule and regime pages, the query library as forms,
    a Cypher console and the weekly digests, each page also as JSON.

    The graph (EXPORTWATCH_GRAPH_URL, default the embedded <home>/graph.lbug) is opened read-only: the
    app never writes to it, and the console refuses write clauses before anything is sent.
    """
    import uvicorn

    from exportwatch.web import create_app

    if not 1 <= port <= 65535:
        raise ConfigError(f"port {port} is out of range", hint="use a port from 1 to 65535")
    s = settings(ctx)
    app = create_app(s.store_target, console=not read_only)
    err_console.print(f"exportwatch web on http://{host}:{port} (graph {s.store_target.display}, read-only)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Attach ``serve`` to the app."""
    app.command("serve")(serve)
