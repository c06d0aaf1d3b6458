"""Fixtures shared by every test folder: paths to fixtures and a throwaway data home."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
SNAPSHOT = REPO / "exportwatch" / "snapshot"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def snapshot_dir() -> Path:
    return SNAPSHOT


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data home for one test, exported as EXPORTWATCH_HOME; no graph/SMTP settings leak in."""
    h = tmp_path / "home"
    h.mkdir()
    monkeypatch.setenv("EXPORTWATCH_HOME", str(h))
    for var in (
        "EXPORTWATCH_CONFIG",
        "EXPORTWATCH_GRAPH_URL",
        "EXPORTWATCH_GRAPH_USER",
        "EXPORTWATCH_GRAPH_PASSWORD",
        "EXPORTWATCH_GRAPH_DATABASE",
        "EXPORTWATCH_SMTP_HOST",
        "EXPORTWATCH_SMTP_PORT",
        "EXPORTWATCH_SMTP_USER",
        "EXPORTWATCH_SMTP_PASSWORD",
        "EXPORTWATCH_MAIL_FROM",
    ):
        monkeypatch.delenv(var, raising=False)
    return h


@pytest.fixture(scope="session")
def demo_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data home holding the demo pipeline's result (snapshot synced, extracted, embedded graph built).

    Built once per test session through the real app (``exportwatch demo`` does the same); tests that
    read it must not write to it.
    """
    from exportwatch.app import SNAPSHOT_DIR, update_graph
    from exportwatch.config import load_settings
    from ingest.sync import sync

    h = tmp_path_factory.mktemp("demo-home")
    s = load_settings(home=h)
    for sub in ("federal_register", "guidance"):
        sync(s.home, from_dir=SNAPSHOT_DIR / sub, progress=False)
    report = update_graph(s)
    assert not report.errors, report.errors
    return h


@pytest.fixture(scope="session")
def synced_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data home with the bundled snapshot synced into its catalog and raw store (no graph yet).

    The first stage of the real pipeline, once per session; graph tests extract and load from it.
    """
    from exportwatch.app import SNAPSHOT_DIR
    from ingest.sync import sync

    h = tmp_path_factory.mktemp("synced-home")
    for sub in ("federal_register", "guidance"):
        report = sync(h, from_dir=SNAPSHOT_DIR / sub, progress=False)
        assert report.ok, report.errors
    return h
