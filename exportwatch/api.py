"""The public Python API for notebooks and researchers: open the graph, run named queries, get networkx.

    >>> from exportwatch import api
    >>> settings = api.demo_graph()                  # doctest: +SKIP
    >>> api.query("tool_gaps", regime="JP")          # doctest: +SKIP
    >>> with api.open_graph(settings) as store:      # doctest: +SKIP
    ...     gaps = api.query("gap_matrix", store=store)
    ...     g = api.graph_networkx(store)

Everything here reads; the graph is written only by ``demo_graph`` (when it builds the demo graph) and
by the CLI (``exportwatch sync``, ``exportwatch build``). Without explicit settings the data home is
``$EXPORTWATCH_HOME`` (or the per-user data directory), as for the CLI.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exportwatch.config import Settings, load_settings
from exportwatch.errors import StoreError

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from graph.store import GraphStore
    from ingest.text import TextDiff

# Snapshot folders ``demo_graph`` syncs, in the order ``exportwatch demo`` syncs them.
DEMO_SOURCES = ("federal_register", "guidance")

__all__ = ["demo_graph", "diff", "graph_networkx", "open_graph", "queries_available", "query", "show"]


def open_graph(settings: Settings | None = None, *, read_only: bool = True) -> GraphStore:
    """Open the graph store of a data home.

    Args:
        settings: Settings naming the store (default: ``load_settings()``, i.e. ``$EXPORTWATCH_HOME``).
        read_only: Open for reading only (the default; several readers may share an embedded file).

    Returns:
        An open ``GraphStore``; use it as a context manager or call ``close()``.

    Raises:
        StoreError: The store does not exist yet, is locked, or cannot be reached.
        ConfigError: The settings name no known store.
    """
    from graph.connect import open_store

    return open_store((settings or load_settings()).store_target, read_only=read_only)


@contextmanager
def _store(store: GraphStore | None) -> Iterator[GraphStore]:
    """``store`` as given, or the default data home's store opened read-only for one call."""
    if store is not None:
        yield store
        return
    with open_graph() as opened:
        yield opened


def query(name: str, /, *, store: GraphStore | None = None, **params: Any) -> pd.DataFrame:
    """Run a named query of the library and return its rows as a DataFrame.

    Args:
        name: Query name, e.g. ``gap_matrix``, ``ally_lag`` (see ``queries_available()``); positional
            only, so that a query parameter may be called ``name`` too (``entity_history``).
        store: An open store (default: the data home's store, opened read-only for this call).
        **params: The query's parameters; ``from_=`` stands for the Python keyword ``from``.

    Returns:
        One row per result, columns in the query's RETURN order (also when there are no rows).

    Raises:
        QueryError: Unknown query, unknown or missing parameter, or a value of the wrong type.
        StoreError: The store refused the query or cannot be opened.
    """
    import queries

    with _store(store) as st:
        return queries.run_df(st, name, **params)


def show(ref: str, as_of: str | None = None, *, store: GraphStore | None = None) -> dict[str, Any]:
    """The text of an ECCN or a CFR provision as of a date (``exportwatch show``'s JSON).

    Args:
        ref: ``3A090``, ``3A090.a.1``, ``15 CFR 744.23``, ``15 CFR 744.23(a)(2)``.
        as_of: ISO date (default: the latest version).
        store: An open store (default: the data home's store, opened read-only for this call).

    Returns:
        ``{ref, as_of, version_date, source, heading, paragraphs: [{designation, text}]}``.

    Raises:
        QueryError: Unknown reference, no text of it in the graph, or none on or before ``as_of``.
    """
    from queries.texts import show as show_text

    with _store(store) as st:
        return show_text(st, ref, as_of)


