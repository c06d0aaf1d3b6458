"""The Starlette application: routes, HTML or JSON for every page, error pages.

Every page is a GET with its state in the URL, so it can be linked, read without JavaScript and fetched
as data: ``/items/3A090.json``, or ``Accept: application/json`` on the same path, returns the dict the
page is rendered from. Templates autoescape everything (names and texts from the sources are data).
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

import queries
from exportwatch import __version__
from exportwatch.errors import DigestError, ExportwatchError, QueryError, StoreError
from exportwatch.web import charts, forms, pages
from exportwatch.web.access import ReadOnlyGraph
from graph.store import StoreTarget

log = logging.getLogger("exportwatch.web")
HERE = Path(__file__).resolve().parent
JSON_SUFFIX = ".json"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["url_part"] = lambda v: quote(str(v), safe=":")
    env.filters["cell"] = forms.cell_text
    return env


class JsonSuffix:
    """ASGI middleware: ``/path.json`` is ``/path`` answered as JSON."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].endswith(JSON_SUFFIX)
            and not scope["path"].startswith("/static/")
        ):
            scope = dict(scope)
            scope["path"] = scope["path"][: -len(JSON_SUFFIX)]
            scope["raw_path"] = scope["path"].encode()
            scope.setdefault("state", {})["json"] = True
        await self.app(scope, receive, send)


