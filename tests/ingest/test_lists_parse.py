"""US list files: dated citation chains, the supplements, the 1260H list and the CSL (real trimmed rows)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from exportwatch.errors import ParseError
from ingest.list_chain import parse_chain
from ingest.parse_lists import parse_csl, parse_supplement, read_list_dir, read_list_file

LISTS = Path(__file__).resolve().parents[1] / "fixtures" / "screening_lists"
EL = LISTS / "el_supp4_trim_2026-07-09.json"
CSL = LISTS / "csl_bis_trim_2026-07-31.json"
CSL_API = LISTS / "csl_api_results_2023-11.json"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chains as printed in supplement no. 4, the MEU list and the 1260H list.
        ("75 FR 1701, 1/13/10. 77 FR 24590, 4/25/12",
         [("75 FR 1701", "2010-01-13"), ("77 FR 24590", "2012-04-25")]),
        ("73 FR 54508 9/22/08. 73 FR 74001 12/5/08. 74 FR 8184",
         [("73 FR 54508", "2008-09-22"), ("73 FR 74001", "2008-12-05"), ("74 FR 8184", None)]),
        ("85 FR 83799, 12/23/2020", [("85 FR 83799", "2020-12-23")]),
        ("91 FR 35189 (June 10, 2026)", [("91 FR 35189", "2026-06-10")]),
        ("81 FR 61601 preview citation details, 9/7/16", [("81 FR 61601", "2016-09-07")]),
        ("84 FR 22961; 85 FR 29852", [("84 FR 22961", None), ("85 FR 29852", None)]),
        ("65 FR 42664 7/11/00", [("65 FR 42664", "2000-07-11")]),
    ],
)  # fmt: skip
def test_chain_dates(text: str, expected: list[tuple[str, str | None]]) -> None:
    cites, problems = parse_chain(text)
    assert [(c.citation, c.date) for c in cites] == expected
    assert problems == []


def test_a_malformed_date_is_logged_never_guessed() -> None:
    # Real: supplement no. 4 prints "83 FR 61541, 11/13/19" for Techlink Communications (the rule is 84 FR).
    cites, problems = parse_chain("83 FR 61541, 11/13/19")
    assert cites[0].date is None and cites[0].date_text == "11/13/19"
    assert problems == ["83 FR 61541: date '11/13/19' is not in the year of volume 83 (2018)"]
    cites, problems = parse_chain("84 FR 22963, 2/30/19")
    assert cites[0].date is None and "not a calendar day" in problems[0]


def test_supplement_entries_keep_their_chains_and_problems() -> None:
    snap = read_list_file(EL)[0]
    assert snap.list == "entity_list" and snap.snapshot == "2026-07-09" and snap.source == "us-entity-list"
    huawei = next(e for e in snap.entries if e.name == "Huawei Technologies Co., Ltd.")
    assert huawei.country == "CN" and huawei.citations[0].citation == "84 FR 22963"
    assert huawei.citations[0].date == "2019-05-21" and huawei.citations[0].date_text == "5/21/19"
    assert any("Techlink Communications: 83 FR 61541" in p for p in snap.problems)
    spacety = [e for e in snap.entries if e.name == "Spacety Co., Ltd."]
    assert {e.country for e in spacety} == {"CN", "LU"}  # one party under two headings: two records


def _entities(data: dict[str, object]) -> list[dict[str, object]]:
    rows = data["entities"]
    assert isinstance(rows, list)
    return rows


def test_duplicate_and_countryless_entries_are_kept_and_reported() -> None:
    data = json.loads(EL.read_text(encoding="utf-8"))
    rows = _entities(data)
    rows.append(dict(rows[0]))  # the same entry printed twice
    rows.append({**rows[1], "name": "No Country Test Row", "country": None})
    data["count"] = len(rows)
    snap = parse_supplement(json.dumps(data).encode(), name="dup.json", source="us-entity-list")
    assert len(snap.entries) == len(rows) - 1
    assert any("duplicate entry" in p for p in snap.problems)
    orphan = next(e for e in snap.entries if e.name == "No Country Test Row")
    assert orphan.country is None and "No Country Test Row: no country" in snap.problems


def test_a_truncated_file_is_refused_whole(tmp_path: Path) -> None:
    raw = EL.read_bytes()
    with pytest.raises(ParseError, match="not whole JSON"):
        parse_supplement(raw[: len(raw) // 2], name="half.json", source="us-entity-list")
    data = json.loads(raw)
    _entities(data).pop()  # whole JSON, but fewer entities than its own count says
    with pytest.raises(ParseError, match="incomplete and nothing was read"):
        parse_supplement(json.dumps(data).encode(), name="short.json", source="us-entity-list")
    gz = tmp_path / "cut.json.gz"
    gz.write_bytes(gzip.compress(raw)[:-200])
    with pytest.raises(ParseError, match="cut.json.gz"):
        read_list_file(gz)


def test_compact_csl_gives_one_snapshot_per_bis_list() -> None:
    snaps = {s.list: s for s in read_list_file(CSL)}
    assert set(snaps) == {"entity_list", "meu", "uvl", "dpl"}
    assert all(s.snapshot == "2026-07-31" and s.source == "us-trade-csl" for s in snaps.values())
    huawei = next(e for e in snaps["entity_list"].entries if e.name == "Huawei Technologies Co., Ltd.")
    assert huawei.citations[0].citation == "84 FR 22963" and huawei.citations[0].date is None
    assert len(huawei.citations) == 7 and huawei.license_policy and set(huawei.countries) == {"HK", "CN"}
    data = json.loads(CSL.read_text(encoding="utf-8"))
    data["entries"] = data["entries"][:-1]
    with pytest.raises(ParseError, match="incomplete"):
        parse_csl(json.dumps(data).encode(), name="short-csl.json")


def test_csl_api_json_is_the_live_shape() -> None:
    snaps = {s.list: s for s in parse_csl(CSL_API.read_bytes(), name=str(CSL_API), snapshot="2023-11-15")}
    assert set(snaps) >= {"entity_list", "dpl"}
    row = snaps["entity_list"].entries[0]
    assert row.name and row.country and row.citations
    with pytest.raises(ParseError, match="no snapshot date"):
        parse_csl(CSL_API.read_bytes(), name="x.json")
    # a download that lost rows (fewer results than its total): refused whole
    short = json.loads(CSL_API.read_text(encoding="utf-8"))
    short["results"] = short["results"][:-1]
    with pytest.raises(ParseError, match="4 results but the file says 5; it is incomplete"):
        parse_csl(json.dumps(short).encode(), name="short.json", snapshot="2023-11-15")


def test_a_kept_csl_download_is_dated_by_its_file_name(tmp_path: Path) -> None:
    kept = tmp_path / "trade_gov_csl_2023-11-15.json"
    kept.write_bytes(CSL_API.read_bytes())
    assert {s.snapshot for s in read_list_file(kept)} == {"2023-11-15"}


def test_bundled_lists_read_offline() -> None:
    snaps = read_list_dir(Path(__file__).resolve().parents[2] / "exportwatch" / "snapshot" / "lists")
    counts = {(s.list, s.source): len(s.entries) for s in snaps}
    assert counts[("entity_list", "us-entity-list")] == 3409
    assert counts[("meu", "us-meu-list")] == 70 and counts[("1260h", "us-1260h-list")] == 80
    assert {("uvl", "us-trade-csl"), ("dpl", "us-trade-csl"), ("entity_list", "us-trade-csl")} <= set(counts)
