"""From list snapshots to graph rows: records, entities, dated listing events, snapshot deltas.

Pure functions (no store): ``list_rows`` takes every snapshot of every US list and returns the rows
``graph.load_lists`` writes. The rules:

- **Identity**: every record of every snapshot is resolved to one ``Entity`` (``graph.identity``).
- **Events from chains**: each citation of a party's chain on a list is one event; the same
  citation read from several snapshots or sources is one event confirmed by each
  (``confirmed_by``). The CSL prints the first page of a rule (``84 FR 22961``) where the
  supplement prints the page of the entry (``84 FR 22963, 5/21/19``): an undated citation folds
  into the party's nearest dated citation of the same volume at most ``RULE_SPAN`` pages away that
  the same snapshot has not already confirmed. The
  first event of a party on a list is ``add``, later ones ``revise``.
- **Deltas**: a snapshot is compared with the previous snapshot of the same list from the same
  source: ``add``/``remove`` (party present in one only) and ``change`` (aliases, address, licence
  requirement or policy). A list's first snapshot from a source is compared with the earlier
  snapshots of other sources, which print the same entries differently (a text extraction and the
  CSL): there a party counts as added only when it is on none of them and cites a Federal Register
  page newer than every page they cite, and nothing is reported as removed or changed
  (``ListRows.not_compared`` counts what was left out).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from graph.citations import entity_id, name_key, search_fields
from graph.identity import Candidate, name_keys, org_key, resolve
from ingest.list_chain import FR_FIRST_VOLUME_YEAR
from ingest.parse_lists import ListEntry, ListSnapshot


class DatasetSnapshot(Protocol):
    """What a dataset row needs of a list snapshot (``ListSnapshot`` and ``AlliedSnapshot`` both have it)."""

    @property
    def id(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def snapshot(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def content_hash(self) -> str: ...


Row = dict[str, Any]
RULE_SPAN = 200  # pages: how far apart two sources may cite the same rule for the same party
LIST_ORDER = ("entity_list", "meu", "1260h", "uvl", "dpl")


@dataclass
class ListRows:
    """Everything ``load_lists`` writes."""

    datasets: list[Row] = field(default_factory=list)
    records: list[Row] = field(default_factory=list)
    entities: dict[str, Row] = field(default_factory=dict)
    record_of: list[Row] = field(default_factory=list)
    listings: list[Row] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    not_compared: dict[str, int] = field(default_factory=dict)
    record_entity: dict[str, str] = field(default_factory=dict)


def record_id(snap: ListSnapshot, e: ListEntry) -> str:
    """``<snapshot id>#<name key>|<country>|<n>`` (n tells apart a name printed under one heading twice)."""
    return f"{snap.id}#{name_key(e.name)}|{e.country or 'XX'}|{(e.address or '')[:40]}"


def _norm(text: str | None) -> str:
    return " ".join("".join(ch for ch in (text or "").casefold() if ch.isalnum() or ch.isspace()).split())


def _rank(snap: ListSnapshot) -> tuple[int, str]:
    return (LIST_ORDER.index(snap.list) if snap.list in LIST_ORDER else 99, snap.snapshot)


