"""Match vocabulary terms (countries, control tools, rule names, regimes) with trie regexes.

A few hundred phrase alternatives in one ``re`` alternation are slow: ``re`` tries them one by
one at every position. The terms of each label are merged into a character trie and written out
as one nested regex, so a scan costs about one pass over the text per label. Word boundaries
are ASCII look-arounds added only where a term starts or ends with a Latin letter or digit, so
Chinese terms match inside Chinese text ("列入实体清单").

Case: country names match as printed and in capitals (Entity List tables print "RUSSIA");
acronyms ("CCL", "GP10") match exactly; other phrases match in any case.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from exportwatch.vocab.countries import COUNTRIES
from exportwatch.vocab.tools import EAR_ONLY_TERMS, TERM_TABLES
from ingest.nlp.country_context import in_agency_name, is_us_state
from ingest.nlp.hits import DocContext, Hit

_SEP = "\x00sep"
_SLASH = "\x00slash"
_APOS = "\x00apos"
_LB = "\x00lb"
_RB = "\x00rb"
_END = "\x00end"
_QUOTE_CLASS = "[\\s\"“”‘’'`]"
_TOKEN_RE: dict[str, str] = {
    # A space or hyphen in a term: spaces, a hyphen (with stray spaces, as in "End- User"), quotes.
    _SEP: f"(?:{_QUOTE_CLASS}*[-‐–]{_QUOTE_CLASS}*|{_QUOTE_CLASS}+)",
    _SLASH: r"\s*/\s*",  # "Advanced Computing/ Supercomputing IFR" (a line break after the slash)
    _APOS: "['’`]",
    _LB: "(?<![A-Za-z0-9])",
    _RB: "(?![A-Za-z0-9])",
}
_KEY_SEP = re.compile(r"[\s\"“”‘’`\-‐–]+")
_KEY_SLASH = re.compile(r"\s*/\s*")


@functools.lru_cache(maxsize=65_536)
def term_key(text: str) -> str:
    """Lookup key of a matched or listed term: lower case, one apostrophe, separators as one space."""
    s = text.replace("’", "'").replace("`", "'").lower()
    s = _KEY_SEP.sub(" ", _KEY_SLASH.sub("/", s)).strip(" '")
    return s


def _is_acronym(term: str) -> bool:
    return len(term) <= 6 and not any(c.islower() for c in term) and any(c.isalpha() for c in term)


def _tokens(term: str) -> list[str]:
    out: list[str] = []
    if term[0].isascii() and term[0].isalnum():
        out.append(_LB)
    for ch in term:
        if ch in " -‐–":
            if out and out[-1] != _SEP:
                out.append(_SEP)
        elif ch in "'’`":
            out.append(_APOS)
        elif ch == "/":
            out.append(_SLASH)
        else:
            out.append(ch)
    if term[-1].isascii() and term[-1].isalnum():
        out.append(_RB)
    out.append(_END)
    return out


_Trie = dict[str, "_Trie"]


def _trie_regex(terms: Iterable[str]) -> str:
    trie: _Trie = {}
    for term in terms:
        node = trie
        for tok in _tokens(term):
            node = node.setdefault(tok, {})

    def emit(node: _Trie) -> str:
        # Longer continuations first; the end of a term (or its right boundary) last.
        alts: list[str] = []
        tail: list[str] = []
        for tok, child in sorted(node.items(), key=lambda kv: kv[0]):
            if tok == _END:
                tail.append("")
                continue
            piece = _TOKEN_RE.get(tok, re.escape(tok)) + emit(child)
            (tail if tok == _RB else alts).append(piece)
        alts += tail
        if len(alts) == 1:
            return alts[0]
        return "(?:" + "|".join(alts) + ")"

    return emit(trie)


@dataclass(frozen=True)
class TermEntry:
    """One listed term: the label and canonical id it stands for."""

    label: str
    ident: str


class TermMatcher:
    """Finds COUNTRY, CONTROL_TOOL, RULE_NAME and REGIME mentions from term tables.

    Args:
        tables: label -> (canonical id -> terms), as in ``vocabulary.TERM_TABLES``.
        countries: include the country table (COUNTRY mentions normalized to ISO codes).
    """

    def __init__(
        self, tables: Mapping[str, Mapping[str, Iterable[str]]] = TERM_TABLES, countries: bool = True
    ):
        self.lookup: dict[str, list[TermEntry]] = {}
        self.regexes: list[tuple[str, re.Pattern[str]]] = []  # (label, compiled trie)
        self.raw_patterns: list[tuple[TermEntry, re.Pattern[str]]] = []  # "re:" terms
        per_label: dict[str, tuple[set[str], set[str]]] = {}
        for label, table in tables.items():
            for ident, terms in table.items():
                for term in terms:
                    self._add(label, ident, term, per_label, exact=_is_acronym(term))
        if countries:
            for c in COUNTRIES:
                for form in c.english:
                    self._add("COUNTRY", c.code, form, per_label, exact=True)
                    self._add("COUNTRY", c.code, form.upper(), per_label, exact=True)
                for form in c.zh:
                    self._add("COUNTRY", c.code, form, per_label, exact=True)
        for label, (exact, loose) in per_label.items():
            if exact:
                self.regexes.append((label, re.compile(_trie_regex(sorted(exact)))))
            if loose:
                self.regexes.append((label, re.compile(_trie_regex(sorted(loose)), re.IGNORECASE)))

    def _add(
        self, label: str, ident: str, term: str, per_label: dict[str, tuple[set[str], set[str]]], exact: bool
    ) -> None:
        if term.startswith("re:"):
            self.raw_patterns.append((TermEntry(label, ident), re.compile(term[3:])))
            return
        exact_set, loose_set = per_label.setdefault(label, (set(), set()))
        (exact_set if exact else loose_set).add(term if exact else term.lower())
        entries = self.lookup.setdefault(term_key(term), [])
        if TermEntry(label, ident) not in entries:
            entries.append(TermEntry(label, ident))

    @property
    def patterns(self) -> list[re.Pattern[str]]:
        """Every compiled pattern (for the benchmark's bare ``re`` pass)."""
        return [p for _, p in self.regexes] + [p for _, p in self.raw_patterns]

    def find(self, text: str, ctx: DocContext | None = None) -> Iterator[Hit]:
        """Term hits in ``text``. Dropped: a COUNTRY inside a REGIME name ("Australia Group"), one
        that names a US state ("Atlanta, Georgia") or sits in an agency's name ("Health Canada"),
        and outside EAR documents (``ctx.ear`` false) the generic ``EAR_ONLY_TERMS``."""
        hits: list[Hit] = []
        lookup = self.lookup
        ear = ctx is None or ctx.ear
        for label, pat in self.regexes:
            for m in pat.finditer(text):
                key = term_key(m.group())
                if not ear and key in EAR_ONLY_TERMS:
                    continue
                for entry in lookup.get(key, ()):
                    if entry.label == label:
                        hits.append(Hit(label, m.start(), m.end(), entry.ident))
        for entry, pat in self.raw_patterns:
            for m in pat.finditer(text):
                hits.append(Hit(entry.label, m.start(), m.end(), entry.ident))
        regimes = [(h.start, h.end) for h in hits if h.label == "REGIME"]
        dropped_end: int | None = None
        for h in sorted(hits, key=lambda h: (h.start, h.end)):
            if h.label == "COUNTRY":
                if any(s <= h.start and h.end <= e for s, e in regimes):
                    continue
                if is_us_state(text, h.start, h.end, h.normalized or "") or in_agency_name(
                    text, h.start, dropped_end
                ):
                    dropped_end = h.end
                    continue
            yield h
