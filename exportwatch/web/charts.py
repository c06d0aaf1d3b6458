"""Server-rendered SVG: the ally lag bar chart and the console's small node-link view.

Both are plain data for the templates (coordinates and labels); the templates write the SVG elements,
so every label goes through the template engine's escaping. No script is needed to read them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from graph.store import Row

BAR_HEIGHT = 22
LABEL_WIDTH = 260
CHART_WIDTH = 760


@dataclass(frozen=True)
class Bar:
    y: int
    width: float
    label: str
    value: str
    title: str
    regime: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bars: tuple[Bar, ...]
    ticks: tuple[tuple[float, str], ...]


def lag_chart(rows: list[Row]) -> BarChart | None:
    """One bar per allied measure: months after the US measure it answered (None without rows)."""
    rows = [r for r in rows if r.get("lag_months") is not None]
    if not rows:
        return None
    top = max(float(r["lag_months"]) for r in rows)
    scale_max = max(6.0, math.ceil(top / 6.0) * 6.0)
    plot = CHART_WIDTH - LABEL_WIDTH - 50
    bars = []
    for n, r in enumerate(sorted(rows, key=lambda r: (float(r["lag_months"]), str(r["measure"])))):
        months = float(r["lag_months"])
        bars.append(
            Bar(
                y=n * (BAR_HEIGHT + 6) + 4,
                width=max(1.0, plot * months / scale_max),
                label=f"{r['regime']} {r['measure']}",
                value=f"{months:.1f}",
                title=f"{r.get('name') or r['measure']}: {months:.1f} months after {r['us_measure']}",
                regime=str(r["regime"]),
            )
        )
    height = len(bars) * (BAR_HEIGHT + 6) + 30
    ticks = tuple(
        (LABEL_WIDTH + plot * m / scale_max, f"{m:g}")
        for m in range(0, int(scale_max) + 1, 6 if scale_max <= 36 else 12)
    )
    return BarChart(CHART_WIDTH, height, LABEL_WIDTH, tuple(bars), ticks)


@dataclass
class NodeLink:
    """Nodes (id, label, kind, x, y) and links (source index, target index, label) laid on a circle."""

    nodes: list[dict[str, Any]] = field(default_factory=list)
    links: list[dict[str, Any]] = field(default_factory=list)
    size: int = 420


def _node_key(v: dict[str, Any]) -> str | None:
    label = v.get("_label")
    key = v.get("id")
    if label is None or key is None or isinstance(label, list) and not label:
        return None
    return f"{label if isinstance(label, str) else ':'.join(label)}:{key}"


def node_link(rows: list[Row], *, limit: int = 40) -> NodeLink | None:
    """The nodes a result returns, linked in column order within each row (through a relationship cell).

    A row ``a, r, b`` with two nodes and a relationship gives the link a -r-> b. Rows without nodes give
    nothing; None when there is no node at all. At most ``limit`` nodes are drawn.
    """
    index: dict[str, int] = {}
    out = NodeLink()
    seen_links: set[tuple[int, int, str]] = set()
    for row in rows:
        prev: int | None = None
        rel: str = ""
        for value in row.values():
            if not isinstance(value, dict) or "_label" not in value:
                continue
            key = _node_key(value)
            if key is None:  # a relationship: it labels the next link
                rel = str(value["_label"])
                continue
            if key not in index:
                if len(index) >= limit:
                    continue
                index[key] = len(out.nodes)
                label = value["_label"]
                out.nodes.append(
                    {
                        "key": key,
                        "kind": label if isinstance(label, str) else ":".join(label),
                        "id": str(value.get("id")),
                        "name": str(
                            value.get("name") or value.get("title") or value.get("code") or value.get("id")
                        ),
                    }
                )
            here = index[key]
            if prev is not None and prev != here and (prev, here, rel) not in seen_links:
                seen_links.add((prev, here, rel))
                out.links.append({"source": prev, "target": here, "label": rel})
            prev, rel = here, ""
    if not out.nodes:
        return None
    n = len(out.nodes)
    c = out.size / 2
    radius = c - 60 if n > 1 else 0
    for i, node in enumerate(out.nodes):
        angle = 2 * math.pi * i / n - math.pi / 2
        node["x"] = round(c + radius * math.cos(angle), 1)
        node["y"] = round(c + radius * math.sin(angle), 1)
        node["short"] = node["name"] if len(node["name"]) <= 24 else node["name"][:23] + "\u2026"
    for link in out.links:
        a, b = out.nodes[link["source"]], out.nodes[link["target"]]
        link.update(
            x1=a["x"], y1=a["y"], x2=b["x"], y2=b["y"], mx=(a["x"] + b["x"]) / 2, my=(a["y"] + b["y"]) / 2
        )
    return out
