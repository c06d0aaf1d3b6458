"""Open a graph store from a target: ``ladybug:PATH`` (embedded) or a Bolt URL (Neo4j, ArcadeDB).

- ``ladybug:PATH`` - an embedded LadybugDB file (the app's default is ``<home>/graph.lbug``);
- ``bolt://host:port`` or ``neo4j://host:port`` (and their ``+s``/``+ssc`` variants) - a Bolt server,
  with the user, password and database of the ``StoreTarget`` (or the URL's user-info).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from exportwatch.errors import ConfigError
from graph.model import Model, model
from graph.store import DEFAULT_QUERY_TIMEOUT, GraphStore, StoreTarget, redact_url

BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def open_store(
    target: StoreTarget | str,
    *,
    read_only: bool = False,
    schema: Model | None = None,
    timeout: float | None = DEFAULT_QUERY_TIMEOUT,
) -> GraphStore:
    """Open the graph store that ``target`` (or a store URL) names.

    Args:
        target: a ``StoreTarget`` (URL and credentials), or a URL: ``ladybug:PATH``,
            ``bolt://[user:password@]host:port``, ``neo4j://...``.
        read_only: open for reading only where the store supports it (LadybugDB opens the file
            read-only; Bolt sessions use read access mode).
        schema: the schema model (default: ``graph.model.model()``).
        timeout: seconds one statement may run before it is stopped with a ``QueryError``
            (default ``DEFAULT_QUERY_TIMEOUT``; None or 0: no limit). LadybugDB stops it on the
            connection; Bolt sends it as the transaction timeout and, for servers that ignore it
            (ArcadeDB), gives up on the client side.

    Returns:
        An open ``GraphStore``; use it as a context manager or call ``close()``.

    Raises:
        ConfigError: the URL names no known store.
        StoreError: the store cannot be opened (file locked, server down, credentials refused).
    """
    if timeout is not None and (timeout != timeout or timeout < 0):
        raise ConfigError(f"query time limit must be a positive number of seconds, got {timeout}")
    timeout = timeout or None
    m = schema or model()
    if isinstance(target, StoreTarget):
        url, user, password, database = target.url, target.user, target.password, target.database
    else:
        url, user, password, database = target, None, None, None
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme in ("ladybug", "lbug"):
        from graph.embedded import LadybugStore

        path = url.split(":", 1)[1]
        if path.startswith("//"):
            path = path[2:]
        if not path:
            raise ConfigError("graph URL 'ladybug:' needs a file path, e.g. ladybug:/data/graph.lbug")
        return LadybugStore(Path(path).expanduser(), read_only=read_only, schema=m, timeout=timeout)
    if scheme in BOLT_SCHEMES:
        from graph.bolt import BoltStore

        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as e:
            why = "bad port" if "port" in str(e).lower() else str(e)
            raise ConfigError(
                f"graph URL {redact_url(url)!r} is malformed ({why})",
                hint="use bolt://host:port with a port from 1 to 65535 (EXPORTWATCH_GRAPH_URL)",
            ) from None
        user = user or parts.username
        password = password or parts.password
        path_db = parts.path.strip("/")
        if path_db and re.fullmatch(r"[A-Za-z0-9_.-]+", path_db):
            database = database or path_db
        host = parts.hostname or "localhost"
        url = f"{parts.scheme}://{host}" + (f":{port}" if port else "")
        return BoltStore(
            url,
            user=user,
            password=password,
            database=database,
            read_only=read_only,
            schema=m,
            timeout=timeout,
        )
    raise ConfigError(
        f"graph URL {redact_url(url)!r} names no known store",
        hint="use ladybug:PATH (embedded) or bolt://host:port / neo4j://host:port (EXPORTWATCH_GRAPH_URL)",
    )