def diff(ref: str, from_: str, to: str, *, store: GraphStore | None = None) -> TextDiff:
    """What changed in a text between the versions in force on two dates (``exportwatch diff``).

    Returns:
        A ``TextDiff``: ``.to_json()`` is the command's JSON; each of ``.changes`` has ``designation``,
        ``change`` (added, removed, changed), ``before``, ``after`` and ``inline()`` (the word diff);
        ``.not_covered`` names the parts one version does not hold, ``.unmatched`` the paragraphs found in
        one of two differently parsed versions only (never reported as added or removed).

    Raises:
        QueryError: Unknown reference, no version on or before a date, or ``from_`` after ``to``.
    """
    from queries.texts import diff as diff_text

    with _store(store) as st:
        return diff_text(st, ref, from_, to)


def queries_available() -> list[str]:
    """Names of the named queries of the library, sorted."""
    import queries

    return sorted(q.name for q in queries.list_queries())


def graph_networkx(store: GraphStore | None = None) -> nx.MultiDiGraph:
    """The whole graph as a networkx ``MultiDiGraph``.

    Node ids are ``<Label>:<key>`` (e.g. ``Entity:EL:huawei technologies:CN``) with the attributes
    ``label`` and the node's properties; edge keys (and the ``type`` attribute) are relationship types.

    Args:
        store: An open store (default: the data home's store, opened read-only for this call).
    """
    from graph.export import to_networkx

    with _store(store) as st:
        return to_networkx(st)


def _document_count(settings: Settings) -> int:
    """Documents in the graph store of ``settings``; 0 when the store does not exist yet."""
    from graph.connect import open_store

    scheme, _, path = settings.resolved_graph_url.partition(":")
    if scheme.lower() in ("ladybug", "lbug") and not Path(path.removeprefix("//")).expanduser().exists():
        return 0
    with open_store(settings.store_target, read_only=True) as store:
        try:
            rows = store.run("MATCH (d:Document) RETURN count(d) AS n")
        except StoreError:  # an embedded file whose schema was never created
            return 0
    return int(rows[0]["n"]) if rows else 0


def _catalog_count(settings: Settings) -> int:
    from ingest.catalog import Catalog

    if not settings.paths.catalog.exists():
        return 0
    catalog = Catalog(settings.paths.catalog)
    try:
        return catalog.count()
    finally:
        catalog.close()


def demo_graph(home: Path | None = None) -> Settings:
    """Settings of a data home holding the demo graph, built first if the home has none.

    The demo graph is what ``exportwatch demo`` builds, offline: the bundled snapshot of real
    Federal Register data (136 BIS rules, one full-text Entity List rule, the AI Diffusion
    public-inspection PDF) synced into the catalog, extracted, and loaded with the curated
    allied-regime data and the reference lists (two Commerce Control List dates, EU Annex I, the
    Entity List rows of the screening list). Building takes about half a minute; a home whose
    catalog and graph already hold documents is returned as it is.

    Args:
        home: The data home (default: ``$EXPORTWATCH_HOME`` or the per-user data directory).

    Returns:
        The settings of that home (with any graph URL from the environment or its config file).

    Raises:
        StoreError: The graph is still empty after the build, or the store cannot be opened.
        ExportwatchError: A stage of the build failed as a whole (e.g. the snapshot is missing).
    """
    settings = load_settings(Path(home) if home is not None else None)
    in_graph = _document_count(settings)  # first: a store that cannot be opened fails before any work
    catalogued = _catalog_count(settings)
    if catalogued and in_graph:
        return settings

    from exportwatch.app import SNAPSHOT_DIR, update_graph
    from ingest.sync import sync

    if not catalogued:
        for sub in DEMO_SOURCES:
            sync(settings.home, from_dir=SNAPSHOT_DIR / sub, progress=False)
    report = update_graph(settings, reload=True, progress=False)
    if not _document_count(settings):
        errors = "; ".join(f"{k}: {v}" for k, v in list(report.errors.items())[:3]) or "no error reported"
        raise StoreError(
            f"demo graph in {settings.home}: the graph holds no documents after the build ({errors})",
            hint="run `exportwatch demo` to see each stage's report",
        )
    return settings
