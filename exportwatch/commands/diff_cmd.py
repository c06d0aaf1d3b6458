"""``exportwatch diff REF --from DATE --to DATE``: what changed in a text, paragraph by paragraph."""

from __future__ import annotations

from typing import Annotated

import typer

from exportwatch.clikit import check_format, console, guarded, settings, to_json
from exportwatch.commands.show_cmd import iso_date

FORMATS = ("table", "unified", "json")


@guarded
def diff_command(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            help="An ECCN (3A090), a CFR provision (15 CFR 744.23), a Japanese article "
            "('JP:403M50000400049 art. 6'), a German section ('DE:AWV § 9') or an EU Annex I entry "
            "('EU:2021/821 annex I 3B001')."
        ),
    ],
    from_: Annotated[str, typer.Option("--from", help="Earlier date YYYY-MM-DD.")],
    to: Annotated[str, typer.Option("--to", help="Later date YYYY-MM-DD.")],
    fmt: Annotated[str, typer.Option("--format", help="table, unified or json.")] = "table",
) -> None:
    """Show the paragraphs added, removed, changed or moved between the texts in force on two dates.

    A changed paragraph shows its word diff: [-removed words-]{+added words+}. A paragraph whose words stood
    under another designation before is "moved from" it (renumbered, not new). Parts of the text that one
    of the two versions does not hold (a third-party parse that skips some parts) are named, never reported
    as removed.
    """
    from rich.table import Table

    from graph.connect import open_store
    from queries.texts import diff

    check_format(fmt, FORMATS)
    start, end = iso_date(from_, "--from"), iso_date(to, "--to")
    assert start is not None and end is not None
    with open_store(settings(ctx).store_target, read_only=True) as store:
        d = diff(store, ref, start, end)
    if fmt == "json":
        typer.echo(to_json(d.to_json()))
        return
    if fmt == "unified":
        typer.echo(d.unified())
    else:
        table = Table(
            title=f"{d.ref}: {d.from_version} -> {d.to_version}", header_style="bold", show_lines=True
        )
        table.add_column("paragraph", overflow="fold", max_width=30)
        table.add_column("change")
        table.add_column("text (word diff)", overflow="fold")
        for c in d.changes:
            table.add_row(_escape(c.designation), _escape(c.label), _escape(c.inline()))
        console.print(table)
        if not d.changes:
            console.print("no change", highlight=False)
    if d.unmatched:
        typer.echo(
            f"{len(d.unmatched)} paragraph(s) found in only one of the two versions, which different parsers "
            "read: not reported as added or removed",
            err=True,
        )
    if d.not_covered:
        typer.echo(
            "parts not compared in full (one version does not hold them completely): "
            + ", ".join(d.not_covered),
            err=True,
        )


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def register(app: typer.Typer) -> None:
    """Attach ``diff`` to the app."""
    app.command("diff")(diff_command)
