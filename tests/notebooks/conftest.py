"""Notebook and API fixtures: the demo graph built once per session by ``api.demo_graph`` in a tmp home.

The build is the real one (``exportwatch demo``'s stages: sync of the bundled snapshot, extraction with
spaCy, graph load with the curated and reference data), about half a minute. Tests must not write to it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exportwatch import api
from exportwatch.config import ENV_CONFIG, ENV_HOME, ENV_VARS, Settings

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
# Environment variables that would point the API or a kernel at another store or config.
FOREIGN_ENV = (ENV_CONFIG, *ENV_VARS.values())


@pytest.fixture(scope="session")
def demo_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a tmp data home holding the demo graph (built once per session)."""
    home = tmp_path_factory.mktemp("demo-home")
    with pytest.MonkeyPatch.context() as mp:
        for var in FOREIGN_ENV:
            mp.delenv(var, raising=False)
        mp.setenv(ENV_HOME, str(home))
        return api.demo_graph(home)


@pytest.fixture
def demo_env(demo_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The demo home as ``EXPORTWATCH_HOME`` for one test (no other store or config settings)."""
    for var in FOREIGN_ENV:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv(ENV_HOME, str(demo_settings.home))
    return demo_settings


@pytest.fixture(scope="session")
def figures_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the notebooks executed by the tests save their figures (not the committed ones)."""
    return tmp_path_factory.mktemp("figures")


@pytest.fixture(scope="session")
def kernel_env(demo_settings: Settings, figures_dir: Path) -> dict[str, str]:
    """The environment a notebook kernel runs in: this process's, pointed at the demo home and tmp figures."""
    env = {k: v for k, v in os.environ.items() if k not in FOREIGN_ENV}
    env[ENV_HOME] = str(demo_settings.home)
    env["EXPORTWATCH_FIGURES"] = str(figures_dir)
    return env
