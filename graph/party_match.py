"""Whether two list records name the same party: name keys, features, a score and a decision rule.

Names are reduced with ``rigour`` (Unicode and case folding, punctuation, legal forms such as
``Co., Ltd.``, ``OOO``, ``JSC`` removed: the key ``org_key``); names printed in another script
(Cyrillic, Chinese, Japanese kana) get a transliteration key (``rigour.text.ascii_text``), so
``Концерн Сириус`` meets ``Kontsern Sirius``. Keys are compared with ``rapidfuzz`` (token-sort
ratio); a fuzzy score alone is not enough, because on the real lists it pairs different parties:
``Beijing Institute of Technology`` / ``Beijing University of Technology`` (ratio 89), ``China North
Industries`` / ``China South Industries``, the 13th and 14th research institutes of one group. So
the words of both keys are aligned, and any word left without a near twin (``institute`` against
``university``, ``north`` against ``south``, ``13th`` against ``14th``) stops a fuzzy match.

The decision rule (``decide``):

- countries both known and disjoint: never the same party, whatever the names (no merge on a name
  alone across countries);
- same country: the same when a name key of one equals a name key of the other (``exact``,
  ``legal form stripped``, ``alias``, ``transliteration``), or when the best pair scores at least
  ``FUZZY_MIN`` with every word aligned (``corporation`` and ``company``, ``defence`` and ``defense``
  count as one word); an address in common (token-set ratio >= ``ADDRESS_MIN``) lowers that bar
  to ``FUZZY_WITH_ADDRESS``; Hong Kong and Macau count as China (lists file them either way);
- a country unknown on either side: only an exact key of two words or more, or of one word of
  eight letters or more, or printed twice by one publisher (MOFCOM prints no country; neither
  does the EU for a few Annex IV rows).

One-word aliases of six letters or fewer (``CNOOC``, ``AVIC``, ``BSVT``) are acronyms that a group
and its subsidiaries share: they give no key.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz
from rigour.names import normalize_name, remove_org_types

FUZZY_MIN = 92.0
FUZZY_WITH_ADDRESS = 86.0
ADDRESS_MIN = 80.0
WORD_TWIN = 84.0  # two words are twins (a transliteration or spelling variant) at this ratio
ACRONYM_MAX = 6
_NON_LATIN_RE = re.compile(r"[\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_PAREN_RE = re.compile(r"\s*\([^()]*\)")
_DIGIT_RE = re.compile(r"\d")
# Words that tell nothing apart (left out of the alignment and of blocking).
STOPWORDS = frozenset(
    ["the", "of", "and", "for", "in", "at", "de", "la", "le", "du", "des", "a", "an", "named", "after"]
)
# Words the lists use for one another (a company/corporation of one group, British/US spelling).
SYNONYMS = {"corporation": "company", "corp": "company", "co": "company", "defence": "defense",
            "centre": "center", "organisation": "organization", "limited": "ltd"}  # fmt: skip
# Countries a list may print for the same party: Hong Kong firms appear under "China" on some lists.
COUNTRY_GROUPS = {"HK": "CN", "MO": "CN"}


@lru_cache(maxsize=200_000)
def org_key(name: str) -> str:
    """A name reduced for matching: ``Huawei Technologies Co., Ltd.`` -> ``huawei technologies``."""
    norm = normalize_name(name) or ""
    return " ".join(remove_org_types(norm).split()) or " ".join(norm.split())


# Russian Cyrillic to Latin as the lists romanise it (BGN/PCGN-like: х kh, ц ts, ч ch, ш sh, я ya).
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya i yi ye u"
_CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєў", _LATIN.split(" "), strict=True))
_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


@lru_cache(maxsize=200_000)
def translit_key(name: str) -> str:
    """The key of a name in another script.

    Cyrillic is romanised as the lists print it (``Концерн Сириус`` -> ``kontsern sirius``, the EU's
    ``Kontsern Sirius``); Chinese and Japanese names keep their characters (``成都雷电微力科技股份有限公司``
    on one list meets the same characters on another: a romanisation of kana gives no English name).
    """
    if _CJK_RE.search(name):
        return "".join(ch for ch in unicodedata.normalize("NFKC", name) if ch.isalnum())
    latin = "".join(_CYRILLIC.get(ch, ch).replace("_", "") for ch in name.casefold())
    return org_key(latin)


def is_non_latin(text: str) -> bool:
    return bool(_NON_LATIN_RE.search(text))


@dataclass(frozen=True)
class NameKey:
    key: str
    how: str  # name | alias | name without brackets | transliteration
    printed: str


@dataclass(frozen=True)
class Party:
    """What matching needs of one list record (or one already-resolved entity)."""

    id: str
    list: str
    name: str
    aliases: tuple[str, ...] = ()
    original_names: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    regime: str = ""


@lru_cache(maxsize=100_000)
def name_keys(p: Party) -> tuple[NameKey, ...]:
    """Every key of a party's names, with how it was read."""
    out: dict[str, NameKey] = {}

    def add(key: str, how: str, printed: str) -> None:
        if key and len(key) > 2 and key not in out:
            out[key] = NameKey(key, how, printed)

    for i, n in enumerate((p.name, *p.aliases)):
        if is_non_latin(n):
            add(translit_key(n), "transliteration", n)
            continue
        how = "name" if i == 0 else "alias"
        for form, suffix in ((n, ""), (_PAREN_RE.sub("", n), " without brackets")):
            k = org_key(form)
            if i > 0 and " " not in k and len(k) <= ACRONYM_MAX:
                continue
            add(k, how + suffix, n)
    for n in p.original_names:
        add(translit_key(n), "transliteration", n)
    return tuple(out.values())


