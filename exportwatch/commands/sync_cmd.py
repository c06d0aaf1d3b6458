"""``exportwatch sync``: bring the catalog up to date with the sources (or recorded files)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from exportwatch.clikit import console, emit, err_console, guarded, settings
from exportwatch.lock import home_lock

SOURCE_CHOICES = (
    "federal-register",
    "bis-press",
    "guidance",
    "ecfr",
    "egov",
    "all",
    "allied-lists",
    "us-lists",
    "us-entity-list",
    "us-meu-list",
    "us-1260h-list",
    "us-trade-csl",
    "jp_meti_end_user_list",
    "jp_meti_fefta_export_ban",
    "eu_reg_833_annex_iv",
    "cn_mofcom_control_lists",
)


def parse_date(value: str | None, option: str = "--since") -> date | None:
    """A YYYY-MM-DD option value as a date (None stays None)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)", param_hint=option) from None


def register(app: typer.Typer) -> None:
    """Attach ``sync`` to the app."""

    @app.command("sync")
    @guarded
    def sync_command(
        ctx: typer.Context,
        source: Annotated[
            str,
            typer.Option(
                "--source",
                help="federal-register, bis-press, guidance or all (the documents); ecfr, egov (law "
                "texts); us-lists (Entity List, MEU, 1260H, the CSL's BIS lists), allied-lists (the allied "
                "and MOFCOM lists) or one list source by name.",
            ),
        ] = "all",
        since: Annotated[
            str | None,
            typer.Option("--since", help="Start date YYYY-MM-DD (default: where the last sync stopped)."),
        ] = None,
        from_dir: Annotated[
            Path | None,
            typer.Option(
                "--from-dir",
                help="Ingest recorded API JSON, XML, HTML and PDF files (recursively), not the network.",
            ),
        ] = None,
    ) -> None:
        """Fetch new and changed documents into the raw store and the catalog.

        Prints a summary per source. Exits 1 if any document failed (after processing the
        others); failed documents are recorded and retried by the next sync.
        """
        from ingest.sync import sync

        if source not in SOURCE_CHOICES:
            raise typer.BadParameter(
                f"{source!r} is not one of {', '.join(SOURCE_CHOICES)}", param_hint="--source"
            )
        s = settings(ctx)
        with home_lock(s.home, "sync"):
            report = sync(
                s.home,
                agency=s.agency,
                source=source,
                since=parse_date(since),
                from_dir=from_dir,
                progress=sys.stderr.isatty(),
            )
        rows = [{**r, "skipped": r["skipped_payloads"]} for r in report.rows()]
        emit(
            rows,
            "table",
            columns=["source", "seen", "new", "changed", "unchanged", "skipped", "errors"],
            title=f"sync ({report.seconds:.1f} s" + (f", {report.files} files)" if from_dir else ")"),
        )
        for w in report.warnings:
            err_console.print(f"warning: {w}", highlight=False, markup=False)
        for e in report.errors:
            err_console.print(f"error {e}", highlight=False, markup=False)
        if not report.ok:
            err_console.print(
                f"{len(report.errors)} failure(s) recorded in the catalog; the next sync retries them.",
                highlight=False,
                markup=False,
            )
            raise typer.Exit(1)
        console.print(
            f"{report.new} new, {report.changed} changed, {report.unchanged} unchanged.", highlight=False
        )
