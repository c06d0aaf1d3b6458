"""The Bolt store: Neo4j in production, ArcadeDB's Bolt plugin in tests, through the ``neo4j`` driver.

Read-only stores open sessions in read access mode (Neo4j enforces it) and the CLI also rejects
write clauses before sending (ArcadeDB does not enforce the access mode). ``ensure_schema`` creates a
uniqueness constraint on the key of every node type (the index MERGE needs to be fast). Errors become
``StoreError`` naming the server URL and the user, never the password.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j import exceptions as nx

from exportwatch.errors import ExportwatchError, StoreError
from graph.cypher import q
from graph.model import Model
from graph.params import check_params
from graph.store import GraphStore, Row, timeout_error

CONNECT_TIMEOUT = 5.0
# Pauses between retries of a statement the server refused for a transient reason (lock, deadlock).
RETRY_DELAYS = (0.1, 0.3, 0.9)
# Seconds past the time limit the client waits for the server's own timeout before it gives up.
CLIENT_GRACE = 1.0


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
        timeout: float | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout or None
        self.user = user
        self.database = database or None
        self.read_only = read_only
        self.model = schema
        self._where = f"graph server {url}" + (f" (database {database})" if database else "")
        self._auth = (user or "", password or "") if (user or password) else None
        self._driver = self._new_driver()
        try:
            self.run("RETURN 1 AS ok")
        except StoreError:
            self._driver.close()
            raise

    def _new_driver(self) -> neo4j.Driver:
        try:
            return GraphDatabase.driver(self.url, auth=self._auth, connection_timeout=CONNECT_TIMEOUT)
        except (ValueError, nx.ConfigurationError) as e:
            raise StoreError(f"{self._where}: bad server address: {e}") from None

    # -- errors ------------------------------------------------------------------------------
    def _error(self, e: Exception, limit: float | None = None) -> ExportwatchError:
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
            if e.code and "TimedOut" in e.code and (limit or self.timeout):
                return timeout_error(limit or self.timeout)
            if isinstance(e, nx.TransientError):
                return StoreError(
                    f"{self._where} is busy: {' '.join(msg.split())}",
                    hint="another process is writing the graph; retry when it finishes",
                )
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
        """Run one statement in its own (auto-commit) transaction.

        ``timeout`` (seconds) replaces the store's time limit for this statement only.

        A transient refusal (lock, deadlock) is retried after short pauses (``RETRY_DELAYS``); a statement
        past the time limit raises ``QueryError`` (the server's timeout, or the client's for servers that
        ignore it: then the connection is dropped and a new one made for the next statement).
        """
        values = check_params(params)
        limit = self.timeout if timeout is None else timeout
        for attempt in range(len(RETRY_DELAYS) + 1):
            try:
                return self._run_limited(query, values, limit)
            except nx.TransientError as e:
                if attempt == len(RETRY_DELAYS):
                    raise self._error(e, limit) from None
                time.sleep(RETRY_DELAYS[attempt])
            except (nx.Neo4jError, nx.DriverError, OSError) as e:
                raise self._error(e, limit) from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _run_once(self, query: str, values: dict[str, Any], limit: float | None) -> list[Row]:
        with self._session() as session:
            result = session.run(neo4j.Query(query, timeout=limit), values)
            return [_row(rec) for rec in result]

    def _run_limited(self, query: str, values: dict[str, Any], limit: float | None) -> list[Row]:
        if not limit:
            return self._run_once(query, values, limit)
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["rows"] = self._run_once(query, values, limit)
            except BaseException as e:  # handed to the calling thread
                box["error"] = e

        worker = threading.Thread(target=work, name="bolt-query", daemon=True)
        worker.start()
        worker.join(limit + CLIENT_GRACE)
        if worker.is_alive():  # the server ignored the time limit: drop the connection
            old, self._driver = self._driver, self._new_driver()
            threading.Thread(target=old.close, name="bolt-close", daemon=True).start()
            raise timeout_error(limit)
        if "error" in box:
            raise box["error"]
        rows: list[Row] = box["rows"]
        return rows

    @contextmanager
    def transaction(self) -> Iterator[_Tx]:
        """An explicit transaction: commit at the end of the block, rollback when it raises."""
        if self.read_only:
            raise StoreError(f"{self._where} is open read-only", hint="open it for writing")
        try:
            session = self._session()
            tx = session.begin_transaction(timeout=self.timeout)
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
            result = self._tx.run(query, check_params(params))
            return [_row(rec) for rec in result]
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            raise self._store._error(e) from None


def _row(record: Any) -> Row:
    """A Bolt record as a dict of plain Python values, keyed by the returned column names."""
    return {k: _value(v) for k, v in zip(record.keys(), record.values(), strict=True)}
