"""One identity across every list: cluster list records into parties, keeping every decision.

``resolve`` takes the parties already resolved by the US lists' identity layer (``fixed``: each is
its own entity, and two of them are never merged here: that layer decided they are different) and
the allied and counter-list records, generates candidate pairs (``party_match.candidate_pairs``),
scores and decides each pair (``party_match.compare``), applies the reviewed judgements (a
rejected pair is never merged, even through a third record; an accepted pair is merged), and
merges the matches, best score first. A cluster with a US party takes its entity id; any other
gets ``P:<name key>:<country>`` from its first record (lists in ``LIST_ORDER``).

Every scored pair is returned (``Resolution.decisions``: score, features, match, automatic or
reviewed), so the build can keep them and ``exportwatch match review`` can show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from graph.citations import name_key
from graph.party_match import Comparison, Party, candidate_pairs, compare

# Which record names a new (non-US) entity: the EU's annex first, then Japan's lists, then China's.
LIST_ORDER = (
    "eu_reg_833_annex_iv",
    "jp_meti_end_user_list",
    "jp_fefta_export_ban_russia",
    "jp_fefta_export_ban_belarus",
    "jp_fefta_export_ban_third_country",
    "cn_mofcom_control_list",
    "cn_mofcom_unreliable_entity_list",
    "cn_mofcom_watch_list",
)


def pair_key(a: str, b: str) -> tuple[str, str]:
    """A pair of record ids in a stable order."""
    return (a, b) if a <= b else (b, a)


@dataclass
class Resolution:
    """Who is who: the entity of every party, and every decision that led there."""

    entity_of: dict[str, str] = field(default_factory=dict)
    decisions: list[Comparison] = field(default_factory=list)
    matched_with: dict[str, Comparison] = field(
        default_factory=dict
    )  # party id -> the decision that joined it

    def matches(self) -> list[Comparison]:
        return [d for d in self.decisions if d.match]


class _Clusters:
    def __init__(self, ids: Iterable[str], fixed: set[str]) -> None:
        self.parent = {i: i for i in ids}
        self.members: dict[str, set[str]] = {i: {i} for i in self.parent}
        self.fixed = {i: (i in fixed) for i in self.parent}

    def find(self, x: str) -> str:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str, cannot: Mapping[str, set[str]]) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if self.fixed[ra] and self.fixed[rb]:
            return False  # two US parties: the US identity layer keeps them apart
        ma, mb = self.members[ra], self.members[rb]
        if any(cannot.get(x, set()) & mb for x in ma):
            return False  # a reviewer rejected a pair across the two clusters
        root, other = (ra, rb) if self.fixed[ra] or (not self.fixed[rb] and ra < rb) else (rb, ra)
        self.parent[other] = root
        self.members[root] = ma | mb
        self.fixed[root] = self.fixed[ra] or self.fixed[rb]
        del self.members[other]
        return True


def _rank(p: Party) -> tuple[int, str]:
    return (LIST_ORDER.index(p.list) if p.list in LIST_ORDER else len(LIST_ORDER), p.id)


def resolve(
    parties: Sequence[Party],
    *,
    fixed: Iterable[str] = (),
    judgements: Mapping[tuple[str, str], bool] | None = None,
    previous: Mapping[tuple[str, str], Comparison] | None = None,
    changed: Iterable[str] | None = None,
    workers: int = 1,
) -> Resolution:
    """Cluster ``parties`` (see the module docstring).

    Args:
        fixed: Ids of parties that are entities already (the US lists' parties).
        judgements: Reviewed pairs, ``pair_key`` -> accepted (True) or rejected (False).
        previous: Decisions of an earlier run, by ``pair_key``: a pair whose two records are
            unchanged (same ids and contents) is not scored again (an incremental build).
        changed: With ``previous``, the ids of the records that are new or changed: candidates are
            generated for them only, the other pairs are the previous run's.
        workers: Threads for candidate generation.
    """
    judged = dict(judgements or {})
    fixed_ids = set(fixed)
    index = {p.id: p for p in parties}
    position = {p.id: n for n, p in enumerate(parties)}
    if previous is not None and changed is not None:
        fresh = set(changed)
        pairs = candidate_pairs(parties, rows=[position[c] for c in fresh if c in position], workers=workers)
        for x, y in previous:
            if x in position and y in position and x not in fresh and y not in fresh:
                pairs.add((min(position[x], position[y]), max(position[x], position[y])))
    else:
        pairs = candidate_pairs(parties, workers=workers)
    for x, y in judged:
        if x in position and y in position:
            pairs.add((min(position[x], position[y]), max(position[x], position[y])))
    decisions: list[Comparison] = []
    for i, j in sorted(pairs):
        pa, pb = parties[i], parties[j]
        if pa.id in fixed_ids and pb.id in fixed_ids:
            continue
        key = pair_key(pa.id, pb.id)
        c = previous.get(key) if previous and not (changed and {pa.id, pb.id} & set(changed)) else None
        if c is None:
            c = compare(pa, pb) if pa.id <= pb.id else compare(pb, pa)
        if key in judged:
            c = replace(c, match=judged[key], decided="reviewed")
        decisions.append(c)
    cannot: dict[str, set[str]] = {}
    for (a, b), ok in judged.items():
        if not ok:
            cannot.setdefault(a, set()).add(b)
            cannot.setdefault(b, set()).add(a)
    clusters = _Clusters(index, fixed_ids)
    out = Resolution(decisions=decisions)
    for c in sorted(
        (d for d in decisions if d.match), key=lambda d: (d.decided != "reviewed", -d.score, d.left)
    ):
        if clusters.union(c.left, c.right, cannot):
            for pid in (c.left, c.right):
                out.matched_with.setdefault(pid, c)
    taken: set[str] = set()
    roots: dict[str, str] = {}
    for root, members in sorted(clusters.members.items()):
        us = [m for m in members if m in fixed_ids]
        if us:
            eid = us[0]
        else:
            seed = min((index[m] for m in members), key=_rank)
            base = f"P:{name_key(seed.name)}:{(seed.countries[0] if seed.countries else 'XX').upper()}"
            eid, n = base, 2
            while eid in taken or eid in fixed_ids:
                eid, n = f"{base}#{n}", n + 1
        taken.add(eid)
        roots[root] = eid
    for pid in index:
        out.entity_of[pid] = roots[clusters.find(pid)]
    return out
