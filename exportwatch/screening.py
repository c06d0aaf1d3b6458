"""Screen names against every restricted-party list in the graph, US, allied and MOFCOM's.

``ScreenIndex`` holds every list record's name keys (``graph.party_match``: legal forms stripped,
Cyrillic transliterated, Chinese and Japanese kept as printed) with the party each record belongs to.
A query's keys are scored against all of them with ``rapidfuzz`` (token-set ratio: a query that is
part of a listed name still scores), best per party and list first. Each hit says why it matched:
``exact``, ``legal form stripped``, ``alias``, ``transliteration``, ``token order`` or ``fuzzy``
(with the words that differ). ``--country`` drops hits whose list prints another country (Hong Kong
and Macau count as China); a record without a country is kept.

Batches (``screen_many``) score a chunk of queries against the index at once with
``rapidfuzz.process.cdist`` and read the names in chunks, so a 100,000-row file runs in bounded memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from graph.party_match import NameKey, Party, country_group, name_keys, unaligned
from graph.store import GraphStore

DEFAULT_THRESHOLD = 88.0
CHUNK = 500


@dataclass(frozen=True)
class Hit:
    """One list record that matches a screened name."""

    name: str
    list: str
    regime: str
    listed_name: str
    country: str | None
    score: float
    reason: str
    entity_id: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class _Record:
    list: str
    regime: str
    listed_name: str
    country: str | None
    countries: frozenset[str]
    entity_id: str


class ScreenIndex:
    """Every list record's name keys, for screening."""

    def __init__(self, records: Sequence[tuple[_Record, Party]]) -> None:
        self.records = [r for r, _ in records]
        self.keys: list[str] = []
        self.key_info: list[NameKey] = []
        self.owner: list[int] = []
        self.words: dict[str, list[int]] = {}  # word -> keys holding it
        for i, (_, party) in enumerate(records):
            for k in name_keys(party):
                for w in set(k.key.split()):
                    self.words.setdefault(w, []).append(len(self.keys))
                self.keys.append(k.key)
                self.key_info.append(k)
                self.owner.append(i)
        self.sorted_keys = [" ".join(sorted(k.split())) for k in self.keys]

    def _scores(
        self, qkeys: Sequence[str], threshold: float, workers: int = 1
    ) -> list[list[tuple[int, float]]]:
        """``(key index, score)`` per query key: keys within ``threshold`` by ratio of the word-sorted
        keys (spelling and order), and, through the query's rarest word, keys that contain the query's
        words (token-set ratio: "Milandr" finds "JSC ICC Milandr")."""
        out: list[list[tuple[int, float]]] = [[] for _ in qkeys]
        if not qkeys or not self.keys:
            return out
        m = process.cdist(
            [" ".join(sorted(q.split())) for q in qkeys],
            self.sorted_keys,
            scorer=fuzz.ratio,
            score_cutoff=threshold,
            dtype=np.uint8,
            workers=workers,
        )
        for r, c in zip(*np.nonzero(m), strict=True):
            out[int(r)].append((int(c), float(m[r, c])))
        for n, q in enumerate(qkeys):
            known = [w for w in set(q.split()) if w in self.words]
            if not known:
                continue
            rare = min(known, key=lambda w: len(self.words[w]))
            pool = self.words[rare]
            found = process.extract(
                q,
                [self.keys[i] for i in pool],
                scorer=fuzz.token_set_ratio,
                score_cutoff=threshold,
                limit=None,
            )
            out[n].extend((pool[int(j)], float(s)) for _, s, j in found)
        return out

    @classmethod
    def from_store(cls, store: GraphStore) -> ScreenIndex:
        """The index of every ``ListRecord`` in the graph (built by ``exportwatch build``)."""
        rows = store.run(
            "MATCH (r:ListRecord)-[:RECORD_OF]->(e:Entity) "
            "RETURN r.id AS id, r.list AS list, coalesce(r.regime, 'US') AS regime, r.listed_name AS name, "
            "r.aliases AS aliases, r.original_names AS originals, r.country AS country, "
            "r.countries AS countries, e.id AS entity ORDER BY id"
        )
        out: list[tuple[_Record, Party]] = []
        for r in rows:
            countries = tuple(r["countries"] or ())
            rec = _Record(
                str(r["list"]),
                str(r["regime"]),
                str(r["name"]),
                r["country"],
                frozenset(country_group(countries)),
                str(r["entity"]),
            )
            party = Party(
                id=str(r["id"]),
                list=rec.list,
                name=rec.listed_name,
                aliases=tuple(r["aliases"] or ()),
                original_names=tuple(r["originals"] or ()),
                countries=countries,
            )
            out.append((rec, party))
        return cls(out)

    @classmethod
    def from_parties(
        cls, parties: Sequence[Party], entity_of: dict[str, str], regimes: dict[str, str]
    ) -> ScreenIndex:
        """An index of parties resolved in memory (``entity_of``: party id -> entity id; ``regimes``: list ->
        regime), for benchmarks and tools that work without a graph."""
        out = []
        for p in parties:
            rec = _Record(
                p.list,
                regimes.get(p.list, "US"),
                p.name,
                p.countries[0] if p.countries else None,
                frozenset(country_group(p.countries)),
                entity_of.get(p.id, p.id),
            )
            out.append((rec, p))
        return cls(out)

    def __len__(self) -> int:
        return len(self.records)

    def _hits(
        self,
        query: str,
        qkeys: Sequence[NameKey],
        scores: Iterable[tuple[int, float]],
        *,
        country: str | None,
        lists: set[str] | None,
        limit: int,
    ) -> list[Hit]:
        want = country_group([country.upper()]) if country else None
        best: dict[tuple[str, str], Hit] = {}
        for key_index, score in scores:
            rec = self.records[self.owner[key_index]]
            if lists and rec.list not in lists and rec.regime not in lists:
                continue
            if want and rec.countries and not (rec.countries & want):
                continue
            hit_key = self.key_info[key_index]
            qk = max(qkeys, key=lambda k: fuzz.token_set_ratio(k.key, hit_key.key))
            if qk.key == hit_key.key:
                score = 100.0
                reason = (
                    "transliteration"
                    if "transliteration" in (qk.how, hit_key.how)
                    else "alias"
                    if hit_key.how.startswith("alias")
                    else "exact"
                    if qk.printed.casefold() == hit_key.printed.casefold()
                    else "legal form stripped"
                )
            else:
                score = min(float(score), 99.0)
                differ = unaligned(qk.key, hit_key.key)
                if sorted(qk.key.split()) == sorted(hit_key.key.split()):
                    reason = "token order"
                else:
                    reason = "fuzzy" + (f" (differs: {', '.join(differ[:4])})" if differ else "")
                if hit_key.how.startswith("alias"):
                    reason += ", alias"
                if "transliteration" in (qk.how, hit_key.how):
                    reason += ", transliteration"
            hit = Hit(
                query,
                rec.list,
                rec.regime,
                rec.listed_name,
                rec.country,
                round(score, 1),
                reason,
                rec.entity_id,
            )
            slot = (rec.entity_id, rec.list)
            if slot not in best or hit.score > best[slot].score:
                best[slot] = hit
        ranked = sorted(best.values(), key=lambda h: (-h.score, h.entity_id, h.list))
        return ranked[:limit]

    def screen(
        self,
        name: str,
        *,
        country: str | None = None,
        lists: Iterable[str] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 20,
    ) -> list[Hit]:
        """Ranked hits for one name (empty for a name with nothing to match on)."""
        qkeys = name_keys(Party(id="query", list="query", name=name.strip()))
        if not qkeys or not self.keys:
            return []
        scores = [x for per_key in self._scores([k.key for k in qkeys], threshold) for x in per_key]
        return self._hits(
            name, qkeys, scores, country=country, lists=set(lists) if lists else None, limit=limit
        )

    def screen_many(
        self,
        names: Iterable[tuple[str, str | None]],
        *,
        lists: Iterable[str] | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        limit: int = 5,
        chunk: int = CHUNK,
        workers: int = 1,
    ) -> Iterator[tuple[str, str | None, list[Hit]]]:
        """``(name, country, hits)`` per input, in input order, scored a chunk at a time."""
        wanted = set(lists) if lists else None
        batch: list[tuple[str, str | None]] = []
        for item in names:
            batch.append(item)
            if len(batch) >= chunk:
                yield from self._batch(batch, wanted, threshold, limit, workers)
                batch = []
        if batch:
            yield from self._batch(batch, wanted, threshold, limit, workers)

    def _batch(
        self,
        batch: list[tuple[str, str | None]],
        wanted: set[str] | None,
        threshold: float,
        limit: int,
        workers: int,
    ) -> Iterator[tuple[str, str | None, list[Hit]]]:
        qkeys = [
            name_keys(Party(id="query", list="query", name=n.strip())) if n.strip() else () for n, _ in batch
        ]
        flat = [(i, k) for i, ks in enumerate(qkeys) for k in ks]
        hits: dict[int, list[tuple[int, float]]] = {}
        per_key = self._scores([k.key for _, k in flat], threshold, workers)
        for (i, _), found in zip(flat, per_key, strict=True):
            hits.setdefault(i, []).extend(found)
        for i, (name, country) in enumerate(batch):
            result: list[Hit] = []
            if qkeys[i]:
                result = self._hits(
                    name, qkeys[i], hits.get(i, []), country=country, lists=wanted, limit=limit
                )
            yield name, country, result
