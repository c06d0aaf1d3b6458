"""``exportwatch screen``, ``match review``, the allied queries' contracts and ``eval`` on the demo home."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from exportwatch.cli import app
from exportwatch.judgements import read_judgements

runner = CliRunner()
HIT = {"name", "list", "regime", "listed_name", "country", "score", "reason", "entity_id"}


@pytest.fixture
def demo_env(demo_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EXPORTWATCH_HOME", str(demo_home))
    monkeypatch.delenv("EXPORTWATCH_GRAPH_URL", raising=False)
    return demo_home


def test_screen_one_name_json(demo_env: Path) -> None:
    res = runner.invoke(app, ["screen", "Milandr", "--format", "json"])
    assert res.exit_code == 0, res.output
    hits = json.loads(res.output)
    assert hits and all(set(h) == HIT for h in hits)
    assert {h["regime"] for h in hits} >= {"US", "EU", "JP"}
    assert hits == sorted(hits, key=lambda h: -h["score"])
    res = runner.invoke(app, ["screen", "Milandr", "--lists", "EU", "--format", "json"])
    assert {h["list"] for h in json.loads(res.output)} == {"eu_reg_833_annex_iv"}


def test_screen_bulk_file(demo_env: Path, tmp_path: Path) -> None:
    names = tmp_path / "names.csv"
    names.write_text(
        'name,country\nAlmaz-Antey,RU\n,\n"Huawei Technologies Co., Ltd.",CN\nКрасное Сормово,\n'
    )
    out = tmp_path / "hits.json"
    res = runner.invoke(app, ["screen", "--file", str(names), "--format", "json", "--out", str(out)])
    assert res.exit_code == 0, res.output
    rows = json.loads(out.read_text())
    assert [r["name"] for r in rows] == [
        "Almaz-Antey",
        "",
        "Huawei Technologies Co., Ltd.",
        "Красное Сормово",
    ]
    assert rows[0]["hits"] and rows[1] == {"name": "", "country": None, "hits": [], "problem": "empty name"}
    assert rows[3]["hits"] and "transliteration" in rows[3]["hits"][0]["reason"]
    bad = tmp_path / "bad.csv"
    bad.write_text("firm,country\nX,CN\n")
    res = runner.invoke(app, ["screen", "--file", str(bad)])
    assert res.exit_code == 1 and "no 'name' column" in res.output


def test_allied_query_contracts(demo_env: Path) -> None:
    res = runner.invoke(app, ["query", "entity_lists", "--param", "name=milandr", "--format", "json"])
    rows = json.loads(res.output)
    columns = {"entity_id", "list", "regime", "listed_name", "country", "date", "source", "match_score"}
    assert rows and set(rows[0]) == columns
    for regime in ("JP", "EU"):
        res = runner.invoke(app, ["query", "entity_gaps", "--param", f"regime={regime}", "--format", "json"])
        rows = json.loads(res.output)
        assert len(rows) > 1000 and set(rows[0]) == {"entity_id", "name", "country", "us_lists", "regime"}
        assert all(r["regime"] == regime and "entity_list" in r["us_lists"] for r in rows)


def test_match_review_lists_and_records_judgements(
    demo_env: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EXPORTWATCH_HOME", str(demo_env))  # the `home` fixture pointed it elsewhere
    res = runner.invoke(app, ["match", "review", "--format", "json", "--limit", "5"])
    assert res.exit_code == 0, res.output
    pairs = json.loads(res.output)
    assert len(pairs) == 5 and all(p["decided"] == "automatic" for p in pairs)
    monkeypatch.setenv("EXPORTWATCH_HOME", str(home))  # judgements go to a home of their own
    left, right = pairs[0]["left"], pairs[0]["right"]
    res = runner.invoke(app, ["match", "review", "--reject", f"{left},{right}", "--note", "two plants"])
    assert res.exit_code == 0, res.output
    assert list(read_judgements(home).values()) == [False]
    doc = yaml.safe_load((home / "match" / "judgements.yaml").read_text())
    assert doc["judgements"][0]["note"] == "two plants"
    res = runner.invoke(app, ["match", "review", "--accept", "only-one-id"])
    assert res.exit_code == 1 and "is not LEFT,RIGHT" in res.output


def test_eval_reports_identity(demo_env: Path) -> None:
    res = runner.invoke(app, ["eval", "--format", "json"])
    assert res.exit_code == 0, res.output
    identity = json.loads(res.output)["identity"]
    assert identity["pairs"] >= 100 and identity["precision"] >= 0.98 and identity["recall"] >= 0.90
