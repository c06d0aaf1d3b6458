"""Generate ``docs/queries.md`` from the query files' headers (``python -m queries.docs`` rewrites it).

A test checks that the file in the repository equals what this renders, so adding or changing a query
means regenerating the page.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from queries.runner import NamedQuery, list_queries

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "queries.md"

INTRO = """\
# Query library

Generated from the headers of `queries/*.cypher` by `python -m queries.docs`; do not edit by hand (a
test checks that this page is up to date).

Each query is a Cypher file that opens with a comment header (title, description, parameters with
types and defaults, an example). The same text runs unchanged on the embedded store (LadybugDB) and on
Bolt servers (Neo4j, ArcadeDB); a test runs every query on both with the same data and compares the
answers. The schema the queries read is in [schema.md](schema.md).

## Running queries

From the command line (the store is `EXPORTWATCH_GRAPH_URL`, default the embedded `<home>/graph.lbug`):

    exportwatch query --list
    exportwatch query tool_gaps --param regime=JP --format table|json|csv
    exportwatch cypher "MATCH (t:Tool) RETURN t.id AS id ORDER BY id"      # read-only unless --write

From Python:

    import queries
    from graph import open_store
    with open_store(settings.store_target, read_only=True) as store:
        rows = queries.run(store, "tool_gaps", regime="JP")          # list of dicts
        df = queries.run_df(store, "item_timeline", item="3A090")    # pandas DataFrame
        queries.run(store, "changes_between", from_="2023-02-20", to="2023-03-05")  # from_ for `from`

Parameters are checked before the query runs: unknown or missing ones, values of the wrong type, and
reference parameters (type `Regime.id`) that name nothing in the graph give an error listing the valid
choices. Values always travel as query parameters, never formatted into the text. A `date` parameter `x`
is also passed as `x_day` (days since 1970-01-01), for date arithmetic.

## Writing portable queries

The queries keep to a subset that LadybugDB, ArcadeDB and Neo4j read alike:

- no `UNION` (LadybugDB returns the parts in another order), no `CALL { }` subqueries, no list
  comprehensions, no `type()`/`labels()`, no `toInteger()`/`round()`; precompute such values at load time
  (day numbers, lags, lower-case names);
- `ORDER BY` only in the final `RETURN`, on returned columns that are never null (use `coalesce`) and whose
  names differ from node variables; rows of a `collect()` have no defined order on any store;
- a parameter is not used inside a list predicate (`any(x IN list WHERE ... $p ...)`): bind it first
  with `WITH $p AS p`; aggregate over scalar columns rather than over optional relationships;
- `end` is a keyword in LadybugDB: write ``e.`end` ``.

## Queries
"""


def _section(q: NamedQuery) -> list[str]:
    out = [f"### `{q.name}`: {q.title}", "", q.description, ""]
    if q.params:
        out += ["| parameter | type | default | description |", "|---|---|---|---|"]
        for p in q.params:
            default = "required" if p.required else f"`{json.dumps(p.default)}`"
            out.append(f"| `{p.name}` | {p.type} | {default} | {p.description} |")
        out.append("")
    else:
        out += ["No parameters.", ""]
    if q.example:
        out += ["Example:", "", f"    {q.example}", ""]
    body = "\n".join(line for line in q.text.splitlines() if not line.startswith("//")).strip()
    out += ["```cypher", body, "```", ""]
    return out


def render_queries_md() -> str:
    """The Markdown page of the query library."""
    lines = [INTRO]
    qs = list_queries()
    lines += [f"- [`{q.name}`](#{q.name}-{q.title.lower().replace(' ', '-')}): {q.title}" for q in qs]
    lines.append("")
    for q in qs:
        lines += _section(q)
    return "\n".join(lines)


def write_queries_md(path: Path = DOC_PATH) -> Path:
    """Write the rendered page to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_queries_md(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write_queries_md(Path(sys.argv[1]) if len(sys.argv) > 1 else DOC_PATH))
