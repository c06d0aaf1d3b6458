"""``exportwatch demo``: the whole pipeline offline on the bundled snapshot, then the headline tables."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from exportwatch.clikit import console, emit, guarded, settings
from exportwatch.lock import home_lock

# (title, query, parameters, columns) of the tables the demo prints, in order.
DEMO_TABLES: list[tuple[str, str, dict[str, Any], list[str] | None]] = [
    (
        "Allied gap matrix: control tools by regime (CSIS; * = our inference; see `query gap_matrix`)",
        "gap_matrix",
        {},
        None,
    ),
    (
        "US control tools with no or only a partial Japanese equivalent",
        "tool_gaps",
        {"regime": "JP"},
        ["tool", "tool_name", "extent", "basis", "judgement", "measure", "note", "confidence"],
    ),
    (
        "Timeline of ECCN 3A090",
        "item_timeline",
        {"item": "3A090"},
        ["date", "document", "kind", "title", "action", "spans", "first_page"],
    ),
    (
        "Entity List additions by year and country (since 2022)",
        "listings_by_year",
        {"from_year": 2022},
        ["year", "country", "entities", "citations"],
    ),
    (
        "How long the allies took to follow the US",
        "ally_lag",
        {},
        [
            "regime",
            "measure",
            "announced",
            "effective",
            "us_measure",
            "lag_months_announced",
            "lag_months_in_force",
            "confidence",
        ],
    ),
    (
        "Allied legal texts: changes found where two official versions differ (see `exportwatch diff`)",
        "allied_text_changes",
        {},
        [
            "in_force",
            "regime",
            "instrument",
            "provisions",
            "items_added",
            "measure",
            "basis",
        ],
    ),
]
# Regimes in the order the gap matrix shows them.
MATRIX_REGIMES = ("US", "EU", "NL", "DE", "JP", "KR")
EXTENT_MARK = {"full": "Y", "partial": "P", "none": "-"}


def gap_matrix_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pivot the long ``gap_matrix`` rows (tool, regime, extent) into one row per tool, for reading.

    A cell that is our inference rather than the cited source's assessment is starred (``-*``).
    """
    by_tool: dict[str, dict[str, Any]] = {}
    for r in rows:
        row = by_tool.setdefault(r["tool"], {"tool": r["tool"]})
        mark = EXTENT_MARK.get(r["extent"], r["extent"])
        row[r["regime"]] = f"{mark}*" if r.get("judgement") == "inferred" else mark
    return [by_tool[t] for t in sorted(by_tool)]


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)


@guarded
def demo(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", help="Rows shown per table (0: all).")] = 15,
) -> None:
    """Run everything offline on the bundled snapshot of real data and print the headline tables.

    Syncs the snapshot (136 BIS rules of 2022-2026 from the Federal Register API, the full-text XML of
    the Entity List rule 2023-03929, the AI Diffusion public-inspection PDF) into the data home, extracts
    facts, builds the embedded graph with the curated allied-regime data and the reference lists, and
    prints the gap matrix, Japan's tool gaps, the 3A090 timeline, Entity List additions by year and
    country, the ally lag table and the changes found in the bundled allied legal texts.
    """
    import queries
    from exportwatch.app import SNAPSHOT_DIR, update_graph
    from graph.connect import open_store
    from ingest.sync import sync

    s = settings(ctx)
    console.print(f"[bold]exportwatch demo[/] - data home {s.home}, graph {s.store_target.display}")
    with home_lock(s.home, "demo"):
        for sub in ("federal_register", "guidance"):
            rep = sync(s.home, from_dir=SNAPSHOT_DIR / sub, progress=True)
            console.print(
                f"sync {sub}: {rep.files} files, {rep.new} new, {rep.changed} changed, "
                f"{rep.unchanged} unchanged, {len(rep.errors)} errors"
            )
        report = update_graph(s, progress=True)
    if report.recovered:
        console.print(report.recovered, highlight=False, markup=False)
    console.print(
        f"graph: {report.extracted} documents extracted, {report.loaded} loaded, "
        f"{report.skipped} unchanged, {len(report.errors)} errors"
    )
    with open_store(s.store_target, read_only=True) as store:
        for title, name, params, columns in DEMO_TABLES:
            rows = queries.run(store, name, **params)
            if name == "gap_matrix":
                rows, columns = gap_matrix_rows(rows), ["tool", *MATRIX_REGIMES]
            shown = rows[:limit] if limit else rows
            emit(shown, "table", columns=columns, title=title, max_width=32)
            if limit and len(rows) > limit:
                console.print(f"[dim]... {len(rows) - limit} more rows: exportwatch query {name}[/]")
