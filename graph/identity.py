"""One entity per real-world party across lists: name keys, blocking by country, match decisions.

A list entry's names (its name, its aliases, the name without a trailing parenthesis such as
``(SMIC)``) are reduced to keys with ``rigour`` (Unicode and case folding, punctuation, legal forms
such as ``Co., Ltd.``, ``OOO``, ``JSC`` removed). Entries are compared only within a country block
(an entry sits in the block of every country it has an address in; entries without a country in
their own block), so two parties are never merged on a name alone across countries. Within a
block two entries are the same party when

- a key of one equals a key of the other (``exact``, score 100), or
- their main keys are equal once spaces are dropped (``AL NASER`` / ``ALNASER``: ``spacing``) or once
  their words are sorted (``JI WAI SUN`` / ``WAI SUN JI``: ``token order``), scored with ``rapidfuzz``.

A looser fuzzy score is not enough: on the real lists a token-sort ratio of 95 pairs ``China North
Industries`` with ``China South Industries`` and ``Wuxi Naura`` with ``Xi'an Naura`` (different
parties), so near-misses are left apart (a missing merge is better than a wrong one).

Every decision is kept (``MatchDecision``: both records, method, score), so a reviewer can check it;
the allied-lists work adds more lists, features (address, transliteration keys) and reviewed
judgements to the same ``resolve`` call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rigour.names import normalize_name, remove_org_types

ACRONYM_MAX = 6
_PAREN_TAIL_RE = re.compile(r"\s*\([^()]*\)\s*$")
_DIGITS_RE = re.compile(r"\d+")


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """A name reduced for matching: ``Huawei Technologies Co., Ltd.`` -> ``huawei technologies``."""
    norm = normalize_name(name) or ""
    return " ".join(remove_org_types(norm).split()) or " ".join(norm.split())


def name_keys(name: str, aliases: Iterable[str] = ()) -> tuple[str, ...]:
    """Every key of a party's names: each name, and each without a trailing parenthesis.

    An alias that is one short word (``CNOOC``, ``AVIC``) is an acronym that a parent and its
    subsidiaries share (``CNOOC`` names the China National Offshore Oil Corporation on the 1260H list
    and is the name of its subsidiary CNOOC Limited on the Entity List): it gives no key.
    """
    keys: list[str] = []
    for i, n in enumerate((name, *aliases)):
        for form in (n, _PAREN_TAIL_RE.sub("", n)):
            k = org_key(form)
            if i > 0 and " " not in k and len(k) <= ACRONYM_MAX:
                continue
            if k and len(k) > 2 and k not in keys:
                keys.append(k)
    return tuple(keys)


@dataclass(frozen=True)
class Candidate:
    """What the resolver needs of one list record."""

    id: str
    name: str
    aliases: tuple[str, ...]
    countries: tuple[str, ...]


@dataclass(frozen=True)
class MatchDecision:
    """Why two records were put in one cluster."""

    left: str
    right: str
    method: str  # exact | fuzzy
    score: float
    block: str  # the country both were compared in


class _Union:
    def __init__(self, ids: Iterable[str]) -> None:
        self.parent = {i: i for i in ids}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


def resolve(candidates: Sequence[Candidate]) -> tuple[dict[str, str], list[MatchDecision]]:
    """Cluster the candidates: ``{record id: cluster root id}`` and the decisions that merged them."""
    uf = _Union(c.id for c in candidates)
    decisions: list[MatchDecision] = []
    blocks: dict[str, list[Candidate]] = {}
    names = {c.id: c.name for c in candidates}
    for c in candidates:
        for country in c.countries or ("XX",):
            blocks.setdefault(country, []).append(c)
    for block, members in sorted(blocks.items()):
        by_key: dict[str, str] = {}
        for c in members:
            for k in name_keys(c.name, c.aliases):
                other = by_key.setdefault(k, c.id)
                if other != c.id and uf.union(other, c.id):
                    decisions.append(MatchDecision(other, c.id, "exact", 100.0, block))
        by_form: dict[tuple[str, str], str] = {}
        for c in members:
            main = org_key(c.name)
            for method, form in (
                ("spacing", main.replace(" ", "")),
                ("token order", " ".join(sorted(main.split()))),
            ):
                other = by_form.setdefault((method, form), c.id)
                if other != c.id and uf.union(other, c.id):
                    score = fuzz.ratio(main, org_key(names[other]))
                    decisions.append(MatchDecision(other, c.id, method, float(score), block))
    return {c.id: uf.find(c.id) for c in candidates}, decisions
