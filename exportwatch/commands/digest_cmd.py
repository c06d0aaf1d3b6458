"""``exportwatch digest``: build the change digest of a period from the graph and mail it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from exportwatch.clikit import emit, err_console, guarded, settings
from exportwatch.errors import DigestError

SUBSCRIPTIONS_FILE = "subscriptions.yaml"  # beside the data home; as exportwatch.digest.subscriptions


@guarded
def digest(
    ctx: typer.Context,
    week: Annotated[str | None, typer.Option("--week", help="ISO week, e.g. 2025-W02.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="First day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last day (YYYY-MM-DD), inclusive.")] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Send only to this address (its filters, or everything).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Render and report; send nothing.")] = False,
    out: Annotated[
        Path | None, typer.Option("--out", help="Also write the HTML digest to this file.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Send again even if already sent.")] = False,
    subscriptions: Annotated[
        Path | None,
        typer.Option("--subscriptions", help=f"Subscription file (default <home>/{SUBSCRIPTIONS_FILE})."),
    ] = None,
) -> None:
    """Mail the digest of a period (default: the last full ISO week) to the subscribers.

    Each (recipient, period) is sent once; a failed send is retried next run. Exits 1 when a send failed.
    """
    from exportwatch.digest.content import build_content_from_settings
    from exportwatch.digest.deliver import deliver
    from exportwatch.digest.period import resolve_period
    from exportwatch.digest.subscriptions import Subscriptions, is_address, load_subscriptions

    s = settings(ctx)
    if to is not None and not is_address(to):
        raise DigestError(f"--to {to!r} is not an email address")
    period = resolve_period(week=week, since=since, until=until)
    path = subscriptions or s.paths.home / SUBSCRIPTIONS_FILE
    if subscriptions is None and not path.exists() and (to or (dry_run and out)):
        subs = Subscriptions(source=str(path))
    else:
        subs = load_subscriptions(path)
    content = build_content_from_settings(s, period, upcoming_days=subs.upcoming_days)
    report = deliver(content, subs, s, to=to, dry_run=dry_run, out=out, force=force)
    title = f"digest {period.label}: {content.changes} changes"
    if report.outcomes:
        emit(report.rows(), "table", title=title)
    else:
        err_console.print(title, highlight=False, markup=False)
    if report.html_written:
        err_console.print(f"wrote {report.html_written}", highlight=False, markup=False)
    if report.failed:
        n, total = len(report.failed), len(report.outcomes)
        raise DigestError(
            f"{n} of {total} digest sends for {period.key} failed ({report.failed[0].error})",
            hint="they are retried on the next run; see the table above for each recipient",
        )


def register(app: typer.Typer) -> None:
    """Attach ``digest`` to the app."""
    app.command("digest")(digest)
