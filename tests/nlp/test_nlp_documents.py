"""Extraction from real parsed documents: FR Doc. 2023-03929 (XML), the AI Diffusion rule (PDF), the
snapshot API cache (JSON), and the amendatory instructions of other agencies' rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.extract import extract_document
from ingest.models import Amendment, Extraction, ParsedDocument
from ingest.nlp.amendments import extract_amendments, parse_instruction
from ingest.parse_fr_json import parse_fr_json
from ingest.parse_fr_xml import parse_fr_xml

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
CSL = FIXTURES / "screening_lists" / "csl_entity_list_88fr12171_2026-07-31.json"
OTHER_AGENCIES = FIXTURES / "federal_register" / "other_agencies"
DAILY_ISSUE = FIXTURES / "federal_register" / "daily_issues" / "FR-2016-04-15.xml"
CACHE = REPO / "exportwatch" / "snapshot" / "federal_register" / "bis_rules_2022-2026_api_cache.json"
ACTIONS = {"revise", "add", "remove", "redesignate", "amend", "authority"}


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


# --- FR Doc. 2023-03929: Entity List additions ---------------------------------------------------


def test_key_date_comes_from_the_dates_block(el_extraction: Extraction) -> None:
    key = [d for d in el_extraction.dates if d.key]
    assert [(d.role, d.date, d.text, d.page) for d in key] == [
        ("effective", "2023-02-24", "February 24, 2023", 12170)
    ]


def test_mentions_have_offsets_pages_and_document(el_doc: ParsedDocument, el_extraction: Extraction) -> None:
    assert el_extraction.mentions
    for m in el_extraction.mentions:
        assert el_doc.text[m.start : m.end] == m.text
        assert m.doc_id == "2023-03929"
        assert m.page is not None and 12170 <= m.page <= 12175
    auth = [m for m in el_extraction.mentions if m.label == "FR_CITATION" and m.text == "87 FR 57569"]
    assert len(auth) == 1 and auth[0].page == 12171


def test_citation_placeholders_resolve_to_the_documents_citation(el_extraction: Extraction) -> None:
    placeholders = [m for m in el_extraction.mentions if dict(m.groups).get("placeholder") == "true"]
    assert len(placeholders) == 13  # one per Entity List entry row
    assert {m.normalized for m in placeholders} == {"88 FR 12170"}
    # the date inside the placeholder is the publication date
    pub = [d for d in el_extraction.dates if d.text == "2/27/2023"]
    assert pub and {d.role for d in pub} == {"publication"} and {d.date for d in pub} == {"2023-02-27"}


def test_entity_rows_match_the_screening_list(el_extraction: Extraction) -> None:
    rows = el_extraction.entities
    assert len(rows) == 13  # "adding 10 entities under 13 entries"
    got = {(_key(r.name), r.country_code) for r in rows}
    csl = json.loads(CSL.read_text(encoding="utf-8"))["rows"]
    assert len(csl) == 10
    for entry in csl:
        for code in entry["address_countries"]:
            assert (_key(entry["name"]), code) in got, f"{entry['name']} not extracted under {code}"
        aliases = {_key(a) for r in rows if _key(r.name) == _key(entry["name"]) for a in r.aliases}
        assert {_key(a) for a in entry["alt_names"]} <= aliases


def test_entity_row_fields(el_extraction: Extraction) -> None:
    by_name = {(r.name, r.country): r for r in el_extraction.entities}
    cpunto = by_name[("CPUNTO Inc.", "CANADA")]
    assert cpunto.action == "add"
    assert cpunto.aliases == ("CPUNTO",)
    assert cpunto.addresses == ("5929 Route Transcanadienne Ste 130 St. Laurent, Quebec H4T 1Z6 Canada",)
    assert (cpunto.license_requirement or "").startswith("For all items subject to the EAR.")
    assert (cpunto.license_review_policy or "").startswith("Policy of denial")
    assert cpunto.federal_register_citation == "88 FR 12171"  # the page of the supplement no. 4 instruction
    assert cpunto.page == 12172 and cpunto.country_code == "CA"
    # an address carried by a continuation row belongs to the entity above it
    electronic = by_name[("Electronic Network Inc.", "CANADA")]
    assert electronic.addresses == ("145 Montee De Liesse Ste 10 St. Laurent, Quebec H4T 1T9 Canada",)
    assert len(electronic.aliases) == 6
    yunze = by_name[("Beijing Yunze Technology Co., Ltd.", "CHINA, PEOPLE'S REPUBLIC OF")]
    assert yunze.country_code == "CN" and len(yunze.addresses) == 3
    assert {
        r.country_code for r in el_extraction.entities if r.name == "China HEAD Aerospace Technology Co."
    } == {
        "CN",
        "FR",
        "NL",
    }


def test_entity_list_amendments(el_extraction: Extraction) -> None:
    authority, *am = el_extraction.amendments
    # "1. The authority citation for 15 CFR part 744 continues to read as follows:"
    assert (authority.action, authority.target.title, authority.target.part) == ("authority", "15", "744")
    assert [a.action for a in am] == ["amend", "add", "add", "add", "add", "add", "add"]
    assert {(a.target.title, a.target.part, a.target.supplement) for a in am} == {("15", "744", "4")}
    assert am[2].countries == ("CHINA, PEOPLE'S REPUBLIC OF",)
    assert am[2].entries == (
        "AOOK Technology Ltd.",
        "Beijing Ti-Tech Science and Technology Development Co.",
        "Beijing Yunze Technology Co., Ltd.",
        "China HEAD Aerospace Technology Co.",
        "Spacety Co., Ltd.",
    )
    assert am[6].countries == ("RUSSIA",) and am[6].entries[-1] == "Promtekhkomplekt JSC"
    assert all(a.start is not None and a.text for a in am)


def test_extraction_is_json_serializable(el_extraction: Extraction) -> None:
    data = json.loads(json.dumps(el_extraction.to_json(), ensure_ascii=False))
    assert len(data["entities"]) == 13 and data["mentions"][0]["label"]
    assert not el_extraction.warnings


# --- FR Doc. 2025-00636: AI Diffusion, public-inspection PDF ---------------------------------------


def test_staggered_and_relative_key_dates(aid_extraction: Extraction) -> None:
    key = [(d.role, d.date) for d in aid_extraction.dates if d.key]
    assert key[:4] == [
        ("effective", "2025-01-13"),
        ("compliance", "2025-05-15"),  # [INSERT DATE 120 DAYS FROM DATE OF PUBLICATION ...]
        ("compliance", "2026-01-15"),  # [INSERT DATE 365 DAYS ...]
        ("comments_due", "2025-05-15"),
    ]
    relative = [d for d in aid_extraction.dates if d.key and d.basis]
    assert relative and all(d.basis and "after publication on 2025-01-15" in d.basis for d in relative)


def test_ai_diffusion_items_and_thresholds(aid_extraction: Extraction) -> None:
    eccns = {m.normalized for m in aid_extraction.mentions if m.label == "ECCN"}
    assert {"4E091", "3A090.a", "4A090.a", "3A090.b"} <= eccns
    thresholds = {m.normalized for m in aid_extraction.mentions if m.label == "THRESHOLD"}
    assert {"tpp>=4800", "tpp>=1600", "performance_density>=5.92", "tpp>=2400,<4800"} <= thresholds
    groups = {m.normalized for m in aid_extraction.mentions if m.label == "COUNTRY_GROUP"}
    assert {"D:1", "D:4", "D:5", "A:5", "A:6"} <= groups
    assert any(m.label == "RULE_NAME" and m.normalized == "ai_diffusion" for m in aid_extraction.mentions)
    pages = {m.page for m in aid_extraction.mentions}
    assert None not in pages and max(p for p in pages if p) > 100


# --- the snapshot API cache (title + abstract per rule) --------------------------------------------


def test_api_cache_documents() -> None:
    docs = {d.meta.document_number: d for d in parse_fr_json(CACHE.read_bytes(), source_name=CACHE.name)}
    x = extract_document(docs["2025-19001"])
    assert [m.normalized for m in x.mentions if m.label == "THRESHOLD"] == [
        "ownership>=50%",
        "ownership>=50%",
        "ownership=50%",
    ]
    x = extract_document(docs["2024-05696"])
    assert [m.normalized for m in x.mentions if m.label == "COUNTRY_GROUP"] == ["D:5", "B", "D"]
    x = extract_document(docs["2021-28444"])
    assert [(m.text, m.normalized) for m in x.mentions if m.label == "DATE"] == [
        ("January 6, 2020", "2020-01-06"),
        ("January 6, 2021", "2021-01-06"),
        ("January 6, 2020", "2020-01-06"),
    ]


# --- amendatory instructions of other agencies -----------------------------------------------------


def _documents() -> list[ParsedDocument]:
    docs: list[ParsedDocument] = []
    for path in [*sorted(OTHER_AGENCIES.glob("*.xml")), DAILY_ISSUE]:
        docs.extend(parse_fr_xml(path.read_bytes(), source_name=path.name))
    return [d for d in docs if any(b.kind == "amdpar" for b in d.blocks)]


@pytest.fixture(scope="module")
def other_amendments() -> dict[str, tuple[ParsedDocument, list[Amendment], list[str]]]:
    out = {}
    for d in _documents():
        warnings: list[str] = []
        out[d.meta.document_number] = (d, list(extract_amendments(d, warnings)), warnings)
    return out


def test_every_instruction_is_read(other_amendments: dict) -> None:
    total = repeated = introductions = pairs = found = authority = 0
    for doc, amendments, warnings in other_amendments.values():
        assert not warnings, warnings
        amdpars = [b for b in doc.blocks if b.kind == "amdpar"]
        total += len(amdpars)
        repeated += sum(1 for b in amdpars if "continues to read" in b.text)
        introductions += sum(1 for b in amdpars if re.fullmatch(r"\d+\. In § [\d.]+:", b.text))
        pairs += sum(1 for b in amdpars if re.search(r"(?i)\bremov\w+ .*\band (?:by )?add", b.text))
        found += len(amendments)
        authority += sum(1 for a in amendments if a.action == "authority")
        for a in amendments:
            assert a.action in ACTIONS
            assert a.target.part or a.target.section, a.text
            assert doc.text[a.start : a.end] == a.text
    # 155 instructions: 12 repeat an authority citation (one "authority" action each), 3 only
    # introduce lettered sub-instructions ("2. In § 21.0:"), and those that remove something and add
    # something give two actions; every other one gives one.
    assert (total, repeated, introductions) == (155, 12, 3)
    assert authority == repeated
    assert pairs > 0
    assert found == total - introductions + pairs


INSTRUCTIONS = [
    ("2. Section 1.16 is amended by adding paragraph (t) to read as follows:", "add", "1.16", "(t)", None),
    (
        "3. Section 1.445 is amended by revising paragraph (a) introductory text and paragraph (a)(1) "
        "to read as follows:",
        "revise",
        "1.445",
        "(a), (a)(1)",
        None,
    ),
    ("2. Revise § 447.21 as follows:", "revise", "447.21", None, None),
    (
        "4. Amend § 447.35 by removing the words “Center, P.O. Box 5950” in paragraph (b) and adding "
        "in their place "
        "the words “Center (http://www.atf.gov)”.",
        "remove",
        "447.35",
        "(b)",
        None,
    ),
    (
        "22. Amend § 479.34 by removing “(12-93 edition)” in the last sentence of paragraph (e).",
        "remove",
        "479.34",
        "(e)",
        None,
    ),
    ("15. Revise [label:478-103-e-p2]", "revise", "478.103", "(e)", None),
    ("a. Revise [label:478-11-keyterm(ATF Officer)]", "revise", "478.11", 'definition "ATF Officer"', None),
    (
        "8. Section 479.90a is added to [subject-group(Exemptions Relating to Transfers of Firearms)] "
        "to read as follows.",
        "add",
        "479.90a",
        None,
        None,
    ),
    (
        "c. Redesignate paragraphs (f) and (g) as paragraphs (g) and (h), respectively, and add a new "
        "paragraph (f);",
        "redesignate",
        None,
        "(f), (g), (h)",
        None,
    ),
    (
        "2. In appendix B to part 4022, Rate Set 271, as set forth below, is added to the table.",
        "add",
        None,
        None,
        "appendix B",
    ),
    ("2. Add § 100.35T09-0208 to read as follows:", "add", "100.35T09-0208", None, None),
    (
        "1. The authority citation for 27 CFR part 479 is revised to read as follows:",
        "revise",
        None,
        "authority",
        None,
    ),
    ("2. Supplement No. 4 to part 744 is amended:", "amend", None, None, "4"),
]


@pytest.mark.parametrize(
    ("text", "action", "section", "paragraph", "supplement"),
    INSTRUCTIONS,
    ids=[i[0][:32] for i in INSTRUCTIONS],
)
def test_instructions(
    text: str, action: str, section: str | None, paragraph: str | None, supplement: str | None
) -> None:
    amendments, _ = parse_instruction(text)
    assert amendments
    amendment = amendments[0]
    assert (
        amendment.action,
        amendment.target.section,
        amendment.target.paragraph,
        amendment.target.supplement,
    ) == (
        action,
        section,
        paragraph,
        supplement,
    )


def test_repeated_authority_is_its_own_action() -> None:
    (amendment,), _ = parse_instruction(
        "1. The authority citation for part 744 continues to read as follows:"
    )
    assert (amendment.action, amendment.target.part, amendment.target.paragraph) == (
        "authority",
        "744",
        "authority",
    )
    assert parse_instruction("1. Paragraph (b) continues to read as follows:")[0] == ()


REMOVE_ADD = [
    (
        "4. Amend § 447.35 by removing the words “Center, P.O. Box 5950” in paragraph (b) and adding "
        "in their place the words “Center (http://www.atf.gov)”.",
        "447.35",
        "(b)",
    ),
    (
        "b. Amend paragraph (c) by removing the word “his” and adding in its place the words "
        "“the Architect's”;",
        None,
        "(c)",
    ),
    ("3. In § 21.5, remove paragraph (d) and add paragraph (e).", "21.5", "(d), (e)"),
]


@pytest.mark.parametrize(("text", "section", "paragraph"), REMOVE_ADD, ids=["words", "word", "paragraphs"])
def test_remove_and_add_are_two_actions(text: str, section: str | None, paragraph: str) -> None:
    amendments, _ = parse_instruction(text)
    assert [(a.action, a.target.section, a.target.paragraph) for a in amendments] == [
        ("remove", section, paragraph),
        ("add", section, paragraph),
    ]


def test_entity_list_replacement_splits_the_entries() -> None:
    _, scope = parse_instruction("2. Supplement No. 4 to part 744 is amended:")
    removed, added = parse_instruction(
        "a. Under RUSSIA, by removing the entry for “Old Name LLC” and adding in its place an entry for "
        "“New Name JSC”;",
        scope,
    )[0]
    assert (removed.action, removed.countries, removed.entries) == ("remove", ("RUSSIA",), ("Old Name LLC",))
    assert (added.action, added.countries, added.entries) == ("add", ("RUSSIA",), ("New Name JSC",))


def test_sub_instructions_inherit_the_section(other_amendments: dict) -> None:
    _, amendments, _ = other_amendments["2014-18842"]
    subs = [a for a in amendments if a.text.startswith(("a. ", "b. ", "c. "))]
    assert subs and all(a.target.section for a in subs)
    # "a. Remove the words ... in the definition of “Appropriate ATF Officer” and add in their place ..."
    pair = [a for a in amendments if "Appropriate ATF Officer" in a.text and a.text.startswith("a.")]
    assert [(a.action, a.target.title, a.target.part, a.target.section) for a in pair] == [
        ("remove", "27", "447", "447.11"),
        ("add", "27", "447", "447.11"),
    ]
    assert {a.target.paragraph for a in pair} == {'definition "Appropriate ATF Officer"'}


ENTITY_INSTRUCTIONS = [
    (
        "a. Under CANADA, by adding in alphabetical order, entries for “CPUNTO Inc.” and "
        "“Electronic Network Inc.”;",
        "add",
        ("CANADA",),
        ("CPUNTO Inc.", "Electronic Network Inc."),
    ),
    (
        "b. Under CHINA, PEOPLE'S REPUBLIC OF, by revising the entry for “Spacety Co., Ltd.”;",
        "revise",
        ("CHINA, PEOPLE'S REPUBLIC OF",),
        ("Spacety Co., Ltd.",),
    ),
    (
        "c. Under RUSSIA, by removing the entry for “Promtekhkomplekt JSC”.",
        "remove",
        ("RUSSIA",),
        ("Promtekhkomplekt JSC",),
    ),
]


@pytest.mark.parametrize(
    ("text", "action", "countries", "entries"), ENTITY_INSTRUCTIONS, ids=["add", "revise", "remove"]
)
def test_entity_list_instructions(text: str, action: str, countries: tuple, entries: tuple) -> None:
    (head,), scope = parse_instruction("2. Supplement No. 4 to part 744 is amended:")
    assert (head.action, head.target.part, head.target.supplement) == (
        "amend",
        "744",
        "4",
    )
    (amendment,), _ = parse_instruction(text, scope)
    assert (amendment.action, amendment.countries, amendment.entries) == (action, countries, entries)
    assert (amendment.target.part, amendment.target.supplement) == ("744", "4")


def test_entity_rows_give_the_iso_code_beside_the_printed_country(el_extraction: Extraction) -> None:
    rows = [r["entities"] for r in [el_extraction.to_json()]][0]
    pairs = {(r["country"], r["country_code"]) for r in rows}
    assert pairs == {
        ("CANADA", "CA"),
        ("CHINA, PEOPLE'S REPUBLIC OF", "CN"),
        ("FRANCE", "FR"),
        ("LUXEMBOURG", "LU"),
        ("NETHERLANDS", "NL"),
        ("RUSSIA", "RU"),
    }
