"""The schema model: loads, resolves, cleans values, rejects broken files by name; docs/schema.md in sync."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from exportwatch.errors import SchemaError
from graph.model import SCHEMA_DIR, load_model, model
from graph.schemadoc import DOC_PATH, render_schema_md
from graph.types import day_number


def test_model_resolves() -> None:
    m = model()
    # the domain the issue asks for
    for label in (
        "Regime",
        "Tool",
        "Measure",
        "Item",
        "Entity",
        "Listing",
        "Document",
        "Provision",
        "Deadline",
    ):
        assert label in m.nodes
    for rel in (
        "IMPLEMENTS",
        "CONTROLS",
        "EQUIVALENT_TO",
        "AFFILIATE_OF",
        "AMENDS",
        "CORRECTS",
        "SUPERSEDES",
        "RESCINDS",
        "CITES",
        "MENTIONS",
        "PROMPTED_BY",
        "ASSESSED",
    ):
        assert rel in m.edges
    for t in m.nodes.values():
        assert {"source", "confidence"} <= set(t.properties), t.name
        assert t.key in t.properties
    for t in m.edges.values():
        assert t.pairs and all(s in m.nodes and x in m.nodes for s, x in t.pairs)
    span = {"start", "end", "page", "text"}
    assert span <= set(m.edge("MENTIONS").properties) and span <= set(m.edge("AMENDS").properties)
    # every date has its day number
    assert m.node("Measure").properties["effective_day"].derived_from == "effective"


def test_clean_values() -> None:
    m = model()
    row = m.clean("Measure", {"id": "x", "regime": "US", "announced": "2022-10-07", "topics": ("sme",)})
    assert row["announced_day"] == day_number("2022-10-07") == 19272
    assert row["topics"] == ["sme"] and row["effective"] is None and row["effective_day"] is None
    partial = m.clean("Item", {"id": "US:1", "code": "1"}, partial=True)
    assert set(partial) == {"id", "code"}


@pytest.mark.parametrize(
    ("label", "row", "message"),
    [
        ("Measure", {"id": "x", "regime": "US", "colour": "red"}, "unknown properties ['colour']"),
        ("Measure", {"id": "x", "regime": "US", "announced": "2022-13-01"}, "expected an ISO date"),
        ("Measure", {"id": "x"}, "required property 'regime'"),
        ("Measure", {"id": "x", "regime": "US", "confidence": "sure"}, "not one of"),
        ("Listing", {"id": "x", "entity": "e", "volume": "eighty"}, "expected an integer"),
        ("Entity", {"id": "x", "name": "n", "aliases": "one"}, "expected a list of strings"),
    ],
    ids=["unknown", "bad-date", "required", "enum", "int", "list"],
)
def test_clean_rejects(label: str, row: dict[str, object], message: str) -> None:
    with pytest.raises(SchemaError) as e:
        model().clean(label, row)
    assert message in e.value.message and label in e.value.message


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        ("Item.yaml", "kind: node\nkey: id\nproperties: [\n", "invalid YAML"),
        ("Item.yaml", "kind: thing\n", "'kind' must be 'node' or 'edge'"),
        ("Item.yaml", "kind: node\nextends: Thing\nproperties:\n  id: {type: string}\n", "needs a 'key'"),
        ("Item.yaml", "kind: node\nkey: id\nproperties:\n  id: {type: colour}\n", "unknown type 'colour'"),
        (
            "Item.yaml",
            "kind: node\nkey: id\nextends: Nope\nproperties:\n  id: {type: string}\n",
            "extends unknown",
        ),
        ("MENTIONS.yaml", "kind: edge\nedge: {source: Document, target: Nope}\n", "'Nope' is not a concrete"),
        ("MENTIONS.yaml", "kind: edge\nproperties: {}\n", "needs an 'edge' block"),
        ("Item.yaml", "kind: node\nkey: id\nlabel: X\nproperties:\n  id: {type: string}\n", "unknown keys"),
    ],
    ids=["yaml", "kind", "no-key", "type", "extends", "edge-end", "no-edge", "unknown-key"],
)
def test_broken_schema_file_is_named(tmp_path: Path, file: str, text: str, message: str) -> None:
    schema = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, schema)
    (schema / file).write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError) as e:
        load_model(schema)
    assert message in e.value.message
    assert file in e.value.message


def test_schema_doc_is_up_to_date() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_schema_md(), "run: python -m graph.schemadoc"


def test_schema_doc_names_every_type() -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    for name in model().types:
        assert f"`{name}`" in text or f"### {name}" in text
