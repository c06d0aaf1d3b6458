"""The graph schema, in one place: ``graph/schema/*.yaml`` loaded once into a ``Model``.

One YAML file per node or edge type (FollowTheMoney style). The file stem is the type's name (its
label or relationship type). Keys:

- ``kind``: ``node`` or ``edge``; ``abstract: true`` for bases that only lend properties;
- ``extends``: a base of the same kind (or a list of them), whose properties are inherited;
- ``description``; ``key``: the property that identifies a node (nodes only);
- ``properties``: name -> ``{type, description, required, enum}``; types in ``graph.types.TYPES``;
- ``edge``: ``{source, target, key}``: node type(s) at each end, and the properties (if any) that tell
  apart several edges of this type between the same two nodes.

Loading reads every file (a broken one raises ``SchemaError`` naming it), then a resolve pass checks
references (bases, edge ends, keys) and flattens inherited properties. A ``date`` property ``x`` gets a
derived ``x_day`` integer (see ``graph.types``). Stores, loaders and docs take labels, relationship types
and properties from the model, never from literals. ``EXPORTWATCH_GRAPH_SCHEMA`` overrides the directory.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict, cast

import yaml

from exportwatch.errors import SchemaError
from graph.types import TYPES, PropType, day_number

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
ENV_SCHEMA = "EXPORTWATCH_GRAPH_SCHEMA"
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class PropertySpec(TypedDict):
    """One property as written in a schema file."""

    type: str
    description: NotRequired[str]
    required: NotRequired[bool]
    enum: NotRequired[list[str]]


class EdgeSpec(TypedDict):
    """The ``edge`` block of an edge type."""

    source: str | list[str]
    target: str | list[str]
    key: NotRequired[list[str]]


class SchemaSpec(TypedDict):
    """One schema file."""

    kind: Literal["node", "edge"]
    description: NotRequired[str]
    abstract: NotRequired[bool]
    extends: NotRequired[str | list[str]]
    key: NotRequired[str]
    properties: NotRequired[dict[str, PropertySpec]]
    edge: NotRequired[EdgeSpec]


_SPEC_KEYS = set(SchemaSpec.__annotations__)
_PROP_KEYS = set(PropertySpec.__annotations__)
_EDGE_KEYS = set(EdgeSpec.__annotations__)


@dataclass(frozen=True)
class Property:
    """A resolved property of a type."""

    name: str
    type: PropType
    description: str = ""
    required: bool = False
    enum: tuple[str, ...] = ()
    derived_from: str | None = None  # for `<date>_day` companions
    defined_in: str = ""


@dataclass(frozen=True)
class SchemaType:
    """A resolved node or edge type."""

    name: str
    kind: Literal["node", "edge"]
    description: str
    abstract: bool
    extends: tuple[str, ...]
    properties: dict[str, Property]
    key: str | None = None
    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    edge_key: tuple[str, ...] = ()
    path: Path | None = None

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """Every (source label, target label) an edge type connects."""
        return [(s, t) for s in self.sources for t in self.targets]

    @property
    def stored(self) -> list[Property]:
        """Properties the loaders set (everything, derived ones included)."""
        return list(self.properties.values())


@dataclass(frozen=True)
class Model:
    """Every type of the graph, resolved."""

    types: dict[str, SchemaType]
    directory: Path

    @property
    def nodes(self) -> dict[str, SchemaType]:
        """Concrete node types by label."""
        return {n: t for n, t in self.types.items() if t.kind == "node" and not t.abstract}

    @property
    def edges(self) -> dict[str, SchemaType]:
        """Concrete edge types by relationship type."""
        return {n: t for n, t in self.types.items() if t.kind == "edge" and not t.abstract}

    def node(self, label: str) -> SchemaType:
        """The node type ``label``; SchemaError when the model has none."""
        t = self.nodes.get(label)
        if t is None:
            raise SchemaError(f"graph schema has no node type {label!r}", hint=f"known: {sorted(self.nodes)}")
        return t

    def edge(self, rel: str) -> SchemaType:
        """The edge type ``rel``; SchemaError when the model has none."""
        t = self.edges.get(rel)
        if t is None:
            raise SchemaError(f"graph schema has no edge type {rel!r}", hint=f"known: {sorted(self.edges)}")
        return t

    def clean(self, name: str, row: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
        """Validate and complete one node's or edge's properties.

        Every declared property is present in the result (missing ones as None, lists as []), values are
        cleaned by their type, ``<date>_day`` companions are computed. Unknown properties, bad values,
        values outside an enum and missing required properties raise SchemaError naming the type, the
        record's key and the property. With ``partial``, only the given properties are returned.
        """
        t = self.types[name] if name in self.types else self.node(name)
        who = f"{t.kind} {name}"
        if t.key and row.get(t.key) is not None:
            who += f" {row[t.key]!r}"
        unknown = [k for k in row if k not in t.properties]
        if unknown:
            raise SchemaError(f"{who}: unknown properties {sorted(unknown)}", hint=f"schema file {t.path}")
        out: dict[str, Any] = {}
        for p in t.properties.values():
            if p.derived_from is not None:
                continue
            if partial and p.name not in row:
                continue
            value = row.get(p.name)
            try:
                value = p.type.clean(value)
            except ValueError as e:
                raise SchemaError(f"{who}: property {p.name!r}: {e}") from None
            if value is None and p.required:
                raise SchemaError(f"{who}: required property {p.name!r} is missing")
            if p.enum and value is not None and value not in p.enum:
                raise SchemaError(f"{who}: property {p.name!r} is {value!r}, not one of {list(p.enum)}")
            out[p.name] = value
        for p in t.properties.values():
            if p.derived_from is not None and p.derived_from in out:
                out[p.name] = day_number(out[p.derived_from])
        return out


def _as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


# libyaml's C loader when PyYAML was built with it (ten times faster on the schema files), else Python's.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> SchemaSpec:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as e:
        raise SchemaError(f"schema file {path}: invalid YAML: {e}") from None
    if not isinstance(data, dict):
        raise SchemaError(f"schema file {path}: expected a mapping of keys {sorted(_SPEC_KEYS)}")
    unknown = set(data) - _SPEC_KEYS
    if unknown:
        raise SchemaError(
            f"schema file {path}: unknown keys {sorted(unknown)}", hint=f"known: {sorted(_SPEC_KEYS)}"
        )
    if data.get("kind") not in ("node", "edge"):
        raise SchemaError(f"schema file {path}: 'kind' must be 'node' or 'edge', got {data.get('kind')!r}")
    props = data.get("properties") or {}
    if not isinstance(props, dict):
        raise SchemaError(f"schema file {path}: 'properties' must be a mapping")
    for name, spec in props.items():
        if not isinstance(name, str) or not _NAME_RE.match(name):
            raise SchemaError(f"schema file {path}: bad property name {name!r}")
        if not isinstance(spec, dict) or "type" not in spec:
            raise SchemaError(f"schema file {path}: property {name!r} needs a mapping with a 'type'")
        if set(spec) - _PROP_KEYS:
            raise SchemaError(
                f"schema file {path}: property {name!r}: unknown keys {sorted(set(spec) - _PROP_KEYS)}"
            )
        if spec["type"] not in TYPES:
            raise SchemaError(
                f"schema file {path}: property {name!r} has unknown type {spec['type']!r}",
                hint=f"types: {sorted(TYPES)}",
            )
    edge = data.get("edge")
    if edge is not None:
        if data["kind"] != "edge":
            raise SchemaError(f"schema file {path}: only edge types have an 'edge' block")
        if not isinstance(edge, dict) or "source" not in edge or "target" not in edge:
            raise SchemaError(f"schema file {path}: 'edge' needs 'source' and 'target'")
        if set(edge) - _EDGE_KEYS:
            raise SchemaError(f"schema file {path}: 'edge' has unknown keys {sorted(set(edge) - _EDGE_KEYS)}")
    return cast(SchemaSpec, data)


def _resolve(specs: dict[str, tuple[Path, SchemaSpec]]) -> dict[str, SchemaType]:
    resolved: dict[str, SchemaType] = {}

    def resolve(name: str, chain: tuple[str, ...]) -> SchemaType:
        if name in resolved:
            return resolved[name]
        path, spec = specs[name]
        if name in chain:
            raise SchemaError(f"schema file {path}: 'extends' loops through {' -> '.join(chain + (name,))}")
        props: dict[str, Property] = {}
        bases = _as_list(spec.get("extends"))
        for base in bases:
            if base not in specs:
                raise SchemaError(f"schema file {path}: extends unknown type {base!r}")
            parent = resolve(base, chain + (name,))
            if parent.kind != spec["kind"]:
                raise SchemaError(
                    f"schema file {path}: a {spec['kind']} cannot extend the {parent.kind} {base!r}"
                )
            props.update(parent.properties)
        for pname, p in (spec.get("properties") or {}).items():
            props[pname] = Property(
                name=pname,
                type=TYPES[p["type"]],
                description=" ".join(str(p.get("description", "")).split()),
                required=bool(p.get("required", False)),
                enum=tuple(str(v) for v in p.get("enum", []) or []),
                defined_in=name,
            )
        for prop in list(props.values()):
            if prop.type.name == "date" and prop.derived_from is None:
                day = f"{prop.name}_day"
                if day in props and props[day].derived_from != prop.name:
                    raise SchemaError(
                        f"schema file {path}: property {day!r} clashes with the day number of {prop.name!r}"
                    )
                props[day] = Property(
                    name=day,
                    type=TYPES["int"],
                    description=f"Days since 1970-01-01 of `{prop.name}` (derived).",
                    derived_from=prop.name,
                    defined_in=prop.defined_in,
                )
        abstract = bool(spec.get("abstract", False))
        key = spec.get("key")
        if spec["kind"] == "node" and not abstract:
            if not key:
                raise SchemaError(f"schema file {path}: node type {name!r} needs a 'key' property")
            if key not in props:
                raise SchemaError(f"schema file {path}: key {key!r} is not a property of {name!r}")
        if spec["kind"] == "edge" and key:
            raise SchemaError(f"schema file {path}: edge types have no 'key' (use edge: key: [...])")
        edge = spec.get("edge")
        if spec["kind"] == "edge" and not abstract and edge is None:
            raise SchemaError(f"schema file {path}: edge type {name!r} needs an 'edge' block")
        st = SchemaType(
            name=name,
            kind=spec["kind"],
            description=" ".join(str(spec.get("description", "")).split()),
            abstract=abstract,
            extends=tuple(bases),
            properties=props,
            key=key,
            sources=tuple(_as_list(edge["source"])) if edge else (),
            targets=tuple(_as_list(edge["target"])) if edge else (),
            edge_key=tuple(edge.get("key", []) or []) if edge else (),
            path=path,
        )
        resolved[name] = st
        return st

    for name in specs:
        resolve(name, ())
    for st in resolved.values():
        if st.kind != "edge" or st.abstract:
            continue
        for end in st.sources + st.targets:
            other = resolved.get(end)
            if other is None or other.kind != "node" or other.abstract:
                raise SchemaError(f"schema file {st.path}: edge end {end!r} is not a concrete node type")
        for k in st.edge_key:
            if k not in st.properties:
                raise SchemaError(f"schema file {st.path}: edge key {k!r} is not a property of {st.name!r}")
    return resolved


def load_model(directory: Path | None = None) -> Model:
    """Read and resolve every schema file of ``directory`` (default: ``graph/schema``)."""
    directory = Path(directory) if directory else SCHEMA_DIR
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise SchemaError(f"graph schema directory {directory} holds no *.yaml files")
    specs: dict[str, tuple[Path, SchemaSpec]] = {}
    for path in files:
        name = path.stem
        if not _NAME_RE.match(name):
            raise SchemaError(f"schema file {path}: the file name must be a valid label (letters, digits, _)")
        specs[name] = (path, _read(path))
    return Model(types=_resolve(specs), directory=directory)


@lru_cache(maxsize=4)
def _cached(directory: str) -> Model:
    return load_model(Path(directory))


def model() -> Model:
    """The schema model, loaded once (``$EXPORTWATCH_GRAPH_SCHEMA`` overrides the directory)."""
    return _cached(os.environ.get(ENV_SCHEMA) or str(SCHEMA_DIR))
