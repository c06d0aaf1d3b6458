"""Extraction throughput on the real documents: the full spaCy pipeline against a bare ``re`` pass of the
same patterns over the same paragraphs, and the same work split over processes by job.

    .venv/bin/python benchmarks/bench_extract.py [--repeat N] [--jobs J]

Documents: FR Doc. 2023-03929 (XML), the AI Diffusion public-inspection PDF (168 pages), the 136 BIS rules
of the snapshot API cache (title + abstract), four other agencies' rules and a whole daily issue (XML).

- ``pipeline``: ``extract_document`` on every document (spaCy docs per paragraph, spans with extensions,
  normalization, dates with roles, entity rows, amendments);
- ``finders``: the same finder functions called directly on the paragraphs, without spaCy;
- ``bare re``: ``finditer`` of every pattern the finders use (``ingest.patterns`` and the vocabulary
  tries) over the same paragraphs, counting matches and nothing else. The finders skip a pattern family
  when a cheap cue pattern finds nothing in a paragraph; the bare pass runs every pattern everywhere.

Figures are words per second (medians of N runs, runs alternating so load drift hits both sides); the
aim is pipeline / bare re >= 0.4. The last line runs the pipeline in J worker processes, one document list
per job (parallelism by job, not spaCy's ``n_process``).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest import patterns as P  # noqa: E402
from ingest.extract import document_context, extract_document, get_pipeline  # noqa: E402
from ingest.models import ParsedDocument  # noqa: E402
from ingest.nlp.citations import find_cfr, find_eccns, find_fr  # noqa: E402
from ingest.nlp.dates import find_dates  # noqa: E402
from ingest.nlp.measures import find_country_groups, find_thresholds  # noqa: E402
from ingest.nlp.terms import TermMatcher  # noqa: E402
from ingest.parse_fr_json import parse_fr_json  # noqa: E402
from ingest.parse_fr_xml import parse_fr_xml  # noqa: E402
from ingest.parse_pdf import parse_pdf  # noqa: E402

FR = REPO / "tests/fixtures/federal_register"
XML_FILES = [
    FR / "fr_2023-03929_entity_list_additions.xml",
    *sorted((FR / "other_agencies").glob("*.xml")),
    FR / "daily_issues/FR-2016-04-15.xml",
]
PDF = REPO / "exportwatch/snapshot/guidance/fr_2025-00636_ai_diffusion_public_inspection.pdf"
CACHE = REPO / "exportwatch/snapshot/federal_register/bis_rules_2022-2026_api_cache.json"
RATIO_AIM = 0.4

# The patterns the finders run with finditer (list continuations run with match() after a hit, cues are
# the finders' shortcut, AMDPAR patterns work on instructions only: none of them are in the bare pass).
FINDER_PATTERNS: list[re.Pattern[str]] = [
    P.ECCN,
    P.CFR_FULL,
    P.CFR_COMP,
    P.CFR_SUPPLEMENT,
    P.CFR_APPENDIX,
    P.CFR_SECTION_SIGN,
    P.CFR_SECTION_WORD,
    P.CFR_PART,
    P.CFR_ZH_SECTION,
    P.CFR_ZH_PART,
    P.FR_CITATION,
    P.FR_PLACEHOLDER,
    P.DATE_MDY,
    P.DATE_DMY,
    P.DATE_NUMERIC,
    P.DATE_ISO,
    P.DATE_ZH,
    P.DATE_INSERT,
    P.DATE_RELATIVE,
    P.DATE_RELATIVE_ZH,
    P.THRESHOLD_METRIC_FIRST,
    P.THRESHOLD_METRIC_AFTER,
    P.THRESHOLD_OPERATIONS,
    P.THRESHOLD_SHARE,
    P.THRESHOLD_SHARE_ZH,
    P.COUNTRY_GROUP,
    P.COUNTRY_GROUP_LETTER,
    P.COUNTRY_GROUP_ZH,
]


def load_documents() -> list[ParsedDocument]:
    docs: list[ParsedDocument] = []
    for path in XML_FILES:
        docs.extend(parse_fr_xml(path.read_bytes(), source_name=path.name))
    docs.append(parse_pdf(PDF.read_bytes(), name=PDF.name, tables=False))
    docs.extend(parse_fr_json(CACHE.read_bytes(), source_name=CACHE.name))
    return docs


def paragraphs(docs: list[ParsedDocument]) -> list[str]:
    return [b.text for d in docs for b in d.blocks] or [d.text for d in docs]


def bare_re(texts: list[str], pats: list[re.Pattern[str]]) -> int:
    n = 0
    for text in texts:
        for pat in pats:
            for _ in pat.finditer(text):
                n += 1
    return n


def finders(docs: list[ParsedDocument], terms: TermMatcher) -> int:
    n = 0
    for doc in docs:
        ctx = document_context(doc)
        for b in doc.blocks:
            for finder in (find_eccns, find_cfr, find_fr, find_dates, find_thresholds, find_country_groups):
                n += sum(1 for _ in finder(b.text, ctx))
            n += sum(1 for _ in terms.find(b.text, ctx))
    return n


def pipeline(docs: list[ParsedDocument]) -> int:
    return sum(len(extract_document(d).mentions) for d in docs)


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def _job(docs: list[ParsedDocument]) -> tuple[int, float]:
    """One worker's job: extract its share of the documents; (mentions, seconds of extraction)."""
    get_pipeline("en")
    t = time.perf_counter()
    n = pipeline(docs)
    return n, time.perf_counter() - t


