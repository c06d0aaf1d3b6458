"""A sync killed half-way completes on re-run: no duplicates, nothing lost.

The kill is real: the transport raises ``Killed`` (a BaseException, as a SIGINT would) after N
requests, which unwinds the sync without any cleanup the code could count on; or a
``exportwatch sync --from-dir`` subprocess is SIGKILLed while it works.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
import recorded_replay as replay  # registered by tests/ingest/conftest.py

from exportwatch.config import Settings
from ingest.catalog import Catalog
from ingest.http import HttpClient
from ingest.sync import SyncReport, sync

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "recorded"
SNAPSHOT = Path(__file__).resolve().parents[2] / "exportwatch" / "snapshot"


POOL_IDS = {r["document_number"] for r in replay.load_pool()}
TODAY = date(2026, 7, 31)


def run(settings: Settings, server: object) -> SyncReport:
    client = HttpClient(server.transport(), sleep=lambda s: None)  # type: ignore[attr-defined]
    return sync(settings.home, source="federal-register", client=client, progress=False, today=TODAY)


def _rows(settings: Settings) -> list[str]:
    db = sqlite3.connect(settings.paths.catalog)
    return [r[0] for r in db.execute("SELECT doc_id FROM documents")]


def test_killed_during_the_search_resumes(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    server = replay.Replay()
    server.kill_after = 30
    with pytest.raises(replay.Killed):
        run(settings, server)
    partial = _rows(settings)
    assert 0 < len(partial) < len(POOL_IDS)
    cat = Catalog(settings.paths.catalog)
    assert cat.runs("federal-register")[0]["status"] == "running"
    assert cat.last_sync("federal-register") is None
    report = run(settings, replay.Replay())
    assert report.ok, report.errors
    rows = _rows(settings)
    assert len(rows) == len(set(rows)) == len(POOL_IDS) and set(rows) == POOL_IDS
    assert report.new == len(POOL_IDS) - len(partial)
    assert [r["status"] for r in cat.runs("federal-register")] == ["ok", "interrupted"]
    assert cat.get("2023-03929")["payloads"] == ["json", "xml"]  # type: ignore[index]


def test_killed_before_the_full_text_resumes(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path / "home")
    server = replay.Replay()
    server.fault("/documents/full_text/", replay.Killed("power cut"))
    with pytest.raises(replay.Killed):
        run(settings, server)
    cat = Catalog(settings.paths.catalog)
    doc = cat.get("2023-03929")
    assert doc is not None and doc["state"] == "fetched" and doc["payloads"] == ["json"]
    assert cat.pending("parsed") == ["2023-03929"]
    second = replay.Replay()
    report = run(settings, second)
    assert report.ok, report.errors
    assert len(second.urls("/documents/full_text/")) == 1
    doc = cat.get("2023-03929")
    assert doc is not None and doc["state"] == "parsed" and doc["payloads"] == ["json", "xml"]
    assert sorted(_rows(settings)) == sorted(POOL_IDS)


def test_sigkilled_subprocess_resumes(tmp_path: Path) -> None:
    """``exportwatch sync --from-dir`` killed with SIGKILL mid-run, then run again to completion."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "a_cache.json").write_bytes(
        (SNAPSHOT / "federal_register" / "bis_rules_2022-2026_api_cache.json").read_bytes()
    )
    (data / "b_rule.xml").write_bytes(
        (SNAPSHOT / "federal_register" / "fr_2023-03929_entity_list_additions.xml").read_bytes()
    )
    (data / "c_pi.pdf").write_bytes(
        (SNAPSHOT / "guidance" / "fr_2025-00636_ai_diffusion_public_inspection.pdf").read_bytes()
    )
    home = tmp_path / "home"
    env = {**os.environ, "EXPORTWATCH_HOME": str(home)}
    code = "import sys; from exportwatch.cli import main; main(sys.argv[1:])"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "sync", "--from-dir", str(data)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    catalog = home / "catalog.sqlite"
    deadline = time.monotonic() + 30
    # Kill once the JSON's rules are committed, while the PDF (parsed last, ~2 s) is in progress.
    while time.monotonic() < deadline:
        if catalog.exists():
            try:
                n = sqlite3.connect(catalog).execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            except sqlite3.OperationalError:
                n = 0
            if n >= len(POOL_IDS):
                break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert proc.returncode == -signal.SIGKILL
    settings = Settings(home=home)
    cat = Catalog(settings.paths.catalog)
    assert cat.get("2025-00636")["payloads"] == ["json"]  # type: ignore[index]  # the PDF never made it
    assert cat.runs("from-dir")[0]["status"] == "running"
    report = sync(settings.home, from_dir=data, progress=False)
    assert report.ok, report.errors
    rows = _rows(settings)
    assert len(rows) == len(set(rows)) == len(POOL_IDS)
    assert cat.get("2025-00636")["payloads"] == ["json", "pdf"]  # type: ignore[index]
    assert cat.get("2023-03929")["payloads"] == ["json", "xml"]  # type: ignore[index]
    assert [r["status"] for r in cat.runs("from-dir")] == ["ok", "interrupted"]
