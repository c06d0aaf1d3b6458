"""The walk over one document element (RULE, PRORULE, NOTICE, PRESDOCU) and its metadata.

Text model: one block per preamble field paragraph, heading, paragraph, AMDPAR, section number, section
subject, table row, signature and FRDOC line; ``ParsedDocument.text`` is the block texts joined by a blank
line.

Speed (``benchmarks/bench_parse.py``): a daily issue is ~28,000 blocks, so the per-element paths are
written for it: text-only paragraphs are handled inline in ``walk``, whitespace is collapsed only when
needed (``collapse``), and Blocks are built without the dataclass ``__init__`` (``with_pages``). Each
shortcut is checked against the plain code in the tests.
"""

from __future__ import annotations

import re
from dataclasses import replace
from operator import attrgetter

from lxml import etree

from exportwatch.vocab.identifiers import FR_DOC_LINE_RE, MONTH_NAMES_RE, parse_long_date
from ingest.fr_xml.blocks import Draft, first_pages, new_draft, page_at, with_pages
from ingest.fr_xml.tables import TableReader
from ingest.fr_xml.text import SKIP, to_int
from ingest.models import SOURCE_FEDERAL_REGISTER, DocumentMeta, ParsedDocument

DOC_TYPES = {
    "RULE": "Rule",
    "PRORULE": "Proposed Rule",
    "NOTICE": "Notice",
    "PRESDOCU": "Presidential Document",
}
# Preamble elements holding one value each, and the block kind they become.
_FIELDS = {"AGENCY": "agency", "SUBAGY": "subagency", "CFR": "cfr", "DEPDOC": "docket", "RIN": "rin"}
# Preamble captions ("ACTION:", "DATES:" ...): a HED heading then paragraphs.
_CAPTIONS = {
    "AGY": "agency",
    "ACT": "action",
    "SUM": "summary",
    "DATES": "dates",
    "EFFDATE": "effective_date",
    "ADD": "addresses",
    "FURINF": "contact",
}
_PARAS = {"P", "FP"}  # (``walk`` compares the tag with each of them, for speed)
_ONE_BLOCK = {"AUTH": "p", "SIG": "signature", "NOTE": "p"}  # children joined into one block
_TEXT = attrgetter("text")

_RIN = re.compile(r"\b\d{4}-[A-Z0-9]{4}\b")
_EFFECTIVE_ONLY = re.compile(
    rf"^[^.]*\beffective\b(?: date:)?(?: on)? (?:{MONTH_NAMES_RE}) \d{{1,2}}, \d{{4}}\.?$", re.IGNORECASE
)


