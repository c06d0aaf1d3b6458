"""Cold start of a library query from the command line, against importing the store alone.

Run from the repository root: ``.venv/bin/python benchmarks/bench_cli.py [--runs N] [--home DIR]``.

Builds the demo graph in a temporary data home (or uses ``--home``), then times, each in a fresh
process, wall clock:

- ``python -c "import graph.embedded"``: the embedded store and its engine imported, nothing run;
- ``exportwatch query tool_gaps --param regime=JP --format json``: a whole library query, cold.

Prints the medians, their ratio (aim: at most 3) and the ten slowest imports of the query process
(``python -X importtime``) so a regression can be traced to a module.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PY = sys.executable
QUERY = ["query", "tool_gaps", "--param", "regime=JP", "--format", "json"]


def wall(cmd: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def slowest_imports(env: dict[str, str], n: int = 10) -> list[tuple[float, str]]:
    proc = subprocess.run(
        [PY, "-X", "importtime", "-c", f"from exportwatch.cli import main; main({QUERY!r})"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            name = parts[2].rstrip()
            if len(name) - len(name.lstrip()) <= 3:  # top-level and direct children only
                rows.append((int(parts[1]) / 1e6, name.strip()))
    return sorted(rows, reverse=True)[:n]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--home", type=Path, help="a data home with a built graph (default: build the demo)")
    args = ap.parse_args(argv)
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXPORTWATCH_")}
    home = args.home or Path(tempfile.mkdtemp(prefix="bench-cli-"))
    env["EXPORTWATCH_HOME"] = str(home)
    exe = [PY, "-c", "from exportwatch.cli import main; main()"]
    if args.home is None:
        print(f"building the demo graph in {home} ...", flush=True)
        subprocess.run([*exe, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    wall([PY, "-c", "import graph.embedded"], env)  # warm the file cache once
    wall([*exe, *QUERY], env)
    store = [wall([PY, "-c", "import graph.embedded"], env) for _ in range(args.runs)]
    query = [wall([*exe, *QUERY], env) for _ in range(args.runs)]
    s, q = statistics.median(store), statistics.median(query)
    print(
        f"import the store alone (graph.embedded + ladybug): median {s * 1000:.0f} ms over {args.runs} runs"
    )
    print(
        f"exportwatch query tool_gaps (cold process):          median {q * 1000:.0f} ms over {args.runs} runs"
    )
    print(f"ratio query / store import: {q / s:.2f} (aim: at most 3)")
    print("slowest imports of the query process (cumulative ms):")
    for sec, name in slowest_imports(env):
        print(f"  {sec * 1000:7.1f}  {name}")


if __name__ == "__main__":
    main()
