"""Find dates, normalize them by hand, and give each a role from the words around it.

A regex finds the date; month names and numbers are turned into an ISO date by hand, with
``dateparser.parse`` only as a fallback on the extracted string (never ``search_dates``, which
invents dates in this text). Relative dates ("120 days after publication",
"[INSERT DATE 120 DAYS AFTER DATE OF PUBLICATION IN THE FEDERAL REGISTER]") are computed from the
publication date when it is known, with the computation kept in the ``basis`` group.

Roles: ``publication``, ``effective``, ``compliance``, ``comments_due``, ``announced``, ``other``.
English puts the cue before the date ("is effective February 24, 2023") or, after "On <date>,",
just behind it ("On October 7, 2022, BIS released"); Chinese puts it behind ("2025年1月13日起生效").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, timedelta

import dateparser

from exportwatch.vocab.identifiers import iso_date, month_number
from ingest import patterns as P
from ingest.lang import has_cjk
from ingest.nlp.hits import DocContext, Hit

ROLES: tuple[str, ...] = ("publication", "effective", "compliance", "comments_due", "announced", "other")

# Clause boundaries for role cues: English sentence ends and semicolons (not the period of "5 p.m."
# or of an initial, and not a caption's colon: "Effective: April 15, 2016"); Chinese punctuation.
_EN_CLAUSE_END = re.compile(r"(?<![ap]\.m)(?<!\b[A-Z])(?<!\bNo)[.!?](?=\s+[A-Z(\[“\"]|\s*$)|;")
_ZH_CLAUSE_END = re.compile(r"[，。；！？,;]")
_CUE_WINDOW = 160
_IN_FR_PLACEHOLDER = re.compile(r"INSERT\s+FR\s+PAGE[^\]]*$")


def parse_date(raw: str) -> str | None:
    """ISO date of one extracted date string, by hand; ``dateparser.parse`` as a fallback.

    Args:
        raw: the text of a date as found ("Oct. 7, 2022", "2025年5月13日", "1/17/2024").

    Returns:
        ``YYYY-MM-DD``, or None when the string names no real day.
    """
    for pat in (P.DATE_MDY, P.DATE_DMY, P.DATE_NUMERIC, P.DATE_ISO, P.DATE_ZH):
        m = pat.fullmatch(raw.strip())
        if not m:
            continue
        month_s = m.group("month")
        month = int(month_s) if month_s.isdigit() else (month_number(month_s) or 0)
        iso = iso_date(int(m.group("year")), month, int(m.group("day")))
        if iso:
            return iso
    parsed = dateparser.parse(raw, languages=["en", "zh"], settings={"STRICT_PARSING": True})
    return parsed.date().isoformat() if parsed else None


def add_period(start: date, n: int, unit: str) -> date:
    """``start`` plus ``n`` days or months (a month-end date stays in range)."""
    if unit.lower().startswith(("day", "天", "日")):
        return start + timedelta(days=n)
    months = start.month - 1 + n
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def _clause(text: str, start: int, end: int, zh: bool) -> tuple[str, str]:
    """The clause text before and after a date (each at most _CUE_WINDOW characters)."""
    boundary = _ZH_CLAUSE_END if zh else _EN_CLAUSE_END
    lo = max(0, start - _CUE_WINDOW)
    before = text[lo:start]
    ends = list(boundary.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    after = text[end : end + _CUE_WINDOW]
    m = boundary.search(after)
    if m:
        after = after[: m.start()]
    return before, after


def _next_clause(text: str, pos: int) -> str:
    """The Chinese clause after the punctuation mark at ``pos`` (at most 40 characters)."""
    rest = text[pos + 1 : pos + 41]
    m = _ZH_CLAUSE_END.search(rest)
    return rest[: m.start()] if m else rest


def _nearest_cue(window: str, *, last: bool) -> tuple[str, str] | None:
    """(role, cue text) of the cue nearest the date: the last one before it, or the first after."""
    best: tuple[int, str, str] | None = None
    for role, pat in P.DATE_ROLE_CUES.items():
        for m in pat.finditer(window):
            pos = m.end() if last else -m.start()
            if best is None or pos > best[0]:
                best = (pos, role, m.group())
    return (best[1], best[2]) if best else None


def _fixed_role(before: str) -> str | None:
    """The role the words just before an English date settle whatever other cues say: the
    publication date of a cited FR issue, a superseded and a new effective date of a delay."""
    if P.DATE_AFTER_FR_CITATION.search(before):
        return "publication"
    if P.DATE_DELAYED_FROM.search(before):
        return "other"
    if P.DATE_DELAYED_TO.search(before):
        return "effective"
    return None


def date_role(text: str, start: int, end: int, *, zh: bool = False) -> str:
    """The role of the date at ``text[start:end]``, from the cues in its clause.

    Args:
        text: the paragraph.
        start: start offset of the date.
        end: end offset of the date.
        zh: the paragraph is Chinese (cues follow the date there).

    Returns:
        One of ``ROLES``.
    """
    before, after = _clause(text, start, end, zh)
    if _IN_FR_PLACEHOLDER.search(before):  # "88 FR [INSERT FR PAGE NUMBER AND 2/27/2023]"
        return "publication"
    if not zh:
        fixed = _fixed_role(before)
        if fixed:
            return fixed
    found = None
    if zh:
        found = _nearest_cue(after[:40], last=False) or _nearest_cue(before, last=True)
        if found is None and not before.strip():  # "2024年12月2日，BIS宣布……": the cue is in the next clause
            found = _nearest_cue(_next_clause(text, end + len(after)), last=False)
    else:
        found = _nearest_cue(before, last=True)
        if found is None and re.search(r"(?i)\bon\s*$", before):
            found = _nearest_cue(after[:100], last=False)
    if found is None:
        return "publication" if not zh and P.DATE_BEFORE_FR_CITATION.match(after) else "other"
    role, cue = found
    if role == "effective" and P.DATE_PERIOD_END.search(before):
        return "other"  # the end of an effective period is not an effective date
    if cue == "截止" and not re.search(r"意见|评论|comment", before + after):
        return "compliance"
    return role


def find_dates(text: str, ctx: DocContext) -> Iterator[Hit]:
    """DATE hits with the ISO date as normalized value and groups role (and basis, relative)."""
    if not P.DATE_CUE.search(text):
        return
    # Chinese role logic (cue after the date) for Chinese text only: an English paragraph with curly
    # quotes or a section sign is still English.
    zh = ctx.lang == "zh" or (not text.isascii() and has_cjk(text))
    pats = (P.DATE_MDY, P.DATE_DMY, P.DATE_NUMERIC, P.DATE_ISO) + ((P.DATE_ZH,) if zh else ())
    for pat in pats:
        for m in pat.finditer(text):
            role = date_role(text, m.start(), m.end(), zh=zh)
            yield Hit("DATE", m.start(), m.end(), parse_date(m.group()), (("role", role),))
    rel = [P.DATE_INSERT, P.DATE_RELATIVE] + ([P.DATE_RELATIVE_ZH] if zh else [])
    for pat in rel:
        for m in pat.finditer(text):
            n = int(m.group("n")) if m.group("n") else 0
            unit = (m.group("unit") or "days").lower()
            role = date_role(text, m.start(), m.end(), zh=zh)
            groups: list[tuple[str, str]] = [("role", role), ("relative", "true")]
            if pat is P.DATE_INSERT:
                groups.append(("placeholder", "true"))
            value = None
            if ctx.publication_date:
                value = add_period(ctx.publication_date, n, unit).isoformat()
                what = f"{n} {unit} after publication" if n else "publication"
                groups.append(("basis", f"{what} on {ctx.publication_date.isoformat()}"))
            yield Hit("DATE", m.start(), m.end(), value, tuple(groups))
