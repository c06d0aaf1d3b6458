"""The streamed JSON writer writes exactly what ``json.dumps(indent=2)`` / the CLI's ``to_json`` would."""

from __future__ import annotations

import json
from typing import Any

import pytest

from exportwatch.clikit import to_json
from exportwatch.jsonstream import write_json
from ingest.extract import extract_text

CASES: list[Any] = [
    {},
    [],
    "text with “quotes” and é\n",
    {"a": [], "b": {}, "c": [1, {"x": None, "y": 2.5}], "d": True},
    [[[]], [{}], "s", None],
]


@pytest.mark.parametrize("obj", CASES, ids=[str(i) for i in range(len(CASES))])
def test_same_text_as_dumps(obj: Any) -> None:
    out: list[str] = []
    write_json(obj, out.append, encode=to_json)
    assert "".join(out) == to_json(obj)


def test_generators_are_written_as_lists() -> None:
    out: list[str] = []
    write_json({"k": (i * i for i in range(3)), "empty": iter(())}, out.append)
    assert "".join(out) == json.dumps({"k": [0, 1, 4], "empty": []}, indent=2)


def test_an_extraction_streams_as_its_to_json() -> None:
    x = extract_text("BIS added entries under 15 CFR 744.11 on February 27, 2023 (88 FR 12170).", name="t")
    out: list[str] = []
    write_json([x.json_items()], out.append, encode=to_json)
    assert "".join(out) == to_json([x.to_json()])
