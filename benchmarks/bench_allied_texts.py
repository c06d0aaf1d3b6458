"""How fast allied legal texts go through the version and diff machinery: JP goods ordinance, EU Annex I.

    .venv/bin/python benchmarks/bench_allied_texts.py [--repeat 20] [--full OLD.xml NEW.xml]

Japan: parse (``ingest.parse_egov``) one version, split it into article versions (``ingest.text.egov``),
diff article 6 of two versions (``ingest.text.diff``) and detect the change event (``ingest.text.changes``).
Without ``--full`` it measures the bundled real excerpts (article 6 items 17 to 17-3 before and after
2023-07-23, 17-39 KB); with ``--full`` two whole versions of the ordinance (e-Gov XML, about 1 MB each, e.g.
``403M50000400049_20221206_*.xml`` and ``..._20230723_*.xml`` of the public repository
xyna-bpinelab/law-as-code-fefta, ``jurisdictions/jp/raw/ministerial_orders/``). No full version is bundled
(the repository vendors trimmed excerpts only), so the full-size figure needs those files.

With ``--full-one NEW.xml`` (one whole version, e.g. ``..._20240908_*.xml``) the older version is made from
it: its article 6 paragraph 1 items 17 onwards up to item 18 are replaced by those of the bundled excerpt of
the version before (``--older``, default the 2024-02-01 excerpt). The two then differ exactly where the real
versions differ in those items, at full size; what else the real older version changed elsewhere is not in
it, so this measures cost, not the real change.

EU: the 366 entries of the bundled Annex I list (2022) as versions (headings only), and the diff of every
entry against itself and against the same list with one heading changed per category (two versions of the list
in memory; the bundle holds one real version only, so this measures cost, not a real change).

Prints the median time of each step, bytes or entries per second, and the ratios between the steps.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exportwatch.app import REFERENCE_DIR  # noqa: E402
from graph.load_allied_text import annex_versions  # noqa: E402
from graph.reference import load_reference  # noqa: E402
from ingest.parse_egov import parse_egov  # noqa: E402
from ingest.text import TextVersion, diff_versions  # noqa: E402
from ingest.text.changes import detect_changes  # noqa: E402
from ingest.text.egov import article_versions  # noqa: E402

BUNDLE = REFERENCE_DIR / "allied_texts" / "jp_egov"
DEFAULT = (
    BUNDLE / "403M50000400049_20221206_令和四年経済産業省令第七十八号.xml",
    BUNDLE / "403M50000400049_20230723_令和五年経済産業省令第二十五号.xml",
)
OLDER = BUNDLE / "403M50000400049_20240201_令和五年経済産業省令第五十三号.xml"


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1000


def bench_jp(old: Path, new: Path, repeat: int) -> None:
    a_bytes, b_bytes = old.read_bytes(), new.read_bytes()
    parse_ms = median_ms(lambda: parse_egov(b_bytes, source_name=new.name), repeat)
    b = parse_egov(b_bytes, source_name=new.name)
    a = parse_egov(a_bytes, source_name=old.name)
    split_ms = median_ms(lambda: article_versions(b, source=new.name), repeat)
    va, vb = article_versions(a, source=old.name), article_versions(b, source=new.name)
    art6 = [v for v in va + vb if v.ref.endswith(" art. 6")]
    diff_ms = median_ms(lambda: diff_versions(art6[0], art6[1]), repeat)
    d = diff_versions(art6[0], art6[1])
    events_ms = median_ms(lambda: detect_changes(va + vb), repeat)
    events = detect_changes(va + vb)
    print(f"JP goods ordinance: {new.name} ({len(b_bytes):,} bytes, {len(b.provisions):,} provisions, "
          f"{len(vb)} articles/tables)")  # fmt: skip
    print(f"  parse one version         {parse_ms:8.2f} ms  ({len(b_bytes) / parse_ms / 1000:6.2f} MB/s)")
    print(f"  split into article texts  {split_ms:8.2f} ms  ({split_ms / parse_ms:.2f}x parse)")
    print(f"  diff art. 6               {diff_ms:8.2f} ms  ({diff_ms / parse_ms:.2f}x parse; "
          f"{len(d.changes)} paragraph changes)")  # fmt: skip
    print(f"  change events, 2 versions {events_ms:8.2f} ms  ({events_ms / parse_ms:.2f}x parse; "
          f"{len(events)} event(s))")  # fmt: skip
    total = 2 * parse_ms + 2 * split_ms + events_ms
    print(f"  two versions end to end   {total:8.2f} ms")


def bench_eu(repeat: int) -> None:
    ref = load_reference(REFERENCE_DIR)
    assert ref.eu is not None
    build_ms = median_ms(lambda: annex_versions(ref.eu), repeat)  # type: ignore[arg-type]
    versions = annex_versions(ref.eu)
    seen: set[str] = set()
    changed: list[TextVersion] = []
    for v in versions:
        cat = v.ref.split(":")[1][0]
        heading = v.heading + " (changed)" if cat not in seen else v.heading
        seen.add(cat)
        changed.append(TextVersion(v.ref, "2099-01-01", heading, v.paragraphs, v.source, v.parser, v.dated_by,
                                   v.covers, v.source_url, v.confidence, v.meta))  # fmt: skip
    same_ms = median_ms(lambda: [diff_versions(v, v) for v in versions], repeat)
    pairs = list(zip(versions, changed, strict=True))
    diff_ms = median_ms(lambda: [diff_versions(a, b) for a, b in pairs], repeat)
    n_changed = sum(1 for a, b in pairs if diff_versions(a, b).changes)
    events_ms = median_ms(lambda: detect_changes(versions + changed), repeat)
    print(f"EU Annex I (2022 list): {len(versions)} entries")
    print(
        f"  entries as versions       {build_ms:8.2f} ms  ({len(versions) / build_ms * 1000:,.0f} entries/s)"
    )
    print(f"  diff every entry, equal   {same_ms:8.2f} ms  ({same_ms / len(versions) * 1000:.1f} us/entry)")
    print(f"  diff, one heading changed per category {diff_ms:8.2f} ms  ({n_changed} entries differ; "
          f"{diff_ms / same_ms:.2f}x the equal diff)")  # fmt: skip
    print(f"  change events             {events_ms:8.2f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--full", nargs=2, type=Path, metavar=("OLD", "NEW"), help="two full e-Gov XML versions")
    ap.add_argument("--full-one", type=Path, metavar="NEW", help="one full version; the older made from it")
    ap.add_argument("--older", type=Path, default=OLDER, help="excerpt whose items 17.. go into --full-one")
    args = ap.parse_args()
    if args.full_one:
        with tempfile.TemporaryDirectory() as tmp:
            older = Path(tmp) / args.older.name
            older.write_bytes(spliced(args.full_one.read_bytes(), args.older.read_bytes()))
            print(f"(whole {args.full_one.name}; older: the same with items 17.. of {args.older.name})")
            bench_jp(older, args.full_one, args.repeat)
    else:
        old, new = args.full or DEFAULT
        if not args.full:
            print("(bundled real excerpts; give --full OLD.xml NEW.xml for whole ~1 MB versions)")
        bench_jp(old, new, args.repeat)
    bench_eu(args.repeat)


def _item_run(doc: etree._Element) -> tuple[etree._Element, list[etree._Element]]:
    """Article 6 paragraph 1 and its items from 17 up to (not including) 18."""
    para = doc.find(".//MainProvision//Article[@Num='6']/Paragraph[@Num='1']")
    if para is None:
        raise SystemExit("no article 6 paragraph 1 in the version")
    run = [it for it in para.findall("Item") if it.get("Num", "").split("_")[0] == "17"]
    return para, run


def spliced(full: bytes, excerpt: bytes) -> bytes:
    """``full`` with its article 6 para. 1 items 17 to 17-n replaced by those of ``excerpt``."""
    doc, part = etree.fromstring(full), etree.fromstring(excerpt)
    para, mine = _item_run(doc)
    _, theirs = _item_run(part)
    if not mine or not theirs:
        raise SystemExit("item 17 not found in both versions")
    at = list(para).index(mine[0])
    for it in mine:
        para.remove(it)
    for i, it in enumerate(theirs):
        para.insert(at + i, copy.deepcopy(it))
    out: bytes = etree.tostring(doc, xml_declaration=True, encoding="UTF-8")
    return out


if __name__ == "__main__":
    main()
