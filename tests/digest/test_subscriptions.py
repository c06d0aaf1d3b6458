"""Subscription files: validation with the line of the fault, and defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportwatch.digest.period import Period, iso_week, last_full_week, resolve_period
from exportwatch.digest.subscriptions import load_subscriptions, parse_subscriptions
from exportwatch.errors import ConfigError, DigestError

GOOD = """\
empty_week: skip
upcoming_days: 21
subscriptions:
  - to: chips@example.org
    name: Chips desk
    eccns: [3a090, 3B]
    countries: China
    document_types: [rule, Proposed Rule]
    empty_week: note
  - to: [all@example.org, also@example.net]
"""


def test_valid_file_expands_recipients_and_defaults() -> None:
    subs = parse_subscriptions(GOOD, "subs.yaml")
    assert [r.address for r in subs.recipients] == [
        "chips@example.org",
        "all@example.org",
        "also@example.net",
    ]
    chips, everyone, _ = subs.recipients
    assert chips.filters.eccns == ("3A090", "3B")
    assert chips.filters.countries == ("China",)
    assert chips.filters.document_types == ("rule", "proposed_rule")
    assert chips.empty_week == "note"
    assert everyone.filters.empty and everyone.empty_week == "skip"
    assert subs.upcoming_days == 21
    # an address not in the file gets everything
    assert subs.for_address("someone@example.org").filters.empty
    assert subs.for_address("CHIPS@example.org") is chips


A = "subscriptions:\n  - to: a@example.org\n"  # a valid start
# fmt: off
BAD = [
    ("unknown-key", A + "    colour: red\n", 3, "unknown key 'colour'"),
    ("bad-address", A + "  - to: not-an-address\n", 3, "not an email address"),
    ("bad-type", A + "    document_types: [memo]\n", 3, "unknown document type 'memo'"),
    ("no-to", A + "  - name: nobody\n", 3, "to: Field required"),
    ("empty-week", "empty_week: sometimes\n", 1, "empty_week"),
    ("duplicate", A + "  - to: A@example.org\n", 3, "already subscribed"),
    ("not-yaml", A + "   - x\n", 3, "not valid YAML"),
    ("scalar", "just a string\n", 1, "expected a mapping"),
    ("days", "upcoming_days: -3\n", 1, "upcoming_days"),
]
# fmt: on


@pytest.mark.parametrize(("text", "line", "needle"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_invalid_file_names_file_and_line(text: str, line: int, needle: str) -> None:
    with pytest.raises(ConfigError) as e:
        parse_subscriptions(text, "subs.yaml")
    assert f"subs.yaml line {line}:" in e.value.message
    assert needle in e.value.message


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_subscriptions(tmp_path / "nope.yaml")


def test_periods() -> None:
    w = iso_week("2023-W09")
    assert (w.start.isoformat(), w.end.isoformat(), w.key) == ("2023-02-27", "2023-03-05", "2023-W09")
    # the same week given as dates is the same period for the ledger
    same = resolve_period(since="2023-02-27", until="2023-03-05")
    assert same.key == "2023-W09"
    assert resolve_period(since="2023-02-27", until="2023-03-01").key == "2023-02-27..2023-03-01"
    # last full ISO week before a Wednesday, and before a Monday
    assert last_full_week(w.end.replace(day=8)) == w  # 2023-03-08 is a Wednesday
    assert last_full_week(iso_week("2023-W10").start) == w
    # 2020 has a week 53, 2021 has not
    assert iso_week("2020-W53").days == 7
    for bad in ("2021-W53", "2023-09", "W09"):
        with pytest.raises(DigestError):
            iso_week(bad)
    with pytest.raises(DigestError, match="after"):
        resolve_period(since="2023-03-05", until="2023-03-01")
    with pytest.raises(DigestError, match="either"):
        resolve_period(week="2023-W09", since="2023-03-01")
    assert isinstance(resolve_period(), Period)
