"""Named queries: ``queries/<name>.cypher`` files with a comment header, run with checked parameters.

Each file opens with ``//`` comment lines::

    // title: Control tools a regime lacks
    // description: ... (continued on further indented comment lines)
    // param: regime (Regime.id) - regime to compare
    // param: days (int, default 90) - how many days ahead
    // example: exportwatch query tool_gaps --param regime=JP

Parameter types: ``string``, ``int``, ``float``, ``bool``, ``date`` (ISO; the runner also passes
``<name>_day``, the day number, because date functions differ between stores) and ``Label.property``
(a string that must name an existing node, e.g. ``Regime.id``). A parameter without a default is required.
The text's ``$name`` placeholders must match the declared parameters. Values always travel as query
parameters, never formatted into the text.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exportwatch.errors import QueryError
from graph.cypherlex import write_clause
from graph.store import GraphStore, Row
from graph.types import day_number

__all__ = ["NamedQuery", "QueryParam", "get_query", "list_queries", "run", "run_df", "write_clause"]

if TYPE_CHECKING:
    import pandas as pd

QUERY_DIR = Path(__file__).resolve().parent
REQUIRED: Any = object()
SCALAR_TYPES = ("string", "int", "float", "bool", "date")
_PARAM_RE = re.compile(
    r"^(?P<name>\w+)\s*\((?P<type>[\w.]+)(?:\s*,\s*default\s+(?P<default>.+?))?\)\s*(?:-\s*(?P<desc>.*))?$"
)
_PLACEHOLDER_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# String literals, quoted names and comments, scanned left to right (so "//" inside a string is no comment).
_TOKEN_RE = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)


def _code(text: str) -> str:
    """``text`` with comments blanked and string literals emptied (quoted names kept)."""

    def repl(m: re.Match[str]) -> str:
        tok = m.group(0)
        if tok.startswith("`"):
            return tok
        return " " if tok.startswith("/") else "''"

    return _TOKEN_RE.sub(repl, text)


@dataclass(frozen=True)
class QueryParam:
    """A declared parameter of a named query."""

    name: str
    type: str
    default: Any = REQUIRED
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED

    def describe(self) -> str:
        """``name (type, default X)`` as help texts show it."""
        default = "" if self.required else f", default {json.dumps(self.default)}"
        return f"{self.name} ({self.type}{default})"

    def coerce(self, value: Any, query: str) -> Any:
        """The value in this parameter's type (strings from the command line are converted)."""
        where = f"query {query!r}: parameter {self.name!r}"
        kind = self.type if self.type in SCALAR_TYPES else "string"
        try:
            if kind == "int":
                if isinstance(value, bool):
                    raise ValueError
                return int(value)
            if kind == "float":
                return float(value)
            if kind == "bool":
                if isinstance(value, bool):
                    return value
                if str(value).lower() in ("true", "1", "yes"):
                    return True
                if str(value).lower() in ("false", "0", "no"):
                    return False
                raise ValueError
            if kind == "date":
                return (
                    value if isinstance(value, date) else date.fromisoformat(str(value).strip())
                ).isoformat()
        except (TypeError, ValueError):
            raise QueryError(
                f"{where} must be {'an ISO date' if kind == 'date' else 'a ' + kind}, got {value!r}"
            ) from None
        return str(value)


