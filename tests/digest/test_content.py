"""Digest content built from a real graph: each expectation is read from the source files themselves."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from exportwatch.digest.content import build_content, citation_url
from exportwatch.digest.model import DigestContent, Line
from exportwatch.digest.period import Period, iso_week
from exportwatch.digest.subscriptions import Filters
from graph.connect import open_store
from graph.store import GraphStore
from tests.digest.list_week import empty_week, listed_in

REPO = Path(__file__).resolve().parents[2]
SNAPSHOT = REPO / "exportwatch" / "snapshot"
RULES = json.loads((SNAPSHOT / "federal_register" / "bis_rules_2022-2026_api_cache.json").read_text())[
    "rules"
]
EL_XML = SNAPSHOT / "federal_register" / "fr_2023-03929_entity_list_additions.xml"


@pytest.fixture(scope="module")
def store(graph_url: str) -> Iterator[GraphStore]:
    with open_store(graph_url, read_only=True) as s:
        yield s


def week(store: GraphStore, spec: str) -> DigestContent:
    return build_content(store, iso_week(spec))


def rules_in(period: Period) -> dict[str, dict[str, str]]:
    """The snapshot's rules published in ``period``, read straight from the API cache file."""
    lo, hi = period.start.isoformat(), period.end.isoformat()
    return {r["document_number"]: r for r in RULES if lo <= r["publication_date"] <= hi}


def amdpar_entities() -> dict[str, set[str]]:
    """Entities the 2023-03929 rule adds, by destination, read from its amendatory instructions."""
    root = etree.parse(str(EL_XML)).getroot()
    out: dict[str, set[str]] = {}
    for el in root.iter("AMDPAR"):
        text = "".join(str(t) for t in el.itertext())
        m = re.search(r"Under ([A-Z][A-Z ,']+?), by adding", text)
        if m:
            country = m.group(1).split(",")[0].strip().title()
            out[country] = {n.strip() for n in re.findall(r"“([^”]+)”", text)}
    return out


def fr_lines(c: DigestContent) -> list[Line]:
    s = c.section("federal_register")
    return list(s.lines) if s else []


def test_week_of_the_entity_list_rule(store: GraphStore) -> None:
    c = week(store, "2023-W09")
    expected = rules_in(c.period)
    assert "2023-03929" in expected
    lines = fr_lines(c)
    assert {x.document_number for x in lines} == set(expected)
    for x in lines:  # each line links to its Federal Register page
        assert x.url == expected[x.document_number or ""]["html_url"]
        assert x.title == expected[x.document_number or ""]["title"]
    # the rule that lists entities comes first; its citation links to the citation resolver
    first = lines[0]
    assert first.document_number == "2023-03929"
    assert first.citation == "88 FR 12170"
    assert first.citation_url == "https://www.federalregister.gov/citation/88-FR-12170"

    added = amdpar_entities()
    assert set(added) >= {"Canada", "Russia", "France"}
    el = c.section("entity_list")
    assert el is not None
    lines = list(el.lines)
    assert_list_lines(lines, c.period)
    # the rule's own listings (on its pages) are every entity its amendatory instructions add, each one
    # line under the citation of its page, linked to the rule
    pages = rule_pages()
    own = [x for x in lines if citation_page(x.citation) in pages]

    def line_of(name: str) -> Line:  # the rule's name as printed is the line's title or one of its aliases
        (x,) = [x for x in own if name.casefold() in {n.casefold() for n in x.entities}]
        return x

    everyone = set().union(*added.values())
    assert len(own) == len(everyone) and {line_of(n).title for n in everyone} == {x.title for x in own}
    for country in ("Canada", "Russia"):
        assert {line_of(n).group for n in added[country]} == {country}
    for x in own:
        assert x.action == "add" and x.document_number == "2023-03929"
        assert x.url and "2023-03929" in x.url
    # an entity listed under several destinations is one line, found by each destination
    (head,) = [x for x in lines if x.title == "China HEAD Aerospace Technology Co."]
    assert {"CN", "FR", "NL"} <= set(head.countries)
    # the other rules of the week are catalogued without their pages: their listings are dated, not linked
    assert len(own) < len(lines)
    for x in lines:
        assert x.citation_url == citation_url(x.citation)
    assert [s.key for s in c.sections][:2] == ["federal_register", "entity_list"]
    assert c.changes == len(expected) + len(lines)


def rule_pages() -> set[int]:
    """The Federal Register pages 2023-03929 is printed on, from its XML (a PRTPAGE mark starts a page)."""
    marks = [int(p.get("P")) for p in etree.parse(str(EL_XML)).getroot().iter("PRTPAGE")]
    return set(range(min(marks) - 1, max(marks) + 1))


