"""How fast e-Gov law XML parses and two versions compare.

    .venv/bin/python benchmarks/bench_egov.py [--repeat 20] [OLD.xml NEW.xml]

Without arguments it measures the vendored excerpts of the goods and technologies ordinance (article 6 items
17 to 17-3, before and after 2023-07-23; tests/fixtures/allied). Given two full versions of a law (e-Gov XML,
e.g. the ~1 MB files ``403M50000400049_20221206_*.xml`` and ``..._20230723_*.xml`` of the public repository
xyna-bpinelab/law-as-code-fefta), it measures those: the median time to parse each, to compare them, the
provisions per second and the bytes per second. Aim: one full version of the ordinance in under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.parse_egov import EgovVersion, compare, parse_egov  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "allied"
DEFAULT = (
    FIXTURES / "403M50000400049_20221206_令和四年経済産業省令第七十八号.xml",
    FIXTURES / "403M50000400049_20230723_令和五年経済産業省令第二十五号.xml",
)


def _median(fn: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="older and newer version (default: excerpts)")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    old_path, new_path = args.files if len(args.files) == 2 else DEFAULT
    data = {p: p.read_bytes() for p in (old_path, new_path)}
    parsed: dict[Path, EgovVersion] = {}
    for path, body in data.items():
        parsed[path] = parse_egov(body, source_name=str(path))
        seconds = _median(lambda body=body, path=path: parse_egov(body, source_name=str(path)), args.repeat)
        n = len(parsed[path].provisions)
        print(
            f"parse {path.name}: {len(body) / 1e6:.3f} MB, {n} provisions, {seconds * 1000:.1f} ms "
            f"({n / seconds:,.0f} provisions/s, {len(body) / seconds / 1e6:.1f} MB/s)"
        )
    old, new = parsed[old_path], parsed[new_path]
    seconds = _median(lambda: compare(old, new), args.repeat)
    diff = compare(old, new)
    print(
        f"compare: {seconds * 1000:.2f} ms; {len(diff.added)} added, {len(diff.removed)} removed, "
        f"{len(diff.changed)} changed, {len(diff.renumbered)} renumbered provisions"
    )


if __name__ == "__main__":
    main()
