"""The identity layer's decision rule: table cases and the labelled pairs (precision and recall)."""

from __future__ import annotations

import pytest

from graph.party_eval import evaluate_pairs
from graph.party_match import Party, compare, translit_key
from graph.party_resolve import pair_key, resolve


def p(pid: str, name: str, countries: tuple[str, ...] = ("CN",), **kw: object) -> Party:
    return Party(id=pid, list=str(kw.pop("list", "x")), name=name, countries=countries, **kw)  # type: ignore[arg-type]


BIT, BJUT = "Beijing Institute of Technology", "Beijing University of Technology"
CETC = "China Electronics Technology Group Corporation {} Research Institute"
SIRIUS = "Открытое Акционерное Общество «Концерн «Сириус»"
PISHRO = "Tehran Pishro Trading Co."
CASES = [
    (p("a", BIT), p("b", BJUT), False, "words without a twin"),
    (p("a", "Huawei Technologies Co., Ltd."), p("b", "HUAWEI TECHNOLOGIES CO LTD"), True, "same name key"),
    (p("a", CETC.format("13th")), p("b", CETC.format("14th")), False, "13th"),
    (p("a", "JSC Tekhnodinamika", ("RU",)), p("b", "Technodinamika, JSC", ("RU",)), True, "similar"),
    (p("a", "Win Key Limited", ("HK",)), p("b", "Win Key Limited", ("CN",)), True, "same name key"),
    (p("a", PISHRO, ("AE",)), p("b", PISHRO, ("IR",)), False, "countries differ"),
    (p("a", SIRIUS, ("RU",)), p("b", "Kontsern Sirius OAO", ("RU",)), True, "same name key"),
    (p("a", "Engineering", ("RU",)), p("b", "SCTB Engineering", ("RU",)), False, "words without a twin"),
    (
        p("a", "Skydio, Inc.", (), regime="CN"),
        p("b", "Skydio Inc.", (), regime="CN"),
        True,
        "country unknown",
    ),
    (p("a", "Exovera", ()), p("b", "Exovera", ("US",)), False, "country unknown"),
]


@pytest.mark.parametrize(
    ("a", "b", "match", "rule"), CASES, ids=[f"{c[0].name[:24]}~{c[1].name[:24]}" for c in CASES]
)
def test_decision_rule(a: Party, b: Party, match: bool, rule: str) -> None:
    c = compare(a, b)
    assert c.match is match and rule in c.rule
    assert c.features()["rule"] == c.rule


def test_transliteration_key() -> None:
    assert translit_key("Концерн Сириус") == "kontsern sirius"
    assert translit_key("成都雷电微力科技 股份有限公司") == "成都雷电微力科技股份有限公司"


def test_labelled_pairs_precision_and_recall() -> None:
    s = evaluate_pairs()
    assert s.pairs >= 100 and s.tp + s.fn >= 50 and s.tn + s.fp >= 40
    assert s.precision >= 0.98, s.errors
    assert s.recall >= 0.90, s.errors


def test_resolution_keeps_us_parties_apart_and_honours_judgements() -> None:
    us1 = Party("EL:a", "us", "Tactical Missile Corporation", countries=("RU",))
    us2 = Party("EL:b", "us", "Tactical Missiles Corporation JSC", countries=("RU",))
    eu = Party("eu#1", "eu_reg_833_annex_iv", "Tactical Missiles Corporation JSC", countries=("RU",))
    jp = Party("jp#1", "jp_fefta_export_ban_russia", "Tactical Missiles Corporation JSC", countries=("RU",))
    res = resolve([us1, us2, eu, jp], fixed=["EL:a", "EL:b"])
    assert res.entity_of["EL:a"] == "EL:a" and res.entity_of["EL:b"] == "EL:b"
    assert res.entity_of["eu#1"] == res.entity_of["jp#1"] == "EL:b"  # the exact name beats the fuzzy one
    res = resolve([us1, us2, eu, jp], fixed=["EL:a", "EL:b"], judgements={pair_key("eu#1", "EL:b"): False})
    assert res.entity_of["eu#1"] != "EL:b"
    rejected = [d for d in res.decisions if {d.left, d.right} == {"eu#1", "EL:b"}]
    assert rejected and rejected[0].decided == "reviewed" and not rejected[0].match
