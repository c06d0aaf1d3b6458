"""Identity resolution across every list and screening, each beside a plain ``rapidfuzz.process.extract``.

Run from the repository root:
``.venv/bin/python benchmarks/bench_lists.py [--csl PATH] [--batch N] [--plain-sample N]``.

Parties: the US Entity List of the bundled screening-list derivative (3,420 rows, `snapshot/lists`)
and every bundled allied and MOFCOM list (about 2,900 records); with ``--csl`` the whole trade.gov
Consolidated Screening List compact file of the shared data (25,921 entries, every US list) joins as
US parties (about 29,000 records in all). Measured, wall clock, single process:

1. resolution cold (candidates, scores, clusters), against extracting the 5 best names for every
   allied record from all names with ``process.extract`` (no decision at all);
2. resolution incremental after one list changed (the EU annex with one row renamed): candidates
   for that list's records only, the other decisions reused;
3. ``screen`` of one name, warm index (median of 50 names), against ``process.extract`` of the name
   over every key;
4. ``screen_many`` of N real names (default 10,000, drawn from the lists, case-folded), against
   ``process.extract`` per name.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import time
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

from exportwatch.app import ALLIED_DIR, SNAPSHOT_DIR
from exportwatch.screening import ScreenIndex
from graph.party_match import Party, name_keys
from graph.party_resolve import pair_key, resolve
from ingest.list_sources import read_list_dirs
from ingest.parse_lists import read_list_file


def us_parties(csl: Path | None) -> list[Party]:
    snaps = read_list_file(SNAPSHOT_DIR / "lists" / "trade_gov_csl_bis_2026-07-31.json.gz")
    entity_list = next(s for s in snaps if s.list == "entity_list")
    out = [
        Party(f"EL:{i}", "us", e.name, e.aliases, countries=e.countries)
        for i, e in enumerate(entity_list.entries)
    ]
    if csl is not None:
        data = csl.read_bytes()
        compact = json.loads(gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data)
        out += [
            Party(f"CSL:{i}", "us_csl", e["n"], tuple(e.get("a") or ()), countries=tuple(e.get("c") or ()))
            for i, e in enumerate(compact["entries"])
            if e.get("n")
        ]
    return out


def allied_parties() -> tuple[list[Party], dict[str, str]]:
    snaps, errors = read_list_dirs([ALLIED_DIR])
    assert not errors, errors
    out = [
        Party(
            f"{s.list}#{i}", s.list, e.name, e.aliases, e.original_names, e.countries, e.addresses, s.regime
        )
        for s in snaps
        for i, e in enumerate(s.entries)
    ]
    return out, {s.list: s.regime for s in snaps}


def timed(fn: object) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn()  # type: ignore[operator]
    return time.perf_counter() - t0, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--csl", type=Path, default=None, help="trade_gov_csl_compact_2026-07-31.json of the shared data"
    )
    ap.add_argument("--batch", type=int, default=10_000)
    ap.add_argument(
        "--plain-sample",
        type=int,
        default=10_000,
        help="score at most this many of the batch's names with plain process.extract and scale the time "
        "to the whole batch (plain scoring of 100,000 names over the whole CSL takes hours)",
    )
    args = ap.parse_args()
    us = us_parties(args.csl)
    allied, regimes = allied_parties()
    parties = [*us, *allied]
    print(f"parties: {len(us)} US, {len(allied)} allied and MOFCOM, {len(parties)} in all")

    cold, res = timed(lambda: resolve(parties, fixed=[p.id for p in us]))
    names = [n for p in parties for n in (p.name, *p.aliases)]
    base, _ = timed(
        lambda: [process.extract(p.name, names, scorer=fuzz.token_sort_ratio, limit=5) for p in allied]
    )
    print(
        f"resolution cold: {cold:.2f} s ({len(res.decisions)} decisions, {len(res.matches())} matches); "  # type: ignore[attr-defined]
        f"plain process.extract of 5 names per allied record: {base:.2f} s; ratio {cold / base:.2f}"
    )

    previous = {pair_key(d.left, d.right): d for d in res.decisions}  # type: ignore[attr-defined]
    eu = [p for p in allied if p.list == "eu_reg_833_annex_iv"]
    changed = replace(eu[0], name=eu[0].name + " Holding")
    later = [changed if p.id == changed.id else p for p in parties]
    eu_ids = [p.id for p in eu]
    inc, _ = timed(lambda: resolve(later, fixed=[p.id for p in us], previous=previous, changed=eu_ids))
    base_eu, _ = timed(
        lambda: [process.extract(p.name, names, scorer=fuzz.token_sort_ratio, limit=5) for p in eu]
    )
    print(
        f"resolution after the EU annex changed: {inc:.2f} s (cold {cold:.2f} s); plain extract for the "
        f"EU records: {base_eu:.2f} s; ratio {inc / base_eu:.2f}"
    )

    index = ScreenIndex.from_parties(parties, res.entity_of, regimes)  # type: ignore[attr-defined]
    keys = index.keys
    rng = random.Random(11)
    sample = [p.name for p in rng.sample(parties, 50)]
    index.screen(sample[0])
    one = [timed(lambda n=n: index.screen(n))[0] for n in sample]
    plain = [timed(lambda n=n: process.extract(n.casefold(), keys, scorer=fuzz.token_set_ratio, limit=20))[0]
             for n in sample]  # fmt: skip
    print(
        f"screen one name, warm: median {statistics.median(one) * 1000:.1f} ms over {len(keys)} keys; plain "
        f"process.extract: {statistics.median(plain) * 1000:.1f} ms; ratio "
        f"{statistics.median(one) / statistics.median(plain):.2f}"
    )

    batch = [(rng.choice(names).casefold(), None) for _ in range(args.batch)]
    many, found = timed(lambda: list(index.screen_many(batch)))
    with_hits = sum(1 for _, _, h in found if h)  # type: ignore[attr-defined]
    plain_batch = batch[: args.plain_sample]
    plain_part, _ = timed(
        lambda: [
            process.extract(n, keys, scorer=fuzz.token_set_ratio, score_cutoff=88, limit=5)
            for n, _ in plain_batch
        ]
    )
    plain_many = plain_part * len(batch) / max(1, len(plain_batch))
    scaled = "" if len(plain_batch) == len(batch) else f" (scaled from {len(plain_batch)} names)"
    print(
        f"screen {len(batch)} names: {many:.1f} s ({with_hits} with hits); plain process.extract per name: "
        f"{plain_many:.1f} s{scaled}; ratio {many / plain_many:.2f}"
    )
    print(
        f"candidates per allied record: {len(res.decisions) / max(1, len(allied)):.1f}; "  # type: ignore[attr-defined]
        f"name keys per party: {sum(len(name_keys(p)) for p in parties) / len(parties):.1f}"
    )


if __name__ == "__main__":
    main()
