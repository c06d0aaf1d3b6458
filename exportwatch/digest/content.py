"""The content of a digest: named-query rows for a period, arranged into linked, ordered sections.

Every answer comes from the query library (``queries/``): ``changes_between`` (the documents of the
period), ``digest_documents`` (their abstracts, public-inspection flags and mentioned tools, regimes,
items and countries), ``digest_listings`` (Entity List events), ``items_touched_between``,
``digest_allied`` (allied measures and detected allied text changes) and ``upcoming_deadlines``. This
module only joins those rows by document id, labels, groups and orders them: final rules before proposed
rules and notices, corrections last; Entity List additions before revisions and removals.
"""

from __future__ import annotations

import functools
import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import queries
from exportwatch.config import Settings
from exportwatch.digest.model import ACTION_RANK, KIND_LABELS, KIND_RANK, DigestContent, Group, Line, Section
from exportwatch.digest.period import Period
from exportwatch.errors import DigestError, ExportwatchError
from exportwatch.vocab.countries import COUNTRY_BY_CODE
from exportwatch.vocab.identifiers import FR_CITATION_KEY_RE, is_correction, is_fr_document_number
from graph.connect import open_store
from graph.store import GraphStore

Row = Mapping[str, Any]

FR_KINDS = ("rule", "proposed_rule", "notice", "presidential_document")
FR_GROUPS = {
    "rule": "Final rules",
    "proposed_rule": "Proposed rules",
    "notice": "Notices",
    "presidential_document": "Presidential documents",
    "correction": "Corrections",
}
PRESS_GROUPS = {
    "press_release": "Press releases",
    "guidance": "Guidance",
    "commentary": "Commentary",
}
ITEM_HOW = {  # action of items_touched_between -> (group, rank)
    "add": ("Added by a rule", 0),
    "added": ("Added to the Commerce Control List", 1),
    "revise": ("Revised by a rule", 2),
    "amend": ("Revised by a rule", 2),
    "redesignate": ("Revised by a rule", 2),
    "heading_changed": ("Heading changed on the list", 3),
    "text_changed": ("Text changed on the list", 3),
    "remove": ("Removed by a rule", 4),
    "removed": ("Removed from the list", 5),
    "mentions": ("Mentioned", 6),
}
ROLE_LABELS = {"effective": "Effective", "compliance": "Compliance date", "comments_due": "Comments due"}
MEASURE_DATES = (("announced", "announced"), ("adopted", "adopted"), ("published", "published"),
                 ("effective", "in force"))  # fmt: skip
FR_CITATION_URL = "https://www.federalregister.gov/citation/{volume}-FR-{page}"
FR_DOCUMENT_URL = "https://www.federalregister.gov/d/{number}"
ABSTRACT_CHARS = 420


@functools.lru_cache(maxsize=1024)
def country_name(code: str) -> str:
    """Display name of an ISO-2 code (the code itself when unknown); cached, as a busy week asks it for
    thousands of lines."""
    c = COUNTRY_BY_CODE.get(code.upper()) if code else None
    return c.name if c else (code or "Unknown country")


def citation_url(citation: str | None) -> str | None:
    """``https://www.federalregister.gov/citation/88-FR-12171`` for ``88 FR 12171``."""
    m = FR_CITATION_KEY_RE.match((citation or "").strip())
    return FR_CITATION_URL.format(volume=m.group(1), page=m.group(2)) if m else None


