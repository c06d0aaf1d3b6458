"""Graph test fixtures: one real ArcadeDB (Bolt) server per session, the demo graph built once per store.

ArcadeDB comes from ``arcadedb-embedded`` (bundled Java runtime) and is started on a free 127.0.0.1 port
in a child process (``graph.devserver``); the Bolt tests are never skipped. The demo graph is the bundled
snapshot (136 real BIS rules, the 2023-03929 Entity List rule with its full text), the bundled reference
lists and the curated regime data, built once per store per session and shared read-only by the tests.
Tests that write use the ``scratch`` stores, emptied before each use.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from exportwatch.app import REFERENCE_DIR
from graph.build import BuildReport, build_graph
from graph.connect import open_store
from graph.cypher import delete_all
from graph.devserver import ArcadeServer
from graph.store import GraphStore
from ingest.models import Extraction

STORES = ("ladybug", "bolt")


@pytest.fixture(scope="session")
def arcadedb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ArcadeServer]:
    """A real ArcadeDB server with Bolt on 127.0.0.1, databases ``demo`` and ``scratch``."""
    server = ArcadeServer(tmp_path_factory.mktemp("arcadedb"), databases=("demo", "scratch"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def extractions(synced_home: Path) -> list[tuple[Extraction, str]]:
    """The demo documents as the real pipeline gives them: synced into a data home, parsed, extracted."""
    from ingest.extract_stage import extract_home

    found, errors = extract_home(synced_home)
    assert not errors, errors
    return found


@pytest.fixture(scope="session")
def demo_ladybug_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("demo-ladybug") / "graph.lbug"


@pytest.fixture(scope="session")
def demo_builds(
    arcadedb: ArcadeServer, demo_ladybug_path: Path, extractions: list[tuple[Extraction, str]]
) -> Iterator[dict[str, tuple[GraphStore, BuildReport]]]:
    """The demo graph built once in each store: {"ladybug": (store, report), "bolt": (store, report)}."""
    out: dict[str, tuple[GraphStore, BuildReport]] = {}
    for kind, url in (("ladybug", f"ladybug:{demo_ladybug_path}"), ("bolt", arcadedb.url("demo"))):
        store = open_store(url)
        store.ensure_schema()
        delete_all(store, store.model)
        report = build_graph(store, extractions=extractions, reference_dir=REFERENCE_DIR)
        if kind == "ladybug":  # reopen read-only: the CLI tests open the same file read-only beside it
            store.close()
            store = open_store(url, read_only=True)
        out[kind] = (store, report)
    yield out
    for store, _ in out.values():
        store.close()


@pytest.fixture(params=STORES)
def demo(
    request: pytest.FixtureRequest, demo_builds: dict[str, tuple[GraphStore, BuildReport]]
) -> GraphStore:
    """The demo graph, once per store (tests must not write to it)."""
    return demo_builds[request.param][0]


@pytest.fixture(params=STORES)
def scratch(request: pytest.FixtureRequest, arcadedb: ArcadeServer, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty, writable store of each kind (schema ensured)."""
    url = f"ladybug:{tmp_path / 'scratch.lbug'}" if request.param == "ladybug" else arcadedb.url("scratch")
    store = open_store(url)
    store.ensure_schema()
    delete_all(store, store.model)
    yield store
    store.close()


@pytest.fixture
def hold_ladybug() -> Callable[[Path], AbstractContextManager[subprocess.Popen[str]]]:
    """A context manager that keeps a LadybugDB file open in another process (so it is locked)."""

    @contextmanager
    def hold(path: Path) -> Iterator[subprocess.Popen[str]]:
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
                import sys, ladybug
                db = ladybug.Database({str(path)!r})
                print("open", flush=True)
                sys.stdin.read()
            """),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
            yield holder
        finally:
            assert holder.stdin is not None
            holder.stdin.close()
            holder.wait(timeout=30)

    return hold
