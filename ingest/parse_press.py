"""Parse BIS press releases and the press listing (HTML) with BeautifulSoup over the lxml parser.

bis.gov has changed its markup more than once, so each field is found by several strategies, first hit wins:

- title: ``og:title``, the first ``<h1>``, ``<title>`` (site-name suffix removed);
- date: ``<time datetime>``, ``article:published_time`` / ``dcterms.date`` meta, a date-looking line
  ("May 13, 2025", "05/13/2025") near the top of the main text;
- main text: ``<article>``, ``<main>``, ``[role=main]``, else the element with the most paragraph text;
  navigation, header, footer, aside, scripts and forms are dropped first.

Links to Federal Register documents (``federalregister.gov/documents/...``, ``/d/...``, public inspection)
and to PDFs go to ``DocumentMeta.links``, absolute. An error page (not found, access denied, a captcha or
challenge page, an empty body) raises ``ParseError`` instead of becoming a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup, Tag

from exportwatch.errors import ParseError
from exportwatch.vocab.identifiers import MONTH_NAMES_RE, iso_date, parse_long_date
from ingest.models import SOURCE_BIS_PRESS, DocumentMeta, ParsedDocument
from ingest.parse_fr_json import assemble_blocks

TYPE_PRESS_RELEASE = "Press Release"

_DROP = [
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "template",
    "svg",
    "iframe",
]
_BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "pre", "dt", "dd", "td", "th"]
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_ERROR_PAGE = re.compile(
    r"(page not found|not found \(404\)|error 404|404 not found|access denied|request rejected|403 forbidden|"
    r"^forbidden$|captcha|are you a robot|verify you are human|just a moment\.\.\.|attention required|"
    r"503 service unavailable|service temporarily unavailable|502 bad gateway|500 internal server error)",
    re.IGNORECASE,
)
_DATE_WORDS = re.compile(rf"\b({MONTH_NAMES_RE})\s+(\d{{1,2}}),\s+(\d{{4}})\b")
_DATE_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_FR_LINK = re.compile(
    r"federalregister\.gov/(?:documents/|d/|public-inspection|citation/)|govinfo\.gov/.+/FR-"
)
_TITLE_SUFFIX = re.compile(
    r"\s*[|–—-]\s*(Bureau of Industry and Security|BIS|U\.S\. Department of Commerce)\s*$"
)
_RELEASE_PATH = re.compile(r"/(?:press-releases?|pressreleases?)/", re.IGNORECASE)
_MIN_BODY_CHARS = 80
_GENERIC_SEGMENTS = {"file", "view", "download", "index.html", "index.php", "print"}


@dataclass(frozen=True)
class PressListingItem:
    """One entry of the BIS news listing: absolute URL, title and ISO date (when the listing shows one)."""

    url: str
    title: str
    date: str | None = None


def parse_press_release(html: bytes, *, url: str) -> ParsedDocument:
    """Parse one BIS press release page.

    Args:
        html: The page bytes (any encoding BeautifulSoup can detect).
        url: The page URL: gives the slug of the document number (``bis-press:<slug>``) and resolves
            relative links.

    Raises:
        ParseError: An error page, an empty page, or a listing page instead of a release.
    """
    soup = _soup(html, url)
    _reject_error_page(soup, url)
    if not url.startswith(("http://", "https://")):  # a saved file: the page says where it lives
        canonical = soup.find("link", rel="canonical", href=True)
        declared = _meta_content(soup, "og:url") or (
            str(canonical["href"]) if isinstance(canonical, Tag) else None
        )
        url = declared if declared and declared.startswith(("http://", "https://")) else url
    title = _title(soup)
    region = _strip_chrome(soup)
    release_links = {a for a in _links(region, url) if _RELEASE_PATH.search(urlparse(a).path)}
    if len(release_links) >= 3 and not _RELEASE_PATH.search(urlparse(url).path):
        raise ParseError(f"{url}: a listing of {len(release_links)} press releases, not a press release")
    main = _main(soup, region)
    paragraphs = _paragraphs(main)
    if sum(len(t) for _, t in paragraphs) < _MIN_BODY_CHARS:
        raise ParseError(f"{url}: no press release text on the page (empty body)")
    title = title or paragraphs[0][1][:200]  # no title anywhere: the first line of the text
    if paragraphs[0][1] == title:
        paragraphs = paragraphs[1:]
    text, blocks = assemble_blocks([("title", title), *paragraphs])
    links = tuple(
        a for a in _links(main, url) if _FR_LINK.search(a) or urlparse(a).path.lower().endswith(".pdf")
    )
    meta = DocumentMeta(
        document_number=f"bis-press:{_slug(url)}",
        source=SOURCE_BIS_PRESS,
        type=TYPE_PRESS_RELEASE,
        title=title,
        publication_date=_date(soup, main),
        agency="Department of Commerce",
        subagency="Bureau of Industry and Security",
        summary=_meta_content(soup, "og:description", "description"),
        url=url,
        links=links,
    )
    return ParsedDocument(meta=meta, text=text, blocks=blocks)


def parse_press_listing(html: bytes, *, base_url: str) -> list[PressListingItem]:
    """Parse the news listing (``/news-updates``): every press release linked, once, in page order.

    Raises:
        ParseError: An error page, or a page that links to no press release.
    """
    soup = _soup(html, base_url)
    _reject_error_page(soup, base_url)
    main = _strip_chrome(soup)
    items: dict[str, PressListingItem] = {}
    for a in main.find_all("a", href=True):
        href = urljoin(base_url, str(a["href"]))
        path = urlparse(href).path
        if not _RELEASE_PATH.search(path) or path.lower().endswith(".pdf") or not _slug(href):
            continue
        container = _item_container(a)
        title = _clean(a.get_text()) or _clean(container.get_text(" "))[:200]
        date = _time_date(container) or _text_date(container.get_text(" "))
        old = items.get(href)
        if old is None or (len(title) > len(old.title) and title.lower() not in ("read more", "more")):
            items[href] = PressListingItem(url=href, title=title, date=date or (old.date if old else None))
    if not items:
        raise ParseError(f"{base_url}: no press release links found on the listing page")
    return list(items.values())


# --- strategies --------------------------------------------------------------------------------


def _soup(html: bytes, where: str) -> BeautifulSoup:
    if not html or not html.strip():
        raise ParseError(f"{where}: empty page")
    soup = BeautifulSoup(html, "lxml")
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return soup


def _reject_error_page(soup: BeautifulSoup, where: str) -> None:
    for tag in (soup.title, soup.find("h1")):
        m = _ERROR_PAGE.search(_clean(tag.get_text(" "))) if isinstance(tag, Tag) else None
        if m:
            raise ParseError(f"{where}: an error page ({m.group(1)}), not a press release")
    body = soup.body
    text = _clean(body.get_text(" ")) if body is not None else ""
    if not text:
        raise ParseError(f"{where}: empty page body")
    if len(text) < 600:
        m = _ERROR_PAGE.search(text)
        if m:
            raise ParseError(f"{where}: an error page ({m.group(1)}), not a press release")


def _title(soup: BeautifulSoup) -> str:
    og = _meta_content(soup, "og:title", "twitter:title", "dcterms.title")
    h1 = soup.find("h1")
    for candidate in (
        og,
        _clean(h1.get_text()) if h1 else None,
        _clean(soup.title.get_text()) if soup.title else None,
    ):
        if candidate:
            return _TITLE_SUFFIX.sub("", candidate)
    return ""


def _meta_content(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if isinstance(tag, Tag) and tag.get("content"):
            return _clean(str(tag["content"]))
    return None


def _date(soup: BeautifulSoup, main: Tag) -> str | None:
    return (
        _time_date(main)
        or _time_date(soup)
        or _iso(_meta_content(soup, "article:published_time", "dcterms.date", "date", "DC.date.issued"))
        or _text_date(main.get_text("\n")[:1500])
        or _text_date(soup.get_text("\n")[:3000])  # a date line above the body ("Friday, February 24, 2023")
    )


def _time_date(scope: Tag) -> str | None:
    for t in scope.find_all("time"):
        found = _iso(str(t.get("datetime") or "")) or _text_date(t.get_text(" "))
        if found:
            return found
    return None


def _iso(value: str | None) -> str | None:
    m = _DATE_ISO.search(value or "")
    return f"{m[1]}-{m[2]}-{m[3]}" if m else None


def _text_date(text: str) -> str | None:
    m = _DATE_WORDS.search(text)
    if m and (found := parse_long_date(m[0])):
        return found
    m = _DATE_SLASH.search(text)
    return iso_date(int(m[3]), int(m[1]), int(m[2])) if m else None


def _strip_chrome(soup: BeautifulSoup) -> Tag:
    """Drop navigation, header, footer, scripts...; return the page's main region (``<main>`` or body)."""
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for found in (soup.find("main"), soup.select_one('[role="main"]'), soup.find(id="main-content")):
        if isinstance(found, Tag):
            return found
    return soup.body or soup


