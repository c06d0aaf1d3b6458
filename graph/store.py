"""One small store interface, two implementations: embedded LadybugDB and Bolt (Neo4j, ArcadeDB).

``open_store`` picks the store from a URL (``Settings.resolved_graph_url``):

- ``ladybug:PATH`` - an embedded LadybugDB file (default ``<home>/graph.lbug``);
- ``bolt://host:port`` or ``neo4j://host:port`` (and their ``+s``/``+ssc`` variants) - a Bolt server,
  with ``EXPORTWATCH_GRAPH_USER`` / ``EXPORTWATCH_GRAPH_PASSWORD`` / ``EXPORTWATCH_GRAPH_DATABASE``.

Every store runs Cypher with parameters and returns rows as dicts; writes go through
``transaction()``, which commits on success and rolls back on any error. Errors are ``StoreError`` with
a sentence naming the store (never its password).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

from exportwatch.config import Settings
from exportwatch.errors import ConfigError
from graph.model import Model, model

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
Row = dict[str, Any]


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


def redact_url(url: str) -> str:
    """``url`` without a password in its user-info part (``bolt://neo4j:***@host:7687``)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def open_store(
    settings: Settings | str,
    *,
    read_only: bool = False,
    schema: Model | None = None,
) -> GraphStore:
    """Open the graph store that ``settings`` (or a store URL) names.

    Args:
        settings: exportwatch settings (their ``resolved_graph_url``, user, password, database), or a
            URL: ``ladybug:PATH``, ``bolt://[user:password@]host:port``, ``neo4j://...``.
        read_only: open for reading only where the store supports it (LadybugDB opens the file
            read-only; Bolt sessions use read access mode).
        schema: the schema model (default: ``graph.model.model()``).

    Returns:
        An open ``GraphStore``; use it as a context manager or call ``close()``.

    Raises:
        ConfigError: the URL names no known store.
        StoreError: the store cannot be opened (file locked, server down, credentials refused).
    """
    m = schema or model()
    if isinstance(settings, Settings):
        url = settings.resolved_graph_url
        user, password, database = settings.graph_user, settings.graph_password, settings.graph_database
    else:
        url, user, password, database = settings, None, None, None
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme in ("ladybug", "lbug"):
        from graph.embedded import LadybugStore

        path = url.split(":", 1)[1]
        if path.startswith("//"):
            path = path[2:]
        if not path:
            raise ConfigError("graph URL 'ladybug:' needs a file path, e.g. ladybug:/data/graph.lbug")
        return LadybugStore(Path(path).expanduser(), read_only=read_only, schema=m)
    if scheme in BOLT_SCHEMES:
        from graph.bolt import BoltStore

        parts = urlsplit(url)
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(f"graph URL {redact_url(url)!r} has a bad port") from None
        user = user or parts.username
        password = password or parts.password
        path_db = parts.path.strip("/")
        if path_db and re.fullmatch(r"[A-Za-z0-9_.-]+", path_db):
            database = database or path_db
        host = parts.hostname or "localhost"
        url = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
        return BoltStore(url, user=user, password=password, database=database, read_only=read_only, schema=m)
    raise ConfigError(
        f"graph URL {redact_url(url)!r} names no known store",
        hint="use ladybug:PATH (embedded) or bolt://host:port / neo4j://host:port (EXPORTWATCH_GRAPH_URL)",
    )
