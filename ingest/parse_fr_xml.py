"""Parse Federal Register GPO XML (one document or a whole daily issue) into ``ParsedDocument``s.

The parts: ``ingest.fr_xml.document`` walks one document (its text model and metadata),
``ingest.fr_xml.text`` reads the text of an element (whitespace, superscripts, page markers),
``ingest.fr_xml.blocks`` places blocks and pages, ``ingest.fr_xml.regtext`` and ``ingest.fr_xml.tables``
read amendatory instructions and tables.

Printed pages: every ``<PRTPAGE P="n"/>`` marks where page *n* begins. A document in a daily issue starts on
the page in force where it begins (the last marker before it in the issue). A document on its own (the
``full_text/xml`` of one document) has no marker for its first page: its first marker is its *second* page,
so the first page is taken as that marker minus one, unless the marker comes before any text.

Speed: see ``benchmarks/bench_parse.py`` and ``ingest.fr_xml.document``; the garbage collector is paused
while documents are built.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from lxml import etree

from exportwatch.errors import ParseError
from exportwatch.vocab.identifiers import parse_long_date
from ingest.fr_xml.document import DOC_TYPES, DocBuilder
from ingest.fr_xml.text import text_of, to_int
from ingest.models import ParsedDocument

__all__ = ["DOC_TYPES", "ISSUE_ROOTS", "parse_fr_xml"]

ISSUE_ROOTS = {"FEDREG", "RULES", "PRORULES", "NOTICES", "PRESDOCS", "NEWPART", "CORRECT"}
_NAME_NUMBER = re.compile(r"(?<![\d])(\d{4}-\d{5})(?![\d])")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True)


def parse_fr_xml(data: bytes, *, source_name: str | None = None) -> list[ParsedDocument]:
    """Parse GPO XML: a ``RULE``/``PRORULE``/``NOTICE``/``PRESDOCU`` document or a ``FEDREG`` daily issue.

    Args:
        data: The XML bytes.
        source_name: File name or URL, used for messages and as fallback for the document number.

    Returns:
        One ``ParsedDocument`` per document, in issue order.

    Raises:
        ParseError: Empty, malformed or truncated XML, an HTML page, or XML that is not Federal Register XML.
    """
    name = source_name or "payload"
    head = data[:2048].lstrip().lower()
    if not head:
        raise ParseError(f"{name}: empty payload")
    if head.startswith(b"<!doctype html") or b"<html" in head:
        raise ParseError(f"{name}: not Federal Register XML (an HTML page)", hint="was an error page saved?")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as e:
        raise ParseError(f"{name}: malformed or truncated XML: {e}") from None
    if root.tag in DOC_TYPES:
        found: list[tuple[etree._Element, int | None]] = [(root, None)]
        vol = pubdate = None
    elif root.tag in ISSUE_ROOTS:
        vol = _first_text(root, "VOL")
        pubdate = parse_long_date(_first_text(root, "DATE") or "")
        found = _issue_documents(root)
    else:
        raise ParseError(f"{name}: not Federal Register XML (root element <{root.tag}>)")
    if not found:
        raise ParseError(f"{name}: no RULE, PRORULE, NOTICE or PRESDOCU document in <{root.tag}>")
    with _gc_paused():
        docs = [DocBuilder(el, page).build(vol=vol, publication_date=pubdate) for el, page in found]
    for i, doc in enumerate(docs):
        if not doc.meta.document_number:  # no FRDOC line: the file name, else a hash of the payload
            number = _name_number(source_name) if len(docs) == 1 else None
            number = number or f"fr-xml:{hashlib.sha256(data).hexdigest()[:16]}" + (
                f"-{i + 1}" if len(docs) > 1 else ""
            )
            docs[i] = replace(doc, meta=replace(doc.meta, document_number=number))
    return docs


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while the documents are built (re-enabled only if it was enabled).

    They are tens of thousands of new objects, none in a reference cycle. The collections their
    allocation triggers cost a few percent of the parse in a small process, and in one that holds
    millions of objects (a spaCy pipeline, a graph) an occasional full collection mid-parse cost more
    than the parse itself.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _issue_documents(root: etree._Element) -> list[tuple[etree._Element, int | None]]:
    """Documents of an issue in order, each with the printed page in force where it begins."""
    out: list[tuple[etree._Element, int | None]] = []
    page: int | None = None
    for el in root.iter("PRTPAGE", *DOC_TYPES):
        if el.tag == "PRTPAGE":
            p = to_int(el.get("P"))
            page = p if p is not None and (page is None or p > page) else page
        else:
            out.append((el, page))
    return out


def _first_text(root: etree._Element, tag: str) -> str | None:
    el = root.find(tag)
    return " ".join(text_of(el).split()) if el is not None else None


def _name_number(source_name: str | None) -> str | None:
    m = _NAME_NUMBER.search(source_name or "")
    return m.group(1) if m else None
