"""A synthetic graph about 100 times the demo graph, for the graph benchmark.

The demo graph (real data) is read out with ``graph.export.to_networkx`` and copied ``scale`` times:
regimes, control tools and measures stay single (every copy links to the same ones, as more documents
would), every other node is copied with ``~k`` appended to its id (copy 0 keeps the real ids, so the
queries' usual parameters still find it) and references to copied nodes inside properties follow. Names,
codes and dates are kept, so the library queries return about ``scale`` times the rows. The copies are
written with plain ``CREATE`` in large batches (the graph is new), with labels, relationship types and
properties from the schema model, so both stores get the same graph.

With ``distinct_parties`` the copies of an ``Entity`` get names of their own (every letter of the name,
aliases and their search and match keys shifted by the copy number, and ``#k`` appended): a graph of
``scale`` times as many parties, not ``scale`` parties of every name, so a lookup of one party by name
(``entity_history``) finds the real party once, as it would in a larger real list, instead of ``scale``
namesakes.

    python benchmarks/synth_graph.py ladybug:/tmp/synth.lbug --scale 100
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.citations import search_fields
from graph.connect import open_store
from graph.cypher import delete_all, q
from graph.model import Model
from graph.store import GraphStore

SHARED = ("Regime", "Tool", "Measure")
BATCH = 5000


NAME_PROPS = ("name", "name_key", "aliases", "search_names", "match_keys")


def _shift(text: str, k: int) -> str:
    """``text`` with every ASCII letter moved ``1 + (k - 1) % 25`` places on, and `` #k`` appended."""
    n = 1 + (k - 1) % 25
    out = []
    for ch in text:
        if "a" <= ch <= "z":
            ch = chr((ord(ch) - 97 + n) % 26 + 97)
        elif "A" <= ch <= "Z":
            ch = chr((ord(ch) - 65 + n) % 26 + 65)
        out.append(ch)
    return "".join(out) + f" #{k}"


def _rename(row: dict[str, Any], k: int) -> None:
    for a in NAME_PROPS:
        v = row.get(a)
        if isinstance(v, str):
            row[a] = _shift(v, k)
        elif isinstance(v, list):
            row[a] = [_shift(x, k) if isinstance(x, str) else x for x in v]
    if isinstance(row.get("search_names"), list):  # search_text of the shifted names, as loaded
        row.update(search_fields(row["search_names"]))


def _copy_id(node: str, k: int, shared: bool) -> str:
    return node if shared or k == 0 else f"{node}~{k}"


def synth_rows(
    demo: nx.MultiDiGraph, scale: int, distinct_parties: bool = False
) -> tuple[dict[str, list[dict[str, Any]]], dict[tuple[str, str, str], list[dict[str, Any]]]]:
    """Node rows by label and edge rows by (type, source label, target label) for ``scale`` copies."""
    label_of = {n: d["label"] for n, d in demo.nodes(data=True)}
    key_of = {n: d["key"] for n, d in demo.nodes(data=True)}
    copied_keys = {d["key"] for _, d in demo.nodes(data=True) if d["label"] not in SHARED}
    nodes: dict[str, list[dict[str, Any]]] = {}
    edges: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for k in range(scale):
        sfx = "" if k == 0 else f"~{k}"
        for _, d in demo.nodes(data=True):
            if d["label"] in SHARED and k > 0:
                continue
            row = {a: v for a, v in d.items() if a not in ("label", "key")}
            row["id"] = f"{d['key']}{sfx}" if d["label"] not in SHARED else d["key"]
            if k > 0:  # references to copied nodes follow the copy
                for a, v in row.items():
                    if a != "id" and isinstance(v, str) and v in copied_keys:
                        row[a] = v + sfx
                if distinct_parties and d["label"] == "Entity":
                    _rename(row, k)
            nodes.setdefault(d["label"], []).append(row)
        for a, b, d in demo.edges(data=True):
            sa, sb = label_of[a] in SHARED, label_of[b] in SHARED
            if sa and sb and k > 0:
                continue
            row = {x: v for x, v in d.items() if x != "type"}
            row["src"] = key_of[a] if sa or k == 0 else f"{key_of[a]}{sfx}"
            row["tgt"] = key_of[b] if sb or k == 0 else f"{key_of[b]}{sfx}"
            edges.setdefault((d["type"], label_of[a], label_of[b]), []).append(row)
    return nodes, edges


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


