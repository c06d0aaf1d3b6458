"""Notebook benchmarks: how long each notebook takes to execute headless, and what the API calls cost.

Run from the repository root: ``.venv/bin/python benchmarks/bench_notebooks.py [--repeat N] [--home DIR]``.

1. ``api.demo_graph``: the build of the demo graph in a fresh data home (once), then the check of a
   built home (what every notebook's first cell pays).
2. Each notebook of ``notebooks/`` executed top to bottom with nbclient in the ``python3`` kernel
   (kernel start included), figures written to a tmp directory: median of ``--repeat`` runs, with the
   ratio to the fastest notebook and the share spent in the kernel start.
3. The API calls the notebooks make, in this process: ``open_graph``, ``query`` (with an open store and
   with the default store, which opens one per call) and ``graph_networkx``.
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import jupytext  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from exportwatch import api  # noqa: E402
from exportwatch.config import Settings  # noqa: E402

NOTEBOOKS = REPO / "notebooks"


def timed(fn: Callable[[], Any], repeat: int = 1) -> float:
    """Median seconds of ``repeat`` calls of ``fn``."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs)


def bench_demo_graph(home: Path | None, tmp: Path) -> Settings:
    if home is None:
        home = tmp / "home"
        build = timed(lambda: api.demo_graph(home))
        print(f"demo_graph, fresh home (sync + extract + load): {build:7.2f} s")
    settings = api.demo_graph(home)
    check = timed(lambda: api.demo_graph(home), repeat=5)
    print(f"demo_graph, home already built (check only):     {check:7.2f} s")
    return settings


def kernel_start(env: dict[str, str], repeat: int) -> float:
    """Seconds to start the python3 kernel and run one trivial cell."""
    nb = jupytext.reads("# %%\n1 + 1\n", fmt="py:percent")
    return timed(lambda: NotebookClient(nb, kernel_name="python3", timeout=120).execute(env=env), repeat)


def bench_notebooks(settings: Settings, figures: Path, repeat: int) -> None:
    env = {**os.environ, "EXPORTWATCH_HOME": str(settings.home), "EXPORTWATCH_FIGURES": str(figures)}
    startup = kernel_start(env, repeat)
    rows = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py")):
        nb = jupytext.read(path)
        cells = sum(1 for c in nb.cells if c.cell_type == "code")

        def run(nb_path: Path = path) -> None:
            fresh = jupytext.read(nb_path)
            client = NotebookClient(fresh, kernel_name="python3", timeout=600,
                                    resources={"metadata": {"path": str(NOTEBOOKS)}})  # fmt: skip
            client.execute(env=env)

        rows.append((path.stem, cells, timed(run, repeat)))
    fastest = min(s for _, _, s in rows)
    print(f"\nnotebook execution (median of {repeat}; kernel start + trivial cell: {startup:.2f} s)")
    print(f"{'notebook':<28} {'cells':>5} {'seconds':>8} {'x fastest':>9} {'kernel start':>12}")
    for name, cells, seconds in rows:
        print(f"{name:<28} {cells:>5} {seconds:>8.2f} {seconds / fastest:>9.2f} {startup / seconds:>11.0%}")
    total = sum(s for _, _, s in rows)
    print(f"{'all notebooks':<28} {'':>5} {total:>8.2f}")


def bench_api(settings: Settings, repeat: int) -> None:
    os.environ["EXPORTWATCH_HOME"] = str(settings.home)
    print(f"\nAPI calls (median of {repeat})")
    opened = timed(lambda: api.open_graph(settings).close(), repeat)
    print(f"{'open_graph + close':<44} {opened:7.3f} s")
    shared: dict[str, float] = {}
    with api.open_graph(settings) as store:
        calls: tuple[tuple[str, dict[str, str]], ...] = (
            ("gap_matrix", {}),
            ("ally_lag", {}),
            ("entity_history", {"name": "huawei"}),
        )
        for name, params in calls:
            shared[name] = timed(functools.partial(api.query, name, store=store, **params), repeat)
            print(f"{'query ' + name + ' (open store)':<44} {shared[name]:7.3f} s")
        nx_time = timed(lambda: api.graph_networkx(store), repeat)
    own = timed(lambda: api.query("gap_matrix"), repeat)
    ratio = own / max(shared["gap_matrix"], 1e-9)
    label = "query gap_matrix (default store, per call)"
    print(f"{label:<44} {own:7.3f} s   ({ratio:.0f}x the open-store call)")
    print(f"{'graph_networkx (whole graph)':<44} {nx_time:7.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    parser.add_argument(
        "--home", type=Path, help="a data home with the demo graph (default: build a fresh one)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = bench_demo_graph(args.home, Path(tmp))
        bench_notebooks(settings, Path(tmp) / "figures", args.repeat)
        bench_api(settings, args.repeat)


if __name__ == "__main__":
    main()
