"""The web app's one door to the graph: a read-only store, named queries and the console's free Cypher.

The store is opened read-only once and shared by the request threads; a lock serialises the calls
(one LadybugDB connection is not safe to use from two threads at once, and the 2-core machines this runs
on gain nothing from parallel queries). Free Cypher is checked for write clauses with the same function
as ``exportwatch cypher`` before anything is sent, and runs with a time limit.
"""

from __future__ import annotations

import threading
from typing import Any

import queries
from exportwatch.errors import StoreError
from graph.connect import open_store
from graph.store import GraphStore, Row, StoreTarget

CONSOLE_TIMEOUT = 10.0  # seconds a console query may run


class ReadOnlyGraph:
    """A read-only graph store shared by the request threads."""

    def __init__(self, target: StoreTarget | str, *, console_timeout: float = CONSOLE_TIMEOUT) -> None:
        self.store: GraphStore = open_store(target, read_only=True)
        self.console_timeout = console_timeout
        self.lock = threading.Lock()

    @property
    def url(self) -> str:
        return self.store.url

    def query(self, name: str, /, **params: Any) -> list[Row]:
        """Run the named library query ``name`` (QueryError for bad parameters, StoreError from the store)."""
        with self.lock:
            return queries.run(self.store, name, **params)

    def cypher(self, text: str, params: dict[str, Any]) -> list[Row]:
        """Run free Cypher read-only: write clauses are refused before the store sees the query."""
        clause = queries.write_clause(text)
        if clause:
            raise StoreError(
                f"the query writes ({clause}) but the graph is opened read-only",
                hint="the web console only reads; use `exportwatch cypher --write` to change the graph",
            )
        with self.lock:
            return self.store.run(text, params, timeout=self.console_timeout)

    def close(self) -> None:
        with self.lock:
            self.store.close()
