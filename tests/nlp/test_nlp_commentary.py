"""Commentary in Chinese (and one in English): items, dates with roles, thresholds, country groups,
tools, rules and regimes named in either language. The fixtures were written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract import extract_text
from ingest.models import Extraction

COMMENTARY = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "commentary"


def _extract(name: str) -> Extraction:
    lines = (COMMENTARY / name).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and "tests" in lines[0]  # says it was written for the tests
    return extract_text("\n".join(line for line in lines if not line.startswith("#")).strip(), name=name)


def _mentions(x: Extraction) -> set[tuple[str, str, str | None]]:
    return {(m.label, m.text, m.normalized) for m in x.mentions}


EXPECTED = {
    "zh_ai_diffusion.txt": (
        "zh",
        {
            ("RULE_NAME", "人工智能扩散框架", "ai_diffusion"),
            ("RULE_NAME", "AI扩散规则", "ai_diffusion"),
            ("ECCN", "4E091", "4E091"),
            ("ECCN", "3A090.a", "3A090.a"),
            ("THRESHOLD", "超过10^26次运算", "operations>1e26"),
            ("THRESHOLD", "总处理性能（TPP）达到4800或以上", "tpp>=4800"),
            ("THRESHOLD", "性能密度≥5.92", "performance_density>=5.92"),
            ("COUNTRY_GROUP", "D:5", "D:5"),
            ("COUNTRY", "中国", "CN"),
            ("COUNTRY", "澳门", "MO"),
            ("CONTROL_TOOL", "推定拒绝", "presumption_of_denial"),
            ("CONTROL_TOOL", "外国直接产品规则", "fdpr"),
            ("CONTROL_TOOL", "最低成分比例", "de_minimis"),
        },
        [
            ("2025-01-15", "publication"),
            ("2025-01-13", "effective"),
            ("2025-05-15", "compliance"),
            ("2025-05-15", "comments_due"),
        ],
    ),
    "zh_allied_controls.txt": (
        "zh",
        {
            ("COUNTRY", "荷兰", "NL"),
            ("COUNTRY", "日本", "JP"),
            ("COUNTRY", "韩国", "KR"),
            ("REGIME", "外汇和外贸法", "fefta"),
            ("REGIME", "瓦森纳协定", "wassenaar"),
            ("REGIME", "韩国《对外贸易法》", "kr_fta"),
            ("REGIME", "两用物项出口管制条例", "eu_2021_821"),
            ("CONTROL_TOOL", "实体清单", "entity_list"),
            ("CONTROL_TOOL", "美国人规则", "us_persons"),
            ("CONTROL_TOOL", "一般禁令十", "gp10"),
        },
        [("2023-06-30", "publication"), ("2023-09-01", "effective"), ("2023-07-23", "effective")],
    ),
    "zh_entity_list.txt": (
        "zh",
        {
            ("FR_CITATION", "89 FR 96830", "89 FR 96830"),
            ("CFR_CITATION", "第744.11条", "15 CFR 744.11"),
            ("CFR_CITATION", "第744部分补充文件第4号", "15 CFR part 744 supp. 4"),
            ("CFR_CITATION", "第744.6条", "15 CFR 744.6"),
            ("THRESHOLD", "持股50%以上", "ownership>=50%"),
            ("CONTROL_TOOL", "关联方规则", "affiliates_rule"),
            ("RULE_NAME", "关联方规则", "affiliates_rule"),
            ("CONTROL_TOOL", "美国人规则", "us_persons"),
            ("CONTROL_TOOL", "推定拒绝", "presumption_of_denial"),
        },
        [("2024-12-02", "announced"), ("2024-12-05", "publication"), ("2025-09-29", "effective")],
    ),
    "en_hbm_controls.txt": (
        "en",
        {
            ("ECCN", "3A090.c", "3A090.c"),
            ("FR_CITATION", "89 FR 96790", "89 FR 96790"),
            (
                "THRESHOLD",
                "memory bandwidth density greater than 2 GB/s per square millimeter",
                "bandwidth>2GB/s/mm2",
            ),
            ("THRESHOLD", "TPP of 4800 or more", "tpp>=4800"),
            ("CONTROL_TOOL", "foreign direct product rules", "fdpr"),
            ("COUNTRY", "Macau", "MO"),
            ("COUNTRY_GROUP", "Country Group D:5", "D:5"),
            ("CFR_CITATION", "15 CFR 744.23", "15 CFR 744.23"),
        },
        [
            ("2024-12-02", "announced"),
            ("2024-12-05", "publication"),
            ("2024-12-31", "compliance"),
            ("2025-01-31", "comments_due"),
        ],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_commentary(name: str) -> None:
    lang, mentions, dates = EXPECTED[name]
    x = _extract(name)
    assert x.document.lang == lang
    assert mentions <= _mentions(x), mentions - _mentions(x)
    assert [(d.date, d.role) for d in x.dates] == dates
    assert not x.warnings
    assert all(x.document.document_number == m.doc_id for m in x.mentions)


def test_a_country_inside_a_law_name_is_not_a_country_mention() -> None:
    x = _extract("zh_allied_controls.txt")
    korea = [m for m in x.mentions if m.label == "COUNTRY" and m.normalized == "KR"]
    assert len(korea) == 1  # "韩国目前依据韩国《对外贸易法》": the second 韩国 is part of the law's name
    assert not any(m.label == "COUNTRY" and m.normalized == "US" for m in x.mentions)
