"""The US list sources: the live paths replayed through the real client and crawlers, then read offline.

Answers served at the transport level (httpx.MockTransport):

- eCFR supplement no. 4: REAL-STRUCTURED, the real GPOTABLE of FR Doc. 2023-03929 in the versioner's
  appendix envelope with the codified citation (tests/fixtures/recorded/ecfr/make_supplements.py);
- eCFR supplement no. 7: the 70 real rows of the bundled MEU file written as such a table (layout ours);
- CSL: the bundled compact copy of the 2026-07-31 consolidated.json expanded back into the bulk JSON's
  shape (``results`` rows: ``source``, ``name``, ``alt_names``, ``addresses``, ``federal_register_notice``;
  the envelope is ours);
- 1260H: the bundled rows as they are.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import httpx
from lxml import etree

from ingest.http import HttpClient
from ingest.parse_ecfr_lists import supplement_rows
from ingest.parse_lists import read_list_file
from ingest.sources import registry
from ingest.sync import select_sources, sync

REPO = Path(__file__).resolve().parents[2]
LISTS = REPO / "exportwatch" / "snapshot" / "lists"
RECORDED = REPO / "tests" / "fixtures" / "recorded" / "ecfr"
RULE = REPO / "exportwatch" / "snapshot" / "federal_register" / "fr_2023-03929_entity_list_additions.xml"
TODAY = date(2026, 8, 3)

_spec = importlib.util.spec_from_file_location("make_supplements", RECORDED / "make_supplements.py")
assert _spec and _spec.loader
make_supplements = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_supplements)


def bundled(name: str) -> Any:
    return json.loads(gzip.decompress((LISTS / name).read_bytes()))


def csl_bulk() -> dict[str, Any]:
    """The compact CSL copy expanded into the bulk download's ``results`` rows."""
    c = bundled("trade_gov_csl_bis_2026-07-31.json.gz")
    t = c["tables"]
    rows = [
        {
            "source": t["sources"][e["s"]],
            "name": e["n"],
            "alt_names": e.get("a") or [],
            "addresses": [{"address": None, "country": code} for code in e.get("c") or []],
            "federal_register_notice": e.get("fr"),
            "license_requirement": t["licenceRequirements"][e["lr"]] if "lr" in e else None,
            "license_policy": t["licencePolicies"][e["lp"]] if "lp" in e else None,
        }
        for e in c["entries"]
    ]
    return {"total": len(rows), "results": rows}


class Server:
    """eCFR (406 without ``Accept: application/xml``), the CSL download and the 1260H rows."""

    def __init__(self, ecfr: dict[str, bytes], other: dict[str, bytes]) -> None:
        self.ecfr, self.other = ecfr, other
        self.seen: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.host == "www.ecfr.gov":
            if "application/xml" not in request.headers.get("Accept", ""):
                return httpx.Response(406, content=b'{"error":"Not Acceptable"}')
            body = self.ecfr.get(request.url.params.get("appendix", ""))
            if body is None:
                return httpx.Response(404)
            return httpx.Response(200, content=body, headers={"Content-Type": "application/xml"})
        body = self.other.get(str(request.url))
        if body is None:
            return httpx.Response(404)
        return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})


def run(home: Path, source: str, server: Server) -> Any:
    client = HttpClient(httpx.MockTransport(server), sleep=lambda s: None)
    return sync(home, source=source, client=client, progress=False, today=TODAY)


def amdpar_names() -> dict[str, set[str]]:
    """What 2023-03929 adds, by destination, read from its amendatory instructions (not its table)."""
    out: dict[str, set[str]] = {}
    for el in etree.parse(str(RULE)).getroot().iter("AMDPAR"):
        text = "".join(str(t) for t in el.itertext())
        m = re.search(r"Under ([A-Z][A-Z ,']+?), by adding", text)
        if m:
            out[m.group(1).split(",")[0].strip().title()] = {
                " ".join(n.split()) for n in re.findall(r"“([^”]+)”", text)
            }
    return out


def test_the_us_lists_are_sources_of_their_own() -> None:
    names = {"us-entity-list", "us-meu-list", "us-1260h-list", "us-trade-csl"}
    assert names <= set(registry())
    assert {s.name for s in select_sources("us-lists")} == names
    for name in names:
        spec = registry()[name].spec
        assert (
            spec.publisher.url.startswith("https://")
            and spec.options["legal_basis" if name != "us-trade-csl" else "lists"]
        )
    assert all(s.name not in names for s in select_sources("all"))


