"""The ``exportwatch`` command line: one Typer app, one module per subcommand group.

Every subcommand reads ``Settings`` through ``clikit.settings(ctx)`` (loaded on first use); errors
derived from ``ExportwatchError`` print one sentence and a hint and exit 1 (tracebacks only with
``--debug``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from exportwatch import __version__
from exportwatch.clikit import SettingsRequest, state
from exportwatch.commands import registry

app = typer.Typer(
    name="exportwatch",
    help=(
        "Track US and allied export-control regulation: ingest Federal Register documents, BIS press "
        "releases and guidance; extract items, entities, citations and dates; query the knowledge graph."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"exportwatch {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option("--home", envvar="EXPORTWATCH_HOME", help="Data home (raw store, catalog, graph)."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", envvar="EXPORTWATCH_CONFIG", help="Config file (YAML).")
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """exportwatch: what changed in US and allied export controls, and what it touches."""
    state["debug"] = debug
    # Read lazily, inside each command's error guard: a bad config file is one clean error line.
    ctx.obj = SettingsRequest(home=home, config_file=config)


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    app(args=argv)


registry.register_all(app)
