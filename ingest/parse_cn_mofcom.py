"""China's MOFCOM counter-lists: the export control control list (出口管制管控名单), the unreliable
entity list (不可靠实体清单) and the watch list (关注名单).

China's answer to Western controls, kept as context for every US move (regime ``CN``, a
counter-measure, never an ally's list). The input is the lists as JSON rows (``entity_name``,
``aliases``, ``list_id``, ``date_added``, ``source_url``: the MOFCOM announcement), the shape of the
bundled copy; one file holds the three lists, so one read gives three snapshots. Names printed only
in Chinese (``参与对台湾地区军售的美国波音防务``) are kept as original-script names. The lists print no
country for the listed firms: none is guessed (so they are never merged with another list's party on
a name alone across countries).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from exportwatch.errors import ParseError
from ingest.allied_lists import (
    AlliedEntry,
    AlliedSnapshot,
    ListBasis,
    address_country,
    check_count,
    clean,
    dedupe,
    is_original_script,
    require_columns,
    sha256,
)

FIELDS = ("id", "entity_name", "aliases", "addresses", "list_id", "date_added", "source_url")
# The file's list ids -> exportwatch list ids.
LIST_IDS = {
    "cn-export-control-watchlist": "cn_mofcom_control_list",
    "cn-unreliable-entity-list": "cn_mofcom_unreliable_entity_list",
    "cn-attention-list": "cn_mofcom_watch_list",
}


def parse_mofcom_lists(
    data: bytes,
    *,
    name: str,
    bases: Mapping[str, ListBasis],
    source: str,
    bounds: tuple[int, int | None] = (1, None),
) -> list[AlliedSnapshot]:
    """The three MOFCOM lists of one file, each a snapshot dated by its latest listing.

    Args:
        bases: Each list's basis by exportwatch list id (``LIST_IDS`` values).

    Raises:
        ParseError: Not JSON rows, a field missing (naming it), an unknown list id, or a total
            count outside ``bounds``: nothing is read.
    """
    try:
        rows = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ParseError(f"list file {name}: not whole JSON ({e}); nothing was read from it") from None
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise ParseError(f"list file {name}: expected a JSON list of rows")
    for r in rows:
        require_columns(name, r, FIELDS, what="field")
        if r["list_id"] not in LIST_IDS:
            raise ParseError(f"list file {name}: unknown list_id {r['list_id']!r}; nothing was read from it")
    check_count(name, len(rows), bounds)
    by_list: dict[str, list[AlliedEntry]] = {}
    problems: dict[str, list[str]] = {}
    for r in rows:
        lst = LIST_IDS[r["list_id"]]
        own: list[str] = []
        printed = clean(r["entity_name"])
        names = [a for a in (clean(x) for x in r.get("aliases") or []) if a]
        if not printed:
            problems.setdefault(lst, []).append(f"{r['id']}: no name; skipped")
            continue
        latin = [n for n in [printed, *names] if not is_original_script(n)]
        original = [n for n in [printed, *names] if is_original_script(n)]
        nm = latin[0] if latin else printed
        if not latin:
            own.append(f"{r['id']}: printed in Chinese only")
        addresses = tuple(a for a in (clean(x) for x in r.get("addresses") or []) if a)
        countries = tuple(dict.fromkeys(c for c in (address_country(a) for a in addresses) if c))
        problems.setdefault(lst, []).extend(own)
        by_list.setdefault(lst, []).append(
            AlliedEntry(
                list=lst,
                name=nm,
                aliases=tuple(n for n in latin[1:] if n != nm),
                original_names=tuple(original),
                country=countries[0] if countries else None,
                countries=countries,
                addresses=addresses,
                start_date=clean(r["date_added"]),
                entry_id=clean(r["id"]),
                notes=clean(r["source_url"]),
                problems=tuple(own),
            )
        )
    out: list[AlliedSnapshot] = []
    digest = sha256(data)
    for lst, entries in sorted(by_list.items()):
        dates = sorted(e.start_date for e in entries if e.start_date)
        if not dates:
            raise ParseError(f"list file {name}: no date_added in {lst}; the snapshot cannot be dated")
        merged, dup = dedupe(entries)
        out.append(
            AlliedSnapshot(
                bases[lst], source, dates[-1], tuple(merged), digest, name, tuple(problems[lst] + dup)
            )
        )
    return out
