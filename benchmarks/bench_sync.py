"""Sync benchmarks: cold sync vs no-change sync, from recorded files and through the live code.

Run from the repository root: ``.venv/bin/python benchmarks/bench_sync.py [--repeat N]``.

1. ``sync --from-dir exportwatch/snapshot``: a cold sync (parse the 136-rule API JSON, the
   full-text XML and the 168-page public-inspection PDF) against a second sync with nothing
   changed (every file skipped by its sha256 before parsing). Target: under 5 % of the cold sync.
2. The Federal Register crawler over recorded responses (``httpx.MockTransport``, no waits): a
   cold backfill 2022-01 .. 2026-07 (55 month slices + full text) against an incremental sync
   since the last run (one or two slices, RSS poll, conditional GETs).

Figures are medians of ``--repeat`` runs, each in a fresh data home.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from exportwatch.config import Settings  # noqa: E402
from ingest.http import HttpClient  # noqa: E402
from ingest.sync import SyncReport, sync  # noqa: E402

SNAPSHOT = REPO / "exportwatch" / "snapshot"


def _replay() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "recorded_replay", REPO / "tests/fixtures/recorded/replay.py"
    )
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["recorded_replay"] = mod
    spec.loader.exec_module(mod)
    return mod


def timed(fn: Callable[[], SyncReport]) -> tuple[float, SyncReport]:
    t = time.perf_counter()
    rep = fn()
    return time.perf_counter() - t, rep


def bench_from_dir(repeat: int) -> None:
    cold, warm = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(home=Path(tmp))
            once = functools.partial(sync, settings, from_dir=SNAPSHOT, progress=False)
            t1, r1 = timed(once)
            t2, r2 = timed(once)
            assert r1.ok and r2.ok and r2.new == r2.changed == 0, (r1.errors, r2.errors)
            cold.append(t1)
            warm.append(t2)
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"from-dir snapshot ({r1.files} files, {r1.new} documents)")
    print(f"  cold sync        {c * 1000:9.1f} ms")
    print(f"  no-change sync   {w * 1000:9.1f} ms   ({r2.skipped_payloads} payloads skipped by sha256)")
    print(f"  ratio            {w / c * 100:9.2f} %   (target < 5 %)")


def bench_live(repeat: int) -> None:
    replay = _replay()
    cold, warm = [], []
    requests = (0, 0)
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(home=Path(tmp))
            server = replay.Replay()

            def run(today: date, s: Settings = settings, srv: object = server) -> SyncReport:
                client = HttpClient(srv.transport(), sleep=lambda x: None)  # type: ignore[attr-defined]
                return sync(s.home, source="federal-register", client=client, progress=False, today=today)

            t1, r1 = timed(lambda: run(date(2026, 7, 31)))
            n1 = len(server.requests)
            t2, r2 = timed(lambda: run(date(2026, 8, 7)))
            assert r1.ok and r2.ok, (r1.errors, r2.errors)
            requests = (n1, len(server.requests) - n1)
            cold.append(t1)
            warm.append(t2)
    c, w = statistics.median(cold), statistics.median(warm)
    print(f"federal-register crawler over recorded responses ({r1.new} documents, no rate-limit waits)")
    print(f"  cold backfill    {c * 1000:9.1f} ms   {requests[0]} requests")
    print(f"  incremental      {w * 1000:9.1f} ms   {requests[1]} requests")
    print(f"  ratio            {w / c * 100:9.2f} %")
    print("  (live, the rate limits dominate: 5 req/s API, 1 req/s full-text XML)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bench_from_dir(args.repeat)
    bench_live(args.repeat)


if __name__ == "__main__":
    main()
