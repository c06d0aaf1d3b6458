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
    assert all(s.tp > 0 for s in report.totals())


@pytest.mark.parametrize("label", sorted(LABELS))
def test_quality_per_label(report: EvalReport, label: str) -> None:
    (score,) = [s for s in report.totals() if s.label == label]
    assert score.precision >= PRECISION_FLOOR, score.errors[:10]
    assert score.recall >= RECALL_FLOOR, score.errors[:10]


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


def test_eval_command_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(app, ["eval", "--format", "csv"])
    assert bad.exit_code != 0 and "is not one of table, json" in bad.output
    missing = runner.invoke(app, ["eval", "--labels", str(tmp_path)])
    assert missing.exit_code == 1
    said = " ".join(missing.output.split())  # rich wraps long lines
    assert "error EW301" in said and "abstracts.jsonl not found" in said
