"""PDF parser: the real 168-page public-inspection PDF of FR Doc. 2025-00636 (parsed once per module) and
small PDFs built by tests/fixtures/guidance/make_bad_pdfs.py (committed)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from exportwatch.errors import ParseError
from ingest.models import ParsedDocument
from ingest.parse_pdf import parse_pdf

REPO = Path(__file__).resolve().parents[2]
REAL = REPO / "exportwatch/snapshot/guidance/fr_2025-00636_ai_diffusion_public_inspection.pdf"
GUIDANCE = REPO / "tests/fixtures/guidance"


@pytest.fixture(scope="module")
def ai_rule() -> ParsedDocument:
    return parse_pdf(
        REAL.read_bytes(), name=REAL.name, url="https://public-inspection.federalregister.gov/2025-00636.pdf"
    )


# fmt: off
FIELDS = [
    ("document_number", "2025-00636"),
    ("source", "federal-register"),
    ("public_inspection", True),
    ("type", "Rule"),
    ("title", "Framework for Artificial Intelligence Diffusion"),
    ("publication_date", "2025-01-15"),  # from the stamp "scheduled to be published ... on 01/15/2025"
    ("agency", "DEPARTMENT OF COMMERCE"),
    ("rin", ("0694-AJ90",)),
    ("docket", ("Docket No. 250107-0007",)),
    ("cfr", ("15 CFR Parts 732, 734, 740, 742, 744, 748, 750, 762, 772, and 774",)),
    ("action", "Interim final rule; request for comments."),
    ("pages", (1, 168)),
    ("frdoc", "[FR Doc. 2025-00636 Filed: 1/13/2025 8:45 am; Publication Date: 1/15/2025]"),
    ("pdf_url", "https://public-inspection.federalregister.gov/2025-00636.pdf"),
]
# fmt: on


@pytest.mark.parametrize(("field", "expected"), FIELDS, ids=[f for f, _ in FIELDS])
def test_public_inspection_fields(ai_rule: ParsedDocument, field: str, expected: object) -> None:
    assert getattr(ai_rule.meta, field) == expected


def test_dates_text_stops_before_the_stamp(ai_rule: ParsedDocument) -> None:
    dates = ai_rule.meta.dates_text or ""
    assert dates.startswith("Effective date: This rule is effective January 13. 2025.")  # the original's typo
    assert "Comment due date:" in dates and "scheduled to be published" not in dates


def test_pages(ai_rule: ParsedDocument) -> None:
    assert [p for _, p in ai_rule.page_breaks] == list(range(1, 169))
    assert all(b.page == ai_rule.page_at(b.start) for b in ai_rule.blocks)
    assert ai_rule.blocks[0].text == "BILLING CODE 3510-33-P"  # right-aligned line: its own paragraph


# fmt: off
PHRASES = [
    ("DEPARTMENT OF COMMERCE", 1),
    ("In other words, advanced AI models both pose unique threats to U.S. national security", 5),
    ("2025 Q1", 27),
    ("[FR Doc. 2025-00636 Filed: 1/13/2025 8:45 am; Publication Date: 1/15/2025]", 168),
]
# fmt: on


@pytest.mark.parametrize(("phrase", "page"), PHRASES, ids=[p[:24] for p, _ in PHRASES])
def test_phrase_on_page(ai_rule: ParsedDocument, phrase: str, page: int) -> None:
    assert ai_rule.page_at(ai_rule.text.index(phrase)) == page


def test_paragraphs_and_hyphens(ai_rule: ParsedDocument) -> None:
    assert "\ufffe" not in ai_rule.text
    assert "transfer (in-country) of advanced computing (ICs)" in ai_rule.text  # pdfium's line-end hyphen
    para = next(b for b in ai_rule.blocks if b.text.startswith("At the same time, experts from across"))
    assert para.text.endswith("Sustainable Development Goals.")  # nine lines joined into one paragraph
    assert para.page == 5
    assert all(b.text == " ".join(b.text.split()) for b in ai_rule.blocks)


def test_tables(ai_rule: ParsedDocument) -> None:
    assert ai_rule.meta.tables == len(ai_rule.tables) > 0
    tpp = next(t for t in ai_rule.tables if t.page == 27)
    assert tpp.header[0] == "Quarter"
    assert tpp.rows[0] == ("2025 Q1", "633,000,000")
    eccn = [t for t in ai_rule.tables if t.header[:1] == ("Control(s)",)]
    assert len(eccn) > 10  # the License Requirements boxes of the amended ECCNs
    assert all(t.page is not None and 1 <= t.page <= 168 for t in ai_rule.tables)


def test_generic_guidance_pdf() -> None:
    data = (GUIDANCE / "text_minimal.pdf").read_bytes()
    doc = parse_pdf(
        data, name="text_minimal.pdf", url="https://www.bis.gov/media/documents/x.pdf", tables=False
    )
    m = doc.meta
    assert m.document_number == f"guidance:{hashlib.sha256(data).hexdigest()[:16]}"
    assert (m.source, m.type, m.public_inspection, m.pages) == ("guidance", "Guidance", False, (1, 1))
    assert m.title == "Guidance on Red Flags for Diversion of Advanced Computing Chips"
    assert [b.text for b in doc.blocks][1].startswith(
        "This one-page PDF was written for the exportwatch tests;"
    )
    assert "(15 CFR part 744, supplement no. 4)." in doc.text


# fmt: off
BAD = [
    ("encrypted", (GUIDANCE / "encrypted.pdf").read_bytes(), "encrypted.pdf: PDF is encrypted"),
    ("no text layer", (GUIDANCE / "no_text_layer.pdf").read_bytes(),
     "no_text_layer.pdf: PDF has no text layer"),
    ("truncated", (GUIDANCE / "truncated.pdf").read_bytes(), "truncated.pdf: PDF truncated or damaged"),
    ("damaged", b"%PDF-1.7\n1 0 obj <<>> garbage\n%%EOF\n", "damaged.pdf: PDF truncated or damaged (Failed"),
    ("html", b"<!DOCTYPE html><html><body>Access Denied</body></html>", "html.pdf: not a PDF"),
    ("empty", b"", "empty.pdf: empty payload"),
]
# fmt: on


@pytest.mark.parametrize(("case", "data", "message"), BAD, ids=[c[0] for c in BAD])
def test_bad_pdfs(case: str, data: bytes, message: str) -> None:
    name = case.replace(" ", "_") + ".pdf" if case in ("no text layer",) else f"{case}.pdf"
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_pdf(data, name=name)
