"""Allied legal texts in the graph, on both stores: versions, dated changes linked to measures, show/diff.

The demo graph holds the bundled real excerpts of the Japanese goods ordinance in force 2022-12-06,
2023-07-23, 2024-02-01, 2024-09-08 and 2025-05-28, of the Export Trade Control Order before and after
2023-07-21, of the German AWV (§§ 8, 9, 11) as last amended 2017-12-20 and 2021-09-07 and the EU Annex I list
of 2022; the scratch stores get the same versions loaded alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import queries
from exportwatch.app import REFERENCE_DIR
from exportwatch.cli import app
from exportwatch.errors import QueryError
from graph.build import BuildReport, bundled_allied_texts
from graph.curated_yaml import load_curated
from graph.devserver import ArcadeServer
from graph.load_allied_text import load_allied_texts, match_measure
from graph.load_curated import load_curated_data
from graph.store import GraphStore
from ingest.text import TextVersion
from ingest.text.changes import detect_changes
from queries.texts import diff, show

ART6 = "JP:403M50000400049 art. 6"
CHANGE = "JP:403M50000400049@2023-07-23"
SEM = "JP:403M50000400049@2024-09-08"  # item 17-4, the scanning electron microscopes, added
MAY25 = "JP:403M50000400049@2025-05-28"  # item 17 subitems コ to シ added, items 17-2 to 17-4 renumbered
TABLE3 = "JP:324CO0000000378 appx. table 3"
KOREA = "JP:324CO0000000378@2023-07-21"
AWV = "DE:AWV@2021-09-07"
AWV_MEASURE = "text_change_de_awv_2021_09_07"


@pytest.fixture(params=["ladybug", "bolt"])
def cli_env(
    request: pytest.FixtureRequest,
    home: Path,
    monkeypatch: pytest.MonkeyPatch,
    demo_builds: dict[str, tuple[GraphStore, BuildReport]],
    demo_ladybug_path: Path,
    arcadedb: ArcadeServer,
) -> GraphStore:
    """The CLI pointed at the demo graph of one store."""
    if request.param == "ladybug":
        monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", f"ladybug:{demo_ladybug_path}")
    else:
        monkeypatch.setenv("EXPORTWATCH_GRAPH_URL", arcadedb.url("demo", credentials=False))
        monkeypatch.setenv("EXPORTWATCH_GRAPH_USER", arcadedb.user)
        monkeypatch.setenv("EXPORTWATCH_GRAPH_PASSWORD", arcadedb.password)
    return demo_builds[request.param][0]


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_allied_text_changes_gives_no_in_force_date_the_record_does_not_state(demo: GraphStore) -> None:
    """The AWV change is dated by the publication of the law's last amendment: the query shows that date as
    `date` with `dated_by`, and leaves `in_force` empty; an e-Gov change's date is its in-force date."""
    rows = {r["change"]: r for r in queries.run(demo, "allied_text_changes")}
    awv, sem = rows[AWV], rows[SEM]
    assert awv["in_force"] is None and str(awv["date"])[:10] == "2021-09-07"
    assert awv["dated_by"] == "last_amendment_published"
    assert (
        str(sem["in_force"])[:10] == str(sem["date"])[:10] == "2024-09-08"
        and sem["dated_by"] == "in_force_date"
    )
    assert list(rows) == sorted(rows, key=lambda c: (str(rows[c]["date"])[:10], c))  # in date order


