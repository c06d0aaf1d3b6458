"""GPO XML parser on real Federal Register documents (tests/fixtures/federal_register, public domain).

Expected values were read off the XML by hand (and, for pages, off the daily issue's own table of contents,
which the parser never reads).
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
import json
import pickle
import re
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from exportwatch.errors import ParseError
from ingest.fr_xml import blocks as fr_xml_blocks
from ingest.fr_xml.blocks import fast_blocks_work
from ingest.fr_xml.text import collapse, space_marks
from ingest.models import Block, ParsedDocument
from ingest.parse_fr_xml import parse_fr_xml

FR = Path(__file__).resolve().parents[1] / "fixtures" / "federal_register"
RULE_2023_03929 = FR / "fr_2023-03929_entity_list_additions.xml"
DAILY = FR / "daily_issues" / "FR-2016-04-15.xml"


@cache
def parsed(path: Path) -> tuple[ParsedDocument, ...]:
    return tuple(parse_fr_xml(path.read_bytes(), source_name=path.name))


@pytest.fixture(scope="module")
def rule() -> ParsedDocument:
    (doc,) = parsed(RULE_2023_03929)
    return doc


def block_with(doc: ParsedDocument, needle: str, kind: str | None = None):  # type: ignore[no-untyped-def]
    for b in doc.blocks:
        if needle in b.text and (kind is None or b.kind == kind):
            return b
    raise AssertionError(f"no block with {needle!r}")


# --- FR Doc. 2023-03929, the Entity List rule -------------------------------------------------------

# fmt: off
RULE_FIELDS = [
    ("document_number", "2023-03929"),
    ("source", "federal-register"),
    ("type", "Rule"),
    ("title", "Additions of Entities to the Entity List"),
    ("agency", "DEPARTMENT OF COMMERCE"),
    ("subagency", "Bureau of Industry and Security"),
    ("cfr", ("15 CFR Part 744",)),
    ("rin", ("0694-AJ13",)),
    ("docket", ("Docket No. 230221-0050",)),
    ("action", "Final rule."),
    ("dates_text", "This rule is effective February 24, 2023."),
    ("effective_date", "2023-02-24"),
    ("tables", 1),
    # markers 12171..12175; the first page has none, so it is 12171 - 1. 12175 holds the signature and
    # the FRDOC line (the API's end_page for this rule is 12175 too).
    ("pages", (12170, 12175)),
    ("frdoc", "[FR Doc. 2023-03929 Filed 2-24-23; 8:45 am]"),
    ("publication_date", None),  # a lone document's XML does not print it; "Filed" is not publication
    ("citation", None),  # no volume without the issue header
]
# fmt: on


@pytest.mark.parametrize(("field", "expected"), RULE_FIELDS, ids=[f for f, _ in RULE_FIELDS])
def test_rule_fields(rule: ParsedDocument, field: str, expected: object) -> None:
    assert getattr(rule.meta, field) == expected


def test_rule_amdpar_in_order(rule: ParsedDocument) -> None:
    amdpar = rule.meta.amdpar
    assert len(amdpar) == 8
    assert amdpar[0] == "1. The authority citation for 15 CFR part 744 continues to read as follows:"
    assert amdpar[1] == "2. Supplement No. 4 to part 744 is amended:"
    # pretty-printed XML: "<E T="03">and “</E>\n   Promtekhkomplekt" keeps one space, no line break
    assert amdpar[7].endswith("“Innovation and Technologies LLC”; and “ Promtekhkomplekt JSC”.")
    assert [r.part for r in rule.regtext] == ["744", "744"]
    assert rule.regtext[1].amdpar == amdpar[1:]


def test_rule_supplement_table_cell_lines(rule: ParsedDocument) -> None:
    (table,) = rule.tables
    assert table.part == "744"
    assert table.section == "Supplement No. 4 to Part 744—Entity List"
    row = next(i for i, r in enumerate(table.rows) if len(r) > 1 and r[1].startswith("CPUNTO Inc."))
    assert table.cell_lines[row][1] == (
        "CPUNTO Inc., a.k.a., the following one alias:",
        "—CPUNTO.",
        "5929 Route Transcanadienne Ste 130 St. Laurent, Quebec H4T 1Z6 Canada.",
    )
    assert table.rows[row][4] == "88 FR [INSERT FR PAGE NUMBER AND 2/27/2023]."
    assert table.rows[row][0] == ""  # continuation row under CANADA
    assert ("CANADA", "* * * * * *") in table.rows
    assert table.page == 12172
    assert table.start == block_with(rule, "* * * * * * *", "table_row").start


# fmt: off
PAGE_CASES = [
    ("Beijing Yunze Technology Co., Ltd., a.k.a.", "table_row", 12173),
    ("AOOK Technology Ltd., a.k.a.", "table_row", 12172),
    ("LUXEMBOURG", "table_row", 12173),  # the marker 12174 comes in the next row
    ("Spacety Co., Ltd., a.k.a., the following three aliases: —Changsha", "table_row", 12173),  # under CHINA
    ("The Entity List (supplement no. 4", "p", 12170),
    ("Thea D. Rozman Kendler", "signature", 12175),
]
# fmt: on


@pytest.mark.parametrize(("needle", "kind", "page"), PAGE_CASES, ids=[c[0][:24] for c in PAGE_CASES])
def test_rule_page_at(rule: ParsedDocument, needle: str, kind: str, page: int) -> None:
    b = block_with(rule, needle, kind)
    assert b.page == page
    assert rule.page_at(b.start) == page
    assert rule.text[b.start : b.end] == b.text


def test_row_after_a_marker_in_the_row(rule: ParsedDocument) -> None:
    rows = [b for b in rule.blocks if b.kind == "table_row"]
    lux = next(i for i, b in enumerate(rows) if b.text.startswith("LUXEMBOURG"))
    assert rows[lux + 1].text.startswith("Spacety Co., Ltd.")  # <ROW><PRTPAGE P="12174"/><ENT>...
    assert (rows[lux].page, rows[lux + 1].page) == (12173, 12174)


def test_page_break_inside_a_paragraph(rule: ParsedDocument) -> None:
    # "... and Spacety Co., <PRTPAGE P="12171"/> Ltd., under the destinations of China and Luxembourg"
    i = rule.text.index("Spacety Co., Ltd., under the destinations of China and Luxembourg")
    j = rule.text.index("Ltd., under the destinations of China and Luxembourg")
    assert rule.page_at(i) == 12170
    assert rule.page_at(j) == 12171
    assert (j, 12171) in rule.page_breaks


# fmt: off
TEXT_CASES = [
    ("footnote 3 kept as [3]", "(See §§ 734.9(g),[3] 744.21(b), and 746.8(a)(3) of the EAR)"),
    ("ordinal rd joined", "no. A2 courtyard, west 3rd ring r. Beijing"),
    ("ordinal th joined", "Room 445, 9th Floor, Block B"),
    ("E before punctuation", "Email: ERC@bis.doc.gov."),
    ("E inline", "in the relevant Federal Register document that added the entity"),
]
# fmt: on


@pytest.mark.parametrize(("case", "expected"), TEXT_CASES, ids=[c for c, _ in TEXT_CASES])
def test_rule_text_normalized(rule: ParsedDocument, case: str, expected: str) -> None:
    assert expected in rule.text


def test_blocks_tile_the_text(rule: ParsedDocument) -> None:
    assert "\n\n".join(b.text for b in rule.blocks) == rule.text
    assert all("  " not in b.text and b.text == b.text.strip() for b in rule.blocks)
    kinds = [b.kind for b in rule.blocks]
    assert kinds[:6] == ["agency", "subagency", "cfr", "docket", "rin", "title"]
    assert kinds[-1] == "frdoc"
    assert block_with(rule, "Canada", "heading").text == "Canada"
    assert block_with(rule, "CPUNTO Inc., and", "p").section == "Canada"


# --- <SU> handling on a snippet written for this test --------------------------------------------------

SNIPPET = """<RULE><!-- written for this test, not a real document -->
<PREAMB><SUBJECT>Superscripts</SUBJECT></PREAMB>
<SUPLINF><P>{}</P></SUPLINF>
<FRDOC>[FR Doc. 2099-00001 Filed 1-1-99; 8:45 am]</FRDOC></RULE>"""

# fmt: off
SU_CASES = [
    ("exponent", "more than 10<SU>26</SU> operations", "more than 10^26 operations"),
    ("negative exponent", "a rate of 10<SU>−6</SU> per hour", "a rate of 10^−6 per hour"),
    ("pretty-printed exponent", "more than 10\n   <SU>26</SU>\n   operations", "more than 10^26 operations"),
    ("area unit", "25.1 km<SU>2</SU> of land", "25.1 km^2 of land"),
    ("ordinal", "the 3<SU>rd</SU> ring", "the 3rd ring"),
    ("footnote after section", "§§ 734.9(g),<SU>3</SU> 744.21(b)", "§§ 734.9(g),[3] 744.21(b)"),
    ("footnote after a year", "rates for May 2016.<SU>1</SU> The", "rates for May 2016.[1] The"),
    ("footnote after 2010", "in 2010<SU>4</SU> and", "in 2010[4] and"),
    ("footnote after thin space", "the Act\u2009<SU>7</SU> requires", "the Act[7] requires"),
]
# fmt: on


@pytest.mark.parametrize(("case", "xml", "expected"), SU_CASES, ids=[c[0] for c in SU_CASES])
def test_superscripts(case: str, xml: str, expected: str) -> None:
    (doc,) = parse_fr_xml(SNIPPET.format(xml).encode())
    assert block_with(doc, expected[:8], "p").text == expected


# --- the daily issue of 2016-04-15 -------------------------------------------------------------------


def test_daily_issue_split() -> None:
    docs = parsed(DAILY)
    types = Counter(d.meta.type for d in docs)
    assert types == {"Rule": 9, "Proposed Rule": 4, "Notice": 132, "Presidential Document": 1}
    numbers = [d.meta.document_number for d in docs]
    assert len(set(numbers)) == 146
    assert all(re.fullmatch(r"2016-\d{5}", n) for n in numbers)
    assert numbers[0] == "2016-08717"  # the FDIC correcting amendment opens the Rules section
    assert numbers[9] == "2016-08622"  # first proposed rule (GAO bid protests)
    assert numbers[-1] == "2016-08970"  # Proclamation 9423, the last part of the issue
    assert {d.meta.publication_date for d in docs} == {"2016-04-15"}


# fmt: off
ISSUE_DOCS = [
    # number, type, title start, pages, citation, amdpar, tables, effective_date
    ("2016-08717", "Rule", "Regulatory Capital Rules", (22173, 22174), "81 FR 22173", 2, 0, "2016-04-15"),
    ("2016-08622", "Proposed Rule", "Government Accountability Office", (22197, 22203), "81 FR 22197",
     31, 0, None),
    ("2016-08970", "Presidential Document", "Establishment of the Belmont-Paul", (22503, 22509),
     "81 FR 22503", 0, 0, None),
]
# fmt: on


@pytest.mark.parametrize(
    ("number", "type_", "title", "pages", "citation", "amdpar", "tables", "effective"),
    ISSUE_DOCS,
    ids=[c[0] for c in ISSUE_DOCS],
)
def test_daily_issue_documents(
    number: str,
    type_: str,
    title: str,
    pages: tuple[int, int],
    citation: str,
    amdpar: int,
    tables: int,
    effective: str | None,
) -> None:
    doc = next(d for d in parsed(DAILY) if d.meta.document_number == number)
    m = doc.meta
    assert (m.type, m.pages, m.citation, len(m.amdpar), m.tables, m.effective_date) == (
        type_,
        pages,
        citation,
        amdpar,
        tables,
        effective,
    )
    assert m.title.startswith(title)


def test_proposed_rule_without_regtext_groups_by_part() -> None:
    doc = next(d for d in parsed(DAILY) if d.meta.document_number == "2016-08622")
    (reg,) = doc.regtext  # AMDPAR and SECTION sit directly in SUPLINF under a PART heading
    assert (reg.title, reg.part, len(reg.amdpar), len(reg.sections)) == ("4", "21", 31, 15)
    assert reg.sections[0].sectno == "21.0"
    assert reg.sections[0].subject == "Definitions."


def _toc_entries() -> list[tuple[list[str], list[tuple[int, int]]]]:
    root = etree.fromstring(DAILY.read_bytes())
    out = []
    for ent in root.iter("DOCENT", "SJDENT"):
        numbers = [n.text.strip() for n in ent.iterfind("FRDOCBP") if n.text]
        pgs = ent.findtext("PGS") or ""
        ranges = []
        for r in pgs.split(","):
            lo, _, hi = r.strip().partition("-")
            ranges.append((int(lo), int(hi or lo)))
        out.append((numbers, ranges))
    return out


def test_daily_issue_pages_match_its_table_of_contents() -> None:
    """Every contents entry lists documents and their pages; the pages the parser computes from the
    PRTPAGE markers (it never reads the contents) must span the same first and last page."""
    pages = {d.meta.document_number: d.meta.pages for d in parsed(DAILY)}
    entries = _toc_entries()
    assert len(entries) > 100
    for numbers, ranges in entries:
        got = [pages[n] for n in numbers]
        assert all(p is not None for p in got), numbers
        first = min(p[0] for p in got if p)
        last = max(p[1] for p in got if p)
        assert (first, last) == (min(lo for lo, _ in ranges), max(hi for _, hi in ranges)), numbers


# --- rules of other agencies (many AMDPAR and GPOTABLE) ------------------------------------------------

# fmt: off
OTHER = [
    # file, number, amdpar, tables, pages, cfr, rin, first amdpar
    ("FR-2011-29462_USPTO_fee.xml", "2011-29462", 3, 3, (70651, 70653), ("37 CFR Part 1",), ("0651-AC64",),
     "1. The authority citation for 37 CFR part 1 continues to read as follows:"),
    ("FR-2014-06778_ATF_USMIL_removal.xml", "2014-06778", 2, 0, (17024, 17028), ("27 CFR Part 447",),
     ("1140-AA45",), "1. The authority citation for 27 CFR part 447 continues to read as follows:"),
    ("FR-2014-18842_ATF_technical_amendments.xml", "2014-18842", 102, 0, (46690, 46694),
     ("27 CFR Parts 447, 478, 479, 555, and 646",), (),
     "1. The authority citation for 27 CFR part 447 continues to read as follows:"),
    ("FR-2016-00192_ATF_NFA_trusts.xml", "2016-00192", 8, 9, (2658, 2723), ("27 CFR Part 479",),
     ("1140-AA43",), "1. The authority citation for 27 CFR part 479 is revised to read as follows:"),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "number", "amdpar", "tables", "pages", "cfr", "rin", "first"), OTHER, ids=[c[1] for c in OTHER]
)
def test_other_agencies(
    name: str,
    number: str,
    amdpar: int,
    tables: int,
    pages: tuple[int, int],
    cfr: tuple[str, ...],
    rin: tuple[str, ...],
    first: str,
) -> None:
    (doc,) = parsed(FR / "other_agencies" / name)
    m = doc.meta
    assert (m.document_number, len(m.amdpar), m.tables, len(doc.tables), m.pages) == (
        number,
        amdpar,
        tables,
        tables,
        pages,
    )
    assert (m.cfr, m.rin, m.amdpar[0]) == (cfr, rin, first)


def test_other_agencies_details() -> None:
    (tech,) = parsed(FR / "other_agencies" / "FR-2014-18842_ATF_technical_amendments.xml")
    assert tech.meta.amdpar[-1].startswith(
        "66. Amend § 646.143 by removing the words “Tobacco and Firearms (ATF)”"
    )
    assert tech.meta.effective_date == "2014-08-11"
    assert {r.part for r in tech.regtext} == {"447", "478", "479", "555", "646"}
    (nfa,) = parsed(FR / "other_agencies" / "FR-2016-00192_ATF_NFA_trusts.xml")
    first = nfa.tables[0]
    assert first.header == ("Table A CY 2012 # applications", "Statistical Update CY 2012 # applications")
    assert first.rows[0] == ("ATF Form 1: 9,662", "ATF Form 1: 7,886.")
    assert nfa.page_breaks[0] == (0, 2658)  # the marker precedes any text: the document starts on it
    (usmil,) = parsed(FR / "other_agencies" / "FR-2014-06778_ATF_USMIL_removal.xml")
    # run-in heading <E T="03">Effective date:</E>This ... gets its printed space
    assert usmil.meta.dates_text.startswith(
        "Effective date: This interim final rule is effective April 28, 2014."
    )
    # markers "9", "10", "11" of a reprinted CFR text do not move pages backwards
    assert [p for _, p in usmil.page_breaks] == [17024, 17025, 17026, 17027, 17028]


# --- bad input ------------------------------------------------------------------------------------------

HEAD = RULE_2023_03929.read_bytes()

# fmt: off
BAD = [
    ("truncated", HEAD[: len(HEAD) // 2], "fr_2023-03929.xml: malformed or truncated XML"),
    ("malformed", b"<RULE><PREAMB><SUBJECT>x</PREAMB></RULE>",
     "malformed or truncated XML: Opening and ending tag"),
    ("html error page",
     b"<!DOCTYPE html><html><head><title>404 Page Not Found</title></head><body>Not found</body></html>",
     "not Federal Register XML (an HTML page)"),
    ("other xml", b"<rss version='2.0'><channel/></rss>", "not Federal Register XML (root element <rss>)"),
    ("issue without documents", b"<FEDREG><VOL>81</VOL><NO>73</NO></FEDREG>",
     "no RULE, PRORULE, NOTICE or PRESDOCU"),
    ("empty", b"  \n", "empty payload"),
    ("100,000 nested elements", b"<RULE>" + b"<P>" * 100_000 + b"x" + b"</P>" * 100_000 + b"</RULE>",
     "fr_2023-03929.xml: malformed or truncated XML"),
]
# fmt: on


@pytest.mark.parametrize("tag", ["X", "E", "FTNT", "SECTION", "REGTEXT"])
def test_the_deepest_nesting_libxml2_accepts_parses(tag: str) -> None:
    """libxml2 refuses elements more than 255 deep (above); the walk recurses per level up to that."""
    body = f"<{tag}>" * 250 + "<P>deep text</P>" + f"</{tag}>" * 250
    (doc,) = parse_fr_xml(f"<RULE>{body}</RULE>".encode())
    assert "deep text" in doc.text


@pytest.mark.parametrize(("case", "data", "message"), BAD, ids=[c[0] for c in BAD])
def test_bad_xml(case: str, data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=re.escape(message)):
        parse_fr_xml(data, source_name="fr_2023-03929.xml")


# written for this test: page markers inside a signature and inside a table cell
MARKED = b"""<RULE><PREAMB><SUBJECT>Markers</SUBJECT></PREAMB><SUPLINF><P>One <E T="03">two</E> three</P>
<GPOTABLE><BOXHD><CHED>Name</CHED><CHED>Country</CHED></BOXHD>
<ROW><ENT>Alpha <PRTPAGE P="7"/>Beta</ENT><ENT>Gamma<PRTPAGE P="8"/></ENT></ROW>
<ROW><ENT>Delta<LI>Epsilon</LI></ENT><ENT>Zeta</ENT></ROW></GPOTABLE>
<SIG><NAME>Jane Doe,</NAME><PRTPAGE P="9"/><TITLE>Director.</TITLE></SIG></SUPLINF>
<FRDOC>[FR Doc. 2099-00001 Filed 1-1-99; 8:45 am]</FRDOC></RULE>"""


def _with_char(data: bytes, char: str) -> bytes:
    """``data`` with ``char`` written at the start of every text and tail of its elements."""
    root = etree.fromstring(data)
    for el in root.iter():
        el.text = char + (el.text or "")
        if el is not root:
            el.tail = char + (el.tail or "")
    return etree.tostring(root, encoding="utf-8")


def _as_text(docs: list[ParsedDocument]) -> str:
    return json.dumps([dataclasses.asdict(d) for d in docs], ensure_ascii=False)


@pytest.mark.parametrize("data", [HEAD, MARKED], ids=["rule 2023-03929", "markers in a cell and a signature"])
@pytest.mark.parametrize("chars", ["\ue000", "\ue000\ue001"], ids=["U+E000", "U+E000 U+E001"])
def test_the_page_marker_character_in_a_document_is_text(data: bytes, chars: str) -> None:
    """The parser marks pages inside a block with private-use characters; a document that uses them
    parses as if they were any other character (here "¤"), pages and all."""
    plain = parse_fr_xml(_with_char(data, "¤" * len(chars)))
    marked = parse_fr_xml(_with_char(data, chars))
    assert "¤" not in _as_text(parse_fr_xml(data))
    assert _as_text(marked).replace(chars, "¤" * len(chars)) == _as_text(plain)
    assert chars in marked[0].text and marked[0].page_breaks == plain[0].page_breaks
    assert len(plain[0].page_breaks) > 2


def test_document_number_from_file_name_when_no_frdoc() -> None:
    data = SNIPPET.format("text").replace("<FRDOC>[FR Doc. 2099-00001 Filed 1-1-99; 8:45 am]</FRDOC>", "")
    (doc,) = parse_fr_xml(data.encode(), source_name="fr_2024-12345_something.xml")
    assert doc.meta.document_number == "2024-12345"
    (doc,) = parse_fr_xml(data.encode(), source_name="2024-54321.xml")
    assert doc.meta.document_number == "2024-54321"
    (doc,) = parse_fr_xml(data.encode())
    assert doc.meta.document_number.startswith("fr-xml:")


# --- what the speed-ups rely on (each shortcut must give what the plain code gave) ----------------------


def test_printable_strings_have_no_whitespace_but_the_space() -> None:
    """The collapse shortcut (no split for a printable string without double, leading or trailing
    spaces) holds because every character ``str.split()`` splits on, but the space, is non-printable."""
    splitters = [c for c in map(chr, range(sys.maxunicode + 1)) if len(f"a{c}b".split()) == 2]
    assert " " in splitters and "\xa0" in splitters and "\u2009" in splitters
    assert [c for c in splitters if c.isprintable()] == [" "]


ASCII_SPLITTERS = [c for c in map(chr, range(128)) if len(f"a{c}b".split()) == 2]


@pytest.mark.parametrize("char", [c for c in ASCII_SPLITTERS if c not in " \t\n\r"], ids=repr)
def test_xml_text_has_no_other_ascii_whitespace_than_tab_and_line_ends(char: str) -> None:
    """For ASCII text the collapse shortcut searches only for tab, line feed and carriage return."""
    for form in (char, f"&#{ord(char)};"):
        with pytest.raises(ParseError, match="malformed"):
            parse_fr_xml(SNIPPET.format(f"a{form}b").encode())


# fmt: off
COLLAPSE = [
    "", " ", "one line", " leading", "trailing ", "two  spaces", "tab\there", "line\n   break",
    "no\xa0break", "thin\u2009space", "next\x85line", "ideographic\u3000space", "“quoted” § 744.21",
    "carriage\rreturn", "“quoted”\n  and wrapped", "ends with a non-breaking space\xa0",
]
# fmt: on


@pytest.mark.parametrize("raw", COLLAPSE, ids=[repr(c) for c in COLLAPSE])
def test_collapse(raw: str) -> None:
    assert collapse(raw) == " ".join(raw.split())


def test_space_marks_matches_the_regular_expression_it_replaced() -> None:
    mark = "\ue000"
    old = re.compile(r" ?\ue000 ?")
    for n in range(8):
        for chars in itertools.product(["a", " ", mark], repeat=n):
            text = "".join(chars)
            expected = old.sub(lambda m: " " + mark if m.group(0) != mark else mark, text)
            assert space_marks(text) == expected, repr(text)


def test_blocks_are_those_of_the_dataclass_constructor() -> None:
    """Blocks are built without ``Block.__init__``; they must not differ from ones built with it."""
    assert fast_blocks_work(Block)
    (doc,) = parsed(RULE_2023_03929)
    for b in doc.blocks[:50]:
        made = Block(b.kind, b.text, b.start, b.end, b.page, b.section)
        assert b == made and repr(b) == repr(made) and pickle.dumps(b) == pickle.dumps(made)
        assert type(b) is Block and b.__getstate__() == made.__getstate__() and hash(b) == hash(made)


@dataclass(frozen=True)
class _GrownBlock:  # Block with one more field: the shortcut must notice and step aside
    kind: str
    text: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None
    lang: str = "en"


@dataclass(frozen=True, slots=True)
class _GrownSlotsBlock:  # the same, with slots
    kind: str
    text: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None
    lang: str = "en"


def test_blocks_built_with_the_constructor_are_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """What ``with_pages`` does when the check fails: Block(...), with the page looked up."""
    data = RULE_2023_03929.read_bytes()
    fast = parse_fr_xml(data)
    monkeypatch.setattr(fr_xml_blocks, "_FAST_BLOCKS", False)
    assert parse_fr_xml(data) == fast and len(fast[0].page_breaks) == 6


def test_fast_blocks_check_notices_a_changed_block() -> None:
    assert not fast_blocks_work(_GrownBlock)
    assert not fast_blocks_work(_GrownSlotsBlock)


@pytest.mark.parametrize("path", [RULE_2023_03929, DAILY], ids=["rule", "daily issue"])
def test_blocks_tile_the_text_with_their_pages(path: Path) -> None:
    for doc in parsed(path):
        assert "\n\n".join(b.text for b in doc.blocks) == doc.text
        for b in doc.blocks:
            assert doc.text[b.start : b.end] == b.text
            assert b.page == doc.page_at(b.start)
            assert b.text == " ".join(b.text.split()) and "\ue000" not in b.text


@pytest.mark.parametrize("enabled", [True, False], ids=["gc enabled", "gc disabled"])
def test_garbage_collector_state_is_restored(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        parse_fr_xml(SNIPPET.format("text").encode())
        assert gc.isenabled() is enabled
        with pytest.raises(ParseError):
            parse_fr_xml(b"<RULE><P>truncated")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_date_that_is_no_calendar_day_is_not_a_date() -> None:
    """ "February 30" in DATES or in the issue's DATE raised ValueError (strptime); it is now no date."""
    rule = b"""<RULE><PREAMB><SUBJECT>Dates</SUBJECT><DATES><HD>DATES:</HD>
<P>This rule is effective February 30, 2023.</P></DATES></PREAMB></RULE>"""
    (doc,) = parse_fr_xml(rule)
    assert (
        doc.meta.dates_text == "This rule is effective February 30, 2023." and doc.meta.effective_date is None
    )
    issue = (
        b"<FEDREG><VOL>81</VOL><DATE>Tuesday, February 30, 2016</DATE><RULES>" + rule + b"</RULES></FEDREG>"
    )
    (doc,) = parse_fr_xml(issue)
    assert doc.meta.publication_date is None and doc.meta.effective_date is None
