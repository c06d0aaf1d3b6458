"""Identifiers of the Federal Register and the CFR, month names, and the rule that tells a correction.

One definition each, used by the parsers, the crawlers, the graph loaders and the digest:

- ``FR_DOCUMENT_NUMBER``: ``2023-03929``, ``2025-00636`` (and the older ``E9-1234`` / ``C1-2023-1234`` forms);
- ``FR_CITATION_RE``, ``parse_fr_citations``: ``88 FR 12171``, ``73 FR 54504 (9/22/2008)``, ``76 FR No. 197``;
- ``fr_volume_year``: volume N of the Federal Register was published in 1935 + N;
- ``MONTHS``, ``MONTH_NAMES_RE``, ``month_number`` and ``parse_long_date``: "January 13, 2025";
- ``is_correction`` / ``corrected_title``: "<title>; Correction", "Technical Corrections", "Correction: ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# The Federal Register agency slug of the Bureau of Industry and Security (the default agency synced).
BIS_AGENCY = "industry-and-security-bureau"

MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# Abbreviations printed in the Federal Register and in press releases ("Oct. 7, 2022", "Sept. 29").
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH_NAMES_RE = "|".join(MONTHS)  # an alternation for use inside a larger pattern
_LONG_DATE_RE = re.compile(rf"\b({MONTH_NAMES_RE})\s+(\d{{1,2}}),\s+(\d{{4}})\b")

# A Federal Register document number as printed in "FR Doc." lines and API records.
FR_DOCUMENT_NUMBER = r"(?:[A-Z]\d-)?\d{4}-\d{4,6}|[A-Z]\d-\d+"
FR_DOCUMENT_NUMBER_RE = re.compile(rf"^(?:{FR_DOCUMENT_NUMBER})$")
FR_DOC_LINE_RE = re.compile(rf"FR\s+Doc\.?\s*#?\s*({FR_DOCUMENT_NUMBER})")
FR_DOCUMENT_LINK_RE = re.compile(r"federalregister\.gov/(?:[^?#]*/)?(\d{4}-\d{4,6})(?:[/.?#]|$)")

# "88 FR 12171", "76 FR 67059 No. 210", "73 FR 54504 (9/22/2008)", "76 FR No. 197 (10/12/2011)".
FR_CITATION_RE = re.compile(
    r"\b(?P<volume>\d{1,3})\s*FR\s*(?:(?P<page>\d{1,6})\b|No\.?\s*(?P<issue>\d{1,3}))"
    r"(?:\s*(?:\(\s*no\.\s*\d+\s*\)|No\.?\s*\d{1,3}))?"
    r"(?:\s*\((?P<date>\d{1,2}/\d{1,2}/\d{4})\))?",
    re.IGNORECASE,
)
# A citation that is exactly "<volume> FR <page>" (the graph's citation keys).
FR_CITATION_KEY_RE = re.compile(r"^(\d+)\s+FR\s+(\d+)$")
FR_FIRST_VOLUME_YEAR = 1935  # volume 1 appeared in 1936: volume N -> year 1935 + N

# Titles of correcting documents: "<title of the corrected rule>; Correction(s)" (BIS's habit),
# "...; Technical Corrections", "...; Correcting Amendment(s)", and titles that start "Correction".
_CORRECTION_SUFFIX_RE = re.compile(
    r"^(?P<base>.+?)\s*;\s*(?:technical\s+)?(?:corrections?|correcting\s+amendments?)\s*$", re.IGNORECASE
)
_CORRECTION_PREFIX_RE = re.compile(r"^\s*corrections?\b", re.IGNORECASE)
_CORRECTION_TAIL_RE = re.compile(
    r"[:;]\s*(?:technical\s+)?(?:corrections?|correcting\s+amendments?)\s*$", re.IGNORECASE
)


def month_number(name: str) -> int | None:
    """1-12 for a month name or its printed abbreviation ("Sept.", "oct"); None otherwise."""
    key = name.strip().rstrip(".").casefold()
    for i, month in enumerate(MONTHS, start=1):
        if key == month.casefold():
            return i
    return MONTH_ABBREVIATIONS.get(key)


def iso_date(year: int, month: int, day: int) -> str | None:
    """``YYYY-MM-DD``, or None when the three numbers are no calendar day."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_long_date(text: str) -> str | None:
    """The first "Month D, YYYY" date in ``text`` as ISO, or None."""
    for month, day, year in _LONG_DATE_RE.findall(text or ""):
        found = iso_date(int(year), MONTHS.index(month) + 1, int(day))
        if found:
            return found
    return None


def long_dates(text: str) -> set[str]:
    """Every "Month D, YYYY" date in ``text``, as ISO days."""
    out: set[str] = set()
    for month, day, year in _LONG_DATE_RE.findall(text or ""):
        found = iso_date(int(year), MONTHS.index(month) + 1, int(day))
        if found:
            out.add(found)
    return out


def is_fr_document_number(value: str) -> bool:
    """True for a Federal Register document number such as ``2023-03929``."""
    return bool(FR_DOCUMENT_NUMBER_RE.match(value.strip()))


def fr_volume_year(volume: int) -> int:
    """The year in which Federal Register volume ``volume`` was published."""
    return FR_FIRST_VOLUME_YEAR + volume


def fr_volume_of_year(year: int) -> int:
    """The Federal Register volume published in ``year``."""
    return year - FR_FIRST_VOLUME_YEAR


@dataclass(frozen=True)
class FrCitation:
    """One Federal Register citation as printed, with what it tells."""

    text: str
    volume: int
    page: int | None
    date: str | None  # ISO, when printed beside the citation

    @property
    def year(self) -> int:
        """The year of the volume (volume N was published in 1935 + N)."""
        return fr_volume_year(self.volume)

    @property
    def key(self) -> str:
        """``88 FR 12171`` (or ``88 FR No. 12`` without a page)."""
        return f"{self.volume} FR {self.page}" if self.page is not None else self.text


def parse_fr_citations(text: str | None) -> list[FrCitation]:
    """Every FR citation in ``text``, in order, without repeats (same volume and page)."""
    out: list[FrCitation] = []
    seen: set[tuple[int, int | None, str | None]] = set()
    for m in FR_CITATION_RE.finditer(text or ""):
        volume = int(m.group("volume"))
        page = int(m.group("page")) if m.group("page") else None
        when = None
        if m.group("date"):
            mo, d, y = (int(x) for x in m.group("date").split("/"))
            when = iso_date(y, mo, d)
        key = (volume, page, None if page is not None else m.group("issue"))
        if key in seen:
            continue
        seen.add(key)
        out.append(FrCitation(text=" ".join(m.group(0).split()), volume=volume, page=page, date=when))
    return out


def corrected_title(title: str) -> str | None:
    """The title of the corrected document for "<title>; Correction" titles, else None."""
    m = _CORRECTION_SUFFIX_RE.match(title or "")
    return m.group("base") if m else None


def is_correction(title: str, corrects: list[str] | tuple[str, ...] = ()) -> bool:
    """True for a correcting document: it names what it corrects, or its title says it corrects."""
    if corrects:
        return True
    return bool(_CORRECTION_TAIL_RE.search(title or "") or _CORRECTION_PREFIX_RE.match(title or ""))