class DocBuilder(TableReader):
    """Walks one document element and accumulates blocks, page breaks, tables and REGTEXT."""

    def __init__(self, root: etree._Element, page_in_force: int | None) -> None:
        super().__init__()
        self.root = root
        self.page_in_force = page_in_force
        self.in_preamble = False
        self.heading_title: str | None = None

    def walk(self, parent: etree._Element) -> None:
        """Visit the children of ``parent``; a paragraph of text only (most blocks) is handled inline."""
        if self.in_section:
            for el in parent:
                self.visit(el)
            return
        append, pending, visit, new, draft = self.blocks.append, self.pending, self.visit, new_draft, Draft
        pos, section = self.pos, self.section
        for el in parent:
            tag = el.tag  # a new string each time: two comparisons cost less than hashing it for a set
            if (tag == "FP" or tag == "P") and not len(el):
                raw = el.text
                if not raw:
                    continue
                if (  # collapse, inline
                    ("\n" not in raw and "\t" not in raw and "\r" not in raw)
                    if raw.isascii()
                    else raw.isprintable()
                ) and ("  " not in raw and raw[0] != " " and raw[-1] != " "):
                    text = raw
                else:
                    text = " ".join(raw.split())
                if text:
                    if pending:
                        self.pos = pos
                        self.put("p", text, section)
                        pos = self.pos
                    else:
                        b = new(draft)
                        b.kind = "p"
                        b.text = text
                        b.start = start = pos + 2
                        b.end = pos = start + len(text)
                        b.section = section
                        append(b)
            else:
                self.pos = pos
                visit(el)
                pos, section = self.pos, self.section
        self.pos = pos

    def visit(self, el: etree._Element) -> None:
        """One element, by tag: every GPO element the parser knows is handled here, in one place (the
        most frequent first; the branches do not overlap, so their order is only a matter of speed)."""
        tag = el.tag
        if tag in _PARAS:
            text = self.block("section" if self.in_section else "p", el, self.section)
            if self.in_section and text:
                self.sec_texts.append(text)
        elif tag == "HD":
            text = self.block("heading", el, None)
            if text:
                self.section = text
                self.heading_title = self.heading_title or text
        elif tag == "FTNT":
            for ch in el:
                if ch.tag in _PARAS:
                    self.block("other", ch, self.section)
                else:
                    self.visit(ch)
        elif tag in SKIP:
            return
        elif tag == "SUBJECT":
            self._subject(el)
        elif tag in ("FRDOC", "FILED"):
            text = self.block("frdoc", el)
            if text:
                self.fields.setdefault("FRDOC", []).append(text)
        elif tag == "PREAMB":
            self.in_preamble = True
            self.walk(el)
            self.in_preamble = False
        elif tag in _FIELDS and self.in_preamble:
            text = self.block(_FIELDS[tag], el)
            if text:
                self.fields.setdefault(tag, []).append(text)
        elif tag in _ONE_BLOCK:
            self.joined(_ONE_BLOCK[tag], el)
        elif tag in _CAPTIONS:
            self._caption(el, _CAPTIONS[tag])
        elif tag == "SECTNO":
            self.add_sectno(el)
        elif tag == "SECTION":
            self.section_element(el)
        elif tag == "AMDPAR":
            self.add_amdpar(el)
        elif tag == "PRTPAGE":
            page = to_int(el.get("P"))
            if page is not None:
                self.pending.append(page)
        elif tag == "REGTEXT":
            self.regtext(el)
        elif tag == "PART" and (self.reg is None or not self.reg.explicit):
            self.implicit_part(el)
        elif tag == "GPOTABLE":
            self.table(el)
        elif len(el) and not (el.text and el.text.strip()):
            self.walk(el)  # a container
        else:
            # text, possibly with inline children (<PRES>The President<PRTPAGE/></PRES>)
            self.block("p", el, self.section)

    def _subject(self, el: etree._Element) -> None:
        if self.in_section:
            self.sec_subject = self.block("section_subject", el, self.section)
        else:
            text = self.block("title", el)
            if text:
                self.fields.setdefault("SUBJECT", []).append(text)

    def _caption(self, el: etree._Element, kind: str) -> None:
        for i, ch in enumerate(el):
            if ch.tag == "HD" and i == 0:
                continue  # the caption label, e.g. "DATES:"
            if ch.tag in _PARAS:
                text = self.block(kind, ch)
                if text:
                    self.fields.setdefault(kind, []).append(text)
            else:
                self.visit(ch)

    # --- result ----------------------------------------------------------------------------------

    def build(self, *, vol: str | None, publication_date: str | None) -> ParsedDocument:
        self.walk(self.root)
        self.close_reg()
        text = "\n\n".join(map(_TEXT, self.blocks))
        breaks = first_pages(self.breaks, len(text), self.page_in_force)
        blocks = with_pages(self.blocks, breaks)
        tables = tuple(
            replace(t, page=page_at(breaks, t.start)) if t.start is not None else t for t in self.tables
        )
        pages = (breaks[0][1], page_at(breaks, len(text) - 1) or breaks[0][1]) if breaks else None
        meta = self._meta(pages, len(tables), vol, publication_date)
        return ParsedDocument(meta, text, blocks, tables, tuple(self.regtexts), tuple(breaks))

    def _meta(
        self, pages: tuple[int, int] | None, ntables: int, vol: str | None, pubdate: str | None
    ) -> DocumentMeta:
        f = self.fields
        frdoc = " ".join(f.get("FRDOC", [])) or None
        m = FR_DOC_LINE_RE.search(frdoc or "")
        dates = "\n".join(f.get("dates", []) + f.get("effective_date", [])) or None
        effective = None
        if dates and _EFFECTIVE_ONLY.match(dates):
            effective = parse_long_date(dates)
        title = "; ".join(f.get("SUBJECT", [])) or self.heading_title or ""
        rins: list[str] = []
        for r in f.get("RIN", []):
            rins.extend(_RIN.findall(r) or [r.removeprefix("RIN").strip()])
        is_pres = self.root.tag == "PRESDOCU"
        return DocumentMeta(
            document_number=m.group(1) if m else "",
            source=SOURCE_FEDERAL_REGISTER,
            type=DOC_TYPES[self.root.tag],
            title=title,
            publication_date=pubdate,
            agency=_first(f.get("AGENCY")) or ("Executive Office of the President" if is_pres else None),
            subagency=_first(f.get("SUBAGY")),
            cfr=tuple(f.get("CFR", [])),
            rin=tuple(rins),
            docket=tuple(d.strip("[] ") for d in f.get("DEPDOC", [])),
            dates_text=dates,
            amdpar=tuple(self.amdpar),
            tables=ntables,
            pages=pages,
            action="\n".join(f.get("action", [])) or None,
            summary="\n".join(f.get("summary", [])) or None,
            effective_date=effective,
            citation=f"{vol} FR {pages[0]}" if vol and pages else None,
            frdoc=frdoc,
            contact="\n".join(f.get("contact", [])) or None,
        )


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None