def _words(key: str) -> list[str]:
    return [SYNONYMS.get(w, w) for w in key.split() if w not in STOPWORDS]


def country_group(codes: Iterable[str]) -> set[str]:
    """Country codes with Hong Kong and Macau read as China (lists file them either way)."""
    return {COUNTRY_GROUPS.get(c, c) for c in codes}


def unaligned(a: str, b: str) -> list[str]:
    """Words of either key with no near twin in the other (``institute``/``university``, ``13th``)."""
    wa, wb = _words(a), _words(b)
    left: list[str] = []
    for x, y in ((wa, wb), (wb, wa)):
        joined = "".join(y)
        for w in x:
            if w in y:
                continue
            twin = any(not _DIGIT_RE.search(v) and fuzz.ratio(w, v) >= WORD_TWIN for v in y)
            glued = len(w) > 5 and w in joined  # "machinebuilding" / "machine building"
            if _DIGIT_RE.search(w) or not (twin or glued):
                left.append(w)
    # "spacing": AL NASER / ALNASER align once the spaces go
    if left and a.replace(" ", "") == b.replace(" ", ""):
        return []
    return left


@dataclass(frozen=True)
class Comparison:
    """The features of one pair and the decision."""

    left: str
    right: str
    score: float
    match: bool
    rule: str  # why it matched or did not
    reason: str  # exact | legal form stripped | alias | transliteration | token order | fuzzy
    left_name: str
    right_name: str
    country: str  # same | different | unknown
    address_score: float
    unaligned: tuple[str, ...] = ()
    decided: str = "automatic"  # automatic | reviewed

    def features(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "left_name": self.left_name,
            "right_name": self.right_name,
            "country": self.country,
            "address_score": self.address_score,
            "unaligned": list(self.unaligned),
            "rule": self.rule,
        }


def _reason(ka: NameKey, kb: NameKey, pa: Party, pb: Party) -> str:
    if "transliteration" in (ka.how, kb.how):
        return "transliteration"
    if ka.how.startswith("alias") or kb.how.startswith("alias"):
        return "alias"
    if org_key(pa.name) == org_key(pb.name) and normalize_name(pa.name) != normalize_name(pb.name):
        return "legal form stripped"
    if ka.printed.casefold() == kb.printed.casefold():
        return "exact"
    return "legal form stripped"


def best_names(a: Sequence[NameKey], b: Sequence[NameKey]) -> tuple[float, NameKey, NameKey]:
    """The best-scoring pair of keys (token-sort ratio; equal keys score 100)."""
    best: tuple[float, NameKey, NameKey] | None = None
    kb = {k.key: k for k in b}
    for x in a:
        if x.key in kb:
            return 100.0, x, kb[x.key]
    for x in a:
        for y in b:
            # a subset of words scores 100 in token-set ratio: below equal keys, the alignment decides
            s = min(99.0, max(fuzz.token_sort_ratio(x.key, y.key), fuzz.token_set_ratio(x.key, y.key)))
            if best is None or s > best[0]:
                best = (s, x, y)
    assert best is not None
    return best


def address_score(a: Iterable[str], b: Iterable[str]) -> float:
    """The best token-set ratio of two parties' street addresses (0 when either has none)."""
    la = [org_key(x) for x in a if any(ch.isdigit() for ch in x)]
    lb = [org_key(x) for x in b if any(ch.isdigit() for ch in x)]
    return max((fuzz.token_set_ratio(x, y) for x in la for y in lb), default=0.0)


