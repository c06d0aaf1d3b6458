"""US restricted-party lists as dated snapshots: parse each publisher's file into ``ListEntry`` rows.

Three shapes, one result (``ListSnapshot``: the list, its date, its entries, the file's sha256):

- the supplements of 15 CFR part 744 and the 1260H list as extracted from the official text
  (``{"list_id", "extracted", "count", "entities": [...]}``; supplement no. 4 = the Entity List,
  no. 7 = the Military End-User list; ``dow-1260h`` = the Section 1260H list): each entry keeps
  its whole chain of dated Federal Register citations;
- the trade.gov Consolidated Screening List, as the API's JSON (``{"results": [...]}``, the live
  path) or as the compact derivative bundled with exportwatch (``{"tables", "entries"}``): one
  snapshot per BIS list it carries (Entity List, MEU, Unverified List, Denied Persons List).

A file that is not whole (not valid JSON, or fewer entries than its own ``count`` says) raises
``ParseError`` naming the file: nothing of it is used. Entries with something wrong that does not
make the file unusable (no country, a duplicate, a citation whose date cannot be read) are kept or
merged and the problem is recorded on the entry and in ``ListSnapshot.problems``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from exportwatch.errors import ParseError
from exportwatch.vocab.countries import country_code
from ingest.list_chain import ChainCitation, parse_chain

LIST_TITLES = {
    "entity_list": "Entity List (15 CFR part 744, supp. no. 4)",
    "meu": "Military End-User List (15 CFR part 744, supp. no. 7)",
    "1260h": "Section 1260H list of Chinese military companies",
    "uvl": "Unverified List (15 CFR part 744, supp. no. 6)",
    "dpl": "Denied Persons List",
}
# Which list a supplement file or a CSL source is.
SUPPLEMENT_IDS = {"bis-entity-list": "entity_list", "bis-meu": "meu", "dow-1260h": "1260h"}
CSL_SOURCES = {
    "Entity List (EL) - Bureau of Industry and Security": "entity_list",
    "Military End User (MEU) List - Bureau of Industry and Security": "meu",
    "Unverified List (UVL) - Bureau of Industry and Security": "uvl",
    "Denied Persons List (DPL) - Bureau of Industry and Security": "dpl",
}
CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json"
SUPPLEMENT_URLS = {
    "entity_list": "https://www.ecfr.gov/current/title-15/part-744/appendix-Supplement%20No.%204%20to%20Part%20744",
    "meu": "https://www.ecfr.gov/current/title-15/part-744/appendix-Supplement%20No.%207%20to%20Part%20744",
    "1260h": "https://www.federalregister.gov/citation/91-FR-35189",
}


@dataclass(frozen=True)
class ListEntry:
    """One list's own record of a party, as printed."""

    list: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None  # ISO-2 of the country heading (or the first address country)
    country_name: str | None = None  # the heading as printed
    countries: tuple[str, ...] = ()  # ISO-2 of every address country
    address: str | None = None
    citations: tuple[ChainCitation, ...] = ()
    citation_text: str | None = None
    notes: str | None = None
    license_requirement: str | None = None
    license_policy: str | None = None
    start_date: str | None = None
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListSnapshot:
    """A list at one date from one publisher's file."""

    list: str
    source: str  # the exportwatch source that read it, e.g. us-entity-list, us-trade-csl
    snapshot: str  # ISO date the file was retrieved or generated
    title: str
    url: str
    entries: tuple[ListEntry, ...]
    content_hash: str
    name: str  # file name or URL it was read from
    problems: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        """The dataset Document id: ``dataset:entity_list@2026-07-09/us-entity-list``."""
        return f"dataset:{self.list}@{self.snapshot}/{self.source}"


def _text(value: Any) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def _load_json(data: bytes, name: str) -> Any:
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as e:
            raise ParseError(f"list file {name}: truncated or damaged gzip ({e})") from None
    try:
        return json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ParseError(f"list file {name}: not whole JSON ({e}); nothing was read from it") from None


