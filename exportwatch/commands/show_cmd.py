"""``exportwatch show REF [--as-of DATE]``: the text of an ECCN or a CFR provision as of a date."""

from __future__ import annotations

from typing import Annotated

import typer

from exportwatch.clikit import check_format, guarded, settings, to_json

FORMATS = ("text", "json")


def iso_date(value: str | None, option: str) -> str | None:
    """``value`` checked as YYYY-MM-DD (None stays None)."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date YYYY-MM-DD", param_hint=option) from None


@guarded
def show_command(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            help="An ECCN (3A090, 3A090.a.1), a CFR provision (15 CFR 744.23(a)(2)), a Japanese article "
            "('JP:403M50000400049 art. 6'), a German section ('DE:AWV § 9') or an EU Annex I entry "
            "('EU:2021/821 annex I 3B001')."
        ),
    ],
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default: the latest text).")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Print the text of an ECCN, a CFR or an allied provision as of a date, paragraph by paragraph."""
    from graph.connect import open_store
    from queries.texts import show

    check_format(fmt, FORMATS)
    day = iso_date(as_of, "--as-of")
    with open_store(settings(ctx).store_target, read_only=True) as store:
        data = show(store, ref, day)
    if fmt == "json":
        typer.echo(to_json(data))
        return
    typer.echo(f"{data['ref']}  {data['heading']}")
    typer.echo(f"(version of {data['version_date']}, as of {data['as_of']}, from {data['source']})")
    for p in data["paragraphs"]:
        typer.echo(f"{p['designation']}  {p['text']}")


def register(app: typer.Typer) -> None:
    """Attach ``show`` to the app."""
    app.command("show")(show_command)
