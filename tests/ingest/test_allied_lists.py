"""The allied and MOFCOM list sources: parsers on trimmed real excerpts, bad input, the live crawl replayed.

Excerpts in ``tests/fixtures/allied_lists`` are cut from the real files (``trim_lists.py``); the live
crawl replays the bundled full file of the End User List at the transport level through the real
HTTP client and sync.
"""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from exportwatch.errors import ParseError
from ingest.http import HttpClient
from ingest.list_sources import list_sources, parse_file, read_list_dirs
from ingest.parse_jp_lists import split_glued
from ingest.sync import select_sources, sync

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "allied_lists"
BUNDLE = Path(__file__).resolve().parents[2] / "exportwatch" / "snapshot" / "allied"


@pytest.fixture(scope="module")
def snaps() -> dict[str, object]:
    found, errors = read_list_dirs([FIX], check_counts=False)
    assert not errors
    return {s.list: s for s in found}


def test_every_list_source_has_its_metadata() -> None:
    src = list_sources()
    assert set(src) == {"jp_meti_end_user_list", "jp_meti_fefta_export_ban", "eu_reg_833_annex_iv",
                        "cn_mofcom_control_lists"}  # fmt: skip
    for s in src.values():
        assert s.spec.publisher.url.startswith("https://") and s.spec.schedule
        for meta in s.spec.options["lists"].values():
            assert meta["regime"] in ("JP", "EU", "CN") and meta["legal_basis"]
    lists = src["cn_mofcom_control_lists"].spec.options["lists"]
    assert all(m["counter_measure"] for m in lists.values())
    assert [s.name for s in select_sources("allied-lists")] == sorted(src)
    assert not {s.name for s in select_sources("all")} & set(src)


def test_bundled_lists_parse_whole() -> None:
    found, errors = read_list_dirs([BUNDLE])
    assert errors == []
    counts = {s.list: len(s.entries) for s in found}
    assert counts["jp_meti_end_user_list"] == 835
    assert counts["jp_fefta_export_ban_russia"] == 561
    assert counts["jp_fefta_export_ban_belarus"] == 27
    assert counts["eu_reg_833_annex_iv"] == 921
    assert counts["cn_mofcom_control_list"] == 139
    dates = {s.list: s.snapshot for s in found}
    assert (
        dates["jp_fefta_export_ban_russia"] == "2025-09-12" and dates["jp_meti_end_user_list"] == "2025-09-29"
    )


def test_fefta_text_names_addresses_and_glued_entries(snaps: dict[str, object]) -> None:
    ru = snaps["jp_fefta_export_ban_russia"]
    by_no = {e.entry_id: e for e in ru.entries}  # type: ignore[attr-defined]
    assert len(by_no) == 25 and ru.snapshot == "2025-09-12"  # type: ignore[attr-defined]
    first = by_no["1"]
    assert (first.name, first.original_names, first.country) == (
        "Admiralty Shipyard JSC",
        ("株式会社アドミラルティ造船所",),
        "RU",
    )
    assert first.addresses == ("203, Fontanka Emb., 190121, St. Peterburg, Russia.",)
    # "...Moscow 127055RU.10 対外諜報庁": entry 10 starts inside the line of entry 9's address
    assert by_no["10"].name == "Foreign Intelligence Service (SVR)"
    assert by_no["6"].aliases == ("Federalnaya Sluzhba Bezopasnosti",)
    # Japanese and English names printed on one line
    assert by_no["18"].name == "JSC Rocket and Space Centre – Progress"
    assert "令和四年外務省告示第八十二号" in (first.notes or "")
    third = snaps["jp_fefta_export_ban_third_country"]
    hk = next(e for e in third.entries if e.name.startswith("Alpha Trading"))  # type: ignore[attr-defined]
    assert hk.countries == ("HK",) and "Alpha Trading Investments Ltd" in hk.aliases


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "クロッカス・ナノ・エレクトロニクスCrocus Nano Electronics",
            ("クロッカス・ナノ・エレクトロニクス", "Crocus Nano Electronics"),
        ),
        ("コンツェルン無線・電子テクノロジー、株式会社タガンログ通信科学研究所(別称、TNIIS)", None),
        (
            "FSUE FNPCニジェゴロド放射線技術科学研究所(NNIIRT)FSUE FNPC Nizhegorodsky (NNIIRT).",
            ("FSUE FNPCニジェゴロド放射線技術科学研究所(NNIIRT)", "FSUE FNPC Nizhegorodsky (NNIIRT)."),
        ),
        ("レーザーチップス FZCO", None),
    ],
    ids=["glued", "alias-bracket-ends-line", "bracket-belongs-to-japanese", "legal-form-only"],
)
def test_split_glued(line: str, expected: tuple[str, str] | None) -> None:
    assert split_glued(line) == expected


