"""``exportwatch extract`` end to end through the real CLI app (CliRunner), on real fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportwatch.cli import app

REPO = Path(__file__).resolve().parents[2]
RULE = REPO / "tests/fixtures/federal_register/fr_2023-03929_entity_list_additions.xml"
PRESS = REPO / "tests/fixtures/bis_press/press-release_ai-diffusion-rescission_2025-05-13.html"
ENCRYPTED = REPO / "tests/fixtures/guidance/encrypted.pdf"

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_json_output(home: Path) -> None:
    code, out = run("extract", str(RULE))
    assert code == 0, out
    (obj,) = json.loads(out)
    assert {"document", "mentions", "dates", "entities", "amendments"} <= set(obj)
    doc = obj["document"]
    assert (doc["document_number"], doc["type"], doc["pages"]) == ("2023-03929", "Rule", [12170, 12175])
    assert doc["cfr"] == ["15 CFR Part 744"] and len(doc["amdpar"]) == 8


def test_table_output(home: Path) -> None:
    code, out = run("extract", str(RULE), "--format", "table")
    assert code == 0, out
    for text in ("2023-03929", "Additions of Entities to the Entity List", "12170-12175", "0694-AJ13"):
        assert text in out


def test_lang_override(home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("# 实体清单\n\n美国商务部工业与安全局将实体列入实体清单。\n", encoding="utf-8")
    code, out = run("extract", str(notes), "--lang", "en")
    assert code == 0, out
    assert json.loads(out)[0]["document"]["lang"] == "en"


# fmt: off
ERRORS = [
    ("encrypted pdf", [str(ENCRYPTED)], 1, "error EW201: encrypted.pdf: PDF is encrypted"),
    ("missing file", ["/nonexistent/x.xml"], 1, "error EW201: /nonexistent/x.xml: cannot read the file"),
    ("bad format", [str(RULE), "--format", "csv"], 2, "'csv' is not one of json, table"),
    ("bad lang", [str(RULE), "--lang", "fr"], 2, "'fr' is not one of en, zh"),
]
# fmt: on


@pytest.mark.parametrize(("case", "args", "code", "message"), ERRORS, ids=[c[0] for c in ERRORS])
def test_errors(home: Path, case: str, args: list[str], code: int, message: str) -> None:
    got, out = run("extract", *args)
    assert got == code
    assert message in " ".join(out.split())
    assert "Traceback" not in out


def test_deeply_nested_json_is_a_one_line_error(home: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    got, out = run("extract", str(deep))
    assert got == 1
    assert "error EW201: deep.json: JSON nested more than 64 levels deep" in " ".join(out.split())
    assert "Traceback" not in out and "RecursionError" not in out
