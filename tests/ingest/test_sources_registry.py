"""The source registry (source.yml + crawler per folder) and the small pure pieces of the crawlers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from exportwatch.errors import ConfigError
from ingest.context import agency_matches
from ingest.models import DocumentMeta
from ingest.sources import get_source, load_spec, registry
from ingest.sources.us_bis_federal_register.crawler import month_slices
from ingest.sources.us_bis_press.crawler import release_id


def test_every_source_is_registered_in_dependency_order() -> None:
    reg = registry()
    assert list(reg).index("bis-press") < list(reg).index("guidance")
    lists = {
        "jp_meti_end_user_list",
        "jp_meti_fefta_export_ban",
        "eu_reg_833_annex_iv",
        "cn_mofcom_control_lists",
    }
    us_lists = {"us-entity-list", "us-meu-list", "us-1260h-list", "us-trade-csl"}
    assert set(reg) == {"federal-register", "bis-press", "guidance", "ecfr", "egov", *lists, *us_lists}
    for src in reg.values():
        assert src.spec.publisher.url.startswith("https://")
        assert src.spec.urls and src.spec.schedule
        assert callable(src.module.crawl)
        assert (
            src.spec.expected_count.max is None or src.spec.expected_count.max >= src.spec.expected_count.min
        )
    fr = reg["federal-register"].spec
    assert fr.rate_limits["www.federalregister.gov"] == 5
    assert fr.rate_limits["www.federalregister.gov/documents/full_text/"] == 1
    assert reg["bis-press"].spec.rate_limits["www.bis.gov"] == 1


def test_unknown_source_lists_the_known_ones() -> None:
    with pytest.raises(ConfigError) as err:
        get_source("eur-lex")
    assert "eur-lex" in err.value.message and "federal-register" in (err.value.hint or "")


def test_invalid_source_yml_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "source.yml"
    bad.write_text("name: x\ntitle: X\nurls: {}\nschedule: daily\nunknown_key: 1\n")
    with pytest.raises(ConfigError, match=str(bad)):
        load_spec(bad)
    bad.write_text("name: [unclosed\n")
    with pytest.raises(ConfigError, match="invalid source metadata"):
        load_spec(bad)


@pytest.mark.parametrize(
    ("agency", "subagency", "expected"),
    [
        ("DEPARTMENT OF COMMERCE", "Bureau of Industry and Security", True),
        ("Industry and Security Bureau", None, True),
        ("FEDERAL DEPOSIT INSURANCE CORPORATION", None, False),
        ("DEPARTMENT OF COMMERCE", "National Oceanic and Atmospheric Administration", False),
        (None, None, True),
    ],
    ids=["xml-subagency", "api-name", "other-agency", "other-commerce-bureau", "unknown"],
)
def test_agency_matches(agency: str | None, subagency: str | None, expected: bool) -> None:
    meta = DocumentMeta("2025-00001", "federal-register", "Rule", "t", agency=agency, subagency=subagency)
    assert agency_matches(meta, "industry-and-security-bureau") is expected


def test_month_slices() -> None:
    assert list(month_slices(date(2024, 1, 15), date(2024, 3, 2))) == [
        (date(2024, 1, 15), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 2)),
    ]
    assert list(month_slices(date(2024, 3, 3), date(2024, 3, 2))) == []


def test_release_id() -> None:
    assert release_id("https://www.bis.gov/press-release/some-slug/") == "bis-press:some-slug"
