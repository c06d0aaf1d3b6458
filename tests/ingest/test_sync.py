"""``sync --from-dir`` on the bundled snapshot and on bad files, through the library and the CLI."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from exportwatch.cli import app
from exportwatch.config import Settings, load_settings
from exportwatch.errors import ConfigError
from ingest.catalog import Catalog
from ingest.home import IngestHome
from ingest.sync import sync

SNAPSHOT = Path(__file__).resolve().parents[2] / "exportwatch" / "snapshot"
PRESS = Path(__file__).resolve().parents[1] / "fixtures" / "bis_press"
CACHE = SNAPSHOT / "federal_register" / "bis_rules_2022-2026_api_cache.json"
XML = SNAPSHOT / "federal_register" / "fr_2023-03929_entity_list_additions.xml"
PDF = SNAPSHOT / "guidance" / "fr_2025-00636_ai_diffusion_public_inspection.pdf"
N_RULES = len(json.loads(CACHE.read_bytes())["rules"])


@pytest.fixture(scope="module")
def synced(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, object, object]:
    """The snapshot synced once, then again with nothing changed (module-wide: the PDF is slow)."""
    home = tmp_path_factory.mktemp("home")
    settings = Settings(home=home)
    first = sync(settings.home, from_dir=SNAPSHOT, progress=False)
    second = sync(settings.home, from_dir=SNAPSHOT, progress=False)
    return settings, first, second


def test_snapshot_gives_every_rule_merged(synced: tuple[Settings, object, object]) -> None:
    settings, first, _ = synced
    assert first.ok, first.errors  # type: ignore[attr-defined]
    cat = Catalog(settings.paths.catalog)
    rows = cat.list_documents(source="federal-register")
    assert len(rows) == N_RULES == first.new  # type: ignore[attr-defined]
    assert len({r["document_number"] for r in rows}) == N_RULES
    assert {r["state"] for r in rows} == {"parsed"}
    by_id = {r["document_number"]: r for r in rows}
    el = by_id["2023-03929"]
    assert el["payloads"] == ["json", "xml"]
    meta = cat.meta("2023-03929")
    assert meta is not None and meta.publication_date == "2023-02-27" and meta.rin == ("0694-AJ13",)
    ai = by_id["2025-00636"]
    assert ai["payloads"] == ["json", "pdf"]
    assert ai["public_inspection_pdf"] is True and ai["public_inspection"] is False
    assert ai["title"] == "Framework for Artificial Intelligence Diffusion"
    assert sum(r["public_inspection_pdf"] for r in rows) == 1


def test_snapshot_corrections_are_linked(synced: tuple[Settings, object, object]) -> None:
    settings, _, _ = synced
    cat = Catalog(settings.paths.catalog)
    # BIS's own "; Correction" rules, matched by title and the date their abstract names.
    assert cat.get("2023-18047")["corrects"] == ["2023-17243"]  # type: ignore[index]
    assert cat.get("2024-16379")["corrects"] == ["2024-15810"]  # type: ignore[index]
    # 2022-07643's abstract names "February 14, 2022": the date of 2022-03029, among same-titled rules.
    assert cat.get("2022-07643")["corrects"] == ["2022-03029"]  # type: ignore[index]
    assert cat.get("2023-17243")["corrected_by"] == ["2023-18047"]  # type: ignore[index]


def test_second_sync_skips_everything_before_parsing(synced: tuple[Settings, object, object]) -> None:
    settings, first, second = synced
    assert second.ok  # type: ignore[attr-defined]
    assert (second.new, second.changed, second.unchanged) == (0, 0, N_RULES)  # type: ignore[attr-defined]
    assert second.skipped_payloads == second.files == first.files >= 3  # type: ignore[attr-defined]
    assert second.seconds < first.seconds  # type: ignore[attr-defined]
    assert Catalog(settings.paths.catalog).count() == N_RULES


def test_cli_sync_and_docs(tmp_path: Path, home: Path) -> None:
    data = tmp_path / "data"
    (data / "fr").mkdir(parents=True)
    shutil.copy(CACHE, data / "fr" / CACHE.name)
    shutil.copy(XML, data / "fr" / XML.name)
    runner = CliRunner()
    res = runner.invoke(app, ["sync", "--source", "federal-register", "--from-dir", str(data)])
    assert res.exit_code == 0, res.output
    assert "federal-register" in res.output
    res = runner.invoke(app, ["docs", "list", "--format", "json", "--since", "2023-01-01"])
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    expected = [r for r in json.loads(CACHE.read_bytes())["rules"] if r["publication_date"] >= "2023-01-01"]
    assert len(rows) == len(expected)
    for key in ("document_number", "source", "type", "title", "publication_date", "url", "state"):
        assert all(key in r for r in rows), key
    res = runner.invoke(app, ["docs", "show", "2023-03929"])
    assert res.exit_code == 0 and json.loads(res.output)["payload_shas"].keys() == {"json", "xml"}
    res = runner.invoke(app, ["docs", "show", "1999-00001"])
    assert res.exit_code == 1 and "1999-00001" in res.output
    res = runner.invoke(app, ["docs", "list"])
    assert res.exit_code == 0 and "2023-03929" in res.output
    res = runner.invoke(app, ["sync", "--source", "nowhere", "--from-dir", str(data)])
    assert res.exit_code == 2 and "federal-register" in res.output


def _bad_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "truncated_xml": folder / "2023-03929_truncated.xml",
        "truncated_json": folder / "search_truncated.json",
        "html_error_page": folder / "search_error_page.json",
        "empty": folder / "empty.json",
        "truncated_pdf": folder / "2025-00636_truncated.pdf",
        "good_xml": folder / "2023-03929.xml",
    }
    files["truncated_xml"].write_bytes(XML.read_bytes()[:20000])
    files["truncated_json"].write_bytes(CACHE.read_bytes()[:30000])
    files["html_error_page"].write_bytes((PRESS / "page-not-found.html").read_bytes())
    files["empty"].write_bytes(b"")
    files["truncated_pdf"].write_bytes(PDF.read_bytes()[:40000])
    files["good_xml"].write_bytes(XML.read_bytes())
    return files


def test_bad_files_are_recorded_and_retried(tmp_path: Path, home: Path) -> None:
    files = _bad_inputs(tmp_path / "bad")
    settings = load_settings()
    report = sync(settings.home, from_dir=tmp_path / "bad", progress=False)
    assert not report.ok
    errors = "\n".join(report.errors)
    for key in ("truncated_xml", "truncated_json", "html_error_page", "empty", "truncated_pdf"):
        assert str(files[key]) in errors, (key, errors)
    assert len(report.errors) == 5
    cat = Catalog(settings.paths.catalog)
    assert [r["document_number"] for r in cat.list_documents()] == ["2023-03929"]  # the good file went in
    recorded = {e["target"] for e in cat.errors()}
    assert {str(files[k]) for k in ("truncated_xml", "truncated_json", "empty", "truncated_pdf")} <= recorded
    # Fix the files: the next sync retries them (they were not marked as processed).
    files["truncated_json"].write_bytes(CACHE.read_bytes())
    for key in ("truncated_xml", "html_error_page", "empty", "truncated_pdf"):
        files[key].unlink()
    again = sync(settings.home, from_dir=tmp_path / "bad", progress=False)
    assert again.ok, again.errors
    assert cat.count() == N_RULES
    assert cat.get("2023-03929")["payloads"] == ["json", "xml"]  # type: ignore[index]


def test_cli_exits_1_after_processing_the_others(tmp_path: Path, home: Path) -> None:
    _bad_inputs(tmp_path / "bad")
    res = CliRunner().invoke(app, ["sync", "--from-dir", str(tmp_path / "bad")])
    assert res.exit_code == 1
    assert "empty.json" in res.output and "Traceback" not in res.output
    assert Catalog(load_settings().paths.catalog).get("2023-03929") is not None


def test_from_dir_errors(tmp_path: Path, home: Path) -> None:
    with pytest.raises(ConfigError, match="no such directory"):
        sync(load_settings().home, from_dir=tmp_path / "missing", progress=False)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "README.md").write_text("nothing to ingest")
    with pytest.raises(ConfigError, match="no JSON, XML, HTML or PDF"):
        sync(load_settings().home, from_dir=tmp_path / "notes", progress=False)


def test_since_filter_does_not_hide_a_payload_from_later_syncs(tmp_path: Path, home: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(CACHE, data / CACHE.name)
    settings = load_settings()
    first = sync(settings.home, from_dir=data, since=date(2026, 1, 1), progress=False)
    later = {
        r["document_number"]
        for r in json.loads(CACHE.read_bytes())["rules"]
        if r["publication_date"] >= "2026"
    }
    assert {r["document_number"] for r in Catalog(settings.paths.catalog).list_documents()} == later
    assert first.new == len(later)
    everything = sync(settings.home, from_dir=data, progress=False)
    assert everything.new == N_RULES - len(later)
    assert Catalog(settings.paths.catalog).count() == N_RULES


def test_a_deeply_nested_json_file_is_one_error_and_the_good_files_go_in(tmp_path: Path, home: Path) -> None:
    """JSON nested 100,000 deep used to end the whole sync with a RecursionError traceback."""
    d = tmp_path / "files"
    d.mkdir()
    (d / "nested.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    shutil.copy(XML, d / XML.name)
    report = sync(home, from_dir=d, progress=False)
    assert [e for e in report.errors if "nested.json" in e], report.errors
    assert len(report.errors) == 1
    cat = Catalog(IngestHome(home).catalog)
    assert [r["document_number"] for r in cat.list_documents()] == ["2023-03929"]
    cat.close()
    # the extract command says the same in one line: no traceback
    res = CliRunner().invoke(app, ["extract", str(d / "nested.json")])
    assert res.exit_code == 1, res.output
    assert "EW201" in res.output and "nested" in res.output and "Traceback" not in res.output
