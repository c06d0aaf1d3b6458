"""EU Council Regulation (EU) No 833/2014, Annex IV: entities under the dual-use and advanced-technology
export restrictions (Articles 2(7), 2a(7) and 2b(1)).

The input is the annex rows as CSV with the column layout of the OpenSanctions extraction of the
EUR-Lex consolidated text (``celex``, ``annex``, ``measure``, ``startDate``, ``name``, ``alias``,
``country``, ``address``, ``registrationNumber`` ...). Only Annex IV rows (measure "Export
control") are the list; the other annexes (financial, transport, services, investment bans) are
counted and left out. Aliases printed in Cyrillic (``Открытое Акционерное Общество «Концерн «Сириус»``)
are the names in their original script. Dates are printed ``12.9.2014`` (day.month.year).

The consolidated text carries no date of its own in this layout: the snapshot is dated by its
latest listing date (the amending act that last added entries).
"""

from __future__ import annotations

import csv
import io
import re

from exportwatch.errors import ParseError
from exportwatch.vocab.countries import country_code
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

COLUMNS = ("celex", "recordId", "annex", "measure", "startDate", "name", "alias", "country", "address",
           "registrationNumber")  # fmt: skip
_DATE_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


def eu_date(text: str | None) -> str | None:
    """``12.9.2014`` -> ``2014-09-12``; None when empty or unreadable."""
    m = _DATE_RE.match((text or "").strip())
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def parse_annex_csv(
    data: bytes,
    *,
    name: str,
    basis: ListBasis,
    source: str,
    annex: str = "IV",
    bounds: tuple[int, int | None] = (1, None),
) -> AlliedSnapshot:
    """The rows of one annex of Regulation 833/2014.

    Raises:
        ParseError: Not UTF-8 CSV, a column missing (naming it), or a count outside ``bounds``.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError(f"list file {name}: not UTF-8 text") from None
    reader = csv.DictReader(io.StringIO(text))
    require_columns(name, reader.fieldnames or [], COLUMNS)
    rows = [r for r in reader if (r.get("annex") or "").strip() == annex]
    check_count(name, len(rows), bounds)
    entries: list[AlliedEntry] = []
    problems: list[str] = []
    for r in rows:
        nm = clean(r["name"])
        if not nm:
            problems.append(f"Annex {annex} row {r['recordId']}: no name; skipped")
            continue
        names = [a for a in (clean(x) for x in (r["alias"] or "").split(";")) if a and a != nm]
        address = clean(r["address"])
        addresses = tuple(a for a in [address] if a)
        code = country_code(r["country"]) if clean(r["country"]) else None
        countries = tuple(dict.fromkeys(c for c in [code, *(address_country(a) for a in addresses)] if c))
        own: list[str] = []
        date = eu_date(r["startDate"])
        if clean(r["startDate"]) and not date:
            own.append(f"{nm}: listing date {r['startDate']!r} cannot be read")
        if not countries:
            own.append(f"{nm}: no country")
        problems.extend(own)
        entries.append(
            AlliedEntry(
                list=basis.list,
                name=nm,
                aliases=tuple(a for a in names if not is_original_script(a)),
                original_names=tuple(a for a in names if is_original_script(a)),
                country=countries[0] if countries else None,
                countries=countries,
                addresses=addresses,
                start_date=date,
                entry_id=clean(r["recordId"]),
                identifiers=tuple(
                    i for i in (clean(x) for x in (r["registrationNumber"] or "").split(";")) if i
                ),
                problems=tuple(own),
            )
        )
    dates = sorted(e.start_date for e in entries if e.start_date)
    if not dates:
        raise ParseError(f"list file {name}: no listing date in Annex {annex}; the snapshot cannot be dated")
    merged, dup = dedupe(entries)
    return AlliedSnapshot(basis, source, dates[-1], tuple(merged), sha256(data), name, tuple(problems + dup))
