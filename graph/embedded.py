"""The embedded store: a LadybugDB file (``ladybug:PATH``, default ``<home>/graph.lbug``).

LadybugDB needs its schema up front: ``ensure_schema`` derives one node table per node type and one
relationship table per edge type (with every FROM/TO pair) from the model, and adds columns that a newer
schema declares to tables an older build created. A file can be open for writing in one process only;
a second process gets a ``StoreError`` saying the file is locked (read-only opens are allowed).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug

from exportwatch.errors import StoreError
from graph.cypher import q
from graph.model import Model, SchemaType
from graph.store import GraphStore, Row

# LadybugDB defaults its buffer pool to ~80% of RAM; ask for 1 GiB unless told otherwise.
BUFFER_ENV = "EXPORTWATCH_LADYBUG_BUFFER_MB"


def buffer_pool_bytes() -> int:
    """Buffer pool size: ``$EXPORTWATCH_LADYBUG_BUFFER_MB`` megabytes, default 1024."""
    try:
        return int(os.environ.get(BUFFER_ENV) or 1024) * 1024 * 1024
    except ValueError:
        raise StoreError(f"{BUFFER_ENV} must be a number of megabytes") from None


_INTERNAL = ("_ID", "_SRC", "_DST")


def _value(v: Any) -> Any:
    """Query values as plain Python: nodes and edges as dicts of their properties plus ``_label``."""
    if isinstance(v, dict):
        if "_LABEL" in v:
            out = {k: _value(x) for k, x in v.items() if k not in _INTERNAL and k != "_LABEL"}
            return {"_label": v["_LABEL"], **out}
        return {k: _value(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def _message(e: BaseException) -> str:
    return " ".join(str(e).split())


class _Connection:
    """Runs statements on one LadybugDB connection and turns engine errors into StoreError."""

    def __init__(self, conn: ladybug.Connection, where: str) -> None:
        self._conn = conn
        self._where = where

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        try:
            result = self._conn.execute(query, dict(params or {}))
        except RuntimeError as e:
            msg = _message(e)
            if "read-only" in msg or "read only" in msg:
                raise StoreError(
                    f"{self._where} is open read-only: {msg}", hint="writes need a store opened for writing"
                ) from None
            raise StoreError(f"{self._where} refused the query: {msg}") from None
        if isinstance(result, list):  # several statements: keep the last result
            result = result[-1]
        try:
            names = result.get_column_names()
            rows: list[Row] = []
            while result.has_next():
                rows.append({n: _value(v) for n, v in zip(names, result.get_next(), strict=True)})
            return rows
        finally:
            result.close()


class LadybugStore(GraphStore):
    """A LadybugDB file as a ``GraphStore``."""

    kind = "ladybug"

    def __init__(self, path: Path, *, read_only: bool = False, schema: Model) -> None:
        self.path = Path(path)
        self.url = f"ladybug:{self.path}"
        self.read_only = read_only
        self.model = schema
        where = f"graph store {self.path}"
        if read_only and not self.path.exists():
            raise StoreError(
                f"{where} does not exist", hint="build the graph first (exportwatch demo / build)"
            )
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ladybug.Database(
                str(self.path), buffer_pool_size=buffer_pool_bytes(), read_only=read_only
            )
            self._conn = ladybug.Connection(self._db)
        except RuntimeError as e:
            msg = _message(e)
            lock = re.search(r"Lock is held by PID (\d+)", msg)
            if lock or "lock" in msg.lower():
                pid = f" (PID {lock.group(1)})" if lock else ""
                raise StoreError(
                    f"{where} is locked by another process{pid}",
                    hint="close the other exportwatch process, or open the store read-only",
                ) from None
            raise StoreError(f"{where} cannot be opened: {msg}") from None
        self._runner = _Connection(self._conn, where)
        self._in_tx = False

    # -- GraphStore --------------------------------------------------------------------------
    def run(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        """Run one statement (in auto-commit mode, or inside the open transaction).

        With ``timeout`` (seconds) the engine interrupts the query when it runs longer, and the
        ``StoreError`` says so.
        """
        if not timeout:
            return self._runner.run(query, params)
        self._conn.set_query_timeout(max(1, int(timeout * 1000)))
        try:
            return self._runner.run(query, params)
        except StoreError as e:
            if "interrupt" in e.message.lower():
                raise StoreError(
                    f"graph store {self.path}: the query ran past the time limit of {timeout:g} s",
                    hint="narrow the query (a LIMIT, a more selective MATCH)",
                ) from None
            raise
        finally:
            self._conn.set_query_timeout(0)

    @contextmanager
    def transaction(self) -> Iterator[_Connection]:
        """BEGIN ... COMMIT; ROLLBACK when the block raises (nothing of it stays written)."""
        if self.read_only:
            raise StoreError(f"graph store {self.path} is open read-only", hint="open it for writing")
        if self._in_tx:
            raise StoreError(f"graph store {self.path}: transactions do not nest")
        self._runner.run("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield self._runner
        except BaseException:
            self._in_tx = False
            with contextlib.suppress(StoreError):  # the engine may have dropped the transaction already
                self._runner.run("ROLLBACK")
            raise
        self._in_tx = False
        self._runner.run("COMMIT")

    def ensure_schema(self) -> None:
        """Create missing node and relationship tables and add missing columns (idempotent)."""
        if self.read_only:
            return
        tables = {r["name"]: r["type"] for r in self.run("CALL show_tables() RETURN name, type")}
        for label, t in self.model.nodes.items():
            if label not in tables:
                self.run(f"CREATE NODE TABLE {label}({self._columns(t)}, PRIMARY KEY({q(t.key or 'id')}))")
            else:
                self._add_columns(label, t)
        for rel, t in self.model.edges.items():
            if rel not in tables:
                pairs = ", ".join(f"FROM {s} TO {tg}" for s, tg in t.pairs)
                cols = self._columns(t)
                self.run(f"CREATE REL TABLE {rel}({pairs}{', ' + cols if cols else ''})")
            else:
                self._add_columns(rel, t)

    def close(self) -> None:
        """Close the connection and the database (releases the file lock)."""
        for obj in (getattr(self, "_conn", None), getattr(self, "_db", None)):
            if obj is not None:
                with contextlib.suppress(RuntimeError):
                    obj.close()
        self._conn = None  # type: ignore[assignment]
        self._db = None  # type: ignore[assignment]

    def __enter__(self) -> LadybugStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ------------------------------------------------------------------------------
    @staticmethod
    def _columns(t: SchemaType) -> str:
        return ", ".join(f"{q(p.name)} {p.type.ladybug}" for p in t.stored)

    def _add_columns(self, table: str, t: SchemaType) -> None:
        have = {r["name"] for r in self.run(f"CALL table_info('{table}') RETURN name")}
        for p in t.stored:
            if p.name not in have:
                self.run(f"ALTER TABLE {table} ADD {q(p.name)} {p.type.ladybug}")
