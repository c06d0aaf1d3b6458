"""Rules joined to the text versions they made (``AMENDED_BY``): the pure join on the real CCL versions of
3A090.

2026-06851 ("Extension of Authorized Integrated Circuit (IC) Designer Status and Application Deadline ...",
published 2026-04-09) and 2026-14132 ("Enhanced Favorable Treatment for the United Arab Emirates ...",
published 2026-07-14) are real BIS rules of the bundled snapshot published between the two CCL texts. Their
amendatory instructions are not in the snapshot (it holds their abstracts only), so the test gives the join
one instruction each, with the publication date standing in for the effective date.
"""

from __future__ import annotations

from exportwatch.app import REFERENCE_DIR
from graph.ccl_versions import item_text
from graph.link_versions import Amendment, link_amendment
from graph.reference import load_reference
from graph.store import GraphStore
from ingest.text import TextVersion


def _versions(code: str) -> list[TextVersion]:
    return [
        item_text(s, next(i for i in s.items if i["code"] == code)) for s in load_reference(REFERENCE_DIR).ccl
    ]


def test_a_rule_between_two_snapshots_is_linked_to_the_later_version() -> None:
    edge = link_amendment(Amendment("2026-06851", "2026-04-09", "US:3A090"), _versions("3A090"))
    assert edge is not None
    assert edge["src"] == "US:3A090@2026-07-23" and edge["previous_version"] == "US:3A090@2025-07-11"
    assert edge["basis"] == "between_versions" and edge["confidence"] == "derived"
    assert edge["paragraphs"] == ["a.2 ¶3", "a.2 ¶6", "control: RS applies to 3A090.b"]


def test_no_link_without_a_version_after_the_rule_or_without_a_change() -> None:
    assert link_amendment(Amendment("2026-14132", "2026-07-30", "US:3A090"), _versions("3A090")) is None
    assert link_amendment(Amendment("2024-00001", "2024-01-01", "US:3A090"), _versions("3A090")) is None
    assert link_amendment(Amendment("2026-14132", "2026-07-14", "US:3B002"), _versions("3B002")) is None


def test_a_version_starting_on_the_effective_date_is_an_exact_link() -> None:
    edge = link_amendment(Amendment("2026-14132", "2026-07-23", "US:3A090"), _versions("3A090"))
    assert edge is not None and edge["basis"] == "effective_date" and edge["confidence"] == "extracted"


def test_cfr_versions_load_and_show_by_paragraph(scratch: GraphStore) -> None:
    """Real eCFR XML through our parsers into the store: sections by paragraph, and CCL entries (ours)."""
    from pathlib import Path

    from graph.ccl_versions import entry_version
    from graph.load_text import load_provision_versions
    from ingest.parse_ccl_xml import parse_ccl
    from ingest.parse_ecfr import parse_part
    from queries.texts import diff, show

    ecfr = Path(__file__).resolve().parents[1] / "fixtures" / "ecfr"
    data = (ecfr / "ecfr_title1_parts12_18_2024-03.xml").read_bytes()
    part = parse_part(data, title=1, part="12", valid_from="2024-03-01", source="ecfr-title1")
    ccl = parse_ccl((ecfr / "ccl_774_supp1_3A090_4E091_reconstructed.xml").read_bytes(), source="t")
    texts = [
        *part.sections,
        *(entry_version(e, valid_from="2026-07-23", source="t", dated_by="x") for e in ccl),
    ]
    assert load_provision_versions(scratch, texts) == len(part.sections) + 2
    assert (
        load_provision_versions(scratch, [*texts, *part.sections]) == len(part.sections) + 2
    )  # same text once
    got = show(scratch, "1 CFR 12.1(b)(2)", "2024-06-01")
    assert [p["designation"] for p in got["paragraphs"]] == [
        "(b)(2)",
        "(b)(2)(i)",
        "(b)(2)(ii)",
        "(b)(2)(iii)",
    ]
    assert got["version_date"] == "2024-03-01" and got["heading"].startswith("§ 12.1")
    assert "10^26" in show(scratch, "4E091")["heading"]
    assert diff(scratch, "1 CFR 12.1", "2024-03-01", "2024-06-01").changes == ()
