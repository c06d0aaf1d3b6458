"""Our eCFR XML parser, paragraph model and diff, and the honest comparison of the bundled CCL texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportwatch.app import REFERENCE_DIR
from exportwatch.errors import ParseError
from graph.ccl_versions import compare_snapshots, item_text
from graph.reference import load_reference
from ingest.parse_ecfr import parse_part
from ingest.text import Paragraph, TextVersion, diff_versions, word_diff

ECFR = Path(__file__).resolve().parents[1] / "fixtures" / "ecfr"
BULK = ECFR / "ecfr_title1_parts12_18_2024-03.xml"
VERSIONER = ECFR / "versioner_title-3_part-101_2024-05-17.xml"


def test_bulk_part_paragraph_designations() -> None:
    part = parse_part(BULK.read_bytes(), title=1, valid_from="2024-03-01", source="ecfr-title1", part="12")
    by_ref = {s.ref: s for s in part.sections}
    s = by_ref["1 CFR 12.1"]
    assert s.heading.startswith("§ 12.1")
    designations = [p.designation for p in s.paragraphs]
    assert designations[:7] == ["(a)", "(b)", "(b)(1)", "(b)(2)", "(b)(2)(i)", "(b)(2)(ii)", "(b)(2)(iii)"]
    assert designations[7:10] == ["(c)", "(c)(1)", "(c)(2)"]
    assert not any(p.text.startswith("(") for p in s.paragraphs if p.designation != "¶")
    assert [p.designation for p in s.select("(b)(2)")] == ["(b)(2)", "(b)(2)(i)", "(b)(2)(ii)", "(b)(2)(iii)"]


def test_superscripts_are_kept() -> None:
    part = parse_part(BULK.read_bytes(), title=1, valid_from="2024-03-01", source="ecfr-title1", part="18")
    texts = [p.text for s in part.sections for p in s.paragraphs]
    assert any(t.endswith("tape. ^2") for t in texts)  # <SU>2</SU><FTREF/> is a footnote mark, not "tape. 2"


def test_versioner_part_answer() -> None:
    part = parse_part(
        VERSIONER.read_bytes(), title=3, valid_from="2024-05-17", source="ecfr:3/101@2024-05-17"
    )
    assert part.number == "101"
    assert [s.ref for s in part.sections] == [f"3 CFR 101.{n}" for n in (1, 2, 4, 5, 6, 7, 8)]
    s = part.sections[3]
    assert [p.designation for p in s.paragraphs] == ["¶"]
    assert "42 FR 65131" not in s.paragraphs[0].text  # the source note is no paragraph
    assert len({s.text_hash for s in part.sections}) == 7


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (VERSIONER.read_bytes()[:1500], "not well-formed"),
        (b"<html><body>Request Rejected</body></html>", "no a part"),
    ],
)
def test_bad_part_xml_is_a_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        parse_part(data, title=15, valid_from="2026-07-23", source="ecfr:15/774@2026-07-23")


def test_word_diff_marks_only_changed_words() -> None:
    ops = word_diff("Prior to April 13, 2026, authorized", "Prior to December 31, 2026, authorized")
    assert ops == (("=", "Prior to "), ("-", "April 13, "), ("+", "December 31, "), ("=", "2026, authorized"))
    assert "".join(t for op, t in ops if op != "+") == "Prior to April 13, 2026, authorized"


def _texts(code: str) -> tuple:
    old, new = load_reference(REFERENCE_DIR).ccl
    a = next(i for i in old.items if i["code"] == code)
    b = next(i for i in new.items if i["code"] == code)
    return item_text(old, a), item_text(new, b)


def test_3a090_paragraph_changes_are_the_real_ones() -> None:
    d = diff_versions(*_texts("3A090"))
    assert [(c.designation, c.change) for c in d.changes] == [
        ("control: RS applies to 3A090.b", "changed"),
        ("a.2 ¶3", "changed"),
        ("a.2 ¶6", "changed"),
    ]
    assert "To or within {+the United Arab Emirates or +}destinations" in d.changes[0].inline()
    assert "[-April 13, -]{+December 31, +}" in d.changes[1].inline()
    assert "labels" in d.not_covered  # the newer parse drops note labels: not compared, not "removed"


def test_unchanged_eccn_shows_no_change() -> None:
    a, b = _texts("3B002")
    assert a.text_hash != b.text_hash  # two parsers, two renderings...
    assert diff_versions(a, b).changes == ()  # ...of one unchanged text


def test_4e091_heading_reads_ten_to_the_26() -> None:
    for v in _texts("4E091"):
        assert "utilizing 10^26 or more" in v.heading


def test_no_long_standing_eccn_added_or_removed() -> None:
    old, new = load_reference(REFERENCE_DIR).ccl
    changes = {c.code: c for c in compare_snapshots(old, new)}
    assert not [c for c in changes.values() if c.change in ("added", "removed")]
    for code in ("9A005", "9A103", "7A106", "1A102", "2B352", "3D006", "3E002", "8D001", "0D614"):
        assert changes[code].change == "not_covered", code
    assert "occurs in the text" in changes["9A005"].evidence
    assert changes["0A502"].change == "heading_changed"


CCL_XML = ECFR / "ccl_774_supp1_3A090_4E091_reconstructed.xml"


def test_ccl_xml_entries_with_parts_and_notes() -> None:
    from ingest.parse_ccl_xml import parse_ccl

    entries = {e["code"]: e for e in parse_ccl(CCL_XML.read_bytes(), source="t")}
    assert list(entries) == ["3A090", "4E091"]
    e = entries["4E091"]
    assert (
        e["heading"]
        == "'Parameters' for an artificial intelligence model trained utilizing 10^26 or more 'operations.'"
    )
    kinds = {(d, k) for d, k, _ in e["paragraphs"]}
    assert {
        ("reason for control", "reasons"),
        ("special conditions STA", "special"),
        ("Notes", "label"),
    } <= kinds
    assert any("2.5 × 10^25 'operations'" in t for _, _, t in e["paragraphs"])
    a = entries["3A090"]["paragraphs"]
    designations = [d for d, k, _ in a if k == "item"]
    assert designations == ["a", "a.1", "a.2"]
    label = [i for i, (d, k, _) in enumerate(a) if k == "label"]
    assert a[label[0]][0] == "Note 1 to 3A090.a" and a[label[0] + 1][1] == "note"  # the note follows a.2
    assert not any("Category 4" in t for _, _, t in a)


def test_our_ccl_parser_agrees_with_the_third_party_parse_of_the_same_issue() -> None:
    from graph.ccl_versions import item_text
    from ingest.parse_ccl_xml import parse_ccl

    new = load_reference(REFERENCE_DIR).ccl[-1]
    ours = {e["code"]: e for e in parse_ccl(CCL_XML.read_bytes(), source="t")}
    mine = item_text(new, ours["4E091"], parser="ecfr-xml")
    theirs = item_text(new, next(i for i in new.items if i["code"] == "4E091"))
    d = diff_versions(theirs, mine)
    assert d.changes == ()  # every part both hold reads the same
    assert "labels" in d.not_covered and "related" in d.not_covered


def test_truncated_ccl_xml_is_a_clear_error() -> None:
    from ingest.parse_ccl_xml import parse_ccl

    with pytest.raises(ParseError, match="not well-formed"):
        parse_ccl(CCL_XML.read_bytes()[:3000], source="ecfr:15/774@2026-07-23")
    with pytest.raises(ParseError, match="no supplement no. 1"):
        parse_ccl(VERSIONER.read_bytes(), source="ecfr:3/101")


def test_an_addition_before_a_changed_paragraph_is_listed_once() -> None:
    def version(day: str, *paras: tuple[str, str]) -> TextVersion:
        return TextVersion(
            "15 CFR 1.1", day, "", tuple(Paragraph(d, t) for d, t in paras), "s", "ecfr-xml", "x"
        )

    old = version("2024-01-01", ("(a)", "alpha"), ("(b)", "beta one two three"))
    new = version(
        "2024-02-01",
        ("(a)", "alpha"),
        ("(x)", "new text"),
        ("(b)", "beta one two three four"),
        ("(y)", "more"),
    )
    got = [(c.designation, c.change) for c in diff_versions(old, new).changes]
    assert got == [("(x)", "added"), ("(b)", "changed"), ("(y)", "added")]


def _version(day: str, paragraphs: list[tuple[str, str]]) -> TextVersion:
    return TextVersion(
        "15 CFR 744.99", day, "heading", tuple(Paragraph(d, t) for d, t in paragraphs), "test", "ecfr-xml",
        "amendment_date",
    )  # fmt: skip


def test_a_renumbered_paragraph_is_moved_not_added() -> None:
    """(a) is struck and (b) and (c) move up, word for word: one removal and two moves, not three changes."""
    first, second, third = (
        "Exports of items described in this paragraph require a license.",
        "Reexports to any destination in Country Group D:5 require a license.",
        "Transfers (in-country) of such items are subject to the same requirement.",
    )
    old = _version("2024-01-01", [("(a)", first), ("(b)", second), ("(c)", third)])
    new = _version("2025-01-01", [("(a)", second), ("(b)", third)])
    d = diff_versions(old, new)
    assert [(c.designation, c.label) for c in d.changes] == [
        ("(a)", "removed"), ("(a)", "moved from (b)"), ("(b)", "moved from (c)"),
    ]  # fmt: skip
    assert d.changes[0].before == first and d.changes[1].after == second and not d.changes[1].words
    assert d.changes[1].to_json() == {
        "designation": "(a)", "change": "moved", "before": second, "after": second, "moved_from": "(b)",
    }  # fmt: skip


def test_short_repeated_or_copied_text_is_no_move() -> None:
    """A short text ("Reserved.") recurs too often to follow; a text now standing twice was copied, not moved;
    a paragraph under a new number with new words is an addition."""
    long = "Exports of items described in this paragraph require a license."
    old = _version("2024-01-01", [("(a)", "Reserved."), ("(b)", long)])
    new = _version("2025-01-01", [("(a)", long), ("(b)", long), ("(c)", "Reserved.")])
    changes = diff_versions(old, new).changes
    assert "moved" not in {c.change for c in changes}
    assert ("(c)", "added") in [(c.designation, c.change) for c in changes]


def test_a_changed_heading_is_compared_beside_the_moves() -> None:
    """A version whose heading changes (a heading is no paragraph) still has its paragraphs' moves found."""
    text = "Exports of items described in this paragraph require a license."
    old = _version("2024-01-01", [("(a)", text)])
    new = TextVersion(
        old.ref, "2025-01-01", "heading of the section, now worded otherwise", (Paragraph("(b)", text),),
        "test", "ecfr-xml", "amendment_date",
    )  # fmt: skip
    assert [(c.designation, c.label) for c in diff_versions(old, new).changes] == [
        ("heading", "changed"), ("(b)", "moved from (a)"),
    ]  # fmt: skip
