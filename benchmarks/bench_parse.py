"""Parse throughput: the GPO XML parser against a bare ``lxml.etree.fromstring`` of the same bytes, and the
PDF parser on the 168-page public-inspection PDF.

    .venv/bin/python benchmarks/bench_parse.py [--repeat N] [--xml-only]

The aim for XML is a full parse (blocks, tables, pages, metadata) no more than 4x the bare lxml parse.
Bare and full parses alternate, run by run, and the ratio is taken within each run; the figures are
medians over N runs (default 9). Times are CPU time of this process (``time.process_time``): on a
machine shared with other jobs, wall time also counts the time the process waited for a core. Wall
times are printed alongside.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.parse_fr_xml import parse_fr_xml  # noqa: E402
from ingest.parse_pdf import parse_pdf  # noqa: E402

FR = REPO / "tests/fixtures/federal_register"
DAILY = FR / "daily_issues/FR-2016-04-15.xml"
PDF = REPO / "exportwatch/snapshot/guidance/fr_2025-00636_ai_diffusion_public_inspection.pdf"
XML_RATIO_AIM = 4.0


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall seconds of one call; freeing the result is not part of it."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    del result
    return cpu, wall


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall seconds of ``repeat`` calls, after one to warm up (imports, caches)."""
    fn()
    return statistics.median(timed(fn)[1] for _ in range(repeat))


class XmlFigures(NamedTuple):
    mb: float
    bare: float  # median CPU seconds
    full: float
    bare_wall: float  # median wall seconds
    full_wall: float
    ratio: float  # median of the per-run ratios
    ratios: list[float]  # full / bare CPU time, run by run


def bench_xml(paths: list[Path], repeat: int) -> XmlFigures:
    """Bare and full parses of all ``paths``, alternating: medians and the per-run ratios (CPU time)."""
    payloads = [(p.name, p.read_bytes()) for p in paths]

    def bare() -> object:
        return [etree.fromstring(d) for _, d in payloads]

    def full() -> object:
        return [parse_fr_xml(d, source_name=n) for n, d in payloads]

    bare(), full()
    runs = [(timed(bare), timed(full)) for _ in range(repeat)]
    ratios = [f[0] / b[0] for b, f in runs]
    return XmlFigures(
        mb=sum(len(d) for _, d in payloads) / 1e6,
        bare=statistics.median(b[0] for b, _ in runs),
        full=statistics.median(f[0] for _, f in runs),
        bare_wall=statistics.median(b[1] for b, _ in runs),
        full_wall=statistics.median(f[1] for _, f in runs),
        ratio=statistics.median(ratios),
        ratios=ratios,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--xml-only", action="store_true", help="skip the PDF parse")
    args = parser.parse_args(argv)

    rules = sorted(p for p in FR.rglob("*.xml") if p != DAILY)
    print(f"GPO XML parse, median of {args.repeat} runs; CPU ms (wall ms)")
    print(f"{'payload':<42} {'MB':>5} {'bare ms':>13} {'full ms':>15} {'MB/s':>6} {'ratio':>6}  per run")
    for label, paths in (
        ("daily issue FR-2016-04-15 (146 documents)", [DAILY]),
        (f"{len(rules)} rules (2023-03929 and other_agencies)", rules),
    ):
        r = bench_xml(paths, args.repeat)
        flag = "" if r.ratio <= XML_RATIO_AIM else f"  (aim <= {XML_RATIO_AIM:.0f}x)"
        print(
            f"{label:<42} {r.mb:5.2f} {r.bare * 1e3:5.1f} ({r.bare_wall * 1e3:5.1f}) "
            f"{r.full * 1e3:6.1f} ({r.full_wall * 1e3:6.1f}) {r.mb / r.full:6.1f} {r.ratio:5.1f}x  "
            + " ".join(f"{x:.1f}" for x in r.ratios)
            + flag
        )
    if args.xml_only:
        return 0

    data = PDF.read_bytes()
    pdf_repeat = max(1, args.repeat // 3)
    text_only = median_seconds(lambda: parse_pdf(data, name=PDF.name, tables=False), pdf_repeat)
    with_tables = median_seconds(lambda: parse_pdf(data, name=PDF.name), pdf_repeat)
    print(f"\nPDF parse of {PDF.name} (168 pages, {len(data) / 1e6:.2f} MB), median of {pdf_repeat} runs")
    print(f"  text (pypdfium2) only:           {text_only:6.2f} s  ({168 / text_only:6.0f} pages/s)")
    print(f"  text + tables on ruled pages:    {with_tables:6.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
