"""Point-in-time text: parsing eCFR XML, loading every CCL version, ``show``/``diff`` latency, diff libraries.

    .venv/bin/python benchmarks/bench_text.py [--repeat N] [--home DIR]

- parse: ``ingest.parse_ecfr.parse_parts`` over every part of the real bulk eCFR title 1 (484 KB) and
  ``ingest.parse_ccl_xml.parse_ccl`` over the CCL excerpt, as MB/s and against a bare ``lxml`` parse. No real
  part-774 XML (about 2 MB) is bundled: the CCL figure is also given for a 2 MB document made by repeating the
  excerpt's two entries under distinct codes (SYNTHETIC size, real text). With ``--home``, every eCFR part
  payload of that data home's raw store is parsed as well (after ``exportwatch sync --source ecfr``).
- load: every bundled CCL version (two texts, 1,238 ItemVersion nodes) into a fresh embedded store.
- latency: median of ``show``/``diff`` over the demo graph (embedded store), aim under 50 ms.
- diff: word-level diff of every paragraph pair the two bundled CCL texts hold, with ``difflib`` (used),
  and, when installed, ``cydifflib`` and ``diff-match-patch`` for comparison.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from exportwatch.app import REFERENCE_DIR  # noqa: E402
from graph.ccl_versions import item_text  # noqa: E402
from graph.connect import open_store  # noqa: E402
from graph.load_reference import load_ccl  # noqa: E402
from graph.reference import load_reference  # noqa: E402
from ingest.parse_ccl_xml import parse_ccl  # noqa: E402
from ingest.parse_ecfr import parse_part, parse_parts  # noqa: E402
from ingest.text import diff_versions, word_diff  # noqa: E402

ECFR = REPO / "tests/fixtures/ecfr"
TITLE1 = Path("/work/shared/data/ecfr/ECFR-title1_2024-03.xml")
TITLE1_TRIMMED = ECFR / "ecfr_title1_parts12_18_2024-03.xml"
CCL = ECFR / "ccl_774_supp1_3A090_4E091_reconstructed.xml"


def median_ms(fn: Callable[[], object], repeat: int, clock: Callable[[], float] = time.process_time) -> float:
    """Median milliseconds of ``fn`` over ``repeat`` runs: CPU time by default (the machine is shared)."""
    times = []
    for _ in range(repeat):
        t = clock()
        fn()
        times.append(clock() - t)
    return statistics.median(times) * 1000


def synthetic_ccl(size: int) -> bytes:
    """The excerpt's entries repeated under distinct (made-up) codes until ``size`` bytes: size only."""
    text = CCL.read_text(encoding="utf-8")
    body = text[text.index("<HD1>") : text.rindex("</DIV9>")]
    parts, n = [], 0
    while sum(len(p) for p in parts) < size:
        n += 1
        parts.append(re.sub(r"<B>(\d[A-E])\d{3}", lambda m, k=n: f"<B>{m.group(1)}{k % 1000:03d}", body))
    head = text[: text.index("<HD1>")]
    return (head + "".join(parts) + "</DIV9>\n").encode("utf-8")


def bench_parse(repeat: int, home: Path | None) -> None:
    data = TITLE1.read_bytes() if TITLE1.exists() else TITLE1_TRIMMED.read_bytes()
    parts = [p.get("N") for p in etree.fromstring(data).iter("DIV5")]
    bare = median_ms(lambda: etree.fromstring(data), repeat)
    full = median_ms(lambda: parse_parts(data, title=1, valid_from="2024-03-01", source="b"), repeat)
    mb = len(data) / 1e6
    print(
        f"parse eCFR title 1 ({mb:.2f} MB, {len(parts)} parts): {full:.1f} ms, {mb / full * 1000:.1f} MB/s, "
        f"{full / bare:.1f}x a bare lxml parse ({bare:.1f} ms)"
    )
    for label, blob in (("excerpt", CCL.read_bytes()), ("SYNTHETIC 2 MB", synthetic_ccl(2_000_000))):
        bare = median_ms(lambda b=blob: etree.fromstring(b), repeat)
        t = median_ms(lambda b=blob: parse_ccl(b, source="b"), repeat)
        n = len(parse_ccl(blob, source="b"))
        mb = len(blob) / 1e6
        print(
            f"parse CCL XML {label} ({mb:.2f} MB, {n} entries): {t:.1f} ms, {mb / t * 1000:.1f} MB/s, "
            f"{t / bare:.1f}x bare lxml"
        )
    if home is not None:
        from ingest.rawstore import RawStore
        from ingest.sources.us_ecfr.crawler import stored_parts

        raw = RawStore(home / "raw")
        stored = stored_parts(raw)
        total = sum(len(raw.get(p.sha256)) for p in stored)
        t = time.perf_counter()
        for p in stored:
            parse_part(raw.get(p.sha256), title=p.title, part=p.part, valid_from=p.day, source=p.url)
        secs = time.perf_counter() - t
        print(
            f"parse every stored eCFR part payload: {len(stored)} payloads, {total / 1e6:.1f} MB, "
            f"{secs:.2f} s"
        )


