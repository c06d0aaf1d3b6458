"""Peak memory of ``exportwatch extract`` on large single-line texts, as a ratio to the input size.

    .venv/bin/python benchmarks/bench_extract_memory.py [--sizes 1,10,47] [--keep DIR]

Inputs: the 136 real BIS abstracts of the snapshot API cache (whitespace collapsed), joined with
spaces and repeated to 1 MB, 10 MB and 47 MB of one line, with no paragraph break: the case that
used 1.5 GB for 10 MB when the whole text went to spaCy at once. Each size runs
``exportwatch extract FILE --format json`` (output to /dev/null) in its own process; the figure is
the process's peak resident set (``wait4`` rusage) minus the peak of the same command on a 2 kB
text (interpreter, spaCy and the pipeline), divided by the input size. The aim is a ratio under 10
for a text of any length.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CACHE = REPO / "exportwatch/snapshot/federal_register/bis_rules_2022-2026_api_cache.json"
RATIO_AIM = 10.0
MB = 1_000_000


def abstracts_text() -> str:
    """The abstracts of the cached BIS rules, one line."""
    rules = json.loads(CACHE.read_text(encoding="utf-8"))["rules"]
    return " ".join(" ".join((r.get("abstract") or "").split()) for r in rules if r.get("abstract"))


def write_input(folder: Path, size: int, base: str) -> Path:
    """A single-line text of ``size`` bytes (ASCII abstracts repeated, cut at ``size``)."""
    path = folder / f"single_line_{size // MB or size}{'mb' if size >= MB else 'b'}.txt"
    text = (base + " ") * (size // (len(base) + 1) + 1)
    path.write_text(text[:size], encoding="ascii", errors="replace")
    return path


def peak_rss(path: Path) -> tuple[int, float]:
    """Peak resident set in bytes and wall seconds of ``exportwatch extract PATH --format json``."""
    exe = Path(sys.executable).with_name("exportwatch")
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        proc = subprocess.Popen([str(exe), "extract", str(path), "--format", "json"], stdout=sink)
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"exportwatch extract {path} exited with {proc.returncode}")
    return usage.ru_maxrss * 1024, time.perf_counter() - start  # ru_maxrss is in kB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1,10,47", help="input sizes in MB, comma-separated")
    ap.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    args = ap.parse_args()
    base = abstracts_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        baseline, _ = peak_rss(write_input(folder, 2_000, base))
        print(f"baseline (2 kB text): peak {baseline / MB:.0f} MB")
        print(f"{'input':>8} {'peak':>9} {'over baseline':>14} {'ratio':>6} {'wall':>7}")
        worst = 0.0
        for mb in (int(s) for s in args.sizes.split(",")):
            path = write_input(folder, mb * MB, base)
            peak, wall = peak_rss(path)
            ratio = (peak - baseline) / (mb * MB)
            worst = max(worst, ratio)
            over = (peak - baseline) / MB
            print(f"{mb:>6} MB {peak / MB:>6.0f} MB {over:>11.0f} MB {ratio:>6.1f} {wall:>6.1f}s")
            path.unlink()
    verdict = "meets" if worst < RATIO_AIM else "misses"
    print(f"worst peak-memory ratio {worst:.1f} (aim < {RATIO_AIM:.0f}): {verdict} the aim")


if __name__ == "__main__":
    main()