def test_the_ecfr_table_reads_every_entry_of_the_rule() -> None:
    rows = supplement_rows((RECORDED / "supp4_part744_2023-03-01.xml").read_bytes(), name="supp4")
    added = amdpar_names()
    assert len(rows) == sum(len(v) for v in added.values())  # one row per name under each destination
    by_country: dict[str, set[str]] = {}
    for r in rows:
        by_country.setdefault(r["country"].split(",")[0], set()).add(r["name"])
        assert r["federal_register"] == "88 FR 12171, 2/27/23." and r["license_requirement"]
    assert by_country == {k.title(): v for k, v in added.items()}
    cpunto = next(r for r in rows if r["name"] == "CPUNTO Inc.")
    assert cpunto["aliases"] == ["CPUNTO"] and cpunto["address"].startswith("5929 Route Transcanadienne")


def test_live_meu_from_the_ecfr_is_kept_and_read_offline(tmp_path: Path) -> None:
    meu = bundled("bis_meu_supp7_2026-07-09.json.gz")
    xml = make_supplements.supp7(LISTS / "bis_meu_supp7_2026-07-09.json.gz").encode()
    server = Server({"Supplement No. 7 to Part 744": xml}, {})
    report = run(tmp_path / "home", "us-meu-list", server)
    assert report.ok, report.errors
    assert server.seen[0].url.params["part"] == "744" and server.seen[0].url.path.endswith(
        f"/full/{TODAY.isoformat()}/title-15.xml"
    )
    kept = tmp_path / "home" / "lists" / f"bis_meu_supp7_{TODAY.isoformat()}.json"
    (snap,) = read_list_file(kept)  # the offline path reads what the live path kept
    assert snap.list == "meu" and snap.source == "us-meu-list" and snap.snapshot == TODAY.isoformat()
    assert [e.name for e in snap.entries] == [e["name"] for e in meu["entities"]]
    assert [e.citation_text for e in snap.entries] == [e["federal_register"] + "." for e in meu["entities"]]
    again = run(tmp_path / "home", "us-meu-list", server)
    assert set(again.sources["us-meu-list"].outcomes.values()) == {"unchanged"}


def test_a_cut_off_entity_list_is_refused_and_nothing_is_kept(tmp_path: Path) -> None:
    # 13 entries where supplement no. 4 holds thousands: a partial answer, not the list
    xml = (RECORDED / "supp4_part744_2023-03-01.xml").read_bytes()
    report = run(tmp_path / "home", "us-entity-list", Server({"Supplement No. 4 to Part 744": xml}, {}))
    assert not report.ok
    assert "13 entries, outside the 2500-6000 the us-entity-list source expects" in report.errors[0]
    assert not report.warnings  # the entry bounds are the list's, not a count of catalogued documents
    assert not (tmp_path / "home" / "lists").exists()


def test_live_csl_keeps_the_bis_lists_and_refuses_a_truncated_download(tmp_path: Path) -> None:
    url = registry()["us-trade-csl"].spec.urls["data"]
    body = json.dumps(csl_bulk()).encode()
    home = tmp_path / "home"
    report = run(home, "us-trade-csl", Server({}, {url: body}))
    assert report.ok, report.errors
    kept = home / "lists" / f"trade_gov_csl_{TODAY.isoformat()}.json"
    snaps = read_list_file(kept)
    compact = bundled("trade_gov_csl_bis_2026-07-31.json.gz")
    got = {s.list: len(s.entries) for s in snaps}
    assert {s.snapshot for s in snaps} == {TODAY.isoformat()}
    # each list's rows of the file, a row printed twice (same name and address: here the address countries,
    # all the compact copy keeps of an address) counted once
    expected: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
    for e in compact["entries"]:
        tag = re.search(r"\((EL|MEU|UVL|DPL)\)", compact["tables"]["sources"][e["s"]])
        if tag and e["n"].strip():
            lst = {"EL": "entity_list"}.get(tag[1], tag[1].lower())
            expected.setdefault(lst, set()).add(
                (" ".join(e["n"].split()).casefold(), tuple(e.get("c") or []))
            )
    assert got == {k: len(v) for k, v in expected.items()}
    # a download cut half-way: refused, the kept version stays
    before = kept.read_bytes()
    report = run(home, "us-trade-csl", Server({}, {url: body[: len(body) // 2]}))
    assert not report.ok and "not whole JSON" in report.errors[0]
    assert kept.read_bytes() == before and [p.name for p in kept.parent.iterdir()] == [kept.name]


def test_live_1260h_rows(tmp_path: Path) -> None:
    url = registry()["us-1260h-list"].spec.urls["data"]
    raw = gzip.decompress((LISTS / "dow_1260h_2026-06.json.gz").read_bytes())
    report = run(tmp_path / "home", "us-1260h-list", Server({}, {url: raw}))
    assert report.ok, report.errors
    (snap,) = read_list_file(tmp_path / "home" / "lists" / f"dow_1260h_{TODAY.isoformat()}.json")
    assert snap.list == "1260h" and len(snap.entries) == json.loads(raw)["count"]
    assert all(c.date == "2026-06-10" for e in snap.entries for c in e.citations)