def test_demo_graph_links_the_2023_change_to_the_curated_measure(demo: GraphStore) -> None:
    rows = demo.run(
        "MATCH (c:TextChange)-[e:CHANGE_OF]->(m:Measure) RETURN c.id AS id, c.instrument AS instrument, "
        "c.in_force AS in_force, c.items_added AS added, e.basis AS basis, m.id AS measure ORDER BY id"
    )
    assert [(r["id"], r["measure"], r["basis"]) for r in rows] == [
        (AWV, AWV_MEASURE, "proposed"),  # no curated German measure of that time: proposed, derived
        (KOREA, "jp_2023_07_korea_appended_table_3", "instrument_and_date"),
        (CHANGE, "jp_2023_07_sme_23_items", "instrument_and_date"),
        (SEM, "jp_2024_09_sme_additions", "instrument_and_date"),
        # the measure's instrument carries a note, "令和七年経済産業省令第三十四号 (goods and technologies
        # ordinance)": matched on the instrument before the note
        (MAY25, "jp_2025_01_sme_21_items", "instrument_and_date"),
    ]  # the version in force 2024-02-01 leaves items 17 to 17-3 as they were: no change, no link
    awv, korea, sme, sem, may25 = rows
    assert (
        may25["instrument"] == "令和七年経済産業省令第三十四号"
        and str(may25["in_force"])[:10] == "2025-05-28"
    )
    assert "art. 6 para. 1 item 17 (xxxix)" in may25["added"]  # ユ, the annealing equipment
    assert awv["instrument"] is None and list(awv["added"] or []) == []
    assert sem["instrument"] == "令和六年経済産業省令第四十四号" and str(sem["in_force"])[:10] == "2024-09-08"
    assert "art. 6 para. 1 item 17-4" in sem["added"]
    assert sme["instrument"] == "令和五年経済産業省令第二十五号"
    assert str(sme["in_force"])[:10] == "2023-07-23"
    assert len(sme["added"]) == 23
    assert korea["instrument"] == "令和五年政令第二百三十二号" and str(korea["in_force"])[:10] == "2023-07-21"
    assert list(korea["added"] or []) == []
    shown = demo.run(
        "MATCH (c:TextChange {id: $id})-[:SHOWN_BY]->(v:ProvisionVersion)<-[:HAS_VERSION]-(p:Provision) "
        "RETURN v.id AS version, v.instrument AS instrument, p.regime AS regime",
        {"id": CHANGE},
    )
    assert shown == [
        {"version": f"{ART6}@2023-07-23", "instrument": "令和五年経済産業省令第二十五号", "regime": "JP"}
    ]
    shown = demo.run(
        "MATCH (c:TextChange {id: $id})-[:SHOWN_BY]->(v:ProvisionVersion) RETURN v.id AS version",
        {"id": KOREA},
    )
    assert shown == [{"version": f"{TABLE3}@2023-07-21"}]
    # the curated FEFTA provision keeps its curated properties and gains its e-Gov version
    fefta = demo.run(
        "MATCH (p:Provision {id: 'JP:324AC0000000228 art. 48'})-[:HAS_VERSION]->(v:ProvisionVersion) "
        "RETURN p.heading AS heading, p.text_source AS text_source, v.valid_from AS day"
    )
    assert len(fefta) == 1 and fefta[0]["text_source"] and str(fefta[0]["day"])[:10] == "2025-06-01"
    korea = demo.run(
        "MATCH (p:Provision {id: 'KR:대외무역법 art. 19-3'})-[:HAS_VERSION]->(v:ProvisionVersion) "
        "RETURN p.text_source AS text_source, v.valid_from AS day"
    )
    assert len(korea) == 1 and korea[0]["text_source"] and str(korea[0]["day"])[:10] == "2025-10-01"