def shares(docs: list[ParsedDocument], jobs: int) -> list[list[ParsedDocument]]:
    """Documents dealt to ``jobs`` lists of about equal word counts, largest first."""
    out: list[list[ParsedDocument]] = [[] for _ in range(jobs)]
    sizes = [0] * jobs
    for d in sorted(docs, key=lambda d: -len(d.text)):
        i = sizes.index(min(sizes))
        out[i].append(d)
        sizes[i] += len(d.text)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()

    t = time.perf_counter()
    get_pipeline("en")
    load = time.perf_counter() - t
    docs = load_documents()
    texts = paragraphs(docs)
    words = sum(len(x.split()) for x in texts)
    terms = TermMatcher()
    pats = FINDER_PATTERNS + terms.patterns
    print(
        f"{len(docs)} documents, {len(texts)} paragraphs, {words:,} words; "
        f"pipeline load {load:.2f} s (cached after)"
    )

    matches, found, mentions = bare_re(texts, pats), finders(docs, terms), pipeline(docs)  # warm up
    runs = [
        (
            timed(lambda: bare_re(texts, pats)),
            timed(lambda: finders(docs, terms)),
            timed(lambda: pipeline(docs)),
        )
        for _ in range(args.repeat)
    ]
    bare_s = statistics.median(r[0] for r in runs)
    find_s = statistics.median(r[1] for r in runs)
    pipe_s = statistics.median(r[2] for r in runs)
    ratio = statistics.median(r[0] / r[2] for r in runs)
    print(
        f"bare re   {words / bare_s:>10,.0f} words/s  "
        f"({bare_s:.3f} s, {matches:,} raw matches of {len(pats)} patterns)"
    )
    print(
        f"finders   {words / find_s:>10,.0f} words/s  "
        f"({find_s:.3f} s, {found:,} hits before overlap resolution)"
    )
    print(f"pipeline  {words / pipe_s:>10,.0f} words/s  ({pipe_s:.3f} s, {mentions:,} mentions)")
    verdict = "meets" if ratio >= RATIO_AIM else "misses"
    print(
        f"pipeline / bare re = {ratio:.2f} ({verdict} the aim of {RATIO_AIM}); "
        f"pipeline / finders = {find_s / pipe_s:.2f}"
    )

    if args.jobs > 1:
        t = time.perf_counter()
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(pool.map(_job, shares(docs, args.jobs)))
        wall = time.perf_counter() - t
        busy = max(s for _, s in results)
        print(
            f"{args.jobs} jobs      {words / busy:>10,.0f} words/s while extracting "
            f"(slowest job {busy:.2f} s; {wall:.2f} s wall with worker start and pipeline load); "
            f"speed-up over one process {pipe_s / busy:.2f}x, {sum(n for n, _ in results):,} mentions"
        )


if __name__ == "__main__":
    main()
