"""The Bolt store: Neo4j in production, ArcadeDB's Bolt plugin in tests, through the ``neo4j`` driver.

Read-only stores open sessions in read access mode (Neo4j enforces it) and the CLI also rejects
write clauses before sending (ArcadeDB does not enforce the access mode). ``ensure_schema`` creates a
uniqueness constraint on the key of every node type (the index MERGE needs to be fast). Errors become
``StoreError`` naming the server URL and the user, never the password.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as nx

from exportwatch.errors import StoreError
from graph.cypher import q
from graph.model import Model
from graph.store import GraphStore, Row

CONNECT_TIMEOUT = 5.0


def _value(v: Any) -> Any:
    if isinstance(v, neo4j.graph.Node):
        labels = sorted(v.labels)
        return {"_label": labels[0] if len(labels) == 1 else labels, **{k: _value(x) for k, x in v.items()}}
    if isinstance(v, neo4j.graph.Relationship):
        return {"_label": v.type, **{k: _value(x) for k, x in v.items()}}
    if isinstance(v, list):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _value(x) for k, x in v.items()}
    if hasattr(v, "iso_format"):  # neo4j.time types
        return v.iso_format()
    return v


class BoltStore(GraphStore):
    """A Bolt server as a ``GraphStore``."""

    kind = "bolt"

    def __init__(
        self,
        url: str,
        *,
        user: str | None,
        password: str | None,
        database: str | None,
        read_only: bool = False,
        schema: Model,
    ) -> None:
        self.url = url
        self.user = user
        self.database = database or None
        self.read_only = read_only
        self.model = schema
        self._where = f"graph server {url}" + (f" (database {database})" if database else "")
        auth = (user or "", password or "") if (user or password) else None
        try:
            self._driver = GraphDatabase.driver(url, auth=auth, connection_timeout=CONNECT_TIMEOUT)
        except (ValueError, nx.ConfigurationError) as e:
            raise StoreError(f"{self._where}: bad server address: {e}") from None
        try:
            self.run("RETURN 1 AS ok")
        except StoreError:
            self._driver.close()
            raise

    # -- errors ------------------------------------------------------------------------------
    def _error(self, e: Exception) -> StoreError:
        if isinstance(e, nx.AuthError):
            return StoreError(
                f"{self._where} refused the credentials of user {self.user!r}",
                hint="check EXPORTWATCH_GRAPH_USER and EXPORTWATCH_GRAPH_PASSWORD",
            )
        if isinstance(e, (nx.ServiceUnavailable, nx.SessionExpired, OSError)):
            return StoreError(
                f"{self._where} is not reachable: {' '.join(str(e).split())[:200]}",
                hint="start the server or set EXPORTWATCH_GRAPH_URL",
            )
        if isinstance(e, nx.Neo4jError):
            msg = e.message or str(e)
            if e.code and "DatabaseNotFound" in e.code:
                return StoreError(
                    f"{self._where}: {msg}", hint="set EXPORTWATCH_GRAPH_DATABASE to an existing database"
                )
            return StoreError(f"{self._where} refused the query: {' '.join(msg.split())}")
        if isinstance(e, nx.DriverError):
            return StoreError(f"{self._where}: {' '.join(str(e).split())}")
        return StoreError(f"{self._where}: {type(e).__name__}: {e}")

    def _session(self) -> neo4j.Session:
        mode = neo4j.READ_ACCESS if self.read_only else neo4j.WRITE_ACCESS
        return self._driver.session(database=self.database, default_access_mode=mode)

    # -- GraphStore --------------------------------------------------------------------------
    def run(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        """Run one statement in its own (auto-commit) transaction; ``timeout`` in seconds, if given.

        The time limit is the server's transaction timeout (Neo4j enforces it; a server that does not
        ignores it).
        """
        try:
            with self._session() as session:
                text: Any = neo4j.Query(query, timeout=timeout) if timeout else query
                result = session.run(text, dict(params or {}))
                return [
                    {k: _value(v) for k, v in zip(rec.keys(), rec.values(), strict=True)} for rec in result
                ]
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            raise self._error(e) from None

    @contextmanager
    def transaction(self) -> Iterator[_Tx]:
        """An explicit transaction: commit at the end of the block, rollback when it raises."""
        if self.read_only:
            raise StoreError(f"{self._where} is open read-only", hint="open it for writing")
        try:
            session = self._session()
            tx = session.begin_transaction()
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            raise self._error(e) from None
        try:
            yield _Tx(tx, self)
            tx.commit()
        except BaseException as e:
            try:
                if not tx.closed():
                    tx.rollback()
            except (nx.Neo4jError, nx.DriverError, OSError):
                pass
            if isinstance(e, (nx.Neo4jError, nx.DriverError, OSError)):
                raise self._error(e) from None
            raise
        finally:
            session.close()

    def ensure_schema(self) -> None:
        """A uniqueness constraint on every node type's key (idempotent)."""
        if self.read_only:
            return
        for label, t in self.model.nodes.items():
            key = q(t.key or "id")
            name = f"{label.lower()}_key"
            self.run(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{label}) REQUIRE n.{key} IS UNIQUE")

    def close(self) -> None:
        """Close the driver's connections."""
        self._driver.close()

    def __enter__(self) -> BoltStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Tx:
    """A running Bolt transaction as a ``Runner``."""

    def __init__(self, tx: neo4j.Transaction, store: BoltStore) -> None:
        self._tx = tx
        self._store = store

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        try:
            result = self._tx.run(query, dict(params or {}))
            return [_row(rec) for rec in result]
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            raise self._store._error(e) from None


def _row(record: Any) -> Row:
    """A Bolt record as a dict of plain Python values, keyed by the returned column names."""
    return {k: _value(v) for k, v in zip(record.keys(), record.values(), strict=True)}
