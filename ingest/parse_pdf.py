"""Parse guidance PDFs and Federal Register public-inspection PDFs.

Text comes from pypdfium2 (fast: the 168-page public-inspection PDF of FR Doc. 2025-00636 in about 0.2 s).
Each page is cut into paragraphs from the line geometry pdfium reports: a paragraph ends after a line that
stops well short of the right margin, and starts at an indented line. One ``Block`` per page-paragraph (a
paragraph running over a page break gives two blocks); ``page_breaks`` holds the offset of each PDF page,
numbered from 1. Line-end hyphens that pdfium marks (U+FFFE) are kept as hyphens ("in-country").

Tables come from pdfplumber, which costs about 0.05 s per page to lay out (about 9.7 s for all 168 pages,
measured here): it only runs on pages that look ruled, i.e. pages whose drawing holds between 4 and 200 path
objects (counted by pdfium for almost nothing); ``tables=False`` skips it.

A public-inspection PDF ("This document is scheduled to be published in the Federal Register on ...") becomes
a ``federal-register`` document with ``public_inspection=True``, its FR document number, RIN and preamble
fields (a printed FR PDF, recognized by its "[FR Doc. ... Filed ...]" line, too, with ``public_inspection``
false); any other PDF is a ``guidance`` document numbered ``guidance:<sha256[:16]>``.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from exportwatch.errors import ParseError
from ingest.models import SOURCE_FEDERAL_REGISTER, SOURCE_GUIDANCE, Block, DocumentMeta, ParsedDocument, Table

TABLE_PATHS_MIN, TABLE_PATHS_MAX = 4, 200
_FPDF_ERR_PASSWORD = 4
_PI_STAMP = re.compile(r"scheduled to be published in the\s+Federal Register on\s+(\d{2})/(\d{2})/(\d{4})")
_FR_NUMBER = re.compile(
    r"FR Doc\.?\s+(\d{4}-\d{5})|federalregister\.gov/d/(\d{4}-\d{5})"
    r"|public-inspection\.federalregister\.gov/(\d{4}-\d{5})"
)
_FRDOC_LINE = re.compile(r"\[FR Doc\.[^\]]*\]")
_RIN = re.compile(r"\bRIN\s+(\d{4}-[A-Z0-9]{4})")
_DOCKET = re.compile(r"\[(Docket No\.[^\]]+)\]")
_CFR = re.compile(r"^\d+ CFR Parts? [\d, and]+$", re.MULTILINE)
_FIELD = re.compile(
    r"^(AGENCY|ACTION|SUMMARY|DATES|ADDRESSES|FOR FURTHER INFORMATION CONTACT|SUPPLEMENTARY INFORMATION):"
)
_STAMP_LINE = re.compile(
    r"This document is scheduled to be published|Federal Register on \d|https://federalregister\.gov/d/"
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def parse_pdf(data: bytes, *, name: str, url: str | None = None, tables: bool = True) -> ParsedDocument:
    """Parse a PDF into one document with per-page paragraphs, page breaks and (optionally) tables.

    Args:
        data: The PDF bytes.
        name: File name, for messages (and the title when the PDF has none).
        url: Where the PDF came from, kept in ``DocumentMeta.url``/``pdf_url``.
        tables: Run pdfplumber table extraction on the pages that look ruled.

    Raises:
        ParseError: Not a PDF, truncated or damaged, encrypted, or without a text layer.
    """
    if not data or not data.strip():
        raise ParseError(f"{name}: empty payload")
    if b"%PDF-" not in data[:1024]:
        raise ParseError(f"{name}: not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        raise ParseError(f"{name}: PDF truncated or damaged (no %%EOF end marker)", hint="download it again")
    pages: list[list[str]] = []
    ruled: list[int] = []  # pages that look like they hold a ruled table
    with _open(data, name) as pdf:
        for i in range(len(pdf)):
            page = pdf[i]
            if TABLE_PATHS_MIN <= _path_count(page) < TABLE_PATHS_MAX:
                ruled.append(i + 1)
            pages.append(_page_paragraphs(page))
        info_title = (pdf.get_metadata_dict().get("Title") or "").strip()
    if not any(pages):
        raise ParseError(f"{name}: PDF has no text layer (scanned pages?)", hint="run OCR on it first")

    blocks: list[Block] = []
    breaks: list[tuple[int, int]] = []
    pos = 0
    for pageno, paragraphs in enumerate(pages, start=1):
        for n, para in enumerate(paragraphs):
            start = pos + 2 if blocks else 0
            if n == 0:
                breaks.append((start, pageno))
            blocks.append(Block(kind="p", text=para, start=start, end=start + len(para), page=pageno))
            pos = start + len(para)
    text = "\n\n".join(b.text for b in blocks)
    found_tables = _tables(data, ruled) if tables and ruled else ()
    meta = _meta(text, pages, data, name=name, url=url, info_title=info_title, ntables=len(found_tables))
    return ParsedDocument(meta, text, tuple(blocks), found_tables, (), tuple(breaks))


@contextmanager
def _open(data: bytes, name: str) -> Iterator[pdfium.PdfDocument]:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == _FPDF_ERR_PASSWORD:
            raise ParseError(f"{name}: PDF is encrypted (a password is required)") from None
        raise ParseError(f"{name}: PDF truncated or damaged ({e})") from None
    try:
        yield pdf
    finally:
        pdf.close()


def _path_count(page: pdfium.PdfPage) -> int:
    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))


def _page_paragraphs(page: pdfium.PdfPage) -> list[str]:
    """Paragraphs of one page, from the text lines and their left/right edges."""
    tp = page.get_textpage()
    try:
        raw = tp.get_text_range()
        geometric = len(raw) == tp.count_chars()
        lines: list[tuple[str, float, float]] = []  # text, left, right
        i = 0
        for line in raw.split("\r\n") if "\r\n" in raw else raw.split("\n"):
            stripped = line.strip()
            if stripped and geometric:
                first = i + len(line) - len(line.lstrip())
                last = i + len(line.rstrip()) - 1
                lines.append((stripped, tp.get_charbox(first)[0], tp.get_charbox(last)[2]))
            elif stripped:
                lines.append((stripped, 0.0, 0.0))
            i += len(line) + 2
    finally:
        tp.close()
        page.close()
    if not lines:
        return []
    left = min(x for _, x, _ in lines)
    right = max(r for _, _, r in lines)
    short = right - 0.2 * (right - left)
    paragraphs: list[list[str]] = []
    prev_x = prev_right = 0.0
    for text, x, r in lines:
        new = (
            not paragraphs
            or prev_right < short  # the previous line stopped short: it ended a paragraph
            or x > left + 15  # first-line indent, centred or right-aligned line
            or prev_x > left + 100  # after a centred or right-aligned line ("BILLING CODE ...")
            or bool(_FIELD.match(text))
        )
        if new:
            paragraphs.append([text])
        else:
            paragraphs[-1].append(text)
        prev_x, prev_right = x, r
    return [_join(p) for p in paragraphs]


def _join(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = _CONTROL.sub("", line.replace("\ufffe", "-").replace("\u00ad", "-"))
        out = out + line if out.endswith("-") or not out else f"{out} {line}"
    return " ".join(out.split())


def _tables(data: bytes, pagenos: list[int]) -> tuple[Table, ...]:
    """pdfplumber tables of the given (1-based) pages; tables of one row or one column are dropped."""
    import pdfplumber  # slow to import and only needed here

    out: list[Table] = []
    with pdfplumber.open(io.BytesIO(data), pages=pagenos) as pdf:
        for page in pdf.pages:
            for rows in page.extract_tables():
                cells = [tuple(" ".join((c or "").split()) for c in row) for row in rows]
                cells = [r for r in cells if any(r)]
                filled = sum(1 for r in cells for c in r if c)
                if (
                    len(cells) < 2
                    or max(len(r) for r in cells) < 2
                    or filled * 2 < sum(len(r) for r in cells)
                ):
                    continue  # one row, one column, or mostly empty cells: ruled text, not a table
                out.append(Table(header=cells[0], rows=tuple(cells[1:]), page=page.page_number))
            page.flush_cache()
    return tuple(out)


def _meta(
    text: str,
    pages: list[list[str]],
    data: bytes,
    *,
    name: str,
    url: str | None,
    info_title: str,
    ntables: int,
) -> DocumentMeta:
    stamp = _PI_STAMP.search(text)
    number = next((g for m in _FR_NUMBER.finditer(text) for g in m.groups() if g), None)
    first = [p for page in pages[:2] for p in page]
    head = "\n".join(first)
    frdoc = _FRDOC_LINE.search(text)
    if number and (stamp or (frdoc and "Filed" in frdoc.group(0))):  # a public-inspection or printed FR PDF
        fields = _fr_fields(first)
        action = fields.get("ACTION")
        return DocumentMeta(
            document_number=number,
            source=SOURCE_FEDERAL_REGISTER,
            type=_fr_type(action),
            title=_fr_title(first) or info_title or name,
            publication_date=f"{stamp[3]}-{stamp[1]}-{stamp[2]}" if stamp else None,
            agency=next((p for p in first if p.isupper() and p.startswith("DEPARTMENT")), None),
            cfr=tuple(_CFR.findall(head)[:1]),
            rin=tuple(dict.fromkeys(_RIN.findall(head))),
            docket=tuple(dict.fromkeys(_DOCKET.findall(head))),
            dates_text=fields.get("DATES"),
            pages=(1, len(pages)),
            tables=ntables,
            action=action,
            summary=fields.get("SUMMARY"),
            url=url,
            pdf_url=url,
            frdoc=frdoc.group(0) if frdoc else None,
            public_inspection=stamp is not None,
        )
    title = info_title or next(
        (p for p in first if len(p) > 3 and not p.upper().startswith("BILLING CODE")), name
    )
    return DocumentMeta(
        document_number=f"guidance:{hashlib.sha256(data).hexdigest()[:16]}",
        source=SOURCE_GUIDANCE,
        type="Guidance",
        title=title[:300],
        pages=(1, len(pages)),
        tables=ntables,
        url=url,
        pdf_url=url,
    )


def _fr_fields(paragraphs: list[str]) -> dict[str, str]:
    """Preamble captions of a public-inspection PDF: ``ACTION: ...`` -> {"ACTION": "..."}; DATES runs on
    until the next caption."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for p in paragraphs:
        m = _FIELD.match(p)
        if m:
            current = m.group(1)
            out[current] = [p[m.end() :].strip()]
        elif current == "DATES" and not _STAMP_LINE.match(p):
            out[current].append(p)
    return {k: "\n".join(v) for k, v in out.items()}


def _fr_title(paragraphs: list[str]) -> str | None:
    """The title is the paragraph just before ``AGENCY:`` (after the RIN and docket lines)."""
    for prev, p in zip(paragraphs, paragraphs[1:], strict=False):
        if p.startswith("AGENCY:"):
            return prev.rstrip(".").strip() or None
    return None


def _fr_type(action: str | None) -> str:
    a = (action or "").lower()
    if "proposed rule" in a:
        return "Proposed Rule"
    if "rule" in a:
        return "Rule"
    return "Notice"
