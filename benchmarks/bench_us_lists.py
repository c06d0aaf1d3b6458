"""US lists benchmark: load of every US list (cold, unchanged, with a new snapshot), and the list queries.

Run from the repository root:

    .venv/bin/python benchmarks/bench_us_lists.py [--csl PATH] [--scale 100] [--runs 7] [--no-bolt]

1. Load (embedded store, wall clock, one process): read the list files (the bundled Entity List,
   MEU and 1260H supplements and the CSL's BIS rows; with ``--csl`` the shared full compact CSL file of
   every US list replaces the bundled BIS rows of the same download; its BIS rows are read) and
   ``load_lists`` into an empty store, cold;
   the same files again (unchanged: nothing is written); then a later snapshot of the Entity List (the
   bundled one with every 100th entry dropped and every 100th renamed) whose delta is computed and loaded.
2. Queries: ``entity_history`` (huawei) and ``list_changes`` (entity_list, 2023-02-27 to 2023-03-05),
   median of ``--runs`` after a warm-up, on the demo graph (the 136 bundled rules and the bundled lists,
   through the real build) and on a synthetic graph ``--scale`` times the demo (``synth_graph.py``), on
   LadybugDB and on ArcadeDB over Bolt (started here on 127.0.0.1). The synthetic copies of the parties
   get names of their own (``distinct_parties``): a list 100 times larger has 100 times as many parties,
   not 100 parties named Huawei in every country, so ``entity_history`` finds the real Huawei parties
   once (758 events) among 100 times as many; with every copy keeping its name it returned 75,800 rows,
   a measurement of the result size that no real graph would produce. ``list_changes`` still finds
   ``--scale`` times the events of its week (every copy keeps its dates).

Aims (issue 9): full load under 30 s on 2 cores, unchanged reload under 5 % of it, queries under 50 ms
at demo scale and under 500 ms at 100x on the embedded store.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_graph import synth_graph  # noqa: E402

import queries  # noqa: E402
from exportwatch.app import REFERENCE_DIR, snapshot_extractions  # noqa: E402
from graph.build import build_graph  # noqa: E402
from graph.connect import open_store  # noqa: E402
from graph.devserver import ArcadeServer  # noqa: E402
from graph.export import to_networkx  # noqa: E402
from graph.load_lists import LISTS_DIR, load_lists  # noqa: E402
from graph.store import GraphStore  # noqa: E402
from ingest.parse_lists import ListSnapshot, list_files, read_list_file  # noqa: E402

QUERIES = {
    "entity_history": {"name": "huawei"},
    "list_changes": {"list": "entity_list", "from": "2023-02-27", "to": "2023-03-05"},
}
AIMS = {"load_s": 30.0, "unchanged_share": 0.05, "demo_ms": 50.0, "scaled_ms": 500.0}


def timed(fn: Any, *args: Any, **kw: Any) -> tuple[float, Any]:
    t0 = time.perf_counter()
    out = fn(*args, **kw)
    return time.perf_counter() - t0, out


def read_all(paths: list[Path]) -> list[ListSnapshot]:
    return [s for p in paths for s in read_list_file(p)]


def later_snapshot(snaps: list[ListSnapshot]) -> ListSnapshot:
    """The bundled Entity List weeks later: every 100th entry dropped, every 100th (offset 50) renamed."""
    el = next(s for s in snaps if s.list == "entity_list" and s.source == "us-entity-list")
    entries = []
    for i, e in enumerate(el.entries):
        if i % 100 == 0:
            continue
        entries.append(replace(e, name=f"{e.name} (renamed)") if i % 100 == 50 else e)
    return replace(el, snapshot="2026-07-30", entries=tuple(entries), content_hash="bench-later")


def load_figures(csl: Path | None) -> dict[str, Any]:
    # the given CSL file stands in for the bundled BIS rows of the same download (same snapshot ids)
    paths = [p for p in list_files(LISTS_DIR) if not (csl and p.name.startswith("trade_gov_csl"))]
    paths += [csl] if csl else []
    with (
        tempfile.TemporaryDirectory(prefix="bench-us-lists-") as tmp,
        open_store(f"ladybug:{tmp}/g.lbug") as store,
    ):
        store.ensure_schema()
        t_read, snaps = timed(read_all, paths)
        t_load, cold = timed(load_lists, store, snaps)
        t_read2, snaps2 = timed(read_all, paths)
        t_same, same = timed(load_lists, store, snaps2)
        later = later_snapshot(snaps2)
        t_delta, delta = timed(load_lists, store, [*snaps2, later])
        changes = store.run(
            "MATCH (l:Listing) WHERE l.previous IS NOT NULL RETURN l.action AS a, count(*) AS n ORDER BY a"
        )
    return {
        "files": len(paths),
        "snapshots": len(snaps),
        "entries": sum(len(s.entries) for s in snaps),
        "cold": t_read + t_load,
        "cold_read": t_read,
        "unchanged": t_read2 + t_same,
        "unchanged_skipped": same.skipped,
        "delta": t_read2 + t_delta,
        "delta_changes": {r["a"]: r["n"] for r in changes},
        "records": cold.records,
        "listings": cold.listings,
        "listings_with_delta": delta.listings,
    }


def medians(store: GraphStore, runs: int) -> dict[str, tuple[float, int]]:
    out = {}
    for name, params in QUERIES.items():
        rows = queries.run(store, name, **params)
        times = []
        for _ in range(runs):
            t, rows = timed(queries.run, store, name, **params)
            times.append(t * 1000)
        out[name] = (statistics.median(times), len(rows))
    return out


def query_figures(
    scale: int, runs: int, bolt: bool, bolt_scale: int
) -> dict[str, dict[str, tuple[float, int]]]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-us-lists-q-"))
    out: dict[str, dict[str, tuple[float, int]]] = {}
    server = None
    try:
        _, extractions = timed(snapshot_extractions, tmp / "home")
        urls = {"embedded": (f"ladybug:{tmp / 'demo.lbug'}", f"ladybug:{tmp / 'synth.lbug'}")}
        if bolt:
            server = ArcadeServer(tmp / "arcadedb", databases=("demo", "synth")).start()
            urls["bolt"] = (server.url("demo"), server.url("synth"))
        demo_graph = None
        for kind, (demo_url, synth_url) in urls.items():
            with open_store(demo_url) as store:
                build_graph(store, extractions=extractions, reference_dir=REFERENCE_DIR)
                out[f"{kind} demo"] = medians(store, runs)
                demo_graph = demo_graph or to_networkx(store)
            n = scale if kind == "embedded" else bolt_scale
            if n > 1:
                with open_store(synth_url) as store:
                    synth_graph(store, demo_graph, n, distinct_parties=True)
                    out[f"{kind} x{n}"] = medians(store, runs)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="US lists: load and list queries.")
    ap.add_argument("--csl", type=Path, help="the full compact CSL file (shared data) to load as well")
    ap.add_argument("--scale", type=int, default=100, help="synthetic graph size, in demo graphs")
    ap.add_argument("--runs", type=int, default=7, help="timed runs per query (after one warm-up)")
    ap.add_argument("--no-bolt", action="store_true", help="embedded store only")
    ap.add_argument(
        "--bolt-scale",
        type=int,
        help="synthetic size on Bolt (default --scale; writing x100 over Bolt is slow)",
    )
    ap.add_argument("--load-only", action="store_true", help="the load figures only")
    args = ap.parse_args(argv)

    f = load_figures(args.csl)
    print(f"US lists: {f['files']} files, {f['snapshots']} snapshots, {f['entries']} entries")
    print(
        f"  records {f['records']}, listing events {f['listings']} "
        f"({f['listings_with_delta']} with the later snapshot)"
    )
    print(f"  full load, cold:        {f['cold']:.2f} s (of which reading {f['cold_read']:.2f} s)"
          f"   aim < {AIMS['load_s']:.0f} s: {f['cold'] / AIMS['load_s']:.2f} of it")  # fmt: skip
    share = f["unchanged"] / f["cold"]
    print(f"  unchanged reload:       {f['unchanged']:.2f} s = {share:.1%} of the cold load"
          f" (skipped: {f['unchanged_skipped']})   aim < {AIMS['unchanged_share']:.0%}")  # fmt: skip
    print(f"  later Entity List snapshot (delta {f['delta_changes']}): {f['delta']:.2f} s")

    if args.load_only:
        return
    bolt_scale = args.bolt_scale or args.scale
    q = query_figures(args.scale, args.runs, not args.no_bolt, bolt_scale)
    print(f"\nquery medians (ms, rows), {args.runs} runs after a warm-up")
    for name in QUERIES:
        for setting, figures in q.items():
            ms, rows = figures[name]
            aim = AIMS["demo_ms"] if setting.endswith("demo") else AIMS["scaled_ms"]
            note = f"  aim < {aim:.0f} ms: {ms / aim:.2f} of it" if setting.startswith("embedded") else ""
            print(f"  {name:15} {setting:14} {ms:8.1f} ms  {rows:6} rows{note}")
        for scale in ("demo", f"x{args.scale}"):
            if f"bolt {scale}" in q and f"embedded {scale}" in q:
                e, b = q[f"embedded {scale}"][name][0], q[f"bolt {scale}"][name][0]
                print(f"  {name:15} bolt/embedded at {scale}: {b / e:.1f}x")


if __name__ == "__main__":
    main()