def wants_json(request: Request) -> bool:
    if request.scope.get("state", {}).get("json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _plain(v: Any) -> Any:
    if isinstance(v, Decimal):  # LadybugDB's sum() of integers
        return int(v) if v == v.to_integral_value() else float(v)
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return dataclasses.asdict(v)
    return str(v)


class Web:
    """The pages over one read-only graph."""

    def __init__(self, graph: ReadOnlyGraph, *, console: bool = True) -> None:
        self.graph = graph
        self.console = console
        self.env = _environment()

    # -- responses -------------------------------------------------------------------------
    def respond(
        self,
        request: Request,
        template: str,
        data: dict[str, Any],
        *,
        title: str,
        status: int = 200,
        **extra: Any,
    ) -> Response:
        if wants_json(request):
            return Response(
                json.dumps(data, default=_plain, ensure_ascii=False),
                status_code=status,
                media_type="application/json",
            )
        html = self.env.get_template(template).render(
            data=data, title=title, request=request, console=self.console, version=__version__,
            store=self.graph.url, **extra,
        )  # fmt: skip
        return HTMLResponse(html, status_code=status)

    def error(self, request: Request, status: int, message: str, hint: str | None = None) -> Response:
        data = {"error": message, "hint": hint, "status": status}
        return self.respond(request, "error.html.j2", data, title=f"{status}", status=status)

    # -- pages -----------------------------------------------------------------------------
    def home(self, request: Request) -> Response:
        data = {"queries": [{"name": q.name, "title": q.title} for q in queries.list_queries()]}
        return self.respond(request, "home.html.j2", data, title="exportwatch")

    def search(self, request: Request) -> Response:
        text = request.query_params.get("q", "")
        data = pages.search(self.graph, text)
        return self.respond(request, "search.html.j2", data, title=f"Search: {text}" if text else "Search")

    def item(self, request: Request) -> Response:
        code = request.path_params["code"].strip().upper()
        return self.respond(request, "item.html.j2", pages.item(self.graph, code), title=f"Item {code}")

    def entity(self, request: Request) -> Response:
        data = pages.entity(self.graph, request.path_params["id"])
        return self.respond(request, "entity.html.j2", data, title=str(data["entity"]["name"]))

    def document(self, request: Request) -> Response:
        data = pages.document(self.graph, request.path_params["id"])
        return self.respond(request, "document.html.j2", data, title=f"Document {data['document']['id']}")

    def regimes(self, request: Request) -> Response:
        return self.respond(
            request, "regimes.html.j2", pages.regimes(self.graph), title="Regimes and gap matrix"
        )

    def regime(self, request: Request) -> Response:
        rid = request.path_params["id"].strip().upper()
        data = pages.regime(self.graph, rid)
        return self.respond(request, "regime.html.j2", data, title=f"Regime {rid}")

    def lag(self, request: Request) -> Response:
        data = pages.ally_lag(self.graph, request.query_params.get("topic", ""))
        chart = charts.lag_chart(data["rows"])
        return self.respond(request, "lag.html.j2", data, title="How long the allies took", chart=chart)

    def query_list(self, request: Request) -> Response:
        data = {
            "queries": [
                {
                    "name": q.name,
                    "title": q.title,
                    "description": q.description,
                    "params": [p.describe() for p in q.params],
                }
                for q in queries.list_queries()
            ]
        }
        return self.respond(request, "queries.html.j2", data, title="Query library")

    def query(self, request: Request) -> Response:
        name = request.path_params["name"]
        fmt = "csv" if name.endswith(".csv") else None
        name = name.removesuffix(".csv")
        try:
            q = queries.get_query(name)
        except QueryError as e:
            raise pages.NotFound(e.message, hint=e.hint) from None
        given = dict(request.query_params)
        run = (
            "run" in given or any(p.name in given for p in q.params) or not any(p.required for p in q.params)
        )
        data: dict[str, Any] = {
            "name": q.name, "title": q.title, "description": q.description, "cypher": q.text,
            "example": q.example, "params": {}, "columns": [], "rows": [], "ran": False, "error": None,
        }  # fmt: skip
        status = 200
        if run:
            try:
                values = forms.submitted(q, given)
                data["params"] = {k: v for k, v in q.bind(values).items() if not k.endswith("_day")}
                rows = self.graph.query(q.name, **values)
                data.update(ran=True, columns=forms.columns(q, rows), rows=rows)
            except QueryError as e:
                status = 400
                data["error"] = e.message + (f" ({e.hint})" if e.hint else "")
        sort, desc = given.get("sort"), given.get("desc") == "1"
        data["rows"] = forms.sort_rows(data["rows"], sort, desc)
        if fmt == "csv" and status == 200:
            return PlainTextResponse(
                forms.to_csv(data["columns"], data["rows"]),
                media_type="text/csv; charset=utf-8",
                headers={"content-disposition": f'attachment; filename="{q.name}.csv"'},
            )
        base = {k: v for k, v in given.items() if k not in ("sort", "desc")}
        flip = {c: "1" if c == sort and not desc else "0" for c in data["columns"]}
        links = {
            "csv": f"/queries/{q.name}.csv?{urlencode(base)}",
            "json": f"/queries/{q.name}.json?{urlencode(base)}",
            "sort": {c: "?" + urlencode({**base, "sort": c, "desc": flip[c]}) for c in data["columns"]},
        }
        return self.respond(
            request, "query.html.j2", data, title=q.title, status=status,
            fields=forms.fields(q, given), links=links, sort=sort, desc=desc,
        )  # fmt: skip

    def cypher(self, request: Request) -> Response:
        if not self.console:
            raise HTTPException(404, "the Cypher console is turned off on this server (--read-only)")
        text = request.query_params.get("q", "")
        raw_params = request.query_params.get("params", "").strip()
        data: dict[str, Any] = {
            "q": text,
            "params": raw_params,
            "columns": [],
            "rows": [],
            "error": None,
            "ran": False,
        }
        status = 200
        if text.strip():
            try:
                params = json.loads(raw_params) if raw_params else {}
                if not isinstance(params, dict):
                    raise QueryError('the parameters must be a JSON object, e.g. {"id": "JP"}')
                rows = self.graph.cypher(text, params)
                data.update(ran=True, rows=rows, columns=list(rows[0]) if rows else [])
            except json.JSONDecodeError as e:
                status, data["error"] = 400, f"the parameters are not valid JSON: {e.msg} (column {e.colno})"
            except (QueryError, StoreError) as e:
                status, data["error"] = 400, e.message
        graph = charts.node_link(data["rows"]) if data["rows"] else None
        return self.respond(
            request, "cypher.html.j2", data, title="Cypher console", status=status, graph=graph,
            limit=self.graph.console_timeout,
        )  # fmt: skip

    def digests(self, request: Request) -> Response:
        return self.respond(
            request, "digests.html.j2", pages.digest_weeks(self.graph), title="Weekly digests"
        )

    def digest(self, request: Request) -> Response:
        from exportwatch.digest.content import build_content, collector_paused
        from exportwatch.digest.period import iso_week
        from exportwatch.digest.render import render_html

        try:
            period = iso_week(request.path_params["week"])
        except DigestError as e:
            raise QueryError(e.message, hint=e.hint) from None
        as_json = wants_json(request)  # complete; the page shows DIGEST_SECTION_LINES lines a section
        with collector_paused():  # a busy week makes tens of thousands of short-lived rows, lines and strings
            with self.graph.lock:
                content = build_content(
                    self.graph.store, period, shown_lines=None if as_json else pages.DIGEST_SECTION_LINES
                )
            if as_json:
                return Response(
                    json.dumps(dataclasses.asdict(content), default=str), media_type="application/json"
                )
            html = render_html(pages.digest_page(content), web_url="")  # its lines link to this app's pages
        nav = (
            '<p style="margin:0;padding:8px 12px;font:14px sans-serif;background:#13294b">'
            '<a style="color:#fff" href="/digests">&larr; all weekly digests</a></p>'
        )
        return HTMLResponse(_with_nav(html, nav))

    # -- errors ----------------------------------------------------------------------------
    async def on_error(self, request: Request, exc: Exception) -> Response:
        if isinstance(exc, pages.NotFound):
            return self.error(request, 404, exc.message, exc.hint)
        if isinstance(exc, HTTPException):
            detail = (
                exc.detail
                if exc.status_code != 404 or exc.detail != "Not Found"
                else f"no page at {request.url.path}"
            )
            return self.error(request, exc.status_code, detail)
        if isinstance(exc, QueryError):
            return self.error(request, 400, exc.message, exc.hint)
        if isinstance(exc, ExportwatchError):
            return self.error(request, 503, exc.message, exc.hint)
        log.error("page %s failed", request.url.path, exc_info=exc)
        return self.error(request, 500, "the server failed on this page", type(exc).__name__)


def _with_nav(html: str, nav: str) -> str:
    """The digest's own HTML page with a link back to the archive at the top of its body."""
    head, sep, rest = html.partition("<body")
    if not sep:
        return nav + html
    tag, gt, body = rest.partition(">")
    return head + sep + tag + gt + nav + body


def _lifespan(graph: ReadOnlyGraph) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        graph.close()

    return lifespan


def create_app(target: StoreTarget | str | ReadOnlyGraph, *, console: bool = True) -> Starlette:
    """The web app over the graph ``target`` names (opened read-only, now: a bad target fails here).

    Args:
        target: a ``StoreTarget``, a store URL, or an open ``ReadOnlyGraph``.
        console: serve the read-only Cypher console (``exportwatch serve --read-only`` turns it off).
    """
    graph = target if isinstance(target, ReadOnlyGraph) else ReadOnlyGraph(target)
    web = Web(graph, console=console)

    def page(fn: Callable[[Request], Response]) -> Callable[[Request], Awaitable[Response]]:
        from starlette.concurrency import run_in_threadpool

        async def endpoint(request: Request) -> Response:
            try:
                return await run_in_threadpool(fn, request)
            except Exception as e:  # every failure becomes an error page (or JSON) with its reason
                return await web.on_error(request, e)

        return endpoint

    routes = [
        Route("/", page(web.home)),
        Route("/search", page(web.search)),
        Route("/items/{code}", page(web.item)),
        Route("/entities/{id:path}", page(web.entity)),
        Route("/documents/{id:path}", page(web.document)),
        Route("/regimes", page(web.regimes)),
        Route("/regimes/{id}", page(web.regime)),
        Route("/lag", page(web.lag)),
        Route("/queries", page(web.query_list)),
        Route("/queries/{name}", page(web.query)),
        Route("/cypher", page(web.cypher)),
        Route("/digests", page(web.digests)),
        Route("/digests/{week}", page(web.digest)),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={404: web.on_error, 405: web.on_error, 500: web.on_error},
        lifespan=_lifespan(graph),
    )
    app.add_middleware(JsonSuffix)
    app.state.web = web
    return app
