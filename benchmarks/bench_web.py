"""How fast the web app answers: latency of each page type and pages per second under 8 clients.

    .venv/bin/python benchmarks/bench_web.py [--home DATA_HOME] [--repeat 30] [--scale 100] [--clients 8]
        [--keep DIR] [--skip-demo]

The app (``exportwatch serve``'s Starlette app under uvicorn) is started on a free 127.0.0.1 port over the
embedded demo graph (the graph of ``--home``, or one built from the bundled snapshot), and over a synthetic
graph ``--scale`` times larger (``benchmarks/synth_graph.py``; ``--scale 0`` skips it). For each page type:
the median and 95th-percentile latency of ``--repeat`` sequential GETs (the HTML page, server and transfer);
then ``--clients`` threads request the page mix in a loop, bounded to ``--requests`` requests and
``--seconds`` seconds, and the throughput is reported. Only 127.0.0.1 is ever requested. Aims: p95 under
100 ms at demo scale and under 500 ms at 100x.
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exportwatch.web import create_app  # noqa: E402
from exportwatch.web.access import ReadOnlyGraph  # noqa: E402
from graph.connect import open_store  # noqa: E402
from graph.store import GraphStore  # noqa: E402

PAGES = {
    "home": "/",
    "search": "/search?q=huawei",
    "item": "/items/3A090",
    "party": "/entities/EL:spacety co ltd:CN",
    "rule": "/documents/2023-03929",
    "regime": "/regimes/JP",
    "gap matrix": "/regimes",
    "ally lag": "/lag",
    "query form": "/queries/tool_gaps?regime=JP&run=1",
    "console": "/cypher?q=MATCH+(r:Regime)-[m:MEMBER_OF]->(x:Regime)+RETURN+r,m,x",
    "digest archive": "/digests",
    "digest week": "/digests/2023-W09",
    "item JSON": "/items/3A090.json",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Served:
    """The app over ``url`` on a free 127.0.0.1 port, in a thread."""

    def __init__(self, url: str) -> None:
        port = free_port()
        self.base = f"http://127.0.0.1:{port}"
        app = create_app(ReadOnlyGraph(url))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def latencies(base: str, repeat: int) -> dict[str, tuple[float, float]]:
    """(median, p95) in ms per page type, after one warm-up request each."""
    out: dict[str, tuple[float, float]] = {}
    with httpx.Client(base_url=base, timeout=120) as client:
        for name, path in PAGES.items():
            r = client.get(path)
            if r.status_code != 200:
                raise RuntimeError(f"{name} {path}: HTTP {r.status_code}")
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                client.get(path).raise_for_status()
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            out[name] = (statistics.median(times), p95)
    return out


def throughput(base: str, clients: int, max_requests: int, max_seconds: float) -> tuple[int, float, int]:
    """(pages served, seconds, errors) for ``clients`` threads looping over the page mix, bounded."""
    paths = list(PAGES.values())
    lock = threading.Lock()
    state = {"next": 0, "done": 0, "errors": 0}
    deadline = time.monotonic() + max_seconds

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            while time.monotonic() < deadline:
                with lock:
                    if state["next"] >= max_requests:
                        return
                    i = state["next"]
                    state["next"] += 1
                r = client.get(paths[i % len(paths)])
                with lock:
                    state["done"] += 1
                    state["errors"] += r.status_code != 200

    t0 = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return state["done"], time.perf_counter() - t0, state["errors"]


def kept_graph(path: Path, build: Callable[[GraphStore], object]) -> str:
    """The embedded graph at ``path``: the one an earlier run kept (``--keep``), else built by ``build``
    under another name and given ``path`` only once complete (an interrupted build is never reused)."""
    if not path.exists():
        building = path.with_name(path.stem + ".building.lbug")
        for stale in (building, building.with_name(building.name + ".wal")):
            stale.unlink(missing_ok=True)
        with open_store(f"ladybug:{building}") as store:
            build(store)
        building.rename(path)
    return f"ladybug:{path}"


def demo_graph(home: Path | None, tmp: Path) -> str:
    if home is not None:
        return f"ladybug:{home / 'graph.lbug'}"
    from exportwatch.app import REFERENCE_DIR, snapshot_extractions
    from graph.build import build_graph

    return kept_graph(
        tmp / "demo.lbug",
        lambda store: build_graph(
            store, extractions=snapshot_extractions(tmp / "home"), reference_dir=REFERENCE_DIR
        ),
    )


def synthetic_graph(demo_url: str, tmp: Path, scale: int) -> str:
    spec = importlib.util.spec_from_file_location("synth_graph", ROOT / "benchmarks" / "synth_graph.py")
    assert spec and spec.loader
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    from graph.export import to_networkx

    def build(store: GraphStore) -> None:
        with open_store(demo_url, read_only=True) as demo:
            g = to_networkx(demo)
        synth.synth_graph(store, g, scale)

    return kept_graph(tmp / f"synth{scale}.lbug", build)


def report(label: str, url: str, args: argparse.Namespace, aim_ms: float) -> None:
    served = Served(url)
    try:
        lat = latencies(served.base, args.repeat)
        done, secs, errors = throughput(served.base, args.clients, args.requests, args.seconds)
    finally:
        served.stop()
    print(f"\n{label}: {url}")
    print(f"{'page':<16} {'median ms':>10} {'p95 ms':>8}")
    for name, (med, p95) in lat.items():
        print(f"{name:<16} {med:>10.1f} {p95:>8.1f}")
    worst = max(p95 for _, p95 in lat.values())
    print(f"slowest p95: {worst:.1f} ms (aim < {aim_ms:.0f} ms): {'met' if worst < aim_ms else 'NOT met'}")
    print(
        f"{args.clients} clients: {done} pages in {secs:.1f} s = {done / secs:.1f} pages/s ({errors} errors)"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", type=Path, help="data home whose graph.lbug to serve (default: build the demo)")
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--scale", type=int, default=100, help="synthetic graph size (0: skip)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400, help="most requests of the concurrent run")
    ap.add_argument("--seconds", type=float, default=60.0, help="most seconds of the concurrent run")
    ap.add_argument(
        "--keep", type=Path, help="build the graphs in this folder and reuse them when they are there"
    )
    ap.add_argument("--skip-demo", action="store_true", help="measure only the synthetic graph")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-web-") as d:
        tmp = args.keep or Path(d)
        tmp.mkdir(parents=True, exist_ok=True)
        demo = demo_graph(args.home, tmp)
        if not args.skip_demo:
            report("demo graph", demo, args, 100)
        if args.scale > 0:
            t0 = time.perf_counter()
            synth = synthetic_graph(demo, tmp, args.scale)
            print(f"\nsynthetic graph x{args.scale} ready in {time.perf_counter() - t0:.0f} s")
            report(f"synthetic graph x{args.scale}", synth, args, 500)


if __name__ == "__main__":
    main()
