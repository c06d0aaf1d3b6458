"""Parse Federal Register GPO XML (one document or a whole daily issue) into ``ParsedDocument``s.

Text model: one ``Block`` per preamble field paragraph, heading, paragraph, AMDPAR, section number, section
subject, table row, signature and FRDOC line; ``ParsedDocument.text`` is the block texts joined by a blank
line. Whitespace inside a block is collapsed (the XML is often pretty-printed); whitespace that only exists
because of pretty-printing (a line break before ``.``/``,``/``)`` or after ``(``/``“``) is dropped.

Superscripts (``<SU>``), decided by what precedes them:

- an exponent: ``10<SU>26</SU>`` -> ``10^26`` (base ``10`` or a length unit such as ``km<SU>2</SU>``, and a
  signed number as superscript);
- an ordinal suffix: ``3<SU>rd</SU>`` -> ``3rd``;
- anything else is a footnote reference, kept as ``[n]`` attached to the word before it:
  ``734.9(g),<SU>3</SU>`` -> ``734.9(g),[3]`` (the Entity List footnote 3 designation stays visible).

Printed pages: every ``<PRTPAGE P="n"/>`` marks where page *n* begins. A document in a daily issue starts on
the page in force where it begins (the last marker before it in the issue). A document on its own (the
``full_text/xml`` of one document) has no marker for its first page: its first marker is its *second* page,
so the first page is taken as that marker minus one, unless the marker comes before any text.

Speed (``benchmarks/bench_parse.py``): a daily issue is ~28,000 blocks, so the per-element paths are
written for it: text-only paragraphs are handled inline in ``walk``, whitespace is collapsed only when
needed (``_collapse``), Blocks are built without the dataclass ``__init__`` (``_with_pages``), and the
garbage collector is paused while documents are built. Each shortcut is checked against the plain code
in the tests.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import cast

from lxml import etree

from exportwatch.errors import ParseError
from ingest.models import (
    SOURCE_FEDERAL_REGISTER,
    Block,
    DocumentMeta,
    ParsedDocument,
    RegSection,
    RegText,
    Table,
)

DOC_TYPES = {
    "RULE": "Rule",
    "PRORULE": "Proposed Rule",
    "NOTICE": "Notice",
    "PRESDOCU": "Presidential Document",
}
ISSUE_ROOTS = {"FEDREG", "RULES", "PRORULES", "NOTICES", "PRESDOCS", "NEWPART", "CORRECT"}

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
_PARAS = {"P", "FP"}
_SKIP = {"BILCOD", "STARS", "GID", "FTREF", "PSIG", "TDESC"}
_ONE_BLOCK = {"AUTH": "p", "SIG": "signature", "NOTE": "p"}  # children joined into one block

_PAGE = "\ue000"  # stands for a PRTPAGE inside a block until offsets are known
_CLOSERS = tuple(".,;:)]”’")
_OPENERS = tuple("([“‘")
_WS = " \t\n\r\u2009\xa0"
_EXPONENT_BASE = re.compile(r"(?:^|[^\d.,])10$|(?:^|[^A-Za-z])(?:m|cm|mm|km|nm|mi|ft|in|yd)$")
_SIGNED_NUMBER = re.compile(r"[−\-–]?\d+(?:\.\d+)?")
_ORDINALS = {"st", "nd", "rd", "th", "d"}
_FRDOC_NUMBER = re.compile(r"FR\s+Doc\.?\s*#?\s*((?:[A-Z]\d-)?\d{4}-\d+|[A-Z]\d-\d+)")
_NAME_NUMBER = re.compile(r"(?<![\d])(\d{4}-\d{5})(?![\d])")
_RIN = re.compile(r"\b\d{4}-[A-Z0-9]{4}\b")
_PART = re.compile(r"\bPART\s+(\d+[A-Za-z]?)", re.IGNORECASE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b({_MONTHS})\s+(\d{{1,2}}),\s+(\d{{4}})")
_EFFECTIVE_ONLY = re.compile(
    rf"^[^.]*\beffective\b(?: date:)?(?: on)? (?:{_MONTHS}) \d{{1,2}}, \d{{4}}\.?$", re.IGNORECASE
)
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
        pubdate = _iso_date(_first_text(root, "DATE") or "")
        found = _issue_documents(root)
    else:
        raise ParseError(f"{name}: not Federal Register XML (root element <{root.tag}>)")
    if not found:
        raise ParseError(f"{name}: no RULE, PRORULE, NOTICE or PRESDOCU document in <{root.tag}>")
    with _gc_paused():
        docs = [_DocBuilder(el, page).build(vol=vol, publication_date=pubdate) for el, page in found]
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
            p = _int(el.get("P"))
            page = p if p is not None and (page is None or p > page) else page
        else:
            out.append((el, page))
    return out


def _first_text(root: etree._Element, tag: str) -> str | None:
    el = root.find(tag)
    return " ".join(_text_of(el).split()) if el is not None else None


def _text_of(el: etree._Element) -> str:
    if not len(el):
        return el.text or ""  # what itertext() gives, without setting up its tree walk
    return "".join(cast(Iterable[str], el.itertext()))


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _iso_date(text: str) -> str | None:
    m = _DATE.search(text)
    if not m:
        return None
    return datetime.strptime(f"{m[1]} {m[2]} {m[3]}", "%B %d %Y").date().isoformat()


def _int(s: str | None) -> int | None:
    return int(s) if s and s.isdigit() else None


def _name_number(source_name: str | None) -> str | None:
    m = _NAME_NUMBER.search(source_name or "")
    return m.group(1) if m else None


def _inline(ch: etree._Element, pages: list[int | None]) -> str:
    """One inline child (without its tail): a page marker, or its text."""
    if ch.tag == "PRTPAGE":
        pages.append(_int(ch.get("P")))
        return _PAGE
    return "" if ch.tag in _SKIP else _raw(ch, pages)


def _raw(el: etree._Element, pages: list[int | None], lines: list[str] | None = None) -> str:
    """Text of ``el`` with superscripts resolved and page markers in place (whitespace not yet collapsed).

    Whitespace that pretty-printing put between an inline element and a closing punctuation mark (or
    after an opening one) is dropped here, where the element boundaries are still known. With ``lines``,
    each ``<LI>`` starts a new line: the text before it and each LI go to ``lines``, the rest is returned.
    """
    if not len(el):
        return el.text or ""
    out = [el.text or ""]
    for ch in el:
        prev = out[-1]
        if prev and prev[-1] in _WS and "\n" in prev and prev.rstrip().endswith(_OPENERS):
            out[-1] = prev.rstrip()
        tag = ch.tag
        if tag == "E" and not len(ch):  # most inline elements: emphasis
            out.append(ch.text or "")
        elif tag == "SU":
            _superscript(out, _text_of(ch).strip())
        elif tag == "LI" and lines is not None:
            lines.append("".join(out))
            lines.append(_raw(ch, pages))
            out = [""]
        elif tag == "LI":
            out.append(f" {_raw(ch, pages)} ")
        else:
            out.append(_inline(ch, pages))
        tail = ch.tail
        if tail:
            if tag == "E" and tail[0].isalnum() and out[-1].endswith((":", ".")):
                out.append(" ")  # a run-in heading "<E>Effective date:</E>This ..." prints with a space
            if tail[0] in _WS and "\n" in tail and tail.lstrip().startswith(_CLOSERS):
                tail = tail.lstrip()
            out.append(tail)
    return "".join(out)


def _superscript(out: list[str], sup: str) -> None:
    """Append a superscript as exponent (``^26``), ordinal suffix (``rd``) or footnote mark (``[3]``)."""
    before = "".join(out[-2:])
    core = before.rstrip()
    ws = before[len(core) :]
    if sup.lower() in _ORDINALS and core[-1:].isdigit():
        mark = sup
    elif (not ws or "\n" in ws) and _SIGNED_NUMBER.fullmatch(sup) and _EXPONENT_BASE.search(core[-12:]):
        mark = "^" + sup
    elif sup:
        mark = f"[{sup}]"
    else:
        return
    while len(out) > 1 and not out[-1].strip():  # the mark attaches to the word before it
        out.pop()
    out[-1] = out[-1].rstrip()
    out.append(mark)


def _collapse(raw: str) -> str:
    """``" ".join(raw.split())``, without the split when there is nothing to collapse (most GPO
    paragraphs are one line; the split was the largest single cost of the parse).

    A string is already collapsed if its only whitespace is single inner spaces. Every character
    ``str.split()`` splits on but the space is non-printable, and in XML text the only ASCII ones that
    can occur are tab, line feed and carriage return (libxml2 rejects the other controls, even as
    character references); tests check both. So an ASCII string needs three fast searches, any other
    one ``isprintable()``.
    """
    if (
        ("\n" not in raw and "\t" not in raw and "\r" not in raw) if raw.isascii() else raw.isprintable()
    ) and ("  " not in raw and raw[:1] != " " and raw[-1:] != " "):
        return raw
    return " ".join(raw.split())


def _space_marks(text: str) -> str:
    """Put a page marker that has a space on either side after the space: ``a <m> b`` and ``a<m> b``
    become ``a <m>b``, so the page begins with the word after it. A marker without a space stays.

    (The regular expression ``" ?<m> ?"`` did the same at a tenth of the speed: it has no literal
    prefix to search for, and page-marked paragraphs are the longest ones.)
    """
    pieces = text.split(_PAGE)
    out: list[str] = []
    eaten = False  # the space that begins this piece went with the marker before it
    last = len(pieces) - 1
    for i, piece in enumerate(pieces):
        if eaten:
            piece = piece[1:]
        if i == last:
            out.append(piece)
            break
        eaten = pieces[i + 1][:1] == " "
        if piece[-1:] == " ":
            out.append(piece[:-1])
            out.append(" " + _PAGE)
        else:
            out.append(piece)
            out.append(" " + _PAGE if eaten else _PAGE)
    return "".join(out)


def _normalize(raw: str) -> tuple[str, list[int]]:
    """Collapse whitespace; return the text and the offsets where page markers stood."""
    text = _collapse(raw)
    if _PAGE not in text:
        return text, []
    text = _space_marks(text).strip()
    pieces = text.split(_PAGE)
    offsets, pos = [], 0
    for piece in pieces[:-1]:
        pos += len(piece)
        offsets.append(pos)
    text = "".join(pieces)
    stripped = text.rstrip()
    return stripped, [min(o, len(stripped)) for o in offsets]


@dataclass
class _Reg:
    title: str | None
    part: str | None
    explicit: bool
    amdpar: list[str] = field(default_factory=list)
    sections: list[RegSection] = field(default_factory=list)


class _DocBuilder:
    """Walks one document element and accumulates blocks, page breaks, tables and REGTEXT."""

    def __init__(self, root: etree._Element, page_in_force: int | None) -> None:
        self.root = root
        self.page_in_force = page_in_force
        self.pos = -2  # end of the last block; the next one starts 2 further on (after a blank line)
        self.blocks: list[tuple[str, str, int, int, str | None]] = []
        self.breaks: list[tuple[int, int]] = []
        self.pending: list[int] = []
        self.section: str | None = None
        self.in_section = False
        self.in_preamble = False
        self.fields: dict[str, list[str]] = {}
        self.amdpar: list[str] = []
        self.tables: list[Table] = []  # pages filled in at the end
        self.regtexts: list[RegText] = []
        self.reg: _Reg | None = None
        self.sec_texts: list[str] = []
        self.sec_no = self.sec_subject = ""
        self.heading_title: str | None = None

    # --- text accumulation -----------------------------------------------------------------------

    def _add(self, kind: str, raw: str, pages: list[int | None], section: str | None = None) -> str:
        """Normalize ``raw`` into a block; page markers inside it become page breaks."""
        text, marks = _normalize(raw)
        if not text:
            self.pending.extend(p for p in pages if p is not None)
            return ""
        inside: list[tuple[int, int]] = []
        after: list[int] = []  # a marker at the very end begins the next block
        for rel, p in zip(marks, pages, strict=True):
            if p is None:
                continue
            if rel == 0:
                self.pending.append(p)
            elif rel < len(text):
                inside.append((rel, p))
            else:
                after.append(p)
        start = self._put(kind, text, section)
        for rel, p in inside:
            self._break(start + rel, p)
        self.pending.extend(after)
        return text

    def _put(self, kind: str, text: str, section: str | None) -> int:
        """Append a normalized, non-empty block; page markers seen before it begin at its start."""
        start = self.pos + 2
        if self.pending:
            for p in self.pending:
                self._break(start, p)
            self.pending.clear()
        self.pos = start + len(text)
        self.blocks.append((kind, text, start, self.pos, section))
        return start

    def _break(self, offset: int, page: int) -> None:
        if self.breaks and self.breaks[-1][0] == offset:
            self.breaks[-1] = (offset, page)
        else:
            self.breaks.append((offset, page))

    def _block(self, kind: str, el: etree._Element, section: str | None = None) -> str:
        """``el`` as one block (its text normalized); returns the text, "" when there is none."""
        if len(el):
            pages: list[int | None] = []
            raw = _raw(el, pages)
            if pages:
                return self._add(kind, raw, pages, section)
        else:
            raw = el.text or ""
        text = _collapse(raw)  # without page markers, _add comes down to this (_put inline)
        if not text:
            return ""
        if _PAGE in text:
            return self._add(kind, raw, [], section)
        start = self.pos + 2
        if self.pending:
            self._put(kind, text, section)
        else:
            self.pos = start + len(text)
            self.blocks.append((kind, text, start, self.pos, section))
        return text

    def _joined(self, kind: str, el: etree._Element) -> str:
        """One block from all of ``el``'s children, joined by spaces (a signature, an authority line)."""
        pages: list[int | None] = []
        raw = " ".join([el.text or ""] + [_inline(ch, pages) + (ch.tail or "") for ch in el])
        return self._add(kind, raw, pages, self.section)

    # --- the walk --------------------------------------------------------------------------------

    def walk(self, parent: etree._Element) -> None:
        """Visit the children of ``parent``; a paragraph of text only (most blocks) is handled inline."""
        if self.in_section:
            for el in parent:
                self._visit(el)
            return
        append, pending, paras, visit = self.blocks.append, self.pending, _PARAS, self._visit
        pos, section = self.pos, self.section
        for el in parent:
            if el.tag in paras and not len(el):
                raw = el.text
                if not raw:
                    continue
                if (  # _collapse, inline
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
                        self._put("p", text, section)
                        pos = self.pos
                    else:
                        start = pos + 2
                        pos = start + len(text)
                        append(("p", text, start, pos, section))
            else:
                self.pos = pos
                visit(el)
                pos, section = self.pos, self.section
        self.pos = pos

    def _visit(self, el: etree._Element) -> None:
        """One element, by tag: every GPO element the parser knows is handled here, in one place (the
        most frequent first; the branches do not overlap, so their order is only a matter of speed)."""
        tag = el.tag
        if tag in _PARAS:
            text = self._block("section" if self.in_section else "p", el, self.section)
            if self.in_section and text:
                self.sec_texts.append(text)
        elif tag == "HD":
            text = self._block("heading", el, None)
            if text:
                self.section = text
                self.heading_title = self.heading_title or text
        elif tag == "FTNT":
            for ch in el:
                if ch.tag in _PARAS:
                    self._block("other", ch, self.section)
                else:
                    self._visit(ch)
        elif tag in _SKIP:
            return
        elif tag == "SUBJECT":
            self._subject(el)
        elif tag in ("FRDOC", "FILED"):
            text = self._block("frdoc", el)
            if text:
                self.fields.setdefault("FRDOC", []).append(text)
        elif tag == "PREAMB":
            self.in_preamble = True
            self.walk(el)
            self.in_preamble = False
        elif tag in _FIELDS and self.in_preamble:
            text = self._block(_FIELDS[tag], el)
            if text:
                self.fields.setdefault(tag, []).append(text)
        elif tag in _ONE_BLOCK:
            self._joined(_ONE_BLOCK[tag], el)
        elif tag in _CAPTIONS:
            self._caption(el, _CAPTIONS[tag])
        elif tag == "SECTNO":
            self.sec_no = self._block("sectno", el).replace("§", "").strip()
            self.section = self.sec_no or self.section
        elif tag == "SECTION":
            self._section(el)
        elif tag == "AMDPAR":
            text = self._block("amdpar", el, self.section)
            if text:
                self.amdpar.append(text)
                self._current_reg().amdpar.append(text)
        elif tag == "PRTPAGE":
            page = _int(el.get("P"))
            if page is not None:
                self.pending.append(page)
        elif tag == "REGTEXT":
            self._regtext(el)
        elif tag == "PART" and (self.reg is None or not self.reg.explicit):
            self._implicit_part(el)
        elif tag == "GPOTABLE":
            self._table(el)
        elif len(el) and not (el.text and el.text.strip()):
            self.walk(el)  # a container
        else:
            # text, possibly with inline children (<PRES>The President<PRTPAGE/></PRES>)
            self._block("p", el, self.section)

    def _subject(self, el: etree._Element) -> None:
        if self.in_section:
            self.sec_subject = self._block("section_subject", el, self.section)
        else:
            text = self._block("title", el)
            if text:
                self.fields.setdefault("SUBJECT", []).append(text)

    def _caption(self, el: etree._Element, kind: str) -> None:
        for i, ch in enumerate(el):
            if ch.tag == "HD" and i == 0:
                continue  # the caption label, e.g. "DATES:"
            if ch.tag in _PARAS:
                text = self._block(kind, ch)
                if text:
                    self.fields.setdefault(kind, []).append(text)
            else:
                self._visit(ch)

    def _current_reg(self) -> _Reg:
        if self.reg is None:
            self.reg = _Reg(title=self._cfr_title(), part=None, explicit=False)
        return self.reg

    def _cfr_title(self) -> str | None:
        titles = {c.split()[0] for c in self.fields.get("CFR", []) if c.split()[0].isdigit()}
        return titles.pop() if len(titles) == 1 else None

    def _close_reg(self) -> None:
        r = self.reg
        if r is not None and (r.explicit or r.amdpar or r.sections):
            self.regtexts.append(RegText(r.title, r.part, tuple(r.amdpar), tuple(r.sections)))
        self.reg = None

    def _implicit_part(self, el: etree._Element) -> None:
        """A PART heading outside REGTEXT (common in proposed rules) opens an implicit REGTEXT."""
        self._close_reg()
        before = len(self.blocks)
        self.walk(el)
        heading = self.blocks[before][1] if len(self.blocks) > before else ""
        m = _PART.search(heading)
        self.reg = _Reg(title=self._cfr_title(), part=m.group(1) if m else None, explicit=False)

    def _regtext(self, el: etree._Element) -> None:
        self._close_reg()
        self.reg = _Reg(title=el.get("TITLE"), part=el.get("PART"), explicit=True)
        self.walk(el)
        self._close_reg()

    def _section(self, el: etree._Element) -> None:
        reg = self._current_reg()
        outer = (self.in_section, self.sec_texts, self.sec_no, self.sec_subject)
        self.in_section, self.sec_texts, self.sec_no, self.sec_subject = True, [], "", ""
        self.walk(el)
        reg.sections.append(RegSection(self.sec_no, self.sec_subject, "\n".join(self.sec_texts)))
        self.in_section, self.sec_texts, self.sec_no, self.sec_subject = outer

    def _table(self, el: etree._Element) -> None:
        title_el = el.find("TTITLE")
        title = self._block("heading", title_el, self.section) if title_el is not None else ""
        header = tuple(" ".join(_text_of(c).split()) for c in el.iterfind("BOXHD/CHED"))
        start: int | None = None
        if any(header):
            self._add("table_row", " | ".join(h for h in header if h), [], self.section)
            start = self.blocks[-1][2]
        rows: list[tuple[str, ...]] = []
        lines: list[tuple[tuple[str, ...], ...]] = []
        for row in el:
            if row.tag == "PRTPAGE":
                self._visit(row)
            elif row.tag == "TNOTE":
                self._block("other", row, self.section)
            if row.tag != "ROW":
                continue
            cells: list[tuple[str, ...]] = []
            late: list[int | None] = []  # page markers after a row's first cell: they begin the next row
            for ent in row:
                if ent.tag == "PRTPAGE" and not cells:
                    self._visit(ent)
                elif ent.tag == "PRTPAGE":
                    late.append(_int(ent.get("P")))
                elif ent.tag == "ENT":
                    cells.append(_cell_lines(ent, late))
            texts = tuple(" ".join(c) for c in cells)
            if any(texts):
                rows.append(texts)
                lines.append(tuple(cells))
                self._add("table_row", " | ".join(t for t in texts if t), [], self.section)
                start = self.blocks[-1][2] if start is None else start
            self.pending.extend(p for p in late if p is not None)
        part = self.reg.part if self.reg is not None else None
        table = Table(header, tuple(rows), title or None, None, part, self.section, start, tuple(lines))
        self.tables.append(table)

    # --- result ----------------------------------------------------------------------------------

    def build(self, *, vol: str | None, publication_date: str | None) -> ParsedDocument:
        self.walk(self.root)
        self._close_reg()
        text = "\n\n".join([b[1] for b in self.blocks])
        breaks: list[tuple[int, int]] = []
        last = (self.page_in_force or 1) - 1
        for (
            offset,
            page,
        ) in self.breaks:  # pages only go forward: "9", "10" of a reprinted CFR text are not FR pages
            if offset < len(text) and page > last:
                breaks.append((offset, page))
                last = page
        if text and not (breaks and breaks[0][0] == 0):
            if self.page_in_force is not None:
                breaks.insert(0, (0, self.page_in_force))
            elif breaks:
                breaks.insert(0, (0, breaks[0][1] - 1))
        blocks = _with_pages(self.blocks, breaks)
        tables = tuple(
            replace(t, page=_page_at(breaks, t.start)) if t.start is not None else t for t in self.tables
        )
        pages = (breaks[0][1], _page_at(breaks, len(text) - 1) or breaks[0][1]) if breaks else None
        meta = self._meta(pages, len(tables), vol, publication_date)
        return ParsedDocument(meta, text, blocks, tables, tuple(self.regtexts), tuple(breaks))

    def _meta(
        self, pages: tuple[int, int] | None, ntables: int, vol: str | None, pubdate: str | None
    ) -> DocumentMeta:
        f = self.fields
        frdoc = " ".join(f.get("FRDOC", [])) or None
        m = _FRDOC_NUMBER.search(frdoc or "")
        dates = "\n".join(f.get("dates", []) + f.get("effective_date", [])) or None
        effective = None
        if dates and _EFFECTIVE_ONLY.match(dates):
            effective = _iso_date(dates)
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


def _page_at(breaks: list[tuple[int, int]], offset: int) -> int | None:
    page = None
    for o, p in breaks:
        if o > offset:
            break
        page = p
    return page if page is not None or not breaks else breaks[0][1]


def _with_pages(
    drafts: list[tuple[str, str, int, int, str | None]], breaks: list[tuple[int, int]]
) -> tuple[Block, ...]:
    """Blocks with their page, in one pass over blocks and breaks (both in text order).

    A daily issue has tens of thousands of blocks, and the frozen dataclass ``__init__`` (one
    ``object.__setattr__`` per field) took a fifth of the parse. So the instances are created empty
    and their ``__dict__`` filled in field order: equal in every respect to ``Block(...)`` (``==``,
    ``repr``, pickle), twice as fast, 64 bytes larger (a dict instead of inline values).
    """
    out: list[Block] = []
    append, new, fast = out.append, object.__new__, _FAST_BLOCKS
    i, n = 0, len(breaks)
    page = breaks[0][1] if breaks else None
    for kind, text, start, end, section in drafts:
        while i < n and breaks[i][0] <= start:
            page = breaks[i][1]
            i += 1
        b: Block
        if fast:
            b = new(Block)
            d = b.__dict__
            d["kind"] = kind
            d["text"] = text
            d["start"] = start
            d["end"] = end
            d["page"] = page
            d["section"] = section
        else:
            b = Block(kind, text, start, end, page, section)
        append(b)
    return tuple(out)


def _fast_blocks_work(cls: type = Block) -> bool:
    """Whether an instance filled in as ``_with_pages`` does equals one from ``cls(...)``; it stops being
    so if a field or a ``__post_init__`` is added to Block, and ``_with_pages`` then calls ``__init__``."""
    b: object = object.__new__(cls)
    try:
        d = b.__dict__
        d["kind"], d["text"], d["start"], d["end"], d["page"], d["section"] = "p", "t", 0, 1, 2, "s"
        made = cls("p", "t", 0, 1, 2, "s")
        return bool(b == made) and list(vars(b).items()) == list(vars(made).items())
    except (AttributeError, TypeError):
        return False


_FAST_BLOCKS = _fast_blocks_work()


def _cell_lines(ent: etree._Element, pages: list[int | None]) -> tuple[str, ...]:
    """An ENT's lines: its own text before the first ``<LI>``, then each ``<LI>``; page markers are
    collected in ``pages`` and dropped from the text."""
    raws: list[str] = []
    raws.append(_raw(ent, pages, raws))
    return tuple(t for t in (_normalize(r)[0] for r in raws) if t)
