"""Typed records that flow through exportwatch: parsed documents and extracted facts.

Every record is a frozen dataclass. Offsets (``start``/``end``) always refer to
``ParsedDocument.text``, the normalized full text of one document, and ``page`` is the
printed page of the Federal Register (or the PDF page) the offset falls on, when known.

The JSON shape of ``exportwatch extract`` is ``Extraction.to_json()``; its members are a
public contract (see the README), so fields here are only ever added, never renamed.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

# Sources, as used in the catalog, in `docs list` and in `extract` output.
SOURCE_FEDERAL_REGISTER = "federal-register"
SOURCE_BIS_PRESS = "bis-press"
SOURCE_GUIDANCE = "guidance"
SOURCE_TEXT = "text"
SOURCES = (SOURCE_FEDERAL_REGISTER, SOURCE_BIS_PRESS, SOURCE_GUIDANCE)


@dataclass(frozen=True)
class DocumentMeta:
    """What is known about a document: the ``document`` member of ``extract`` output.

    ``document_number`` is the FR document number (``2023-03929``) or, for other sources,
    a stable id (``bis-press:<slug>``, ``guidance:<sha256[:16]>``).
    """

    document_number: str
    source: str
    type: str
    title: str
    publication_date: str | None = None
    agency: str | None = None
    subagency: str | None = None
    cfr: tuple[str, ...] = ()
    rin: tuple[str, ...] = ()
    docket: tuple[str, ...] = ()
    dates_text: str | None = None
    amdpar: tuple[str, ...] = ()
    tables: int = 0
    pages: tuple[int, int] | None = None
    # Further fields, filled when the source knows them.
    action: str | None = None
    subject: str | None = None
    summary: str | None = None
    abstract: str | None = None
    effective_date: str | None = None
    comments_close_on: str | None = None
    citation: str | None = None
    url: str | None = None
    pdf_url: str | None = None
    xml_url: str | None = None
    frdoc: str | None = None
    contact: str | None = None
    corrects: tuple[str, ...] = ()
    corrected_by: tuple[str, ...] = ()
    links: tuple[str, ...] = ()
    public_inspection: bool = False
    lang: str = "en"

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        for k, v in list(d.items()):
            if isinstance(v, tuple):
                d[k] = list(v)
        return d


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph-sized unit of text with its place in the document.

    ``kind`` is one of: title, agency, subagency, cfr, docket, rin, subject, action, summary,
    dates, effective_date, addresses, contact, heading, p, amdpar, sectno, section_subject,
    section, table_row, frdoc, signature, other.
    ``section`` is the nearest heading (supplementary information) or section number (regulatory
    text) above the block.
    """

    kind: str
    text: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None


@dataclass(frozen=True)
class Table:
    """A GPOTABLE (or a PDF table) as header plus rows of cell texts."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    title: str | None = None
    page: int | None = None
    part: str | None = None  # the CFR part of the REGTEXT the table is in, e.g. "744"
    section: str | None = None
    start: int | None = None  # offset of the first row in ParsedDocument.text, when the rows are in it
    # Cell structure kept for structural extractors: per row, per cell, the list of <LI> lines.
    cell_lines: tuple[tuple[tuple[str, ...], ...], ...] = ()


@dataclass(frozen=True)
class RegSection:
    sectno: str
    subject: str
    text: str


@dataclass(frozen=True)
class RegText:
    """One REGTEXT element: amendatory instructions and the sections they insert."""

    title: str | None
    part: str | None
    amdpar: tuple[str, ...]
    sections: tuple[RegSection, ...] = ()


@dataclass(frozen=True)
class ParsedDocument:
    """One document, parsed: metadata, normalized text, blocks, tables and page markers."""

    meta: DocumentMeta
    text: str
    blocks: tuple[Block, ...] = ()
    tables: tuple[Table, ...] = ()
    regtext: tuple[RegText, ...] = ()
    page_breaks: tuple[tuple[int, int], ...] = ()  # (offset in text, page that starts there)
    raw_sha256: str | None = None

    def page_at(self, offset: int) -> int | None:
        """Printed page on which ``offset`` of ``text`` falls, or None when unknown."""
        if not self.page_breaks:
            return None
        offsets = [o for o, _ in self.page_breaks]
        i = bisect.bisect_right(offsets, offset) - 1
        if i < 0:
            return self.page_breaks[0][1]
        return self.page_breaks[i][1]


# --- extracted facts -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text recognized as a label (ECCN, CFR_CITATION, FR_CITATION, DATE, ...)."""

    label: str
    text: str
    start: int
    end: int
    page: int | None = None
    normalized: str | None = None
    doc_id: str | None = None
    groups: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "normalized": self.normalized,
        }


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date with its role: publication, effective, compliance, comments_due, announced, other."""

    role: str
    date: str | None  # ISO date
    text: str
    start: int
    end: int
    basis: str | None = None  # for relative dates: what the date was computed from
    page: int | None = None
    key: bool = False  # one of the document's own key dates (found in its DATES / EFFECTIVE DATE block)

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "role": self.role,
            "date": self.date,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }
        if self.basis:
            d["basis"] = self.basis
        if self.key:
            d["key"] = True
        if self.page is not None:
            d["page"] = self.page
        return d


@dataclass(frozen=True)
class EntityRow:
    """One Entity List row of a supplement no. 4 table."""

    action: str  # add, revise, remove
    name: str
    country: str
    aliases: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    license_requirement: str | None = None
    license_review_policy: str | None = None
    federal_register_citation: str | None = None
    page: int | None = None
    country_code: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "name": self.name,
            "aliases": list(self.aliases),
            "country": self.country,
            "country_code": self.country_code,
            "addresses": list(self.addresses),
            "license_requirement": self.license_requirement,
            "license_review_policy": self.license_review_policy,
            "federal_register_citation": self.federal_register_citation,
        }


@dataclass(frozen=True)
class AmendmentTarget:
    title: str | None = None
    part: str | None = None
    section: str | None = None
    paragraph: str | None = None
    supplement: str | None = None


@dataclass(frozen=True)
class Amendment:
    """One amendatory instruction (AMDPAR) broken into action and target."""

    action: str  # revise, add, remove, redesignate, amend; authority (the authority citation restated)
    target: AmendmentTarget
    text: str
    countries: tuple[str, ...] = ()
    entries: tuple[str, ...] = ()
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "action": self.action,
            "target": asdict(self.target),
            "text": self.text,
        }
        if self.countries:
            d["countries"] = list(self.countries)
        if self.entries:
            d["entries"] = list(self.entries)
        return d


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document: the object ``exportwatch extract`` prints."""

    document: DocumentMeta
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateFact, ...] = ()
    entities: tuple[EntityRow, ...] = ()
    amendments: tuple[Amendment, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, Iterator) else v for k, v in self.json_items().items()}

    def json_items(self) -> dict[str, Any]:
        """``to_json`` with the record lists as generators, for writing a large extraction as a
        stream (``exportwatch.jsonstream``) without a dict per mention alive at once."""
        d: dict[str, Any] = {
            "document": self.document.to_json(),
            "mentions": (m.to_json() for m in self.mentions),
            "dates": (x.to_json() for x in self.dates),
            "entities": (e.to_json() for e in self.entities),
            "amendments": (a.to_json() for a in self.amendments),
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d
