"""What the bundled US list files print for a period, read straight from the files (not through exportwatch).

An independent reading for the digest tests: every record of the Entity List (supplement no. 4), the MEU list
(supplement no. 7), the 1260H list and the BIS lists of the trade.gov CSL, with the Federal Register
citations of its chain. A citation's day is the date printed beside it, or, where none is printed, the day
printed beside the same page anywhere in these files (FR pages are numbered in publication order, so one
page is published on one day). A record is in a period when one of its citations has a day in it.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

LISTS = Path(__file__).resolve().parents[2] / "exportwatch" / "snapshot" / "lists"
SUPPLEMENTS = {
    "bis_entity_list_supp4_2026-07-09.json.gz": "entity_list",
    "bis_meu_supp7_2026-07-09.json.gz": "meu",
    "dow_1260h_2026-06.json.gz": "1260h",
}
CSL = "trade_gov_csl_bis_2026-07-31.json.gz"
CSL_LISTS = {"(EL)": "entity_list", "(MEU)": "meu", "(UVL)": "uvl", "(DPL)": "dpl"}
MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        1,
    )
}
CITE = re.compile(r"(\d{1,3})\s*F\.?\s?R\.?\s*(\d{1,6})")
NUMERIC = re.compile(r"^[,;\s]*(\d{1,2})/(\d{1,2})/(\d{2,4})")
WORDS = re.compile(r"^[,;\s]*\(?([A-Z][a-z]+)\.? (\d{1,2}), (\d{4})")


@dataclass(frozen=True)
class Cite:
    volume: int
    page: int
    printed: str | None  # ISO day printed beside it


@dataclass(frozen=True)
class Record:
    list: str
    names: frozenset[str]  # casefolded name and aliases
    name: str
    cites: tuple[Cite, ...]


def _day(after: str, volume: int) -> str | None:
    m = NUMERIC.match(after)
    if m:
        month, day, year = int(m[1]), int(m[2]), int(m[3])
        year = year + (2000 if year < 50 else 1900) if year < 100 else year
    else:
        m = WORDS.match(after)
        if not m or m[1].lower() not in MONTHS:
            return None
        month, day, year = MONTHS[m[1].lower()], int(m[2]), int(m[3])
    if year != 1935 + volume:  # a day printed for another year than the volume's is not this citation's
        return None
    return date(year, month, day).isoformat()


def chain(text: str | None) -> tuple[Cite, ...]:
    out = []
    for m in CITE.finditer(text or ""):
        vol = int(m[1])
        out.append(Cite(vol, int(m[2]), _day(text[m.end() : m.end() + 25], vol)))  # type: ignore[index]
    return tuple(out)


def records() -> list[Record]:
    out: list[Record] = []
    for file, lst in SUPPLEMENTS.items():
        for e in json.loads(gzip.decompress((LISTS / file).read_bytes()))["entities"]:
            names = frozenset(n.casefold() for n in [e["name"], *(e.get("aliases") or [])])
            out.append(Record(lst, names, e["name"], chain(e.get("federal_register"))))
    csl = json.loads(gzip.decompress((LISTS / CSL).read_bytes()))
    sources = csl["tables"]["sources"]
    for e in csl["entries"]:
        lst = next((v for k, v in CSL_LISTS.items() if k in sources[e["s"]]), None)
        if lst:
            names = frozenset(n.casefold() for n in [e["n"], *(e.get("a") or [])])
            out.append(Record(lst, names, e["n"], chain(e.get("fr"))))
    return out


def listed_in(start: str, end: str) -> list[tuple[Record, Cite, str]]:
    """``(record, citation, day)`` for every citation of every record whose day falls in ``[start, end]``."""
    recs = records()
    page_day: dict[tuple[int, int], str] = {}
    for r in recs:
        for c in r.cites:
            if c.printed:
                page_day.setdefault((c.volume, c.page), c.printed)
    out = []
    for r in recs:
        for c in r.cites:
            day = c.printed or page_day.get((c.volume, c.page))
            if day and start <= day <= end:
                out.append((r, c, day))
    return out


SNAPSHOT = LISTS.parent
CURATED = SNAPSHOT.parents[1] / "graph" / "curated"
RULES_CACHE = SNAPSHOT / "federal_register" / "bis_rules_2022-2026_api_cache.json"
ISO_DAY = re.compile(rb"\b(?:19|20)\d\d-[01]\d-[0-3]\d\b")


def _iso_days() -> set[str]:
    """Every ISO day written anywhere in the bundled sources and the curated data."""
    days: set[str] = set()
    for root in (SNAPSHOT, CURATED):
        for p in root.rglob("*"):
            if p.is_file():
                data = p.read_bytes()
                data = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
                days.update(m.decode() for m in ISO_DAY.findall(data))
    return days


def empty_week(after: str, *, ahead: int = 28) -> str:
    """The first ISO week from ``after`` (``YYYY-Www``) in which the sources record nothing.

    Nothing: no rule of the Federal Register cache published in it, no list citation dated in it, and no
    ISO day written in any bundled source or curated file from its Monday to ``ahead`` days after its
    Sunday (a deadline then would be announced as coming up).
    """
    rules = {r["publication_date"] for r in json.loads(RULES_CACHE.read_text())["rules"]}
    days = _iso_days()
    year, week = (int(x) for x in after.split("-W"))
    monday = date.fromisocalendar(year, week, 1)
    for _ in range(520):
        lo, hi = monday.isoformat(), date.fromordinal(monday.toordinal() + 6).isoformat()
        horizon = date.fromordinal(monday.toordinal() + 6 + ahead).isoformat()
        if (
            not any(lo <= d <= hi for d in rules)
            and not any(lo <= d <= horizon for d in days)
            and not listed_in(lo, hi)
        ):
            y, w, _ = monday.isocalendar()
            return f"{y}-W{w:02d}"
        monday = date.fromordinal(monday.toordinal() + 7)
    raise AssertionError(f"no empty week in the ten years from {after}")
