"""Quality on the hand labels, per label, and the ``exportwatch eval`` command that prints it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportwatch.cli import app
from exportwatch.errors import ExtractError
from ingest.evaluate import LABELS_DIR, EvalReport, evaluate, load_labels

# What the extractor reaches on the labels (all 1.0 when this was written); the floors are the aims.
PRECISION_FLOOR = 0.98
RECALL_FLOOR = 0.95
LABELS = {
    "ECCN",
    "CFR_CITATION",
    "FR_CITATION",
    "DATE",
    "THRESHOLD",
    "COUNTRY_GROUP",
    "COUNTRY",
    "CONTROL_TOOL",
}
LABELS |= {"RULE_NAME", "REGIME"}


@pytest.fixture(scope="module")
def report() -> EvalReport:
    return evaluate()


def test_label_files_hold_their_texts() -> None:
    files = sorted(LABELS_DIR.glob("*.jsonl"))
    assert [f.name for f in files] == [
        "abstracts.jsonl",
        "fr_2016-04-15.jsonl",
        "fr_2023-03929.jsonl",
        "fr_2025-00636.jsonl",
    ]
    abstracts = load_labels(LABELS_DIR / "abstracts.jsonl")
    assert len(abstracts) >= 30
    for f in files:
        for row in load_labels(f):
            for span in row["spans"]:
                assert row["text"][span["start"] : span["end"]] == span["text"], (f.name, row["ref"], span)
    assert (LABELS_DIR / "README.md").is_file()


def test_every_label_is_evaluated(report: EvalReport) -> None:
    assert {s.label for s in report.totals()} == LABELS
    assert {s.dataset for s in report.scores} == {"abstracts", "fr_2023-03929", "fr_2025-00636"}
    assert {s.label for s in report.held_out_totals()} == {
        "DATE",
        "DATE_ROLE",
        "KEY_DATE",
        "CFR_CITATION",
        "FR_CITATION",
        "COUNTRY",
    }
    assert all(s.tp > 0 for s in report.totals())


@pytest.mark.parametrize("label", sorted(LABELS))
def test_quality_per_label(report: EvalReport, label: str) -> None:
    (score,) = [s for s in report.totals() if s.label == label]
    assert score.precision >= PRECISION_FLOOR, score.errors[:10]
    assert score.recall >= RECALL_FLOOR, score.errors[:10]


# The held-out set (the 13 rules and proposed rules of the 2016-04-15 daily issue): its size is fixed by
# the labels; the floors are the level the extractor reached on it after generalising from phrasing
# classes, before its errors were looked at (see tests/fixtures/labels/README.md), not its best score.
HELD_OUT_GOLD = {
    "DATE": 27,
    "DATE_ROLE": 27,
    "KEY_DATE": 18,
    "CFR_CITATION": 44,
    "FR_CITATION": 5,
    "COUNTRY": 0,
}
HELD_OUT_FLOORS = {
    "DATE": 0.95,
    "CFR_CITATION": 0.95,
    "FR_CITATION": 0.95,
    "DATE_ROLE": 0.85,
    "KEY_DATE": 0.85,
}


def test_held_out_set_is_scored_beside_the_first(report: EvalReport) -> None:
    held = {s.label: s for s in report.held_out_totals()}
    assert {label: s.tp + s.fn for label, s in held.items()} == HELD_OUT_GOLD
    assert {s.dataset for s in report.held_out} == {"fr_2016-04-15"}
    for label, floor in HELD_OUT_FLOORS.items():
        assert held[label].precision >= floor, held[label].errors
        assert held[label].recall >= floor, held[label].errors
    assert held["COUNTRY"].fp == 0, held["COUNTRY"].errors  # no agency, state or place read as a country


def test_held_out_labels_were_written_for_rules_and_proposed_rules_only() -> None:
    refs = {row["ref"].split(" ")[0] for row in load_labels(LABELS_DIR / "fr_2016-04-15.jsonl")}
    assert len(refs) == 13
    roles = {
        s["role"]
        for row in load_labels(LABELS_DIR / "fr_2016-04-15.jsonl")
        for s in row["spans"]
        if "role" in s
    }
    assert roles == {"effective", "comments_due", "publication", "announced", "other"}


def test_entity_rows_against_the_screening_list(report: EvalReport) -> None:
    e = report.entity_rows
    assert e is not None
    assert (e.expected_pairs, e.found_pairs, e.missing) == (12, 12, [])
    assert e.rows == e.announced_entries == 13
    assert e.aliases_found == e.aliases_expected == 33


def test_the_evaluation_notices_a_wrong_label(tmp_path: Path, report: EvalReport) -> None:
    labels = tmp_path / "labels"
    shutil.copytree(LABELS_DIR, labels)
    path = labels / "abstracts.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    dropped = rows[0]["spans"].pop(0)  # a span the extractor finds, now missing from the labels
    rows[1]["spans"][0]["normalized"] = "wrong"  # a label whose value the extractor will not give
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    changed = {s.label: s for s in evaluate(labels).totals()}
    before = {s.label: s for s in report.totals()}
    assert changed[dropped["label"]].fp == before[dropped["label"]].fp + 1
    wrong = rows[1]["spans"][0]["label"]
    assert changed[wrong].fn == before[wrong].fn + 1


def test_missing_label_files_are_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="label file .*abstracts.jsonl not found"):
        evaluate(tmp_path)


def test_eval_command_prints_scores() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {row["label"] for row in data["per_label"]} == LABELS
    assert all(row["precision"] >= PRECISION_FLOOR for row in data["per_label"])
    assert data["entity_rows"]["recall"] == 1.0
    held = {row["label"]: row for row in data["held_out"]["per_label"]}
    assert data["held_out"]["dataset"] == "fr_2016-04-15"
    assert held["KEY_DATE"]["tp"] + held["KEY_DATE"]["fn"] == 18
    assert {row["dataset"] for row in data["per_dataset"]} >= {"abstracts", "fr_2016-04-15"}


def test_eval_table_puts_the_held_out_set_beside_the_first() -> None:
    result = CliRunner().invoke(app, ["eval"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "development" in result.output and "held-out" in result.output
    assert "KEY_DATE" in result.output and "labelled before the extractor was run" in " ".join(
        result.output.split()
    )


def test_eval_command_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["eval", "--format", "csv"])
    assert bad.exit_code != 0 and "is not one of table, json" in bad.output
    missing = runner.invoke(app, ["eval", "--labels", str(tmp_path)])
    assert missing.exit_code == 1
    said = " ".join(missing.output.split())  # rich wraps long lines
    assert "error EW301" in said and "abstracts.jsonl not found" in said