def _main(soup: BeautifulSoup, region: Tag) -> Tag:
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda a: len(a.get_text(" ", strip=True)))
    if region is not soup.body and region is not soup:
        return region
    return _largest_container(soup)


def _largest_container(soup: BeautifulSoup) -> Tag:
    """The element whose own ``<p>`` children hold the most text (the body when there are none)."""
    best: Tag | None = None
    best_len = 0
    for p in soup.find_all("p"):
        parent = p.parent
        if not isinstance(parent, Tag):
            continue
        n = sum(len(c.get_text(" ", strip=True)) for c in parent.find_all("p", recursive=False))
        if n > best_len:
            best, best_len = parent, n
    return best or soup.body or soup


def _paragraphs(main: Tag) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for el in main.find_all(_BLOCK_TAGS):
        if el.find(_BLOCK_TAGS):
            continue  # its inner blocks are taken instead
        text = _clean(el.get_text())
        if text:
            out.append(("heading" if el.name in _HEADINGS else "p", text))
    if not out:  # text in bare divs and <br>s: split on blank lines
        chunks = re.split(r"\n\s*\n", main.get_text("\n"))
        out = [("p", _clean(c)) for c in chunks if _clean(c)]
    return out


def _links(scope: Tag, base: str) -> list[str]:
    seen: dict[str, None] = {}
    for a in scope.find_all("a", href=True):
        href = str(a["href"]).strip()
        if href and not href.startswith(("#", "mailto:", "javascript:", "tel:")):
            seen.setdefault(urljoin(base, href), None)
    return list(seen)


def _item_container(a: Tag) -> Tag:
    """The nearest ancestor of a listing link that holds this item only (one release link)."""
    node: Tag = a
    for _ in range(5):
        parent = node.parent
        if not isinstance(parent, Tag) or parent.name in ("body", "main", "html"):
            break
        hrefs = {
            str(x["href"]) for x in parent.find_all("a", href=True) if _RELEASE_PATH.search(str(x["href"]))
        }
        if len(hrefs) > 1:
            break
        node = parent
    return node


def _slug(url: str) -> str:
    """Last meaningful path segment: ``/press-release/<slug>``; ``.../<slug>/file`` (old site): ``<slug>``."""
    parts = [p for p in urlparse(url).path.split("/") if p and p.lower() not in _GENERIC_SEGMENTS]
    return re.sub(r"\.(html?|php|aspx?)$", "", parts[-1]) if parts else ""


def _clean(text: str) -> str:
    return " ".join(text.split())
