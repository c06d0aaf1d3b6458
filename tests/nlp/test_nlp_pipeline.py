"""The spaCy pipelines: loaded from the checked-in configs, cached, components registered by factory,
spans with their extensions, serialization of the stateful component, the offline Chinese tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from exportwatch.errors import ExtractError
from exportwatch.vocab.tools import CONTROL_TOOLS, REGIME_JURISDICTION, REGIMES, RULE_NAMES, TERM_TABLES
from ingest.extract import PIPELINE_FILES, get_pipeline
from ingest.nlp.factories import SPANS_KEY, spans_to_hits

COMPONENTS = [
    "exportwatch_citations",
    "exportwatch_dates",
    "exportwatch_measures",
    "exportwatch_terms",
    "exportwatch_spans",
]
# The control-tool ids the issue fixes (and graph/curated uses).
TOOL_IDS = [
    "list_based",
    "entity_list",
    "affiliates_rule",
    "military_end_user",
    "unverified_list",
    "denied_persons",
    "end_use_catch_all",
    "us_persons",
    "fdpr",
    "de_minimis",
    "gp10",
    "is_informed",
    "country_groups",
    "country_specific",
    "presumption_of_denial",
    "license_exception",
]


def test_pipelines_come_from_the_checked_in_configs() -> None:
    for lang, path in PIPELINE_FILES.items():
        assert path.is_file()
        nlp = get_pipeline(lang)
        assert nlp.lang == lang
        assert nlp.pipe_names == COMPONENTS
        assert [nlp.get_pipe_meta(n).factory for n in nlp.pipe_names] == COMPONENTS
        analysis = nlp.analyze_pipes()
        assert analysis is not None
        assert all(not missing for missing in analysis["problems"].values())


def test_pipeline_load_is_cached() -> None:
    assert get_pipeline("en") is get_pipeline("en")
    assert get_pipeline("zh") is not get_pipeline("en")


def test_unknown_language_is_a_clear_error() -> None:
    with pytest.raises(ExtractError, match="no extraction pipeline for language 'fr'"):
        get_pipeline("fr")


def test_spans_carry_normalized_values() -> None:
    nlp = get_pipeline("en")
    doc = nlp("Under § 744.11(b), ECCN 3A090.a items to Country Group D:5 need a license.")
    spans = {(s.label_, s.text): s._.ew_normalized for s in doc.spans[SPANS_KEY]}
    assert spans[("CFR_CITATION", "§ 744.11(b)")] == "§ 744.11(b)"  # no EAR context on a bare doc
    assert spans[("ECCN", "3A090.a")] == "3A090.a"
    assert spans[("COUNTRY_GROUP", "Country Group D:5")] == "D:5"
    assert spans[("CONTROL_TOOL", "Country Group")] == "country_groups"


def test_labels_sharing_an_expanded_token_keep_their_own_values() -> None:
    # English tokenization keeps a run of CJK characters as one token, so these spans expand to the same
    # token: their extension values must still differ (spaCy keys extensions by offsets only).
    nlp = get_pipeline("en")
    doc = nlp("BIS将中国实体列入实体清单")
    spans = list(doc.spans[SPANS_KEY])
    assert {s.label_ for s in spans} == {"COUNTRY", "CONTROL_TOOL"}
    assert len({(s.start, s.end) for s in spans}) == 1
    assert {s.label_: s._.ew_normalized for s in spans} == {"COUNTRY": "CN", "CONTROL_TOOL": "entity_list"}
    assert {(h.label, doc.text[h.start : h.end]) for h in spans_to_hits(doc)} == {
        ("COUNTRY", "中国"),
        ("CONTROL_TOOL", "实体清单"),
    }


def test_chinese_pipeline_segments_characters_offline() -> None:
    nlp = get_pipeline("zh")
    doc = nlp("美国商务部于2025年5月13日将3A090.a列入")
    assert [t.text for t in doc][:3] == ["美", "国", "商"]
    labels = {(s.label_, s.text, s._.ew_normalized) for s in doc.spans[SPANS_KEY]}
    assert ("DATE", "2025年5月13日", "2025-05-13") in labels
    assert ("ECCN", "3A090.a", "3A090.a") in labels


def test_terms_component_round_trips_through_disk(tmp_path: Path) -> None:
    nlp = get_pipeline("en")
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "exportwatch_terms" / "terms.json").is_file()
    loaded = spacy.load(tmp_path / "pipeline")
    text = "Russia, the Entity List and the Wassenaar Arrangement"
    fresh, reloaded = nlp(text), loaded(text)
    expected = [(s.label_, s.text, s._.ew_normalized) for s in fresh.spans[SPANS_KEY]]
    assert [(s.label_, s.text, s._.ew_normalized) for s in reloaded.spans[SPANS_KEY]] == expected
    assert ("REGIME", "Wassenaar Arrangement", "wassenaar") in expected


def test_terms_component_rejects_unknown_labels() -> None:
    nlp = spacy.blank("en")
    with pytest.raises(ValueError, match="unknown labels \\['PERSON'\\]"):
        nlp.add_pipe("exportwatch_terms", config={"labels": ["COUNTRY", "PERSON"]})


def test_components_can_be_added_by_name_to_a_blank_pipeline() -> None:
    nlp: Language = spacy.blank("en")
    nlp.add_pipe("exportwatch_citations", config={"cfr": False, "fr": False})
    nlp.add_pipe("exportwatch_spans")
    doc = nlp("ECCN 4E091 and 15 CFR 744.23")
    assert [(s.label_, s.text) for s in doc.spans[SPANS_KEY]] == [("ECCN", "4E091")]


def test_vocabulary_ids_in_one_place() -> None:
    assert list(CONTROL_TOOLS) == TOOL_IDS
    assert set(TERM_TABLES["CONTROL_TOOL"]) == set(CONTROL_TOOLS)
    assert set(TERM_TABLES["RULE_NAME"]) == set(RULE_NAMES)
    assert set(TERM_TABLES["REGIME"]) == set(REGIMES) == set(REGIME_JURISDICTION)
    assert {"ai_diffusion", "advanced_computing_2022", "sme_2023", "affiliates_rule"} <= set(RULE_NAMES)
    assert {"wassenaar", "eu_2021_821", "fefta", "kr_fta"} <= set(REGIMES)


def test_graph_uses_the_same_tool_ids() -> None:
    from graph.curated_records import TOOL_IDS as GRAPH_TOOL_IDS

    assert set(GRAPH_TOOL_IDS) == set(CONTROL_TOOLS)