def citation_page(citation: str | None) -> int | None:
    m = re.fullmatch(r"\d+ FR (\d+)", citation or "")
    return int(m[1]) if m else None


def assert_list_lines(lines: list[Line], period: Period) -> None:
    """The US list lines of a period are exactly what the list files date in it, one line per event."""
    listed = listed_in(period.start.isoformat(), period.end.isoformat())
    assert listed, "the list files date nothing in this period"

    def same(x: Line, cite: str, names: frozenset[str]) -> bool:
        return x.citation == cite and bool(names & {n.casefold() for n in x.entities})

    for rec, cite, _ in listed:  # every record dated in the period is on a line, by its name or an alias
        text = f"{cite.volume} FR {cite.page}"
        assert any(same(x, text, rec.names) for x in lines), (rec.list, rec.name, text)
    for x in lines:  # and every line is one of them, dated in the period
        assert any(same(x, f"{c.volume} FR {c.page}", r.names) for r, c, _ in listed), (x.title, x.citation)
        assert x.date and period.start.isoformat() <= x.date <= period.end.isoformat()
        assert x.action in ("add", "revise", "remove", "change")
    events = [(x.title, x.citation, x.action, x.countries) for x in lines]
    assert len(events) == len(set(events))  # one event read from several sources is one line


def test_week_of_the_huawei_additions(store: GraphStore) -> None:
    c = week(store, "2019-W21")
    el = c.section("entity_list")
    assert el is not None
    assert_list_lines(list(el.lines), c.period)
    huawei = [x for x in el.lines if x.title.casefold().startswith("huawei technologies co")]
    assert huawei and all(x.date == "2019-05-21" and x.citation.startswith("84 FR 2296") for x in huawei)


def test_a_week_of_list_notices_only(store: GraphStore) -> None:
    c = week(store, "2021-W10")  # no rule in the catalog; the Entity List prints Burma additions of 3/8/21
    assert not rules_in(c.period) and not fr_lines(c)
    el = c.section("entity_list")
    assert el is not None
    assert_list_lines(list(el.lines), c.period)
    assert "86 FR 13180" in {x.citation for x in el.lines}


def test_final_rules_before_corrections(store: GraphStore) -> None:
    c = week(store, "2023-W45")
    expected = rules_in(c.period)
    corrections = {n for n, r in expected.items() if r["title"].endswith("; Correction")}
    assert corrections and set(expected) - corrections
    s = c.section("federal_register")
    assert s is not None
    titles = [g.title for g in s.groups]
    assert titles == ["Final rules", "Corrections"]
    assert {x.document_number for x in s.groups[1].lines} == corrections


def test_public_inspection_is_flagged(store: GraphStore) -> None:
    c = week(store, "2025-W03")
    flagged = {x.document_number for x in fr_lines(c) if "on public inspection" in x.flags}
    assert flagged == {"2025-00636"}
    assert set(rules_in(c.period)) <= {x.document_number for x in fr_lines(c)}


def test_press_release_section(store: GraphStore) -> None:
    c = week(store, "2025-W20")
    press = c.section("press")
    assert press is not None
    (line,) = press.lines
    assert (
        line.kind == "press_release"
        and line.url
        and line.url.startswith("https://www.bis.gov/press-release/")
    )
    assert "Rescission" in line.title
    assert "gp10" in line.tools


def test_allied_developments(store: GraphStore) -> None:
    c = week(store, "2023-W10")  # the Dutch letter to parliament of 2023-03-08
    allied = c.section("allied")
    assert allied is not None
    (line,) = allied.lines
    assert line.regimes == ("NL",)
    assert line.date == "2023-03-08"
    assert line.url and line.url.startswith("https://")
    # the US measures of the period are not allied developments
    assert all(x.regimes != ("US",) for x in allied.lines)


def ccl(snapshot: str) -> set[str]:
    data = json.loads((SNAPSHOT / "reference" / f"ccl_{snapshot}.json").read_text())
    return {i["code"] for i in data["items"]}


