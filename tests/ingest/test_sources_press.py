"""BIS press releases and guidance PDFs, live code against pages replayed at the transport level.

The pages are the press fixtures of ``tests/fixtures/bis_press`` (WRITTEN after the public bis.gov
structure, see their SOURCES.md) and the small guidance PDFs of ``tests/fixtures/guidance``.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import recorded_replay as replay  # registered by tests/ingest/conftest.py

from exportwatch.config import Settings
from ingest.catalog import Catalog
from ingest.http import HttpClient
from ingest.sync import SyncReport, sync

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PRESS = FIXTURES / "bis_press"
GUIDANCE = FIXTURES / "guidance"
RESCISSION = (
    "/press-release/department-commerce-announces-rescission-biden-era-artificial-intelligence-diffusion-rule-"
    "strengthens"
)
RUSSIA = "/press-release/commerce-adds-entities-entity-list-support-russias-military"
MISSING = (
    "/press-release/commerce-strengthens-export-controls-restrict-chinas-capability-"
    "produce-advanced-semiconductors"
)
RED_FLAGS = "/media/documents/industry-guidance-diversion-red-flags-may-13-2025.pdf"
GP10 = "/media/documents/gp10-guidance-prc-advanced-computing-ics-may-13-2025.pdf"
POLICY = "/media/documents/policy-statement-ics-used-to-train-ai-models-may-13-2025.pdf"


def pages(**extra: Path) -> dict[str, Path]:
    return {
        "/news-updates": PRESS / "news-updates.html",
        RESCISSION: PRESS / "press-release_ai-diffusion-rescission_2025-05-13.html",
        RUSSIA: PRESS / "press-release_entity-list-russia_2023-02-24_variant.html",
        RED_FLAGS: GUIDANCE
        / "text_minimal.pdf",  # a written one-page stand-in (no real guidance PDF is vendored)
        GP10: GUIDANCE / "no_text_layer.pdf",  # an image-only PDF: must fail with a clear message
        **extra,
    }


def run(settings: Settings, server: Any, source: str, since: date | None = None) -> SyncReport:
    client = HttpClient(server.transport(), sleep=lambda s: None)
    return sync(
        settings.home, source=source, since=since, client=client, progress=False, today=date(2025, 5, 20)
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


def test_listing_and_releases(settings: Settings) -> None:
    server = replay.Replay(pages=pages())
    report = run(settings, server, "bis-press")
    cat = Catalog(settings.paths.catalog)
    rows = {r["document_number"]: r for r in cat.list_documents(source="bis-press")}
    slug = RESCISSION.rsplit("/", 1)[-1]
    assert set(rows) == {f"bis-press:{slug}", f"bis-press:{RUSSIA.rsplit('/', 1)[-1]}"}
    rel = rows[f"bis-press:{slug}"]
    assert (
        rel["publication_date"] == "2025-05-13" and rel["state"] == "parsed" and rel["payloads"] == ["html"]
    )
    assert "Artificial Intelligence Diffusion" in rel["title"]
    assert rows[f"bis-press:{RUSSIA.rsplit('/', 1)[-1]}"]["publication_date"] == "2023-02-24"
    # The release the site does not serve is an error naming its URL; the others went through.
    assert len(report.errors) == 1 and MISSING in report.errors[0] and "404" in report.errors[0]
    assert report.new == 2
    assert {e["target"] for e in cat.errors("bis-press")} == {f"bis-press:{MISSING.rsplit('/', 1)[-1]}"}
    # The release is linked to the Federal Register documents its page links to.
    refs = {(a, b) for a, rel_, b in cat.relations("references")}
    assert (f"bis-press:{slug}", "2025-00636") in refs and (f"bis-press:{slug}", "2023-03929") in refs


def test_second_poll_unchanged_then_changed_release(settings: Settings, tmp_path: Path) -> None:
    server = replay.Replay(pages=pages())
    run(settings, server, "bis-press")
    again = run(settings, server, "bis-press")
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)
    assert again.sources["bis-press"].not_modified == 3  # listing + 2 releases, all 304
    cat = Catalog(settings.paths.catalog)
    doc_id = f"bis-press:{RESCISSION.rsplit('/', 1)[-1]}"
    cat.set_state(doc_id, "extracted")
    before = cat.get(doc_id)
    edited = tmp_path / "rescission_edited.html"
    original = (PRESS / "press-release_ai-diffusion-rescission_2025-05-13.html").read_text(encoding="utf-8")
    edited.write_text(
        original.replace(
            "</article>",
            "<p>Update: BIS will publish a rescission rule in the Federal Register.</p></article>",
            1,
        ),
        encoding="utf-8",
    )
    assert edited.read_text(encoding="utf-8") != original
    changed = run(settings, replay.Replay(pages=pages(**{RESCISSION: edited})), "bis-press")
    assert changed.sources["bis-press"].outcomes[doc_id] == "changed"
    after = cat.get(doc_id)
    assert after is not None and before is not None
    assert after["content_hash"] != before["content_hash"] and after["state"] == "parsed"


def test_since_skips_older_releases(settings: Settings) -> None:
    server = replay.Replay(pages=pages())
    run(settings, server, "bis-press", since=date(2024, 1, 1))
    assert server.urls(RUSSIA) == []
    assert server.urls(RESCISSION) != []


def test_listing_error_page_is_fatal_for_the_run(settings: Settings) -> None:
    server = replay.Replay(pages=pages(**{"/news-updates": PRESS / "access-denied.html"}))
    report = run(settings, server, "bis-press")
    assert (
        len(report.errors) == 1 and "Access Denied" in report.errors[0] and "news-updates" in report.errors[0]
    )
    cat = Catalog(settings.paths.catalog)
    assert cat.runs("bis-press")[0]["status"] == "failed" and cat.last_sync("bis-press") is None


def test_guidance_pdfs_linked_from_releases(settings: Settings) -> None:
    server = replay.Replay(pages=pages())
    report = run(settings, server, "all")
    cat = Catalog(settings.paths.catalog)
    guidance = cat.list_documents(source="guidance")
    assert len(guidance) == 1
    g = guidance[0]
    assert g["document_number"].startswith("guidance:") and g["state"] == "parsed"
    assert g["title"] == "Guidance on Red Flags for Diversion of Advanced Computing Chips"
    assert g["url"] == f"https://www.bis.gov{RED_FLAGS}"
    assert g["publication_date"] == "2025-05-13"  # from the release that published it
    release = f"bis-press:{RESCISSION.rsplit('/', 1)[-1]}"
    assert (g["document_number"], "published_with", release) in cat.relations("published_with")
    errors = "\n".join(report.sources["guidance"].errors)
    assert GP10 in errors and POLICY in errors and "404" in errors
    assert len(report.sources["guidance"].errors) == 2
    # The FR source ran too (nothing recorded for it in this server: empty answers, no error).
    assert report.sources["federal-register"].errors == []
