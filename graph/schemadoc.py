"""Generate ``docs/schema.md`` from the schema model (``python -m graph.schemadoc`` rewrites it).

A test checks that the file in the repository equals what this renders, so the docs cannot drift from
``graph/schema/*.yaml``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from graph.model import Model, SchemaType, model

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "schema.md"

INTRO = """\
# Graph schema

Generated from `graph/schema/*.yaml` by `python -m graph.schemadoc`; do not edit by hand (a test checks
that this file is up to date).

One graph links US controls to the allied regimes by control tool, item, entity and event. Every node
carries `source` (a Document id in the graph, an official URL or a citation) and `confidence`
(`official`, `reported`, `extracted` or `derived`); every edge read from a document's text carries the
span it was read from (`start`, `end`, `page`, `text`). Dates are ISO strings; each date property `x` has
a derived integer `x_day` (days since 1970-01-01), precomputed at load time so that queries can do date
arithmetic the same way on every store. A Federal Register citation gives the year of its volume:
volume N was published in 1935 + N (88 FR -> 2023).

The same schema drives both stores: LadybugDB tables (`CREATE NODE TABLE` / `CREATE REL TABLE` with
every FROM/TO pair) and, on Bolt servers (Neo4j, ArcadeDB), a uniqueness constraint on each node key.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _properties(t: SchemaType) -> list[str]:
    lines = ["| property | type | description |", "|---|---|---|"]
    for p in t.properties.values():
        flags = []
        if t.key == p.name:
            flags.append("key")
        if p.required and t.key != p.name:
            flags.append("required")
        if p.enum:
            flags.append("one of " + ", ".join(f"`{v}`" for v in p.enum))
        if p.defined_in and p.defined_in != t.name:
            flags.append(f"from {p.defined_in}")
        extra = f" ({'; '.join(flags)})" if flags else ""
        lines.append(f"| `{p.name}` | {p.type.name} | {_cell(p.description)}{extra} |")
    return lines


def render_schema_md(m: Model | None = None) -> str:
    """The Markdown documentation of the model."""
    m = m or model()
    out = [INTRO, "## Overview", "", "| edge | from | to | what it says |", "|---|---|---|---|"]
    for name, t in sorted(m.edges.items()):
        out.append(f"| `{name}` | {', '.join(t.sources)} | {', '.join(t.targets)} | {_cell(t.description)} |")
    out += ["", "## Node types", ""]
    for name, t in sorted(m.nodes.items()):
        out += [f"### {name}", "", t.description, "", f"Key: `{t.key}`.", "", *_properties(t), ""]
    out += ["## Edge types", ""]
    for name, t in sorted(m.edges.items()):
        key = (
            f" Parallel edges told apart by: {', '.join(f'`{k}`' for k in t.edge_key)}." if t.edge_key else ""
        )
        out += [
            f"### {name}",
            "",
            t.description,
            "",
            f"From {', '.join(t.sources)} to {', '.join(t.targets)}.{key}",
            "",
        ]
        out += [*_properties(t), ""]
    abstract = sorted(n for n, t in m.types.items() if t.abstract)
    out += [
        "## Abstract bases",
        "",
        "Bases that lend properties: " + ", ".join(f"`{a}`" for a in abstract) + ".",
        "",
    ]
    return "\n".join(out)


def write_schema_md(path: Path = DOC_PATH) -> Path:
    """Write the rendered documentation to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_schema_md(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_schema_md(Path(sys.argv[1]) if len(sys.argv) > 1 else DOC_PATH))
