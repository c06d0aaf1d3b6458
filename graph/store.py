"""One small store interface, two implementations: embedded LadybugDB and Bolt (Neo4j, ArcadeDB).

This module holds the interface only (``GraphStore``, ``Runner``, ``StoreTarget``); the
implementations (``graph/embedded.py``, ``graph/bolt.py``) import it, and ``graph/connect.py``
picks one from a target. Every store runs Cypher with parameters and returns rows as dicts; writes go through
``transaction()``, which commits on success and rolls back on any error. Errors are ``StoreError`` with
a sentence naming the store (never its password).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

from exportwatch.errors import QueryError
from graph.model import Model

Row = dict[str, Any]

# Seconds a Cypher statement may run before the store stops it (``open_store(timeout=...)``; None: no limit).
DEFAULT_QUERY_TIMEOUT = 120.0


@runtime_checkable
class Runner(Protocol):
    """Anything that runs one Cypher statement with parameters: a store or an open transaction."""

    def run(self, query: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run ``query`` with ``params``; rows as dicts keyed by the returned column names."""
        ...


@runtime_checkable
class GraphStore(Runner, Protocol):
    """The interface every graph store implements."""

    kind: str  # "ladybug" or "bolt"
    url: str  # display form, credentials removed
    read_only: bool
    model: Model
    timeout: float | None  # seconds per statement; a statement that runs longer raises QueryError

    def run(
        self, query: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None
    ) -> list[Row]:
        """Run ``query`` with ``params``; with ``timeout`` (seconds) the store stops a longer query."""
        ...

    def transaction(self) -> AbstractContextManager[Runner]:
        """A write transaction: commits when the block ends, rolls back when it raises."""
        ...

    def ensure_schema(self) -> None:
        """Create what the store needs before the first write (tables, constraints); idempotent."""
        ...

    def close(self) -> None:
        """Release the store (file lock, connections)."""
        ...

    def __enter__(self) -> GraphStore: ...

    def __exit__(self, *exc: object) -> None: ...


_USERINFO_RE = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/]*):[^@/]*@")


def timeout_error(timeout: float | None) -> QueryError:
    """The error of a statement stopped by its time limit."""
    return QueryError(
        f"the query ran longer than its time limit of {timeout:g} s and was stopped",
        hint="narrow the query (a LIMIT, a more selective MATCH), or raise the limit with --timeout SECONDS",
    )


def redact_url(url: str) -> str:
    """``url`` without a password in its user-info part (``bolt://neo4j:***@host:7687``).

    Works on malformed URLs too (a bad port, an unclosed IPv6 bracket): the password never shows.
    """
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return _USERINFO_RE.sub(lambda m: f"{m['scheme']}{m['user']}:***@", url)


@dataclass(frozen=True)
class StoreTarget:
    """Which store to open: a URL (``ladybug:PATH``, ``bolt://host:port``, ``neo4j://...``) and credentials.

    The password is kept out of ``repr`` so a target can be logged.
    """

    url: str
    user: str | None = None
    password: str | None = None
    database: str | None = None

    def __repr__(self) -> str:
        return f"StoreTarget(url={redact_url(self.url)!r}, user={self.user!r}, database={self.database!r})"

    @property
    def display(self) -> str:
        """The URL without any password, for messages."""
        return redact_url(self.url)