def _statement(
    store: GraphStore,
    head: str,
    create: str,
    names: list[str],
    batch: list[dict[str, Any]],
    types: dict[str, str],
) -> None:
    """Run ``head`` + ``create`` once per row of ``batch``.

    Nodes on LadybugDB travel as one list per column (``$c_<n>[i]``, lists are 1-based there): converting
    thousands of maps is what makes a plain ``UNWIND $rows`` slow on that store. Edges (whose MATCH must
    use the key index) and everything on Bolt travel as a list of maps. Columns null in every row are
    written as literal NULL.
    """
    nulls = {n for n in names if all(r.get(n) is None for r in batch)}
    if store.kind == "ladybug" and not head:  # nodes (MATCH on a list element would not use the key index)
        empty = {n for n in names if n not in nulls and all(r.get(n) == [] for r in batch)}
        params: dict[str, Any] = {
            f"c_{i}": [r.get(n) for r in batch] for i, n in enumerate(names) if n not in nulls | empty
        }
        ref = {
            n: "NULL" if n in nulls else f"CAST([] AS {types[n]})" if n in empty else f"$c_{i}[i]"
            for i, n in enumerate(names)
        }
        store.run(f"UNWIND range(1, {len(batch)}) AS i {head.format(**ref)} {create.format(**ref)}", params)
    else:
        ref = {n: ("NULL" if n in nulls else f"r.{q(n)}") for n in names}
        rows = [{k: v for k, v in r.items() if k not in nulls} for r in batch]
        store.run(f"UNWIND $rows AS r {head.format(**ref)} {create.format(**ref)}", {"rows": rows})


def write(
    store: GraphStore, nodes: dict[str, list[dict[str, Any]]], edges: dict[Any, list[dict[str, Any]]]
) -> int:
    """CREATE every node and edge (the store must be empty); returns the number of elements written."""
    m: Model = store.model
    total = 0
    for label, rows in nodes.items():
        t = m.node(label)
        clean = [m.clean(label, r) for r in rows]
        names = [p.name for p in t.stored]
        types = {p.name: p.type.ladybug for p in t.stored}
        props = ", ".join(f"{q(n)}: {{{n}}}" for n in names)
        for batch in _batches(clean):
            _statement(store, "", f"CREATE (n:{label} {{{{{props}}}}})", names, batch, types)
        total += len(clean)
    for (rel, src, tgt), rows in edges.items():
        t = m.edge(rel)
        clean = [
            {
                "src": r["src"],
                "tgt": r["tgt"],
                **m.clean(rel, {k: v for k, v in r.items() if k not in ("src", "tgt")}),
            }
            for r in rows
        ]
        names = ["src", "tgt", *(p.name for p in t.stored)]
        sk, tk = m.node(src).key or "id", m.node(tgt).key or "id"
        types = {"src": "STRING", "tgt": "STRING", **{p.name: p.type.ladybug for p in t.stored}}
        props = ", ".join(f"{q(n)}: {{{n}}}" for n in names[2:])
        head = f"MATCH (a:{src} {{{{{q(sk)}: {{src}}}}}}) MATCH (b:{tgt} {{{{{q(tk)}: {{tgt}}}}}})"
        for batch in _batches(clean):
            _statement(store, head, f"CREATE (a)-[e:{rel} {{{{{props}}}}}]->(b)", names, batch, types)
        total += len(clean)
    return total


def synth_graph(
    store: GraphStore, demo: nx.MultiDiGraph, scale: int = 100, distinct_parties: bool = False
) -> dict[str, float]:
    """Empty ``store`` and write ``scale`` copies of ``demo``; returns sizes and the seconds it took."""
    t0 = time.perf_counter()
    nodes, edges = synth_rows(demo, scale, distinct_parties)
    store.ensure_schema()
    delete_all(store, store.model)
    t1 = time.perf_counter()
    write(store, nodes, edges)
    return {
        "nodes": sum(len(v) for v in nodes.values()),
        "edges": sum(len(v) for v in edges.values()),
        "prepare_s": round(t1 - t0, 2),
        "write_s": round(time.perf_counter() - t1, 2),
    }


def main(argv: list[str] | None = None) -> None:
    """Build the demo graph in a temporary store, then write its synthetic copies to the target store."""
    import tempfile
    from pathlib import Path

    from exportwatch.app import REFERENCE_DIR, snapshot_extractions
    from graph.build import build_graph
    from graph.export import to_networkx

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", help="target store URL (ladybug:PATH or bolt://user:password@host:port/db)")
    ap.add_argument("--scale", type=int, default=100)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp, open_store(f"ladybug:{Path(tmp) / 'demo.lbug'}") as demo_store:
        build_graph(
            demo_store, extractions=snapshot_extractions(Path(tmp) / "home"), reference_dir=REFERENCE_DIR
        )
        demo = to_networkx(demo_store)
    with open_store(args.url) as store:
        print(synth_graph(store, demo, args.scale))


if __name__ == "__main__":
    main()
