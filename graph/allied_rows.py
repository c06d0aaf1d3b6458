"""From allied list snapshots and the US parties to graph rows: records, entities, decisions, events.

Pure functions (no store). ``allied_rows`` resolves every record of every allied snapshot against the
parties of the US lists (``graph.party_resolve``), and returns what ``graph.load_allied`` writes:

- a ``ListRecord`` per record (the list's own printing: names in Latin and original script,
  addresses, listing date, legal basis, regime) and a ``RECORD_OF`` edge to its entity carrying the
  decision (score, features, automatic or reviewed);
- an ``Entity`` for every party no US list has (``P:<name key>:<country>``);
- dated ``Listing`` events: the listing of each record of a list's newest snapshot where the list
  prints a date, and the deltas between consecutive snapshots of a list (``add``, ``remove``,
  ``change`` of names or addresses), as the US lists have them;
- the dataset ``Document`` of each snapshot.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from graph.citations import name_key, search_fields
from graph.list_events import dataset_row
from graph.party_match import Comparison, Party
from graph.party_resolve import Resolution, resolve
from ingest.allied_lists import AlliedEntry, AlliedSnapshot

Row = dict[str, Any]


@dataclass
class AlliedRows:
    """Everything ``load_allied`` writes, and the resolution behind it."""

    datasets: list[Row] = field(default_factory=list)
    records: list[Row] = field(default_factory=list)
    entities: list[Row] = field(default_factory=list)
    record_of: list[Row] = field(default_factory=list)
    listings: list[Row] = field(default_factory=list)
    resolution: Resolution = field(default_factory=Resolution)
    problems: list[str] = field(default_factory=list)


def record_id(snap: AlliedSnapshot, e: AlliedEntry) -> str:
    """``<snapshot id>#<entry id or name key>|<country>|<address start>`` (stable across loads)."""
    own = e.entry_id or name_key(e.name)
    return f"{snap.id}#{own}|{e.country or 'XX'}|{(e.address or '')[:30]}"


def _week(day: str | None) -> tuple[str | None, str | None]:
    if not day:
        return None, None
    try:
        d = date.fromisoformat(day)
    except ValueError:
        return None, None
    monday = d - timedelta(days=d.weekday())
    return monday.isoformat(), (monday + timedelta(days=6)).isoformat()


def party_of(snap: AlliedSnapshot, e: AlliedEntry) -> Party:
    return Party(
        id=record_id(snap, e),
        list=snap.list,
        name=e.name,
        aliases=e.aliases,
        original_names=e.original_names,
        countries=e.countries,
        addresses=e.addresses,
        regime=snap.regime,
    )


def _record_row(snap: AlliedSnapshot, e: AlliedEntry) -> Row:
    week_start, week_end = _week(e.start_date)
    return {
        "id": record_id(snap, e),
        "list": snap.list,
        "regime": snap.regime,
        "snapshot": snap.id,
        "snapshot_date": snap.snapshot,
        "listed_name": e.name,
        "aliases": list(e.aliases),
        "original_names": list(e.original_names),
        "country": e.country,
        "countries": list(e.countries),
        "address": e.address,
        "start_date": e.start_date,
        "week_start": week_start,
        "week_end": week_end,
        "legal_basis": snap.basis.legal_basis,
        "measure": snap.basis.measure,
        "tool": snap.basis.tool,
        "counter_measure": snap.basis.counter_measure,
        "notes": e.notes,
        "problems": list(e.problems),
        "search_text": search_fields((e.name, *e.aliases, *e.original_names))["search_text"],
        "source": snap.id,
        "confidence": "official",
    }


def _decision_edge(rid: str, eid: str, snap_id: str, d: Comparison | None, *, seed: bool) -> Row:
    if d is None or seed:
        return {
            "src": rid,
            "tgt": eid,
            "method": "seed",
            "score": 100.0,
            "decided": "seed",
            "matched_with": None,
            "features": None,
            "source": snap_id,
            "confidence": "derived",
        }
    other = d.right if d.left == rid else d.left
    return {
        "src": rid,
        "tgt": eid,
        "method": d.reason,
        "score": d.score,
        "decided": d.decided,
        "matched_with": other,
        "features": json.dumps(d.features(), ensure_ascii=False, sort_keys=True),
        "source": snap_id,
        "confidence": "derived",
    }


def _latest(snaps: Sequence[AlliedSnapshot]) -> dict[str, AlliedSnapshot]:
    out: dict[str, AlliedSnapshot] = {}
    for s in snaps:
        if s.list not in out or s.snapshot > out[s.list].snapshot:
            out[s.list] = s
    return out


def _fields(e: AlliedEntry) -> dict[str, str]:
    return {
        "names": "; ".join(sorted({n.casefold() for n in (e.name, *e.aliases, *e.original_names)})),
        "addresses": "; ".join(sorted(a.casefold() for a in e.addresses)),
    }