def _merge_duplicates(entries: Iterable[ListEntry]) -> tuple[list[ListEntry], list[str]]:
    """Entries printed twice (same name, country and address) become one; the repeat is reported."""
    out: dict[tuple[str, str | None, str | None], ListEntry] = {}
    problems: list[str] = []
    for e in entries:
        key = (e.name.casefold(), e.country, (e.address or "").casefold())
        prev = out.get(key)
        if prev is None:
            out[key] = e
            continue
        msg = f"{e.list}: duplicate entry {e.name!r} ({e.country or 'no country'}) merged"
        problems.append(msg)
        cites = list(prev.citations) + [c for c in e.citations if c not in prev.citations]
        aliases = tuple(dict.fromkeys([*prev.aliases, *e.aliases]))
        out[key] = replace(prev, citations=tuple(cites), aliases=aliases, problems=(*prev.problems, msg))
    return list(out.values()), problems


def parse_supplement(data: bytes, *, name: str, source: str) -> ListSnapshot:
    """A supplement of part 744 (or the 1260H list) as extracted from the official text.

    Raises:
        ParseError: Not whole JSON, an unknown ``list_id``, no ``entities`` list, or fewer entities
            than the file's ``count`` (a truncated file): nothing is read from it.
    """
    doc = _load_json(data, name)
    if not isinstance(doc, dict) or not isinstance(doc.get("entities"), list):
        raise ParseError(f"list file {name}: expected an object with an 'entities' list")
    lst = SUPPLEMENT_IDS.get(str(doc.get("list_id")))
    if lst is None:
        raise ParseError(f"list file {name}: unknown list_id {doc.get('list_id')!r}")
    rows = doc["entities"]
    if isinstance(doc.get("count"), int) and doc["count"] != len(rows):
        raise ParseError(
            f"list file {name}: {len(rows)} entities but the file says {doc['count']}; "
            "it is incomplete and nothing was read from it"
        )
    snapshot = _text(doc.get("extracted"))
    if not snapshot:
        raise ParseError(f"list file {name}: no 'extracted' date")
    entries: list[ListEntry] = []
    problems: list[str] = []
    for i, row in enumerate(rows):
        nm = _text(row.get("name")) if isinstance(row, dict) else None
        if not nm:
            problems.append(f"{lst}: entity {i} has no name; skipped")
            continue
        heading = _text(row.get("country"))
        code = country_code(heading) if heading else None
        if heading and code is None and " of " in heading:  # "Crimea Region of Ukraine"
            code = country_code(heading.rsplit(" of ", 1)[-1])
        cites, cproblems = parse_chain(row.get("federal_register"))
        own = [f"{nm}: {p}" for p in cproblems]
        if not heading:
            own.append(f"{nm}: no country")
        elif code is None:
            own.append(f"{nm}: country {heading!r} has no ISO code in the vocabulary")
        if not cites:
            own.append(f"{nm}: no Federal Register citation")
        problems.extend(own)
        notes = _text(row.get("notes"))
        entries.append(
            ListEntry(
                list=lst,
                name=nm,
                aliases=tuple(a for a in (_text(x) for x in row.get("aliases") or []) if a and a != nm),
                country=code,
                country_name=heading,
                countries=(code,) if code else (),
                address=_text(row.get("address")),
                citations=tuple(cites),
                citation_text=_text(row.get("federal_register")),
                notes=notes,
                license_requirement=notes if lst != "1260h" else None,
                start_date=_text(row.get("effective_date")),
                problems=tuple(own),
            )
        )
    merged, dup = _merge_duplicates(entries)
    return ListSnapshot(
        list=lst,
        source=source,
        snapshot=snapshot,
        title=f"{LIST_TITLES[lst]} as of {snapshot}",
        url=SUPPLEMENT_URLS[lst],
        entries=tuple(merged),
        content_hash=hashlib.sha256(data).hexdigest(),
        name=name,
        problems=tuple(problems + dup),
    )


