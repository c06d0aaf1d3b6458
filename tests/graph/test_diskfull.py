"""A full disk (here: the file-size limit, ``ulimit -f``) never leaves the embedded graph broken for good.

Real subprocesses write a real graph (the curated regime data) under ``RLIMIT_FSIZE``: with the room
check on, the write is refused before anything is written; with it off, LadybugDB tears its WAL (and the
engine aborts the process), and the next open moves the damaged store aside and starts empty, so a
rebuild runs without a hand.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from exportwatch.errors import StoreError
from graph.build import build_graph
from graph.connect import open_store
from graph.cypher import counts
from graph.embedded import LadybugStore

WRITER = textwrap.dedent("""
    import sys
    from exportwatch.errors import StoreError
    from graph.build import build_graph
    from graph.connect import open_store
    try:
        with open_store("ladybug:" + sys.argv[1]) as store:
            store.ensure_schema()
            build_graph(store, extractions=[], with_reference=False)
    except StoreError as e:
        print("StoreError:", e.message, flush=True)
        sys.exit(3)
    print("written", flush=True)
""")


def write_limited(path: Path, limit: int, min_free_mb: int) -> subprocess.CompletedProcess[str]:
    """Build the curated graph into ``path`` in a child process whose files may not grow past ``limit``."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    env = {**os.environ, "EXPORTWATCH_LADYBUG_MIN_FREE_MB": str(min_free_mb)}
    return subprocess.run(
        [sys.executable, "-c", WRITER, str(path)],
        preexec_fn=cap,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("limit", [150_000, 90_000])  # the engine's message depends on where the cut falls
def test_torn_wal_is_moved_aside_and_the_store_rebuilt(tmp_path: Path, limit: int) -> None:
    path = tmp_path / "graph.lbug"
    done = write_limited(path, limit=limit, min_free_mb=0)  # room check off: the write runs into the limit
    assert "written" not in done.stdout, done.stdout
    assert done.returncode != 0
    wal = path.with_name("graph.lbug.wal")
    assert wal.exists() and wal.stat().st_size == limit  # the WAL was cut off at the limit
    with open_store(f"ladybug:{path}") as store:
        assert isinstance(store, LadybugStore)
        assert store.recovered
        assert store.recovery_message and "moved aside to graph.lbug.corrupt-" in store.recovery_message
        store.ensure_schema()
        assert counts(store, store.model) == {}
        report = build_graph(store, extractions=[], with_reference=False)  # what the app's rebuild does
        assert report.counts["Regime"] > 0
    aside = sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name)
    assert len(aside) == 2 and aside[1] == aside[0] + ".wal"  # main file and its WAL, side by side
    with open_store(f"ladybug:{path}") as store:
        assert isinstance(store, LadybugStore) and not store.recovered
        assert counts(store, store.model) == report.counts


def test_room_check_refuses_the_write_and_keeps_the_store(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbug"
    with open_store(f"ladybug:{path}") as store:
        store.ensure_schema()
        before = build_graph(store, extractions=[], with_reference=False).counts
        store.run("MATCH (r:Regime) DETACH DELETE r")
        kept = counts(store, store.model)
    size = max(p.stat().st_size for p in path.parent.iterdir())
    done = write_limited(path, limit=size + 2_000_000, min_free_mb=64)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "left to write (file size limit)" in done.stdout and "nothing was written" in done.stdout
    with open_store(f"ladybug:{path}") as store:
        assert isinstance(store, LadybugStore) and not store.recovered
        assert counts(store, store.model) == kept != before


def test_damaged_store_read_only_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbug"
    with open_store(f"ladybug:{path}") as store:
        store.ensure_schema()
    path.with_name("graph.lbug.wal").write_bytes(os.urandom(20_000))
    with pytest.raises(StoreError) as e:
        LadybugStore(path, read_only=True, schema=store.model, open_delays=(0.01,))
    assert "is damaged" in e.value.message and "WAL" in e.value.message
    assert e.value.hint and "moves the damaged store aside" in e.value.hint
    assert path.exists() and not any(".corrupt-" in p.name for p in tmp_path.iterdir())  # nothing moved


def test_not_a_ladybug_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "graph.lbug"
    path.write_bytes(b"this is not a graph\n" * 400)
    with open_store(f"ladybug:{path}") as store:
        assert isinstance(store, LadybugStore) and store.recovered
        assert store.recovery_message and "not a valid Lbug database file" in store.recovery_message
        store.ensure_schema()
        assert store.run("MATCH (n:Regime) RETURN count(n) AS c") == [{"c": 0}]


def test_build_rebuilds_a_damaged_home_store_from_the_catalog(
    demo_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``exportwatch build`` on a home with a damaged graph file: moved aside, every document reloaded."""
    import json
    import shutil

    from typer.testing import CliRunner

    from exportwatch.cli import app

    home = tmp_path / "home"
    shutil.copytree(demo_home, home, ignore=shutil.ignore_patterns("*.lock"))
    with open_store(f"ladybug:{home / 'graph.lbug'}", read_only=True) as store:
        before = counts(store, store.model)
    for p in home.glob("graph.lbug*"):
        p.unlink()
    (home / "graph.lbug").write_bytes(b"this is not a graph\n" * 400)
    for var in ("EXPORTWATCH_CONFIG", "EXPORTWATCH_GRAPH_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("EXPORTWATCH_HOME", str(home))
    done = CliRunner().invoke(app, ["build", "--format", "json"])
    assert done.exit_code == 0, done.output
    body = json.loads(done.stdout)
    assert "moved aside to graph.lbug.corrupt-" in body["recovered"]
    loaded = {r["stage"]: r["documents"] for r in body["stages"]}
    assert loaded["graph: loaded"] == loaded["extract"] > 0 and body["errors"] == {}
    with open_store(f"ladybug:{home / 'graph.lbug'}", read_only=True) as store:
        assert counts(store, store.model) == before
    again = CliRunner().invoke(app, ["build", "--format", "json"])
    assert again.exit_code == 0 and "recovered" not in json.loads(again.stdout)