def _deltas(snaps: Sequence[AlliedSnapshot], entity_of: Mapping[str, str]) -> list[Row]:
    """``add``/``remove``/``change`` between consecutive snapshots of a list from the same source."""
    by_list: dict[str, list[AlliedSnapshot]] = {}
    for s in snaps:
        by_list.setdefault(s.list, []).append(s)
    out: list[Row] = []
    for group in by_list.values():
        group.sort(key=lambda s: s.snapshot)
        for prev, cur in zip(group, group[1:], strict=False):
            if prev.snapshot == cur.snapshot or prev.source != cur.source:
                continue
            before = {entity_of[record_id(prev, e)]: e for e in prev.entries}
            after = {entity_of[record_id(cur, e)]: e for e in cur.entries}

            def event(
                eid: str, action: str, details: str, cur: AlliedSnapshot = cur, prev: AlliedSnapshot = prev
            ) -> Row:
                return {
                    "id": f"{eid}|{cur.list}|{action}|{cur.id}",
                    "entity": eid,
                    "action": action,
                    "list": cur.list,
                    "date": cur.snapshot,
                    "year": int(cur.snapshot[:4]),
                    "origin": cur.id,
                    "previous": prev.id,
                    "details": details,
                    "source": cur.id,
                    "confidence": "derived",
                }

            for eid in sorted(set(after) - set(before)):
                out.append(event(eid, "add", f"on {cur.id}, not on {prev.id}"))
            for eid in sorted(set(before) - set(after)):
                out.append(event(eid, "remove", f"on {prev.id}, not on {cur.id}"))
            for eid in sorted(set(before) & set(after)):
                old, new = _fields(before[eid]), _fields(after[eid])
                diff = [f"{k}: {old[k]!r} -> {new[k]!r}" for k in old if old[k] != new[k]]
                if diff:
                    out.append(event(eid, "change", "; ".join(diff)))
    return out


def allied_rows(
    snaps: Sequence[AlliedSnapshot],
    us_parties: Sequence[Party],
    *,
    judgements: Mapping[tuple[str, str], bool] | None = None,
    workers: int = 1,
) -> AlliedRows:
    """Every row the allied lists put in the graph (see the module docstring)."""
    out = AlliedRows()
    parties: list[Party] = list(us_parties)
    by_id: dict[str, tuple[AlliedSnapshot, AlliedEntry]] = {}
    for s in snaps:
        out.problems.extend(f"{s.id}: {p}" for p in s.problems)
        out.datasets.append(dataset_row(s))
        for e in s.entries:
            p = party_of(s, e)
            if p.id not in by_id:
                by_id[p.id] = (s, e)
                parties.append(p)
    res = resolve(parties, fixed=[p.id for p in us_parties], judgements=judgements, workers=workers)
    out.resolution = res
    members: dict[str, list[str]] = {}
    for rid in by_id:
        members.setdefault(res.entity_of[rid], []).append(rid)
    us_ids = {p.id for p in us_parties}
    for eid, rids in sorted(members.items()):
        seed_id = None
        if eid not in us_ids:
            seed_id = rids[0] if len(rids) == 1 else min(rids, key=lambda r: (by_id[r][0].list, r))
            snap, seed = by_id[seed_id]
            names = list(dict.fromkeys(n for r in rids for n in (by_id[r][1].name, *by_id[r][1].aliases)))
            originals = list(dict.fromkeys(n for r in rids for n in by_id[r][1].original_names))
            out.entities.append(
                {
                    "id": eid,
                    "name": seed.name,
                    "name_key": name_key(seed.name),
                    "aliases": names[1:],
                    "country": seed.country,
                    "countries": sorted({c for r in rids for c in by_id[r][1].countries}),
                    "addresses": list(dict.fromkeys(a for r in rids for a in by_id[r][1].addresses)),
                    **search_fields((*names, *originals)),
                    "source": snap.id,
                    "confidence": "official",
                }
            )
        for rid in rids:
            snap, _ = by_id[rid]
            out.record_of.append(
                _decision_edge(rid, eid, snap.id, res.matched_with.get(rid), seed=rid == seed_id)
            )
    for snap, e in by_id.values():
        out.records.append(_record_row(snap, e))
    for lst, snap in sorted(_latest(snaps).items()):
        for e in snap.entries:
            if not e.start_date:
                continue
            eid = res.entity_of[record_id(snap, e)]
            out.listings.append(
                {
                    "id": f"{eid}|{lst}|add|{e.start_date}",
                    "entity": eid,
                    "action": "add",
                    "list": lst,
                    "date": e.start_date,
                    "year": int(e.start_date[:4]),
                    "origin": snap.id,
                    "text": e.name,
                    "date_basis": "printed",
                    "source": snap.id,
                    "confidence": "official",
                }
            )
    out.listings.extend(_deltas(snaps, res.entity_of))
    # one event per id (a party printed twice by one list on one day is one listing)
    out.listings = list({r["id"]: r for r in out.listings}.values())
    return out