def test_end_user_list_rows(snaps: dict[str, object]) -> None:
    eul = {e.entry_id: e for e in snaps["jp_meti_end_user_list"].entries}  # type: ignore[attr-defined]
    assert eul["jp-eul-494"].name == "Beijing Institute of Technology"
    assert eul["jp-eul-494"].original_names == ("北京理工大学",)
    # the copy put this row's name after the country in the address field
    assert eul["jp-eul-523"].name == "Dalian Ligong Safety Equipment Company Limited"
    assert any("recovered from the address" in p for p in eul["jp-eul-523"].problems)
    assert eul["jp-eul-1"].country == "AF" and "Al Qaeda" in eul["jp-eul-1"].aliases


def test_eu_annex_iv_rows(snaps: dict[str, object]) -> None:
    eu = snaps["eu_reg_833_annex_iv"]
    names = {e.name: e for e in eu.entries}  # type: ignore[attr-defined]
    assert "SBERBANK" not in names  # Annex III (financial) is not the export list
    sirius = names["JSC Sirius"]
    assert sirius.start_date == "2014-09-12" and sirius.country == "RU"
    assert sirius.original_names[0].startswith("Открытое Акционерное Общество «Концерн «Сириус»")
    assert "Kontsern Sirius" in sirius.aliases and sirius.identifiers == ("7704730655 (Tax ID/INN)",)


def test_mofcom_lists_are_counter_measures(snaps: dict[str, object]) -> None:
    cn = [s for k, s in snaps.items() if k.startswith("cn_mofcom")]
    assert {s.list for s in cn} == {"cn_mofcom_control_list", "cn_mofcom_unreliable_entity_list",  # type: ignore[attr-defined]
                                    "cn_mofcom_watch_list"}  # fmt: skip
    for s in cn:
        assert s.regime == "CN" and s.basis.counter_measure  # type: ignore[attr-defined]
        assert all(e.country is None for e in s.entries)  # type: ignore[attr-defined]
    uel = snaps["cn_mofcom_unreliable_entity_list"]
    lm = next(e for e in uel.entries if e.name == "Lockheed Martin Corporation")  # type: ignore[attr-defined]
    assert lm.start_date == "2023-02-16" and lm.original_names


def _copy(tmp: Path, source: str, name: str, data: bytes) -> Path:
    folder = tmp / source
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


def test_changed_column_layout_names_file_and_column(tmp_path: Path) -> None:
    text = (FIX / "eu_reg_833_annex_iv" / "eu_reg_833_2014_annex_iv_trim.csv").read_text(encoding="utf-8")
    bad = _copy(
        tmp_path, "eu_reg_833_annex_iv", "renamed.csv", text.replace(",alias,", ",aliases,", 1).encode()
    )
    with pytest.raises(ParseError, match=r"renamed\.csv: column 'alias' is missing"):
        parse_file("eu_reg_833_annex_iv", bad, check_counts=False)
    rows = json.loads((FIX / "jp_meti_end_user_list" / "jp_meti_end_user_list_2025-09_trim.json").read_text())
    del rows[3]["aliases"]
    bad = _copy(tmp_path, "jp_meti_end_user_list", "eul.json", json.dumps(rows).encode())
    with pytest.raises(ParseError, match=r"eul\.json: field 'aliases' is missing"):
        parse_file("jp_meti_end_user_list", bad, check_counts=False)
    # one bad file is reported and left out; the good ones beside it load
    snaps, errors = read_list_dirs([tmp_path, FIX], check_counts=False)
    assert len(errors) == 2 and {s.list for s in snaps} >= {"jp_meti_end_user_list", "eu_reg_833_annex_iv"}