@dataclass(frozen=True)
class NamedQuery:
    """One query of the library."""

    name: str
    title: str
    description: str
    params: tuple[QueryParam, ...]
    text: str
    path: Path
    example: str = ""

    @property
    def example_params(self) -> dict[str, str]:
        """The ``--param key=value`` pairs of the header's example command."""
        try:
            words = shlex.split(self.example)
        except ValueError:
            return {}
        out: dict[str, str] = {}
        for flag, value in zip(words, words[1:], strict=False):
            if flag in ("--param", "-p") and "=" in value:
                key, _, val = value.partition("=")
                out[key] = val
        return out

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)

    def bind(self, values: dict[str, Any]) -> dict[str, Any]:
        """Check and complete the parameters; unknown or missing ones raise QueryError listing valid ones."""
        given = {
            (k[:-1] if k.endswith("_") and k[:-1] in {p.name for p in self.params} else k): v
            for k, v in values.items()
        }
        valid = ", ".join(p.describe() for p in self.params) or "none"
        unknown = sorted(set(given) - {p.name for p in self.params})
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(map(repr, unknown))}",
                hint=f"parameters: {valid}",
            )
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given and given[p.name] is not None:
                out[p.name] = p.coerce(given[p.name], self.name)
            elif p.required:
                raise QueryError(
                    f"query {self.name!r} needs parameter {p.name!r}", hint=f"parameters: {valid}"
                )
            else:
                out[p.name] = p.coerce(p.default, self.name) if p.default is not None else None
            if p.type == "date" and out[p.name] is not None:
                out[f"{p.name}_day"] = day_number(out[p.name])
        return out


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    params: list[QueryParam] = []
    last: str | None = None
    for line in text.splitlines():
        if not line.startswith("//"):
            break
        body = line[2:]
        m = re.match(r"^\s(\w+):\s*(.*)$", body)
        if m and m.group(1) in ("title", "description", "param", "example"):
            key, value = m.group(1), m.group(2).strip()
            if key == "param":
                pm = _PARAM_RE.match(value)
                if not pm:
                    raise QueryError(
                        f"query file {path}: cannot read parameter line {value!r}",
                        hint="write: // param: name (type, default VALUE) - description",
                    )
                default: Any = REQUIRED
                if pm.group("default") is not None:
                    try:
                        default = json.loads(pm.group("default"))
                    except json.JSONDecodeError:
                        default = pm.group("default").strip()
                params.append(
                    QueryParam(pm.group("name"), pm.group("type"), default, (pm.group("desc") or "").strip())
                )
                last = None
            else:
                header[key] = value
                last = key
        elif last and body.startswith("   "):
            header[last] += " " + body.strip()
    name = path.stem
    if "title" not in header:
        raise QueryError(f"query file {path}: the header needs a '// title:' line")
    for p in params:
        if p.type not in SCALAR_TYPES and not re.fullmatch(r"[A-Z]\w*\.\w+", p.type):
            raise QueryError(
                f"query file {path}: parameter {p.name!r} has unknown type {p.type!r}",
                hint=f"types: {', '.join(SCALAR_TYPES)} or Label.property",
            )
    body = _code(text)
    used = set(_PLACEHOLDER_RE.findall(body))
    declared = {p.name for p in params} | {f"{p.name}_day" for p in params if p.type == "date"}
    if used - declared:
        raise QueryError(
            f"query file {path}: placeholders {sorted(used - declared)} are not declared in the header"
        )
    unused = [p.name for p in params if p.name not in used and f"{p.name}_day" not in used]
    if unused:
        raise QueryError(f"query file {path}: declared parameters {unused} are not used in the query")
    writes = write_clause(text)
    if writes:
        raise QueryError(f"query file {path}: library queries only read, but it uses {writes}")
    return NamedQuery(
        name=name,
        title=header["title"],
        description=header.get("description", ""),
        params=tuple(params),
        text=text,
        path=path,
        example=header.get("example", ""),
    )


@lru_cache(maxsize=8)
def _library(directory: str) -> dict[str, NamedQuery]:
    return {p.stem: _parse(p) for p in sorted(Path(directory).glob("*.cypher"))}


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query of the library, by name."""
    return list(_library(str(directory or QUERY_DIR)).values())


def get_query(name: str, directory: Path | None = None) -> NamedQuery:
    """The named query ``name``; QueryError listing the known names when there is none."""
    lib = _library(str(directory or QUERY_DIR))
    if name not in lib:
        raise QueryError(f"no query named {name!r}", hint=f"queries: {', '.join(lib) or 'none'}")
    return lib[name]


def _check_references(store: GraphStore, q: NamedQuery, values: dict[str, Any]) -> None:
    for p in q.params:
        if p.type in SCALAR_TYPES or values.get(p.name) is None:
            continue
        label, prop = p.type.split(".", 1)
        store.model.node(label)
        rows = store.run(f"MATCH (n:{label}) WHERE n.{prop} = $v RETURN count(n) AS c", {"v": values[p.name]})
        if not rows or not rows[0]["c"]:
            known = store.run(f"MATCH (n:{label}) RETURN n.{prop} AS v ORDER BY v LIMIT 40")
            raise QueryError(
                f"query {q.name!r}: parameter {p.name!r} names no {label} {values[p.name]!r}",
                hint=f"known: {', '.join(str(r['v']) for r in known) or 'none (is the graph built?)'}",
            )


def run(store: GraphStore, name: str, /, **params: Any) -> list[Row]:
    """Run the named query ``name`` with ``params`` (``from_=`` may stand for the keyword ``from``).

    Raises:
        QueryError: unknown query, unknown or missing parameter, value of the wrong type, or a reference
            parameter (e.g. ``regime``) naming nothing in the graph.
        StoreError: the store refused the query.
    """
    q = get_query(name)
    values = q.bind(params)
    _check_references(store, q, values)
    return store.run(q.text, values)


def run_df(store: GraphStore, name: str, /, **params: Any) -> pd.DataFrame:
    """``run`` as a pandas DataFrame (columns in the query's RETURN order, even when there are no rows)."""
    import pandas as pd

    rows = run(store, name, **params)
    if rows:
        return pd.DataFrame(rows, columns=list(rows[0]))
    cols = _return_columns(get_query(name).text)
    return pd.DataFrame([], columns=cols)


def _return_columns(text: str) -> list[str]:
    """Aliases of the last RETURN clause (for empty results)."""
    body = _code(text)
    last = body.upper().rfind("RETURN")
    if last < 0:
        return []
    clause = re.split(r"\bORDER\s+BY\b|\bLIMIT\b|\bSKIP\b", body[last + 6 :], flags=re.IGNORECASE)[0]
    cols = []
    for part in re.split(r",(?![^()]*\))", clause):
        m = re.search(r"\bAS\s+`?(\w+)`?\s*$", part.strip(), re.IGNORECASE)
        cols.append(m.group(1) if m else part.strip())
    return [c for c in cols if c]