def bench_load() -> None:
    ref = load_reference(REFERENCE_DIR)
    with tempfile.TemporaryDirectory() as d:
        store = open_store(f"ladybug:{d}/g.lbug")
        store.ensure_schema()
        t = time.perf_counter()
        n = load_ccl(store, ref.ccl)
        secs = time.perf_counter() - t
        v = store.run("MATCH (v:ItemVersion) RETURN count(v) AS n")[0]["n"]
        store.close()
    print(f"load every bundled CCL version: {n} items, {v} versions in {secs:.2f} s")


def bench_latency(home: Path, repeat: int) -> None:
    from queries.texts import diff, show

    store = open_store(f"ladybug:{home / 'graph.lbug'}", read_only=True)
    for label, fn in (
        ("show 3A090", lambda: show(store, "3A090", "2026-01-01")),
        ("show 3A090.a.1", lambda: show(store, "3A090.a.1")),
        ("diff 3A090", lambda: diff(store, "3A090", "2025-07-11", "2026-07-23")),
        ("diff 5A002", lambda: diff(store, "5A002", "2025-07-11", "2026-07-23")),
    ):
        fn()
        ms = median_ms(fn, repeat, time.perf_counter)
        print(f"{label}: median wall {ms:.1f} ms ({'within' if ms < 50 else 'OVER'} the 50 ms aim)")
    store.close()


def bench_diff(repeat: int) -> None:
    old, new = load_reference(REFERENCE_DIR).ccl
    a = {i["code"]: i for i in old.items}
    pairs = []
    t = time.perf_counter()
    for i in new.items:
        if i["code"] in a:
            d = diff_versions(item_text(old, a[i["code"]]), item_text(new, i))
            pairs += [(c.before or "", c.after or "") for c in d.changes]
    whole = time.perf_counter() - t
    print(
        f"diff every ECCN of the two texts: {whole:.2f} s ({len(new.items)} entries, "
        f"{len(pairs)} changed paragraphs)"
    )
    texts = []  # paragraph pairs with the same designation in both texts (changed or not)
    for i in new.items:
        if i["code"] in a:
            before = {p.designation: p.text for p in item_text(old, a[i["code"]]).paragraphs}
            texts += [
                (before[p.designation], p.text)
                for p in item_text(new, i).paragraphs
                if p.designation in before
            ]
    ms = median_ms(lambda: [word_diff(x, y) for x, y in texts], max(3, repeat // 3))
    print(
        f"word diff, difflib: {len(texts)} paragraph pairs in {ms:.0f} ms "
        f"({ms / len(texts) * 1000:.0f} µs a pair)"
    )
    try:
        import cydifflib

        tok = re.compile(r"\s+|[^\s]+")
        ms2 = median_ms(
            lambda: [
                cydifflib.SequenceMatcher(None, tok.findall(x), tok.findall(y), autojunk=False).get_opcodes()
                for x, y in texts
            ],
            max(3, repeat // 3),
        )
        print(f"word diff, cydifflib: {ms2:.0f} ms ({ms / ms2:.1f}x faster than difflib)")
    except ImportError:
        print("word diff, cydifflib: not installed")
    try:
        import diff_match_patch

        dmp = diff_match_patch.diff_match_patch()
        dmp.Diff_Timeout = 1.0
        ms3 = median_ms(lambda: [dmp.diff_main(x, y) for x, y in texts], max(3, repeat // 3))
        print(
            f"character diff, diff-match-patch: {ms3:.0f} ms ({ms3 / ms:.1f}x difflib's time; "
            "characters, not words)"
        )
    except ImportError:
        print("character diff, diff-match-patch: not installed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument(
        "--home", type=Path, default=None, help="a data home with the demo graph (default: build one)"
    )
    args = ap.parse_args()
    bench_parse(args.repeat, args.home)
    bench_load()
    bench_diff(args.repeat)
    home = args.home
    if home is None:
        from exportwatch import api

        home = Path(tempfile.mkdtemp(prefix="ew-bench-text-"))
        print(f"building the demo graph in {home} ...")
        api.demo_graph(home)
    bench_latency(home, args.repeat * 5)


if __name__ == "__main__":
    main()
