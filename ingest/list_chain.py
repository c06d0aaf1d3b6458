"""Chains of Federal Register citations as the US lists print them, each citation with its date.

Supplement no. 4 to part 744 prints, per entry, every rule that added or revised it:
``75 FR 1701, 1/13/10. 77 FR 24590, 4/25/12``; the 1260H list prints ``91 FR 35189 (June 10, 2026)``;
the Consolidated Screening List prints pages only (``84 FR 22961; 85 FR 29852``) or a date in
parentheses (``73 FR 54506 (9/22/08)``). ``parse_chain`` returns one ``ChainCitation`` per citation,
in order, with the date printed after it (and before the next citation) when there is one.

A date is never guessed: a two-digit year is read in the century of the citation's volume (volume N
was published in 1935 + N), and a date that is not a real day, or whose year is not the volume's, is
dropped and reported as a problem naming the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

FR_FIRST_VOLUME_YEAR = 1935  # volume N -> year 1935 + N
_CITE_RE = re.compile(r"\b(?P<volume>\d{1,3})\s*F\.?\s?R\.?\s*(?P<page>\d{1,6})\b")
_MONTHS = {
    m: i
    for i, m in enumerate(
        (
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
        ),
        start=1,
    )
}
_NUM_DATE_RE = re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{2}|\d{4})(?![\d/])")
_WORD_DATE_RE = re.compile(
    r"\b(?P<month>" + "|".join(_MONTHS) + r")\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class ChainCitation:
    """One citation of a chain: volume, page, the date printed beside it (ISO) and its text."""

    volume: int
    page: int
    date: str | None
    date_text: str | None

    @property
    def citation(self) -> str:
        """``84 FR 22961``."""
        return f"{self.volume} FR {self.page}"

    @property
    def year(self) -> int:
        """The volume's year."""
        return FR_FIRST_VOLUME_YEAR + self.volume


def _year(raw: str, volume: int) -> int:
    if len(raw) == 4:
        return int(raw)
    century = (FR_FIRST_VOLUME_YEAR + volume) // 100 * 100
    return century + int(raw)


def _first_date(text: str, volume: int) -> tuple[str | None, str | None, str | None]:
    """(ISO date, text as printed, problem) of the first date in ``text``."""
    hits: list[tuple[int, str, int, int, int]] = []
    for m in _NUM_DATE_RE.finditer(text):
        hits.append(
            (m.start(), m.group(0), _year(m.group("y"), volume), int(m.group("m")), int(m.group("d")))
        )
    for m in _WORD_DATE_RE.finditer(text):
        hits.append(
            (m.start(), m.group(0), int(m.group("y")), _MONTHS[m.group("month").lower()], int(m.group("d")))
        )
    if not hits:
        return None, None, None
    _, printed, y, mo, d = min(hits)
    try:
        day = date(y, mo, d)
    except ValueError:
        return None, printed, f"date {printed!r} is not a calendar day"
    if day.year != FR_FIRST_VOLUME_YEAR + volume:
        return None, printed, f"date {printed!r} is not in the year of volume {volume} ({1935 + volume})"
    return day.isoformat(), printed, None


def parse_chain(text: str | None) -> tuple[list[ChainCitation], list[str]]:
    """The citations of a chain in order (repeats of the same volume and page dropped), and problems.

    Returns:
        ``(citations, problems)``; a problem is a sentence naming the citation and what is wrong with
        its date (an unparsable date leaves the citation's date empty; it is never guessed).
    """
    flat = " ".join((text or "").split())
    matches = list(_CITE_RE.finditer(flat))
    out: list[ChainCitation] = []
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    for i, m in enumerate(matches):
        volume, page = int(m.group("volume")), int(m.group("page"))
        tail = flat[m.end() : matches[i + 1].start() if i + 1 < len(matches) else len(flat)]
        iso, printed, problem = _first_date(tail, volume)
        if problem:
            problems.append(f"{volume} FR {page}: {problem}")
        if (volume, page) in seen:
            continue
        seen.add((volume, page))
        out.append(ChainCitation(volume=volume, page=page, date=iso, date_text=printed))
    if flat and not matches:
        problems.append(f"no Federal Register citation in {flat[:80]!r}")
    return out, problems
