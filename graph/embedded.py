"""The embedded store: a LadybugDB file (``ladybug:PATH``, default ``<home>/graph.lbug``).

LadybugDB needs its schema up front: ``ensure_schema`` derives one node table per node type and one
relationship table per edge type (with every FROM/TO pair) from the model, and adds columns that a newer
schema declares to tables an older build created. A file can be open for writing in one process only;
a second process gets a ``StoreError`` saying the file is locked (read-only opens are allowed).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ladybug

from exportwatch.errors import ExportwatchError, StoreError
from graph.cypher import q
from graph.cypherlex import write_clause
from graph.lbugfile import check_room, is_busy, is_corruption, min_free_bytes, quarantine, writer_pid
from graph.model import Model, SchemaType
from graph.params import check_params
from graph.store import GraphStore, Row, timeout_error

log = logging.getLogger(__name__)

# Pauses between attempts to open a store another process is writing or checkpointing (about 3 s).
OPEN_DELAYS = (0.1, 0.2, 0.4, 0.8, 1.5)

# LadybugDB defaults its buffer pool to ~80% of RAM; ask for 1 GiB unless told otherwise.
BUFFER_ENV = "EXPORTWATCH_LADYBUG_BUFFER_MB"


def buffer_pool_bytes() -> int:
    """Buffer pool size: ``$EXPORTWATCH_LADYBUG_BUFFER_MB`` megabytes, default 1024."""
    try:
        return int(os.environ.get(BUFFER_ENV) or 1024) * 1024 * 1024
    except ValueError:
        raise StoreError(f"{BUFFER_ENV} must be a number of megabytes") from None


_INTERNAL = ("_ID", "_SRC", "_DST")
# Column types whose values arrive as plain Python values (and lists of them): returned as they are.
_PLAIN = re.compile(
    r"(?:STRING|BOOL|U?INT(?:8|16|32|64|128)?|SERIAL|DOUBLE|FLOAT|DATE|TIMESTAMP(?:_\w+)?|INTERVAL|UUID|BLOB"
    r"|DECIMAL\(\d+, ?\d+\))(?:\[\d*\])*"
)


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

    def __init__(self, conn: ladybug.Connection, where: str, timeout: float | None) -> None:
        self._conn = conn
        self._where = where
        self.timeout = timeout
        self.write_failed = False
        if timeout:
            conn.set_query_timeout(max(1, round(timeout * 1000)))

    def set_timeout(self, timeout: float | None) -> None:
        """The time limit for the next statements (None or 0: none)."""
        self.timeout = timeout or None
        self._conn.set_query_timeout(max(1, round(timeout * 1000)) if timeout else 0)

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        try:
            result = self._conn.execute(query, check_params(params))
        except RuntimeError as e:
            raise self._error(_message(e)) from None
        if isinstance(result, list):  # several statements: keep the last result
            result = result[-1]
        try:
            names = result.get_column_names()
            plain = [bool(_PLAIN.fullmatch(t)) for t in result.get_column_data_types()]
            values = result.get_all()
            if all(plain):  # the common case: no node, edge or map to turn into plain dicts
                return [dict(zip(names, row, strict=True)) for row in values]
            return [
                {n: v if p else _value(v) for n, v, p in zip(names, row, plain, strict=True)}
                for row in values
            ]
        except RuntimeError as e:
            raise self._error(_message(e)) from None
        finally:
            result.close()

    def _error(self, msg: str) -> ExportwatchError:
        if msg.rstrip(".") == "Interrupted" and self.timeout:
            return timeout_error(self.timeout)
        if "read-only" in msg or "read only" in msg:
            return StoreError(
                f"{self._where} is open read-only: {msg}", hint="writes need a store opened for writing"
            )
        if "IO exception" in msg and ("write" in msg.lower() or "space" in msg.lower()):
            self.write_failed = True
            return StoreError(
                f"{self._where}: the disk is full (or the file size limit was reached); "
                "the write was rolled back",
                hint="free disk space and run again; a store the failure damaged is moved aside and rebuilt",
            )
        return StoreError(f"{self._where} refused the query: {msg}")


class _Guarded:
    """The transaction's runner: checks the room left on disk before every statement."""

    def __init__(self, runner: _Connection, path: Path, need: int) -> None:
        self._runner = runner
        self._path = path
        self._need = need

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        check_room(self._path, self._need)
        return self._runner.run(query, params)


