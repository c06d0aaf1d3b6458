"""Export the graph: to networkx (for analysis in Python), GraphML, or JSON.

Nodes and edges are read type by type with the labels, relationship types and properties of the
model, so the export is the same from every store. A node's networkx id is ``<Label>:<key>``; its
attributes are ``label`` and the properties that are set.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from graph.cypher import q
from graph.store import GraphStore


def _props(names: list[str], var: str) -> str:
    return ", ".join(f"{var}.{q(n)} AS {q(n)}" for n in names)


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph as a networkx ``MultiDiGraph``.

    Edge keys are the relationship type, followed by the values of the type's edge key when it has one
    (``MENTIONS:1042``: several mentions of one item in one document are several edges).
    """
    m = store.model
    g = nx.MultiDiGraph()
    for label, t in m.nodes.items():
        key = t.key or "id"
        names = [p.name for p in t.stored if p.name != key]
        rows = store.run(f"MATCH (n:{label}) RETURN n.{q(key)} AS __key, {_props(names, 'n')}")
        for r in rows:
            attrs = {k: v for k, v in r.items() if k != "__key" and v is not None and v != []}
            g.add_node(f"{label}:{r['__key']}", label=label, key=r["__key"], **attrs)
    for rel, t in m.edges.items():
        names = [p.name for p in t.stored]
        ret = f", {_props(names, 'e')}" if names else ""
        for src, tgt in t.pairs:
            sk, tk = m.node(src).key or "id", m.node(tgt).key or "id"
            rows = store.run(
                f"MATCH (a:{src})-[e:{rel}]->(b:{tgt}) RETURN a.{q(sk)} AS __src, b.{q(tk)} AS __tgt{ret}"
            )
            for r in rows:
                attrs = {k: v for k, v in r.items() if not k.startswith("__") and v is not None and v != []}
                key = ":".join([rel, *(str(r.get(k)) for k in t.edge_key)])
                g.add_edge(f"{src}:{r['__src']}", f"{tgt}:{r['__tgt']}", key=key, type=rel, **attrs)
    return g


def _scalar(v: Any) -> Any:
    """GraphML holds scalars only: lists become JSON text."""
    return json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v


def write_graphml(store: GraphStore, path: Path) -> tuple[int, int]:
    """Write the graph as GraphML; returns (nodes, edges)."""
    g = to_networkx(store)
    for _, data in g.nodes(data=True):
        for k, v in list(data.items()):
            data[k] = _scalar(v)
    for _, _, data in g.edges(data=True):
        for k, v in list(data.items()):
            data[k] = _scalar(v)
    nx.write_graphml(g, str(path))
    return g.number_of_nodes(), g.number_of_edges()


def write_json(store: GraphStore, path: Path) -> tuple[int, int]:
    """Write the graph as JSON ``{"nodes": [...], "edges": [...]}``; returns (nodes, edges)."""
    g = to_networkx(store)
    data = {
        "nodes": [{"id": n, **attrs} for n, attrs in g.nodes(data=True)],
        "edges": [{"source": a, "target": b, **attrs} for a, b, attrs in g.edges(data=True)],
    }
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return g.number_of_nodes(), g.number_of_edges()
