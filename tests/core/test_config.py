"""Settings: data home, precedence of environment over config file, secrets never printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportwatch.config import load_settings
from exportwatch.errors import ConfigError


def test_home_from_environment(home: Path) -> None:
    s = load_settings()
    assert s.home == home
    assert s.paths.catalog == home / "catalog.sqlite"
    assert s.resolved_graph_url == f"ladybug:{home / 'graph.lbug'}"


def test_environment_wins_over_config_file(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (home / "config.yaml").write_text(
        "graph_url: bolt://127.0.0.1:7687\nsmtp_port: 2525\nsmtp_starttls: false\n", encoding="utf-8"
    )
    s = load_settings()
    assert s.graph_url == "bolt://127.0.0.1:7687"
    assert s.smtp_port == 2525
    assert s.smtp_starttls is False
    monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", "neo4j://example:7687")
    assert load_settings().graph_url == "neo4j://example:7687"


def test_secrets_redacted(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPORTWATCH_GRAPH_PASSWORD", "s3cret-graph")
    monkeypatch.setenv("EXPORTWATCH_SMTP_PASSWORD", "s3cret-mail")
    s = load_settings()
    assert s.graph_password == "s3cret-graph"
    shown = repr(s.redacted())
    assert "s3cret" not in shown
    assert shown.count("***") == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("graph_url: [unclosed", "not valid YAML"),
        ("- a\n- b\n", "must hold a mapping"),
        ("grpah_url: bolt://x\n", "unknown setting 'grpah_url'"),
        ("smtp_port: twenty\n", "smtp_port must be a port number"),
    ],
    ids=["bad-yaml", "not-mapping", "typo", "bad-port"],
)
def test_bad_config_file(home: Path, text: str, message: str) -> None:
    (home / "config.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings()