def test_items_touched_by_the_list_snapshot(store: GraphStore) -> None:
    c = week(store, "2026-W30")  # the 2026-07-23 CCL snapshot
    items = c.section("items")
    assert items is not None
    old, new = ccl("2025-07-11"), ccl("2026-07-23")
    by_group = {g.title: {code for x in g.lines for code in x.items} for g in items.groups}
    # neither third-party parse holds a category whole: an ECCN only one of them lists is not covered, not
    # added or removed; the list's lines are the ECCNs whose text both hold and read differently
    assert "Added to the Commerce Control List" not in by_group and "Removed from the list" not in by_group
    assert {"3A090", "4A090"} <= by_group["Text changed on the list"] <= old & new
    assert by_group["Heading changed on the list"] == {"0A502", "0E502"}
    for x in items.lines:
        assert x.url and x.url.startswith("https://www.ecfr.gov/")


def test_upcoming_deadlines(store: GraphStore) -> None:
    c = week(store, "2024-W45")
    up = c.section("upcoming")
    assert up is not None
    (line,) = up.lines
    assert line.date == "2024-11-22" and line.weight == 0
    assert line.note == "Comments due in 11 days"  # from the day after the week
    assert c.changes == len(rules_in(c.period))  # deadlines ahead are not changes of the week


def test_empty_week(store: GraphStore) -> None:
    spec = empty_week("2021-W10")  # the first week the sources record nothing in
    c = week(store, spec)
    assert c.changes == 0 and not c.sections


# fmt: off
FILTERS = [
    ("canada", "2023-W09", Filters(countries=("Canada",)),
     {"2023-03929", "CPUNTO Inc.", "Electronic Network Inc."}),
    ("france-code", "2023-W09", Filters(countries=("FR",)),
     {"2023-03929", "China HEAD Aerospace Technology Co."}),
    ("entity-alias", "2023-W09", Filters(entities=("intekh",)),
     {"2023-03929", "Innovation and Technologies LLC"}),
    ("notices-only", "2023-W09", Filters(document_types=("notice",)), set()),
    ("keyword", "2023-W09", Filters(keywords=("unmanned aerial",)), {"2023-03930"}),
    ("regime", "2023-W10", Filters(regimes=("nl",)), {"allied:NL"}),
]
# fmt: on


def _keys(c: DigestContent) -> set[str]:
    """What a recipient gets: FR document numbers, entity names, ``allied:<regime>``."""
    keys = {
        "federal_register": lambda x: x.document_number,
        "entity_list": lambda x: x.title,
        "allied": lambda x: f"allied:{x.regimes[0]}",
    }
    return {str(keys.get(x.section, lambda x: x.title)(x)) for x in c.lines if x.weight}


@pytest.mark.parametrize(
    ("spec", "filters", "expected"), [f[1:] for f in FILTERS], ids=[f[0] for f in FILTERS]
)
def test_recipient_filters(store: GraphStore, spec: str, filters: Filters, expected: set[str]) -> None:
    whole = week(store, spec)
    mine = whole.select(filters)
    assert _keys(mine) == expected
    assert mine.changes <= whole.changes


def test_item_prefix_narrows_a_list_line(store: GraphStore) -> None:
    whole = week(store, "2026-W30")
    mine = whole.select(Filters(eccns=("4a",)))
    codes = [code for x in mine.lines for code in x.items]
    assert codes and all(code.startswith("4A") for code in codes)
    assert mine.changes == len(codes) < whole.changes


def test_period_bounds_are_inclusive(store: GraphStore) -> None:
    day = Period(date(2023, 2, 27), date(2023, 2, 27))
    assert {x.document_number for x in fr_lines(build_content(store, day))} == set(rules_in(day))


def test_deadlines_ahead_reach_every_recipient(store: GraphStore) -> None:
    whole = week(store, "2024-W45")
    narrow = whole.select(Filters(countries=("JP",)))
    assert narrow.changes == 0  # nothing Japanese that week ...
    assert [x.date for x in narrow.lines] == ["2024-11-22"]  # ... but the comment deadline is still shown
    assert whole.select(Filters(document_types=("rule",))).section("upcoming") is None


def test_a_quick_line_equals_the_checked_one() -> None:
    values = dict(section="entity_list", kind="rule", title="Acme", group="China", date="2023-03-02",
                  action="add", rank=(0, "acme"), list_name="entity_list")  # fmt: skip
    quick, checked = Line.quick(**values), Line(**values)
    assert quick == checked and hash(quick) == hash(checked) and repr(quick) == repr(checked)
    assert quick.weight == 1 and quick.entities == () and quick.action_label == "added"
    with pytest.raises(AttributeError):
        quick.title = "changed"  # type: ignore[misc]


def test_the_collector_is_paused_while_a_week_is_built_and_restored_after() -> None:
    import gc

    from exportwatch.digest.content import collector_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("a failed build")
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # left as it was found
    finally:
        gc.enable()
