"""The web app: ``exportwatch serve`` (Starlette and uvicorn, Jinja2 templates, no front-end build step).

Pages over the graph the command line uses, built only from the named queries of ``queries/``: search,
item, party, document (rule), regime, the gap matrix and the ally lag chart, the query library as forms,
a read-only Cypher console and the weekly digest archive. Every page is also JSON (``.json`` or
``Accept: application/json``).
"""

from __future__ import annotations

from exportwatch.web.app import create_app

__all__ = ["create_app"]
