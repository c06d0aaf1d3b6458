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
