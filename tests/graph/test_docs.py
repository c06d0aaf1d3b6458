"""The query library page is generated from the query headers and stays in sync with them."""

from __future__ import annotations

import queries
from queries.docs import DOC_PATH, render_queries_md


def test_queries_doc_is_up_to_date() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == render_queries_md(), "run: python -m queries.docs"


def test_queries_doc_names_every_query() -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    for q in queries.list_queries():
        assert f"### `{q.name}`" in text