def test_diff_and_show_of_allied_references(demo: GraphStore) -> None:
    d = diff(demo, f"{ART6}", "2022-12-06", "2023-07-23")
    added = [c.designation for c in d.changes if c.change == "added"]
    assert "art. 6 para. 1 item 17 (xiv)" in added and "art. 6 para. 1 item 17 (xxxii)" in added
    assert not [c for c in d.changes if c.change == "removed"]
    narrow = diff(demo, f"{ART6} para. 1 item 17 (xiv)", "2022-12-06", "2023-07-23")
    assert {c.change for c in narrow.changes} == {"added"} and len(narrow.changes) == 6
    assert diff(demo, ART6, "2022-12-06", "2023-01-31").changes == ()  # one version in force: no change
    assert diff(demo, ART6, "2023-07-23", "2024-02-01").changes == ()  # two versions, the same items 17-17-3
    sem = diff(demo, f"{ART6} para. 1 item 17-4", "2024-02-01", "2024-09-08")
    assert {c.change for c in sem.changes} == {"added"} and len(sem.changes) == 8  # 17-4 and イ to ト
    assert show(demo, f"{ART6} para. 1 item 17-4", as_of="2024-09-08")["paragraphs"][0]["text"].startswith(
        "半導体素子又は集積回路の画像を取得するために設計した走査型電子顕微鏡"
    )
    with pytest.raises(QueryError, match="no paragraph"):
        show(demo, f"{ART6} para. 1 item 17-4", as_of="2024-09-07")
    anneal = diff(demo, f"{ART6} para. 1 item 17 (xxxix)", "2024-09-08", "2025-05-28")
    assert [(c.change, c.designation) for c in anneal.changes] == [
        ("added", "art. 6 para. 1 item 17 (xxxix)")
    ]
    assert show(demo, f"{ART6} para. 1 item 17-2 (i)", as_of="2025-05-28")["paragraphs"][0][
        "text"
    ].startswith(
        "半導体素子又は集積回路の画像を取得するために設計した走査型電子顕微鏡"
    )  # the SEM of item 17-4 (2024-09-08) is item 17-2 イ from 2025-05-28
    assert show(demo, f"{ART6} para. 1 item 17-4", as_of="2025-05-28")["paragraphs"][0]["text"].startswith(
        "マスクの製造に用いられる基材"
    )
    before = show(demo, f"{ART6} para. 1 item 17-2", as_of="2023-01-01")
    after = show(demo, "JP:403M50000400049 Art 6 para. 1 item 17-2", as_of="2023-07-23")
    assert before["paragraphs"][0]["text"].startswith("マスクの製造に用いられる基材")
    assert after["paragraphs"][0]["text"].startswith("ペリクル")
    kr = show(demo, "KR:대외무역법 art. 19-6 para. 1 item 2")
    assert kr["version_date"] == "2025-10-01" and kr["paragraphs"][0]["text"].startswith(
        "해당 전략물자등의 거래가"
    )
    eu = show(demo, "EU:2021/821 annex I 3B001")
    assert eu["heading"].startswith("Equipment for the manufacturing of semiconductor")
    with pytest.raises(QueryError, match="first known version is of 2022-12-06"):
        show(demo, ART6, as_of="2020-01-01")
    with pytest.raises(QueryError, match="no paragraph"):
        show(demo, f"{ART6} para. 1 item 99")
    korea = diff(demo, TABLE3, "2023-04-10", "2023-07-21")
    assert [(c.change, c.designation) for c in korea.changes] == [("changed", "appx. table 3")]
    assert "{+大韓民国、+}" in korea.changes[0].inline()
    table = show(demo, "JP:324CO0000000378 appx table 3", as_of="2023-07-20")
    assert table["version_date"] == "2023-04-10" and "大韓民国" not in table["paragraphs"][0]["text"]


def test_digest_allied_lists_the_text_change_of_the_period(demo: GraphStore) -> None:
    rows = queries.run(demo, "digest_allied", **{"from": "2023-07-17", "to": "2023-07-23"})
    jp = [r for r in rows if r["measure"] == "jp_2023_07_sme_23_items"]
    assert len(jp) == 1 and jp[0]["text_changes"] == [CHANGE]
    assert "23 added" in jp[0]["text_change_summaries"][0]
    earlier = queries.run(demo, "digest_allied", **{"from": "2023-07-01", "to": "2023-07-16"})
    assert all(r["text_changes"] == [] for r in earlier)
    rows = queries.run(demo, "digest_allied", **{"from": "2024-09-02", "to": "2024-09-08"})
    (sept,) = [r for r in rows if r["measure"] == "jp_2024_09_sme_additions"]
    assert sept["text_changes"] == [SEM]
    assert "7 added, 2 removed, 13 changed, 3 moved" in sept["text_change_summaries"][0]
    rows = queries.run(demo, "digest_allied", **{"from": "2024-01-29", "to": "2024-02-04"})
    assert all(r["text_changes"] == [] for r in rows)  # 2024-02-01: a version, but no change of items 17-17-3
    rows = queries.run(demo, "digest_allied", **{"from": "2025-05-26", "to": "2025-06-01"})
    (may,) = [r for r in rows if r["measure"] == "jp_2025_01_sme_21_items"]
    assert may["text_changes"] == [MAY25]
    assert "12 added, 2 removed, 18 changed, 11 moved" in may["text_change_summaries"][0]


