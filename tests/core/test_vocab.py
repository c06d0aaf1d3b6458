"""The kernel's domain vocabulary: identifiers, citations, month names, the correction rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from exportwatch.vocab.identifiers import (
    corrected_title,
    is_correction,
    is_fr_document_number,
    long_dates,
    month_number,
    parse_fr_citations,
    parse_long_date,
)

REPO = Path(__file__).resolve().parents[2]


# fmt: off
@pytest.mark.parametrize(
    ("title", "base", "correction"),
    [
        ("Standards-Related Activities and the Export Administration Regulations; Corrections",
         "Standards-Related Activities and the Export Administration Regulations", True),
        ("Addition of Certain Entities to the Entity List; Correction",
         "Addition of Certain Entities to the Entity List", True),
        ("Implementation of Certain Controls; Correcting Amendment",
         "Implementation of Certain Controls", True),
        ("Export Administration Regulations: Technical Corrections", None, True),
        ("Correction: Additions to the Entity List", None, True),
        ("Additions to the Entity List", None, False),
        ("Foreign-Direct Product Rules: Organization, Clarification, and Correction", None, False),
    ],
    ids=["corrections", "correction", "correcting-amendment", "technical", "prefix", "rule", "in-title"],
)
# fmt: on
def test_correction_rule(title: str, base: str | None, correction: bool) -> None:
    assert corrected_title(title) == base
    assert is_correction(title) is correction


def test_a_listed_correction_is_a_correction_whatever_its_title() -> None:
    assert is_correction("Additions to the Entity List", ["2023-03929"]) is True


@pytest.mark.parametrize(
    ("name", "number"),
    [("January", 1), ("Sept.", 9), ("sep", 9), ("oct", 10), ("May", 5), ("Dec.", 12), ("Mayday", None)],
)
def test_month_number(name: str, number: int | None) -> None:
    assert month_number(name) == number


def test_long_dates_skip_impossible_days() -> None:
    text = "published February 30, 2025 and effective March 3, 2025; see also October 7, 2022."
    assert long_dates(text) == {"2025-03-03", "2022-10-07"}
    assert parse_long_date(text) == "2025-03-03"
    assert parse_long_date("no date here") is None


def test_fr_citations_with_printed_dates() -> None:
    cits = parse_fr_citations("75 FR 1701, 1/13/10. 73 FR 54504 (9/22/2008); 88 FR 12171 and 88 FR 12171")
    found = [(c.volume, c.page, c.date) for c in cits]
    assert found == [(75, 1701, None), (73, 54504, "2008-09-22"), (88, 12171, None)]
    assert cits[2].year == 2023 and cits[2].key == "88 FR 12171"


@pytest.mark.parametrize(("value", "ok"), [("2023-03929", True), ("E9-1234", True), ("88 FR 12171", False)])
def test_document_numbers(value: str, ok: bool) -> None:
    assert is_fr_document_number(value) is ok


FORBIDDEN = ("exportwatch.config", "exportwatch.app", "exportwatch.cli", "exportwatch.commands",
             "exportwatch.digest", "exportwatch.api", "exportwatch.web")  # fmt: skip


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(a.name for a in node.names)
    return names


@pytest.mark.parametrize("layer", ["ingest", "graph", "queries", "exportwatch/vocab"])
def test_lower_layers_import_only_the_kernel(layer: str) -> None:
    """Data flows one way: no lower layer imports the app, its settings, the CLI or the digest."""
    bad = [
        f"{path.relative_to(REPO)}: {name}"
        for path in sorted((REPO / layer).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert bad == []


def test_ingest_knows_nothing_of_the_graph() -> None:
    bad = [
        f"{path.relative_to(REPO)}: {name}"
        for path in sorted((REPO / "ingest").rglob("*.py"))
        for name in _imports(path)
        if name == "graph" or name.startswith(("graph.", "queries"))
    ]
    assert bad == []


def test_the_store_interface_imports_no_store() -> None:
    """``graph.store`` is the interface; the implementations import it, never the other way round."""
    names = _imports(REPO / "graph" / "store.py")
    assert not [n for n in names if n in ("graph.embedded", "graph.bolt", "graph.connect")]
