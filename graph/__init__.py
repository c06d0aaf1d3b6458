"""Graph: the schema (in one place), the stores behind one interface, and the loaders.

    from graph import open_store
    with open_store(settings, read_only=True) as store:   # or open_store("ladybug:/path/graph.lbug")
        rows = store.run("MATCH (t:Tool) RETURN t.id AS id ORDER BY id")

``graph.build.build_graph`` loads everything; ``queries`` holds the named queries.
"""

from graph.store import GraphStore, open_store

__all__ = ["GraphStore", "open_store"]
