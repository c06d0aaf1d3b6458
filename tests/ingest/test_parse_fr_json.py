"""Federal Register API JSON: the real snapshot cache, and answers written after the SOURCES.md field list."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from exportwatch.errors import ParseError
from ingest.parse_fr_json import MAX_JSON_DEPTH, parse_fr_json

CACHE = (
    Path(__file__).resolve().parents[2]
    / "exportwatch/snapshot/federal_register/bis_rules_2022-2026_api_cache.json"
)

# WRITTEN for this test after the field list of shared/SOURCES.md (not an API capture); the values are those
# of the real FR Doc. 2023-03929 (88 FR 12170, from its XML).
DOCUMENT_2023_03929: dict[str, Any] = {
    "document_number": "2023-03929",
    "title": "Additions of Entities to the Entity List",
    "type": "Rule",
    "action": "Final rule.",
    "abstract": "The Department of Commerce is amending the Export Administration Regulations (EAR) by "
    "adding 10 entities under 13 entries to the Entity List.",
    "dates": "This rule is effective February 24, 2023.",
    "publication_date": "2023-02-27",
    "effective_on": "2023-02-24",
    "comments_close_on": None,
    "citation": "88 FR 12170",
    "volume": 88,
    "start_page": 12170,
    "end_page": 12175,
    "cfr_references": [{"title": 15, "part": 744, "chapter": None, "citation_url": None}],
    "docket_ids": ["Docket No. 230221-0050"],
    "regulation_id_numbers": ["0694-AJ13"],
    "agencies": [
        {"raw_name": "DEPARTMENT OF COMMERCE", "name": "Commerce Department", "id": 54, "parent_id": None},
        {
            "raw_name": "Bureau of Industry and Security",
            "name": "Industry and Security Bureau",
            "id": 241,
            "parent_id": 54,
        },
    ],
    "correction_of": None,
    "corrections": ["https://www.federalregister.gov/api/v1/documents/2099-00002.json"],
    "significant": False,
    "html_url": "https://www.federalregister.gov/documents/2023/02/27/2023-03929/additions-of-entities-to-the-entity-list",
    "pdf_url": "https://www.govinfo.gov/content/pkg/FR-2023-02-27/pdf/2023-03929.pdf",
    "full_text_xml_url": "https://www.federalregister.gov/documents/full_text/xml/2023/02/27/2023-03929.xml",
}
# WRITTEN: a correction document pointing at 2023-03929 (the number 2099-00002 is made up).
CORRECTION: dict[str, Any] = {
    "document_number": "2099-00002",
    "title": "Additions of Entities to the Entity List; Correction",
    "type": "Rule",
    "correction_of": "https://www.federalregister.gov/documents/2023/02/27/2023-03929/additions-of-entities",
}
# WRITTEN after the public-inspection field list (filing_type, filed_at, pdf_url, ...); values of 2025-00636.
PUBLIC_INSPECTION = {
    "count": 1,
    "results": [
        {
            "document_number": "2025-00636",
            "type": "Rule",
            "title": "Framework for Artificial Intelligence Diffusion",
            "filing_type": "special",
            "filed_at": "2025-01-13T08:45:00.000-05:00",
            "publication_date": "2025-01-15",
            "pdf_url": "https://public-inspection.federalregister.gov/2025-00636.pdf",
            "agencies": [
                {"raw_name": "DEPARTMENT OF COMMERCE", "parent_id": None},
                {"raw_name": "Bureau of Industry and Security", "parent_id": 54},
            ],
            "docket_numbers": ["Docket No. 250107-0007"],
        }
    ],
}


def payload(obj: object) -> bytes:
    return json.dumps(obj).encode()


def test_snapshot_cache() -> None:
    docs = parse_fr_json(CACHE.read_bytes(), source_name=CACHE.name)
    assert len(docs) == 136
    assert {d.meta.type for d in docs} == {"Rule"}
    assert all(re.fullmatch(r"\d{4}-\d{5}|C\d-\d{4}-\d{5}", d.meta.document_number) for d in docs)
    assert "C1-2024-13148" in {d.meta.document_number for d in docs}  # a correction keeps its prefix
    by_number = {d.meta.document_number: d for d in docs}
    ai = by_number["2025-00636"]
    assert ai.meta.title == "Framework for Artificial Intelligence Diffusion"
    assert ai.meta.publication_date == "2025-01-15"
    assert ai.meta.abstract and ai.meta.abstract.startswith("With this interim final rule")
    el = by_number["2023-03929"]
    assert el.meta.url == (
        "https://www.federalregister.gov/documents/2023/02/27/2023-03929/additions-of-entities-to-the-entity-list"
    )
    # the cache did not keep citation, pages or CFR references: they stay empty, never guessed
    assert (el.meta.citation, el.meta.pages, el.meta.cfr, el.meta.public_inspection) == (
        None,
        None,
        (),
        False,
    )
    assert [b.kind for b in el.blocks] == ["title", "summary"]
    assert el.text == f"{el.meta.title}\n\n{el.meta.abstract}"


# fmt: off
SINGLE_FIELDS = [
    ("document_number", "2023-03929"),
    ("type", "Rule"),
    ("citation", "88 FR 12170"),
    ("pages", (12170, 12175)),
    ("effective_date", "2023-02-24"),
    ("comments_close_on", None),
    ("cfr", ("15 CFR Part 744",)),
    ("rin", ("0694-AJ13",)),
    ("docket", ("Docket No. 230221-0050",)),
    ("agency", "DEPARTMENT OF COMMERCE"),
    ("subagency", "Bureau of Industry and Security"),
    ("dates_text", "This rule is effective February 24, 2023."),
    ("action", "Final rule."),
    ("corrected_by", ("2099-00002",)),
    ("corrects", ()),
    ("xml_url", "https://www.federalregister.gov/documents/full_text/xml/2023/02/27/2023-03929.xml"),
    ("pdf_url", "https://www.govinfo.gov/content/pkg/FR-2023-02-27/pdf/2023-03929.pdf"),
    ("public_inspection", False),
]
# fmt: on


@pytest.mark.parametrize(("field", "expected"), SINGLE_FIELDS, ids=[f for f, _ in SINGLE_FIELDS])
def test_single_document(field: str, expected: object) -> None:
    (doc,) = parse_fr_json(payload(DOCUMENT_2023_03929), source_name="2023-03929.json")
    assert getattr(doc.meta, field) == expected


def test_single_document_text() -> None:
    (doc,) = parse_fr_json(payload(DOCUMENT_2023_03929))
    assert [b.kind for b in doc.blocks] == ["title", "action", "summary", "dates"]
    assert all(doc.text[b.start : b.end] == b.text for b in doc.blocks)


# fmt: off
SHAPES = [
    ("search page", {"count": 2, "total_pages": 1, "next_page_url": None,
                     "results": [DOCUMENT_2023_03929, CORRECTION]}, ["2023-03929", "2099-00002"]),
    ("several documents", {"count": 2, "results": [CORRECTION, DOCUMENT_2023_03929]},
     ["2099-00002", "2023-03929"]),
    ("bare list", [DOCUMENT_2023_03929], ["2023-03929"]),
    ("empty search page", {"count": 0, "total_pages": 0, "results": []}, []),
]
# fmt: on


@pytest.mark.parametrize(("case", "obj", "numbers"), SHAPES, ids=[c[0] for c in SHAPES])
def test_shapes(case: str, obj: object, numbers: list[str]) -> None:
    assert [d.meta.document_number for d in parse_fr_json(payload(obj))] == numbers


def test_correction_of() -> None:
    (doc,) = parse_fr_json(payload(CORRECTION))
    assert doc.meta.corrects == ("2023-03929",)


def test_public_inspection() -> None:
    (doc,) = parse_fr_json(payload(PUBLIC_INSPECTION), source_name="public-inspection-documents/current.json")
    m = doc.meta
    assert (m.document_number, m.public_inspection, m.publication_date) == ("2025-00636", True, "2025-01-15")
    assert m.pdf_url == "https://public-inspection.federalregister.gov/2025-00636.pdf"
    assert m.docket == ("Docket No. 250107-0007",)
    assert (m.agency, m.subagency) == ("DEPARTMENT OF COMMERCE", "Bureau of Industry and Security")


# fmt: off
BAD = [
    ("not json", b"<html>Service Unavailable</html>", "not valid JSON"),
    ("api error", b'{"errors": {"conditions": {"agencies": ["nonexistent"]}}}', "answered with an error"),
    ("unknown object", b'{"foo": 1}', "not a Federal Register API answer (a JSON dict with keys foo)"),
    ("no number", payload({"results": [{"title": "x"}]}), "result 0 has no document_number"),
    ("count without results", payload({"count": 5, "results": []}), "count=5 but holds no results"),
    ("empty", b"", "empty payload"),
    # nested past the decoder's recursion limit (it raised RecursionError), closed or cut off
    ("100,000 nested lists", b"[" * 100_000 + b"]" * 100_000, "JSON nested more than 64 levels deep"),
    ("100,000 nested lists, cut off", b"[" * 100_000, "JSON nested more than 64 levels deep"),
    ("100,000 nested objects", b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested more than 64 levels"),
    # within the decoder's limit, but a result field nested so deep that printing it would recurse
    ("deep title", payload({"results": [{"document_number": "2023-03929", "title": [[[[[[[[]]]]]]]]}]})
     .replace(b"[[[[[[[[", b"[" * 500).replace(b"]]]]]]]]", b"]" * 500), "nested more than 64 levels"),
]
# fmt: on


@pytest.mark.parametrize(("case", "data", "message"), BAD, ids=[c[0] for c in BAD])
def test_bad_json(case: str, data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_fr_json(data, source_name="answer.json")


def test_nesting_up_to_the_limit_is_fine() -> None:
    deep: object = "2023-03929"
    for _ in range(MAX_JSON_DEPTH - 2):  # the result object and the list around it are two levels
        deep = [deep]
    (doc,) = parse_fr_json(payload([{"document_number": "2023-03929", "docket_ids": deep}]))
    assert doc.meta.document_number == "2023-03929"
    with pytest.raises(ParseError, match="nested more than 64 levels"):
        parse_fr_json(payload([{"document_number": "2023-03929", "docket_ids": [deep]}]))
