"""The digest links to the web app: in the mail when EXPORTWATCH_WEB_URL is set, and in the web archive."""

from __future__ import annotations

from pathlib import Path

import pytest

from exportwatch.config import load_settings
from exportwatch.digest.content import build_content
from exportwatch.digest.period import iso_week
from exportwatch.digest.render import render
from graph.connect import open_store
from tests.web.conftest import Server


def test_mail_links_to_the_pages_when_the_web_url_is_set(
    demo_graph_url: str, demo_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPORTWATCH_WEB_URL", "https://ew.example.org/")
    settings = load_settings(home=demo_home)
    assert settings.web_url == "https://ew.example.org/"
    with open_store(demo_graph_url, read_only=True) as store:
        content = build_content(store, iso_week("2025-W03"))
    linked = render(content, web_url=settings.web_url).html
    assert 'href="https://ew.example.org/documents/2025-00636"' in linked
    assert 'href="https://ew.example.org/items/0A501"' in linked
    plain = render(content).html
    assert "In exportwatch" not in plain and "ew.example.org" not in plain


def test_archive_week_links_to_this_apps_pages(web: Server) -> None:
    weeks = web.get("/digests.json").json()["weeks"]
    assert {"week": "2023-W09", "start": "2023-02-27", "documents": 4, "rules": 4} in weeks
    html = web.get("/digests/2023-W09").text
    assert 'href="/digests"' in html  # back to the archive
    assert 'href="/documents/2023-03929"' in html
    assert web.get("/documents/2023-03929").status_code == 200
    data = web.get("/digests/2023-W09.json").json()
    assert data["period"]["start"] == "2023-02-27"
