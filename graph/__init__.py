"""Graph: the schema (in one place), the stores behind one interface, and the loaders.

    from graph import open_store
    with open_store("ladybug:/path/graph.lbug", read_only=True) as store:  # or a StoreTarget
        rows = store.run("MATCH (t:Tool) RETURN t.id AS id ORDER BY id")

``graph.build.build_graph`` loads everything; ``queries`` holds the named queries.
"""

from graph.connect import open_store
from graph.store import GraphStore

__all__ = ["GraphStore", "open_store"]