@pytest.mark.parametrize(
    ("source", "name", "mangle", "message"),
    [
        (
            "jp_meti_fefta_export_ban",
            "ru.txt",
            lambda t: t.replace("最終更新日", "更新"),
            "field '最終更新日' is missing",
        ),
        ("jp_meti_fefta_export_ban", "ru.txt", lambda t: "Title\n" + t, "no list title"),
        ("jp_meti_end_user_list", "eul.json", lambda t: t[: len(t) // 2], "not whole JSON"),
        (
            "cn_mofcom_control_lists",
            "cn.json",
            lambda t: t.replace("cn-attention-list", "cn-new-list", 1),
            "unknown list_id 'cn-new-list'",
        ),
    ],
    ids=["fefta-no-date", "fefta-no-title", "eul-truncated", "cn-unknown-list"],
)
def test_bad_files(tmp_path: Path, source: str, name: str, mangle: object, message: str) -> None:
    src = {"jp_meti_fefta_export_ban": "jp_meti_250912_list_russia_tokutei_trim.pdf.txt",
           "jp_meti_end_user_list": "jp_meti_end_user_list_2025-09_trim.json",
           "cn_mofcom_control_lists": "cn_mofcom_export_control_lists_2026-07_trim.json"}[source]  # fmt: skip
    text = (FIX / source / src).read_text(encoding="utf-8")
    bad = _copy(tmp_path, source, name, mangle(text).encode())  # type: ignore[operator]
    with pytest.raises(ParseError, match=message):
        parse_file(source, bad, check_counts=False)


def test_trimmed_file_is_refused_by_the_lists_count_bounds(tmp_path: Path) -> None:
    path = FIX / "jp_meti_end_user_list" / "jp_meti_end_user_list_2025-09_trim.json"
    with pytest.raises(ParseError, match="entries, expected between 700 and 1200"):
        parse_file("jp_meti_end_user_list", path)


def test_duplicate_rows_and_empty_names(tmp_path: Path) -> None:
    rows = json.loads((FIX / "jp_meti_end_user_list" / "jp_meti_end_user_list_2025-09_trim.json").read_text())
    blank = dict(rows[0], id="jp-eul-x", entity_name="", addresses=["Islamic Republic of Iran"])
    path = _copy(tmp_path, "jp_meti_end_user_list", "eul.json", json.dumps([*rows, rows[0], blank]).encode())
    (snap,) = parse_file("jp_meti_end_user_list", path, check_counts=False)
    assert len(snap.entries) == len(rows)
    assert any("duplicate row" in p for p in snap.problems) and any(
        "jp-eul-x: no name" in p for p in snap.problems
    )


def _serve(payloads: dict[str, bytes]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        body = payloads.get(str(request.url))
        if body is None:
            return httpx.Response(404, text="not found")
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})

    return httpx.MockTransport(handler)


def test_live_crawl_keeps_a_version_only_when_it_parses(tmp_path: Path) -> None:
    url = list_sources()["jp_meti_end_user_list"].spec.urls["data"]
    real = gzip.decompress(
        (BUNDLE / "jp_meti_end_user_list" / "jp_meti_end_user_list_2025-09.json.gz").read_bytes()
    )
    home = tmp_path / "home"

    def run(body: bytes) -> object:
        client = HttpClient(_serve({url: body}), sleep=lambda s: None)
        return sync(
            home, source="jp_meti_end_user_list", client=client, progress=False, today=date(2025, 10, 1)
        )

    report = run(real)
    kept = home / "lists" / "allied" / "jp_meti_end_user_list" / "2025-09-29_jp_meti_end_user_list.json"
    assert report.ok and kept.read_bytes() == real  # type: ignore[attr-defined]
    assert report.sources["jp_meti_end_user_list"].outcomes  # type: ignore[attr-defined]
    changed = json.loads(real)
    for row in changed:
        row["name"] = row.pop("entity_name")
    report = run(json.dumps(changed).encode())
    assert not report.ok  # type: ignore[attr-defined]
    assert "field 'entity_name' is missing" in report.errors[0]  # type: ignore[attr-defined]
    assert [p.name for p in kept.parent.iterdir()] == [kept.name] and kept.read_bytes() == real
