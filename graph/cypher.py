"""Portable write statements derived from the schema model: batched MERGE of nodes and edges.

Labels, relationship types and property names come from the model; values always travel as
parameters (``UNWIND $rows AS r``). The statements run unchanged on LadybugDB, ArcadeDB and Neo4j:
property names that are Cypher keywords (``end``) are quoted, and a property that is null in every
row of a batch is set with a literal ``NULL`` (LadybugDB cannot type an all-null struct field).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from graph.model import Model, SchemaType
from graph.store import Row, Runner

BATCH = 1000

# Words that cannot stand unquoted as a property name in at least one of the stores.
_RESERVED = {
    "all",
    "and",
    "any",
    "as",
    "asc",
    "by",
    "call",
    "case",
    "contains",
    "count",
    "create",
    "delete",
    "desc",
    "detach",
    "distinct",
    "else",
    "end",
    "ends",
    "exists",
    "false",
    "in",
    "is",
    "key",
    "limit",
    "match",
    "merge",
    "none",
    "not",
    "null",
    "on",
    "optional",
    "or",
    "order",
    "remove",
    "return",
    "set",
    "single",
    "skip",
    "starts",
    "then",
    "true",
    "union",
    "unwind",
    "when",
    "where",
    "with",
    "xor",
    "yield",
}


def q(name: str) -> str:
    """A property name as it may appear in a statement (backticks around keywords)."""
    return f"`{name}`" if name.lower() in _RESERVED else name


def _batches(rows: Sequence[Row], size: int = BATCH) -> Iterable[list[Row]]:
    for i in range(0, len(rows), size):
        yield list(rows[i : i + size])


def _assignments(var: str, names: Sequence[str], batch: list[Row]) -> tuple[str, list[Row]]:
    """``SET`` items for ``names``, with all-null columns as literal NULL; the rows without them."""
    parts: list[str] = []
    nulls = [n for n in names if all(r.get(n) is None for r in batch)]
    for n in names:
        parts.append(f"{var}.{q(n)} = NULL" if n in nulls else f"{var}.{q(n)} = r.{q(n)}")
    if nulls:
        batch = [{k: v for k, v in r.items() if k not in nulls} for r in batch]
    return ", ".join(parts), batch


def upsert_nodes(runner: Runner, model: Model, label: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """MERGE nodes of ``label`` by key and SET every declared property (cleaned by the model).

    Returns:
        The number of rows written.
    """
    t = model.node(label)
    clean = [model.clean(label, r) for r in rows]
    for batch in _batches(clean):
        names = [p.name for p in t.stored if p.name != t.key]
        sets, batch = _assignments("n", names, batch)
        runner.run(
            f"UNWIND $rows AS r MERGE (n:{label} {{{q(t.key or 'id')}: r.{q(t.key or 'id')}}}) SET {sets}",
            {"rows": batch},
        )
    return len(clean)


def merge_stubs(runner: Runner, model: Model, label: str, rows: Iterable[Mapping[str, Any]]) -> int:
    """MERGE nodes of ``label`` that may already exist: the given properties are set on creation only.

    Used for nodes a fact refers to before (or without) their own source being loaded: an item a
    document mentions, a document a citation names. A later full load of the node overwrites them.
    """
    t = model.node(label)
    clean = [model.clean(label, r, partial=True) for r in rows]
    groups: dict[tuple[str, ...], list[Row]] = {}
    for r in clean:
        groups.setdefault(tuple(sorted(r)), []).append(r)
    for keys, group in groups.items():
        names = [k for k in keys if k != t.key]
        for batch in _batches(group):
            sets, batch = _assignments("n", names, batch)
            on_create = f" ON CREATE SET {sets}" if names else ""
            key = q(t.key or "id")
            runner.run(f"UNWIND $rows AS r MERGE (n:{label} {{{key}: r.{key}}}){on_create}", {"rows": batch})
    return len(clean)


def _edge_props(t: SchemaType) -> list[str]:
    return [p.name for p in t.stored if p.name not in t.edge_key]


def upsert_edges(
    runner: Runner,
    model: Model,
    rel: str,
    source: str,
    target: str,
    rows: Iterable[Mapping[str, Any]],
) -> int:
    """MERGE edges ``(source)-[rel]->(target)``; each row holds ``src`` and ``tgt`` keys plus properties.

    Edges are told apart by the type's edge key (``edge: key:`` in the schema; none means one edge of
    this type per pair). Both ends must exist: rows whose ends are missing write nothing.
    """
    t = model.edge(rel)
    if (source, target) not in t.pairs:
        raise ValueError(f"{rel} does not connect {source} to {target}")
    src_key = model.node(source).key or "id"
    tgt_key = model.node(target).key or "id"
    clean: list[Row] = []
    for r in rows:
        props = {k: v for k, v in r.items() if k not in ("src", "tgt")}
        clean.append({"src": r["src"], "tgt": r["tgt"], **model.clean(rel, props)})
    names = _edge_props(t)
    keymap = ", ".join(f"{q(k)}: r.{q(k)}" for k in t.edge_key)
    pattern = f"[e:{rel} {{{keymap}}}]" if keymap else f"[e:{rel}]"
    for batch in _batches(clean):
        sets, batch = _assignments("e", names, batch)
        set_clause = f" SET {sets}" if names else ""
        runner.run(
            f"UNWIND $rows AS r MATCH (a:{source} {{{q(src_key)}: r.src}}) "
            f"MATCH (b:{target} {{{q(tgt_key)}: r.tgt}}) MERGE (a)-{pattern}->(b){set_clause}",
            {"rows": batch},
        )
    return len(clean)


def delete_nodes(runner: Runner, model: Model, label: str, where: str, params: Mapping[str, Any]) -> None:
    """DETACH DELETE the nodes ``n`` of ``label`` matching the condition ``where`` (on ``n``)."""
    model.node(label)
    runner.run(f"MATCH (n:{label}) WHERE {where} DETACH DELETE n", params)


def delete_edges(
    runner: Runner, model: Model, rel: str, source: str, where: str, params: Mapping[str, Any]
) -> None:
    """DELETE the ``rel`` edges ``e`` leaving nodes ``a`` of ``source`` (to any ``b``) matching ``where``."""
    t = model.edge(rel)
    if not any(s == source for s, _ in t.pairs):
        raise ValueError(f"{rel} does not leave {source}")
    runner.run(f"MATCH (a:{source})-[e:{rel}]->(b) WHERE {where} DELETE e", params)


def delete_all(runner: Runner, model: Model) -> None:
    """Remove every node and edge of every type the model knows."""
    for label in model.nodes:
        runner.run(f"MATCH (n:{label}) DETACH DELETE n")


def counts(runner: Runner, model: Model) -> dict[str, int]:
    """Number of nodes per label and edges per relationship type (only the non-zero ones)."""
    out: dict[str, int] = {}
    for label in model.nodes:
        rows = runner.run(f"MATCH (n:{label}) RETURN count(n) AS c")
        if rows and rows[0]["c"]:
            out[label] = int(rows[0]["c"])
    for rel, t in model.edges.items():
        total = 0
        for s, tg in t.pairs:
            rows = runner.run(f"MATCH (:{s})-[e:{rel}]->(:{tg}) RETURN count(e) AS c")
            total += int(rows[0]["c"]) if rows else 0
        if total:
            out[rel] = total
    return out
