"""BIS press releases and listing (fixtures in tests/fixtures/bis_press are WRITTEN after the public page
structure, not captured: see the SOURCES.md there)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exportwatch.errors import ParseError
from ingest.parse_press import PressListingItem, parse_press_listing, parse_press_release

PRESS = Path(__file__).resolve().parents[1] / "fixtures" / "bis_press"
AI_URL = (
    "https://www.bis.gov/press-release/"
    "department-commerce-announces-rescission-biden-era-artificial-intelligence-diffusion-rule-strengthens"
)
VARIANT_URL = (
    "https://www.bis.doc.gov/index.php/documents/about-bis/newsroom/press-releases/"
    "3233-2023-02-24-bis-press-release-russia-entity-list-additions/file"
)


def read(name: str) -> bytes:
    return (PRESS / name).read_bytes()


def test_listing() -> None:
    items = parse_press_listing(read("news-updates.html"), base_url="https://www.bis.gov/news-updates")
    assert items == [
        PressListingItem(
            url=AI_URL,
            title="Department of Commerce Announces Rescission of Biden-Era Artificial Intelligence "
            "Diffusion Rule, Strengthens Chip-Related Export Controls",
            date="2025-05-13",
        ),
        PressListingItem(
            url="https://www.bis.gov/press-release/"
            "commerce-strengthens-export-controls-restrict-chinas-capability-produce-advanced-semiconductors",
            title="Commerce Strengthens Export Controls to Restrict China's Capability to Produce Advanced "
            "Semiconductors for Military Applications",  # not the "Read more" link text
            date="2024-12-02",
        ),
        PressListingItem(
            url="https://www.bis.gov/press-release/commerce-adds-entities-entity-list-support-russias-military",
            title="Commerce Adds Entities to the Entity List for Supporting Russia's Military and Defense "
            "Industrial Base",
            date="2023-02-24",
        ),
    ]  # the navigation and footer links to /press-release/... are not items


def test_release_drupal_layout() -> None:
    doc = parse_press_release(read("press-release_ai-diffusion-rescission_2025-05-13.html"), url=AI_URL)
    m = doc.meta
    assert m.document_number == (
        "bis-press:department-commerce-announces-rescission-biden-era-artificial-intelligence-diffusion-rule-strengthens"
    )
    assert (m.source, m.type, m.publication_date) == ("bis-press", "Press Release", "2025-05-13")
    assert m.title.startswith("Department of Commerce Announces Rescission of Biden-Era")
    assert not m.title.endswith("Bureau of Industry and Security")
    assert m.links == (
        "https://www.federalregister.gov/documents/2025/01/15/2025-00636/framework-for-artificial-intelligence-diffusion",
        "https://www.bis.gov/media/documents/gp10-guidance-prc-advanced-computing-ics-may-13-2025.pdf",
        "https://www.bis.gov/media/documents/policy-statement-ics-used-to-train-ai-models-may-13-2025.pdf",
        "https://www.bis.gov/media/documents/industry-guidance-diversion-red-flags-may-13-2025.pdf",
        "https://public-inspection.federalregister.gov/2025-00636.pdf",
        "https://www.federalregister.gov/d/2023-03929",
    )  # not the footer's /foia.pdf, the aside, the home page or the mailto
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == "title" and kinds.count("title") == 1
    assert "heading" in kinds
    assert "Huawei Ascend chips anywhere in the world" in doc.text
    assert "Skip to main content" not in doc.text and "1401 Constitution Ave" not in doc.text
    assert "gtag" not in doc.text
    assert "visit www.bis.gov. Media contact: OCPA@bis.doc.gov." in doc.text  # no space before the period
    assert all(doc.text[b.start : b.end] == b.text for b in doc.blocks)


def test_release_variant_layout() -> None:
    doc = parse_press_release(
        read("press-release_entity-list-russia_2023-02-24_variant.html"), url=VARIANT_URL
    )
    m = doc.meta
    assert m.document_number == "bis-press:3233-2023-02-24-bis-press-release-russia-entity-list-additions"
    assert m.title == (
        "Commerce Adds Entities to the Entity List for Supporting Russia's Military and Defense "
        "Industrial Base"
    )
    assert m.publication_date == "2023-02-24"  # a plain "Friday, February 24, 2023" line
    assert m.links == (
        "https://www.federalregister.gov/public-inspection/2023-03929/additions-of-entities-to-the-entity-list",
        "https://www.federalregister.gov/documents/2023/02/27/2023-03929/additions-of-entities-to-the-entity-list",
        "https://www.bis.doc.gov/index.php/documents/about-bis/newsroom/press-releases/3234-2023-02-24-fact-sheet/file.pdf",
    )
    assert "FOR IMMEDIATE RELEASE Office of Congressional and Public Affairs" in doc.text  # <br/> is a space
    assert "CPUNTO Inc. and Electronic Network Inc. of Canada" in doc.text
    assert "Quick Links" not in doc.text and "_gaq" not in doc.text


def test_saved_file_uses_the_declared_url() -> None:
    doc = parse_press_release(read("press-release_ai-diffusion-rescission_2025-05-13.html"), url="saved.html")
    assert doc.meta.url == AI_URL
    assert doc.meta.document_number.startswith("bis-press:department-commerce-announces-rescission")


# Small pages WRITTEN for these tests: each strategy on its own.
PAGE = "<html><head>{head}</head><body><main>{body}<p>{filler}</p></main></body></html>"
FILLER = "BIS added entities to the Entity List under 15 CFR 744.11 for acting contrary to national security."

# fmt: off
TITLE_CASES = [
    ("og:title first", '<meta property="og:title" content="From OG"><title>From title</title>',
     "<h1>From h1</h1>", "From OG"),
    ("h1 next", "<title>From title</title>", "<h1>From <em>h1</em></h1>", "From h1"),
    ("title, suffix dropped", "<title>From title | Bureau of Industry and Security</title>", "",
     "From title"),
]
DATE_CASES = [
    ("time datetime", "", '<time datetime="2025-05-13T12:00:00Z">Tuesday</time>', "2025-05-13"),
    ("published_time meta",
     '<meta property="article:published_time" content="2024-12-02T09:00:00-05:00">', "", "2024-12-02"),
    ("date line", "", "<p>December 2, 2024</p>", "2024-12-02"),
    ("slash date", "", "<p>Posted 02/24/2023</p>", "2023-02-24"),
    ("no date", "", "", None),
]
# fmt: on


@pytest.mark.parametrize(("case", "head", "body", "title"), TITLE_CASES, ids=[c[0] for c in TITLE_CASES])
def test_title_strategies(case: str, head: str, body: str, title: str) -> None:
    html = PAGE.format(head=head, body=body, filler=FILLER).encode()
    assert parse_press_release(html, url="https://www.bis.gov/press-release/x").meta.title == title


@pytest.mark.parametrize(("case", "head", "body", "date"), DATE_CASES, ids=[c[0] for c in DATE_CASES])
def test_date_strategies(case: str, head: str, body: str, date: str | None) -> None:
    html = PAGE.format(head="<title>T</title>" + head, body=body, filler=FILLER).encode()
    assert parse_press_release(html, url="https://www.bis.gov/press-release/x").meta.publication_date == date


def test_largest_container_without_main_or_article() -> None:
    html = (
        "<html><body><div class='menu'><p>Home</p><p>About</p></div>"
        f"<div class='content'><p>{FILLER}</p><p>Second paragraph of the release.</p></div></body></html>"
    ).encode()
    doc = parse_press_release(html, url="https://www.bis.gov/press-release/x")
    assert doc.meta.title == FILLER  # no title, og:title or h1: the first line stands in
    assert [b.text for b in doc.blocks] == [FILLER, "Second paragraph of the release."]
    titled = html.replace(b"<body>", b"<head><title>Release</title></head><body>")
    doc = parse_press_release(titled, url="https://www.bis.gov/press-release/x")
    assert [b.text for b in doc.blocks] == ["Release", FILLER, "Second paragraph of the release."]


# fmt: off
ERRORS = [
    ("not found", read("page-not-found.html"), "an error page (Page not found)"),
    ("access denied", read("access-denied.html"), "an error page (Access Denied)"),
    ("captcha",
     b"<html><head><title>Verify</title></head><body><p>Please complete the CAPTCHA.</p></body></html>",
     "an error page (CAPTCHA)"),
    ("challenge", b"<html><head><title>Just a moment...</title></head><body>Checking</body></html>",
     "an error page (Just a moment...)"),
    ("empty body", b"<html><head><title>BIS</title></head><body>  </body></html>", "empty page body"),
    ("no text", b"<html><head><title>BIS</title></head><body><main><p>Short.</p></main></body></html>",
     "no press release text on the page (empty body)"),
    ("empty payload", b"", "empty page"),
]
# fmt: on


@pytest.mark.parametrize(("case", "html", "message"), ERRORS, ids=[c[0] for c in ERRORS])
def test_error_pages(case: str, html: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_press_release(html, url="https://www.bis.gov/press-release/x")


def test_listing_is_not_a_release() -> None:
    with pytest.raises(ParseError, match="a listing of 3 press releases"):
        parse_press_release(read("news-updates.html"), url="https://www.bis.gov/news-updates")


def test_listing_errors() -> None:
    with pytest.raises(ParseError, match=re.escape("an error page (Access Denied)")):
        parse_press_listing(read("access-denied.html"), base_url="https://www.bis.gov/news-updates")
    with pytest.raises(ParseError, match="no press release links"):
        parse_press_listing(
            read("press-release_entity-list-russia_2023-02-24_variant.html"), base_url="https://www.bis.gov/"
        )
