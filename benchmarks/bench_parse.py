"""Parse throughput: the GPO XML parser against a bare ``lxml.etree.fromstring`` of the same bytes, and the
PDF parser on the 168-page public-inspection PDF.

    .venv/bin/python benchmarks/bench_parse.py [--repeat N]

Each figure is the median of N runs (default 7). The aim for XML is a full parse (blocks, tables, pages,
metadata) no more than 4x the bare lxml parse.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.parse_fr_xml import parse_fr_xml  # noqa: E402
from ingest.parse_pdf import parse_pdf  # noqa: E402

FR = REPO / "tests/fixtures/federal_register"
DAILY = FR / "daily_issues/FR-2016-04-15.xml"
PDF = REPO / "exportwatch/snapshot/guidance/fr_2025-00636_ai_diffusion_public_inspection.pdf"
XML_RATIO_AIM = 4.0


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up (imports, caches)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
        del result  # freeing the trees is not part of the parse
    return statistics.median(times)


def bench_xml(paths: list[Path], repeat: int) -> tuple[float, float, float, int]:
    """Medians for all ``paths``: seconds of a bare lxml parse, of ``parse_fr_xml``, and of their ratio.

    Bare and full runs alternate, and the ratio is taken run by run, so a machine whose load drifts (two
    cores shared with other jobs) skews both sides alike.
    """
    payloads = [(p.name, p.read_bytes()) for p in paths]

    def bare() -> object:
        return [etree.fromstring(d) for _, d in payloads]

    def full() -> object:
        return [parse_fr_xml(d, source_name=n) for n, d in payloads]

    full()
    pairs = [(median_seconds(bare, 1), median_seconds(full, 1)) for _ in range(repeat)]
    b = statistics.median(x for x, _ in pairs)
    f = statistics.median(y for _, y in pairs)
    return b, f, statistics.median(y / x for x, y in pairs), sum(len(d) for _, d in payloads)


def xml_rows(repeat: int) -> list[tuple[str, float, float, float, int]]:
    rules = sorted(p for p in FR.rglob("*.xml") if p != DAILY)
    rows = [("daily issue FR-2016-04-15 (146 documents)", *bench_xml([DAILY], repeat))]
    rows.append((f"{len(rules)} rules (2023-03929 and other_agencies)", *bench_xml(rules, repeat)))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    print(f"GPO XML parse, median of {args.repeat} runs")
    print(f"{'payload':<48} {'MB':>6} {'bare ms':>8} {'full ms':>8} {'MB/s':>7} {'ratio':>6}")
    for label, bare, full, ratio, size in xml_rows(args.repeat):
        mb = size / 1e6
        flag = "" if ratio <= XML_RATIO_AIM else f"  (aim <= {XML_RATIO_AIM:.0f}x)"
        print(
            f"{label:<48} {mb:6.2f} {bare * 1e3:8.1f} {full * 1e3:8.1f} {mb / full:7.1f} {ratio:5.1f}x{flag}"
        )

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
