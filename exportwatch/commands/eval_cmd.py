"""``exportwatch eval``: precision, recall and F1 of the extraction stage on the hand-labelled texts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from exportwatch.clikit import check_format, console, emit, guarded, to_json

COLUMNS = ["label", "tp", "fp", "fn", "precision", "recall", "f1"]


@guarded
def eval_command(
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    labels: Annotated[
        Path | None,
        typer.Option(
            "--labels", help="Folder of the label files (default: tests/fixtures/labels of the checkout)."
        ),
    ] = None,
    per_dataset: Annotated[
        bool, typer.Option("--per-dataset", help="One row per dataset and label.")
    ] = False,
) -> None:
    """Score extraction against the hand labels: the development set (49 BIS abstracts, FR Doc.
    2023-03929, pages of the AI Diffusion PDF) beside the held-out set (the rules and proposed rules of
    the 2016-04-15 daily issue, labelled before the extractor was run on them); check the Entity List
    rows of 2023-03929 against the trade.gov screening list; and score the identity layer across the US
    and allied lists on 160 labelled pairs."""
    from graph.party_eval import evaluate_pairs
    from ingest.evaluate import LABELS_DIR, evaluate

    check_format(fmt, ("table", "json"))
    report = evaluate(labels or LABELS_DIR)
    identity = evaluate_pairs()
    if fmt == "json":
        typer.echo(to_json({**report.to_json(), "identity": identity.to_json()}))
        return
    if per_dataset:
        emit(
            [s.row() for s in [*report.scores, *report.held_out]],
            "table",
            columns=["dataset", *COLUMNS],
            title="Extraction by dataset",
        )
    else:
        rows = [{**s.row(), "set": "development"} for s in report.totals()]
        rows += [{**s.row(), "set": "held-out"} for s in report.held_out_totals()]
        rows.sort(key=lambda r: (r["label"], r["set"] != "development"))
        emit(rows, "table", columns=["label", "set", *COLUMNS[1:]], title="Extraction by label and set")
        console.print(
            "development: labels and patterns written by the same team (a regression check); held-out: "
            "the 13 rules and proposed rules of the 2016-04-15 daily issue, labelled before the "
            "extractor was run on them.",
            highlight=False,
        )
    e = report.entity_rows
    if e is not None:
        console.print(
            f"Entity List rows of 2023-03929: {e.found_pairs}/{e.expected_pairs} screening-list "
            f"(name, country) "
            f"pairs found, recall {e.recall:.3f}; {e.rows} rows for {e.announced_entries} announced entries; "
            f"aliases {e.aliases_found}/{e.aliases_expected}."
            + (f" Missing: {', '.join(e.missing)}" if e.missing else ""),
            highlight=False,
        )
    console.print(
        f"Identity across lists: {identity.pairs} labelled pairs (US, EU, Japan, MOFCOM), precision "
        f"{identity.precision:.3f}, recall {identity.recall:.3f} ({identity.tp} TP, {identity.fp} FP, "
        f"{identity.fn} FN); labels written by the same team (tests/fixtures/identity_pairs/README.md).",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Attach ``eval`` to the app."""
    app.command("eval")(eval_command)