class LadybugStore(GraphStore):
    """A LadybugDB file as a ``GraphStore``.

    Opening retries for a few seconds while another process holds the write lock or is checkpointing,
    then raises ``StoreError`` naming that process. A damaged store (a WAL torn by a full disk, a file
    that is not a LadybugDB file) opened for writing is moved aside (``lbugfile.quarantine``) and an empty
    store takes its place: ``recovered`` is then True and ``recovery_message`` says what happened, and
    the caller should load everything again (the app: ``update_graph(reload=True)``). Opened read-only, a
    damaged store raises ``StoreError`` instead (nothing is moved).

    Before each write (a transaction's every statement, or a writing statement outside one) the room
    left on disk is checked against ``min_free`` bytes (default ``$EXPORTWATCH_LADYBUG_MIN_FREE_MB``,
    64 MB); too little raises ``StoreError`` before anything is written.
    """

    kind = "ladybug"

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        schema: Model,
        timeout: float | None = None,
        min_free: int | None = None,
        open_delays: tuple[float, ...] = OPEN_DELAYS,
    ) -> None:
        self.path = Path(path)
        self.url = f"ladybug:{self.path}"
        self.read_only = read_only
        self.model = schema
        self.timeout = timeout or None
        self.min_free = min_free_bytes() if min_free is None else min_free
        self.recovered = False
        self.recovery_message: str | None = None
        self._where = where = f"graph store {self.path}"
        self._in_tx = False
        if self.path.is_dir():
            raise StoreError(
                f"{where} is a folder, not a LadybugDB file", hint="point the graph URL at a file"
            )
        if read_only and not self.path.exists():
            raise StoreError(
                f"{where} does not exist", hint="build the graph first (exportwatch demo / build)"
            )
        if not read_only:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreError(f"{where}: cannot create its folder: {e.strerror}") from None
        msg = self._open_retrying(open_delays)
        if msg is not None:
            if read_only:
                raise StoreError(
                    f"{where} is damaged: {msg}",
                    hint="run a command that writes the graph (exportwatch build or demo): it moves the "
                    "damaged store aside and rebuilds it from the catalog",
                )
            aside = quarantine(self.path)
            self.recovered = True
            self.recovery_message = (
                f"{where} was damaged ({msg}); moved aside to {aside.name} and started an empty store"
            )
            log.warning("%s", self.recovery_message)
            again = self._open_retrying(open_delays)
            if again is not None:
                raise StoreError(f"{where} cannot be opened even empty: {again}")

    def _open_retrying(self, delays: tuple[float, ...]) -> str | None:
        """Open the database and connection; the engine's message if the store is damaged, else None."""
        msg = ""
        for attempt in range(len(delays) + 1):
            try:
                self._db = ladybug.Database(
                    str(self.path), buffer_pool_size=buffer_pool_bytes(), read_only=self.read_only
                )
                self._conn = ladybug.Connection(self._db)
                self._runner = _Connection(self._conn, self._where, self.timeout)
                self._runner.run("CALL show_tables() RETURN name")  # reads the catalog: damage shows here
                return None
            except (RuntimeError, StoreError) as e:
                self.close()
                msg = _message(e).removeprefix(f"{self._where} refused the query: ")
            # A reader can see a writer's WAL half-written: damage counts only once the retries are spent.
            transient = is_busy(msg) or (self.read_only and is_corruption(msg))
            if not transient and is_corruption(msg):
                return msg
            if not transient:
                raise StoreError(f"{self._where} cannot be opened: {msg}") from None
            if attempt < len(delays):
                time.sleep(delays[attempt])
        pid = writer_pid(self.path)
        if is_corruption(msg) and pid is None:
            return msg
        lock = re.search(r"Lock is held by PID (\d+)", msg)
        if pid is None and lock:
            pid = int(lock.group(1))
        pid_text = f" (PID {pid})" if pid else ""
        raise StoreError(
            f"{self._where} is locked by another process{pid_text}: {msg}",
            hint=f"another exportwatch process is writing the graph{pid_text}; retry when it finishes",
        )

    # -- GraphStore --------------------------------------------------------------------------
    def run(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        """Run one statement (in auto-commit mode, or inside the open transaction).

        ``timeout`` (seconds) replaces the store's time limit for this statement only.
        """
        if not self.read_only and not self._in_tx and write_clause(query):
            check_room(self.path, self.min_free)
        if timeout is None or timeout == self._runner.timeout:
            return self._runner.run(query, params)
        saved = self._runner.timeout
        self._runner.set_timeout(timeout)
        try:
            return self._runner.run(query, params)
        finally:
            self._runner.set_timeout(saved)

    @contextmanager
    def transaction(self) -> Iterator[_Guarded]:
        """BEGIN ... COMMIT; ROLLBACK when the block raises (nothing of it stays written).

        Raises:
            StoreError: open read-only, a transaction is already open, too little room on disk (checked
                before BEGIN and before every statement), or the engine failed (then rolled back).
        """
        if self.read_only:
            raise StoreError(f"graph store {self.path} is open read-only", hint="open it for writing")
        if self._in_tx:
            raise StoreError(f"graph store {self.path}: transactions do not nest")
        check_room(self.path, self.min_free)
        self._runner.run("BEGIN TRANSACTION")
        self._in_tx = True
        try:
            yield _Guarded(self._runner, self.path, self.min_free)
        except BaseException:
            self._in_tx = False
            with contextlib.suppress(StoreError):  # the engine may have dropped the transaction already
                self._runner.run("ROLLBACK")
            raise
        self._in_tx = False
        try:
            self._runner.run("COMMIT")
        except StoreError:
            with contextlib.suppress(StoreError):
                self._runner.run("ROLLBACK")
            raise

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
                self._add_pairs(rel, t)
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

    def _add_pairs(self, rel: str, t: SchemaType) -> None:
        """Add the FROM/TO pairs a newer schema declares to a relationship table an older build created
        (``HAS_VERSION`` from ``Provision`` to ``ProvisionVersion`` beside ``Item`` to ``ItemVersion``)."""
        rows = self.run(
            f"CALL show_connection('{rel}') "
            "RETURN `source table name` AS src, `destination table name` AS dst"
        )
        have = {(r["src"], r["dst"]) for r in rows}
        for src, dst in t.pairs:
            if (src, dst) not in have:
                self.run(f"ALTER TABLE {rel} ADD IF NOT EXISTS FROM {src} TO {dst}")

    def _add_columns(self, table: str, t: SchemaType) -> None:
        have = {r["name"] for r in self.run(f"CALL table_info('{table}') RETURN name")}
        for p in t.stored:
            if p.name not in have:
                self.run(f"ALTER TABLE {table} ADD {q(p.name)} {p.type.ladybug}")
