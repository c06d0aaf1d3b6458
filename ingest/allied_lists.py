"""Allied and counter restricted-party lists as dated snapshots: the records every list parser returns.

The shapes follow the US lists' records (``ListEntry``/``ListSnapshot`` of the US-lists work: list,
name, aliases, country, countries, address, start date, problems; a snapshot with its date, title,
URL, entries, sha256 and file name) and add what allied lists print that the US ones do not:

- the regime (``JP``, ``EU``, ``CN``) and whether the list is a counter-measure (China's lists,
  aimed at Western firms: context for US moves, never an ally's list);
- the names in their original script (Japanese, Russian Cyrillic, Chinese) beside the Latin
  names, and the legal basis with the curated ``Measure``/``Tool`` it belongs to.

A file whose layout is not the one the parser knows (a column or field missing or renamed) raises
``ParseError`` naming the file and the column, and nothing of it is used (``require_columns``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from exportwatch.errors import ParseError
from exportwatch.vocab.countries import country_code

# Scripts other than Latin, for telling an original-script name from its transliteration.
_NON_LATIN_RE = re.compile(r"[\u0400-\u04ff\u3000-\u30ff\uff00-\uffef\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class ListBasis:
    """What a list is, legally: its regime and the curated measure and tool it belongs to."""

    list: str  # e.g. jp_meti_end_user_list
    regime: str  # JP, EU, CN
    title: str
    legal_basis: str
    url: str
    measure: str | None = None  # curated Measure id, when the curated set has one
    tool: str | None = None  # curated Tool id (entity_list, ...)
    counter_measure: bool = False


@dataclass(frozen=True)
class AlliedEntry:
    """One list's own record of a party, as printed."""

    list: str
    name: str  # the Latin name as printed (English or transliteration)
    aliases: tuple[str, ...] = ()
    original_names: tuple[str, ...] = ()  # names in the original script (Japanese, Cyrillic, Chinese)
    country: str | None = None  # ISO-2 of the (first) address country
    countries: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    start_date: str | None = None  # ISO date the party was listed, where the list prints it
    entry_id: str | None = None  # the list's own number or id
    identifiers: tuple[str, ...] = ()  # registration numbers as printed (INN, OGRN...)
    notes: str | None = None
    problems: tuple[str, ...] = ()

    @property
    def address(self) -> str | None:
        """Every address in one string (the US records' single ``address``)."""
        return "; ".join(self.addresses) or None


@dataclass(frozen=True)
class AlliedSnapshot:
    """A list at one date from one publisher's file."""

    basis: ListBasis
    source: str  # the exportwatch source that read it (the folder name under ingest/sources)
    snapshot: str  # ISO date of the list's own last update, else of its retrieval
    entries: tuple[AlliedEntry, ...]
    content_hash: str
    name: str  # the file or URL it was read from
    problems: tuple[str, ...] = field(default=())

    @property
    def list(self) -> str:
        return self.basis.list

    @property
    def regime(self) -> str:
        return self.basis.regime

    @property
    def title(self) -> str:
        return f"{self.basis.title} as of {self.snapshot}"

    @property
    def url(self) -> str:
        return self.basis.url

    @property
    def id(self) -> str:
        """The dataset Document id: ``dataset:jp_meti_end_user_list@2025-09-29/jp_meti_end_user_list``."""
        return f"dataset:{self.list}@{self.snapshot}/{self.source}"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def clean(value: object) -> str | None:
    """Whitespace collapsed; None for empty."""
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def is_original_script(text: str) -> bool:
    """Whether a name is written (partly) in a non-Latin script."""
    return bool(_NON_LATIN_RE.search(text))


def require_columns(
    name: str, present: Iterable[str], needed: Sequence[str], *, what: str = "column"
) -> None:
    """Refuse a file whose layout lacks a column (or field) the parser reads.

    Raises:
        ParseError: Naming the file and the first missing column; nothing of the file is used.
    """
    have = set(present)
    missing = [c for c in needed if c not in have]
    if missing:
        raise ParseError(
            f"list file {name}: {what} {missing[0]!r} is missing"
            + (f" (and {', '.join(repr(m) for m in missing[1:])})" if len(missing) > 1 else "")
            + "; the layout changed and nothing was read from it",
            hint="compare the file with the parser's expected layout in its source.yml",
        )


_COUNTRY_TAIL_RE = re.compile(r"[,;]\s*|\s+(?=\d)")


def address_country(address: str) -> str | None:
    """ISO code of the country an address ends with (``..., Moscow 125315, Russia.`` -> ``RU``)."""
    text = address.strip().rstrip(".;, ")
    low = text.casefold()
    if "hong kong" in low:  # "..., Hong Kong, China": the lists mean Hong Kong
        return "HK"
    if "macau" in low or "macao" in low:
        return "MO"
    parts = [p.strip(" .") for p in re.split(r",", text) if p.strip(" .")]
    for part in reversed(parts[-3:]):
        code = country_code(part)
        if code:
            return code
        # "Moscow 127055RU" / "Minsk 220108 Belarus": the last words
        words = re.sub(r"[\d\-]+", " ", part).split()
        for n in (3, 2, 1):
            if len(words) >= n:
                code = country_code(" ".join(words[-n:]))
                if code:
                    return code
    return None


def dedupe(entries: Iterable[AlliedEntry]) -> tuple[list[AlliedEntry], list[str]]:
    """Rows printed twice (same name, country and addresses) become one; the repeat is reported.

    Two rows of the same name at different addresses stay apart: lists print one party at each of
    its offices (Japan's third-country list prints I JET GLOBAL DMCC in Syria and in the UAE).
    """
    out: dict[tuple[str, str | None, tuple[str, ...]], AlliedEntry] = {}
    problems: list[str] = []
    for e in entries:
        key = (e.name.casefold(), e.country, tuple(a.casefold() for a in e.addresses))
        prev = out.get(key)
        if prev is None:
            out[key] = e
            continue
        msg = f"{e.list}: duplicate row {e.name!r} ({e.country or 'no country'}) merged"
        problems.append(msg)
        out[key] = replace(
            prev,
            aliases=tuple(dict.fromkeys([*prev.aliases, *e.aliases])),
            original_names=tuple(dict.fromkeys([*prev.original_names, *e.original_names])),
            problems=(*prev.problems, msg),
        )
    return list(out.values()), problems


def check_count(name: str, n: int, bounds: tuple[int, int | None]) -> None:
    """Refuse a file with fewer (or more) entries than the list is known to hold.

    Raises:
        ParseError: ``n`` outside ``bounds`` (a truncated file or a changed layout read as little).
    """
    lo, hi = bounds
    if n < lo or (hi is not None and n > hi):
        raise ParseError(
            f"list file {name}: {n} entries, expected between {lo} and {hi if hi is not None else 'any'}; "
            "the file is incomplete or its layout changed, and nothing was read from it"
        )
