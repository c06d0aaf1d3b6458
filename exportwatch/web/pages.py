"""Each page's data, from the named queries of the library (``queries/*.cypher``) and nothing else.

A page function takes the read-only graph and the page's key and returns a plain dict: the HTML
template renders it, and the JSON API returns it as it is. A section whose kind of data the graph does
not hold (no versions, no equivalents, no listings) is an empty list, and the templates say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from exportwatch.digest.model import DigestContent, Line, MoreLink, Section
from exportwatch.errors import QueryError
from exportwatch.web.access import ReadOnlyGraph
from graph.store import Row

FR_DOCUMENT = "https://www.federalregister.gov/d/{id}"
FR_CITATION = "https://www.federalregister.gov/citation/{volume}-FR-{page}"
PI_PDF = "https://public-inspection.federalregister.gov/{id}.pdf"
SEARCH_KINDS = ("item", "party", "document", "measure", "regime")
SEARCH_LIMIT = 25


class NotFound(QueryError):
    """The graph holds nothing under the key a page asks for."""

    code = "EW602"


def is_fr_number(doc_id: str) -> bool:
    """An FR document number such as 2023-03929 (not a dataset, citation or press-release id)."""
    head, _, tail = doc_id.partition("-")
    return len(head) == 4 and head.isdigit() and tail.isdigit()


def citation_url(citation: str | None) -> str | None:
    """federalregister.gov's page for an ``88 FR 12170`` citation."""
    parts = (citation or "").split()
    if len(parts) == 3 and parts[1] == "FR" and parts[0].isdigit() and parts[2].isdigit():
        return FR_CITATION.format(volume=parts[0], page=parts[2])
    return None


def search(g: ReadOnlyGraph, text: str, limit: int = SEARCH_LIMIT) -> dict[str, Any]:
    """Matches of ``text`` grouped by kind (item, party, document, measure, regime)."""
    text = text.strip()
    groups: dict[str, list[Row]] = {k: [] for k in SEARCH_KINDS}
    if text:
        for row in g.query("search", q=text, limit=limit):
            groups.setdefault(row["kind"], []).append(row)
    full = sorted(k for k, rows in groups.items() if len(rows) >= limit)
    return {
        "q": text,
        "total": sum(len(v) for v in groups.values()),
        "groups": groups,
        "limit": limit,
        "full": full,
    }


def item(g: ReadOnlyGraph, code: str) -> dict[str, Any]:
    """The item page: entries with ``code`` in every list, versions, timeline, allied equivalents."""
    entries = g.query("item_page", item=code)
    timeline = g.query("item_timeline", item=code)
    if not entries and not timeline:
        raise NotFound(f"no item {code!r} in the graph", hint="search for it: /search?q=" + quote(code))
    equivalents = g.query("item_equivalents", item=code)
    return {
        "code": code,
        "entries": entries,
        "versions": g.query("item_versions", item=code),
        "timeline": timeline,
        "equivalents": [r for r in equivalents if r["equivalent"]],
        "no_equivalent": sorted(
            {r["regime"] for r in equivalents} - {r["regime"] for r in equivalents if r["equivalent"]}
        ),
    }


def entity(g: ReadOnlyGraph, entity_id: str) -> dict[str, Any]:
    """The party page: the entity, its listing events with their documents, its affiliates."""
    try:
        rows = g.query("entity_page", id=entity_id)
    except QueryError as e:
        raise NotFound(f"no party {entity_id!r} in the graph", hint="search for it: /search") from e
    listings = g.query("entity_listings", id=entity_id)
    for row in listings:
        row["citation_url"] = citation_url(row["citation"])
    return {"entity": rows[0], "listings": listings}


def document(g: ReadOnlyGraph, doc_id: str) -> dict[str, Any]:
    """The rule page: metadata, key dates, amendatory instructions, parties listed, items touched, links."""
    rows = g.query("document_page", id=doc_id)
    if not rows:
        raise NotFound(
            f"no document {doc_id!r} in the graph", hint="search for it: /search?q=" + quote(doc_id)
        )
    doc = rows[0]
    links: list[dict[str, str]] = []
    if doc.get("url"):
        links.append({"label": "Source", "url": doc["url"]})
    if is_fr_number(doc_id):
        links.append({"label": "federalregister.gov", "url": FR_DOCUMENT.format(id=doc_id)})
        links.append({"label": "Public-inspection PDF", "url": PI_PDF.format(id=doc_id)})
    cited = citation_url(doc.get("citation"))
    if cited:
        links.append({"label": doc["citation"], "url": cited})
    dates = [
        {"role": role, "date": doc[key]}
        for role, key in (
            ("published", "publication_date"),
            ("effective", "effective_date"),
            ("comments close", "comments_close_on"),
        )
        if doc.get(key)
    ]
    for role, day in zip(doc.get("deadline_roles") or [], doc.get("deadline_dates") or [], strict=False):
        entry = {"role": str(role).replace("_", " "), "date": day}
        if entry not in dates and not any(d["date"] == day for d in dates):
            dates.append(entry)
    dates.sort(key=lambda d: str(d["date"]))
    return {
        "document": doc,
        "dates": dates,
        "links": links,
        "amendments": g.query("document_amendments", id=doc_id),
        "parties": g.query("document_parties", id=doc_id),
        "items": g.query("document_items", id=doc_id),
    }