def _csl_entry(lst: str, row: dict[str, Any]) -> ListEntry:
    nm = _text(row.get("name")) or ""
    countries = tuple(dict.fromkeys(c for c in row.get("countries") or [] if c))
    cites, cproblems = parse_chain(row.get("federal_register_notice"))
    own = [f"{nm}: {p}" for p in cproblems]
    if not countries:
        own.append(f"{nm}: no country")
    return ListEntry(
        list=lst,
        name=nm,
        aliases=tuple(a for a in (_text(x) for x in row.get("alt_names") or []) if a and a != nm),
        country=countries[0] if countries else None,
        countries=countries,
        address=_text(row.get("address")),
        citations=tuple(cites),
        citation_text=_text(row.get("federal_register_notice")),
        license_requirement=_text(row.get("license_requirement")),
        license_policy=_text(row.get("license_policy")),
        start_date=_text(row.get("start_date")),
        problems=tuple(own),
    )


def _csl_rows_compact(doc: dict[str, Any], name: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    tables = doc.get("tables")
    if not isinstance(tables, dict) or not isinstance(doc.get("entries"), list):
        raise ParseError(f"list file {name}: expected 'tables' and 'entries' (compact CSL)")
    sources = tables.get("sources") or []
    req, pol = tables.get("licenceRequirements") or [], tables.get("licencePolicies") or []
    rows: list[tuple[str, dict[str, Any]]] = []
    for e in doc["entries"]:
        src = sources[e["s"]] if isinstance(e.get("s"), int) and e["s"] < len(sources) else None
        lst = CSL_SOURCES.get(str(src))
        if lst is None:
            continue
        rows.append(
            (
                lst,
                {
                    "name": e.get("n"),
                    "alt_names": e.get("a") or [],
                    "countries": e.get("c") or [],
                    "federal_register_notice": e.get("fr"),
                    "license_requirement": req[e["lr"]] if "lr" in e else None,
                    "license_policy": pol[e["lp"]] if "lp" in e else None,
                },
            )
        )
    return str(doc.get("sourceGeneratedAt") or "")[:10], rows


def _csl_rows_api(doc: dict[str, Any], name: str) -> list[tuple[str, dict[str, Any]]]:
    results = doc.get("results")
    if not isinstance(results, list):
        raise ParseError(f"list file {name}: expected a 'results' list (CSL API JSON)")
    if isinstance(doc.get("total"), int) and doc["total"] > len(results):
        raise ParseError(
            f"list file {name}: {len(results)} results but the file says {doc['total']}; "
            "it is incomplete and nothing was read from it"
        )
    rows: list[tuple[str, dict[str, Any]]] = []
    for r in results:
        lst = CSL_SOURCES.get(str(r.get("source")))
        if lst is None:
            continue
        addresses = [a for a in r.get("addresses") or [] if isinstance(a, dict)]
        alt = r.get("alt_names") or []
        rows.append(
            (
                lst,
                {
                    "name": r.get("name"),
                    "alt_names": alt if isinstance(alt, list) else [x.strip() for x in str(alt).split(";")],
                    "countries": [a.get("country") for a in addresses],
                    "address": "; ".join(
                        ", ".join(
                            str(a[k])
                            for k in ("address", "city", "state", "postal_code", "country")
                            if a.get(k)
                        )
                        for a in addresses
                    ),
                    "federal_register_notice": r.get("federal_register_notice"),
                    "start_date": r.get("start_date"),
                    "license_requirement": r.get("license_requirement"),
                    "license_policy": r.get("license_policy"),
                },
            )
        )
    return rows


def parse_csl(
    data: bytes, *, name: str, source: str = "us-trade-csl", snapshot: str | None = None
) -> list[ListSnapshot]:
    """The BIS lists of a Consolidated Screening List file (API JSON or the compact derivative).

    Args:
        snapshot: The retrieval date, for API JSON (which carries none); the compact file has its own.

    Raises:
        ParseError: Not whole JSON, neither shape, no date, or no BIS list in it.
    """
    doc = _load_json(data, name)
    if not isinstance(doc, dict):
        raise ParseError(f"list file {name}: expected a JSON object")
    if "tables" in doc:
        date, rows = _csl_rows_compact(doc, name)
        if isinstance(doc.get("entryCount"), int) and doc["entryCount"] < len(doc["entries"]):
            raise ParseError(f"list file {name}: more entries than its entryCount")
        expected = doc.get("countsBySource") or {}
        for src, lst in CSL_SOURCES.items():
            got = sum(1 for x, _ in rows if x == lst)
            if src in expected and got != expected[src]:
                raise ParseError(
                    f"list file {name}: {got} {lst} rows but the file says {expected[src]}; "
                    "it is incomplete and nothing was read from it"
                )
    else:
        date, rows = snapshot or "", _csl_rows_api(doc, name)
    if not date:
        raise ParseError(f"list file {name}: no snapshot date")
    if not rows:
        raise ParseError(f"list file {name}: no row of a BIS list (Entity List, MEU, UVL, DPL)")
    digest = hashlib.sha256(data).hexdigest()
    out = []
    for lst in dict.fromkeys(x for x, _ in rows):
        entries = [_csl_entry(lst, r) for x, r in rows if x == lst and _text(r.get("name"))]
        merged, dup = _merge_duplicates(entries)
        out.append(
            ListSnapshot(
                list=lst,
                source=source,
                snapshot=date,
                title=f"{LIST_TITLES[lst]}: rows of the Consolidated Screening List of {date}",
                url=CSL_URL,
                entries=tuple(merged),
                content_hash=digest,
                name=name,
                problems=tuple([p for e in merged for p in e.problems] + dup),
            )
        )
    return out


def read_list_file(path: Path) -> list[ListSnapshot]:
    """Every list snapshot in one file (a supplement, the 1260H list or a CSL file).

    Raises:
        ParseError: The file cannot be read whole (see ``parse_supplement`` and ``parse_csl``).
    """
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ParseError(f"list file {path}: cannot be read ({e.strerror})") from None
    head = data[:400]
    if data[:2] == b"\x1f\x8b":
        try:
            head = gzip.GzipFile(fileobj=io.BytesIO(data)).read(400)
        except (OSError, EOFError) as e:
            raise ParseError(f"list file {path}: truncated or damaged gzip ({e})") from None
    if b'"list_id"' in head:
        src = {b"bis-meu": "us-meu-list", b"dow-1260h": "us-1260h-list"}
        source = next((v for k, v in src.items() if k in head), "us-entity-list")
        return [parse_supplement(data, name=str(path), source=source)]
    # The CSL API's JSON carries no date: a kept download is named after the day it was retrieved.
    day = re.search(r"\d{4}-\d{2}-\d{2}", path.name)
    return parse_csl(data, name=str(path), snapshot=day.group(0) if day else None)


def list_files(directory: Path) -> list[Path]:
    """The list files (``*.json``, ``*.json.gz``) of ``directory`` in name order (none when it is missing)."""
    if not directory.is_dir():
        return []
    return sorted([*directory.glob("*.json"), *directory.glob("*.json.gz")])


def read_list_dir(directory: Path) -> list[ListSnapshot]:
    """Every snapshot of the list files in ``directory``, by list and date.

    Raises:
        ParseError: A file cannot be read whole (``graph.build`` reads file by file instead, to go on).
    """
    snaps = [s for f in list_files(directory) for s in read_list_file(f)]
    return sorted(snaps, key=lambda s: (s.list, s.snapshot, s.source))