def shorten(text: str | None, limit: int = ABSTRACT_CHARS) -> str | None:
    """``text`` cut at a sentence (or word) boundary near ``limit`` characters."""
    if not text:
        return None
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    stop = cut.rfind(". ")
    if stop > limit // 2:
        return cut[: stop + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + " ..."


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _strings(v: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in (v or ()) if x)


def _doc_url(row: Row, number: str | None) -> str | None:
    url = row.get("url")
    if url:
        return str(url)
    return FR_DOCUMENT_URL.format(number=number) if number and is_fr_document_number(number) else None


# --- sections ---------------------------------------------------------------------------------


def _document_lines(changes: Sequence[Row], facts: Mapping[str, Row], listings: Sequence[Row]) -> list[Line]:
    listed: dict[str, list[Row]] = defaultdict(list)
    for r in listings:
        if r.get("document"):
            listed[str(r["document"])].append(r)
    lines = []
    for r in changes:
        number = str(r["document"])
        f = facts.get(number, {})
        kind = str(r.get("kind") or "other")
        title = str(r.get("title") or number)
        if kind in FR_KINDS and is_correction(title, _strings(f.get("corrects"))):
            kind = "correction"
        section = "federal_register" if kind in FR_KINDS or kind == "correction" else "press"
        n_list, n_items, n_prov = (
            int(r.get("listings") or 0),
            int(r.get("items") or 0),
            int(r.get("amended_provisions") or 0),
        )
        notes = []
        if n_list:
            notes.append(f"{_plural(n_list, 'Entity List change')}")
        if n_items:
            notes.append(f"{_plural(n_items, 'item')} touched")
        if n_prov:
            notes.append(f"amends {_plural(n_prov, 'CFR provision')}")
        if r.get("effective_date"):
            notes.append(f"effective {r['effective_date']}")
        if _strings(f.get("corrects")):
            notes.append("corrects " + ", ".join(_strings(f.get("corrects"))))
        mine = listed.get(number, [])
        countries = set(_strings(f.get("countries")))
        for x in mine:
            countries.update(_strings(x.get("countries")) or _strings([x.get("country")]))
        group = FR_GROUPS.get(kind) if section == "federal_register" else PRESS_GROUPS.get(kind)
        lines.append(
            Line(
                section=section,
                kind=kind,
                title=title,
                group=group or KIND_LABELS.get(kind, "Other documents"),
                date=r.get("date"),
                url=_doc_url(r, number),
                citation=r.get("citation"),
                citation_url=citation_url(r.get("citation")),
                document_number=number if section == "federal_register" else None,
                note=" · ".join(notes) or None,
                detail=shorten(f.get("abstract")),
                flags=("on public inspection",) if f.get("public_inspection") else (),
                rank=(
                    KIND_RANK.get(kind, 99),
                    -(n_list + n_items + n_prov),
                    str(r.get("date") or ""),
                    number,
                ),
                items=_strings(f.get("items")),
                entities=tuple(str(x["entity"]) for x in mine if x.get("entity"))
                + tuple(a for x in mine for a in _strings(x.get("aliases"))),
                countries=tuple(sorted(countries)),
                regimes=_strings(f.get("regimes")) or ("US",),
                tools=_strings(f.get("tools")),
                text=f"{title} {f.get('abstract') or ''}",
            )
        )
    return lines


LIST_LABELS = {"meu": "Military End-User List", "1260h": "Section 1260H list", "uvl": "Unverified List",
               "dpl": "Denied Persons List"}  # fmt: skip


def _listing_entries(listings: Sequence[Row]) -> list[tuple[Line, Row]]:
    """The period's listing events, one per (party, action, citation, list), each as a light line (its
    section, title, group, action, rank and list: what orders, counts and caps it) with its row."""
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    # Events read from the publishing document come before those inferred from the screening list.
    ordered = sorted(
        listings, key=lambda r: (r.get("origin") != r.get("document"), str(r.get("origin") or ""))
    )
    for r in ordered:
        get = r.get
        lst = str(get("list") or "entity_list")
        key = (str(get("entity_id") or get("entity")), str(get("action")), str(get("citation") or ""), lst)
        if key in seen:
            continue
        seen.add(key)
        action = str(get("action") or "revise")
        name = str(get("entity") or "").strip().rstrip(",;")
        light = Line.quick(
            section="entity_list",
            kind="rule",
            title=name,
            group=country_name(str(get("country") or "")),
            date=get("date"),
            action=action,
            rank=(ACTION_RANK.get(action, 9), name.casefold()),
            list_name=lst,
        )
        out.append((light, r))
    return out


def _listing_line(light: Line, r: Row) -> Line:
    """The full line of a listing event: its document, citation, aliases, countries and review policy."""
    name, lst = light.title, light.list_name or "entity_list"
    country = str(r.get("country") or "")
    countries = _strings(r.get("countries")) or ((country,) if country else ())
    aliases = _strings(r.get("aliases"))
    printed = str(r.get("printed") or "").strip()
    if printed and printed.casefold() not in {n.casefold() for n in (name, *aliases)}:
        aliases = (*aliases, printed)  # the name as the rule printed it finds the line too
    details = []
    if lst != "entity_list":
        details.append(LIST_LABELS.get(lst, lst))
    others = [country_name(c) for c in countries if c != country]
    if others:
        details.append("also under " + ", ".join(others))
    if aliases:
        details.append("a.k.a. " + "; ".join(aliases[:4]) + (" ..." if len(aliases) > 4 else ""))
    if r.get("license_policy"):
        details.append(f"review policy: {shorten(str(r['license_policy']), 110)}")
    citation = r.get("citation") or None
    cited = citation_url(citation)
    return replace(
        light,
        url=_doc_url(r, r.get("document")) or cited,
        citation=citation,
        citation_url=cited,
        document_number=r.get("document"),
        detail="; ".join(details) or None,
        entities=(name, *aliases),
        countries=countries,
        regimes=("US",),
        tools=("entity_list",),
        text=name,
    )


def _listing_section(listings: Sequence[Row], full_lines: int | None = None) -> Section:
    """The Entity List section, ordered once on its light lines; with ``full_lines``, only the first that
    many in the order shown are built in full, the rest stay light (for a page that shows no more)."""
    entries = _listing_entries(listings)
    rows = {id(light): r for light, r in entries}
    section = _section("entity_list", "Entity List changes", (light for light, _ in entries))
    room = len(entries) if full_lines is None else full_lines
    groups = []
    for g in section.groups:
        full = tuple(_listing_line(x, rows[id(x)]) for x in g.lines[:room])
        room -= len(full)
        groups.append(replace(g, lines=full + g.lines[len(full) :]))
    return replace(section, groups=tuple(groups))


def _item_lines(items: Sequence[Row], docs: Mapping[str, Row]) -> list[Line]:
    """One line per (how, document): the items a document (or list snapshot) touched that way."""
    by: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for r in items:
        by[(str(r.get("action") or "mentions"), str(r["document"]))].append(r)
    lines = []
    for (action, number), rows in by.items():
        group, rank = ITEM_HOW.get(action, (action.replace("_", " ").capitalize(), 9))
        codes = tuple(dict.fromkeys(str(r["code"]) for r in rows))
        title = str(rows[0].get("title") or number)
        regimes = tuple(dict.fromkeys(str(r.get("item") or "US:").split(":", 1)[0] or "US" for r in rows))
        lines.append(
            Line(
                section="items",
                kind="notice" if number.startswith("dataset:") else "rule",
                title=", ".join(codes),
                group=group,
                date=rows[0].get("date"),
                url=_doc_url(docs.get(number, {}), number),
                document_number=number,
                note=f"{_plural(len(codes), 'item')} in {title}",
                rank=(rank, str(rows[0].get("date") or ""), number),
                items=codes,
                regimes=regimes,
                text=title,
                weight=len(codes),
            )
        )
    return lines


def _allied_lines(allied: Sequence[Row], period: Period) -> list[Line]:
    lines = []
    lo, hi = period.start.isoformat(), period.end.isoformat()
    for r in allied:
        dates = [(label, str(r[k])) for k, label in MEASURE_DATES if r.get(k)]
        inside = [(label, d) for label, d in dates if lo <= d <= hi]
        when = inside[0][1] if inside else (str(r.get("period") or "") or None)
        note = " · ".join(f"{label} {d}" for label, d in dates) or (
            f"in {r['period']}" if r.get("period") else ""
        )
        if r.get("citation"):
            note = f"{note} · {r['citation']}" if note else str(r["citation"])
        source = str(r.get("source") or "")
        detail = "; ".join(str(r[k]) for k in ("legal_basis", "administering_body") if r.get(k))
        changes = [str(x) for x in _strings(r.get("text_change_summaries")) if x]
        if changes:  # the official text changed in the period: say what, from the two versions compared
            detail = "; ".join([*([detail] if detail else []), *(f"text changed: {c}" for c in changes)])
            if not inside:
                when = next((str(x).rsplit("@", 1)[-1] for x in _strings(r.get("text_changes"))), when)
        flags = ("reported",) if r.get("confidence") == "reported" else ()
        if r.get("confidence") == "derived":
            flags = ("proposed from a text change",)
        elif changes:
            flags = (*flags, "text changed")
        regime = str(r.get("regime") or "")
        lines.append(
            Line(
                section="allied",
                kind="allied",
                title=str(r.get("name") or r["measure"]),
                group=str(r.get("regime_name") or regime),
                date=when,
                url=source if source.startswith("http") else None,
                citation=None if source.startswith("http") else (source or None),
                note=note or None,
                detail=detail or None,
                flags=flags,
                rank=(when or "", str(r["measure"])),
                items=_strings(r.get("items")),
                regimes=(regime,),
                tools=_strings(r.get("tools")),
                text=f"{r.get('name') or ''} {' '.join(_strings(r.get('topics')))}",
            )
        )
    return lines


LIST_NAMES = {
    "jp_meti_end_user_list": "METI End User List",
    "jp_fefta_export_ban_russia": "FEFTA export ban, Russia",
    "jp_fefta_export_ban_belarus": "FEFTA export ban, Belarus",
    "jp_fefta_export_ban_third_country": "FEFTA export ban, third countries",
    "eu_reg_833_annex_iv": "EU Reg. 833/2014 Annex IV",
    "cn_mofcom_control_list": "MOFCOM control list (counter-measure)",
    "cn_mofcom_unreliable_entity_list": "MOFCOM unreliable entity list (counter-measure)",
    "cn_mofcom_watch_list": "MOFCOM watch list (counter-measure)",
}
LIST_ACTIONS = {"add": "listed", "remove": "delisted", "change": "changed"}


def _list_change_lines(changes: Sequence[Row]) -> list[Line]:
    """One line per list, day and action: the parties listed, delisted or changed."""
    grouped: dict[tuple[str, str, str], list[Row]] = {}
    for r in changes:
        grouped.setdefault((str(r["list"]), str(r["date"]), str(r["action"])), []).append(r)
    lines = []
    for (lst, day, action), rows in sorted(grouped.items()):
        names = list(dict.fromkeys(str(r["entity"]) for r in rows))
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        regime = str(rows[0]["regime"])
        noun = "party" if len(names) == 1 else "parties"
        lines.append(
            Line(
                section="allied",
                kind="allied_list",
                title=f"{len(names)} {noun} {LIST_ACTIONS.get(action, action)}: {shown}",
                group=LIST_NAMES.get(lst, lst),
                date=day,
                citation=str(rows[0].get("origin") or "") or None,
                detail="; ".join(str(r["details"]) for r in rows if r.get("details"))[:300] or None,
                action=action,
                rank=(day, lst, action),
                entities=tuple(names),
                countries=tuple(sorted({str(r["country"]) for r in rows if r.get("country")})),
                regimes=(regime,),
                text=" ".join(names),
                weight=len(names),
                list_name=lst,
            )
        )
    return lines


def _deadline_lines(deadlines: Sequence[Row]) -> list[Line]:
    lines = []
    for r in deadlines:
        role = str(r.get("role") or "")
        days = r.get("days_left")
        when = "today" if days == 0 else f"in {_plural(int(days), 'day')}" if days is not None else ""
        source = str(r.get("source") or "")
        url = r.get("url") or (source if source.startswith("http") else None)
        subject = str(r.get("subject") or "")
        lines.append(
            Line(
                section="upcoming",
                kind="deadline",
                title=str(r.get("title") or subject),
                date=r.get("date"),
                url=url or _doc_url({}, subject),
                citation=r.get("citation"),
                citation_url=citation_url(r.get("citation")),
                note=f"{ROLE_LABELS.get(role, role)} {when}".strip(),
                rank=(str(r.get("date") or ""), role, subject),
                text=str(r.get("title") or ""),
                weight=0,
            )
        )
    return lines


def _section(key: str, title: str, lines: Iterable[Line], group_order: Sequence[str] = ()) -> Section:
    groups: dict[str, list[Line]] = defaultdict(list)
    for x in lines:
        groups[x.group].append(x)

    def order(name: str) -> tuple[int, int, str]:
        ranked = group_order.index(name) if name in group_order else len(group_order)
        return (ranked, -len(groups[name]), name)

    return Section(
        key,
        title,
        tuple(Group(g, tuple(sorted(groups[g], key=lambda x: x.rank))) for g in sorted(groups, key=order)),
    )


def arrange(
    period: Period,
    *,
    changes: Sequence[Row],
    documents: Sequence[Row],
    listings: Sequence[Row],
    items: Sequence[Row],
    allied: Sequence[Row],
    deadlines: Sequence[Row],
    as_of: date,
    upcoming_days: int,
    list_changes: Sequence[Row] = (),
    shown_lines: int | None = None,
) -> DigestContent:
    """Arrange the rows of the period's named queries into the digest's sections.

    With ``shown_lines`` (a page capped at that many lines a section, ``DigestContent.capped``), the
    Entity List lines past the cap are left light: they order, count and link as the full ones do.
    """
    facts = {str(r["document"]): r for r in documents}
    doc_lines = _document_lines(changes, facts, listings)
    fr_order = [FR_GROUPS[k] for k in (*FR_KINDS, "correction")]
    item_order = list(dict.fromkeys(g for g, _ in sorted(ITEM_HOW.values(), key=lambda x: x[1])))
    fr_lines = [x for x in doc_lines if x.section == "federal_register"]
    sections = (
        _section("federal_register", "Federal Register", fr_lines, fr_order),
        _listing_section(listings, shown_lines),
        _section("items", "Items touched", _item_lines(items, facts), item_order),
        _section("press", "BIS press releases and guidance", [x for x in doc_lines if x.section == "press"],
                 list(PRESS_GROUPS.values())),
        _section("allied", "Allied developments",
                 [*_allied_lines(allied, period), *_list_change_lines(list_changes)]),
        _section("upcoming", f"Coming up in the next {upcoming_days} days", _deadline_lines(deadlines)),
    )  # fmt: skip
    return DigestContent(
        period=period,
        as_of=as_of,
        upcoming_days=upcoming_days,
        sections=tuple(s for s in sections if s.groups),
    )


def build_content(
    store: GraphStore,
    period: Period,
    *,
    upcoming_days: int = 28,
    as_of: date | None = None,
    shown_lines: int | None = None,
) -> DigestContent:
    """Run the period's named queries on ``store`` and arrange their rows.

    Args:
        store: an open graph store (read-only is enough).
        period: the period the digest covers.
        upcoming_days: how far ahead of ``as_of`` deadlines are listed.
        as_of: the day deadlines are counted from (default: the day after the period).
        shown_lines: for a page capped at that many lines a section: lines past it are built light.

    Raises:
        QueryError, StoreError: a query is missing or the store refused it.
    """
    span = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    as_of = as_of or period.end + timedelta(days=1)
    with collector_paused():
        return arrange(
            period,
            changes=queries.run(store, "changes_between", **span),
            documents=queries.run(store, "digest_documents", **span),
            listings=queries.run(store, "digest_listings", **span),
            items=queries.run(store, "items_touched_between", **span),
            allied=queries.run(store, "digest_allied", **span),
            list_changes=queries.run(store, "digest_list_changes", **span),
            deadlines=queries.run(store, "upcoming_deadlines", as_of=as_of.isoformat(), days=upcoming_days),
            as_of=as_of,
            upcoming_days=upcoming_days,
            shown_lines=shown_lines,
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a week's rows and lines are made.

    A busy week makes some 20,000 short-lived rows and lines, none in a reference cycle (reference
    counting frees them); without the pause the collector would pass over them some 30 times, a tenth of
    the page's time at 100x. It is enabled again afterwards if it was enabled before.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def build_content_from_settings(
    settings: Settings, period: Period, *, upcoming_days: int = 28
) -> DigestContent:
    """Open the configured graph store read-only, build the period's content, close the store.

    Raises:
        DigestError: the graph cannot be opened or queried (the message names the store and cause).
    """
    try:
        with open_store(settings.store_target, read_only=True) as store:
            return build_content(store, period, upcoming_days=upcoming_days)
    except DigestError:
        raise
    except ExportwatchError as e:
        raise DigestError(
            f"cannot build the digest for {period.key} from the graph: {e.message}",
            hint=e.hint or "build the graph first (exportwatch demo, or sync then build)",
        ) from None