def _entities(
    snaps: Sequence[ListSnapshot], out: ListRows
) -> dict[str, list[tuple[ListSnapshot, ListEntry]]]:
    cands: list[Candidate] = []
    by_id: dict[str, tuple[ListSnapshot, ListEntry]] = {}
    for snap in snaps:
        for e in snap.entries:
            rid = record_id(snap, e)
            if rid in by_id:
                continue
            by_id[rid] = (snap, e)
            cands.append(Candidate(rid, e.name, e.aliases, e.countries))
    roots, decisions = resolve(cands)
    latest_lists = _latest_lists(snaps)
    matched = {d.right: d for d in decisions}
    clusters: dict[str, list[str]] = {}
    for rid, root in roots.items():
        clusters.setdefault(root, []).append(rid)
    members: dict[str, list[tuple[ListSnapshot, ListEntry]]] = {}
    for rids in clusters.values():
        # Named after the Entity List's own text first, then the other lists, newest snapshot first.
        rids.sort(key=lambda r: (_rank(by_id[r][0])[0], by_id[r][0].source != "us-entity-list", r))
        seed_snap, seed = by_id[rids[0]]
        eid = entity_id(seed.name, seed.country)
        n = 2
        while eid in out.entities:
            eid = f"{entity_id(seed.name, seed.country)}#{n}"
            n += 1
        names: list[str] = []
        for r in rids:
            for nm in (by_id[r][1].name, *by_id[r][1].aliases):
                if nm not in names:
                    names.append(nm)
        lists = sorted(
            {by_id[r][0].list for r in rids if by_id[r][0].id in latest_lists}, key=LIST_ORDER.index
        )
        el = [by_id[r][1] for r in rids if by_id[r][1].list == "entity_list"]
        countries = list(dict.fromkeys(c for r in rids for c in by_id[r][1].countries))
        out.entities[eid] = {
            "id": eid,
            "name": seed.name,
            "name_key": name_key(seed.name),
            "aliases": names[1:],
            "country": seed.country or seed.country_name,
            "countries": countries,
            "addresses": list(dict.fromkeys(by_id[r][1].address for r in rids if by_id[r][1].address)),
            "license_requirement": next((e.license_requirement for e in el if e.license_requirement), None),
            "license_policy": next((e.license_policy for e in el if e.license_policy), None),
            "lists": lists,
            "match_keys": sorted({k for nm in names for k in name_keys(nm)}),
            **search_fields(names),
            "source": seed_snap.id,
            "confidence": "official",
        }
        members[eid] = [by_id[r] for r in rids]
        for r in rids:
            out.record_entity[r] = eid
            d = matched.get(r)
            out.record_of.append(
                {
                    "src": r,
                    "tgt": eid,
                    "method": "seed" if r == rids[0] else (d.method if d else "exact"),
                    "score": 100.0 if r == rids[0] or d is None else d.score,
                    "source": by_id[r][0].id,
                    "confidence": "derived",
                }
            )
    for rid, (snap, e) in by_id.items():
        out.records.append(
            {
                "id": rid,
                "list": e.list,
                "snapshot": snap.id,
                "snapshot_date": snap.snapshot,
                "listed_name": e.name,
                "aliases": list(e.aliases),
                "country": e.country,
                "country_name": e.country_name,
                "countries": list(e.countries),
                "address": e.address,
                "citation_text": e.citation_text,
                "license_requirement": e.license_requirement,
                "license_policy": e.license_policy,
                "notes": e.notes,
                "problems": list(e.problems),
                "source": snap.id,
                "confidence": "official",
            }
        )
    return members


def _latest_lists(snaps: Sequence[ListSnapshot]) -> set[str]:
    """Ids of the newest snapshot of each list from each source.

    Per source: a party missing from another publisher's newer file is no proof of its removal (see
    ``_deltas``), so it stays on the list until a newer snapshot of the same source drops it.
    """
    newest: dict[tuple[str, str], str] = {}
    for s in snaps:
        newest[(s.list, s.source)] = max(newest.get((s.list, s.source), ""), s.snapshot)
    return {s.id for s in snaps if s.snapshot == newest[(s.list, s.source)]}


