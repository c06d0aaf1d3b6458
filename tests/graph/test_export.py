"""The networkx export reads the same graph out of both stores."""

from __future__ import annotations

import networkx as nx

from graph.build import BuildReport
from graph.export import to_networkx
from graph.store import GraphStore


def test_networkx_export_same_from_both_stores(
    demo_builds: dict[str, tuple[GraphStore, BuildReport]],
) -> None:
    (lady, report), (bolt, _) = demo_builds["ladybug"], demo_builds["bolt"]
    a, b = to_networkx(lady), to_networkx(bolt)
    assert isinstance(a, nx.MultiDiGraph)
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True), key=repr) == sorted(b.edges(keys=True, data=True), key=repr)
    assert a.number_of_edges() == sum(v for k, v in report.counts.items() if k in lady.model.edges)
    # provenance travels with the export: a mention edge points at its span
    mention = next(d for _, _, d in a.edges(data=True) if d["type"] == "MENTIONS")
    assert {"start", "end", "text", "source", "confidence"} <= set(mention)
