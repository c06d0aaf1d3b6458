"""The period a digest covers: an ISO week (``2025-W02``) or an explicit date range.

A period is inclusive at both ends. Its ``key`` identifies it in the send ledger, so the same
week asked for as ``--week 2025-W02`` or as ``--since 2025-01-06 --until 2025-01-12`` is the
same period and is not sent twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from exportwatch.errors import DigestError

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True)
class Period:
    """An inclusive date range, labelled as an ISO week when it is exactly one."""

    start: date
    end: date

    @property
    def iso_week(self) -> str | None:
        """``YYYY-Www`` when the period is exactly one ISO week (Monday to Sunday), else None."""
        y, w, d = self.start.isocalendar()
        if d == 1 and self.end - self.start == timedelta(days=6):
            return f"{y}-W{w:02d}"
        return None

    @property
    def key(self) -> str:
        """Stable identifier for the send ledger."""
        return self.iso_week or f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """Human label: ``2023-W09 (27 Feb - 5 Mar 2023)`` or ``1 Jan - 15 Jan 2023``."""
        span = _span(self.start, self.end)
        return f"{self.iso_week} ({span})" if self.iso_week else span

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _span(a: date, b: date) -> str:
    if a == b:
        return f"{a.day} {a:%b %Y}"
    if a.year != b.year:
        return f"{a.day} {a:%b %Y} - {b.day} {b:%b %Y}"
    return f"{a.day} {a:%b} - {b.day} {b:%b %Y}"


def iso_week(spec: str) -> Period:
    """The ISO week named by ``spec`` (``2025-W02``, ``2025W2``).

    Raises:
        DigestError: ``spec`` is not a valid ISO week.
    """
    m = _WEEK.match(spec.strip())
    if not m:
        raise DigestError(f"week {spec!r} is not an ISO week", hint="write it as YYYY-Www, e.g. 2025-W02")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        start = date.fromisocalendar(year, week, 1)
        end = start + timedelta(days=6)
    except ValueError:
        raise DigestError(f"week {spec!r} does not exist: {year} has no ISO week {week}") from None
    except OverflowError:
        raise DigestError(f"week {spec!r} is beyond the last representable date (9999-12-31)") from None
    return Period(start, end)


def last_full_week(today: date) -> Period:
    """The last complete ISO week (Monday to Sunday) that ended before ``today``."""
    this_monday = today - timedelta(days=today.weekday())
    start = this_monday - timedelta(days=7)
    return Period(start, start + timedelta(days=6))


def _days_before(day: date, n: int) -> date:
    try:
        return day - timedelta(days=n)
    except OverflowError:
        return date.min


def _parse_date(value: str, flag: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise DigestError(f"{flag} {value!r} is not a date", hint="write dates as YYYY-MM-DD") from None


def resolve_period(
    *, week: str | None = None, since: str | None = None, until: str | None = None, today: date | None = None
) -> Period:
    """The period from the command-line choices; default the last full ISO week before ``today``.

    ``--since`` alone runs to ``today``; ``--until`` alone covers the seven days ending then.

    Raises:
        DigestError: conflicting options, a malformed date or week, or an empty range.
    """
    today = today or date.today()
    if week and (since or until):
        raise DigestError("give either --week or --since/--until, not both")
    if week:
        return iso_week(week)
    if since or until:
        end = _parse_date(until, "--until") if until else today
        start = _parse_date(since, "--since") if since else _days_before(end, 6)
        if start > end:
            raise DigestError(f"--since {start} is after --until {end}")
        return Period(start, end)
    return last_full_week(today)