def _decide(
    score: float, country: str, addr: float, left: tuple[str, ...], key: str, same_regime: bool
) -> tuple[bool, str]:
    if country == "different":
        return False, "countries differ"
    if country == "unknown":
        # Only an exact key, and one that is not a bare common word: two words or more, a long
        # single word (UralVagonZavod), or one publisher naming a firm twice (MOFCOM's lists).
        long_key = len(key.split()) >= 2 or len(key) >= 8
        ok = score == 100 and (long_key or same_regime)
        return ok, "exact name, country unknown" if ok else "country unknown"
    if score == 100:
        return True, "same name key, same country"
    if left:
        return False, "words without a twin: " + ", ".join(left)
    bar = FUZZY_WITH_ADDRESS if addr >= ADDRESS_MIN else FUZZY_MIN
    if score >= bar:
        if addr >= ADDRESS_MIN:
            return True, "similar name and address, same country"
        return True, "similar name, same country"
    return False, f"name score below {bar:g}"


def compare(a: Party, b: Party) -> Comparison:
    """Score a pair and decide (see the module docstring for the rule)."""
    ka, kb = name_keys(a), name_keys(b)
    if not ka or not kb:
        return Comparison(a.id, b.id, 0.0, False, "no usable name", "", a.name, b.name, "unknown", 0.0)
    score, x, y = best_names(ka, kb)
    ca, cb = country_group(a.countries), country_group(b.countries)
    country = "unknown" if not ca or not cb else "same" if ca & cb else "different"
    addr = float(round(address_score(a.addresses, b.addresses), 1))
    left = tuple(unaligned(x.key, y.key)) if score < 100 else ()
    if score == 100:
        reason = _reason(x, y, a, b)
    elif not left and sorted(x.key.split()) == sorted(y.key.split()):
        reason = "token order"
    else:
        reason = "fuzzy"
    match, rule = _decide(score, country, addr, left, x.key, a.regime != "" and a.regime == b.regime)
    return Comparison(
        left=a.id,
        right=b.id,
        score=float(round(score, 1)),
        match=match,
        rule=rule,
        reason=reason,
        left_name=x.printed,
        right_name=y.printed,
        country=country,
        address_score=addr,
        unaligned=left,
    )


# --- blocking -------------------------------------------------------------------------------------


def sorted_key(key: str) -> str:
    """A key with its words sorted, so a plain ratio is the token-sort ratio."""
    return " ".join(sorted(key.split()))


def candidate_pairs(
    parties: Sequence[Party],
    *,
    min_score: float = 84.0,
    rows: Iterable[int] | None = None,
    workers: int = 1,
) -> set[tuple[int, int]]:
    """Index pairs ``(i, j)``, i < j, worth comparing.

    Blocking: a pair shares a name key (any country: a shared name across countries is kept, to be
    refused by the rule and shown to a reviewer), or it shares a country and a key of one is within
    ``min_score`` (rapidfuzz ratio of the word-sorted keys, ``process.cdist``) of a key of the other.
    Transliteration keys are keys like any other, so Cyrillic names meet Latin ones.

    Args:
        rows: Only pairs with one of these parties (an incremental run after one list changed).
        workers: Threads for ``cdist`` (-1: every core).
    """
    import numpy as np
    from rapidfuzz import process

    wanted = set(rows) if rows is not None else None
    by_key: dict[str, list[int]] = {}
    blocks: dict[str, dict[str, list[int]]] = {}  # country -> word-sorted key -> parties
    for i, p in enumerate(parties):
        for k in name_keys(p):
            by_key.setdefault(k.key, []).append(i)
            for c in p.countries:
                blocks.setdefault(COUNTRY_GROUPS.get(c, c), {}).setdefault(sorted_key(k.key), []).append(i)
    out: set[tuple[int, int]] = set()

    def add(i: int, j: int) -> None:
        if i != j and (wanted is None or i in wanted or j in wanted):
            out.add((min(i, j), max(i, j)))

    for members in by_key.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                add(i, j)
    for block in blocks.values():
        keys = list(block)
        owners = [block[k] for k in keys]
        pick = [n for n, o in enumerate(owners) if wanted is None or wanted.intersection(o)]
        for start in range(0, len(pick), 2000):
            part = pick[start : start + 2000]
            # the matrix is symmetric: on a full run, compare each chunk with the keys from its start on
            offset = start if wanted is None else 0
            m = process.cdist(
                [keys[n] for n in part],
                keys[offset:],
                scorer=fuzz.ratio,
                score_cutoff=min_score,
                dtype=np.uint8,
                workers=workers,
            )
            for r, c in zip(*np.nonzero(m), strict=True):
                for i in owners[part[int(r)]]:
                    for j in owners[offset + int(c)]:
                        add(i, j)
    return out