def _chain_events(eid: str, members: Sequence[tuple[ListSnapshot, ListEntry]]) -> list[Row]:
    by_list: dict[str, dict[tuple[int, int], Row]] = {}
    for snap, e in members:
        events = by_list.setdefault(e.list, {})
        for c in e.citations:
            key = (c.volume, c.page)
            ev = events.get(key)
            if ev is None and c.date is None:
                # An undated first page of a rule: the dated entry page of the same rule, if any.
                near = [
                    k
                    for k in events
                    if k[0] == c.volume
                    and abs(k[1] - c.page) <= RULE_SPAN
                    and snap.id not in events[k]["confirmed_by"]
                ]
                ev = events[min(near, key=lambda k: abs(k[1] - c.page))] if near else None
            if ev is None:
                ev = events[key] = {
                    "id": f"{eid}|{e.list}|{c.citation}",
                    "entity": eid,
                    "list": e.list,
                    "citation": c.citation,
                    "volume": c.volume,
                    "fr_page": c.page,
                    "year": FR_FIRST_VOLUME_YEAR + c.volume,
                    "date": c.date,
                    "date_text": c.date_text,
                    "origin": snap.id,
                    "confirmed_by": [],
                    "source": snap.id,
                    "confidence": "official",
                }
            elif c.date and not ev["date"]:
                ev.update(date=c.date, date_text=c.date_text, citation=c.citation, fr_page=c.page)
            if snap.id not in ev["confirmed_by"]:
                ev["confirmed_by"].append(snap.id)
    out: list[Row] = []
    for events in by_list.values():
        ordered = sorted(events.values(), key=lambda r: (r["volume"], r["fr_page"]))
        for i, ev in enumerate(ordered):
            ev["action"] = "add" if i == 0 else "revise"
            ev["id"] = f"{eid}|{ev['list']}|{ev['citation']}"
            out.append(ev)
    return out


def page_days(snaps: Sequence[ListSnapshot]) -> dict[int, list[tuple[int, str]]]:
    """Per FR volume, the (page, day) pairs printed in the chains, where every print of a page agrees."""
    seen: dict[tuple[int, int], set[str]] = {}
    for s in snaps:
        for e in s.entries:
            for c in e.citations:
                if c.date:
                    seen.setdefault((c.volume, c.page), set()).add(c.date)
    out: dict[int, list[tuple[int, str]]] = {}
    for (vol, page), days in seen.items():
        if len(days) == 1:
            out.setdefault(vol, []).append((page, next(iter(days))))
    for pages in out.values():
        pages.sort()
    return out


def derive_day(
    table: dict[int, list[tuple[int, str]]], volume: int, page: int
) -> tuple[str | None, str | None]:
    """The day of FR ``volume`` page ``page`` from pages printed with a date: ``(day, basis)``.

    Pages of a volume are numbered in publication order, so a page printed with a day, or lying between
    two printed pages of the same day, is of that day. Anything else stays unknown.
    """
    pages = table.get(volume) or []
    i = bisect.bisect_left(pages, (page, ""))
    if i < len(pages) and pages[i][0] == page:
        return pages[i][1], "the same page printed with its date in another entry"
    if 0 < i < len(pages) and pages[i - 1][1] == pages[i][1]:
        return pages[i][1], f"between pages {pages[i - 1][0]} and {pages[i][0]} printed with that date"
    return None, None


def _fields(entries: Iterable[ListEntry]) -> dict[str, str]:
    es = list(entries)
    return {
        "name": "; ".join(sorted({" ".join(e.name.split()) for e in es})),
        "aliases": "; ".join(sorted({org_key(a) for e in es for a in e.aliases})),
        "address": "; ".join(sorted({_norm(e.address) for e in es if e.address})),
        "license_requirement": "; ".join(
            sorted({_norm(e.license_requirement) for e in es if e.license_requirement})
        ),
        "license_policy": "; ".join(sorted({_norm(e.license_policy) for e in es if e.license_policy})),
    }


def _by_entity(snap: ListSnapshot, out: ListRows) -> dict[str, list[ListEntry]]:
    found: dict[str, list[ListEntry]] = {}
    for e in snap.entries:
        found.setdefault(out.record_entity[record_id(snap, e)], []).append(e)
    return found


def _delta(prev: ListSnapshot, cur: ListSnapshot, eid: str, action: str, **extra: Any) -> Row:
    return {
        "id": f"{eid}|{cur.list}|{action}|{cur.id}",
        "entity": eid,
        "action": action,
        "list": cur.list,
        "date": cur.snapshot,
        "year": int(cur.snapshot[:4]),
        "origin": cur.id,
        "previous": prev.id,
        "source": cur.id,
        "confidence": "derived",
        **extra,
    }


