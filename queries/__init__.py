"""The query library: named, documented Cypher queries that run unchanged on every graph store.

>>> import queries
>>> [q.name for q in queries.list_queries()][:2]
['ally_lag', 'amendments_between']
>>> queries.run(store, "tool_gaps", regime="JP")          # doctest: +SKIP
>>> queries.run_df(store, "item_timeline", item="3A090")  # doctest: +SKIP
"""

from __future__ import annotations

from queries.runner import NamedQuery, QueryParam, get_query, list_queries, run, run_df, write_clause

__all__ = ["NamedQuery", "QueryParam", "get_query", "list_queries", "run", "run_df", "write_clause"]