def test_cli_diff_of_the_goods_ordinance(cli_env: GraphStore) -> None:
    r = invoke("diff", ART6, "--from", "2022-12-06", "--to", "2023-07-23", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["from_version"] == f"{ART6}@2022-12-06" and data["to_version"] == f"{ART6}@2023-07-23"
    assert sum(1 for c in data["changes"] if c["change"] == "added") == 54
    r = invoke("show", "EU:2021/821 annex I 3B001", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["version_date"] == "2022-10-24"
    r = invoke("show", "JP:403M50000400049")
    assert r.exit_code == 1 and "not a reference" in r.output


def _versions() -> list[TextVersion]:
    return bundled_allied_texts(REFERENCE_DIR)


def test_change_without_a_curated_measure_proposes_one(scratch: GraphStore) -> None:
    counts = load_allied_texts(scratch, _versions())  # no curated data in this store
    # 9 versions of JP articles and FEFTA (art. 6 of the ordinance five times: 2022-12-06, 2023-07-23,
    # 2024-02-01, 2024-09-08 and 2025-05-28), 6 of the order (art. 4 and tables 3-2, 3-3, 4 once, table 3
    # twice), 16 KR articles and 5 of the AWV (§§ 9 and 11 twice; § 8 once: its 2021 text is the 2017 one);
    # 5 changes: the ordinance's of 2023-07-23, 2024-09-08 and 2025-05-28 (2024-02-01 changes none of the
    # items it holds), the order's of 2023-07-21 and the AWV's
    assert counts == {"versions": 36, "changes": 5, "proposed_measures": 5}
    rows = scratch.run(
        "MATCH (c:TextChange)-[e:CHANGE_OF]->(m:Measure)-[:ENACTED_BY]->(r:Regime) RETURN m.id AS id, "
        "m.confidence AS confidence, m.effective AS effective, e.basis AS basis, r.id AS regime ORDER BY id"
    )
    assert [(r["regime"], str(r["effective"])[:10] if r["effective"] else None) for r in rows] == [
        ("DE", None), ("JP", "2023-07-21"), ("JP", "2023-07-23"), ("JP", "2024-09-08"), ("JP", "2025-05-28"),
    ]  # fmt: skip
    for row in rows:
        assert row["confidence"] == "derived" and row["basis"] == "proposed"
    again = load_allied_texts(scratch, _versions())  # idempotent: nothing doubles
    assert again == counts
    assert scratch.run("MATCH (c:TextChange) RETURN count(*) AS n") == [{"n": 5}]


def test_awv_change_is_not_ascribed_to_an_instrument_or_dated_as_in_force(scratch: GraphStore) -> None:
    """The AWV versions are dated by the publication of their last amendment; several amendments lie
    between them: the change names no instrument and its proposed measure carries no date."""
    load_allied_texts(scratch, _versions())
    (c,) = scratch.run(
        "MATCH (c:TextChange {id: $id})-[e:CHANGE_OF]->(m:Measure) RETURN c.instrument AS instrument, "
        "c.dated_by AS dated_by, c.previous AS previous, c.provisions AS provisions, c.summary AS summary, "
        "m.id AS measure, m.name AS name, m.effective AS effective, m.first_date AS first_date, "
        "m.note AS note",
        {"id": AWV},
    )
    assert c["instrument"] is None and c["dated_by"] == "last_amendment_published"
    assert str(c["previous"])[:10] == "2017-12-20" and sorted(c["provisions"]) == [
        "DE:AWV § 11",
        "DE:AWV § 9",
    ]
    assert "not in the record" in c["summary"] and "in force 2021" not in c["summary"]
    assert c["measure"] == AWV_MEASURE and c["effective"] is None and c["first_date"] is None
    assert c["name"] == "Außenwirtschaftsverordnung: amended (detected text change)"
    assert "published after 2017-12-20 and no later than 2021-09-07" in c["note"]
    shown = scratch.run(
        "MATCH (:TextChange {id: $id})-[:SHOWN_BY]->(v:ProvisionVersion) RETURN v.id AS id, "
        "v.instrument AS instrument, v.dated_by AS dated_by ORDER BY id",
        {"id": AWV},
    )
    assert [r["id"] for r in shown] == ["DE:AWV § 11@2021-09-07", "DE:AWV § 9@2021-09-07"]
    assert all(r["instrument"] is None and r["dated_by"] == "last_amendment_published" for r in shown)
    d = diff(scratch, "DE:AWV § 9", "2017-12-20", "2021-09-07")
    assert [c.designation for c in d.changes] == [
        "§ 9 para. 1", "§ 9 para. 1 item 1", "§ 9 para. 1 closing words", "§ 9 para. 2", "§ 9 para. 3 item 1",
    ]  # fmt: skip
    item = show(scratch, "DE:AWV §9 para. 3 item 1", as_of="2020-01-01")
    assert item["version_date"] == "2017-12-20"
    assert (
        item["paragraphs"][0]["text"]
        == "im Regelungsbereich des Artikels 4 der Verordnung (EG) Nr. 428/2009,"
    )
    assert show(scratch, "DE:AWV § 8")["version_date"] == "2017-12-20"  # unchanged in 2021: one version


def test_change_joins_the_curated_measure_when_loaded_after_curated_data(scratch: GraphStore) -> None:
    load_curated_data(scratch, load_curated())
    load_allied_texts(scratch, _versions())
    rows = scratch.run(
        "MATCH (:TextChange)-[e:CHANGE_OF]->(m:Measure) RETURN m.id AS id, e.basis AS basis ORDER BY id"
    )
    assert rows == [
        {"id": "jp_2023_07_korea_appended_table_3", "basis": "instrument_and_date"},
        {"id": "jp_2023_07_sme_23_items", "basis": "instrument_and_date"},
        {"id": "jp_2024_09_sme_additions", "basis": "instrument_and_date"},
        {"id": "jp_2025_01_sme_21_items", "basis": "instrument_and_date"},
        {"id": AWV_MEASURE, "basis": "proposed"},  # the curated German measure (2024) is not matched
    ]


def test_measure_matching_rules() -> None:
    (event,) = [e for e in detect_changes(_versions()) if e.id == CHANGE]
    jp = {"regime": "JP", "effective": "2023-07-23"}
    r5_25 = "令和五年経済産業省令第二十五号"
    found = match_measure(event, [{**jp, "id": "a", "instrument": f"{r5_25} (ordinance)"}])
    assert found == ("a", "instrument_and_date", "official")
    later = {**jp, "id": "b", "instrument": f"x; {r5_25}", "effective": "2023-08-01"}
    assert match_measure(event, [later]) == ("b", "instrument", "official")
    other = {**jp, "id": "c", "instrument": "令和五年経済産業省令第百二十五号"}
    assert match_measure(event, [other]) == ("c", "in_force_date", "derived")
    assert match_measure(event, [{**jp, "id": "d", "regime": "NL", "instrument": None}]) is None
    (awv,) = [e for e in detect_changes(_versions()) if e.law == "AWV"]
    on_day = {"regime": "DE", "id": "e", "instrument": None, "effective": "2021-09-07"}
    assert match_measure(awv, [on_day]) is None  # its date is no in-force date: never matched by date
    (may25,) = [e for e in detect_changes(_versions()) if e.id == MAY25]
    curated = {  # as in graph/curated/measures.yaml: the instrument, then a note in parentheses
        "regime": "JP",
        "id": "f",
        "effective": "2025-05-28",
        "instrument": "令和七年経済産業省令第三十四号 (goods and technologies ordinance)",
    }
    order = {**curated, "id": "g", "instrument": "令和七年政令第百二号"}  # the order's amendment, same day
    assert match_measure(may25, [order, curated]) == ("f", "instrument_and_date", "official")
