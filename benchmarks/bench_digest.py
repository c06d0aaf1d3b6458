"""How long a week's digest takes to build: at demo scale and on the graph benchmark's 100x synthetic graph.

    .venv/bin/python benchmarks/bench_digest.py [--repeat 15] [--scale 100]

For each graph: the median time of ``build_content`` (the six named queries plus arranging) for a busy week,
a week with a list snapshot and an empty week, of rendering the whole digest, and of selecting and rendering
it for ten recipients with different filters. Aims: under 2 s per week at demo scale, under 20 s at 100x.
The 100x graph comes from ``benchmarks/synth_graph.py`` (written with the graph benchmark); without it that
part is reported as skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exportwatch.app import REFERENCE_DIR, snapshot_extractions  # noqa: E402
from exportwatch.digest.content import build_content  # noqa: E402
from exportwatch.digest.model import DigestContent  # noqa: E402
from exportwatch.digest.period import iso_week  # noqa: E402
from exportwatch.digest.render import render  # noqa: E402
from exportwatch.digest.subscriptions import Filters  # noqa: E402
from graph.build import build_graph  # noqa: E402
from graph.connect import open_store  # noqa: E402
from graph.store import GraphStore  # noqa: E402

WEEKS = {
    "busy (2023-W09)": "2023-W09",
    "list snapshot (2026-W30)": "2026-W30",
    "empty (2021-W10)": "2021-W10",
}
RECIPIENTS = [
    Filters(),
    Filters(countries=("China",)),
    Filters(countries=("RU", "BY")),
    Filters(eccns=("3A090", "3B")),
    Filters(eccns=("9A",)),
    Filters(entities=("huawei", "spacety")),
    Filters(tools=("entity_list",)),
    Filters(regimes=("NL", "JP")),
    Filters(keywords=("advanced computing",)),
    Filters(document_types=("rule", "proposed_rule")),
]


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm caches (query compilation, templates)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def measure(store: GraphStore, repeat: int) -> dict[str, float]:
    out: dict[str, float] = {}
    for label, spec in WEEKS.items():
        period = iso_week(spec)
        out[f"build {label}"] = median_ms(lambda p=period: build_content(store, p), repeat)  # type: ignore[misc]
    content: DigestContent = build_content(store, iso_week("2023-W09"))
    out["render whole digest (2023-W09)"] = median_ms(lambda: render(content), repeat)
    out["select+render 10 recipients"] = median_ms(
        lambda: [render(content.select(f), recipient="r@example.org") for f in RECIPIENTS], repeat
    )
    out["one week, 10 recipients, end to end"] = median_ms(
        lambda: [
            render(c.select(f)) for c in [build_content(store, iso_week("2023-W09"))] for f in RECIPIENTS
        ],
        repeat,
    )
    return out


def demo_store(tmp: Path) -> tuple[GraphStore, float]:
    t0 = time.perf_counter()
    store = open_store(f"ladybug:{tmp / 'demo.lbug'}")
    build_graph(store, extractions=snapshot_extractions(tmp / "home"), reference_dir=REFERENCE_DIR)
    return store, time.perf_counter() - t0


def synthetic_store(tmp: Path, demo: GraphStore, scale: int) -> tuple[GraphStore | None, float, str]:
    """``scale`` copies of the demo graph by the graph benchmark's ``benchmarks/synth_graph.py``."""
    path = ROOT / "benchmarks" / "synth_graph.py"
    if not path.exists():
        return None, 0.0, "benchmarks/synth_graph.py is not present"
    spec = importlib.util.spec_from_file_location("synth_graph", path)
    assert spec and spec.loader
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    if not hasattr(synth, "synth_graph"):
        return None, 0.0, "benchmarks/synth_graph.py has no synth_graph(store, demo, scale)"
    from graph.export import to_networkx

    t0 = time.perf_counter()
    store = open_store(f"ladybug:{tmp / 'synth.lbug'}")
    synth.synth_graph(store, to_networkx(demo), scale)
    return store, time.perf_counter() - t0, ""


def counts(store: GraphStore) -> str:
    docs = store.run("MATCH (d:Document) RETURN count(d) AS n")[0]["n"]
    listings = store.run("MATCH (l:Listing) RETURN count(l) AS n")[0]["n"]
    return f"{docs} documents, {listings} listings"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--scale", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        demo, demo_build = demo_store(tmp)
        print(f"demo graph: {counts(demo)}; built in {demo_build:.1f} s")
        results = {"demo": measure(demo, args.repeat)}
        synth, synth_build, why = synthetic_store(tmp, demo, args.scale)
        demo.close()
        if synth is not None:
            print(f"synthetic graph x{args.scale}: {counts(synth)}; built in {synth_build:.1f} s")
            results[f"x{args.scale}"] = measure(synth, max(3, args.repeat // 3))
            synth.close()
        else:
            print(f"synthetic graph x{args.scale}: skipped ({why})")
    cols = list(results)
    print()
    print(
        f"{'median ms':<40}" + "".join(f"{c:>12}" for c in cols) + ("       ratio" if len(cols) > 1 else "")
    )
    for key in results["demo"]:
        row = f"{key:<40}" + "".join(f"{results[c][key]:>12.1f}" for c in cols)
        if len(cols) > 1:
            row += f"{results[cols[1]][key] / results['demo'][key]:>11.1f}x"
        print(row)
    worst = max(v for k, v in results["demo"].items() if k.startswith("build"))
    print(f"\nslowest week at demo scale: {worst / 1000:.3f} s (aim < 2 s)")
    if len(cols) > 1:
        worst_synth = max(v for k, v in results[cols[1]].items() if k.startswith("build"))
        print(f"slowest week at {cols[1]}: {worst_synth / 1000:.3f} s (aim < 20 s)")


if __name__ == "__main__":
    main()
