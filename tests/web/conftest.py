"""A real web server on a free 127.0.0.1 port over the demo graph, and headless Chromium to drive it.

The server is the app ``exportwatch serve`` runs (Starlette under uvicorn), started in a thread of the
test process over the session's demo data home (``demo_home``). The browser is Debian's ``chromium``
driven through Selenium and Debian's ``chromium-driver`` (no browser download); missing, the browser
tests fail in CI (CI=true) and are skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from exportwatch.web import create_app
from exportwatch.web.access import ReadOnlyGraph


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    server: uvicorn.Server
    thread: threading.Thread

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return httpx.get(self.base + path, timeout=60, **kw)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


def start_server(graph: ReadOnlyGraph, *, console: bool = True) -> Server:
    port = free_port()
    config = uvicorn.Config(
        create_app(graph, console=console), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    return Server(f"http://127.0.0.1:{port}", server, thread)


@pytest.fixture(scope="session")
def demo_graph_url(demo_home: Path) -> str:
    return f"ladybug:{demo_home / 'graph.lbug'}"


MARKUP_NAME = '<script>alert("pwned")</script> Trading Co. & <b>Sons</b>'
MARKUP_ALIAS = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def markup_graph_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One Entity List party whose name, alias and policy hold markup, read as a CSL API file and loaded
    by the real list parser and loader."""
    from graph.connect import open_store
    from graph.load_lists import load_lists
    from ingest.parse_lists import parse_csl

    d = tmp_path_factory.mktemp("markup-graph")
    url = f"ladybug:{d / 'graph.lbug'}"
    row = {"source": "Entity List (EL) - Bureau of Industry and Security", "name": MARKUP_NAME,
           "alt_names": [MARKUP_ALIAS], "addresses": [{"city": "Beijing", "country": "CN"}],
           "federal_register_notice": "88 FR 12171", "license_policy": "<i>denial</i>"}  # fmt: skip
    snaps = parse_csl(json.dumps({"results": [row]}).encode(), name="markup.json", snapshot="2026-07-31")
    with open_store(url) as store:
        store.ensure_schema()
        report = load_lists(store, snaps)
        assert report.listings == 1, report
    return url


LONG_WEEK_PARTIES = 130  # Entity List additions of one week, more than the web page shows of a section


@pytest.fixture(scope="session")
def long_week_graph_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A busy week: 130 Entity List parties added under 88 FR 12171 on 2023-03-02 (2023-W09), read as a
    CSL API file and loaded by the real list parser and loader."""
    from graph.connect import open_store
    from graph.load_lists import load_lists
    from ingest.parse_lists import parse_csl

    d = tmp_path_factory.mktemp("long-week-graph")
    url = f"ladybug:{d / 'graph.lbug'}"
    source = "Entity List (EL) - Bureau of Industry and Security"
    rows = [
        {"source": source, "name": f"Party {i:03d} Trading Co.", "addresses": [{"country": "CN"}],
         "federal_register_notice": "88 FR 12171, 3/2/23"}
        for i in range(LONG_WEEK_PARTIES)
    ]  # fmt: skip
    snaps = parse_csl(json.dumps({"results": rows}).encode(), name="long-week.json", snapshot="2026-07-31")
    with open_store(url) as store:
        store.ensure_schema()
        report = load_lists(store, snaps)
        assert report.listings == LONG_WEEK_PARTIES, report
    return url


@pytest.fixture(scope="session")
def web(demo_graph_url: str) -> Iterator[Server]:
    """The web app over the demo graph, on a free 127.0.0.1 port."""
    server = start_server(ReadOnlyGraph(demo_graph_url))
    yield server
    server.stop()


@pytest.fixture
def serve() -> Iterator[Callable[..., Server]]:
    """Start more servers (another graph, other options); stopped after the test."""
    started: list[Server] = []

    def start(graph: ReadOnlyGraph, **kw: Any) -> Server:
        s = start_server(graph, **kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.stop()


def _need(name: str, *names: str) -> str:
    for n in (name, *names):
        path = shutil.which(n)
        if path:
            return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(
            f"{name} is not installed; CI must install the Debian packages chromium and chromium-driver"
        )
    pytest.skip(f"{name} is not installed (apt-get install chromium chromium-driver)")


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium through Selenium and the system chromedriver."""
    binary = _need("chromium", "chromium-browser")
    driver_path = _need("chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for arg in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):  # fmt: skip
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=opts)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()