def regime(g: ReadOnlyGraph, regime_id: str) -> dict[str, Any]:
    """The regime page: the regime, its measures, the US tools it lacks."""
    try:
        rows = g.query("regime_page", regime=regime_id)
    except QueryError as e:
        raise NotFound(
            f"no regime {regime_id!r} in the graph", hint="the regimes are listed at /regimes"
        ) from e
    gaps = g.query("tool_gaps", regime=regime_id) if regime_id != "US" else []
    return {"regime": rows[0], "measures": g.query("regime_measures", regime=regime_id), "tool_gaps": gaps}


def regimes(g: ReadOnlyGraph) -> dict[str, Any]:
    """Every regime, and the gap matrix as a grid of tools by regimes."""
    cells = g.query("gap_matrix")
    tools: dict[str, str] = {}
    columns: list[str] = []
    grid: dict[str, dict[str, Row]] = defaultdict(dict)
    for c in cells:
        tools.setdefault(c["tool"], c["tool_name"] or c["tool"])
        if c["regime"] not in columns:
            columns.append(c["regime"])
        grid[c["tool"]][c["regime"]] = c
    order = ["US"] + sorted(r for r in columns if r != "US") if "US" in columns else sorted(columns)
    matrix = [
        {"tool": t, "tool_name": name, "cells": [grid[t].get(r) for r in order]} for t, name in tools.items()
    ]
    return {
        "regimes": g.query("regime_list"),
        "columns": order,
        "matrix": matrix,
    }


def ally_lag(g: ReadOnlyGraph, topic: str = "") -> dict[str, Any]:
    """Months each ally took to follow the US measure it answered."""
    return {"topic": topic, "rows": g.query("ally_lag", topic=topic)}


def iso_week_key(day: date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def digest_weeks(g: ReadOnlyGraph) -> dict[str, Any]:
    """ISO weeks with documents, newest first, with counts (the digest archive)."""
    weeks: dict[str, dict[str, Any]] = {}
    for row in g.query("publication_days"):
        day = date.fromisoformat(str(row["day"]))
        key = iso_week_key(day)
        monday = day - timedelta(days=day.weekday())
        w = weeks.setdefault(key, {"week": key, "start": monday.isoformat(), "documents": 0, "rules": 0})
        w["documents"] += int(row["documents"])
        w["rules"] += int(row["rules"])
    return {"weeks": sorted(weeks.values(), key=lambda w: w["week"], reverse=True)}


DIGEST_SECTION_LINES = 100  # most lines of one section on the web page of a week; the rest: "and N more"
SECTION_QUERIES = {  # section key -> the named query whose form lists its lines in full
    "federal_register": "changes_between",
    "press": "changes_between",
    "items": "items_touched_between",
}


def _form(name: str, **params: str | int) -> str:
    return f"/queries/{name}?" + urlencode(params)


def digest_more_links(content: DigestContent) -> Callable[[Section, tuple[Line, ...]], tuple[MoreLink, ...]]:
    """Where the lines a capped section of ``content`` leaves out are listed in full: the query forms of
    the web app with the week's dates filled in (one per restricted-party list left out)."""
    span = {"from": content.period.start.isoformat(), "to": content.period.end.isoformat()}
    dates = f"{span['from']} to {span['to']}"

    def links(section: Section, rest: tuple[Line, ...]) -> tuple[MoreLink, ...]:
        if section.key == "entity_list":
            lists = dict.fromkeys(x.list_name or "entity_list" for x in rest)
            return tuple(
                MoreLink(f"every {lst} change, {dates}", _form("list_changes", list=lst, **span))
                for lst in lists
            )
        if section.key == "allied":
            out = []
            if any(x.kind == "allied_list" for x in rest):
                out.append(
                    MoreLink(f"every allied list change, {dates}", _form("digest_list_changes", **span))
                )
            if any(x.kind != "allied_list" for x in rest):
                out.append(MoreLink(f"every allied measure, {dates}", _form("digest_allied", **span)))
            return tuple(out)
        if section.key == "upcoming":
            return (
                MoreLink(
                    f"every deadline in the next {content.upcoming_days} days",
                    _form("upcoming_deadlines", as_of=content.as_of.isoformat(), days=content.upcoming_days),
                ),
            )
        name = SECTION_QUERIES.get(section.key)
        return (MoreLink(f"all of {section.title}, {dates}", _form(name, **span)),) if name else ()

    return links


def digest_page(content: DigestContent, max_lines: int = DIGEST_SECTION_LINES) -> DigestContent:
    """The week's digest as the web page shows it: each long section capped at ``max_lines`` lines, with
    the number left out and links to the query forms that list them (the mail digest stays complete)."""
    return content.capped(max_lines, digest_more_links(content))
