"""Fixtures of the extraction-stage tests: the real documents, parsed and extracted once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import extract_document
from ingest.models import Extraction, ParsedDocument
from ingest.parse_fr_xml import parse_fr_xml
from ingest.parse_pdf import parse_pdf

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
XML_2023_03929 = FIXTURES / "federal_register" / "fr_2023-03929_entity_list_additions.xml"
PDF_2025_00636 = (
    REPO / "exportwatch" / "snapshot" / "guidance" / "fr_2025-00636_ai_diffusion_public_inspection.pdf"
)
OTHER_AGENCIES = FIXTURES / "federal_register" / "other_agencies"
DAILY_ISSUE = FIXTURES / "federal_register" / "daily_issues" / "FR-2016-04-15.xml"
COMMENTARY = FIXTURES / "commentary"
CSL_88FR12171 = FIXTURES / "screening_lists" / "csl_entity_list_88fr12171_2026-07-31.json"
CACHE = REPO / "exportwatch" / "snapshot" / "federal_register" / "bis_rules_2022-2026_api_cache.json"


def commentary_text(name: str) -> str:
    """A commentary fixture without its "#" header line (which says it was written for the tests)."""
    lines = (COMMENTARY / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("#")).strip()


@pytest.fixture(scope="session")
def el_doc() -> ParsedDocument:
    """FR Doc. 2023-03929 (Entity List additions), parsed from its real GPO XML."""
    return parse_fr_xml(XML_2023_03929.read_bytes(), source_name=XML_2023_03929.name)[0]


@pytest.fixture(scope="session")
def el_extraction(el_doc: ParsedDocument) -> Extraction:
    return extract_document(el_doc)


@pytest.fixture(scope="session")
def aid_doc() -> ParsedDocument:
    """FR Doc. 2025-00636 (AI Diffusion IFR), parsed from its 168-page public-inspection PDF."""
    return parse_pdf(PDF_2025_00636.read_bytes(), name=PDF_2025_00636.name, tables=False)


@pytest.fixture(scope="session")
def aid_extraction(aid_doc: ParsedDocument) -> Extraction:
    return extract_document(aid_doc)