def _same_source(prev: ListSnapshot, cur: ListSnapshot, out: ListRows) -> None:
    before, after = _by_entity(prev, out), _by_entity(cur, out)
    for eid in sorted(set(after) - set(before)):
        cites = [c for e in after[eid] for c in e.citations]
        newest = max(cites, key=lambda c: (c.volume, c.page), default=None)
        details = f"on {cur.id}, not on {prev.id}"
        citation = newest.citation if newest else None
        out.listings.append(_delta(prev, cur, eid, "add", citation=citation, details=details))
    for eid in sorted(set(before) - set(after)):
        out.listings.append(_delta(prev, cur, eid, "remove", details=f"on {prev.id}, not on {cur.id}"))
    for eid in sorted(set(before) & set(after)):
        old, new = _fields(before[eid]), _fields(after[eid])
        diff = [f"{k}: {old[k]!r} -> {new[k]!r}" for k in old if old[k] != new[k]]
        if diff:
            out.listings.append(_delta(prev, cur, eid, "change", details="; ".join(diff)))


def _other_source(earlier: Sequence[ListSnapshot], cur: ListSnapshot, out: ListRows) -> None:
    """A newer file of another publisher: only parties new to every earlier file and citing a newer page."""
    prev = earlier[-1]
    seen: set[str] = set()
    for s in earlier:
        seen |= set(_by_entity(s, out))
    cited = [(c.volume, c.page) for s in earlier for e in s.entries for c in e.citations]
    top = max(cited, default=(0, 0))
    after = _by_entity(cur, out)
    for eid in sorted(set(after) - seen):
        newest = max(
            (c for e in after[eid] for c in e.citations), key=lambda c: (c.volume, c.page), default=None
        )
        if newest is None or (newest.volume, newest.page) <= top:
            out.not_compared[cur.list] = out.not_compared.get(cur.list, 0) + 1
            continue
        details = f"on {cur.id}, on no earlier snapshot; cites a page newer than all of them"
        out.listings.append(_delta(prev, cur, eid, "add", citation=newest.citation, details=details))


def _deltas(snaps: Sequence[ListSnapshot], out: ListRows) -> None:
    by_list: dict[str, list[ListSnapshot]] = {}
    for s in snaps:
        by_list.setdefault(s.list, []).append(s)
    for group in by_list.values():
        group.sort(key=lambda s: (s.snapshot, s.source))
        for i, cur in enumerate(group):
            earlier = [s for s in group[:i] if s.snapshot < cur.snapshot]
            same = [s for s in earlier if s.source == cur.source]
            if same:
                _same_source(same[-1], cur, out)
            elif earlier:
                _other_source(earlier, cur, out)


def dataset_row(s: DatasetSnapshot) -> dict[str, Any]:
    """The ``Document`` row (kind ``dataset``) of one list snapshot, US or allied: the provenance of
    every record and event read from it."""
    return {
        "id": s.id,
        "kind": "dataset",
        "doc_source": s.source,
        "type": "Dataset",
        "title": s.title,
        "publication_date": s.snapshot,
        "url": s.url,
        "content_hash": s.content_hash,
        "stub": False,
        "source": s.url,
        "confidence": "official",
    }


def list_rows(snaps: Sequence[ListSnapshot]) -> ListRows:
    """Every row the lists put in the graph (see the module docstring for the rules)."""
    out = ListRows()
    for s in snaps:
        out.problems.extend(f"{s.id}: {p}" for p in s.problems)
        out.datasets.append(dataset_row(s))
    members = _entities(snaps, out)
    table = page_days(snaps)
    for eid, ms in members.items():
        for ev in _chain_events(eid, ms):
            if ev["date"]:
                ev["date_basis"] = "printed"
            else:
                ev["date"], ev["date_basis"] = derive_day(table, ev["volume"], ev["fr_page"])
                if ev["date"]:
                    ev["confidence"] = "derived"
            out.listings.append(ev)
    _deltas(snaps, out)
    return out


def name_index(entities: Iterable[Row]) -> dict[str, list[str]]:
    """``{name key: [entity id, ...]}`` over every name and alias (for linking affiliates)."""
    idx: dict[str, list[str]] = {}
    for e in entities:
        for k in name_keys(e["name"], e.get("aliases") or []):
            idx.setdefault(k, [])
            if e["id"] not in idx[k]:
                idx[k].append(e["id"])
    return idx
